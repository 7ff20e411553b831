/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * proto_stats.h - per-CPU packet and byte counters per protocol class,
 * as hello_packet keeps them; fw counts every packet the same way.
 *
 * Why per-CPU: the workshop's BPF_HASH lookup-then-update loses counts
 * when two CPUs bump the same key at once (both read 12, both write 13).
 * In a BPF_MAP_TYPE_PERCPU_ARRAY each CPU has its own copy of every
 * element, so a plain "+=" is safe and user space adds the copies up
 * (samples/lib/proto_report.c). Include this once per BPF object.
 */
#ifndef BB_PROTO_STATS_H
#define BB_PROTO_STATS_H

#include "bb_helpers.h"
#include "parsing.h"
#include "xdp_tools.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_PC_MAX);
	__type(key, __u32);
	__type(value, struct bb_count);
} proto_stats SEC(".maps");

/* Which counter a parsed packet goes to. */
static __always_inline __u32 bb_proto_class(const struct bb_pkt *pkt)
{
	if (pkt->layer < BB_LAYER_L3)
		return BB_PC_NON_IP;
	switch (pkt->proto) {
	case IPPROTO_TCP:
		return BB_PC_TCP;
	case IPPROTO_UDP:
		return BB_PC_UDP;
	case IPPROTO_ICMP:
		if (pkt->family == BB_AF_INET)
			return BB_PC_ICMP;
		break;
	case IPPROTO_ICMPV6:
		if (pkt->family == BB_AF_INET6)
			return BB_PC_ICMPV6;
		break;
	}
	return pkt->family == BB_AF_INET ? BB_PC_IPV4_OTHER : BB_PC_IPV6_OTHER;
}

static __always_inline void bb_proto_count(const struct bb_pkt *pkt)
{
	__u32 key = bb_proto_class(pkt);
	struct bb_count *cnt = bpf_map_lookup_elem(&proto_stats, &key);

	if (cnt) {
		cnt->packets++;
		cnt->bytes += pkt->len;
	}
}

#endif /* BB_PROTO_STATS_H */
