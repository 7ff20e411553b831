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
 *   bench_xdp_run --reps R [--repeat N] LABEL=PROG,SRC[,DPORT]...
 *
 * The second form measures the program a running tool has attached to
 * IF (in namespace NS), with the maps the tool filled: the real thing.
 * The frame is UDP from port 4242; --src sets its IPv4 or IPv6 source
 * address and --dport its destination port (default 9), to measure a
 * packet that a filter matches and one that it does not.
 *
 * The third form measures several programs and frames in one process,
 * interleaved: each of R repetitions runs every LABEL once, in the
 * order given on even repetitions and in reverse on odd ones, so that
 * a slow spell of the machine falls on all of them alike and no
 * process start sits between a figure and its baseline. PROG is
 * "id:ID" (any program by id, as a tool in another namespace loaded
 * it), "if:IFNAME" (the XDP program on IFNAME in this namespace) or
 * "obj:FILE:NAME". It prints one line per LABEL, "LABEL ACTION NS NS
 * ...": the XDP action the program returned (1 is XDP_DROP), then one
 * figure per repetition.
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
#define MAX_SPECS	64

/* One program and frame of the interleaved form. */
struct spec {
	const char *label;
	int fd;
	char frame[FRAME_LEN];
	__u32 len;
	__u32 retval;	/* XDP action of the last run */
	__u32 *ns;	/* one figure per repetition */
};

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

/* frame SRC DPORT into @buf; returns its length, 0 if SRC is no address. */
static size_t make_frame(char *buf, const char *src, __u16 dport)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, src, &a4) == 1)
		return frame_v4(buf, &a4, dport);
	if (inet_pton(AF_INET6, src, &a6) == 1)
		return frame_v6(buf, &a6, dport);
	fprintf(stderr, "bench_xdp_run: %s is not an address.\n", src);
	return 0;
}

/* The XDP program on @ifname in the namespace we are in. */
static int if_prog(const char *ifname)
{
	struct bb_xdp_info info;
	int ifindex, err;

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

static int attached_prog(const char *netns, const char *ifname)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "bench_xdp_run: cannot enter network namespace %s: %s.\n",
			netns, strerror(errno));
		return -errno;
	}
	close(fd);
	return if_prog(ifname);
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

/* "id:ID", "if:IFNAME" or "obj:FILE:NAME" to a program fd. */
static int spec_prog(char *prog)
{
	struct bb_object *obj = NULL;
	char *name;
	int fd;

	if (!strncmp(prog, "id:", 3))
		return bb_prog_get_fd_by_id(strtoul(prog + 3, NULL, 0));
	if (!strncmp(prog, "if:", 3))
		return if_prog(prog + 3);
	name = strrchr(prog, ':');
	if (strncmp(prog, "obj:", 4) || !name || name < prog + 4) {
		fprintf(stderr, "bench_xdp_run: %s names no program (id:ID, if:IFNAME or obj:FILE:NAME).\n",
			prog);
		return -EINVAL;
	}
	*name++ = '\0';
	fd = object_prog(prog + 4, name, &obj);
	bb_object__close(obj);
	return fd;
}

/* LABEL=PROG,SRC[,DPORT] into @sp. */
static int parse_spec(char *arg, struct spec *sp, unsigned int reps)
{
	char *prog, *src, *dport;

	prog = strchr(arg, '=');
	src = prog ? strchr(prog, ',') : NULL;
	if (!src) {
		fprintf(stderr, "bench_xdp_run: %s is not LABEL=PROG,SRC[,DPORT].\n",
			arg);
		return -EINVAL;
	}
	*prog++ = '\0';
	*src++ = '\0';
	dport = strchr(src, ',');
	if (dport)
		*dport++ = '\0';
	sp->label = arg;
	sp->len = make_frame(sp->frame, src, dport ? strtoul(dport, NULL, 0) : 9);
	if (!sp->len)
		return -EINVAL;
	sp->ns = calloc(reps, sizeof(*sp->ns));
	if (!sp->ns)
		return -ENOMEM;
	sp->fd = spec_prog(prog);
	return sp->fd < 0 ? sp->fd : 0;
}

/* R repetitions of every spec, forward then backward; one line each. */
static int run_interleaved(struct spec *sp, int n, unsigned int reps,
			   __u32 repeat)
{
	struct bb_test_run_opts run = { .repeat = repeat };
	unsigned int r;
	int i, k, err;

	for (r = 0; r < reps; r++) {
		for (k = 0; k < n; k++) {
			i = r % 2 ? n - 1 - k : k;
			run.data_in = sp[i].frame;
			run.data_size_in = sp[i].len;
			err = bb_prog_test_run(sp[i].fd, &run);
			if (err) {
				fprintf(stderr, "bench_xdp_run: BPF_PROG_TEST_RUN of %s failed: %s.\n",
					sp[i].label, strerror(-err));
				return err;
			}
			sp[i].ns[r] = run.duration;
			sp[i].retval = run.retval;
		}
	}
	for (i = 0; i < n; i++) {
		printf("%s %u", sp[i].label, sp[i].retval);
		for (r = 0; r < reps; r++)
			printf(" %u", sp[i].ns[r]);
		printf("\n");
	}
	return 0;
}

static int main_interleaved(int argc, char **argv, unsigned int reps,
			    __u32 repeat)
{
	static struct spec sp[MAX_SPECS];
	int i, n = argc, err = 0;

	if (n < 1 || n > MAX_SPECS) {
		fprintf(stderr, "bench_xdp_run: --reps takes 1 to %d LABEL=PROG,SRC[,DPORT].\n",
			MAX_SPECS);
		return 2;
	}
	for (i = 0; i < n && !err; i++)
		err = parse_spec(argv[i], &sp[i], reps);
	if (!err)
		err = run_interleaved(sp, n, reps, repeat);
	for (i = 0; i < n; i++) {
		if (sp[i].fd > 0)
			close(sp[i].fd);
		free(sp[i].ns);
	}
	return err ? 1 : 0;
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
		{ "reps", required_argument, NULL, 'R' },
		{ }
	};
	const char *obj_path = NULL, *prog = NULL, *netns = NULL;
	const char *ifname = NULL, *src = "192.0.2.1";
	struct bb_test_run_opts run = { .repeat = 1000000 };
	struct bb_object *obj = NULL;
	char frame[FRAME_LEN] = { 0 };
	unsigned int reps = 0;
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
		case 'R':
			reps = strtoul(optarg, NULL, 0);
			break;
		default: return 2;
		}
	}
	if (reps)
		return main_interleaved(argc - optind, argv + optind, reps,
					run.repeat);
	run.data_size_in = make_frame(frame, src, dport);
	if (!run.data_size_in)
		return 2;
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
