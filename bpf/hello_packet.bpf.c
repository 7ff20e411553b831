// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hello_packet - count the packets and bytes an interface receives, per
 * protocol. The XDP version of the workshop's lizrice.py.
 *
 * The workshop counts in a BPF_HASH: every packet does a lookup, then an
 * update of the same key from whichever CPU received it. Two CPUs doing
 * that at once both read 12 and both write 13: an increment is lost.
 * Here the counters live in a BPF_MAP_TYPE_PERCPU_ARRAY instead. Every
 * CPU has its own copy of each element, so a CPU only ever touches its
 * own counter and a plain "+=" is safe; user space adds the copies up
 * when it reads them. An array rather than a hash also means no element
 * is ever created at run time: lookups of a key below max_entries
 * cannot fail (the verifier still wants the NULL check).
 */
#include "bb_helpers.h"
#include "parsing.h"
#include "../samples/common/xdp_tools.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_PC_MAX);
	__type(key, __u32);
	__type(value, struct bb_count);
} proto_stats SEC(".maps");

/* Which counter a parsed packet goes to. */
static __always_inline __u32 proto_class(const struct bb_pkt *pkt)
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

SEC("xdp")
int hello_packet(struct xdp_md *ctx)
{
	struct bb_count *cnt;
	struct bb_pkt pkt;
	__u32 key;

	bb_parse(ctx, &pkt);
	key = proto_class(&pkt);
	cnt = bpf_map_lookup_elem(&proto_stats, &key);
	if (cnt) {
		cnt->packets++;
		cnt->bytes += pkt.len;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
