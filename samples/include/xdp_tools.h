/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xdp_tools.h - what the XDP samples (hello_packet, bubble_packet,
 * filter_packet, fw) share between their BPF side and their user side:
 * map keys and values, event records, constants.
 *
 * Both compilers see this file (clang -target bpf and gcc, each with
 * -Isamples/include), so it uses fixed-size UAPI types only and lays every struct out without
 * implicit padding: what the kernel writes is what user space reads.
 */
#ifndef BB_XDP_TOOLS_H
#define BB_XDP_TOOLS_H

#include <linux/types.h>

/* Protocol classes counted by hello_packet and fw (array keys). */
enum bb_proto_class {
	BB_PC_ICMP,		/* IPv4, protocol 1 */
	BB_PC_TCP,		/* IPv4 or IPv6 */
	BB_PC_UDP,		/* IPv4 or IPv6 */
	BB_PC_ICMPV6,		/* IPv6, next header 58 */
	BB_PC_IPV4_OTHER,	/* any other IPv4 protocol */
	BB_PC_IPV6_OTHER,	/* any other IPv6 upper-layer header */
	BB_PC_NON_IP,		/* ARP, LLDP, ..., and IP too short to parse */
	BB_PC_MAX,
};

/* One per-CPU counter pair: value of the protocol and rule arrays. */
struct bb_count {
	__u64 packets;
	__u64 bytes;
};

/*
 * Keys of the deny maps of bpf/filter.h, addresses in network order.
 * Every key is a struct of named fields, and the address a byte array,
 * because the BTF of these types is what "bpftool map dump" formats a
 * key with: {"prefixlen":24,"addr":[198,51,100,0]}. A bare __u32 key
 * came out as one number in host order (192.0.2.10 as 167903424). The
 * slots of the address tables (below) are values, formatted the same.
 */

/*
 * What a deny rule says about the transport header: the kind of the
 * number in its port field. Every rule that names a protocol has one.
 */
#define BB_L4_PROTO	0	/* the protocol alone; port is 0 */
#define BB_L4_DPORT	1	/* TCP, UDP or SCTP destination port */
#define BB_L4_SPORT	2	/* TCP, UDP or SCTP source port */
#define BB_L4_TYPE	3	/* ICMP or ICMPv6 type */

/* Key of deny_l4, the rules that name a protocol and no address. */
struct bb_l4_key {
	__u8 proto;	/* IPPROTO_* */
	__u8 kind;	/* BB_L4_* */
	__u16 port;	/* port or ICMP type, host order; 0 with BB_L4_PROTO */
};

/*
 * Keys of the LPM tries deny_l4_v4 and deny_l4_v6, the rules that name
 * a protocol and an address: struct bb_l4_key, then the address. The
 * prefix length counts the key's 32 bits too, so a rule of /24 has 56,
 * and a lookup (with all bits) finds, among the rules of exactly that
 * protocol, kind and port, the longest prefix holding the address.
 */
struct bb_lpm_l4_v4 {
	__u32 prefixlen;
	struct bb_l4_key l4;
	__u8 addr[4];
};

struct bb_lpm_l4_v6 {
	__u32 prefixlen;
	struct bb_l4_key l4;
	__u8 addr[16];
};

/* The bits of bb_l4_key a bb_lpm_l4_* prefix length counts first. */
#define BB_L4_KEY_BITS	32

/*
 * Per protocol, which lookups of rules by protocol can hit: one byte of
 * these in bb_deny_shape for each IP protocol number and family. Each
 * step of the precedence has two bits, at its shift: NET for the trie
 * of rules with an address, ANY for the hash of rules without.
 */
#define BB_SHAPE_NET		0x01
#define BB_SHAPE_ANY		0x02
#define BB_SHAPE_FIRST		0	/* dport N (or ICMP type N) */
#define BB_SHAPE_SPORT		2	/* sport N */
#define BB_SHAPE_PROTO		4	/* the protocol alone */
#define BB_SHAPE_FIRST_NET	(BB_SHAPE_NET << BB_SHAPE_FIRST)
#define BB_SHAPE_FIRST_ANY	(BB_SHAPE_ANY << BB_SHAPE_FIRST)
#define BB_SHAPE_SPORT_NET	(BB_SHAPE_NET << BB_SHAPE_SPORT)
#define BB_SHAPE_SPORT_ANY	(BB_SHAPE_ANY << BB_SHAPE_SPORT)
#define BB_SHAPE_PROTO_NET	(BB_SHAPE_NET << BB_SHAPE_PROTO)
#define BB_SHAPE_PROTO_ANY	(BB_SHAPE_ANY << BB_SHAPE_PROTO)
/* An ICMP protocol: the first step looks for the type, not dport. */
#define BB_SHAPE_TYPE		0x40

/*
 * deny_ports, an array of __u64: two bitmaps of 65536 bits, BB_PORT_WORDS
 * words each, of the ports (and ICMP types) that rules name: the first
 * for dport N and type N, the second for sport N, whatever the protocol
 * and address. A step whose port has no bit set is skipped without a
 * lookup; a bit set by another protocol's rule costs a lookup that
 * misses, nothing worse.
 */
#define BB_PORT_WORDS		1024
#define BB_PORTS_FIRST		0
#define BB_PORTS_SPORT		1
#define BB_PORTS_ALL		(2 * BB_PORT_WORDS)

/*
 * The address rules, hosts and prefixes alike, are kept in one hash
 * table per family that BPF searches itself: open addressing in an
 * array map (deny_addr_v4, deny_addr_v6), so that a probe is an array
 * load the verifier inlines, where a lookup in a kernel hash map is a
 * call, a jhash and a compare: 7 ns a miss. User space builds the table
 * (samples/lib/deny_addr.c); see bpf/filter.h for the search.
 *
 * A slot holds a prefix: its length, its address with the bits past it
 * zero, and the rule's index. Entries are placed by Robin Hood hashing:
 * @dist is how far a slot is from where its hash put it, and a search
 * stops at the first slot closer to home than the search has gone (the
 * key cannot be further on), at an empty slot, or at BB_ADDR_PROBES.
 * A slot also counts the entries whose home it is (@homes): a search
 * whose home counts none, or only the entry sitting there, ends at its
 * first probe, hit or miss, whatever holds the slots after it.
 * The array has two halves: BPF reads the one bb_deny_shape.lens_cur
 * names, user space builds the other and then flips lens_cur.
 */
#define BB_ADDR_PROBES		16

/**
 * struct bb_addr_slot_v4 - one slot of deny_addr_v4
 * @len1:	prefix length + 1; 0: an empty slot
 * @dist:	slots from the one its hash names
 * @homes:	entries whose hash names this slot, wherever they sit
 * @rule:	index of the rule in rule_stats
 * @addr:	the prefix, network order
 */
struct bb_addr_slot_v4 {
	__u8 len1;
	__u8 dist;
	__u8 homes;
	__u8 pad;
	__u32 rule;
	__u8 addr[4];
	__u32 pad2;
};

struct bb_addr_slot_v6 {
	__u8 len1;
	__u8 dist;
	__u8 homes;
	__u8 pad;
	__u32 rule;
	__u8 addr[16];
};

/*
 * The prefix lengths in use, per family, longest first: BPF searches
 * the table once per length, and stops at the first hit. A host is the
 * longest prefix of all, /32 or /128; there can be 33 and 129 lengths.
 */
#define BB_LENS_V4		33
#define BB_LENS_V6		129

/**
 * struct bb_deny_len - one prefix length in use
 * @salt:	mixed into the hash, so that the same masked address at two
 *		lengths (or in two families) lands in two places
 * @len:	the prefix length
 * @mask:	the netmask in the address's own layout: the address words,
 *		as loaded, AND @mask are the prefix
 */
struct bb_deny_len {
	__u64 salt;
	__u32 len;
	__u32 mask[4];
	__u32 pad;
};

/* The lengths in use for one family: @nr of them at the start of @v. */
struct bb_deny_lens_v4 {
	__u32 nr;
	__u32 pad;
	struct bb_deny_len v[BB_LENS_V4];
};

struct bb_deny_lens_v6 {
	__u32 nr;
	__u32 pad;
	struct bb_deny_len v[BB_LENS_V6];
};

#define BB_ADDR_K1		0x9e3779b97f4a7c15ULL
#define BB_ADDR_K2		0xc2b2ae3d27d4eb4fULL

/*
 * Where a prefix's search starts: multiplicative hashing, whose high
 * bits depend on every bit of the key. @lo and @hi are the prefix as two
 * 64-bit words (IPv4: the address in @lo, @hi 0); the caller keeps the
 * top bits it needs. The shift folds the product's high half back in
 * before the last multiply: addresses in order (10.0.0.1, 10.0.0.2...)
 * differ in the high bits of the word as loaded, and one multiply alone
 * put them in runs: at a fifth full, half of 50,000 such hosts were off
 * their home slot, where a tenth should be.
 */
static inline __u64 bb_addr_hash(__u64 salt, __u64 lo, __u64 hi)
{
	__u64 x = ((lo ^ salt) * BB_ADDR_K1) ^ hi;

	x ^= x >> 32;
	return x * BB_ADDR_K2;
}

/**
 * struct bb_deny_shape - what the filter's maps hold, as BPF reads it
 * @lens_cur:	which half of the address tables BPF searches, and which
 *		list of lengths it searches them for: 0 or 1
 * @addr_shift:	64 - log2(slots in a half): the hash's top bits are the
 *		first slot to look at
 * @addr_mask:	slots in a half - 1
 * @l4_rules:	rules that name a protocol; 0 skips every lookup of them
 * @l4_v4:	BB_SHAPE_* of the rules that can match IPv4 packets, by
 *		IP protocol number: one load finds a packet's
 * @l4_v6:	the same for IPv6 packets
 * @lens_v4:	prefix lengths of the IPv4 address rules, longest first,
 *		for each half
 * @lens_v6:	the same for IPv6
 *
 * The whole ".data.deny" section of filter_packet and fw. User space
 * rewrites it around every change of the rules; a map with nothing in
 * it for the packet at hand is not searched.
 */
struct bb_deny_shape {
	__u32 lens_cur;
	__u32 addr_shift;
	__u32 addr_mask;
	__u32 l4_rules;
	__u8 l4_v4[256];
	__u8 l4_v6[256];
	struct bb_deny_lens_v4 lens_v4[2];
	struct bb_deny_lens_v6 lens_v6[2];
};

/* Event flags (struct bb_pkt_event.flags). */
#define BB_EV_PORTS	0x01	/* sport/dport are ports */
#define BB_EV_ICMP	0x02	/* sport/dport are ICMP type/code */
#define BB_EV_FRAG	0x04	/* a fragment */

#define BB_NO_RULE	0xffffffffU
/* fw, allow mode: the event of a packet the default policy dropped. */
#define BB_DEFAULT_RULE	0xfffffffeU

/* Keys of default_stats (bpf/filter.h), allow mode only. */
enum bb_default_stat {
	BB_DEFAULT_DROP,	/* no rule matched: dropped by default */
	BB_DEFAULT_KEEP,	/* no rule matched, but ARP or ND: passed */
	BB_DEFAULT_MAX,
};

/**
 * struct bb_pkt_event - one packet, as bubble_packet and fw report it
 * @ts_ns:	when the program saw it: bpf_ktime_get_ns(), CLOCK_MONOTONIC
 * @ifindex:	receiving interface
 * @len:	frame length in bytes
 * @rule:	fw: the deny rule (index) that dropped it; else BB_NO_RULE
 * @eth_proto:	EtherType, host order (for frames that are not IP)
 * @family:	2 (IPv4), 10 (IPv6) or 0
 * @protocol:	IP protocol
 * @sport:	source port or ICMP type, host order
 * @dport:	destination port or ICMP code, host order
 * @flags:	BB_EV_*
 * @pad:	zero
 * @saddr:	source address, network order (IPv4: first 4 bytes)
 * @daddr:	destination address
 */
struct bb_pkt_event {
	__u64 ts_ns;
	__u32 ifindex;
	__u32 len;
	__u32 rule;
	__u16 eth_proto;
	__u8 family;
	__u8 protocol;
	__u16 sport;
	__u16 dport;
	__u16 flags;
	__u16 pad;
	__u8 saddr[16];
	__u8 daddr[16];
};

/**
 * struct bb_xdp_cfg - settings the user side writes into .rodata
 * @match_dst:	filter_packet, fw: match the destination, not the source
 * @sample_every: bubble_packet: report 1 packet in N (per CPU); 0 or 1: all
 * @ev_rate:	fw: drop events per second per CPU; 0: no limit
 * @ev_burst:	fw: events allowed at once after a quiet spell
 * @allow:	filter_packet, fw: allow mode (--allow): pass what a rule
 *		matches, drop the rest (default deny)
 * @allow_strict: with @allow: drop ARP and IPv6 neighbour discovery
 *		too unless a rule matches them (--allow-strict)
 *
 * Each program declares "const volatile struct bb_xdp_cfg cfg" as its
 * only read-only global, so the struct is the whole .rodata section.
 * User space fills it in before load; the verifier then sees constants
 * and prunes the branches a setting turns off.
 */
struct bb_xdp_cfg {
	__u32 match_dst;
	__u32 sample_every;
	__u32 ev_rate;
	__u32 ev_burst;
	__u32 allow;
	__u32 allow_strict;
};

#endif /* BB_XDP_TOOLS_H */
