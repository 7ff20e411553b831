/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pkt_format.h - print the struct bb_pkt_event records of bubble_packet
 * and fw, as text or as one JSON object:
 *
 *	192.0.2.1:5353 -> 192.0.2.2:53 UDP 74
 *	[2001:db8::1]:5353 -> [2001:db8::2]:53 UDP 94
 *	192.0.2.9 -> 192.0.2.2 ICMP 98
 *	non-IP ethertype 0x0806 42
 *
 * The last number is the frame length in bytes, Ethernet header
 * included. IPv6 addresses are bracketed only when a port follows.
 *
 * The time the packet was seen is the tool's to print in front of the
 * text (wallclock.h); the JSON form carries it as "timestamp", RFC 3339
 * UTC with microseconds.
 */
#ifndef BB_PKT_FORMAT_H
#define BB_PKT_FORMAT_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "xdp_tools.h"

/* "TCP", "UDP", "SCTP", "ICMP", "ICMPv6", or NULL for other protocols. */
const char *pkt_event_proto_name(const struct bb_pkt_event *ev);
/* The text form above into @buf (always terminated). */
void pkt_event_format(const struct bb_pkt_event *ev, char *buf, size_t len);
/*
 * The JSON form, without a newline: the time of @ev->ts_ns plus
 * @wall_off_ns (wallclock_offset_ns()) as "timestamp", the name of the
 * interface, @ifname, if not NULL, as "interface" beside its "ifindex",
 * and @rule, if not NULL, as "rule". Returns what fprintf() returned
 * last.
 */
int pkt_event_json(const struct bb_pkt_event *ev, const char *ifname,
		   const char *rule, __s64 wall_off_ns, FILE *out);

#endif /* BB_PKT_FORMAT_H */
