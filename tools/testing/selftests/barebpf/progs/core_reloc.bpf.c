// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * CO-RE relocations, as clang writes them for a struct marked
 * preserve_access_index (what vmlinux.h does for every kernel type): the
 * offsets in the instructions are this file's guesses, and .BTF.ext says
 * which instructions the loader must correct for the running kernel.
 * One program reads a field itself, one through a subprogram, one not
 * at all.
 */
#include "bb_helpers.h"

struct task_struct {
	int pid;
	int tgid;
} __attribute__((preserve_access_index));

static __noinline int read_tgid(struct task_struct *t)
{
	int tgid = 0;

	bpf_probe_read_kernel(&tgid, sizeof(tgid), &t->tgid);
	return tgid;
}

SEC("raw_tp/sys_enter")
int reads_pid(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	int pid = 0;

	bpf_probe_read_kernel(&pid, sizeof(pid), &t->pid);
	return pid;
}

SEC("raw_tp/sys_enter")
int reads_tgid(void *ctx)
{
	return read_tgid((void *)bpf_get_current_task());
}

SEC("raw_tp/sys_enter")
int reads_nothing(void *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
