/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * filter.h - the deny rules of filter_packet and fw: where they live,
 * the per-rule counters, and the lookup both programs do.
 *
 * The workshop kept exact IPv4 addresses in a BPF_HASH. We take CIDR
 * prefixes too, and keep each rule where it is cheapest to find:
 *
 *  - a host (/32, /128) goes into a hash map keyed by the address
 *    (deny_host_v4, deny_host_v6): one hash and compare per packet;
 *    the key is the bytes of the address, struct bb_host_v4 or v6;
 *  - a shorter prefix goes into a longest-prefix-match trie
 *    (BPF_MAP_TYPE_LPM_TRIE, deny_v4 and deny_v6). Its key is a prefix
 *    length followed by the address bytes in network order; a lookup
 *    with a full-length key finds the most specific prefix that holds
 *    the address. A trie walk costs several times a hash lookup.
 *
 * Tries must be created with BPF_F_NO_PREALLOC; the hashes are too, so
 * room for a million rules costs memory only when they are there.
 *
 * A host rule is the longest prefix there can be, so a hit in the hash
 * is the answer the trie would give; only a miss goes on to the trie,
 * and only when the trie holds something (deny_shape, written by user
 * space). A deny list of plain addresses never walks a trie.
 *
 * The value of every entry is the rule's index into rule_stats, a
 * per-CPU array, where each rule counts the packets and bytes it drops.
 * User space (samples/lib/deny_table.c) owns the indexes and keeps
 * them across reloads, so a rule's counters survive an edit of the file;
 * those of a rule an edit removes are read and kept in user space.
 *
 * Include this once per BPF object: it defines the maps.
 */
#ifndef BB_FILTER_H
#define BB_FILTER_H

#include "bb_helpers.h"
#include "parsing.h"
#include "xdp_tools.h"

#define BB_MAX_RULES	65536	/* user space resizes before load */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_host_v4);
	__type(value, __u32);
} deny_host_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_host_v6);
	__type(value, __u32);
} deny_host_v6 SEC(".maps");

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

/* Writable global data: BPF reads it with a plain load, no lookup. */
volatile struct bb_deny_shape deny_shape SEC(".data.deny") = {};

static __always_inline __u32 *bb_deny_lookup_v4(const __u32 *addr)
{
	struct bb_lpm_v4 k;
	__u32 *rule;

	rule = bpf_map_lookup_elem(&deny_host_v4, addr);
	if (rule || !deny_shape.v4_prefixes)
		return rule;
	k.prefixlen = 32;
	__builtin_memcpy(k.addr, addr, sizeof(k.addr));
	return bpf_map_lookup_elem(&deny_v4, &k);
}

static __always_inline __u32 *bb_deny_lookup_v6(const __u32 *addr)
{
	struct bb_lpm_v6 k;
	__u32 *rule;

	rule = bpf_map_lookup_elem(&deny_host_v6, addr);
	if (rule || !deny_shape.v6_prefixes)
		return rule;
	k.prefixlen = 128;
	__builtin_memcpy(k.addr, addr, sizeof(k.addr));
	return bpf_map_lookup_elem(&deny_v6, &k);
}

/*
 * The index of the rule that denies the packet's source (with
 * @match_dst its destination), or NULL. Needs pkt->layer >= L3.
 */
static __always_inline __u32 *bb_deny_lookup(const struct bb_pkt *pkt,
					     int match_dst)
{
	const __u32 *addr = match_dst ? pkt->daddr : pkt->saddr;

	if (pkt->family == BB_AF_INET)
		return bb_deny_lookup_v4(addr);
	return bb_deny_lookup_v6(addr);
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
