/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * deny.h - the deny file of filter_packet and fw: parsing it, and
 * noticing when it changes. deny_table.h puts the rules in the maps.
 *
 * The file: one rule per line; "#" starts a comment; blank lines and
 * blanks around and between words are fine. A rule is an IPv4 or IPv6
 * address or CIDR prefix, a protocol with an optional port or ICMP type,
 * or both (Documentation/xdp.rst has the grammar and which rule counts a
 * packet that several match):
 *
 *	# lab hosts
 *	192.0.2.10
 *	198.51.100.0/24		# the whole test net
 *	2001:db8:1::/48
 *	203.0.113.0/24 tcp dport 22
 *	udp dport 53
 *	icmpv6 type 128
 *
 * A prefix with host bits set (192.0.2.1/24) is an error rather than a
 * silent guess, and so is a rule that repeats another. Any bad line makes
 * the whole file invalid: the caller gets an error naming file:line and
 * the text, and nothing is applied.
 *
 * Two kinds of rule are valid but seldom meant, and load with a warning
 * naming file:line: an IPv4-mapped IPv6 address (::ffff:192.0.2.10,
 * which never matches an IPv4 packet) and an address rule /0 (every
 * address of its family). At most DENY_MAX_WARNINGS are shown per
 * reading of the file.
 */
#ifndef BB_DENY_H
#define BB_DENY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "xdp_tools.h"

#define DENY_MAX_WARNINGS	10

/**
 * struct deny_rule - one entry of the deny file
 * @family:	AF_INET or AF_INET6; 0 for a rule without an address
 * @prefixlen:	0-32 or 0-128 (0 without an address)
 * @proto:	IPPROTO_TCP, _UDP, _SCTP, _ICMP or _ICMPV6; 0: any
 * @kind:	BB_L4_* (xdp_tools.h): what @port holds; BB_L4_PROTO with
 *		@proto 0 for a rule of an address alone
 * @line:	line of the file it came from (1-based)
 * @index:	slot in the counters array; set by deny_table_apply()
 * @port:	the port or ICMP type of @kind, host order
 * @pad:	zero
 * @addr:	network order, host bits zero; IPv4 in the first 4 bytes
 */
struct deny_rule {
	__u8 family;
	__u8 prefixlen;
	__u8 proto;
	__u8 kind;
	__u32 line;
	__u32 index;
	__u16 port;
	__u16 pad;
	__u8 addr[16];
};

/* Room for any rule as deny_rule_format() writes it. */
#define DENY_RULE_STRLEN	96

/**
 * struct deny_list - a parsed deny file, sorted, without duplicates
 * @rules:	the rules
 * @count:	entries in @rules
 * @says_empty:	a line "# empty": no rules is what the file means, not a
 *		file caught half-written
 */
struct deny_list {
	struct deny_rule *rules;
	size_t count;
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
/*
 * "192.0.2.0/24", "2001:db8::1/128", "203.0.113.0/24 tcp dport 22",
 * "udp dport 53", "icmp type 8": the rule as the file could say it, with
 * the prefix length always given. At most DENY_RULE_STRLEN bytes.
 */
void deny_rule_format(const struct deny_rule *r, char *buf, size_t len);
/*
 * The order of a deny_list (qsort): family, prefix length, address, then
 * protocol, kind and port. Rules without an address come first.
 */
int deny_rule_cmp(const void *a, const void *b);

#endif /* BB_DENY_H */
