// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fw - filter_packet, plus an event for every dropped packet and
 * hello_packet's protocol counters. The XDP version of the workshop's
 * fw.py, which put bubble_packet and filter_packet together.
 *
 * Drop events go through a BPF ring buffer (BPF_MAP_TYPE_RINGBUF)
 * rather than a perf buffer: one ring shared by every CPU, so user
 * space reads the drops in the order they were reserved, from one
 * mapping, and the ring's memory is not multiplied by the CPU count.
 * bpf_ringbuf_reserve() hands out room in the ring, the program fills
 * it in place and bpf_ringbuf_submit() publishes it; no copy through
 * the stack.
 *
 * A flood from a denied address must not become a flood of events, so
 * the events are rate limited here, before anything is reserved: a
 * token bucket per CPU, kept in nanoseconds of credit. Every event
 * costs 1e9 / ev_rate ns of credit, time earns credit, and credit is
 * capped at ev_burst events. Events the bucket refuses are counted
 * (BB_FW_EV_SUPPRESSED), and so are events that found the ring full
 * (BB_FW_EV_RESERVE_FAIL): nothing is lost silently.
 */
#include "bb_helpers.h"
#include "bb_ringbuf.h"
#include "parsing.h"
#include "filter.h"
#include "pkt_event.h"
#include "proto_stats.h"
#include "xdp_tools.h"
#include "fw.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);	/* user space sets it: -b */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, BB_FW_EV_MAX);
	__type(key, __u32);
	__type(value, __u64);
} ev_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bb_tbucket);
} ev_bucket SEC(".maps");

const volatile struct bb_xdp_cfg cfg = {};

static __always_inline void ev_stat_inc(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&ev_stats, &key);

	if (v)
		(*v)++;
}

/*
 * Take one event's worth of credit from this CPU's bucket, if there is
 * that much. The bucket starts full: last_ns is 0, so the first call
 * earns far more than the cap.
 */
static __always_inline int ev_take_token(void)
{
	struct bb_tbucket *tb;
	__u64 now, cost, cap;
	__u32 key = 0;

	if (!cfg.ev_rate)
		return 1;
	tb = bpf_map_lookup_elem(&ev_bucket, &key);
	if (!tb)
		return 0;
	cost = 1000000000ULL / cfg.ev_rate;
	cap = cost * cfg.ev_burst;
	now = bpf_ktime_get_ns();
	tb->credit_ns += now - tb->last_ns;
	tb->last_ns = now;
	if (tb->credit_ns > cap)
		tb->credit_ns = cap;
	if (tb->credit_ns < cost)
		return 0;
	tb->credit_ns -= cost;
	return 1;
}

static __always_inline void report_drop(struct xdp_md *ctx,
					const struct bb_pkt *pkt, __u32 rule)
{
	struct bb_pkt_event *ev;
	__u64 wakeup;

	if (!ev_take_token()) {
		ev_stat_inc(BB_FW_EV_SUPPRESSED);
		return;
	}
	wakeup = bb_ringbuf_wakeup(&events, sizeof(*ev), false);
	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev) {
		ev_stat_inc(BB_FW_EV_RESERVE_FAIL);
		return;
	}
	bb_pkt_event_fill(ev, pkt, ctx->ingress_ifindex, rule);
	bpf_ringbuf_submit(ev, wakeup);
	ev_stat_inc(BB_FW_EV_SENT);
}

SEC("xdp")
int fw(struct xdp_md *ctx)
{
	struct bb_pkt pkt;
	__u32 *rule;

	bb_parse(ctx, &pkt);
	bb_proto_count(&pkt);
	if (cfg.allow) {
		if (bb_allow_verdict(&pkt, cfg.match_dst, cfg.allow_strict,
				     &rule) == XDP_PASS)
			return XDP_PASS;
		report_drop(ctx, &pkt, BB_DEFAULT_RULE);
		return XDP_DROP;
	}
	/* Only a whole IP header gives addresses we can trust. */
	if (pkt.layer < BB_LAYER_L3)
		return XDP_PASS;
	rule = bb_deny_lookup(&pkt, cfg.match_dst);
	if (!rule)
		return XDP_PASS;
	bb_rule_count(rule, pkt.len);
	report_drop(ctx, &pkt, *rule);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
