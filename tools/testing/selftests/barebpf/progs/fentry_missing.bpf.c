// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* An fentry program for a kernel function that does not exist. */
#include "bb_helpers.h"

SEC("fentry/bb_no_such_function")
int on_nothing(__u64 *ctx)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
