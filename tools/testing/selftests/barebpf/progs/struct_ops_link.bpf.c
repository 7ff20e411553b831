// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A struct_ops map in .struct_ops.link, libbpf 1.2's kind, attached
 * through a BPF link: the loader does not do those yet, and says so.
 */
#include "bb_helpers.h"

struct tcp_congestion_ops {
	__u32 (*ssthresh)(void *sk);
	char name[16];
};

SEC("struct_ops/bb_link_ssthresh")
__u32 bb_link_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops bb_link_cc = {
	.ssthresh = (void *)bb_link_ssthresh,
	.name = "bb_link_cc",
};

char _license[] SEC("license") = "GPL";
