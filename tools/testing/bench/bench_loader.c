// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_loader OBJ [N] - average time for the barebpf loader to open,
 * load and close OBJ (parse, BTF, maps, relocations, verifier), over N
 * runs. Prints "open_load_us X" for the benchmark report; the same
 * object goes through bpftool in the same run for comparison.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "barebpf.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	struct bb_object *obj;
	int i, n, err = 0;
	double t0;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_loader OBJ [N]\n");
		return 2;
	}
	n = argc > 2 ? atoi(argv[2]) : 20;
	if (n < 1)
		n = 1;
	t0 = now_us();
	for (i = 0; i < n && !err; i++) {
		err = bb_object__open_file(argv[1], NULL, &obj);
		if (!err)
			err = bb_object__load(obj);
		bb_object__close(obj);
	}
	if (err)
		return 1;
	printf("open_load_us %.0f\n", (now_us() - t0) / n);
	return 0;
}
