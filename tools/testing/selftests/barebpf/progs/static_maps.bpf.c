// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Static maps, two of each kind in one section. clang relocates a static
 * symbol against its section and leaves the map's offset in the ld_imm64
 * immediate, so the loader must look at that offset to tell them apart.
 * bump() adds a different number to each map; test_loader_exact checks
 * that every map got its own.
 */
#include "bb_helpers.h"

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

static struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} btf_first SEC(".maps");

static struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} btf_second SEC(".maps");

static struct bpf_map_def SEC("maps") legacy_first = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

static struct bpf_map_def SEC("maps") legacy_second = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 1,
};

static __always_inline void add(void *map, __u64 n)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(map, &key);

	if (v)
		*v += n;
}

SEC("socket")
int bump(struct __sk_buff *skb)
{
	add(&btf_second, 2);
	add(&btf_first, 1);
	add(&legacy_second, 20);
	add(&legacy_first, 10);
	return 0;
}

char _license[] SEC("license") = "GPL";
