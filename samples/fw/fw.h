/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * fw.h - shared by fw.bpf.c and fw_user.c. The drop event itself is
 * struct bb_pkt_event of xdp_tools.h, which bubble_packet shares.
 */
#ifndef BB_FW_H
#define BB_FW_H

#include <linux/types.h>

/* fw: keys of its per-CPU event bookkeeping array. */
enum bb_fw_evstat {
	BB_FW_EV_SENT,		/* events put in the ring buffer */
	BB_FW_EV_SUPPRESSED,	/* dropped by the token bucket */
	BB_FW_EV_RESERVE_FAIL,	/* ring buffer full */
	BB_FW_EV_MAX,
};

/* fw: per-CPU token bucket that rate-limits drop events. */
struct bb_tbucket {
	__u64 credit_ns;	/* saved time, capped at burst * cost */
	__u64 last_ns;		/* when credit_ns was last brought up */
};

#endif /* BB_FW_H */
