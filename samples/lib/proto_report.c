// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * proto_report.c - the per-protocol report of hello_packet and fw; see
 * proto_report.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_sys.h"
#include "percpu.h"
#include "proto_report.h"
#include "xdp_cli.h"

static const char *const pc_names[BB_PC_MAX] = {
	[BB_PC_ICMP] = "ICMP",
	[BB_PC_TCP] = "TCP",
	[BB_PC_UDP] = "UDP",
	[BB_PC_ICMPV6] = "ICMPv6",
	[BB_PC_IPV4_OTHER] = "IPv4-other",
	[BB_PC_IPV6_OTHER] = "IPv6-other",
	[BB_PC_NON_IP] = "non-IP",
};

const char *proto_class_name(unsigned int pc)
{
	return pc < BB_PC_MAX ? pc_names[pc] : "?";
}

int proto_report_init(struct proto_report *r, __s64 wall_off_ns)
{
	memset(r, 0, sizeof(*r));
	r->wall_off_ns = wall_off_ns;
	r->ncpus = bb_num_possible_cpus();
	if (r->ncpus <= 0)
		return r->ncpus < 0 ? r->ncpus : -EINVAL;
	r->percpu = calloc(r->ncpus, sizeof(*r->percpu));
	return r->percpu ? 0 : -ENOMEM;
}

void proto_report_free(struct proto_report *r)
{
	free(r->percpu);
	r->percpu = NULL;
}

int proto_report_read(struct proto_report *r, int map_fd)
{
	unsigned int pc;
	int err;

	for (pc = 0; pc < BB_PC_MAX; pc++) {
		err = percpu_count_read(map_fd, pc, r->percpu, r->ncpus,
					&r->now[pc]);
		if (err)
			return err;
	}
	r->now_ns = xdp_cli_now_ns();
	return 0;
}

static double rate(__u64 now, __u64 prev, double secs)
{
	return secs > 0 ? (double)(now - prev) / secs : 0.0;
}

static void print_text(const struct proto_report *r, FILE *out, double secs)
{
	const struct bb_count *c;
	unsigned int pc, shown = 0;

	for (pc = 0; pc < BB_PC_MAX; pc++) {
		c = &r->now[pc];
		if (!c->packets)
			continue;
		fprintf(out, "%sProtocol %s: counter %llu (%.1f pkt/s, %llu bytes, %.0f B/s)",
			shown++ ? ", " : "", pc_names[pc],
			(unsigned long long)c->packets,
			rate(c->packets, r->prev[pc].packets, secs),
			(unsigned long long)c->bytes,
			rate(c->bytes, r->prev[pc].bytes, secs));
	}
	fprintf(out, "%s\n", shown ? "" : "No packets yet.");
}

static void print_json(const struct proto_report *r, FILE *out, double secs)
{
	const struct bb_count *c;
	unsigned int pc;

	fprintf(out, "\"interval_s\":%.3f,\"protocols\":{", secs);
	for (pc = 0; pc < BB_PC_MAX; pc++) {
		c = &r->now[pc];
		fprintf(out,
			"%s\"%s\":{\"packets\":%llu,\"bytes\":%llu,\"pps\":%.1f,\"Bps\":%.1f}",
			pc ? "," : "", pc_names[pc],
			(unsigned long long)c->packets,
			(unsigned long long)c->bytes,
			rate(c->packets, r->prev[pc].packets, secs),
			rate(c->bytes, r->prev[pc].bytes, secs));
	}
	fputc('}', out);
}

static double interval(const struct proto_report *r)
{
	return r->prev_ns ? (double)(r->now_ns - r->prev_ns) / 1e9 : 0;
}

/* The sums just printed are the base of the next rates. */
static void roll_over(struct proto_report *r)
{
	memcpy(r->prev, r->now, sizeof(r->prev));
	r->prev_ns = r->now_ns;
}

void proto_report_json_members(struct proto_report *r, FILE *out)
{
	print_json(r, out, interval(r));
	roll_over(r);
}

void proto_report_print_line(struct proto_report *r, FILE *out)
{
	print_text(r, out, interval(r));
	fflush(out);
	roll_over(r);
}
