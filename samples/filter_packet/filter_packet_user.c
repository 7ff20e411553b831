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
 * On several interfaces the one program and its rules serve them all,
 * and the rule counters count their drops together.
 */
#include <stdio.h>

#include "barebpf.h"
#include "embed.h"
#include "filter_tool.h"
#include "wallclock.h"
#include "xdp_tool.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(filter_packet);

#define TOOL "filter_packet"

/**
 * struct filter_packet - the options and the rules in force
 * @o:		the options
 * @json:	-j
 * @cli:	the interfaces, to name them
 * @f:		deny file and rule counters
 * @wall_off_ns: CLOCK_REALTIME - CLOCK_MONOTONIC at start, for the times
 */
struct filter_packet {
	struct filter_opts o;
	bool json;
	const struct xdp_cli *cli;
	struct filter_state f;
	__s64 wall_off_ns;
};

static void usage(FILE *out)
{
	fprintf(out,
"Usage: " TOOL " -i IFACE [-i IFACE]... [-d FILE] [--dst] [-s [-n SECONDS]]\n"
"                     [-m MODE] [-F] [-j]\n"
"       " TOOL " -i IFACE [-i IFACE]... --allow FILE [--allow-strict] [...]\n"
"       " TOOL " --check [-d FILE]\n"
"       " TOOL " --status -i IFACE [-j]\n"
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
"'# empty'. SIGUSR1 prints the per-rule counters; so does exiting. Each\n"
"such block starts with a line \"--- 19:04:55.123456 ---\" saying when\n"
"the counters were read.\n"
"With --allow FILE the rules say what passes: a packet no rule matches\n"
"is dropped, except ARP and IPv6 neighbour discovery (ICMPv6 types\n"
"133-137), which keep the host reachable (--allow-strict drops them\n"
"too). The rule counters then count what each rule passed, and a line\n"
"\"default: ...\" what no rule matched. Run from SSH, it warns when no\n"
"rule passes the session's TCP packets.\n"
"With several -i one program and one set of rules filter all of them; a\n"
"rule counts its drops on all of them together, and each block of\n"
"counters names them in a line \"interfaces: veth1, veth3\" after the\n"
"time (with -j: \"interfaces\", always).\n"
"\n"
"Options:\n"
XDP_CLI_HELP
FILTER_HELP
"  -j, --json             the counters as JSON lines, objects of\n"
"                         \"type\":\"counters\" with a \"timestamp\";\n"
"                         --status as one object of \"type\":\"status\"\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0 -d /etc/deny\n"
"  " TOOL " -i veth1 -m skb --dst -s -n 5\n"
"  " TOOL " -i eth0 -d /etc/deny -j -s -n 10\n"
"  " TOOL " -i eth0 -i eth1 -d /etc/deny\n"
"  " TOOL " -i eth0 --allow /etc/allow\n"
"  " TOOL " --check -d ./deny\n"
"  " TOOL " --status -i eth0        # from another shell\n"
"  kill -HUP $(pidof " TOOL ")      # re-read the deny file now\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static const struct option fp_longopts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 },
};

static const struct option *const longopts[] = {
	filter_longopts, fp_longopts, NULL
};

static int option(void *ctx, int opt, const char *arg)
{
	struct filter_packet *fp = ctx;
	int r = filter_option(TOOL, &fp->o, opt, arg);

	if (r)
		return r > 0 ? 0 : -1;
	if (opt != 'j')
		return -1;
	fp->json = true;
	return 0;
}

static int check_options(void *ctx)
{
	struct filter_packet *fp = ctx;

	return filter_check_options(TOOL, &fp->o);
}

/* --check, --status: attach nothing. */
static int standalone(void *ctx, struct xdp_cli *cli)
{
	struct filter_packet *fp = ctx;

	return filter_standalone(TOOL, &fp->o, cli, fp->json);
}

/* The whole deny file is read before the kernel sees anything. */
static int begin(void *ctx)
{
	struct filter_packet *fp = ctx;

	fp->wall_off_ns = wallclock_offset_ns();
	return filter_begin(&fp->f, TOOL, &fp->o);
}

static int before_load(void *ctx, const struct xdp_cli *cli,
		       struct bb_object *obj)
{
	struct filter_packet *fp = ctx;
	struct bb_xdp_cfg cfg = {
		.match_dst = fp->o.match_dst,
		.allow = fp->o.allow,
		.allow_strict = fp->o.allow_strict,
	};

	if (filter_size_maps(&fp->f, cli, obj))
		return -1;
	return xdp_cli_set_cfg(cli, obj, &cfg);
}

static int after_load(void *ctx, const struct xdp_cli *cli,
		      struct bb_object *obj, struct xdp_wait *wait)
{
	struct filter_packet *fp = ctx;

	fp->cli = cli;
	wait->fds[wait->nfds++] = (struct pollfd){
		.fd = fp->f.watch.fd, .events = POLLIN,
	};
	return filter_fill(&fp->f, cli, obj);
}

static void attached(void *ctx, const struct xdp_cli *cli)
{
	struct filter_packet *fp = ctx;

	filter_attached(&fp->f, cli);
}

static int timeout_ms(void *ctx)
{
	struct filter_packet *fp = ctx;

	return filter_timeout_ms(&fp->f);
}

/*
 * The time, our interfaces if several, then the per-rule counters; with
 * -j one JSON object.
 */
static void print_counters(struct filter_packet *fp)
{
	char stamp[WALLCLOCK_LEN];
	__u64 now = xdp_cli_now_ns();

	if (!fp->json) {
		wallclock_print_separator(stdout, now, fp->wall_off_ns);
		xdp_cli_print_ifaces(fp->cli, stdout);
		filter_print_stats(&fp->f);
		return;
	}
	wallclock_str(now, fp->wall_off_ns, true, stamp, sizeof(stamp));
	printf("{\"type\":\"counters\",\"timestamp\":\"%s\",", stamp);
	xdp_cli_json_ifaces(fp->cli, stdout);
	putchar(',');
	if (deny_table_json_members(&fp->f.table, stdout))
		printf("\"rules\":null");
	printf("}\n");
	fflush(stdout);
}

/* Deny file changes, SIGHUP and SIGUSR1, --stats ticks. */
static int on_wake(void *ctx, const struct xdp_wait *wait, int ready)
{
	struct filter_packet *fp = ctx;

	if (xdp_cli_stop)
		return 0;
	if (filter_after_wait(&fp->f, ready && wait->fds[0].revents & POLLIN))
		print_counters(fp);
	return 0;
}

static void report(void *ctx, int err)
{
	struct filter_packet *fp = ctx;

	(void)err;
	print_counters(fp);
}

static void end(void *ctx)
{
	struct filter_packet *fp = ctx;

	filter_end(&fp->f);
}

static const struct xdp_tool filter_packet = {
	.name = TOOL,
	.obj = BB_EMBED_OBJECT(filter_packet),
	.shortopts = FILTER_SHORTOPTS "j",
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
	struct filter_packet fp = { .json = false };

	filter_opts_init(&fp.o);
	return xdp_tool_main(&filter_packet, &fp, argc, argv);
}
