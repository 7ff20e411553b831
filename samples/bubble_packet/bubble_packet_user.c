// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bubble_packet - print one line for every packet an interface receives.
 *
 * The user half of bubble_packet.bpf.c and the C version of the
 * workshop's bubble_packet.py: where that script registers a callback
 * with b["events"].open_perf_buffer() and loops on b.perf_buffer_poll(),
 * this one hands a callback to bb_perf_buffer__new() and lets
 * xdp_tool_main() (xdp_tool.h) wait on the reader's epoll fd together
 * with the signals.
 *
 * Two things can keep an event from becoming a line, and both are
 * counted and reported, every -n seconds and at exit:
 *  - the kernel finds a CPU's perf ring full and drops the record; it
 *    tells us how many with PERF_RECORD_LOST ("lost");
 *  - more lines per second than -r allows; we drop those ourselves
 *    ("suppressed"), so a flood cannot turn the terminal into the
 *    bottleneck. The kernel side is cut down with -s instead.
 *
 * On several interfaces (-i given again) one program sends the packets
 * of all of them into the one perf buffer; each line then names the
 * interface that received its packet (ctx->ingress_ifindex), and the
 * counters, shared, are reported once, naming them all.
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
#include "wallclock.h"
#include "xdp_tool.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(bubble_packet);

#define TOOL "bubble_packet"
#define NSEC_PER_SEC 1000000000ULL
#define BUBBLE_DONE (-ECANCELED)	/* -c events seen: stop consuming */
#define WAKEUP_AUTO ULONG_MAX		/* -w not given: a quarter ring */
#define POLL_MS 200			/* longest wait between reads */

struct options {
	unsigned long sample;		/* -s: 1 packet in N */
	unsigned long rate;		/* -r: lines per second, 0: any */
	unsigned long count;		/* -c: events before exit, 0: no end */
	unsigned long pages;		/* -p: perf ring pages per CPU */
	unsigned long wakeup;		/* -w: bytes per wakeup, WAKEUP_AUTO */
	unsigned long interval;		/* -n: seconds between reports */
	bool json;
};

/**
 * struct bubble - the options and what the reader has seen
 * @o:		the options
 * @cli:	the interfaces, to name them
 * @pb:		the reader
 * @stats_fd:	bubble_stats, per-CPU __u64 per enum bb_bubble_stat
 * @wall_off_ns: CLOCK_REALTIME - CLOCK_MONOTONIC at start, for the times
 * @next_ns:	when the next report of lost and suppressed events is due
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
	struct options o;
	const struct xdp_cli *cli;
	struct bb_perf_buffer *pb;
	int stats_fd;
	__s64 wall_off_ns;
	__u64 next_ns;
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
"Usage: " TOOL " -i IFACE [-i IFACE]... [-m MODE] [-F] [-s N] [-r LINES]\n"
"                     [-c COUNT] [-j] [-p PAGES] [-w BYTES] [-n SECONDS]\n"
"\n"
"Print one line for every packet IFACE receives, sent up from an XDP\n"
"program through a perf event array; every packet passes:\n"
"\n"
"  19:04:55.123456 192.0.2.1:5353 -> 192.0.2.2:53 UDP 74\n"
"  19:04:55.123502 [2001:db8::1]:5353 -> [2001:db8::2]:53 UDP 94\n"
"  19:04:55.124017 192.0.2.9 -> 192.0.2.2 ICMP 98\n"
"\n"
"The time is when the XDP program saw the packet, in local time (with\n"
"-j: \"timestamp\", RFC 3339 UTC); lines from different CPUs may come\n"
"slightly out of order. The last number is the frame length in bytes.\n"
"Events the kernel lost (perf ring full) and lines suppressed by -r are\n"
"counted and reported on stderr every -n seconds when there are new\n"
"ones, and at exit.\n"
"With several -i one program reports the packets of all of them, and\n"
"each line names, after the time, the interface that received it:\n"
"\n"
"  19:04:55.123456 veth3 198.51.100.1:5353 -> 198.51.100.2:53 UDP 74\n"
"\n"
"(with -j: \"interface\", always).\n"
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
"  " TOOL " -i veth1 -i veth3 -r 100\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static const struct option bubble_longopts[] = {
	{ "sample", required_argument, NULL, 's' },
	{ "rate", required_argument, NULL, 'r' },
	{ "count", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'j' },
	{ "pages", required_argument, NULL, 'p' },
	{ "wakeup", required_argument, NULL, 'w' },
	{ "interval", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 },
};

static const struct option *const longopts[] = { bubble_longopts, NULL };

static int parse_pages(struct options *o, const char *arg)
{
	if (xdp_cli_parse_ulong(TOOL, "-p", arg, 1, 1UL << 16, &o->pages))
		return -1;
	if (o->pages & (o->pages - 1)) {
		fprintf(stderr, TOOL ": option -p wants a power of two, not '%s'.\n",
			arg);
		return -1;
	}
	return 0;
}

static int option(void *ctx, int opt, const char *arg)
{
	struct options *o = &((struct bubble *)ctx)->o;

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
		return parse_pages(o, arg);
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
	return -1;
}

/* The data bytes of one CPU's perf ring. */
static unsigned long ring_bytes(const struct options *o)
{
	return o->pages * sysconf(_SC_PAGESIZE);
}

/* -w must leave room in the ring that -p sizes. */
static int check_options(void *ctx)
{
	const struct options *o = &((struct bubble *)ctx)->o;

	if (o->wakeup == WAKEUP_AUTO || o->wakeup < ring_bytes(o))
		return 0;
	fprintf(stderr, TOOL ": -w %lu is not less than the %lu-byte ring of -p %lu pages.\n",
		o->wakeup, ring_bytes(o), o->pages);
	return -1;
}

/* -r: may one more line be printed in this second? */
static bool rate_allows(struct bubble *b)
{
	__u64 now;

	if (!b->o.rate)
		return true;
	now = xdp_cli_now_ns();
	if (now - b->win_start >= NSEC_PER_SEC) {
		b->win_start = now;
		b->win_lines = 0;
	}
	if (b->win_lines >= b->o.rate)
		return false;
	b->win_lines++;
	return true;
}

/* One line: the time, the interface if several, the packet; or JSON. */
static void print_event(const struct bubble *b, const struct bb_pkt_event *ev)
{
	char line[160], time[WALLCLOCK_LEN], iface[XDP_CLI_IFACE_MAX];

	if (b->o.json) {
		pkt_event_json(ev, xdp_cli_ifname(b->cli, ev->ifindex), NULL,
			       b->wall_off_ns, stdout);
		putchar('\n');
		return;
	}
	wallclock_str(ev->ts_ns, b->wall_off_ns, false, time, sizeof(time));
	xdp_cli_line_iface(b->cli, ev->ifindex, iface, sizeof(iface));
	pkt_event_format(ev, line, sizeof(line));
	printf("%s %s%s\n", time, iface, line);
}

/*
 * A perf buffer sample follows its 4-byte size field, so @data is only
 * 4-byte aligned; the event has a __u64 and is copied out before use.
 */
static int on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct bubble *b = ctx;
	struct bb_pkt_event ev;

	(void)cpu;
	if (size < sizeof(ev))
		return 0;	/* not ours; the kernel pads, never cuts */
	b->events++;
	if (rate_allows(b)) {
		b->printed++;
		memcpy(&ev, data, sizeof(ev));
		print_event(b, &ev);
	} else {
		b->suppressed++;
	}
	if (b->o.count && b->events >= b->o.count)
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
		b->o.interval,
		(unsigned long long)(b->lost - b->rep_lost),
		(unsigned long long)(b->suppressed - b->rep_supp),
		b->o.rate);
	b->rep_lost = b->lost;
	b->rep_supp = b->suppressed;
}

static int before_load(void *ctx, const struct xdp_cli *cli,
		       struct bb_object *obj)
{
	const struct bubble *b = ctx;
	struct bb_xdp_cfg cfg = { .sample_every = b->o.sample };

	return xdp_cli_set_cfg(cli, obj, &cfg);
}

/* -w, or a quarter of each CPU's ring. */
static __u32 wakeup_bytes(const struct options *o)
{
	return o->wakeup != WAKEUP_AUTO ? o->wakeup : ring_bytes(o) / 4;
}

/* The reader first: a packet before it would find no ring. */
static int after_load(void *ctx, const struct xdp_cli *cli,
		      struct bb_object *obj, struct xdp_wait *wait)
{
	struct bubble *b = ctx;
	struct bb_perf_buffer_opts pb_opts = {
		.wakeup_bytes = wakeup_bytes(&b->o),
	};
	int events_fd;

	b->cli = cli;
	events_fd = xdp_cli_map_fd(cli, obj, "events");
	b->stats_fd = xdp_cli_map_fd(cli, obj, "bubble_stats");
	if (events_fd < 0 || b->stats_fd < 0)
		return -1;
	b->wall_off_ns = wallclock_offset_ns();
	if (bb_perf_buffer__new(events_fd, b->o.pages, on_sample, on_lost, b,
				&pb_opts, &b->pb))
		return -1;
	wait->fds[0] = (struct pollfd){
		.fd = bb_perf_buffer__epoll_fd(b->pb), .events = POLLIN,
	};
	wait->nfds = 1;
	b->next_ns = xdp_cli_now_ns() + b->o.interval * NSEC_PER_SEC;
	return 0;
}

static int timeout_ms(void *ctx)
{
	(void)ctx;
	return POLL_MS;
}

/* Consume; on a timeout too, as records below the watermark wait. */
static int on_wake(void *ctx, const struct xdp_wait *wait, int ready)
{
	struct bubble *b = ctx;
	int n;

	(void)wait;
	(void)ready;
	n = bb_perf_buffer__consume(b->pb);
	fflush(stdout);
	if (n == BUBBLE_DONE)
		return 1;
	if (n < 0) {
		fprintf(stderr, TOOL ": reading the perf buffer failed: %s.\n",
			strerror(-n));
		return n;
	}
	if (xdp_cli_now_ns() >= b->next_ns) {
		report_drops(b);
		b->next_ns = xdp_cli_now_ns() + b->o.interval * NSEC_PER_SEC;
	}
	return 0;
}

/*
 * What came before the detach, then one line with the kernel's counters,
 * which count every interface together: " on veth1, veth3" if several.
 */
static void report(void *ctx, int err)
{
	char names[XDP_CLI_IFLIST_MAX], where[XDP_CLI_IFLIST_MAX + 4] = "";
	struct bubble *b = ctx;
	__u64 seen, sampled, failed;

	if (err == 0)
		bb_perf_buffer__consume(b->pb);
	fflush(stdout);
	percpu_u64_sum(b->stats_fd, BB_BUBBLE_SEEN, &seen);
	percpu_u64_sum(b->stats_fd, BB_BUBBLE_SAMPLED, &sampled);
	percpu_u64_sum(b->stats_fd, BB_BUBBLE_OUTPUT_FAIL, &failed);
	if (b->cli->nr_ifaces > 1) {
		xdp_cli_ifnames(b->cli, names, sizeof(names));
		snprintf(where, sizeof(where), " on %s", names);
	}
	fprintf(stderr, TOOL ": %llu packets seen%s, %llu sampled, %llu events received, %llu printed, %llu suppressed (rate limit), %llu lost (perf ring full), %llu output errors.\n",
		(unsigned long long)seen, where, (unsigned long long)sampled,
		(unsigned long long)b->events,
		(unsigned long long)b->printed,
		(unsigned long long)b->suppressed,
		(unsigned long long)bb_perf_buffer__lost(b->pb),
		(unsigned long long)failed);
}

static void end(void *ctx)
{
	struct bubble *b = ctx;

	bb_perf_buffer__free(b->pb);
}

static const struct xdp_tool bubble_packet = {
	.name = TOOL,
	.obj = BB_EMBED_OBJECT(bubble_packet),
	.shortopts = "s:r:c:jp:w:n:",
	.longopts = longopts,
	.usage = usage,
	.option = option,
	.check_options = check_options,
	.before_load = before_load,
	.after_load = after_load,
	.timeout_ms = timeout_ms,
	.on_wake = on_wake,
	.report = report,
	.end = end,
};

int main(int argc, char **argv)
{
	struct bubble b = {
		.o = {
			.sample = 1,
			.rate = 1000,
			.pages = 64,
			.wakeup = WAKEUP_AUTO,
			.interval = 5,
		},
		.stats_fd = -1,
	};

	return xdp_tool_main(&bubble_packet, &b, argc, argv);
}
