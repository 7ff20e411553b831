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
 * Rules that name a protocol (with a port or ICMP type, or alone) have
 * maps of their own, searched before the address maps and only for a
 * packet of a protocol that has such rules (deny_shape says which):
 *
 *  - without an address, a hash keyed by protocol, kind and port
 *    (deny_l4, struct bb_l4_key): "udp dport 53";
 *  - with one, an LPM trie per family keyed by the same, then the
 *    address (deny_l4_v4, deny_l4_v6): "203.0.113.0/24 tcp dport 22".
 *
 * A packet is looked up kind by kind in the order of the deny file's
 * documented precedence (Documentation/xdp.rst): dport (or ICMP type),
 * then sport, then the protocol alone, each in the trie, then the hash,
 * and then the address maps; the first hit is the rule that counts it.
 * Two bitmaps of the ports that rules name (deny_ports) let a port no
 * rule names skip its step without a lookup.
 *
 * The value of every entry is the rule's index into rule_stats, a
 * per-CPU array, where each rule counts the packets and bytes it drops.
 * User space (samples/lib/deny_table.c) owns the indexes and keeps
 * them across reloads, so a rule's counters survive an edit of the file;
 * those of a rule an edit removes are read and kept in user space.
 *
 * Allow mode (cfg.allow, --allow) turns the rules around: a packet a
 * rule matches passes and counts on that rule, and every other packet
 * is dropped by the default policy and counted in default_stats, except
 * ARP and IPv6 neighbour discovery (ICMPv6 types 133-137), which keep
 * the host reachable: unless cfg.allow_strict they pass before any rule
 * is looked up, and count in default_stats too. cfg is read-only data, so the verifier sees the
 * mode as a constant and drops the code of the other one: a deny list
 * runs exactly the instructions it ran before allow mode existed.
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
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_l4_key);
	__type(value, __u32);
} deny_l4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_lpm_l4_v4);
	__type(value, __u32);
} deny_l4_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, BB_MAX_RULES);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct bb_lpm_l4_v6);
	__type(value, __u32);
} deny_l4_v6 SEC(".maps");

/* The ports and types rules name: BB_PORTS_* of xdp_tools.h. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, BB_PORTS_ALL);
	__type(key, __u32);
	__type(value, __u64);
} deny_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_MAX_RULES);
	__type(key, __u32);
	__type(value, struct bb_count);
} rule_stats SEC(".maps");

/* Allow mode: enum bb_default_stat of xdp_tools.h. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_DEFAULT_MAX);
	__type(key, __u32);
	__type(value, struct bb_count);
} default_stats SEC(".maps");

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
 * The BB_SHAPE_* bits of the lookups by protocol that can hit @pkt; 0
 * when no rule names its protocol. ICMP has bits for IPv4 only, ICMPv6
 * for IPv6 only. Without its transport header (a later fragment, a
 * header cut short) a packet can match a protocol alone, not a port.
 */
static __always_inline __u32 bb_deny_l4_bits(const struct bb_pkt *pkt)
{
	__u32 bits;

	if (pkt->family == BB_AF_INET)
		bits = deny_shape.l4_v4[pkt->proto];
	else
		bits = deny_shape.l4_v6[pkt->proto];
	if (pkt->layer < BB_LAYER_L4)
		bits &= BB_SHAPE_PROTO_NET | BB_SHAPE_PROTO_ANY;
	return bits;
}

/*
 * struct bb_l4_key as one word, to be stored at once. Filled field by
 * field, the key is three narrow stores that the hash function then
 * reads as one word: the CPU cannot forward those stores to the load,
 * and the stall cost as much as the lookup itself (10 ns a packet).
 */
static __always_inline __u32 bb_l4_key_word(__u8 proto, __u8 kind,
					    __u16 port)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return proto | (__u32)kind << 8 | (__u32)port << 16;
#else
	return (__u32)proto << 24 | (__u32)kind << 16 | port;
#endif
}

/* The rule of key word @l4 whose address prefix holds @addr. */
static __always_inline __u32 *bb_deny_l4_net(const struct bb_pkt *pkt,
					     const __u32 *addr, __u32 l4)
{
	struct bb_lpm_l4_v4 k4;
	struct bb_lpm_l4_v6 k6;

	if (pkt->family == BB_AF_INET) {
		k4.prefixlen = BB_L4_KEY_BITS + 32;
		__builtin_memcpy(&k4.l4, &l4, sizeof(l4));
		__builtin_memcpy(k4.addr, addr, sizeof(k4.addr));
		return bpf_map_lookup_elem(&deny_l4_v4, &k4);
	}
	k6.prefixlen = BB_L4_KEY_BITS + 128;
	__builtin_memcpy(&k6.l4, &l4, sizeof(l4));
	__builtin_memcpy(k6.addr, addr, sizeof(k6.addr));
	return bpf_map_lookup_elem(&deny_l4_v6, &k6);
}

/*
 * Does a rule name @port in bitmap @map of deny_ports? An array lookup
 * the verifier inlines: a few instructions where a hash lookup that
 * misses costs several nanoseconds.
 */
static __always_inline int bb_deny_port_named(__u32 map, __u16 port)
{
	__u32 key = map * BB_PORT_WORDS + port / 64;
	__u64 *word = bpf_map_lookup_elem(&deny_ports, &key);

	return word && (*word >> (port % 64) & 1);
}

/*
 * One step of the precedence: the rules of @kind and @port, those with
 * an address before those without. @bits are the step's BB_SHAPE_NET
 * and BB_SHAPE_ANY, shifted down.
 */
static __always_inline __u32 *bb_deny_l4_step(const struct bb_pkt *pkt,
					      const __u32 *addr, __u32 bits,
					      __u8 kind, __u16 port)
{
	__u32 k = bb_l4_key_word(pkt->proto, kind, port), *rule;

	if (kind != BB_L4_PROTO &&
	    !bb_deny_port_named(kind == BB_L4_SPORT ? BB_PORTS_SPORT :
				BB_PORTS_FIRST, port))
		return 0;
	if (bits & BB_SHAPE_NET) {
		rule = bb_deny_l4_net(pkt, addr, k);
		if (rule)
			return rule;
	}
	if (!(bits & BB_SHAPE_ANY))
		return 0;
	return bpf_map_lookup_elem(&deny_l4, &k);
}

/*
 * Rules by protocol: dport (or type), then sport, then protocol alone.
 * A function of its own, not inlined: the address lookups after it keep
 * the registers they had before rules by protocol existed, so a list
 * of addresses alone runs the code it ran then, plus one load (the
 * check of l4_rules) and a branch.
 */
static __noinline __u32 *bb_deny_lookup_l4(const struct bb_pkt *pkt,
					   const __u32 *addr)
{
	__u32 bits = bb_deny_l4_bits(pkt), *rule;
	int icmp = bits & BB_SHAPE_TYPE;

	if (!bits)
		return 0;

	/* bb_parse() keeps the ICMP type where the source port goes. */
	rule = bb_deny_l4_step(pkt, addr, bits >> BB_SHAPE_FIRST,
			       icmp ? BB_L4_TYPE : BB_L4_DPORT,
			       icmp ? pkt->sport : pkt->dport);
	if (rule)
		return rule;
	rule = bb_deny_l4_step(pkt, addr, bits >> BB_SHAPE_SPORT,
			       BB_L4_SPORT, pkt->sport);
	if (rule)
		return rule;
	return bb_deny_l4_step(pkt, addr, bits >> BB_SHAPE_PROTO,
			       BB_L4_PROTO, 0);
}

/*
 * The index of the rule that denies the packet, or NULL: the first hit
 * of the rules by protocol, then of the rules by address alone. Their
 * addresses are the packet's source (with @match_dst its destination).
 * Needs pkt->layer >= L3.
 */
static __always_inline __u32 *bb_deny_lookup(const struct bb_pkt *pkt,
					     int match_dst)
{
	const __u32 *addr = match_dst ? pkt->daddr : pkt->saddr;
	__u32 *rule;

	if (deny_shape.l4_rules) {
		rule = bb_deny_lookup_l4(pkt, addr);
		if (rule)
			return rule;
	}
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

/* Allow mode: count one packet no rule matched in default_stats. */
static __always_inline void bb_default_count(__u32 key, __u32 len)
{
	struct bb_count *cnt = bpf_map_lookup_elem(&default_stats, &key);

	if (cnt) {
		cnt->packets++;
		cnt->bytes += len;
	}
}

/*
 * What keeps a host reachable: ARP, and IPv6 neighbour discovery
 * (router and neighbour solicitation and advertisement, redirect:
 * ICMPv6 types 133-137, RFC 4861). Nothing else; MLD is not needed to
 * resolve neighbours on the links a filter sits on.
 */
static __always_inline int bb_host_keep(const struct bb_pkt *pkt)
{
	if (pkt->eth_proto == ETH_P_ARP)
		return 1;
	return pkt->layer >= BB_LAYER_L4 && pkt->family == BB_AF_INET6 &&
	       pkt->proto == IPPROTO_ICMPV6 &&
	       pkt->sport >= 133 && pkt->sport <= 137;
}

/*
 * Allow mode: XDP_PASS for a packet that keeps the host reachable
 * (unless @strict; counted in default_stats, before any rule is looked
 * up) or that a rule matches (*@rule is that rule, whose counters count
 * it), XDP_DROP for the rest (*@rule NULL, counted in default_stats).
 * With @strict, ARP is dropped and ND passes only if a rule matches it.
 */
static __always_inline int bb_allow_verdict(const struct bb_pkt *pkt,
					    int match_dst, int strict,
					    __u32 **rule)
{
	*rule = 0;
	if (!strict && bb_host_keep(pkt)) {
		bb_default_count(BB_DEFAULT_KEEP, pkt->len);
		return XDP_PASS;
	}
	if (pkt->layer >= BB_LAYER_L3) {
		*rule = bb_deny_lookup(pkt, match_dst);
		if (*rule) {
			bb_rule_count(*rule, pkt->len);
			return XDP_PASS;
		}
	}
	bb_default_count(BB_DEFAULT_DROP, pkt->len);
	return XDP_DROP;
}

#endif /* BB_FILTER_H */
