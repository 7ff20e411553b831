// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bubble_packet - print one line for every packet an interface receives.
 *
 * The user half of bubble_packet.bpf.c and the C version of the
 * workshop's bubble_packet.py: where that script registers a callback
 * with b["events"].open_perf_buffer() and loops on b.perf_buffer_poll(),
 * this one hands a callback to bb_perf_buffer__new() and waits on the
 * reader's epoll fd together with the signals (xdp_cli_wait()).
 *
 * Two things can keep an event from becoming a line, and both are
 * counted and reported, every -n seconds and at exit:
 *  - the kernel finds a CPU's perf ring full and drops the record; it
 *    tells us how many with PERF_RECORD_LOST ("lost");
 *  - more lines per second than -r allows; we drop those ourselves
 *    ("suppressed"), so a flood cannot turn the terminal into the
 *    bottleneck. The kernel side is cut down with -s instead.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "barebpf.h"
#include "bubble_packet.h"
#include "embed.h"
#include "perf_buffer.h"
#include "percpu.h"
#include "pkt_format.h"
#include "xdp_cli.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(bubble_packet);

#define TOOL "bubble_packet"
#define NSEC_PER_SEC 1000000000ULL
#define BUBBLE_DONE (-ECANCELED)	/* -c events seen: stop consuming */
#define WAKEUP_AUTO ULONG_MAX		/* -w not given: a quarter ring */
#define POLL_MS 200			/* longest wait between reads */

struct options {
	struct xdp_cli cli;
	unsigned long sample;		/* -s: 1 packet in N */
	unsigned long rate;		/* -r: lines per second, 0: any */
	unsigned long count;		/* -c: events before exit, 0: no end */
	unsigned long pages;		/* -p: perf ring pages per CPU */
	unsigned long wakeup;		/* -w: bytes per wakeup, WAKEUP_AUTO */
	unsigned long interval;		/* -n: seconds between reports */
	bool json;
};

/**
 * struct bubble - what the reader has seen
 * @o:		the options
 * @events:	records received
 * @printed:	lines printed
 * @suppressed:	lines dropped by -r
 * @lost:	records the kernel dropped (PERF_RECORD_LOST)
 * @win_start:	start of the current one-second window of -r
 * @win_lines:	lines printed in that window
 * @rep_lost:	@lost at the last periodic report
 * @rep_supp:	@suppressed at the last periodic report
 */
struct bubble {
	const struct options *o;
	__u64 events;
	__u64 printed;
	__u64 suppressed;
	__u64 lost;
	__u64 win_start;
	__u64 win_lines;
	__u64 rep_lost;
	__u64 rep_supp;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-m MODE] [-F] [-s N] [-r LINES] [-c COUNT] [-j]\n"
"                     [-p PAGES] [-w BYTES] [-n SECONDS]\n"
"\n"
"Print one line for every packet IFACE receives, sent up from an XDP\n"
"program through a perf event array; every packet passes:\n"
"\n"
"  192.0.2.1:5353 -> 192.0.2.2:53 UDP 74\n"
"  [2001:db8::1]:5353 -> [2001:db8::2]:53 UDP 94\n"
"  192.0.2.9 -> 192.0.2.2 ICMP 98\n"
"\n"
"The last number is the frame length in bytes. Events the kernel lost\n"
"(perf ring full) and lines suppressed by -r are counted and reported on\n"
"stderr every -n seconds when there are new ones, and at exit.\n"
"\n"
"Options:\n"
XDP_CLI_HELP
"  -s, --sample N         report 1 packet in N per CPU, chosen in BPF\n"
"                         (default 1: all)\n"
"  -r, --rate LINES       print at most LINES lines per second, count the\n"
"                         rest (default 1000; 0: no limit)\n"
"  -c, --count COUNT      exit after COUNT events (default: run until\n"
"                         SIGINT/SIGTERM)\n"
"  -j, --json             one JSON object per packet instead of text\n"
"  -p, --pages PAGES      perf ring size per CPU in pages, a power of two\n"
"                         (default 64)\n"
"  -w, --wakeup BYTES     wake the reader once a CPU's ring holds BYTES\n"
"                         (default: a quarter of the ring; 0: for every\n"
"                         packet); lines then come at least every 0.2 s\n"
"  -n, --interval SECONDS report lost and suppressed events every SECONDS\n"
"                         (default 5)\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0\n"
"  " TOOL " -i veth1 -m skb -s 10 -r 100\n"
"  " TOOL " -i veth1 -j -c 20 > packets.json\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static int tool_option(struct options *o, int opt, const char *arg)
{
	switch (opt) {
	case 's':
		return xdp_cli_parse_ulong(TOOL, "-s", arg, 1, 1UL << 30,
					   &o->sample);
	case 'r':
		return xdp_cli_parse_ulong(TOOL, "-r", arg, 0, 1UL << 30,
					   &o->rate);
	case 'c':
		return xdp_cli_parse_ulong(TOOL, "-c", arg, 1, 1UL << 40,
					   &o->count);
	case 'p':
		if (xdp_cli_parse_ulong(TOOL, "-p", arg, 1, 1UL << 16,
					&o->pages))
			return -1;
		if (o->pages & (o->pages - 1)) {
			fprintf(stderr, TOOL ": option -p wants a power of two, not '%s'.\n",
				arg);
			return -1;
		}
		return 0;
	case 'w':
		return xdp_cli_parse_ulong(TOOL, "-w", arg, 0, UINT32_MAX,
					   &o->wakeup);
	case 'n':
		return xdp_cli_parse_ulong(TOOL, "-n", arg, 1, 3600,
					   &o->interval);
	case 'j':
		o->json = true;
		return 0;
	}
	return -1;		/* getopt_long() named the option */
}

/* The data bytes of one CPU's perf ring. */
static unsigned long ring_bytes(const struct options *o)
{
	return o->pages * sysconf(_SC_PAGESIZE);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		XDP_CLI_LONGOPTS,
		{ "sample", required_argument, NULL, 's' },
		{ "rate", required_argument, NULL, 'r' },
		{ "count", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "pages", required_argument, NULL, 'p' },
		{ "wakeup", required_argument, NULL, 'w' },
		{ "interval", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	while ((opt = getopt_long(argc, argv, XDP_CLI_SHORTOPTS "s:r:c:jp:w:n:",
				  longopts, NULL)) != -1) {
		r = xdp_cli_option(&o->cli, opt, optarg);
		if (r < 0)
			return XDP_EXIT_USAGE;
		if (r == 0 && tool_option(o, opt, optarg))
			return XDP_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, TOOL ": unexpected argument '%s'.\n",
			argv[optind]);
		return XDP_EXIT_USAGE;
	}
	if (o->wakeup != WAKEUP_AUTO && o->wakeup >= ring_bytes(o)) {
		fprintf(stderr, TOOL ": -w %lu is not less than the %lu-byte ring of -p %lu pages.\n",
			o->wakeup, ring_bytes(o), o->pages);
		return XDP_EXIT_USAGE;
	}
	return 0;
}

/* -r: may one more line be printed in this second? */
static bool rate_allows(struct bubble *b)
{
	__u64 now;

	if (!b->o->rate)
		return true;
	now = xdp_cli_now_ns();
	if (now - b->win_start >= NSEC_PER_SEC) {
		b->win_start = now;
		b->win_lines = 0;
	}
	if (b->win_lines >= b->o->rate)
		return false;
	b->win_lines++;
	return true;
}

static int on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	const struct bb_pkt_event *ev = data;
	struct bubble *b = ctx;
	char line[160];

	(void)cpu;
	if (size < sizeof(*ev))
		return 0;	/* not ours; the kernel pads, never cuts */
	b->events++;
	if (rate_allows(b)) {
		b->printed++;
		if (b->o->json) {
			pkt_event_json(ev, NULL, stdout);
			putchar('\n');
		} else {
			pkt_event_format(ev, line, sizeof(line));
			puts(line);
		}
	} else {
		b->suppressed++;
	}
	if (b->o->count && b->events >= b->o->count)
		return BUBBLE_DONE;
	return 0;
}

static void on_lost(void *ctx, int cpu, __u64 lost)
{
	struct bubble *b = ctx;

	(void)cpu;
	b->lost += lost;
}

/* Every -n seconds: say what was lost or suppressed since last time. */
static void report_drops(struct bubble *b)
{
	if (b->lost == b->rep_lost && b->suppressed == b->rep_supp)
		return;
	fprintf(stderr, TOOL ": last %lu s: %llu events lost (perf ring full), %llu lines suppressed (-r %lu).\n",
		b->o->interval,
		(unsigned long long)(b->lost - b->rep_lost),
		(unsigned long long)(b->suppressed - b->rep_supp),
		b->o->rate);
	b->rep_lost = b->lost;
	b->rep_supp = b->suppressed;
}

/* Consume until a signal, -c events, or an error (< 0). */
static int event_loop(struct options *o, struct bubble *b,
		      struct bb_perf_buffer *pb)
{
	struct pollfd pfd = {
		.fd = bb_perf_buffer__epoll_fd(pb),
		.events = POLLIN,
	};
	__u64 next = xdp_cli_now_ns() + o->interval * NSEC_PER_SEC;
	int n;

	while (!xdp_cli_stop) {
		n = xdp_cli_wait(&o->cli, &pfd, 1, POLL_MS);
		if (n == -ENODEV)
			return n;	/* xdp_cli_wait() said why */
		/* On a timeout too: records below the watermark wait. */
		if (n >= 0)
			n = bb_perf_buffer__consume(pb);
		fflush(stdout);
		if (n == BUBBLE_DONE)
			return 1;
		if (n < 0) {
			fprintf(stderr, TOOL ": reading the perf buffer failed: %s.\n",
				strerror(-n));
			return n;
		}
		if (xdp_cli_now_ns() >= next) {
			report_drops(b);
			next = xdp_cli_now_ns() + o->interval * NSEC_PER_SEC;
		}
	}
	return 0;
}

/* The one-line summary at exit, with the kernel side's counters. */
static void summary(struct bubble *b, struct bb_perf_buffer *pb,
		    int stats_fd)
{
	__u64 seen, sampled, failed;

	percpu_u64_sum(stats_fd, BB_BUBBLE_SEEN, &seen);
	percpu_u64_sum(stats_fd, BB_BUBBLE_SAMPLED, &sampled);
	percpu_u64_sum(stats_fd, BB_BUBBLE_OUTPUT_FAIL, &failed);
	fprintf(stderr, TOOL ": %llu packets seen, %llu sampled, %llu events received, %llu printed, %llu suppressed (rate limit), %llu lost (perf ring full), %llu output errors.\n",
		(unsigned long long)seen, (unsigned long long)sampled,
		(unsigned long long)b->events,
		(unsigned long long)b->printed,
		(unsigned long long)b->suppressed,
		(unsigned long long)bb_perf_buffer__lost(pb),
		(unsigned long long)failed);
}

static int load_object(struct options *o, struct bb_object **objp)
{
	struct bb_object_opts oo = { .name = TOOL };
	struct bb_xdp_cfg cfg = { .sample_every = o->sample };
	int err;

	err = bb_object__open_mem(BB_EMBED_DATA(bubble_packet),
				  BB_EMBED_SIZE(bubble_packet), &oo, objp);
	if (err)
		return err;
	if (xdp_cli_set_cfg(&o->cli, *objp, &cfg))
		return -EINVAL;
	return bb_object__load(*objp);
}

/* -w, or a quarter of each CPU's ring. */
static __u32 wakeup_bytes(const struct options *o)
{
	return o->wakeup != WAKEUP_AUTO ? o->wakeup : ring_bytes(o) / 4;
}

static int run(struct options *o)
{
	struct bb_perf_buffer_opts pb_opts = { .wakeup_bytes = wakeup_bytes(o) };
	struct bubble b = { .o = o };
	struct bb_perf_buffer *pb = NULL;
	struct bb_object *obj = NULL;
	int ret = XDP_EXIT_FAIL, prog_fd, events_fd, stats_fd, err;

	if (xdp_cli_signals(&o->cli)) {
		fprintf(stderr, TOOL ": cannot install signal handlers: %s.\n",
			strerror(errno));
		return ret;
	}
	if (load_object(o, &obj))
		goto close_obj;		/* the loader said why */
	prog_fd = xdp_cli_prog_fd(&o->cli, obj, TOOL);
	events_fd = xdp_cli_map_fd(&o->cli, obj, "events");
	stats_fd = xdp_cli_map_fd(&o->cli, obj, "bubble_stats");
	if (prog_fd < 0 || events_fd < 0 || stats_fd < 0)
		goto close_obj;
	/* The reader first: a packet before it would find no ring. */
	if (bb_perf_buffer__new(events_fd, o->pages, on_sample, on_lost, &b,
				&pb_opts, &pb))
		goto close_obj;
	if (xdp_cli_attach(&o->cli, prog_fd, TOOL))
		goto free_pb;

	err = event_loop(o, &b, pb);
	xdp_cli_detach(&o->cli);
	if (err == 0)
		bb_perf_buffer__consume(pb);	/* what came before detach */
	fflush(stdout);
	summary(&b, pb, stats_fd);
	ret = err < 0 ? XDP_EXIT_FAIL : XDP_EXIT_OK;
free_pb:
	bb_perf_buffer__free(pb);
close_obj:
	bb_object__close(obj);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o = {
		.sample = 1,
		.rate = 1000,
		.pages = 64,
		.wakeup = WAKEUP_AUTO,
		.interval = 5,
	};
	int ret;

	xdp_cli_init(&o.cli, TOOL);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;	/* getopt or the option's parser said why */
	if (o.cli.help) {
		usage(stdout);
		return XDP_EXIT_OK;
	}
	ret = xdp_cli_resolve(&o.cli);
	if (ret)
		return ret;
	return run(&o);
}
