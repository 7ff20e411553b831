/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * deny_table.h - keeping the maps of bpf/filter.h in step with a deny
 * list, for filter_packet and fw.
 *
 * Every rule has an index into a per-CPU array of counters, and that
 * index is the value the rule's map entry stores, so a match in BPF
 * finds its counters with one more array lookup. A rule of an address
 * alone, host or prefix, goes into the address table of its family
 * (deny_addr.h; see filter.h for why), a rule that names a protocol
 * into a hash (no address) or an LPM trie of its own. The ".data.deny"
 * global tells BPF which of them can hold a match for a packet and which
 * prefix lengths are in use.
 *
 * Applying a new list keeps the index (and counters) of every rule that
 * stays. The address rules change all at once: the new list is built
 * into the half of the tables BPF does not read, which then becomes the
 * one it reads. Rules by protocol are added before the old ones go, so
 * a packet denied before and after a reload is never let through in
 * between.
 *
 * What a removed rule dropped stays in the report, marked "removed at
 * reload"; a rule removed and added back keeps adding up on one line.
 * Its slot is left as it is until the next apply: by then no BPF
 * program can still be counting a packet it matched before the removal,
 * so the counts read then are final. They are kept in user space.
 */
#ifndef BB_DENY_TABLE_H
#define BB_DENY_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "deny.h"
#include "deny_addr.h"
#include "xdp_tools.h"

/* The places a rule can live, by family, prefix and protocol. */
enum deny_kind {
	DENY_ADDR_V4,	/* deny_addr_v4: address table (deny_addr.h) */
	DENY_ADDR_V6,	/* deny_addr_v6: likewise */
	DENY_L4,	/* deny_l4: hash, key struct bb_l4_key */
	DENY_L4_V4,	/* deny_l4_v4: LPM trie, key struct bb_lpm_l4_v4 */
	DENY_L4_V6,	/* deny_l4_v6: LPM trie, key struct bb_lpm_l4_v6 */
	DENY_KINDS,
};

/* The name bpf/filter.h gives the map of each kind. */
extern const char *const deny_kind_map[DENY_KINDS];

/**
 * struct deny_maps - the maps of bpf/filter.h, by fd
 * @rules:	one map per enum deny_kind, value __u32 rule index
 * @counters:	rule_stats, per-CPU array of struct bb_count
 * @shape:	".data.deny" (value struct bb_deny_shape), or -1 to leave
 *		it alone (a benchmark with bare maps)
 * @ports:	deny_ports (array of __u64, BB_PORTS_ALL), or -1 likewise
 */
struct deny_maps {
	int rules[DENY_KINDS];
	int counters;
	int shape;
	int ports;
};

/**
 * struct deny_hints - what BPF is told about the rules, to skip lookups
 *		that cannot hit
 * @shape:	".data.deny": which maps hold rules, per family and protocol;
 *		in the table, exactly what BPF has; in hints to write, only
 *		the rules by protocol count (the rest is addr_flip()'s)
 * @ports:	deny_ports: the ports and ICMP types that rules name
 */
struct deny_hints {
	struct bb_deny_shape shape;
	__u64 ports[BB_PORTS_ALL];
};

/**
 * struct deny_tally - what one rule dropped in this run
 * @rule:	the rule; @rule.line is where it was last seen in the file
 * @count:	packets and bytes, summed over the CPUs
 * @removed:	a reload took the rule out, and it is not back
 */
struct deny_tally {
	struct deny_rule rule;
	struct bb_count count;
	bool removed;
};

/**
 * struct deny_table - the rules in force and the maps that hold them
 * @tool:	for messages
 * @maps:	where the rules go
 * @hints:	what BPF was last told about the rules
 * @capacity:	rule slots: twice @limit, so that a reload can add every
 *		new rule before it removes the old ones
 * @limit:	the most rules a deny file may have in this run
 * @ncpus:	possible CPUs (per-CPU value count)
 * @rules:	rules in force, sorted
 * @count:	entries in @rules
 * @free_idx:	stack of unused slots
 * @nfree:	entries in @free_idx
 * @dirty:	per slot: used before, counters must be zeroed on reuse
 * @batch:	the kernel accepted batch updates so far
 * @pending:	rules the last apply removed, sorted; their slots are not
 *		free yet, and hold their counters
 * @npending:	entries in @pending
 * @gone:	final counts of removed rules with hits, sorted by rule
 * @ngone:	entries in @gone
 * @addr:	the address tables, IPv4 and IPv6 (map NULL: none)
 * @seed:	what the tables were last hashed with
 * @allow:	allow mode: the rules count what they pass, and what no
 *		rule matched counts in @defaults
 * @defaults:	default_stats of bpf/filter.h (allow mode), or -1
 */
struct deny_table {
	const char *tool;
	struct deny_maps maps;
	struct deny_hints *hints;
	__u32 capacity;
	__u32 limit;
	int ncpus;
	struct deny_rule *rules;
	size_t count;
	__u32 *free_idx;
	__u32 nfree;
	__u8 *dirty;
	bool batch;
	struct deny_rule *pending;
	size_t npending;
	struct deny_tally *gone;
	size_t ngone;
	struct deny_addr addr[2];
	__u64 seed;
	bool allow;
	int defaults;
};

/**
 * struct deny_diff - what one deny_table_apply() did
 * @added:	new rules
 * @removed:	rules gone
 * @kept:	rules in both lists (counters kept)
 * @usecs:	time spent updating the maps
 */
struct deny_diff {
	size_t added;
	size_t removed;
	size_t kept;
	__u64 usecs;
};

/* Where a rule lives. */
enum deny_kind deny_rule_kind(const struct deny_rule *r);

int deny_table_init(struct deny_table *t, const char *tool,
		    const struct deny_maps *maps, __u32 limit);
/*
 * Make the maps hold exactly @next. On success the table owns
 * @next->rules (and @next is emptied). On failure nothing changed,
 * neither in the maps nor in the rules in force, after a message;
 * either way the counts of the rules the previous apply removed are
 * final now, and move from their slots to @gone.
 */
int deny_table_apply(struct deny_table *t, struct deny_list *next,
		     struct deny_diff *d);
void deny_table_free(struct deny_table *t);
/*
 * Print "rule PREFIX (FILE:LINE): N packets, M bytes" for every rule
 * with hits (all rules in force with @all), a rule removed by a reload
 * as "rule PREFIX (FILE:LINE, removed at reload): ...", then a total
 * line, whose packets and bytes count the removed rules too, ending in
 * "dropped" (in allow mode "passed"). In allow mode a last line
 * "default: N packets, M bytes dropped (no rule matched); K packets, L
 * bytes of ARP and neighbour discovery passed".
 */
int deny_table_print_stats(struct deny_table *t, FILE *out,
			   const char *path, bool all);
/*
 * The same as JSON members, for an object the caller writes around them:
 * "rules":[{"rule":"192.0.2.0/24","line":3,"packets":N,"bytes":M},...],
 * "rules_matched":N,"rules_total":N,"removed_rules_matched":N,
 * "dropped_packets":N,"dropped_bytes":N (rules with hits only; a removed
 * rule has "removed":true). In allow mode the rules' sums are
 * "passed_packets" and "passed_bytes" instead, followed by "mode":"allow",
 * "dropped_packets" and "dropped_bytes" of the default policy and
 * "kept_packets" and "kept_bytes" of ARP and neighbour discovery. 0 or
 * -errno after a message.
 */
int deny_table_json_members(struct deny_table *t, FILE *out);

/*
 * Parse @path afresh and apply it, saying what changed, or why nothing
 * did ("keeping the N rules in force"). 0 or -errno.
 */
int deny_table_reload(struct deny_table *t, const char *path);

#endif /* BB_DENY_TABLE_H */
