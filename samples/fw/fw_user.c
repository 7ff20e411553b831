// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fw - filter_packet with a line for every dropped packet and
 * hello_packet's protocol counters; the user half of fw.bpf.c and
 * the C version of the workshop's fw.py.
 *
 * The deny file, its reloads and the per-rule counters are the same as
 * filter_packet's (samples/lib/filter_tool.c). On top of them:
 *  - drop events arrive through a BPF ring buffer, read with
 *    bb_ringbuf__new() and printed as
 *	drop 192.0.2.9 -> 192.0.2.2 ICMP 98 rule 192.0.2.0/24
 *  - the kernel side rate-limits those events per CPU and counts what
 *    it suppressed and what found the ring full (ev_stats); we print
 *    those counts with the protocol and rule counters, every --stats
 *    interval, on SIGUSR1 and at exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "barebpf.h"
#include "embed.h"
#include "filter_tool.h"
#include "fw.h"
#include "proto_report.h"
#include "percpu.h"
#include "pkt_format.h"
#include "ringbuf.h"
#include "xdp_cli.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(fw);

#define TOOL "fw"
#define POLL_MS 200	/* longest wait between reads of the ring */

struct options {
	struct xdp_cli cli;
	struct filter_opts f;
	unsigned long ev_rate;		/* events per second per CPU, 0: any */
	unsigned long ev_burst;		/* events at once */
	unsigned long rb_size;		/* ring buffer bytes */
	bool quiet;
	bool json;
};

/**
 * struct fw - the running firewall
 * @o:		the options
 * @f:		deny file and rule counters
 * @rep:	protocol counters
 * @stats_fd:	ev_stats, per-CPU __u64 per enum bb_fw_evstat
 * @proto_fd:	proto_stats
 * @received:	drop events read from the ring buffer
 */
struct fw {
	struct options *o;
	struct filter_state f;
	struct proto_report rep;
	int stats_fd;
	int proto_fd;
	__u64 received;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-d FILE] [--dst] [-s [-n SECONDS]] [-m MODE] [-F]\n"
"          [-r RATE] [-B BURST] [-b BYTES] [-q] [-j]\n"
"       " TOOL " --check [-d FILE]\n"
"\n"
"Drop the packets IFACE receives from the addresses and CIDR prefixes of\n"
"FILE, like filter_packet, print a line for each dropped packet and count\n"
"every packet per protocol, like hello_packet:\n"
"\n"
"  drop 192.0.2.9 -> 192.0.2.2 ICMP 98 rule 192.0.2.0/24\n"
"\n"
"Drop events are rate limited in the kernel, per CPU; the ones suppressed\n"
"and the ones that found the ring buffer full are counted. FILE is\n"
"re-read when it changes and on SIGHUP; a bad file changes nothing.\n"
"SIGUSR1 prints the protocol, event and rule counters; so does exiting.\n"
"\n"
"Options:\n"
XDP_CLI_HELP
FILTER_HELP
"  -r, --ev-rate RATE     drop events per second per CPU (default 100;\n"
"                         0: no limit)\n"
"  -B, --ev-burst BURST   events a CPU may send at once (default 50)\n"
"  -b, --ringbuf BYTES    ring buffer size, a power of two, at least 4096\n"
"                         (default 262144)\n"
"  -q, --quiet            no line per drop, counters only\n"
"  -j, --json             drop events as JSON objects\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0 -d /etc/deny\n"
"  " TOOL " -i veth1 -m skb -s -n 5 -r 10 -B 10\n"
"  " TOOL " --check -d ./deny\n"
"  kill -USR1 $(pidof " TOOL ")     # print the counters now\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static int parse_rb_size(struct options *o, const char *arg)
{
	if (xdp_cli_parse_ulong(TOOL, "-b", arg, 4096, 1UL << 30,
				&o->rb_size))
		return -1;
	if (o->rb_size & (o->rb_size - 1)) {
		fprintf(stderr, TOOL ": option -b wants a power of two, not '%s'.\n",
			arg);
		return -1;
	}
	return 0;
}

static int tool_option(struct options *o, int opt, const char *arg)
{
	switch (opt) {
	case 'r':
		return xdp_cli_parse_ulong(TOOL, "-r", arg, 0, 1000000000,
					   &o->ev_rate);
	case 'B':
		return xdp_cli_parse_ulong(TOOL, "-B", arg, 1, 1000000,
					   &o->ev_burst);
	case 'b':
		return parse_rb_size(o, arg);
	case 'q':
		o->quiet = true;
		return 0;
	case 'j':
		o->json = true;
		return 0;
	}
	return -1;		/* getopt_long() named the option */
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		XDP_CLI_LONGOPTS,
		FILTER_LONGOPTS,
		{ "ev-rate", required_argument, NULL, 'r' },
		{ "ev-burst", required_argument, NULL, 'B' },
		{ "ringbuf", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	while ((opt = getopt_long(argc, argv, XDP_CLI_SHORTOPTS
				  FILTER_SHORTOPTS "r:B:b:qj", longopts,
				  NULL)) != -1) {
		r = xdp_cli_option(&o->cli, opt, optarg);
		if (r == 0)
			r = filter_option(TOOL, &o->f, opt, optarg);
		if (r < 0 || (r == 0 && tool_option(o, opt, optarg)))
			return XDP_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, TOOL ": unexpected argument '%s'.\n",
			argv[optind]);
		return XDP_EXIT_USAGE;
	}
	return 0;
}

static int on_drop(void *ctx, void *data, size_t size)
{
	const struct bb_pkt_event *ev = data;
	const struct deny_rule *r;
	struct fw *fw = ctx;
	char pkt[160], rule[64];

	if (size < sizeof(*ev))
		return 0;
	fw->received++;
	if (fw->o->quiet)
		return 0;
	r = filter_rule(&fw->f, ev->rule);
	if (r)
		deny_rule_format(r, rule, sizeof(rule));
	else	/* removed by a reload since */
		snprintf(rule, sizeof(rule), "#%u", ev->rule);
	if (fw->o->json) {
		pkt_event_json(ev, rule, stdout);
		putchar('\n');
		return 0;
	}
	pkt_event_format(ev, pkt, sizeof(pkt));
	printf("drop %s rule %s\n", pkt, rule);
	return 0;
}

/* Protocol counters, event counters, rule counters. */
static void print_counters(struct fw *fw)
{
	__u64 sent = 0, supp = 0, full = 0;

	if (!proto_report_read(&fw->rep, fw->proto_fd))
		proto_report_print(&fw->rep, stdout, false);
	percpu_u64_sum(fw->stats_fd, BB_FW_EV_SENT, &sent);
	percpu_u64_sum(fw->stats_fd, BB_FW_EV_SUPPRESSED, &supp);
	percpu_u64_sum(fw->stats_fd, BB_FW_EV_RESERVE_FAIL, &full);
	printf("events: %llu sent, %llu received, %llu suppressed (rate limit), %llu ring buffer full\n",
	       (unsigned long long)sent, (unsigned long long)fw->received,
	       (unsigned long long)supp, (unsigned long long)full);
	filter_print_stats(&fw->f);
}

/* Wait for drops, signals, deny file changes and --stats ticks. */
static int event_loop(struct fw *fw, struct bb_ringbuf *rb)
{
	struct pollfd pfd[2] = {
		{ .fd = fw->f.watch_fd, .events = POLLIN },
		{ .fd = bb_ringbuf__epoll_fd(rb), .events = POLLIN },
	};
	int timeout, n;

	while (!xdp_cli_stop) {
		timeout = filter_timeout_ms(&fw->f);
		if (timeout < 0 || timeout > POLL_MS)
			timeout = POLL_MS;
		n = xdp_cli_wait(&fw->o->cli, pfd, 2, timeout);
		if (n == -ENODEV)
			return n;	/* xdp_cli_wait() said why */
		/* On a timeout too: BPF wakes us only now and then. */
		if (n >= 0)
			n = bb_ringbuf__consume(rb);
		fflush(stdout);
		if (n < 0) {
			fprintf(stderr, TOOL ": waiting for events failed: %s.\n",
				strerror(-n));
			return n;
		}
		if (xdp_cli_stop)
			break;
		if (filter_after_wait(&fw->f, pfd[0].revents & POLLIN))
			print_counters(fw);
	}
	return 0;
}

/* Size the maps, set .rodata, load. */
static int load_object(struct fw *fw, struct bb_object **objp)
{
	struct options *o = fw->o;
	struct bb_object_opts oo = { .name = TOOL };
	struct bb_xdp_cfg cfg = {
		.match_dst = o->f.match_dst,
		.ev_rate = o->ev_rate,
		.ev_burst = o->ev_burst,
	};
	int err;

	err = bb_object__open_mem(BB_EMBED_DATA(fw), BB_EMBED_SIZE(fw), &oo,
				  objp);
	if (err)
		return err;
	if (filter_size_maps(&fw->f, &o->cli, *objp) ||
	    xdp_cli_resize(&o->cli, *objp, "events", o->rb_size) ||
	    xdp_cli_set_cfg(&o->cli, *objp, &cfg))
		return -EINVAL;
	return bb_object__load(*objp);
}

/* Load, fill the tries, start the reader; then the caller attaches. */
static int prepare(struct fw *fw, struct bb_object **objp,
		   struct bb_ringbuf **rbp)
{
	struct xdp_cli *cli = &fw->o->cli;
	int events_fd;

	if (load_object(fw, objp))
		return -1;	/* the loader said why */
	events_fd = xdp_cli_map_fd(cli, *objp, "events");
	fw->stats_fd = xdp_cli_map_fd(cli, *objp, "ev_stats");
	fw->proto_fd = xdp_cli_map_fd(cli, *objp, "proto_stats");
	if (events_fd < 0 || fw->stats_fd < 0 || fw->proto_fd < 0)
		return -1;
	if (filter_fill(&fw->f, cli, *objp))
		return -1;
	return bb_ringbuf__new(events_fd, on_drop, fw, rbp);
}

static int run(struct options *o)
{
	struct fw fw = { .o = o };
	struct bb_object *obj = NULL;
	struct bb_ringbuf *rb = NULL;
	int ret = XDP_EXIT_FAIL, prog_fd;

	if (proto_report_init(&fw.rep)) {
		fprintf(stderr, TOOL ": cannot count the possible CPUs.\n");
		return ret;
	}
	if (xdp_cli_signals(&o->cli)) {
		fprintf(stderr, TOOL ": cannot install signal handlers: %s.\n",
			strerror(errno));
		goto free_report;
	}
	if (filter_begin(&fw.f, TOOL, &o->f))
		goto free_report;
	if (prepare(&fw, &obj, &rb))
		goto close_obj;	/* the reader is its last step */
	prog_fd = xdp_cli_prog_fd(&o->cli, obj, TOOL);
	if (prog_fd < 0 || xdp_cli_attach(&o->cli, prog_fd, TOOL))
		goto free_rb;
	filter_announce(&fw.f);

	fw.rep.prev_ns = xdp_cli_now_ns();
	ret = event_loop(&fw, rb) ? XDP_EXIT_FAIL : XDP_EXIT_OK;
	xdp_cli_detach(&o->cli);
	bb_ringbuf__consume(rb);	/* drops from before the detach */
	fflush(stdout);
	print_counters(&fw);
free_rb:
	bb_ringbuf__free(rb);
close_obj:
	bb_object__close(obj);
	filter_end(&fw.f);
free_report:
	proto_report_free(&fw.rep);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o = {
		.ev_rate = 100,
		.ev_burst = 50,
		.rb_size = 256 * 1024,
	};
	int ret;

	xdp_cli_init(&o.cli, TOOL);
	filter_opts_init(&o.f);
	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;	/* getopt or the option's parser said why */
	if (o.cli.help) {
		usage(stdout);
		return XDP_EXIT_OK;
	}
	if (o.f.check)
		return filter_check_only(TOOL, &o.f);
	ret = xdp_cli_resolve(&o.cli);
	if (ret)
		return ret;
	return run(&o);
}
