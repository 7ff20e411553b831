// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The old samples/bpf map definition: struct bpf_map_def plus
 * inner_map_idx and numa_node, both zero here. Zero extra fields ask for
 * nothing, so the loader loads it.
 */
#include "bb_helpers.h"

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
	unsigned int inner_map_idx;
	unsigned int numa_node;
};

struct bpf_map_def SEC("maps") wide = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 2,
};

SEC("socket")
int touch(struct __sk_buff *skb)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&wide, &key);

	if (v)
		*v = 7;
	return 0;
}

char _license[] SEC("license") = "GPL";
