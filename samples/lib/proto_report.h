/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * proto_report.h - the packets and bytes of each protocol class, as
 * hello_packet and fw print them: the sums of the BPF side's per-CPU
 * proto_stats array (bpf/proto_stats.h), and rates between two reports.
 */
#ifndef BB_PROTO_REPORT_H
#define BB_PROTO_REPORT_H

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
 * @wall_off_ns: CLOCK_REALTIME - CLOCK_MONOTONIC at start (wallclock.h)
 */
struct proto_report {
	int ncpus;
	struct bb_count *percpu;
	struct bb_count now[BB_PC_MAX];
	struct bb_count prev[BB_PC_MAX];
	__u64 now_ns;
	__u64 prev_ns;
	__s64 wall_off_ns;
};

int proto_report_init(struct proto_report *r, __s64 wall_off_ns);
void proto_report_free(struct proto_report *r);
/* Sum every class of @map_fd (the BPF side's proto_stats); 0 or -errno. */
int proto_report_read(struct proto_report *r, int map_fd);
/*
 * Print one line: the workshop's "Protocol TCP: counter 12, ..." with
 * rates since the previous line. Then the current sums become the
 * previous ones.
 */
void proto_report_print_line(struct proto_report *r, FILE *out);
/*
 * The same as JSON members, for an object the caller writes around them:
 * "interval_s":0.000,"protocols":{...}
 */
void proto_report_json_members(struct proto_report *r, FILE *out);

#endif /* BB_PROTO_REPORT_H */
