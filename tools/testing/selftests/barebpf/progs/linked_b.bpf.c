// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One half of a linked object (test_bpfobj.sh links linked_a and
 * linked_b with bpftool gen object). Both halves have a static "hits" in
 * .bss: after linking, two variables of one name at two offsets, which
 * the loader must keep apart in the BTF it gives the kernel.
 */
#include "bb_helpers.h"

static __u32 hits;

SEC("socket")
int count_b(struct __sk_buff *skb)
{
	return ++hits;
}
