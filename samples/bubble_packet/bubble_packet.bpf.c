// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bubble_packet - "bubble up" every packet an interface receives to user
 * space: addresses, protocol, ports and length. The XDP version of the
 * workshop's bubble_packet.py.
 *
 * The workshop declares BPF_PERF_OUTPUT(events) and calls
 * events.perf_submit(ctx, &data, sizeof(data)). Under BCC's macros that
 * is a BPF_MAP_TYPE_PERF_EVENT_ARRAY, one slot per CPU, and the helper
 * bpf_perf_event_output(). User space opens one perf event per CPU,
 * stores its fd in the slot of that CPU and mmap()s its ring; with
 * BPF_F_CURRENT_CPU the program writes into the ring of the CPU it runs
 * on, so CPUs never contend for a ring. When a ring is full the record
 * is lost, and the kernel later tells the reader how many with a
 * PERF_RECORD_LOST record.
 *
 * Sampling (-s N) is decided here, not in user space: a packet that is
 * not sampled costs a counter increment, not a copy into a ring and a
 * wake-up. Each CPU counts its own packets (a per-CPU array again) and
 * sends every N-th of them, so a CPU never waits for another.
 *
 * Every packet passes: this program only watches.
 */
#include "bb_helpers.h"
#include "parsing.h"
#include "pkt_event.h"
#include "xdp_tools.h"
#include "bubble_packet.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
	/* max_entries 0: the loader makes it one slot per possible CPU. */
} events SEC(".maps");

/* Per-CPU packet count that -s N takes every N-th packet of. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sample_seq SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_BUBBLE_MAX);
	__type(key, __u32);
	__type(value, __u64);
} bubble_stats SEC(".maps");

const volatile struct bb_xdp_cfg cfg = {};

static __always_inline void stat_inc(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&bubble_stats, &key);

	if (v)
		(*v)++;
}

/* Is this CPU's current packet one of the 1 in cfg.sample_every? */
static __always_inline int sampled(void)
{
	__u32 key = 0;
	__u64 *seq;

	if (cfg.sample_every <= 1)
		return 1;
	seq = bpf_map_lookup_elem(&sample_seq, &key);
	if (!seq)
		return 0;
	return (*seq)++ % cfg.sample_every == 0;
}

SEC("xdp")
int bubble_packet(struct xdp_md *ctx)
{
	struct bb_pkt_event ev;
	struct bb_pkt pkt;

	stat_inc(BB_BUBBLE_SEEN);
	if (!sampled())
		return XDP_PASS;
	stat_inc(BB_BUBBLE_SAMPLED);
	bb_parse(ctx, &pkt);
	bb_pkt_event_fill(&ev, &pkt, ctx->ingress_ifindex, BB_NO_RULE);
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &ev,
				  sizeof(ev)))
		stat_inc(BB_BUBBLE_OUTPUT_FAIL);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
