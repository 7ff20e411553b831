// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A TCP congestion control in BPF, as small as the kernel accepts: the
 * three operations it requires and a name. The struct only names the
 * members it sets; the loader finds them by name in the kernel's
 * struct tcp_congestion_ops and copies .name into place.
 */
#include "bb_helpers.h"

struct tcp_congestion_ops {
	__u32 (*ssthresh)(void *sk);
	void (*cong_avoid)(void *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(void *sk);
	char name[16];
};

SEC("struct_ops/bb_ssthresh")
__u32 bb_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops/bb_cong_avoid")
void bb_cong_avoid(unsigned long long *ctx)
{
}

SEC("struct_ops/bb_undo_cwnd")
__u32 bb_undo_cwnd(unsigned long long *ctx)
{
	return 10;
}

SEC(".struct_ops")
struct tcp_congestion_ops bb_cc = {
	.ssthresh = (void *)bb_ssthresh,
	.cong_avoid = (void *)bb_cong_avoid,
	.undo_cwnd = (void *)bb_undo_cwnd,
	.name = "bb_test_cc",
};

char _license[] SEC("license") = "GPL";
