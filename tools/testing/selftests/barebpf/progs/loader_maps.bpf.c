// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * BTF-defined maps of several kinds, global data in all three sections,
 * and static and global subprograms: what test_loader exercises.
 */
#include "bb_helpers.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} hmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 16);
	__uint(max_entries, 2);
	__uint(map_flags, 0);
} sized SEC(".maps");

__u64 runs;			/* .bss */
__u64 data_var = 42;		/* .data */
const volatile __u32 ro_mult = 3;	/* .rodata, set by user space */

/* Static: inlined or called with a relative call inside .text. */
static __noinline __u32 scale(__u32 x)
{
	return x * ro_mult;
}

/* Global: verified on its own, needs BTF func_info. */
__noinline int add_hundred(int x)
{
	return x + 100;
}

/* retval = len * ro_mult + 100 + data_var; counts runs in .bss and hmap */
SEC("tc")
int calc(struct __sk_buff *skb)
{
	__u32 key = skb->len;
	__u64 one = 1, *v;

	runs++;
	v = bpf_map_lookup_elem(&hmap, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&hmap, &key, &one, BPF_ANY);
	key = 0;
	v = bpf_map_lookup_elem(&pcpu, &key);
	if (v)
		*v += 1;
	return add_hundred(scale(skb->len)) + data_var;
}

char _license[] SEC("license") = "GPL";
