// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * percpu_u64.c - see percpu_u64.h. A lookup in a per-CPU array returns
 * one value per *possible* CPU, each 8 bytes here, back to back.
 */
#include <errno.h>
#include <stdlib.h>

#include "bpf_sys.h"
#include "percpu_u64.h"

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
