// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hello_packet - count what an interface receives, per protocol.
 *
 * The user half of hello_packet.bpf.c: load the embedded object,
 * attach its XDP program, then every few seconds add up the per-CPU
 * counters and print them, the way the workshop's lizrice.py did:
 *
 *	Protocol ICMP: counter 3 (1.5 pkt/s, 294 bytes, 147 B/s), ...
 *
 * On Ctrl-C (SIGINT) or SIGTERM it detaches, prints the totals one last
 * time and exits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "embed.h"
#include "proto_report.h"
#include "xdp_cli.h"

BB_EMBED_DECLARE(hello_packet);

#define TOOL "hello_packet"

struct options {
	struct xdp_cli cli;
	unsigned long interval;		/* seconds between reports */
	unsigned long count;		/* reports before exiting, 0: no end */
	bool json;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-m MODE] [-F] [-n SECONDS] [-c COUNT] [-j]\n"
"\n"
"Count the packets and bytes IFACE receives per protocol (ICMP, TCP, UDP,\n"
"ICMPv6, other IPv4, other IPv6, non-IP) with an XDP program that lets\n"
"every packet pass, and print the totals and rates periodically.\n"
"\n"
"Options:\n"
XDP_CLI_HELP
"  -n, --interval SECONDS report every SECONDS (default 2)\n"
"  -c, --count COUNT      exit after COUNT reports (default: run until\n"
"                         SIGINT/SIGTERM)\n"
"  -j, --json             one JSON object per report instead of text\n"
"\n"
"On SIGINT or SIGTERM the program is detached and the totals printed.\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0\n"
"  " TOOL " -i veth1 -m skb -n 1 -j\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		XDP_CLI_LONGOPTS,
		{ "interval", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	while ((opt = getopt_long(argc, argv, XDP_CLI_SHORTOPTS "n:c:j",
				  longopts, NULL)) != -1) {
		r = xdp_cli_option(&o->cli, opt, optarg);
		if (r < 0)
			return XDP_EXIT_USAGE;
		if (r > 0)
			continue;
		switch (opt) {
		case 'n':
			if (xdp_cli_parse_ulong(TOOL, "-n", optarg, 1, 3600,
						&o->interval))
				return XDP_EXIT_USAGE;
			break;
		case 'c':
			if (xdp_cli_parse_ulong(TOOL, "-c", optarg, 1,
						1UL << 31, &o->count))
				return XDP_EXIT_USAGE;
			break;
		case 'j':
			o->json = true;
			break;
		default:	/* getopt_long() named the option */
			return XDP_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, TOOL ": unexpected argument '%s'.\n",
			argv[optind]);
		return XDP_EXIT_USAGE;
	}
	return 0;
}

static int open_and_load(struct bb_object **objp)
{
	struct bb_object_opts oo = { .name = TOOL };
	int err;

	err = bb_object__open_mem(BB_EMBED_DATA(hello_packet),
				  BB_EMBED_SIZE(hello_packet), &oo, objp);
	if (!err)
		err = bb_object__load(*objp);
	return err;
}

/* Report every interval until told to stop or -c reports are done. */
static int report_loop(struct options *o, struct proto_report *rep,
		       int map_fd)
{
	unsigned long done = 0;
	int err;

	while (!xdp_cli_stop) {
		err = xdp_cli_wait(&o->cli, NULL, 0, o->interval * 1000);
		if (err < 0 || xdp_cli_stop)
			return err;
		err = proto_report_read(rep, map_fd);
		if (err) {
			fprintf(stderr, TOOL ": reading map proto_stats failed: %s.\n",
				strerror(-err));
			return err;
		}
		proto_report_print(rep, stdout, o->json);
		if (o->count && ++done >= o->count)
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { .interval = 2 };
	struct proto_report rep;
	struct bb_object *obj = NULL;
	int ret, err, map_fd, prog_fd;

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

	ret = XDP_EXIT_FAIL;
	if (proto_report_init(&rep)) {
		fprintf(stderr, TOOL ": cannot count the possible CPUs.\n");
		return ret;
	}
	if (xdp_cli_signals(&o.cli)) {
		fprintf(stderr, TOOL ": cannot install signal handlers: %s.\n",
			strerror(errno));
		goto free_report;
	}
	if (open_and_load(&obj))
		goto close_obj;		/* the loader said why */
	map_fd = xdp_cli_map_fd(&o.cli, obj, "proto_stats");
	prog_fd = xdp_cli_prog_fd(&o.cli, obj, TOOL);
	if (map_fd < 0 || prog_fd < 0)
		goto close_obj;
	if (xdp_cli_attach(&o.cli, prog_fd, TOOL))
		goto close_obj;

	rep.prev_ns = xdp_cli_now_ns();
	err = report_loop(&o, &rep, map_fd);
	xdp_cli_detach(&o.cli);
	/* Final totals, unless -c just printed the last report. */
	if (err == 0 && !proto_report_read(&rep, map_fd))
		proto_report_print(&rep, stdout, o.json);
	ret = err < 0 ? XDP_EXIT_FAIL : XDP_EXIT_OK;
close_obj:
	bb_object__close(obj);
free_report:
	proto_report_free(&rep);
	return ret;
}
