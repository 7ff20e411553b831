// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Emit numbered records of a size user space chooses to a perf event
 * array and to ring buffers, once per getppid() of the test process;
 * count every failed output or reservation per CPU in "fails".
 */
#include "bb_helpers.h"
#include "readers.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rd_cfg);
} cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rd_rec);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} fails SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, 256);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb_small SEC(".maps");

static __always_inline void fail(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&fails, &key);

	if (v)
		*v += 1;
}

static __always_inline void emit_small(__u32 seq)
{
	struct rd_small_rec *s;
	__u32 i;

	s = bpf_ringbuf_reserve(&rb_small, sizeof(*s), 0);
	if (!s) {
		fail(RD_FAIL_RB_SMALL);
		return;
	}
	s->seq = seq;
	s->len = RD_SMALL_DATA;
	for (i = 0; i < RD_SMALL_DATA; i++)
		s->data[i] = rd_pattern(seq, i);
	bpf_ringbuf_submit(s, 0);
}

static __always_inline void emit_discard(void)
{
	__u64 *p = bpf_ringbuf_reserve(&rb, 16, 0);

	if (!p) {
		fail(RD_FAIL_RB);
		return;
	}
	*p = ~0ULL;
	bpf_ringbuf_discard(p, 0);
}

static __always_inline void emit_var(void *ctx, struct rd_rec *r,
				     __u32 len, __u32 dest)
{
	__u64 size = len + 8;

	if (size > sizeof(*r))
		return;
	if ((dest & RD_PERF) &&
	    bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, r, size))
		fail(RD_FAIL_PERF);
	if ((dest & RD_RB) && bpf_ringbuf_output(&rb, r, size, 0))
		fail(RD_FAIL_RB);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int emit(void *ctx)
{
	__u32 key = 0, seq, len, dest, i;
	struct rd_cfg *c;
	struct rd_rec *r;

	c = bpf_map_lookup_elem(&cfg, &key);
	if (!c || !c->tgid || bpf_get_current_pid_tgid() >> 32 != c->tgid)
		return 0;
	r = bpf_map_lookup_elem(&scratch, &key);
	if (!r)
		return 0;
	len = c->len;
	dest = c->dest;
	if (len > RD_MAX_DATA)
		return 0;
	seq = __sync_fetch_and_add(&c->seq, 1);
	r->seq = seq;
	r->len = len;
	for (i = 0; i < RD_MAX_DATA && i < len; i++)
		r->data[i] = rd_pattern(seq, i);
	if (dest & RD_RB_DISCARD)
		emit_discard();
	emit_var(ctx, r, len, dest);
	if (dest & RD_RB_SMALL)
		emit_small(seq);
	return 0;
}

char _license[] SEC("license") = "GPL";
