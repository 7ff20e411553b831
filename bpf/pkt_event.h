/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pkt_event.h - turn what bb_parse() found into the record that
 * bubble_packet (perf buffer) and fw (ring buffer) send to user space.
 *
 * The record is struct bb_pkt_event of samples/include/xdp_tools.h, a
 * fixed-size struct without implicit padding. It is zeroed first: every
 * byte of it reaches user space, and the verifier refuses to copy
 * uninitialised stack bytes out of the kernel.
 *
 * The time is taken here, as the packet is seen, rather than when user
 * space reads the record: a reader that was asleep, or a perf ring
 * drained a quarter at a time, would otherwise stamp a burst with one
 * late time. User space turns it into wall-clock time (wallclock.h).
 */
#ifndef BB_PKT_EVENT_H
#define BB_PKT_EVENT_H

#include "bb_helpers.h"
#include "parsing.h"
#include "xdp_tools.h"

static __always_inline void bb_pkt_event_fill(struct bb_pkt_event *ev,
					      const struct bb_pkt *pkt,
					      __u32 ifindex, __u32 rule)
{
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->ts_ns = bpf_ktime_get_ns();
	ev->ifindex = ifindex;
	ev->len = pkt->len;
	ev->rule = rule;
	ev->eth_proto = pkt->eth_proto;
	ev->family = pkt->family;
	ev->protocol = pkt->proto;
	if (pkt->layer == BB_LAYER_L4) {
		ev->sport = pkt->sport;
		ev->dport = pkt->dport;
		/* bb_parse() reaches L4 for ICMP of the right family only. */
		if (pkt->proto == IPPROTO_ICMP || pkt->proto == IPPROTO_ICMPV6)
			ev->flags |= BB_EV_ICMP;
		else
			ev->flags |= BB_EV_PORTS;
	}
	if (pkt->flags & BB_PKT_FRAG)
		ev->flags |= BB_EV_FRAG;
	__builtin_memcpy(ev->saddr, pkt->saddr, sizeof(ev->saddr));
	__builtin_memcpy(ev->daddr, pkt->daddr, sizeof(ev->daddr));
}

#endif /* BB_PKT_EVENT_H */
