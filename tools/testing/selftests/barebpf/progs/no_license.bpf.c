// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * No license section: the program is not GPL-compatible, so the kernel
 * must refuse its call to a GPL-only helper. A loader that filled in a
 * license of its own would make it load.
 */
#include "bb_helpers.h"

SEC("raw_tp/sys_enter")
int reads_kernel(void *ctx)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), ctx);
	return v;
}
