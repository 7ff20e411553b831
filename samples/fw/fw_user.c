// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fw - filter_packet with a line for every dropped packet and
 * hello_packet's protocol counters; the user half of fw.bpf.c and the C
 * version of the workshop's fw.py.
 *
 * The steps every XDP tool takes are xdp_tool_main()'s (xdp_tool.h).
 * The deny file, its reloads and the per-rule counters are the same as
 * filter_packet's (filter_tool.c). On top of them:
 *  - drop events arrive through a BPF ring buffer, read with
 *    bb_ringbuf__new() and printed, with the time the program saw the
 *    packet, as
 *	19:04:55.123456 drop 192.0.2.9 -> 192.0.2.2 ICMP 98 rule 192.0.2.0/24
 *  - the kernel side rate-limits those events per CPU and counts what
 *    it suppressed and what found the ring full (ev_stats); we print
 *    those counts with the protocol and rule counters, every --stats
 *    interval, on SIGUSR1 and at exit, after a line with the time
 *    ("--- 19:04:55.123456 ---"; with -j a "timestamp").
 * On several interfaces (-i given again) the one program drops on all
 * of them, counting in the same rule and protocol counters; a drop line
 * then names the interface the packet came in on (ctx->ingress_ifindex),
 * and every block of counters the interfaces it counts.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "barebpf.h"
#include "embed.h"
#include "filter_tool.h"
#include "fw.h"
#include "percpu.h"
#include "pkt_format.h"
#include "proto_report.h"
#include "ringbuf.h"
#include "wallclock.h"
#include "xdp_tool.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(fw);

#define TOOL "fw"
#define POLL_MS 200	/* longest wait between reads of the ring */

struct options {
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
 * @cli:	the interfaces, to name them
 * @f:		deny file and rule counters
 * @rep:	protocol counters
 * @rb:		the drop events' reader
 * @stats_fd:	ev_stats, per-CPU __u64 per enum bb_fw_evstat
 * @proto_fd:	proto_stats
 * @wall_off_ns: CLOCK_REALTIME - CLOCK_MONOTONIC at start, for the times
 * @received:	drop events read from the ring buffer
 */
struct fw {
	struct options o;
	const struct xdp_cli *cli;
	struct filter_state f;
	struct proto_report rep;
	struct bb_ringbuf *rb;
	int stats_fd;
	int proto_fd;
	__s64 wall_off_ns;
	__u64 received;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-i IFACE]... [-d FILE] [--dst] [-s [-n SECONDS]] [-m MODE]\n"
"          [-F] [-r RATE] [-B BURST] [-b BYTES] [-q] [-j]\n"
"       " TOOL " -i IFACE [-i IFACE]... --allow FILE [--allow-strict] [...]\n"
"       " TOOL " --check [-d FILE]\n"
"       " TOOL " --status -i IFACE [-j]\n"
"\n"
"Drop the packets IFACE receives that a rule of FILE matches (addresses,\n"
"prefixes, protocols, ports, ICMP types), like filter_packet, print a\n"
"line for each dropped packet and count every packet per protocol, like\n"
"hello_packet:\n"
"\n"
"  19:04:55.123456 drop 192.0.2.9 -> 192.0.2.2 ICMP 98 rule 192.0.2.0/24\n"
"  19:04:55.123502 drop 192.0.2.1:40000 -> 192.0.2.2:22 TCP 74 rule tcp dport 22\n"
"\n"
"The time is when the XDP program dropped the packet, in local time\n"
"(with -j: \"timestamp\", RFC 3339 UTC).\n"
"Drop events are rate limited in the kernel, per CPU; the ones suppressed\n"
"and the ones that found the ring buffer full are counted. FILE is\n"
"re-read once quiet for 100 ms after a change, and on SIGHUP; a bad file,\n"
"or an empty one without a line '# empty', changes nothing.\n"
"With --allow FILE only what a rule matches passes; the rest is dropped\n"
"(ARP and IPv6 neighbour discovery excepted unless --allow-strict), its\n"
"drop lines say \"rule default\", and the rule counters count passes.\n"
"SIGUSR1 prints the protocol, event and rule counters; so does exiting.\n"
"Each such block starts with a line \"--- 19:04:55.123456 ---\" saying\n"
"when the counters were read.\n"
"With several -i one program drops on all of them and counts in the same\n"
"counters, each block of which then names them in a line \"interfaces:\n"
"veth1, veth3\" after the time; a drop line names, after the time, the\n"
"interface the packet came in on:\n"
"\n"
"  19:04:55.123456 veth3 drop 192.0.2.9 -> 192.0.2.2 ICMP 98 rule 192.0.2.0/24\n"
"\n"
"(with -j: \"interfaces\" and \"interface\", always).\n"
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
"  -j, --json             JSON lines: drop events, and the counters as\n"
"                         objects of \"type\":\"counters\", each with a\n"
"                         \"timestamp\" (RFC 3339 UTC); --status as one\n"
"                         object of \"type\":\"status\"\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0 -d /etc/deny\n"
"  " TOOL " -i veth1 -m skb -s -n 5 -r 10 -B 10\n"
"  " TOOL " -i eth0 -i eth1 -d /etc/deny\n"
"  " TOOL " -i eth0 --allow /etc/allow\n"
"  " TOOL " --check -d ./deny\n"
"  " TOOL " --status -i eth0        # from another shell\n"
"  kill -USR1 $(pidof " TOOL ")     # print the counters now\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static const struct option fw_longopts[] = {
	{ "ev-rate", required_argument, NULL, 'r' },
	{ "ev-burst", required_argument, NULL, 'B' },
	{ "ringbuf", required_argument, NULL, 'b' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

static const struct option *const longopts[] = {
	filter_longopts, fw_longopts, NULL
};

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

static int option(void *ctx, int opt, const char *arg)
{
	struct options *o = &((struct fw *)ctx)->o;
	int r = filter_option(TOOL, &o->f, opt, arg);

	if (r)
		return r > 0 ? 0 : -1;
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
	return -1;
}

static int check_options(void *ctx)
{
	struct fw *fw = ctx;

	return filter_check_options(TOOL, &fw->o.f);
}

/* --check, --status: attach nothing. */
static int standalone(void *ctx, struct xdp_cli *cli)
{
	struct fw *fw = ctx;

	return filter_standalone(TOOL, &fw->o.f, cli, fw->o.json);
}

/* The protocol counters, and the whole deny file, before any loading. */
static int begin(void *ctx)
{
	struct fw *fw = ctx;

	fw->wall_off_ns = wallclock_offset_ns();
	if (proto_report_init(&fw->rep, fw->wall_off_ns)) {
		fprintf(stderr, TOOL ": cannot count the possible CPUs.\n");
		return -1;
	}
	if (!filter_begin(&fw->f, TOOL, &fw->o.f))
		return 0;
	proto_report_free(&fw->rep);
	return -1;
}

/* Size the maps, set .rodata. */
static int before_load(void *ctx, const struct xdp_cli *cli,
		       struct bb_object *obj)
{
	struct fw *fw = ctx;
	struct options *o = &fw->o;
	struct bb_xdp_cfg cfg = {
		.match_dst = o->f.match_dst,
		.allow = o->f.allow,
		.allow_strict = o->f.allow_strict,
		.ev_rate = o->ev_rate,
		.ev_burst = o->ev_burst,
	};

	if (filter_size_maps(&fw->f, cli, obj) ||
	    xdp_cli_resize(cli, obj, "events", o->rb_size))
		return -1;
	return xdp_cli_set_cfg(cli, obj, &cfg);
}

static int on_drop(void *ctx, void *data, size_t size)
{
	const struct bb_pkt_event *ev = data;
	const struct deny_rule *r;
	struct fw *fw = ctx;
	char pkt[160], rule[DENY_RULE_STRLEN], time[WALLCLOCK_LEN];
	char iface[XDP_CLI_IFACE_MAX];

	if (size < sizeof(*ev))
		return 0;
	fw->received++;
	if (fw->o.quiet)
		return 0;
	r = filter_rule(&fw->f, ev->rule);
	if (ev->rule == BB_DEFAULT_RULE)	/* allow mode, no rule matched */
		snprintf(rule, sizeof(rule), "default");
	else if (r)
		deny_rule_format(r, rule, sizeof(rule));
	else	/* removed by a reload since */
		snprintf(rule, sizeof(rule), "#%u", ev->rule);
	if (fw->o.json) {
		pkt_event_json(ev, xdp_cli_ifname(fw->cli, ev->ifindex), rule,
			       fw->wall_off_ns, stdout);
		putchar('\n');
		return 0;
	}
	wallclock_str(ev->ts_ns, fw->wall_off_ns, false, time, sizeof(time));
	xdp_cli_line_iface(fw->cli, ev->ifindex, iface, sizeof(iface));
	pkt_event_format(ev, pkt, sizeof(pkt));
	printf("%s %sdrop %s rule %s\n", time, iface, pkt, rule);
	return 0;
}

/*
 * With -j every line of stdout is one JSON object: drops as they come,
 * and the counters (SIGUSR1, --stats, exit) as one object of type
 * "counters", read at @now.
 */
static void print_counters_json(struct fw *fw, __u64 now, __u64 sent,
				__u64 supp, __u64 full)
{
	char stamp[WALLCLOCK_LEN];

	wallclock_str(now, fw->wall_off_ns, true, stamp, sizeof(stamp));
	printf("{\"type\":\"counters\",\"timestamp\":\"%s\",", stamp);
	xdp_cli_json_ifaces(fw->cli, stdout);
	putchar(',');
	if (!proto_report_read(&fw->rep, fw->proto_fd)) {
		proto_report_json_members(&fw->rep, stdout);
		putchar(',');
	}
	printf("\"events\":{\"sent\":%llu,\"received\":%llu,\"suppressed\":%llu,\"ringbuf_full\":%llu}",
	       (unsigned long long)sent, (unsigned long long)fw->received,
	       (unsigned long long)supp, (unsigned long long)full);
	putchar(',');
	if (deny_table_json_members(&fw->f.table, stdout))
		printf("\"rules\":null");
	printf("}\n");
	fflush(stdout);
}

/*
 * The time, our interfaces if several, protocol counters, event
 * counters, rule counters.
 */
static void print_counters(struct fw *fw)
{
	__u64 sent = 0, supp = 0, full = 0, now = xdp_cli_now_ns();

	percpu_u64_sum(fw->stats_fd, BB_FW_EV_SENT, &sent);
	percpu_u64_sum(fw->stats_fd, BB_FW_EV_SUPPRESSED, &supp);
	percpu_u64_sum(fw->stats_fd, BB_FW_EV_RESERVE_FAIL, &full);
	if (fw->o.json) {
		print_counters_json(fw, now, sent, supp, full);
		return;
	}
	wallclock_print_separator(stdout, now, fw->wall_off_ns);
	xdp_cli_print_ifaces(fw->cli, stdout);
	if (!proto_report_read(&fw->rep, fw->proto_fd))
		proto_report_print_line(&fw->rep, stdout);
	printf("events: %llu sent, %llu received, %llu suppressed (rate limit), %llu ring buffer full\n",
	       (unsigned long long)sent, (unsigned long long)fw->received,
	       (unsigned long long)supp, (unsigned long long)full);
	filter_print_stats(&fw->f);
}

/* Fill the tries and start the reader; then xdp_tool_main() attaches. */
static int after_load(void *ctx, const struct xdp_cli *cli,
		      struct bb_object *obj, struct xdp_wait *wait)
{
	struct fw *fw = ctx;
	int events_fd;

	fw->cli = cli;
	events_fd = xdp_cli_map_fd(cli, obj, "events");
	fw->stats_fd = xdp_cli_map_fd(cli, obj, "ev_stats");
	fw->proto_fd = xdp_cli_map_fd(cli, obj, "proto_stats");
	if (events_fd < 0 || fw->stats_fd < 0 || fw->proto_fd < 0)
		return -1;
	if (filter_fill(&fw->f, cli, obj) ||
	    bb_ringbuf__new(events_fd, on_drop, fw, &fw->rb))
		return -1;
	wait->fds[0] = (struct pollfd){ .fd = fw->f.watch.fd, .events = POLLIN };
	wait->fds[1] = (struct pollfd){
		.fd = bb_ringbuf__epoll_fd(fw->rb), .events = POLLIN,
	};
	wait->nfds = 2;
	fw->rep.prev_ns = xdp_cli_now_ns();
	return 0;
}

static void attached(void *ctx, const struct xdp_cli *cli)
{
	struct fw *fw = ctx;

	filter_attached(&fw->f, cli);
}

/* The next --stats tick, but the ring is read at least every POLL_MS. */
static int timeout_ms(void *ctx)
{
	struct fw *fw = ctx;
	int timeout = filter_timeout_ms(&fw->f);

	return timeout < 0 || timeout > POLL_MS ? POLL_MS : timeout;
}

/* Drops, deny file changes, SIGHUP and SIGUSR1, --stats ticks. */
static int on_wake(void *ctx, const struct xdp_wait *wait, int ready)
{
	struct fw *fw = ctx;
	int n;

	/* On a timeout too: BPF wakes us only now and then. */
	n = bb_ringbuf__consume(fw->rb);
	fflush(stdout);
	if (n < 0) {
		fprintf(stderr, TOOL ": reading the ring buffer failed: %s.\n",
			strerror(-n));
		return n;
	}
	if (xdp_cli_stop)
		return 0;
	if (filter_after_wait(&fw->f, ready && wait->fds[0].revents & POLLIN))
		print_counters(fw);
	return 0;
}

static void report(void *ctx, int err)
{
	struct fw *fw = ctx;

	(void)err;
	bb_ringbuf__consume(fw->rb);	/* drops from before the detach */
	fflush(stdout);
	print_counters(fw);
}

static void end(void *ctx)
{
	struct fw *fw = ctx;

	bb_ringbuf__free(fw->rb);
	filter_end(&fw->f);
	proto_report_free(&fw->rep);
}

static const struct xdp_tool fw_tool = {
	.name = TOOL,
	.obj = BB_EMBED_OBJECT(fw),
	.shortopts = FILTER_SHORTOPTS "r:B:b:qj",
	.longopts = longopts,
	.usage = usage,
	.option = option,
	.check_options = check_options,
	.standalone = standalone,
	.begin = begin,
	.before_load = before_load,
	.after_load = after_load,
	.attached = attached,
	.timeout_ms = timeout_ms,
	.on_wake = on_wake,
	.report = report,
	.end = end,
};

int main(int argc, char **argv)
{
	struct fw fw = {
		.o = { .ev_rate = 100, .ev_burst = 50, .rb_size = 256 * 1024 },
		.stats_fd = -1,
		.proto_fd = -1,
	};

	filter_opts_init(&fw.o.f);
	return xdp_tool_main(&fw_tool, &fw, argc, argv);
}
