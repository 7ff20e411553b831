// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * percpu.c - sums of per-CPU counters; see percpu.h.
 */
#include <errno.h>
#include <stdlib.h>

#include "bpf_sys.h"
#include "percpu.h"

void percpu_sum_counts(const struct bb_count *percpu, int ncpus,
		       struct bb_count *sum)
{
	int i;

	sum->packets = 0;
	sum->bytes = 0;
	for (i = 0; i < ncpus; i++) {
		sum->packets += percpu[i].packets;
		sum->bytes += percpu[i].bytes;
	}
}

int percpu_count_read(int map_fd, __u32 key, struct bb_count *percpu,
		      int ncpus, struct bb_count *sum)
{
	int err;

	err = bb_map_lookup_elem(map_fd, &key, percpu, 0);
	if (err)
		return err;
	percpu_sum_counts(percpu, ncpus, sum);
	return 0;
}

int percpu_u64_sum(int map_fd, __u32 key, __u64 *sum)
{
	int ncpus = bb_num_possible_cpus(), i, err;
	__u64 *vals;

	*sum = 0;
	if (ncpus <= 0)
		return ncpus < 0 ? ncpus : -EINVAL;
	vals = calloc(ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	err = bb_map_lookup_elem(map_fd, &key, vals, 0);
	for (i = 0; !err && i < ncpus; i++)
		*sum += vals[i];
	free(vals);
	return err;
}
