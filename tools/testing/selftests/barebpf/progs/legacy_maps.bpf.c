// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The old way to declare a map, as in the kernel's early samples/bpf:
 * a struct bpf_map_def in a section named "maps". The loader must still
 * read these, and the "version" section that went with them.
 */
#include "bb_helpers.h"

struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct bpf_map_def SEC("maps") counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 8,
};

struct bpf_map_def SEC("maps") seen = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 16,
};

SEC("socket")
int count_len(struct __sk_buff *skb)
{
	__u32 key = skb->len & 7;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	bpf_map_update_elem(&seen, &key, &key, BPF_ANY);
	return skb->len;
}

char _license[] SEC("license") = "GPL";
__u32 _version SEC("version") = 0x060c00;
