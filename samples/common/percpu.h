/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * percpu.h - read per-CPU counters and report them per protocol.
 *
 * A lookup in a BPF_MAP_TYPE_PERCPU_ARRAY (or _PERCPU_HASH) from user
 * space returns one value per *possible* CPU, each rounded up to 8
 * bytes, back to back: the buffer must hold bb_num_possible_cpus()
 * values, not the number of online CPUs. Adding them up is the user
 * side's half of the lock-free counting the BPF side does.
 */
#ifndef BB_PERCPU_H
#define BB_PERCPU_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "xdp_tools.h"

/* Name of a protocol class as the reports print it: "TCP", "ICMPv6". */
const char *proto_class_name(unsigned int pc);

/**
 * struct proto_report - counters of the protocol classes, and rates
 * @ncpus:	possible CPUs
 * @percpu:	scratch buffer for one lookup (@ncpus values)
 * @now:	sums read by the last proto_report_read()
 * @prev:	sums of the report before, for rates
 * @now_ns:	when @now was read
 * @prev_ns:	when @prev was read (0: never)
 */
struct proto_report {
	int ncpus;
	struct bb_count *percpu;
	struct bb_count now[BB_PC_MAX];
	struct bb_count prev[BB_PC_MAX];
	__u64 now_ns;
	__u64 prev_ns;
};

int proto_report_init(struct proto_report *r);
void proto_report_free(struct proto_report *r);
/* Sum every class of @map_fd (the BPF side's proto_stats); 0 or -errno. */
int proto_report_read(struct proto_report *r, int map_fd);
/*
 * Print one line: the workshop's "Protocol TCP: counter 12, ..." with
 * rates since the previous line, or with @json one JSON object. Then
 * the current sums become the previous ones.
 */
void proto_report_print(struct proto_report *r, FILE *out, bool json);

/* Sum one key of a per-CPU array of struct bb_count; 0 or -errno. */
int percpu_count_read(int map_fd, __u32 key, struct bb_count *percpu,
		      int ncpus, struct bb_count *sum);

#endif /* BB_PERCPU_H */
