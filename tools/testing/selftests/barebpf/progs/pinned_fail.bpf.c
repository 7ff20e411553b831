// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A map pinned by name next to a program the verifier rejects. A failed
 * load must take back the pin it made: a later run would otherwise find
 * a map that belongs to no loaded program.
 */
#include "bb_helpers.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, BB_PIN_BY_NAME);
} fail_pinned SEC(".maps");

SEC("socket")
int no_null_check(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&fail_pinned, &key);

	return *v;
}

char _license[] SEC("license") = "GPL";
