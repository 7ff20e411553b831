// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdpt_parse - run bpf/parsing.h on a frame and keep what it found, so
 * test_xdp_parser can check every field through BPF_PROG_TEST_RUN.
 * Returns the layer reached (0-3), which the test reads as retval.
 */
#include "bb_helpers.h"
#include "parsing.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bb_pkt);
} result SEC(".maps");

SEC("xdp")
int xdpt_parse(struct xdp_md *ctx)
{
	struct bb_pkt pkt;
	__u32 key = 0;

	bb_parse(ctx, &pkt);
	bpf_map_update_elem(&result, &key, &pkt, BPF_ANY);
	return pkt.layer;
}

char _license[] SEC("license") = "GPL";
