// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Deliberately wrong: the map value pointer is used without the NULL
 * check the verifier insists on. test_loader expects the load to fail
 * with a verifier log that quotes this file's source line.
 */
#include "bb_helpers.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

SEC("xdp")
int missing_null_check(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&arr, &key);

	return *v ? XDP_PASS : XDP_DROP;	/* BUG_MARKER */
}

char _license[] SEC("license") = "GPL";
