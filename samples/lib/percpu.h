/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * percpu.h - add up the per-CPU values of BPF counters.
 *
 * A lookup in a BPF_MAP_TYPE_PERCPU_ARRAY (or _PERCPU_HASH) from user
 * space returns one value per *possible* CPU, each rounded up to 8
 * bytes, back to back: the buffer must hold bb_num_possible_cpus()
 * values, not the number of online CPUs. Adding them up is the user
 * side's half of the lock-free counting the BPF side does.
 */
#ifndef BB_PERCPU_H
#define BB_PERCPU_H

#include <linux/types.h>

#include "xdp_tools.h"

/* Sum of @ncpus per-CPU struct bb_count values (each 16 bytes). */
void percpu_sum_counts(const struct bb_count *percpu, int ncpus,
		       struct bb_count *sum);

/*
 * Sum one key of a per-CPU array of struct bb_count, using @percpu
 * (room for @ncpus values) for the lookup; 0 or -errno.
 */
int percpu_count_read(int map_fd, __u32 key, struct bb_count *percpu,
		      int ncpus, struct bb_count *sum);

/*
 * Sum one key of a per-CPU array of __u64 (bubble_packet's bubble_stats,
 * fw's ev_stats); 0 or -errno.
 */
int percpu_u64_sum(int map_fd, __u32 key, __u64 *sum);

#endif /* BB_PERCPU_H */
