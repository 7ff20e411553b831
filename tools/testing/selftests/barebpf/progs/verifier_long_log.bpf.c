// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Rejected by the verifier only after a few thousand instructions, so its
 * log is far longer than the tail a failed load prints. test_load_unwind
 * counts how often the loader runs the verifier on it.
 */
#include "bb_helpers.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} long_log_map SEC(".maps");

SEC("socket")
int long_log(struct __sk_buff *skb)
{
	__u64 acc = skb->len, *v;
	__u32 key = 0;
	int i;

#pragma GCC unroll 1500	/* clang and gcc both read this form */
	for (i = 0; i < 1500; i++) {
		acc = acc * 31 + i;
		asm volatile("" : "+r"(acc));	/* keep every step */
	}
	v = bpf_map_lookup_elem(&long_log_map, &key);
	return *v + acc;	/* no NULL check: rejected here, at the end */
}

char _license[] SEC("license") = "GPL";
