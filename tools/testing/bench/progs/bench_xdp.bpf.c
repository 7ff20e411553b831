// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The programs the benchmarks measure against:
 *  - xdp_floor: drop everything. Nothing cheaper can sit on the receive
 *    path, so every other program's cost is read as a ratio to this one.
 *  - xdp_pass: lets the kernel stack see the traffic, for measuring a
 *    netfilter rule behind it.
 *  - xdp_tx: the traffic generator. BPF_PROG_RUN with
 *    BPF_F_TEST_XDP_LIVE_FRAMES runs it on a frame "received" on the
 *    sender's veth, and XDP_TX sends the frame out of that veth.
 */
#include "bb_helpers.h"

SEC("xdp")
int xdp_floor(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int xdp_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
