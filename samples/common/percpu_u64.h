/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * percpu_u64.h - sum one key of a per-CPU array of __u64 counters, the
 * event bookkeeping of bubble_packet ("bubble_stats") and fw
 * ("ev_stats"). For arrays of struct bb_count see percpu.h.
 */
#ifndef BB_PERCPU_U64_H
#define BB_PERCPU_U64_H

#include <linux/types.h>

/* Sum of every possible CPU's value of @key; 0 or -errno. */
int percpu_u64_sum(int map_fd, __u32 key, __u64 *sum);

#endif /* BB_PERCPU_U64_H */
