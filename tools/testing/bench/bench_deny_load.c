// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_deny_load FILE - how long filter_packet's deny table takes to
 * load FILE into fresh LPM tries, with batch updates (what the tool
 * does) and with one BPF_MAP_UPDATE_ELEM per rule (the workshop's way),
 * using the tool's own code (samples/common/deny.c) in both cases.
 * Prints "parse_ms X", "batch_ms Y" and "single_ms Z".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "barebpf.h"
#include "deny.h"
#include "xdp_tools.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The maps filter_packet.bpf.c declares, sized for @n rules. */
static int create_maps(__u32 n, int fds[3])
{
	struct bb_map_create_opts lpm = { .map_flags = BPF_F_NO_PREALLOC };

	fds[0] = bb_map_create(BPF_MAP_TYPE_LPM_TRIE, "bench_v4",
			       sizeof(struct bb_lpm_v4), sizeof(__u32), n, &lpm);
	fds[1] = bb_map_create(BPF_MAP_TYPE_LPM_TRIE, "bench_v6",
			       sizeof(struct bb_lpm_v6), sizeof(__u32), n, &lpm);
	fds[2] = bb_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "bench_cnt",
			       sizeof(__u32), sizeof(struct bb_count), n, NULL);
	return fds[0] < 0 || fds[1] < 0 || fds[2] < 0 ? -1 : 0;
}

static void close_maps(int fds[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Load @path into new maps; @batch false forces one update per rule. */
static double load_once(const char *path, bool batch, double *parse_ms)
{
	struct deny_table t;
	struct deny_list l;
	struct deny_diff d;
	int fds[3], err;
	double t0;

	t0 = now_ms();
	if (deny_list_load("bench", path, &l))
		return -1;
	*parse_ms = now_ms() - t0;
	err = create_maps(l.count * 2 + 16, fds);
	if (!err)
		err = deny_table_init(&t, "bench", fds[0], fds[1], fds[2],
				      l.count * 2 + 16);
	if (err) {
		deny_list_free(&l);
		close_maps(fds);
		return -1;
	}
	t.batch = batch;
	t0 = now_ms();
	err = deny_table_apply(&t, &l, &d);
	t0 = now_ms() - t0;
	deny_list_free(&l);
	deny_table_free(&t);
	close_maps(fds);
	return err ? -1 : t0;
}

int main(int argc, char **argv)
{
	double parse, batch, single;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_deny_load FILE\n");
		return 2;
	}
	batch = load_once(argv[1], true, &parse);
	single = load_once(argv[1], false, &parse);
	if (batch < 0 || single < 0)
		return 1;
	printf("parse_ms %.1f\nbatch_ms %.1f\nsingle_ms %.1f\n", parse, batch,
	       single);
	return 0;
}
