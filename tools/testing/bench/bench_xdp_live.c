// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_xdp_live - how many packets per second an XDP program on a veth
 * processes, with real frames.
 *
 * A traffic generator on our own loader: BPF_PROG_RUN with
 * BPF_F_TEST_XDP_LIVE_FRAMES runs xdp_tx on a UDP frame as if it had
 * been received on the sender's veth (ctx.ingress_ifindex); XDP_TX sends
 * it out of that veth, so it arrives at the peer in the receiver's
 * namespace, where the program under test runs. The receiver's rate is
 * read from the kernel's own accounting of that program (run_cnt and
 * run_time_ns, enabled with BPF_ENABLE_STATS), not from the sender.
 *
 *   bench_xdp_live --tx-ns NS --tx-if IF --rx-ns NS --rx-if IF
 *                  [--floor | --rx-prog NAME] [--seconds N] [--src A.B.C.D]
 *                  [--dport PORT]
 *
 * The frames are UDP from port 4242 to --dport (default 9).
 *
 * With --floor the minimal XDP_DROP program is attached to the receiver
 * for the run (--rx-prog picks another program of bench_xdp.bpf.o, such
 * as xdp_pass); without, whatever XDP program is attached there already
 * (a tool started by the caller) is measured.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/udp.h>

#include "barebpf.h"
#include "xdp.h"

#define FRAME_LEN	64
#define RUN_CHUNK	(1U << 20)

struct opts {
	const char *tx_ns, *tx_if, *rx_ns, *rx_if;
	const char *src;
	unsigned short dport;
	const char *rx_prog;	/* ours to attach, or NULL */
	double seconds;
};

static int enter_netns(const char *name)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bench_xdp_live: network namespace %s: %s.\n",
			name, strerror(errno));
		return -errno;
	}
	if (setns(fd, CLONE_NEWNET)) {
		err = -errno;
		fprintf(stderr, "bench_xdp_live: cannot enter %s: %s.\n", name,
			strerror(errno));
	}
	close(fd);
	return err;
}

static size_t build_frame(char *buf, const char *src, unsigned short dport)
{
	struct ethhdr eth = { .h_proto = htons(ETH_P_IP) };
	struct iphdr ip = {
		.version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP,
		.tot_len = htons(FRAME_LEN - sizeof(eth)),
		.daddr = htonl(0xc0000202),		/* 192.0.2.2 */
	};
	struct udphdr udp = {
		.source = htons(4242), .dest = htons(dport),
		.len = htons(FRAME_LEN - sizeof(eth) - sizeof(ip)),
	};

	inet_pton(AF_INET, src, &ip.saddr);
	memset(buf, 0, FRAME_LEN);
	memset(eth.h_dest, 0xff, ETH_ALEN);
	eth.h_source[0] = 0x02;
	memcpy(buf, &eth, sizeof(eth));
	memcpy(buf + sizeof(eth), &ip, sizeof(ip));
	memcpy(buf + sizeof(eth) + sizeof(ip), &udp, sizeof(udp));
	return FRAME_LEN;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int prog_stats(int fd, __u64 *cnt, __u64 *ns)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = bb_obj_get_info_by_fd(fd, &info, &len);
	*cnt = info.run_cnt;
	*ns = info.run_time_ns;
	return err;
}

/* Send frames for o->seconds; returns frames sent or -errno. */
static long long generate(int tx_fd, int ifindex, const struct opts *o)
{
	/* The kernel wants data_end to match the frame it is given. */
	struct xdp_md ctx = { .data_end = FRAME_LEN,
			      .ingress_ifindex = ifindex };
	struct bb_test_run_opts run = { 0 };
	char frame[FRAME_LEN];
	long long sent = 0;
	double end;
	int err;

	run.data_in = frame;
	run.data_size_in = build_frame(frame, o->src, o->dport);
	run.ctx_in = &ctx;
	run.ctx_size_in = sizeof(ctx);
	run.repeat = RUN_CHUNK;
	run.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
	run.batch_size = 64;
	end = now() + o->seconds;
	while (now() < end) {
		err = bb_prog_test_run(tx_fd, &run);
		if (err) {
			fprintf(stderr, "bench_xdp_live: BPF_PROG_RUN, live frames: %s.\n",
				strerror(-err));
			return err;
		}
		sent += RUN_CHUNK;
	}
	return sent;
}

/* The receiver's program: ours (--floor), or the one attached there. */
static int rx_program(const struct opts *o, int rx_if, int our_fd,
		      int *attached)
{
	struct bb_xdp_info info;
	int err;

	if (o->rx_prog) {
		err = bb_xdp_attach(rx_if, our_fd, XDP_FLAGS_UPDATE_IF_NOEXIST,
				    -1);
		if (err)
			return err;
		*attached = 1;
		return dup(our_fd);
	}
	err = bb_xdp_query(rx_if, &info);
	if (err)
		return err;
	if (!info.prog_id) {
		fprintf(stderr, "bench_xdp_live: no XDP program on %s to measure.\n",
			o->rx_if);
		return -ENOENT;
	}
	return bb_prog_get_fd_by_id(info.prog_id);
}

static int run(const struct opts *o)
{
	int stats_fd, home_fd, rx_if = 0, tx_if = 0, rx_fd = -1, attached = 0;
	__u64 cnt0, ns0, cnt1, ns1;
	struct bb_program *rx_prog;
	struct bb_object *obj = NULL;
	char path[4096];
	long long sent;
	double t0, t1;
	int err;

	stats_fd = bb_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0) {
		fprintf(stderr, "bench_xdp_live: BPF_ENABLE_STATS failed: %s.\n",
			strerror(-stats_fd));
		return stats_fd;
	}
	home_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s/progs/bench_xdp.bpf.o",
		 getenv("BB_BENCH_DIR") ?: ".");
	err = bb_object__open_file(path, NULL, &obj);
	if (!err)
		err = bb_object__load(obj);
	if (err)
		goto out_close;
	err = enter_netns(o->rx_ns);
	if (!err)
		err = rx_if = bb_ifindex(o->rx_if);
	if (err < 0)
		goto out_home;
	rx_prog = o->rx_prog ? bb_object__find_program(obj, o->rx_prog) : NULL;
	if (o->rx_prog && !rx_prog) {
		fprintf(stderr, "bench_xdp_live: no program %s in bench_xdp.bpf.o.\n",
			o->rx_prog);
		err = -ENOENT;
		goto out_home;
	}
	rx_fd = rx_program(o, rx_if, rx_prog ? bb_program__fd(rx_prog) : -1,
			   &attached);
	err = rx_fd < 0 ? rx_fd : enter_netns(o->tx_ns);
	if (!err)
		err = tx_if = bb_ifindex(o->tx_if);
	if (err < 0)
		goto out_detach;
	prog_stats(rx_fd, &cnt0, &ns0);
	t0 = now();
	sent = generate(bb_program__fd(bb_object__find_program(obj, "xdp_tx")),
			tx_if, o);
	t1 = now();
	prog_stats(rx_fd, &cnt1, &ns1);
	err = sent < 0 ? (int)sent : 0;
	if (!err)
		printf("sent %lld rx %llu pps %.0f ns_per_pkt %.1f\n", sent,
		       cnt1 - cnt0, (cnt1 - cnt0) / (t1 - t0),
		       cnt1 > cnt0 ? (double)(ns1 - ns0) / (cnt1 - cnt0) : 0);
out_detach:
	if (attached && !enter_netns(o->rx_ns))
		bb_xdp_detach(rx_if, 0, rx_fd);
out_home:
	if (home_fd >= 0 && setns(home_fd, CLONE_NEWNET))
		err = err ?: -errno;
out_close:
	if (rx_fd >= 0)
		close(rx_fd);
	if (home_fd >= 0)
		close(home_fd);
	bb_object__close(obj);
	close(stats_fd);
	return err;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "tx-ns", required_argument, NULL, 'a' },
		{ "tx-if", required_argument, NULL, 'b' },
		{ "rx-ns", required_argument, NULL, 'c' },
		{ "rx-if", required_argument, NULL, 'd' },
		{ "seconds", required_argument, NULL, 's' },
		{ "src", required_argument, NULL, 'S' },
		{ "floor", no_argument, NULL, 'f' },
		{ "rx-prog", required_argument, NULL, 'p' },
		{ "dport", required_argument, NULL, 'P' },
		{ }
	};
	struct opts o = { .seconds = 2, .src = "192.0.2.1", .dport = 9 };
	int c;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o.tx_ns = optarg;
			break;
		case 'b':
			o.tx_if = optarg;
			break;
		case 'c':
			o.rx_ns = optarg;
			break;
		case 'd':
			o.rx_if = optarg;
			break;
		case 's':
			o.seconds = atof(optarg);
			break;
		case 'S':
			o.src = optarg;
			break;
		case 'f':
			o.rx_prog = "xdp_floor";
			break;
		case 'p':
			o.rx_prog = optarg;
			break;
		case 'P':
			o.dport = strtoul(optarg, NULL, 0);
			break;
		default: return 2;
		}
	}
	if (!o.tx_ns || !o.tx_if || !o.rx_ns || !o.rx_if || o.seconds <= 0) {
		fprintf(stderr, "bench_xdp_live: give --tx-ns, --tx-if, --rx-ns, --rx-if.\n");
		return 2;
	}
	return run(&o) ? 1 : 0;
}
