/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * filter.h - the deny rules of filter_packet and fw: two LPM tries and
 * the per-rule counters, and the lookup both programs do.
 *
 * The workshop kept exact IPv4 addresses in a BPF_HASH. A longest-prefix-
 * match trie (BPF_MAP_TYPE_LPM_TRIE) takes CIDR prefixes too: the key is
 * a prefix length followed by the address bytes in network order, and a
 * lookup with a full-length key (/32 or /128) finds the most specific
 * prefix that contains the address. LPM tries must be created with
 * BPF_F_NO_PREALLOC: nodes are allocated as prefixes are added.
 *
 * The value of a trie entry is the rule's index into rule_stats, a
 * per-CPU array, where each rule counts the packets and bytes it drops.
 * User space (samples/common/deny.c) owns the indexes and keeps them
 * across reloads, so a rule's counters survive an edit of the file.
 *
 * Include this once per BPF object: it defines the maps.
 */
#ifndef BB_FILTER_H
#define BB_FILTER_H

#include "bb_helpers.h"
#include "parsing.h"
#include "../samples/common/xdp_tools.h"

#define BB_MAX_RULES	65536	/* user space resizes before load */

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_lpm_v4);
	__type(value, __u32);
} deny_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_lpm_v6);
	__type(value, __u32);
} deny_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_MAX_RULES);
	__type(key, __u32);
	__type(value, struct bb_count);
} rule_stats SEC(".maps");

/*
 * The index of the rule that denies the packet's source (with
 * @match_dst its destination), or NULL. Needs pkt->layer >= L3.
 */
static __always_inline __u32 *bb_deny_lookup(const struct bb_pkt *pkt,
					     int match_dst)
{
	const __u32 *addr = match_dst ? pkt->daddr : pkt->saddr;
	struct bb_lpm_v4 k4;
	struct bb_lpm_v6 k6;

	if (pkt->family == BB_AF_INET) {
		k4.prefixlen = 32;
		__builtin_memcpy(k4.addr, addr, sizeof(k4.addr));
		return bpf_map_lookup_elem(&deny_v4, &k4);
	}
	k6.prefixlen = 128;
	__builtin_memcpy(k6.addr, addr, sizeof(k6.addr));
	return bpf_map_lookup_elem(&deny_v6, &k6);
}

/* Count one dropped packet of @len bytes against rule @rule. */
static __always_inline void bb_rule_count(const __u32 *rule, __u32 len)
{
	struct bb_count *cnt = bpf_map_lookup_elem(&rule_stats, rule);

	if (cnt) {
		cnt->packets++;
		cnt->bytes += len;
	}
}

#endif /* BB_FILTER_H */
