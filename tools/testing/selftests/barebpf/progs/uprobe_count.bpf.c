// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Count entries into and returns from a user function: test_uprobe
 * attaches these to a function of its own binary and calls it.
 */
#include "bb_helpers.h"

__u64 entries, returns;

SEC("uprobe")
int on_entry(void *ctx)
{
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("uretprobe")
int on_return(void *ctx)
{
	__sync_fetch_and_add(&returns, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
