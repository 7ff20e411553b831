// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Maps of maps initialised in .maps: slot 1 of the array and key 7 of
 * the hash hold inner_b. The loader creates the outer maps with a
 * template of struct inner and puts inner_b's fd in those slots.
 */
#include "bb_helpers.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
};

struct inner inner_a SEC(".maps");
struct inner inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer_array SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct inner);
} outer_hash SEC(".maps") = {
	.values = { [7] = &inner_b },
};

static __always_inline __u64 first(void *outer, __u32 key)
{
	__u32 zero = 0;
	__u64 *v;
	void *in;

	in = bpf_map_lookup_elem(outer, &key);
	if (!in)
		return 1000;
	v = bpf_map_lookup_elem(in, &zero);
	return v ? *v : 2000;
}

/* inner_b's value, read through both outer maps. */
SEC("socket")
int read_inner(struct __sk_buff *skb)
{
	return first(&outer_array, 1) + first(&outer_hash, 7);
}

char _license[] SEC("license") = "GPL";
