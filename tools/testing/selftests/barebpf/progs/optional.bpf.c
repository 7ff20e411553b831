// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * SEC("?...") marks a program that is not loaded unless the user asks
 * for it (libbpf's convention). Both are skipped by default; asking for
 * the second names its unknown section.
 */
#include "bb_helpers.h"

SEC("?socket")
int maybe_socket(struct __sk_buff *skb)
{
	return 0;
}

SEC("?bb_no_such_type")
int maybe_unknown(void *ctx)
{
	return 0;
}

SEC("socket")
int always(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
