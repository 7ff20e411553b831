// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Two trivial XDP programs for test_xdp_attach: only their ids matter. */
#include "bb_helpers.h"

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int xdp_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
