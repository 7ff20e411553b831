// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One program per section name the loader understands, two programs in
 * one section, and a debug-only section: test_loader checks the program
 * type and attach target the loader derives from each name.
 */
#include "bb_helpers.h"

SEC("xdp") int s_xdp(struct xdp_md *ctx) { return XDP_PASS; }
SEC("tracepoint/syscalls/sys_enter_getpid") int s_tp(void *ctx) { return 0; }
SEC("tp/sched/sched_process_fork") int s_tp_short(void *ctx) { return 0; }
SEC("raw_tracepoint/sys_enter") int s_raw(void *ctx) { return 0; }
SEC("raw_tp/sys_exit") int s_raw_short(void *ctx) { return 0; }
SEC("socket") int s_socket(struct __sk_buff *skb) { return 0; }
SEC("tc") int s_tc(struct __sk_buff *skb) { return 0; }
SEC("classifier") int s_cls(struct __sk_buff *skb) { return 0; }
SEC("perf_event") int s_perf(void *ctx) { return 0; }
SEC("socket") int s_socket2(struct __sk_buff *skb) { return 1; }

/* Tool metadata the loader has no use for: skipped, not an error. */
const char tool_note[] SEC(".note.barebpf") = "metadata";

char _license[] SEC("license") = "GPL";
