// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_loop() takes a callback: its address is a ld_imm64 the loader turns
 * into BPF_PSEUDO_FUNC. Returns the sum 1 + 2 + ... + n for n = len % 16.
 */
#include "bb_helpers.h"

struct sum_ctx {
	__u64 sum;
};

static int add_index(__u32 i, void *data)
{
	struct sum_ctx *c = data;

	c->sum += i + 1;
	return 0;
}

SEC("tc")
int loop_sum(struct __sk_buff *skb)
{
	struct sum_ctx c = { 0 };

	bpf_loop(skb->len % 16, add_index, &c, 0);
	return c.sum;
}

char _license[] SEC("license") = "GPL";
