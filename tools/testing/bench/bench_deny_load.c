// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_deny_load FILE - how long filter_packet's deny table takes to
 * load FILE into fresh maps (host hashes and prefix tries), with batch
 * updates (what the tool does) and with one BPF_MAP_UPDATE_ELEM per
 * rule (the workshop's way), using the tool's own code
 * (samples/lib/deny_table.c) in both cases.
 * Prints "parse_ms X", "batch_ms Y" and "single_ms Z".
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "barebpf.h"
#include "deny.h"
#include "deny_table.h"
#include "xdp_tools.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The maps of bpf/filter.h, sized for @n rule slots; no .data.deny. */
static int create_maps(__u32 n, struct deny_maps *m)
{
	static const struct {
		enum bpf_map_type type;
		__u32 key_size;
	} maps[DENY_KINDS] = {
		[DENY_L4] = { BPF_MAP_TYPE_HASH, sizeof(struct bb_l4_key) },
		[DENY_L4_V4] = { BPF_MAP_TYPE_LPM_TRIE,
				 sizeof(struct bb_lpm_l4_v4) },
		[DENY_L4_V6] = { BPF_MAP_TYPE_LPM_TRIE,
				 sizeof(struct bb_lpm_l4_v6) },
	};
	struct bb_map_create_opts o = { .map_flags = BPF_F_NO_PREALLOC };
	struct bb_map_create_opts mm = { .map_flags = BPF_F_MMAPABLE };
	int k, err = 0;

	m->rules[DENY_ADDR_V4] = bb_map_create(BPF_MAP_TYPE_ARRAY,
			"deny_addr_v4", sizeof(__u32),
			sizeof(struct bb_addr_slot_v4), 2 * deny_addr_slots(n),
			&mm);
	m->rules[DENY_ADDR_V6] = bb_map_create(BPF_MAP_TYPE_ARRAY,
			"deny_addr_v6", sizeof(__u32),
			sizeof(struct bb_addr_slot_v6), 2 * deny_addr_slots(n),
			&mm);
	for (k = 0; k < DENY_KINDS; k++) {
		if (k == DENY_ADDR_V4 || k == DENY_ADDR_V6) {
			err |= m->rules[k] < 0;
			continue;
		}
		m->rules[k] = bb_map_create(maps[k].type, deny_kind_map[k],
					    maps[k].key_size, sizeof(__u32), n,
					    &o);
		if (m->rules[k] < 0)
			err = -1;
	}
	m->counters = bb_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "bench_cnt",
				    sizeof(__u32), sizeof(struct bb_count),
				    n, NULL);
	m->ports = bb_map_create(BPF_MAP_TYPE_ARRAY, "deny_ports",
				 sizeof(__u32), sizeof(__u64), BB_PORTS_ALL,
				 NULL);
	m->shape = -1;
	return err || m->counters < 0 || m->ports < 0 ? -1 : 0;
}

static void close_maps(struct deny_maps *m)
{
	int i;

	for (i = 0; i < DENY_KINDS; i++)
		if (m->rules[i] >= 0)
			close(m->rules[i]);
	if (m->counters >= 0)
		close(m->counters);
	if (m->ports >= 0)
		close(m->ports);
}

/* Load @path into new maps; @batch false forces one update per rule. */
static double load_once(const char *path, bool batch, double *parse_ms)
{
	struct deny_table t;
	struct deny_list l;
	struct deny_diff d;
	struct deny_maps maps;
	int err;
	double t0;

	t0 = now_ms();
	if (deny_list_load("bench", path, &l))
		return -1;
	*parse_ms = now_ms() - t0;
	/* As the tools do: maps for twice the rules a file may have. */
	err = create_maps(2 * (l.count + 8), &maps);
	if (!err)
		err = deny_table_init(&t, "bench", &maps, l.count + 8);
	if (err) {
		deny_list_free(&l);
		close_maps(&maps);
		return -1;
	}
	t.batch = batch;
	t0 = now_ms();
	err = deny_table_apply(&t, &l, &d);
	t0 = now_ms() - t0;
	deny_list_free(&l);
	deny_table_free(&t);
	close_maps(&maps);
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
