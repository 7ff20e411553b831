// SPDX-License-Identifier: GPL-2.0
/*
 * xdpt_send - send a known number of ICMP echo requests, UDP datagrams
 * or TCP SYNs and count the answers, for the XDP selftests (this
 * machine has neither ping nor nc).
 *
 *	xdpt_send icmp|udp|tcp DST [-s SRC] [-c COUNT] [-p PORT] [-l LEN]
 *		  [-i INTERVAL_MS] [-w WAIT_MS] [-d SECONDS]
 *
 * icmp: echo requests over a raw socket; a reply is an echo reply with
 *	 our identifier.
 * udp:	 datagrams of LEN payload bytes to PORT (default 9); no replies
 *	 are counted.
 * tcp:	 one non-blocking connect() per count to PORT (default 9, closed):
 *	 the peer answers the single SYN with a RST ("connection refused"),
 *	 which counts as a reply; a SYN dropped on the way gets no answer
 *	 within WAIT_MS and the socket is closed before any retransmission.
 * -d SECONDS sends every INTERVAL_MS for that long instead of COUNT.
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
	long count, port, len, interval_ms, wait_ms, duration_s;
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

static int make_socket(const struct args *a, int type, int proto)
{
	int fd = socket(a->family, type, proto);

	if (fd < 0) {
		perror("xdpt_send: socket");
		return -1;
	}
	if (a->has_src && bind(fd, (const struct sockaddr *)&a->src, a->alen)) {
		perror("xdpt_send: bind to source address");
		close(fd);
		return -1;
	}
	return fd;
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

static int run_udp(const struct args *a, long *sent)
{
	long long end = now_ms() + a->duration_s * 1000;
	char buf[1500];
	int fd;

	fd = make_socket(a, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	memset(buf, 'u', sizeof(buf));
	while (more(a, *sent, end)) {
		if (sendto(fd, buf, a->len, 0, (const struct sockaddr *)&a->dst,
			   a->alen) < 0) {
			perror("xdpt_send: sendto");
			break;
		}
		++*sent;
		if (a->interval_ms)
			usleep(a->interval_ms * 1000);
	}
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
	while ((opt = getopt(argc, argv, "s:c:p:l:i:w:d:")) != -1) {
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
	if (argc - optind != 2 || a->len < 0 || a->len > 1400)
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
		fprintf(stderr, "usage: xdpt_send icmp|udp|tcp DST [-s SRC] [-c COUNT]"
			" [-p PORT] [-l LEN] [-i MS] [-w MS] [-d SECONDS]\n");
		return 2;
	}
	if (!strcmp(a.mode, "icmp")) {
		err = run_icmp(&a, &sent, &replies);
	} else if (!strcmp(a.mode, "udp")) {
		set_port(&a.dst, a.port);
		err = run_udp(&a, &sent);
	} else if (!strcmp(a.mode, "tcp")) {
		set_port(&a.dst, a.port);
		err = run_tcp(&a, &sent, &replies);
	} else {
		fprintf(stderr, "xdpt_send: unknown mode '%s'.\n", a.mode);
		return 2;
	}
	printf("sent %ld replies %ld\n", sent, replies);
	return err ? 1 : 0;
}
