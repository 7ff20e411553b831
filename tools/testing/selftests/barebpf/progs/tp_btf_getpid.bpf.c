// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A BTF-typed tracepoint: the loader finds the "btf_trace_sys_enter"
 * typedef in /sys/kernel/btf/vmlinux and loads the program against it;
 * test_tracepoint counts one process's getpid() calls with it.
 */
#include "bb_helpers.h"

__u32 target_tgid;		/* set by user space */
__u64 hits;

/* tp_btf/sys_enter: ctx[0] is struct pt_regs *, ctx[1] the syscall nr. */
SEC("tp_btf/sys_enter")
int on_sys_enter(__u64 *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == target_tgid &&
	    ctx[1] == 39)	/* __NR_getpid on x86_64 */
		__sync_fetch_and_add(&hits, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
