/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bubble_packet.h - shared by bubble_packet.bpf.c and
 * bubble_packet_user.c. The event record itself is struct bb_pkt_event
 * in samples/include/xdp_tools.h, which fw shares.
 */
#ifndef BB_BUBBLE_PACKET_H
#define BB_BUBBLE_PACKET_H

/* Keys of the per-CPU array "bubble_stats" (__u64 values). */
enum bb_bubble_stat {
	BB_BUBBLE_SEEN,		/* packets the program ran for */
	BB_BUBBLE_SAMPLED,	/* of those, chosen by -s (all without) */
	BB_BUBBLE_OUTPUT_FAIL,	/* bpf_perf_event_output() failed */
	BB_BUBBLE_MAX,
};

#endif /* BB_BUBBLE_PACKET_H */
