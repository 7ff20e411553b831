// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The smallest useful XDP program: let every packet through. */
#include "bb_helpers.h"

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
