// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A prog array initialised in .maps: slot 1 holds tail(). The loader
 * must put the program there or refuse the object; loading the map empty
 * would make every tail call fall through.
 */
#include "bb_helpers.h"

SEC("socket")
int tail(struct __sk_buff *skb)
{
	return 1;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	__array(values, int (struct __sk_buff *));
} jumps SEC(".maps") = {
	.values = { [1] = (void *)&tail },
};

SEC("socket")
int entry(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jumps, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
