// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A struct_ops member the kernel's struct does not have: refused, named. */
#include "bb_helpers.h"

struct tcp_congestion_ops {
	__u32 (*bb_no_such_op)(void *sk);
	char name[16];
};

SEC("struct_ops/bb_op")
__u32 bb_op(unsigned long long *ctx)
{
	return 0;
}

SEC(".struct_ops")
struct tcp_congestion_ops bb_bad_cc = {
	.bb_no_such_op = (void *)bb_op,
	.name = "bb_bad_cc",
};

char _license[] SEC("license") = "GPL";
