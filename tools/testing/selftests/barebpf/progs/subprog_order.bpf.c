// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * order() calls a(), which calls b(), then d(). libbpf appends
 * subprograms depth first (a, b, d); so must barebpf, or the kernel gets
 * a different program from the two loaders. Each function adds its own
 * constant, which the test finds in the translated program.
 */
#include "bb_helpers.h"

static __noinline int b(int x)
{
	return x + 2000;
}

static __noinline int a(int x)
{
	return b(x) * 3 + 1000;
}

static __noinline int d(int x)
{
	return x + 3000;
}

SEC("socket")
int order(struct __sk_buff *skb)
{
	return a(skb->len) + d(skb->len);
}

char _license[] SEC("license") = "GPL";
