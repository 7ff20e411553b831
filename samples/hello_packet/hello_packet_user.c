// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hello_packet - count what an interface receives, per protocol.
 *
 * The user half of hello_packet.bpf.c: xdp_tool_main() loads the
 * embedded object and attaches its XDP program to every -i; every few
 * seconds this file adds up the per-CPU counters and prints them, the
 * way the workshop's lizrice.py did, after a line with the time they
 * were read:
 *
 *	--- 19:04:55.123456 ---
 *	Protocol ICMP: counter 3 (1.5 pkt/s, 294 bytes, 147 B/s), ...
 *
 * One program on several interfaces counts them all together; a line
 * "interfaces: veth1, veth3" after the time then says which (with -j
 * every object has "interfaces").
 *
 * On Ctrl-C (SIGINT) or SIGTERM it detaches, prints the totals one last
 * time and exits.
 */
#include <stdio.h>
#include <string.h>

#include "barebpf.h"
#include "embed.h"
#include "proto_report.h"
#include "wallclock.h"
#include "xdp_tool.h"

BB_EMBED_DECLARE(hello_packet);

#define TOOL "hello_packet"

/**
 * struct hello - options and state
 * @interval:	-n, seconds between reports
 * @count:	-c, reports before exiting, 0: no end
 * @json:	-j
 * @done:	reports printed
 * @map_fd:	proto_stats
 * @cli:	the interfaces, for the reports
 * @rep:	the counters and their rates
 */
struct hello {
	unsigned long interval;
	unsigned long count;
	bool json;
	unsigned long done;
	int map_fd;
	const struct xdp_cli *cli;
	struct proto_report rep;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-i IFACE]... [-m MODE] [-F] [-n SECONDS]\n"
"                    [-c COUNT] [-j]\n"
"\n"
"Count the packets and bytes IFACE receives per protocol (ICMP, TCP, UDP,\n"
"ICMPv6, other IPv4, other IPv6, non-IP) with an XDP program that lets\n"
"every packet pass, and print the totals and rates periodically, each\n"
"report after a line with the time of day it was taken:\n"
"\n"
"  --- 19:04:55.123456 ---\n"
"  Protocol ICMP: counter 3 (1.5 pkt/s, 294 bytes, 147 B/s)\n"
"\n"
"With several -i one program counts what all of them receive, together,\n"
"and each report names them in a line \"interfaces: veth1, veth3\" after\n"
"the time (with -j: \"interfaces\", always).\n"
"\n"
"Options:\n"
XDP_CLI_HELP
"  -n, --interval SECONDS report every SECONDS (default 2)\n"
"  -c, --count COUNT      exit after COUNT reports (default: run until\n"
"                         SIGINT/SIGTERM)\n"
"  -j, --json             one JSON object per report instead of text,\n"
"                         the time as \"timestamp\" (RFC 3339 UTC)\n"
"\n"
"On SIGINT or SIGTERM the program is detached and the totals printed.\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0\n"
"  " TOOL " -i veth1 -m skb -n 1 -j\n"
"  " TOOL " -i veth1 -i veth3\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static const struct option hello_longopts[] = {
	{ "interval", required_argument, NULL, 'n' },
	{ "count", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

static const struct option *const longopts[] = { hello_longopts, NULL };

static int option(void *ctx, int opt, const char *arg)
{
	struct hello *h = ctx;

	switch (opt) {
	case 'n':
		return xdp_cli_parse_ulong(TOOL, "-n", arg, 1, 3600,
					   &h->interval);
	case 'c':
		return xdp_cli_parse_ulong(TOOL, "-c", arg, 1, 1UL << 31,
					   &h->count);
	case 'j':
		h->json = true;
		return 0;
	}
	return -1;
}

static int begin(void *ctx)
{
	struct hello *h = ctx;

	if (!proto_report_init(&h->rep, wallclock_offset_ns()))
		return 0;
	fprintf(stderr, TOOL ": cannot count the possible CPUs.\n");
	return -1;
}

static int after_load(void *ctx, const struct xdp_cli *cli,
		      struct bb_object *obj, struct xdp_wait *wait)
{
	struct hello *h = ctx;

	(void)wait;		/* nothing to wait on but the clock */
	h->cli = cli;
	h->map_fd = xdp_cli_map_fd(cli, obj, "proto_stats");
	h->rep.prev_ns = xdp_cli_now_ns();
	return h->map_fd < 0 ? -1 : 0;
}

static int timeout_ms(void *ctx)
{
	const struct hello *h = ctx;

	return h->interval * 1000;
}

/*
 * One report: a separator with the time the counters were read, our
 * interfaces if several, the counters; with -j one JSON object, that
 * time first as "timestamp" (RFC 3339 UTC).
 */
static void print_report(struct hello *h)
{
	struct proto_report *r = &h->rep;
	char stamp[WALLCLOCK_LEN];

	if (!h->json) {
		wallclock_print_separator(stdout, r->now_ns, r->wall_off_ns);
		xdp_cli_print_ifaces(h->cli, stdout);
		proto_report_print_line(r, stdout);
		return;
	}
	wallclock_str(r->now_ns, r->wall_off_ns, true, stamp, sizeof(stamp));
	printf("{\"timestamp\":\"%s\",", stamp);
	xdp_cli_json_ifaces(h->cli, stdout);
	putchar(',');
	proto_report_json_members(r, stdout);
	printf("}\n");
	fflush(stdout);
}

/* One report per interval; done after -c of them. */
static int on_wake(void *ctx, const struct xdp_wait *wait, int ready)
{
	struct hello *h = ctx;
	int err;

	(void)wait;
	(void)ready;
	if (xdp_cli_stop)
		return 0;	/* the final report comes after detaching */
	err = proto_report_read(&h->rep, h->map_fd);
	if (err) {
		fprintf(stderr, TOOL ": reading map proto_stats failed: %s.\n",
			strerror(-err));
		return err;
	}
	print_report(h);
	return h->count && ++h->done >= h->count;
}

/* Final totals, unless -c just printed the last report. */
static void report(void *ctx, int err)
{
	struct hello *h = ctx;

	if (err == 0 && !proto_report_read(&h->rep, h->map_fd))
		print_report(h);
}

static void end(void *ctx)
{
	struct hello *h = ctx;

	proto_report_free(&h->rep);
}

static const struct xdp_tool hello_packet = {
	.name = TOOL,
	.obj = BB_EMBED_OBJECT(hello_packet),
	.shortopts = "n:c:j",
	.longopts = longopts,
	.usage = usage,
	.option = option,
	.begin = begin,
	.after_load = after_load,
	.timeout_ms = timeout_ms,
	.on_wake = on_wake,
	.report = report,
	.end = end,
};

int main(int argc, char **argv)
{
	struct hello h = { .interval = 2, .map_fd = -1 };

	return xdp_tool_main(&hello_packet, &h, argc, argv);
}
