// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A strong kfunc no kernel has: the load must fail, naming it. */
#include "bb_helpers.h"

extern void bb_no_such_kfunc(void) __attribute__((section(".ksyms")));

SEC("syscall")
int needs_kfunc(void *ctx)
{
	bb_no_such_kfunc();
	return 0;
}

char _license[] SEC("license") = "GPL";
