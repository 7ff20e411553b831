// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_packet - drop packets whose source (or, with --dst, destination)
 * is in a deny file; the user half of filter_packet.bpf.c.
 *
 * The deny file, its reloads and the per-rule counters are handled by
 * samples/lib/filter_tool.c, which fw shares; it also explains
 * the order of start-up (parse, load and fill, then attach). What is
 * left here is the command line and the loop that waits for signals,
 * deny file changes and --stats ticks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "embed.h"
#include "filter_tool.h"
#include "xdp_cli.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(filter_packet);

#define TOOL "filter_packet"

struct options {
	struct xdp_cli cli;
	struct filter_opts f;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-d FILE] [--dst] [-s [-n SECONDS]] [-m MODE] [-F]\n"
"       " TOOL " --check [-d FILE]\n"
"\n"
"Drop the packets IFACE receives from the IPv4/IPv6 addresses and CIDR\n"
"prefixes listed in FILE; pass everything else, including what is not IP\n"
"(ARP) or too short to read. FILE has one address or prefix per line,\n"
"'#' comments and blank lines. It is re-read when it changes and on\n"
"SIGHUP; a bad file is rejected whole, with FILE:LINE, and the rules in\n"
"force stay. SIGUSR1 prints the per-rule counters; so does exiting.\n"
"\n"
"Options:\n"
XDP_CLI_HELP
FILTER_HELP
"\n"
"Examples:\n"
"  " TOOL " -i eth0 -d /etc/deny\n"
"  " TOOL " -i veth1 -m skb --dst -s -n 5\n"
"  " TOOL " --check -d ./deny\n"
"  kill -HUP $(pidof " TOOL ")      # re-read the deny file now\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		XDP_CLI_LONGOPTS,
		FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	while ((opt = getopt_long(argc, argv,
				  XDP_CLI_SHORTOPTS FILTER_SHORTOPTS,
				  longopts, NULL)) != -1) {
		r = xdp_cli_option(&o->cli, opt, optarg);
		if (r == 0)
			r = filter_option(TOOL, &o->f, opt, optarg);
		if (r <= 0)	/* an error, or getopt_long() named it */
			return XDP_EXIT_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, TOOL ": unexpected argument '%s'.\n",
			argv[optind]);
		return XDP_EXIT_USAGE;
	}
	return 0;
}

/* Size the maps, set .rodata, load. */
static int load_object(struct options *o, struct filter_state *f,
		       struct bb_object **objp)
{
	struct bb_object_opts oo = { .name = TOOL };
	struct bb_xdp_cfg cfg = { .match_dst = o->f.match_dst };
	int err;

	err = bb_object__open_mem(BB_EMBED_DATA(filter_packet),
				  BB_EMBED_SIZE(filter_packet), &oo, objp);
	if (err)
		return err;
	if (filter_size_maps(f, &o->cli, *objp) ||
	    xdp_cli_set_cfg(&o->cli, *objp, &cfg))
		return -EINVAL;
	return bb_object__load(*objp);
}

/* Wait for signals, deny file changes and --stats ticks. */
static int event_loop(struct options *o, struct filter_state *f)
{
	struct pollfd pfd = { .fd = f->watch_fd, .events = POLLIN };
	int n;

	while (!xdp_cli_stop) {
		n = xdp_cli_wait(&o->cli, &pfd, 1, filter_timeout_ms(f));
		if (n == -ENODEV)
			return n;	/* xdp_cli_wait() said why */
		if (n < 0) {
			fprintf(stderr, TOOL ": waiting for events failed: %s.\n",
				strerror(-n));
			return n;
		}
		if (xdp_cli_stop)
			break;
		if (filter_after_wait(f, n > 0))
			filter_print_stats(f);
	}
	return 0;
}

static int run(struct options *o)
{
	struct bb_object *obj = NULL;
	struct filter_state f;
	int ret = XDP_EXIT_FAIL, prog_fd;

	if (xdp_cli_signals(&o->cli)) {
		fprintf(stderr, TOOL ": cannot install signal handlers: %s.\n",
			strerror(errno));
		return XDP_EXIT_FAIL;
	}
	if (filter_begin(&f, TOOL, &o->f))
		return XDP_EXIT_FAIL;
	if (load_object(o, &f, &obj))
		goto close_obj;
	prog_fd = xdp_cli_prog_fd(&o->cli, obj, TOOL);
	if (prog_fd < 0 || filter_fill(&f, &o->cli, obj))
		goto close_obj;
	if (xdp_cli_attach(&o->cli, prog_fd, TOOL))
		goto close_obj;
	filter_announce(&f);

	ret = event_loop(o, &f) ? XDP_EXIT_FAIL : XDP_EXIT_OK;
	xdp_cli_detach(&o->cli);
	filter_print_stats(&f);
close_obj:
	bb_object__close(obj);
	filter_end(&f);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o;
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
