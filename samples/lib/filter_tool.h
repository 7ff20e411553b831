/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * filter_tool.h - what filter_packet and fw share on the user side:
 * the deny file options, the order of start-up, and the event loop's
 * handling of reloads and --stats ticks.
 *
 * The order of things matters for a filter:
 *  1. parse the whole deny file first (filter_begin): a bad line stops
 *     us before anything touches the kernel;
 *  2. size the maps for the rules (filter_size_maps), load the object
 *     and fill the maps (filter_fill);
 *  3. only then attach, so the first packet already meets every rule.
 * After that the file is watched (deny_watch.h), re-read once
 * it has been quiet for DENY_SETTLE_MS, and re-read on SIGHUP
 * (filter_after_wait). A reload parses the new file
 * completely, then adds the new rules before removing the old ones (see
 * deny_table.h), so an address denied in both versions is never let through
 * while the reload runs, and a bad new file changes nothing at all.
 *
 * Once attached, the rules in force and their counters are pinned in
 * bpffs for --status (filter_pin.h), and unpinned at the end.
 *
 * Both BPF objects include bpf/filter.h, so they have the same maps:
 * deny_host_v4, deny_host_v6, deny_v4, deny_v6, deny_l4, deny_l4_v4,
 * deny_l4_v6, deny_ports, rule_stats and the ".data.deny" global.
 */
#ifndef BB_FILTER_TOOL_H
#define BB_FILTER_TOOL_H

#include <getopt.h>
#include <stdbool.h>
#include <linux/types.h>

#include "deny.h"
#include "deny_table.h"
#include "deny_watch.h"
#include "filter_pin.h"

struct bb_object;
struct xdp_cli;

/* Long-only options; tools number their own from FILTER_OPT_NEXT. */
enum {
	FILTER_OPT_DST = 256,
	FILTER_OPT_MAX_RULES,
	FILTER_OPT_CHECK,
	FILTER_OPT_STATUS,
	FILTER_OPT_ALLOW,
	FILTER_OPT_ALLOW_STRICT,
	FILTER_OPT_NEXT,
};

#define FILTER_SHORTOPTS	"d:sn:"
/* Their long forms, zero-terminated. */
extern const struct option filter_longopts[];

#define FILTER_HELP							\
"  -d, --deny FILE        deny file (default ./deny)\n"		\
"      --allow FILE       allow mode: pass only what a rule of FILE\n"	\
"                         matches, drop the rest, except ARP and IPv6\n" \
"                         neighbour discovery (ICMPv6 types 133-137);\n" \
"                         the rule counters count what they pass\n"	\
"      --allow-strict     with --allow: drop ARP and neighbour discovery\n" \
"                         too, unless a rule matches them\n"		\
"      --dst              match destination addresses instead of sources\n" \
"  -s, --stats            print the counters every interval\n"		\
"  -n, --interval SECONDS interval of --stats (default 2)\n"		\
"      --max-rules N      the most rules a deny file may have, at start\n" \
"                         or on reload (default 65536, or as many as the\n" \
"                         first file has)\n"					\
"      --check            only parse FILE and report; attach nothing\n" \
"      --status           show the rules and counters of the filter\n"	\
"                         running on -i IFACE (one -i; any interface of\n" \
"                         a filter shows all of it), from any shell;\n"	\
"                         attach nothing (exit 1 if none runs there)\n"

/**
 * struct filter_opts - the deny file options
 * @deny_path:	-d or --allow
 * @deny_set:	-d was given
 * @allow:	--allow: allow mode
 * @allow_strict: --allow-strict
 * @max_rules:	--max-rules
 * @max_rules_set: --max-rules was given (else the first file may exceed it)
 * @interval:	-n, seconds
 * @match_dst:	--dst
 * @stats:	-s
 * @check:	--check
 * @status:	--status
 */
struct filter_opts {
	const char *deny_path;
	bool deny_set;
	bool allow;
	bool allow_strict;
	unsigned long max_rules;
	bool max_rules_set;
	unsigned long interval;
	bool match_dst;
	bool stats;
	bool check;
	bool status;
};

/**
 * struct filter_state - the rules in force and their bookkeeping
 * @tool:	for messages
 * @opts:	the options
 * @first:	the deny file as read at start, until filter_fill()
 * @table:	the rules in force and the maps holding them
 * @by_index:	rule of each counter slot, for naming a matched rule
 * @watch:	inotify watching the deny file (poll watch.fd)
 * @loaded:	what filter_fill() did, for filter_announce()
 * @limit:	the most rules a deny file may have in this run
 * @cap:	rule slots the maps were sized for: 2 * @limit
 * @next_ns:	when the next --stats report is due
 * @settle_ns:	when the deny file, changed, has been quiet long enough
 *		to be read (0: no change pending)
 * @pin:	the state pinned for --status
 */
struct filter_state {
	const char *tool;
	const struct filter_opts *opts;
	struct deny_list first;
	struct deny_table table;
	const struct deny_rule **by_index;
	struct deny_watch watch;
	struct deny_diff loaded;
	__u32 limit;
	__u32 cap;
	__u64 next_ns;
	__u64 settle_ns;
	struct filter_pin pin;
};

void filter_opts_init(struct filter_opts *o);
/*
 * Handle one option from getopt_long(). Returns 1 if it was a deny file
 * option, 0 if not, -1 after printing a usage error.
 */
int filter_option(const char *tool, struct filter_opts *o, int opt,
		  const char *arg);
/* Options that exclude each other: 0, or -1 after a message. */
int filter_check_options(const char *tool, const struct filter_opts *o);
/*
 * The modes that attach nothing: --check parses the file and says what
 * is in it, --status shows the filter running on -i (filter_status.h),
 * @json as JSON. Returns the exit code, or -1 for neither.
 */
int filter_standalone(const char *tool, const struct filter_opts *o,
		      struct xdp_cli *cli, bool json);

/*
 * Allow mode: if we run in an SSH session (SSH_CONNECTION, else
 * SSH_CLIENT) and none of @n @rules passes a TCP packet from its client
 * to its server port, say on stderr that the session will be cut off.
 * Returns whether it warned.
 */
bool filter_ssh_warn(const char *tool, const struct filter_opts *o,
		     const struct deny_rule *rules, size_t n);

/* Read the deny file and start watching it; 0 or -1 after a message. */
int filter_begin(struct filter_state *f, const char *tool,
		 const struct filter_opts *o);
/* Before load: size the rule maps and rule_stats; 0 or -1. */
int filter_size_maps(struct filter_state *f, const struct xdp_cli *cli,
		     struct bb_object *obj);
/* After load: put the first file's rules in the maps; 0 or -1. */
int filter_fill(struct filter_state *f, const struct xdp_cli *cli,
		struct bb_object *obj);
/*
 * After attaching: say "N rules from FILE in force; loading took T ms",
 * and pin the state for --status.
 */
void filter_attached(struct filter_state *f, const struct xdp_cli *cli);
void filter_end(struct filter_state *f);

/* Timeout for the event loop's wait: the next --stats tick, or -1. */
int filter_timeout_ms(const struct filter_state *f);
/*
 * After each wait: re-read the deny file if it changed (@watch_ready:
 * the inotify fd polled readable) or SIGHUP asked. Returns true when a
 * report is due: a --stats tick, or SIGUSR1.
 */
bool filter_after_wait(struct filter_state *f, bool watch_ready);
/* The rule behind counter slot @index, or NULL (since removed). */
const struct deny_rule *filter_rule(const struct filter_state *f,
				    __u32 index);
/* The per-rule counters: deny_table_print_stats() on our file. */
int filter_print_stats(struct filter_state *f);

#endif /* BB_FILTER_TOOL_H */
