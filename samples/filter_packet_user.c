// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_packet - drop packets whose source (or, with --dst, destination)
 * is in a deny file; the user half of bpf/filter_packet.bpf.c.
 *
 * The order of things matters for a filter:
 *  1. parse the whole deny file first: a bad line stops us before
 *     anything touches the kernel;
 *  2. load the object and fill the LPM tries;
 *  3. only then attach, so the first packet already meets every rule.
 * After that the file is watched (inotify) and re-read on SIGHUP. A
 * reload parses the new file completely, then adds the new rules before
 * removing the old ones (see deny.h), so an address denied in both
 * versions is never let through while the reload runs, and a bad new
 * file changes nothing at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "barebpf.h"
#include "deny.h"
#include "embed.h"
#include "xdp_cli.h"
#include "xdp_tools.h"

BB_EMBED_DECLARE(filter_packet);

#define TOOL "filter_packet"
#define DEFAULT_MAX_RULES 65536

enum { OPT_DST = 256, OPT_MAX_RULES, OPT_CHECK };

struct options {
	struct xdp_cli cli;
	const char *deny_path;
	unsigned long max_rules;
	unsigned long interval;
	bool match_dst;
	bool stats;
	bool check;
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
"  -d, --deny FILE        deny file (default ./deny)\n"
"      --dst              match destination addresses instead of sources\n"
"  -s, --stats            print the per-rule counters every interval\n"
"  -n, --interval SECONDS interval of --stats (default 2)\n"
"      --max-rules N      room for N rules across reloads (default 65536,\n"
"                         at least twice the rules of the first file)\n"
"      --check            only parse FILE and report; attach nothing\n"
"\n"
"Examples:\n"
"  " TOOL " -i eth0 -d /etc/deny\n"
"  " TOOL " -i veth1 -m skb --dst -s -n 5\n"
"  " TOOL " --check -d ./deny\n"
"  kill -HUP $(pidof " TOOL ")      # re-read the deny file now\n"
"\n"
XDP_CLI_EXIT_HELP);
}

static int tool_option(struct options *o, int opt, const char *arg)
{
	switch (opt) {
	case 'd':
		o->deny_path = arg;
		return 0;
	case 's':
		o->stats = true;
		return 0;
	case 'n':
		return xdp_cli_parse_ulong(TOOL, "-n", arg, 1, 3600,
					   &o->interval);
	case OPT_DST:
		o->match_dst = true;
		return 0;
	case OPT_MAX_RULES:
		return xdp_cli_parse_ulong(TOOL, "--max-rules", arg, 1,
					   1UL << 24, &o->max_rules);
	case OPT_CHECK:
		o->check = true;
		return 0;
	}
	return -1;		/* getopt_long() named the option */
}

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		XDP_CLI_LONGOPTS,
		{ "deny", required_argument, NULL, 'd' },
		{ "stats", no_argument, NULL, 's' },
		{ "interval", required_argument, NULL, 'n' },
		{ "dst", no_argument, NULL, OPT_DST },
		{ "max-rules", required_argument, NULL, OPT_MAX_RULES },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	while ((opt = getopt_long(argc, argv, XDP_CLI_SHORTOPTS "d:sn:",
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
	return 0;
}

static void count_families(const struct deny_list *l, size_t *n4,
			   size_t *n6)
{
	size_t i;

	*n4 = *n6 = 0;
	for (i = 0; i < l->count; i++) {
		if (l->rules[i].family == AF_INET)
			++*n4;
		else
			++*n6;
	}
}

static int check_only(const struct options *o)
{
	struct deny_list l;
	size_t n4, n6;

	if (deny_list_load(TOOL, o->deny_path, &l))
		return XDP_EXIT_FAIL;
	count_families(&l, &n4, &n6);
	printf("%s: %zu rules (%zu IPv4, %zu IPv6), %zu duplicate lines ignored.\n",
	       o->deny_path, l.count, n4, n6, l.dups);
	deny_list_free(&l);
	return XDP_EXIT_OK;
}

/* Size the maps for @cap rules, set .rodata, load. */
static int load_object(struct options *o, __u32 cap, struct bb_object **objp)
{
	struct bb_object_opts oo = { .name = TOOL };
	struct bb_xdp_cfg cfg = { .match_dst = o->match_dst };
	int err;

	err = bb_object__open_mem(BB_EMBED_DATA(filter_packet),
				  BB_EMBED_SIZE(filter_packet), &oo, objp);
	if (err)
		return err;
	if (xdp_cli_resize(&o->cli, *objp, "deny_v4", cap) ||
	    xdp_cli_resize(&o->cli, *objp, "deny_v6", cap) ||
	    xdp_cli_resize(&o->cli, *objp, "rule_stats", cap) ||
	    xdp_cli_set_cfg(&o->cli, *objp, &cfg))
		return -EINVAL;
	return bb_object__load(*objp);
}

/* Put the first list in the tries; @d says how long that took. */
static int fill_table(struct options *o, struct bb_object *obj, __u32 cap,
		      struct deny_list *first, struct deny_table *t,
		      struct deny_diff *d)
{
	int v4 = xdp_cli_map_fd(&o->cli, obj, "deny_v4");
	int v6 = xdp_cli_map_fd(&o->cli, obj, "deny_v6");
	int cnt = xdp_cli_map_fd(&o->cli, obj, "rule_stats");
	int err;

	if (v4 < 0 || v6 < 0 || cnt < 0)
		return -ENOENT;
	err = deny_table_init(t, TOOL, v4, v6, cnt, cap);
	if (err) {
		fprintf(stderr, TOOL ": out of memory for %u rule slots.\n",
			cap);
		return err;
	}
	return deny_table_apply(t, first, d);
}

/* Wait for signals, deny file changes and --stats ticks. */
static int event_loop(struct options *o, struct deny_table *t, int watch_fd)
{
	struct pollfd pfd = { .fd = watch_fd, .events = POLLIN };
	int timeout = o->stats ? (int)o->interval * 1000 : -1;
	__u64 next = xdp_cli_now_ns() + o->interval * 1000000000ULL;
	int n;

	while (!xdp_cli_stop) {
		n = xdp_cli_wait(&o->cli, &pfd, 1, timeout);
		if (n < 0) {
			fprintf(stderr, TOOL ": waiting for events failed: %s.\n",
				strerror(-n));
			return n;
		}
		if (xdp_cli_stop)
			break;
		if (n > 0 && deny_watch_changed(watch_fd, o->deny_path))
			xdp_cli_reload = 1;
		if (xdp_cli_reload) {
			xdp_cli_reload = 0;
			deny_table_reload(t, o->deny_path);
		}
		if (xdp_cli_dump || (o->stats && xdp_cli_now_ns() >= next)) {
			xdp_cli_dump = 0;
			next = xdp_cli_now_ns() + o->interval * 1000000000ULL;
			deny_table_print_stats(t, stdout, o->deny_path, false);
		}
	}
	return 0;
}

static int run(struct options *o)
{
	struct bb_object *obj = NULL;
	struct deny_table table = { 0 };
	struct deny_list first;
	struct deny_diff d;
	int ret = XDP_EXIT_FAIL, prog_fd, watch_fd;
	__u32 cap;

	if (deny_list_load(TOOL, o->deny_path, &first))
		return XDP_EXIT_FAIL;
	cap = o->max_rules;
	if (first.count * 2 > cap)
		cap = first.count * 2;
	if (xdp_cli_signals(&o->cli)) {
		fprintf(stderr, TOOL ": cannot install signal handlers: %s.\n",
			strerror(errno));
		goto free_first;
	}
	watch_fd = deny_watch_open(TOOL, o->deny_path);
	if (watch_fd < 0)
		goto free_first;
	if (load_object(o, cap, &obj))
		goto close_obj;
	prog_fd = xdp_cli_prog_fd(&o->cli, obj, TOOL);
	if (prog_fd < 0 || fill_table(o, obj, cap, &first, &table, &d))
		goto free_table;
	if (xdp_cli_attach(&o->cli, prog_fd, TOOL))
		goto free_table;
	fprintf(stderr, TOOL ": %zu rules from %s in force; loading them took %.1f ms (%s updates).\n",
		d.added, o->deny_path, d.usecs / 1000.0,
		table.batch ? "batch" : "per-element");

	ret = event_loop(o, &table, watch_fd) ? XDP_EXIT_FAIL : XDP_EXIT_OK;
	xdp_cli_detach(&o->cli);
	deny_table_print_stats(&table, stdout, o->deny_path, false);
free_table:
	deny_table_free(&table);
close_obj:
	bb_object__close(obj);
	close(watch_fd);
free_first:
	deny_list_free(&first);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o = {
		.deny_path = "./deny",
		.max_rules = DEFAULT_MAX_RULES,
		.interval = 2,
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
	if (o.check)
		return check_only(&o);
	ret = xdp_cli_resolve(&o.cli);
	if (ret)
		return ret;
	return run(&o);
}
