/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * deny.h - the deny file of filter_packet and fw: parsing it, and
 * noticing when it changes. deny_table.h puts the rules in the maps.
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
 * Two kinds of rule are valid but seldom meant, and load with a warning
 * naming file:line: an IPv4-mapped IPv6 address (::ffff:192.0.2.10,
 * which never matches an IPv4 packet) and a /0 (every address of its
 * family). At most DENY_MAX_WARNINGS are shown per reading of the file.
 */
#ifndef BB_DENY_H
#define BB_DENY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#define DENY_MAX_WARNINGS	10

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
 * @says_empty:	a line "# empty": no rules is what the file means, not a
 *		file caught half-written
 */
struct deny_list {
	struct deny_rule *rules;
	size_t count;
	size_t dups;
	bool says_empty;
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
/* The order of a deny_list: family, prefix length, address (qsort). */
int deny_rule_cmp(const void *a, const void *b);

#endif /* BB_DENY_H */
