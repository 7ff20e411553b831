// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_packet - drop packets from (or to) the addresses and prefixes
 * of a deny file; let everything else through.
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
 *
 * What the parser did not fully understand passes: ARP, IPv6 neighbour
 * discovery of hosts not denied, and IP headers cut short. A filter
 * that drops what it cannot read cuts hosts off their network.
 */
#include "bb_helpers.h"
#include "parsing.h"
#include "../samples/common/xdp_tools.h"

#define MAX_RULES	65536	/* user space resizes before load */

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_lpm_v4);
	__type(value, __u32);
} deny_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_lpm_v6);
	__type(value, __u32);
} deny_v6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MAX_RULES);
	__type(key, __u32);
	__type(value, struct bb_count);
} rule_stats SEC(".maps");

const volatile struct bb_xdp_cfg cfg = {};

/* The rule index matching the packet's source (or destination), or NULL. */
static __always_inline __u32 *deny_lookup(const struct bb_pkt *pkt)
{
	const __u32 *addr = cfg.match_dst ? pkt->daddr : pkt->saddr;
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

SEC("xdp")
int filter_packet(struct xdp_md *ctx)
{
	struct bb_count *cnt;
	struct bb_pkt pkt;
	__u32 *rule;

	/* Only a whole IP header gives addresses we can trust. */
	if (bb_parse(ctx, &pkt) < BB_LAYER_L3)
		return XDP_PASS;
	rule = deny_lookup(&pkt);
	if (!rule)
		return XDP_PASS;
	cnt = bpf_map_lookup_elem(&rule_stats, rule);
	if (cnt) {
		cnt->packets++;
		cnt->bytes += pkt.len;
	}
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
