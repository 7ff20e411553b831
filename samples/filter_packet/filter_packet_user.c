// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_packet - drop packets whose source (or, with --dst, destination),
 * protocol or port a deny file names; the user half of
 * filter_packet.bpf.c.
 *
 * The steps every XDP tool takes are xdp_tool_main()'s (xdp_tool.h).
 * The deny file, its reloads and the per-rule counters are
 * filter_tool.c's, which fw shares; it also explains the order of
 * start-up (parse the file, load and fill the maps, then attach). What
 * is left here is the command line and what this tool does at each step.
 */
#include <stdio.h>

#include "barebpf.h"
#include "embed.h"
#include "filter_tool.h"
#include "xdp_tool.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(filter_packet);

#define TOOL "filter_packet"

struct filter_packet {
	struct filter_opts o;
	struct filter_state f;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-d FILE] [--dst] [-s [-n SECONDS]] [-m MODE] [-F]\n"
"       " TOOL " --check [-d FILE]\n"
"\n"
"Drop the packets IFACE receives that a rule of FILE matches, and pass\n"
"everything else, including what is not IP (ARP) or too short to read.\n"
"A rule is a source address or CIDR prefix (IPv4 or IPv6), a protocol\n"
"(tcp, udp, sctp, icmp, icmpv6) with an optional port or ICMP type, or\n"
"both; one a line, '#' starts a comment:\n"
"\n"
"  198.51.100.0/24\n"
"  203.0.113.0/24 tcp dport 22\n"
"  udp sport 53\n"
"  icmp type 8\n"
"\n"
"A packet several rules match counts on the most specific one. FILE is\n"
"re-read once it has been quiet for 100 ms after a change, and at once\n"
"on SIGHUP; a bad file is rejected whole, with FILE:LINE, and the rules\n"
"in force stay, as they do when the file turns up empty without a line\n"
"'# empty'. SIGUSR1 prints the per-rule counters; so does exiting.\n"
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

static const struct option *const longopts[] = { filter_longopts, NULL };

static int option(void *ctx, int opt, const char *arg)
{
	struct filter_packet *fp = ctx;

	return filter_option(TOOL, &fp->o, opt, arg) > 0 ? 0 : -1;
}

/* --check: read the file, say what is in it, attach nothing. */
static int standalone(void *ctx)
{
	struct filter_packet *fp = ctx;

	return fp->o.check ? filter_check_only(TOOL, &fp->o) : -1;
}

/* The whole deny file is read before the kernel sees anything. */
static int begin(void *ctx)
{
	struct filter_packet *fp = ctx;

	return filter_begin(&fp->f, TOOL, &fp->o);
}

static int before_load(void *ctx, const struct xdp_cli *cli,
		       struct bb_object *obj)
{
	struct filter_packet *fp = ctx;
	struct bb_xdp_cfg cfg = { .match_dst = fp->o.match_dst };

	if (filter_size_maps(&fp->f, cli, obj))
		return -1;
	return xdp_cli_set_cfg(cli, obj, &cfg);
}

static int after_load(void *ctx, const struct xdp_cli *cli,
		      struct bb_object *obj, struct xdp_wait *wait)
{
	struct filter_packet *fp = ctx;

	wait->fds[wait->nfds++] = (struct pollfd){
		.fd = fp->f.watch.fd, .events = POLLIN,
	};
	return filter_fill(&fp->f, cli, obj);
}

static void attached(void *ctx)
{
	struct filter_packet *fp = ctx;

	filter_announce(&fp->f);
}

static int timeout_ms(void *ctx)
{
	struct filter_packet *fp = ctx;

	return filter_timeout_ms(&fp->f);
}

/* Deny file changes, SIGHUP and SIGUSR1, --stats ticks. */
static int on_wake(void *ctx, const struct xdp_wait *wait, int ready)
{
	struct filter_packet *fp = ctx;

	if (xdp_cli_stop)
		return 0;
	if (filter_after_wait(&fp->f, ready && wait->fds[0].revents & POLLIN))
		filter_print_stats(&fp->f);
	return 0;
}

static void report(void *ctx, int err)
{
	struct filter_packet *fp = ctx;

	(void)err;
	filter_print_stats(&fp->f);
}

static void end(void *ctx)
{
	struct filter_packet *fp = ctx;

	filter_end(&fp->f);
}

static const struct xdp_tool filter_packet = {
	.name = TOOL,
	.obj = BB_EMBED_OBJECT(filter_packet),
	.shortopts = FILTER_SHORTOPTS,
	.longopts = longopts,
	.usage = usage,
	.option = option,
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
	struct filter_packet fp;

	filter_opts_init(&fp.o);
	return xdp_tool_main(&filter_packet, &fp, argc, argv);
}
