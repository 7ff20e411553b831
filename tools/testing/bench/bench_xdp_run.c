// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_xdp_run - nanoseconds per packet of an XDP program, measured by
 * the kernel with BPF_PROG_TEST_RUN over many repetitions of one frame.
 *
 *   bench_xdp_run --obj FILE --prog NAME [--src IP] [--dport PORT]
 *                 [--repeat N]
 *   bench_xdp_run --netns NS --ifname IF [--src IP] [--dport PORT]
 *                 [--repeat N]
 *
 * The second form measures the program a running tool has attached to
 * IF (in namespace NS), with the maps the tool filled: the real thing.
 * The frame is UDP from port 4242; --src sets its IPv4 or IPv6 source
 * address and --dport its destination port (default 9), to measure a
 * packet that a filter matches and one that it does not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>

#include "barebpf.h"
#include "xdp.h"

#define FRAME_LEN	128

static size_t frame_v4(char *buf, const struct in_addr *src, __u16 dport)
{
	struct ethhdr eth = { .h_proto = htons(ETH_P_IP) };
	struct iphdr ip = {
		.version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP,
		.tot_len = htons(FRAME_LEN - sizeof(eth)),
		.saddr = src->s_addr, .daddr = htonl(0xc0000202),
	};
	struct udphdr udp = { .source = htons(4242), .dest = htons(dport),
			      .len = htons(FRAME_LEN - 34) };

	memcpy(buf, &eth, sizeof(eth));
	memcpy(buf + sizeof(eth), &ip, sizeof(ip));
	memcpy(buf + sizeof(eth) + sizeof(ip), &udp, sizeof(udp));
	return FRAME_LEN;
}

static size_t frame_v6(char *buf, const struct in6_addr *src, __u16 dport)
{
	struct ethhdr eth = { .h_proto = htons(ETH_P_IPV6) };
	struct ipv6hdr ip = {
		.version = 6, .hop_limit = 64, .nexthdr = IPPROTO_UDP,
		.payload_len = htons(FRAME_LEN - sizeof(eth) - sizeof(ip)),
		.saddr = *src,
	};
	struct udphdr udp = { .source = htons(4242), .dest = htons(dport),
			      .len = ip.payload_len };

	inet_pton(AF_INET6, "2001:db8::2", &ip.daddr);
	memcpy(buf, &eth, sizeof(eth));
	memcpy(buf + sizeof(eth), &ip, sizeof(ip));
	memcpy(buf + sizeof(eth) + sizeof(ip), &udp, sizeof(udp));
	return FRAME_LEN;
}

static int attached_prog(const char *netns, const char *ifname)
{
	struct bb_xdp_info info;
	char path[256];
	int fd, ifindex, err;

	snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "bench_xdp_run: cannot enter network namespace %s: %s.\n",
			netns, strerror(errno));
		return -errno;
	}
	close(fd);
	ifindex = bb_ifindex(ifname);
	if (ifindex < 0)
		return ifindex;
	err = bb_xdp_query(ifindex, &info);
	if (err)
		return err;
	if (!info.prog_id) {
		fprintf(stderr, "bench_xdp_run: no XDP program on %s.\n",
			ifname);
		return -ENOENT;
	}
	return bb_prog_get_fd_by_id(info.prog_id);
}

static int object_prog(const char *path, const char *name,
		       struct bb_object **objp)
{
	struct bb_program *p;
	int err;

	err = bb_object__open_file(path, NULL, objp);
	if (!err)
		err = bb_object__load(*objp);
	if (err)
		return err;
	p = bb_object__find_program(*objp, name);
	if (!p) {
		fprintf(stderr, "bench_xdp_run: no program %s in %s.\n", name,
			path);
		return -ENOENT;
	}
	return dup(bb_program__fd(p));
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "obj", required_argument, NULL, 'o' },
		{ "prog", required_argument, NULL, 'p' },
		{ "netns", required_argument, NULL, 'n' },
		{ "ifname", required_argument, NULL, 'i' },
		{ "src", required_argument, NULL, 's' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "dport", required_argument, NULL, 'P' },
		{ }
	};
	const char *obj_path = NULL, *prog = NULL, *netns = NULL;
	const char *ifname = NULL, *src = "192.0.2.1";
	struct bb_test_run_opts run = { .repeat = 1000000 };
	struct bb_object *obj = NULL;
	char frame[FRAME_LEN] = { 0 };
	struct in6_addr a6;
	struct in_addr a4;
	__u16 dport = 9;
	int c, fd, err;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			obj_path = optarg;
			break;
		case 'p':
			prog = optarg;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'i':
			ifname = optarg;
			break;
		case 's':
			src = optarg;
			break;
		case 'r':
			run.repeat = strtoul(optarg, NULL, 0);
			break;
		case 'P':
			dport = strtoul(optarg, NULL, 0);
			break;
		default: return 2;
		}
	}
	if (inet_pton(AF_INET, src, &a4) == 1)
		run.data_size_in = frame_v4(frame, &a4, dport);
	else if (inet_pton(AF_INET6, src, &a6) == 1)
		run.data_size_in = frame_v6(frame, &a6, dport);
	else {
		fprintf(stderr, "bench_xdp_run: --src %s is not an address.\n",
			src);
		return 2;
	}
	if (obj_path && prog)
		fd = object_prog(obj_path, prog, &obj);
	else if (netns && ifname)
		fd = attached_prog(netns, ifname);
	else {
		fprintf(stderr, "bench_xdp_run: give --obj and --prog, or --netns and --ifname.\n");
		return 2;
	}
	if (fd < 0) {
		bb_object__close(obj);
		return 1;
	}
	run.data_in = frame;
	err = bb_prog_test_run(fd, &run);
	if (err)
		fprintf(stderr, "bench_xdp_run: BPF_PROG_TEST_RUN failed: %s.\n",
			strerror(-err));
	else
		printf("ns_per_pkt %u retval %u\n", run.duration, run.retval);
	close(fd);
	bb_object__close(obj);
	return err ? 1 : 0;
}
