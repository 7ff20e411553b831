// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A map with pinning = BB_PIN_BY_NAME: the first object to load creates
 * and pins it, later ones find the pin and share the same map.
 */
#include "bb_helpers.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, BB_PIN_BY_NAME);
} shared_counter SEC(".maps");

SEC("socket")
int bump(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&shared_counter, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
