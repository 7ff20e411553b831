// SPDX-License-Identifier: GPL-2.0
/*
 * xdpt_send - send a known number of ICMP echo requests, UDP datagrams,
 * TCP SYNs or SCTP INITs and count the answers, for the XDP selftests
 * (this machine has neither ping nor nc).
 *
 *	xdpt_send icmp|udp|tcp|sctp DST [-s SRC] [-c COUNT] [-p PORT]
 *		  [-P SPORT] [-l LEN] [-i INTERVAL_MS] [-w WAIT_MS]
 *		  [-d SECONDS]
 *
 * icmp: echo requests over a raw socket; a reply is an echo reply with
 *	 our identifier.
 * udp:	 datagrams of LEN payload bytes to PORT (default 9); a reply is
 *	 the ICMP error a datagram to a closed port earns ("port
 *	 unreachable"), read from the socket's error queue (IP_RECVERR).
 *	 The peer rate-limits those unless its icmp_ratelimit is 0.
 * tcp:	 one non-blocking connect() per count to PORT (default 9, closed):
 *	 the peer answers the single SYN with a RST ("connection refused"),
 *	 which counts as a reply; a SYN dropped on the way gets no answer
 *	 within WAIT_MS and the socket is closed before any retransmission.
 * sctp: an SCTP packet with an INIT chunk from SPORT to PORT, over a raw
 *	 socket; a reply is an ICMP error, as for udp (a peer without SCTP
 *	 says "protocol unreachable"; one with SCTP answers in SCTP, which
 *	 is not counted).
 * -P SPORT sends from that source port (udp, tcp, sctp; default: any,
 * 40000 for sctp). -d SECONDS sends every INTERVAL_MS for that long
 * instead of COUNT.
 *
 * Prints "sent N replies M" on stdout; exits 0 unless something failed
 * locally (bad arguments, socket errors).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/icmp6.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct args {
	const char *mode;
	struct sockaddr_storage dst, src;
	socklen_t alen;
	int family;
	int has_src;
	long count, port, sport, len, interval_ms, wait_ms, duration_s;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int parse_addr(const char *s, struct sockaddr_storage *ss, int *family)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		*family = AF_INET6;
		return 0;
	}
	fprintf(stderr, "xdpt_send: '%s' is not an IPv4 or IPv6 address.\n", s);
	return -1;
}

static void set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
}

/*
 * A socket bound to -s and -P, if given. SO_REUSEADDR: each tcp count
 * binds the same port again, just after the last socket of it closed.
 */
static int make_socket(const struct args *a, int type, int proto)
{
	struct sockaddr_storage src = a->src;
	int fd = socket(a->family, type, proto), one = 1;

	if (fd < 0) {
		perror("xdpt_send: socket");
		return -1;
	}
	src.ss_family = a->family;
	if (type != SOCK_RAW)
		set_port(&src, a->sport);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((a->has_src || (a->sport && type != SOCK_RAW)) &&
	    bind(fd, (const struct sockaddr *)&src, a->alen)) {
		perror("xdpt_send: bind to source address");
		close(fd);
		return -1;
	}
	return fd;
}

/* ICMP errors about what @fd sends go to its error queue, one each. */
static int set_recverr(const struct args *a, int fd)
{
	int one = 1, err;

	if (a->family == AF_INET6)
		err = setsockopt(fd, SOL_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		err = setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	if (err)
		perror("xdpt_send: IP_RECVERR");
	return err;
}

/* Count the ICMP errors queued on @fd until @deadline. */
static long drain_errors(int fd, long long deadline)
{
	struct pollfd pfd = { .fd = fd };	/* POLLERR: the queue */
	char buf[512], cbuf[512];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m;
	long long left;
	long got = 0;

	for (;;) {
		memset(&m, 0, sizeof(m));
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) >= 0) {
			got++;
			continue;
		}
		left = deadline - now_ms();
		if (left <= 0 || poll(&pfd, 1, left) <= 0)
			return got;
	}
}

/*
 * sendto(), once more if it failed: an ICMP error that came back for an
 * earlier datagram fails the next send once (sk_err), and sent nothing.
 */
static int send_once(const struct args *a, int fd, const void *buf,
		     size_t len)
{
	int i;

	for (i = 0; i < 2; i++)
		if (sendto(fd, buf, len, 0, (const struct sockaddr *)&a->dst,
			   a->alen) >= 0)
			return 0;
	perror("xdpt_send: sendto");
	return -1;
}

static unsigned short csum(const void *buf, size_t len)
{
	const unsigned short *p = buf;
	unsigned long sum = 0;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const unsigned char *)p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* Is @buf (as a raw socket returned it) an echo reply with @id? */
static int is_echo_reply(const struct args *a, unsigned char *buf, ssize_t n,
			 unsigned short id)
{
	struct icmp6_hdr *i6;
	struct icmphdr *ih;
	struct iphdr *iph;

	if (a->family == AF_INET6) {
		i6 = (struct icmp6_hdr *)buf;
		return n >= (ssize_t)sizeof(*i6) &&
		       i6->icmp6_type == ICMP6_ECHO_REPLY &&
		       i6->icmp6_id == htons(id);
	}
	iph = (struct iphdr *)buf;
	if (n < (ssize_t)sizeof(*iph) || n < iph->ihl * 4 + 8)
		return 0;
	ih = (struct icmphdr *)(buf + iph->ihl * 4);
	return ih->type == ICMP_ECHOREPLY && ih->un.echo.id == htons(id);
}

/* Collect echo replies until @deadline; returns how many. */
static long drain_replies(const struct args *a, int fd, unsigned short id,
			  long long deadline)
{
	unsigned char buf[2048];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long got = 0;
	ssize_t n;
	long long left;

	while ((left = deadline - now_ms()) > 0) {
		if (poll(&pfd, 1, left) <= 0)
			break;
		while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0)
			got += is_echo_reply(a, buf, n, id);
	}
	return got;
}

static int send_echo(const struct args *a, int fd, unsigned short id,
		     unsigned short seq)
{
	unsigned char pkt[1500];
	size_t len = 8 + a->len;
	struct icmphdr *ih = (struct icmphdr *)pkt;
	struct icmp6_hdr *i6 = (struct icmp6_hdr *)pkt;

	memset(pkt, 0xa5, len);
	if (a->family == AF_INET6) {
		i6->icmp6_type = ICMP6_ECHO_REQUEST;
		i6->icmp6_code = 0;
		i6->icmp6_cksum = 0;	/* the kernel fills it in */
		i6->icmp6_id = htons(id);
		i6->icmp6_seq = htons(seq);
	} else {
		ih->type = ICMP_ECHO;
		ih->code = 0;
		ih->checksum = 0;
		ih->un.echo.id = htons(id);
		ih->un.echo.sequence = htons(seq);
		ih->checksum = csum(pkt, len);
	}
	if (sendto(fd, pkt, len, 0, (const struct sockaddr *)&a->dst,
		   a->alen) < 0) {
		perror("xdpt_send: sendto");
		return -1;
	}
	return 0;
}

static int more(const struct args *a, long sent, long long end)
{
	if (a->duration_s)
		return now_ms() < end;
	return sent < a->count;
}

static int run_icmp(const struct args *a, long *sent, long *replies)
{
	int proto = a->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	unsigned short id = getpid() & 0xffff;
	long long end = now_ms() + a->duration_s * 1000;
	int fd;

	fd = make_socket(a, SOCK_RAW, proto);
	if (fd < 0)
		return -1;
	while (more(a, *sent, end)) {
		if (send_echo(a, fd, id, *sent + 1))
			break;
		++*sent;
		*replies += drain_replies(a, fd, id,
					  now_ms() + a->interval_ms);
	}
	*replies += drain_replies(a, fd, id, now_ms() + a->wait_ms);
	close(fd);
	return 0;
}

/* Send @len bytes of @buf on @fd as often as -c or -d say. */
static void send_all(const struct args *a, int fd, const void *buf,
		     size_t len, long *sent)
{
	long long end = now_ms() + a->duration_s * 1000;

	while (more(a, *sent, end)) {
		if (send_once(a, fd, buf, len))
			break;
		++*sent;
		if (a->interval_ms)
			usleep(a->interval_ms * 1000);
	}
}

static int run_udp(const struct args *a, long *sent, long *replies)
{
	char buf[1500];
	int fd;

	fd = make_socket(a, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	if (set_recverr(a, fd)) {
		close(fd);
		return -1;
	}
	memset(buf, 'u', sizeof(buf));
	send_all(a, fd, buf, a->len, sent);
	*replies = drain_errors(fd, now_ms() + a->wait_ms);
	close(fd);
	return 0;
}

/* CRC32c (Castagnoli), reflected, as SCTP checksums its packets. */
static uint32_t crc32c(const unsigned char *p, size_t len)
{
	uint32_t crc = ~0U;
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
	}
	return ~crc;
}

/* An SCTP common header and an INIT chunk (RFC 9260 3.1, 3.3.2). */
static size_t sctp_init(const struct args *a, unsigned char *pkt)
{
	uint16_t ports[2] = { htons(a->sport ? a->sport : 40000),
			      htons(a->port) };
	/* type 1, length 20; tag, window, 1 stream each way, first TSN */
	uint32_t crc, init[5] = { htonl(0x01000014), htonl(0x5c7b5c7b),
				  htonl(65536), htonl(0x00010001), htonl(1) };

	memset(pkt, 0, 32);
	memcpy(pkt, ports, sizeof(ports));	/* verification tag 0 */
	memcpy(pkt + 12, init, sizeof(init));
	crc = crc32c(pkt, 32);
	memcpy(pkt + 8, &crc, sizeof(crc));	/* little endian, as sent */
	return 32;
}

static int run_sctp(const struct args *a, long *sent, long *replies)
{
	unsigned char pkt[32];
	int fd;

	fd = make_socket(a, SOCK_RAW, IPPROTO_SCTP);
	if (fd < 0)
		return -1;
	if (set_recverr(a, fd)) {
		close(fd);
		return -1;
	}
	send_all(a, fd, pkt, sctp_init(a, pkt), sent);
	*replies = drain_errors(fd, now_ms() + a->wait_ms);
	close(fd);
	return 0;
}

/* One SYN; 1 if the peer answered (refused or accepted), else 0. */
static int tcp_once(const struct args *a)
{
	struct pollfd pfd = { .events = POLLOUT };
	socklen_t elen = sizeof(int);
	int fd, err = 0, answered = 0;

	fd = make_socket(a, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFL, O_NONBLOCK);
	if (connect(fd, (const struct sockaddr *)&a->dst, a->alen) == 0) {
		answered = 1;
	} else if (errno == EINPROGRESS) {
		pfd.fd = fd;
		if (poll(&pfd, 1, a->wait_ms) > 0) {
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
			answered = err == 0 || err == ECONNREFUSED;
		}
	} else {
		answered = errno == ECONNREFUSED;
	}
	close(fd);
	return answered;
}

static int run_tcp(const struct args *a, long *sent, long *replies)
{
	long long end = now_ms() + a->duration_s * 1000;
	int r;

	while (more(a, *sent, end)) {
		r = tcp_once(a);
		if (r < 0)
			return -1;
		++*sent;
		*replies += r;
		if (a->interval_ms)
			usleep(a->interval_ms * 1000);
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	int opt, fam;

	a->count = 1;
	a->port = 9;
	a->len = 32;
	a->interval_ms = 10;
	a->wait_ms = 500;
	while ((opt = getopt(argc, argv, "s:c:p:P:l:i:w:d:")) != -1) {
		switch (opt) {
		case 's':
			if (parse_addr(optarg, &a->src, &fam))
				return -1;
			a->has_src = 1;
			break;
		case 'c':
			a->count = atol(optarg);
			break;
		case 'p':
			a->port = atol(optarg);
			break;
		case 'P':
			a->sport = atol(optarg);
			break;
		case 'l':
			a->len = atol(optarg);
			break;
		case 'i':
			a->interval_ms = atol(optarg);
			break;
		case 'w':
			a->wait_ms = atol(optarg);
			break;
		case 'd':
			a->duration_s = atol(optarg);
			break;
		default: return -1;
		}
	}
	if (argc - optind != 2 || a->len < 0 || a->len > 1400 ||
	    a->port < 0 || a->port > 65535 || a->sport < 0 ||
	    a->sport > 65535)
		return -1;
	a->mode = argv[optind];
	if (parse_addr(argv[optind + 1], &a->dst, &a->family))
		return -1;
	if (a->has_src && a->src.ss_family != a->family) {
		fprintf(stderr, "xdpt_send: source and destination families differ.\n");
		return -1;
	}
	a->alen = a->family == AF_INET ? sizeof(struct sockaddr_in) :
					 sizeof(struct sockaddr_in6);
	return 0;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	long sent = 0, replies = 0;
	int err;

	if (parse_args(argc, argv, &a)) {
		fprintf(stderr, "usage: xdpt_send icmp|udp|tcp|sctp DST [-s SRC] [-c COUNT]"
			" [-p PORT] [-P SPORT] [-l LEN] [-i MS] [-w MS] [-d SECONDS]\n");
		return 2;
	}
	if (!strcmp(a.mode, "icmp")) {
		err = run_icmp(&a, &sent, &replies);
	} else if (!strcmp(a.mode, "udp")) {
		set_port(&a.dst, a.port);
		err = run_udp(&a, &sent, &replies);
	} else if (!strcmp(a.mode, "tcp")) {
		set_port(&a.dst, a.port);
		err = run_tcp(&a, &sent, &replies);
	} else if (!strcmp(a.mode, "sctp")) {
		err = run_sctp(&a, &sent, &replies);
	} else {
		fprintf(stderr, "xdpt_send: unknown mode '%s'.\n", a.mode);
		return 2;
	}
	printf("sent %ld replies %ld\n", sent, replies);
	return err ? 1 : 0;
}
