/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * deny.h - the deny file of filter_packet and fw, and keeping the
 * kernel's LPM tries in step with it.
 *
 * The file: one IPv4 or IPv6 address or CIDR prefix per line; "#"
 * starts a comment; blank lines and spaces around an entry are fine:
 *
 *	# lab hosts
 *	192.0.2.10
 *	198.51.100.0/24		# the whole test net
 *	2001:db8:1::/48
 *
 * A prefix with host bits set (192.0.2.1/24) is an error rather than a
 * silent guess. Any bad line makes the whole file invalid: the caller
 * gets an error naming file:line and the text, and nothing is applied.
 *
 * The table: every rule has an index into a per-CPU array of counters,
 * and that index is what the LPM trie stores as the rule's value, so a
 * match in BPF finds its counters with one more array lookup. Applying
 * a new list keeps the index (and counters) of every rule that stays,
 * adds new rules before it deletes old ones, so an address denied
 * before and after a reload is never let through in between.
 */
#ifndef BB_DENY_H
#define BB_DENY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/**
 * struct deny_rule - one entry of the deny file
 * @family:	AF_INET or AF_INET6
 * @prefixlen:	0-32 or 0-128
 * @line:	line of the file it came from (1-based)
 * @index:	slot in the counters array; set by deny_table_apply()
 * @addr:	network order, host bits zero; IPv4 in the first 4 bytes
 */
struct deny_rule {
	__u8 family;
	__u8 prefixlen;
	__u16 pad;
	__u32 line;
	__u32 index;
	__u8 addr[16];
};

/**
 * struct deny_list - a parsed deny file, sorted, without duplicates
 * @rules:	the rules
 * @count:	entries in @rules
 * @dups:	lines that repeated an earlier entry (dropped)
 */
struct deny_list {
	struct deny_rule *rules;
	size_t count;
	size_t dups;
};

/*
 * Parse one line (no newline). Returns 1 and fills @r for an entry, 0
 * for a blank or comment line, -1 with a reason in @why otherwise.
 */
int deny_parse_line(const char *text, struct deny_rule *r, char *why,
		    size_t whylen);
/* Parse a whole file; 0, or -errno after "TOOL: FILE:LINE: ..." */
int deny_list_load(const char *tool, const char *path, struct deny_list *l);
void deny_list_free(struct deny_list *l);
/* "192.0.2.0/24", "2001:db8::1/128" */
void deny_rule_format(const struct deny_rule *r, char *buf, size_t len);

/**
 * struct deny_table - the rules in force and the maps that hold them
 * @tool:	for messages
 * @v4_fd:	LPM trie, key struct bb_lpm_v4, value __u32 rule index
 * @v6_fd:	LPM trie, key struct bb_lpm_v6, value __u32 rule index
 * @cnt_fd:	per-CPU array of struct bb_count, @capacity entries
 * @capacity:	rule slots
 * @ncpus:	possible CPUs (per-CPU value count)
 * @rules:	rules in force, sorted
 * @count:	entries in @rules
 * @free_idx:	stack of unused slots
 * @nfree:	entries in @free_idx
 * @dirty:	per slot: used before, counters must be zeroed on reuse
 * @batch:	the kernel accepted batch updates on the tries so far
 */
struct deny_table {
	const char *tool;
	int v4_fd;
	int v6_fd;
	int cnt_fd;
	__u32 capacity;
	int ncpus;
	struct deny_rule *rules;
	size_t count;
	__u32 *free_idx;
	__u32 nfree;
	__u8 *dirty;
	bool batch;
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

int deny_table_init(struct deny_table *t, const char *tool, int v4_fd,
		    int v6_fd, int cnt_fd, __u32 capacity);
/*
 * Make the maps hold exactly @next. On success the table owns
 * @next->rules (and @next is emptied). On failure nothing changed,
 * neither in the maps nor in the table, after a message.
 */
int deny_table_apply(struct deny_table *t, struct deny_list *next,
		     struct deny_diff *d);
void deny_table_free(struct deny_table *t);
/*
 * Print "rule PREFIX (FILE:LINE): N packets, M bytes" for every rule
 * with hits (all rules with @all), then a total line.
 */
int deny_table_print_stats(struct deny_table *t, FILE *out,
			   const char *path, bool all);

/*
 * Parse @path afresh and apply it, saying what changed, or why nothing
 * did ("keeping the N rules in force"). 0 or -errno.
 */
int deny_table_reload(struct deny_table *t, const char *path);

/*
 * Watching the file: inotify on its directory, because editors and
 * "mv new deny" replace the file rather than write into it. Returns the
 * inotify fd or -errno after a message.
 */
int deny_watch_open(const char *tool, const char *path);
/* Read pending events; true if one was about @path. */
bool deny_watch_changed(int fd, const char *path);

#endif /* BB_DENY_H */
