// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * iproute2's legacy map definition, struct bpf_elf_map: the five fields
 * of struct bpf_map_def, then id, pinning, inner_id and inner_idx. With
 * pinning = PIN_GLOBAL_NS (2) tc would pin the map under
 * /sys/fs/bpf/tc/globals; the loader does not, so it must refuse.
 */
#include "bb_helpers.h"

struct bpf_elf_map {
	__u32 type;
	__u32 size_key;
	__u32 size_value;
	__u32 max_elem;
	__u32 flags;
	__u32 id;
	__u32 pinning;
	__u32 inner_id;
	__u32 inner_idx;
};

struct bpf_elf_map SEC("maps") tc_counts = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u64),
	.max_elem = 4,
	.pinning = 2,
};

struct bpf_elf_map SEC("maps") tc_plain = {
	.type = BPF_MAP_TYPE_ARRAY,
	.size_key = sizeof(__u32),
	.size_value = sizeof(__u64),
	.max_elem = 4,
};

SEC("classifier")
int count(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&tc_counts, &key);

	if (v)
		*v += 1;
	v = bpf_map_lookup_elem(&tc_plain, &key);
	if (v)
		*v += 1;
	return 0;
}

char _license[] SEC("license") = "GPL";
