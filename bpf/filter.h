/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * filter.h - the deny rules of filter_packet and fw: where they live,
 * the per-rule counters, and the lookup both programs do.
 *
 * The workshop kept exact IPv4 addresses in a BPF_HASH. We take CIDR
 * prefixes too, longest prefix wins, and pay for it as little as an
 * exact match costs:
 *
 *  - every rule of an address alone, host or prefix, is a slot of the
 *    address table of its family (deny_addr_v4, deny_addr_v6): a hash
 *    table that BPF searches itself, by open addressing in an array
 *    map, so that a probe is one array load the verifier inlines. A
 *    lookup in a kernel hash map is a call, a jhash and a compare: as
 *    much again;
 *  - the table is searched once per prefix length in use, longest
 *    first, and the first hit is the answer: the lengths, with their
 *    netmasks, are listed in deny_shape by user space. A list of hosts
 *    alone is one search; hosts and /24s, two.
 *
 * The kernel's LPM trie, which did the prefixes before, walks a node
 * per bit of the prefix: 12 ns for a /24 in 1M rules, 40 for a /48
 * (Documentation/xdp.rst has the figures that decided it).
 *
 * A table has two halves. A new deny list is built whole into the half
 * BPF does not read, then deny_shape.lens_cur is flipped: a reload
 * changes the address rules for every packet at once.
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
 * is looked up, and count in default_stats too. cfg is read-only data,
 * so the verifier sees the mode as a constant and drops the code of the other one: a deny list
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
#define BB_ADDR_SLOTS	(2 * BB_MAX_RULES)

/*
 * The address tables: two halves of BB_ADDR_SLOTS slots each. User
 * space sizes them before load and writes them through a mapping.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * BB_ADDR_SLOTS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bb_addr_slot_v4);
} deny_addr_v4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * BB_ADDR_SLOTS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bb_addr_slot_v6);
} deny_addr_v6 SEC(".maps");

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

/*
 * The probes a search makes in line, before it calls a function: two
 * for IPv4, one for IPv6, whose search is a global function already.
 */
#define BB_ADDR_PROBES_INLINE_V4	2
#define BB_ADDR_PROBES_INLINE_V6	1

/* The key of slot @j of a search from slot @h of the half at @half. */
static __always_inline __u32 bb_addr_key(__u32 half, __u64 h, __u32 j)
{
	return half + ((h + j) & deny_shape.addr_mask);
}

/*
 * Slot @j of a search for prefix @a (length + 1 @len1), whose key is
 * @key: @key if it holds the prefix, -1 if the prefix is not in the
 * table, -2 to go on to the next slot. The search stops at an empty
 * slot, or at one whose entry is closer to its own home than the search
 * has come (Robin Hood: the prefix cannot be further on).
 */
static __always_inline int bb_addr_probe_v4(__u32 key, __u32 j, __u32 len1,
					    __u32 a)
{
	struct bb_addr_slot_v4 *s = bpf_map_lookup_elem(&deny_addr_v4, &key);

	if (!s || !s->len1 || s->dist < j)
		return -1;
	if (s->len1 == len1 && *(__u32 *)s->addr == a)
		return key;
	return -2;
}

/*
 * The first probe of a search for prefix @a, at its home slot @key: as
 * bb_addr_probe_v4() at slot 0, and the search ends here too when no
 * entry calls this slot home, or only the one in it, which is not @a.
 * Most misses end at the first load, however full the slots after it.
 */
static __always_inline int bb_addr_home_v4(__u32 key, __u32 len1, __u32 a)
{
	struct bb_addr_slot_v4 *s = bpf_map_lookup_elem(&deny_addr_v4, &key);

	if (!s || !s->homes)
		return -1;
	if (s->len1 == len1 && *(__u32 *)s->addr == a)
		return key;
	if (s->homes == 1 && !s->dist)
		return -1;
	return -2;
}

/*
 * The rest of a search of deny_addr_v4, from its slot
 * BB_ADDR_PROBES_INLINE_V4 on: a global function, which the verifier checks
 * once on its own. Inlined, these probes within the loop over the
 * lengths made the verifier walk 33 x 16 of them on every path, a tenth
 * of a second at each load. At most half full, a table answers most
 * searches in the first slots, and this is seldom called.
 */
__noinline int bb_addr_find_v4_rest(__u32 half, __u64 h, __u32 len1, __u32 a)
{
	__u32 j;
	int key;

#pragma clang loop unroll(disable)
	for (j = BB_ADDR_PROBES_INLINE_V4; j < BB_ADDR_PROBES; j++) {
		key = bb_addr_probe_v4(bb_addr_key(half, h, j), j, len1, a);
		if (key != -2)
			return key;
	}
	return -1;
}

/*
 * Search half @half of deny_addr_v4 for prefix @a of length entry @e:
 * the key of its slot, or -1. At most BB_ADDR_PROBES slots, each an
 * inlined array load.
 */
static __always_inline int bb_addr_find_v4(__u32 half, __u32 a,
					   const volatile struct bb_deny_len *e)
{
	__u64 h = bb_addr_hash(e->salt, a, 0);
	__u32 len1 = e->len + 1;
	int key;

	h >>= deny_shape.addr_shift & 63;
	key = bb_addr_home_v4(bb_addr_key(half, h, 0), len1, a);
	if (key == -2)
		key = bb_addr_probe_v4(bb_addr_key(half, h, 1), 1, len1, a);
	if (key == -2)
		key = bb_addr_find_v4_rest(half, h, len1, a);
	return key;
}

/*
 * The rule of the longest prefix that holds IPv4 address @addr: the
 * table searched once per length in use, longest first.
 */
static __always_inline __u32 *bb_deny_lookup_v4(const __u32 *addr)
{
	const volatile struct bb_deny_lens_v4 *l;
	__u32 i, n, cur, half;
	struct bb_addr_slot_v4 *s;
	int key;

	cur = deny_shape.lens_cur & 1;
	half = cur ? deny_shape.addr_mask + 1 : 0;
	l = &deny_shape.lens_v4[cur];
	n = l->nr;
#pragma clang loop unroll(disable)
	for (i = 0; i < BB_LENS_V4 && i < n; i++) {
		key = bb_addr_find_v4(half, addr[0] & l->v[i].mask[0],
				      &l->v[i]);
		if (key < 0)
			continue;
		s = bpf_map_lookup_elem(&deny_addr_v4, &key);
		return s ? &s->rule : 0;
	}
	return 0;
}

/*
 * Slot @j of a search for prefix @lo, @hi (length + 1 @len1), whose key
 * is @key: as bb_addr_probe_v4().
 */
static __always_inline int bb_addr_probe_v6(__u32 key, __u32 j, __u32 len1,
					    __u64 lo, __u64 hi)
{
	struct bb_addr_slot_v6 *s = bpf_map_lookup_elem(&deny_addr_v6, &key);

	if (!s || !s->len1 || s->dist < j)
		return -1;
	if (s->len1 == len1 && *(__u64 *)s->addr == lo &&
	    *(__u64 *)(s->addr + 8) == hi)
		return key;
	return -2;
}

/* The first probe of a search, at its home: see bb_addr_home_v4(). */
static __always_inline int bb_addr_home_v6(__u32 key, __u32 len1,
					   __u64 lo, __u64 hi)
{
	struct bb_addr_slot_v6 *s = bpf_map_lookup_elem(&deny_addr_v6, &key);

	if (!s || !s->homes)
		return -1;
	if (s->len1 == len1 && *(__u64 *)s->addr == lo &&
	    *(__u64 *)(s->addr + 8) == hi)
		return key;
	if (s->homes == 1 && !s->dist)
		return -1;
	return -2;
}

/*
 * The rest of the search bb_addr_find_v6() began, from its slot
 * BB_ADDR_PROBES_INLINE_V6 on. A global function, which the verifier checks
 * once on its own: inlined, this loop within the loop over 129 lengths
 * made a path of more jumps than it follows. It is seldom called: at
 * most half full, a table answers most searches in the first slots.
 */
__noinline int bb_addr_find_v6_rest(__u32 half, __u64 h, __u32 len1,
				    __u64 lo, __u64 hi)
{
	__u32 j;
	int key;

#pragma clang loop unroll(disable)
	for (j = BB_ADDR_PROBES_INLINE_V6; j < BB_ADDR_PROBES; j++) {
		key = bb_addr_probe_v6(bb_addr_key(half, h, j), j, len1, lo,
				       hi);
		if (key != -2)
			return key;
	}
	return -1;
}

/*
 * Search half @half of deny_addr_v6 for prefix @lo, @hi (its words, as
 * loaded) of length entry @e: the key of its slot, or -1.
 */
static __always_inline int bb_addr_find_v6(__u32 half, __u64 lo, __u64 hi,
					   const volatile struct bb_deny_len *e)
{
	__u64 h = bb_addr_hash(e->salt, lo, hi);
	__u32 len1 = e->len + 1;
	int key;

	h >>= deny_shape.addr_shift & 63;
	key = bb_addr_home_v6(bb_addr_key(half, h, 0), len1, lo, hi);
	if (key == -2)
		key = bb_addr_find_v6_rest(half, h, len1, lo, hi);
	return key;
}

/*
 * The key of the slot of the longest prefix that holds IPv6 address
 * @lo, @hi (its words, as loaded), or -1: the table searched once per
 * length in use, longest first. Each search makes its first probe in
 * line and calls bb_addr_find_v6_rest() for the others: with two probes
 * in line for each of 129 lengths, the verifier walked 250,000
 * instructions at each load (110,000 now; the LPM trie needed 30,000).
 */
static __always_inline int bb_addr_lookup_v6(__u64 lo, __u64 hi)
{
	const volatile struct bb_deny_lens_v6 *l;
	__u32 i, n, cur, half;
	__u64 m_lo, m_hi;
	int key;

	cur = deny_shape.lens_cur & 1;
	half = cur ? deny_shape.addr_mask + 1 : 0;
	l = &deny_shape.lens_v6[cur];
	n = l->nr;
#pragma clang loop unroll(disable)
	for (i = 0; i < BB_LENS_V6 && i < n; i++) {
		m_lo = lo & ((__u64)l->v[i].mask[1] << 32 | l->v[i].mask[0]);
		m_hi = hi & ((__u64)l->v[i].mask[3] << 32 | l->v[i].mask[2]);
		key = bb_addr_find_v6(half, m_lo, m_hi, &l->v[i]);
		if (key >= 0)
			return key;
	}
	return -1;
}

/* The rule of the longest prefix that holds IPv6 address @addr. */
static __always_inline __u32 *bb_deny_lookup_v6(const __u32 *addr)
{
	struct bb_addr_slot_v6 *s;
	int key;

	key = bb_addr_lookup_v6((__u64)addr[1] << 32 | addr[0],
				(__u64)addr[3] << 32 | addr[2]);
	if (key < 0)
		return 0;
	s = bpf_map_lookup_elem(&deny_addr_v6, &key);
	return s ? &s->rule : 0;
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
