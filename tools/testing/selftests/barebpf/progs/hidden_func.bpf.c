// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A hidden global function, as libbpf's usdt.bpf.h has them: verified
 * as a global function (on its own, from its prototype) the write
 * through res would be refused, since res might be NULL; libbpf has the
 * kernel verify hidden functions as static ones, in their caller's
 * context, where res is the caller's stack. A ring buffer of 1000
 * bytes rides along: libbpf rounds it up to a page.
 */
#include "bb_helpers.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1000);
} odd_ring SEC(".maps");

__attribute__((visibility("hidden"))) __noinline int set(long *res)
{
	*res = 42;
	return 0;
}

SEC("socket")
int calls_hidden(struct __sk_buff *skb)
{
	long v = 0;

	set(&v);
	return v;
}

char _license[] SEC("license") = "GPL";
