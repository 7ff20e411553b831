// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Count the getpid() calls of one process, per CPU, twice: from the
 * syscalls/sys_enter_getpid tracepoint and from the sys_enter raw
 * tracepoint. User space writes its tgid (and the getpid syscall number
 * for the raw tracepoint, which sees every syscall) into "cfg".
 */
#include "bb_helpers.h"

struct tp_cfg {
	__u32 tgid;
	__u32 nr_getpid;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_cfg);
} cfg SEC(".maps");

/* key 0: tracepoint hits, key 1: raw tracepoint hits */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline struct tp_cfg *my_cfg(void)
{
	__u32 key = 0;
	struct tp_cfg *c = bpf_map_lookup_elem(&cfg, &key);

	if (!c || !c->tgid || bpf_get_current_pid_tgid() >> 32 != c->tgid)
		return 0;
	return c;
}

static __always_inline void count(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		*v += 1;	/* per-CPU slot: no other writer */
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	if (my_cfg())
		count(0);
	return 0;
}

/* args[0] is the pt_regs pointer, args[1] the syscall number. */
SEC("raw_tracepoint/sys_enter")
int count_raw_getpid(struct bpf_raw_tracepoint_args *ctx)
{
	struct tp_cfg *c = my_cfg();

	if (c && ctx->args[1] == c->nr_getpid)
		count(1);
	return 0;
}

char _license[] SEC("license") = "GPL";
