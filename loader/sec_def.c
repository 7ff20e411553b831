// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sec_def.c - what a code section's name says about its programs.
 *
 * SEC("xdp"), SEC("tracepoint/syscalls/sys_enter_openat"): the name gives
 * the program type, the attach type the kernel expects at load, a few
 * load flags and, after the '/', where the program attaches. The table
 * is libbpf's (libbpf 1.x section_defs), so an object written for libbpf
 * loads the same here; adding a section is one line.
 *
 * A prefix ending in '+' matches the name alone or followed by
 * "/target"; one ending in '/' needs something after the '/'; any other
 * matches exactly. The first match wins, so longer names come first.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"

#define T(x)	BPF_PROG_TYPE_##x

static const struct bb_sec_def sec_defs[] = {
	{ "socket",			T(SOCKET_FILTER), 0, 0 },
	{ "sk_reuseport/migrate",	T(SK_REUSEPORT),
	  BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, 0 },
	{ "sk_reuseport",		T(SK_REUSEPORT), BPF_SK_REUSEPORT_SELECT, 0 },
	{ "kprobe+",			T(KPROBE), 0, 0 },
	{ "uprobe+",			T(KPROBE), 0, 0 },
	{ "uprobe.s+",			T(KPROBE), 0, BB_SEC_SLEEPABLE },
	{ "kretprobe+",			T(KPROBE), 0, 0 },
	{ "uretprobe+",			T(KPROBE), 0, 0 },
	{ "uretprobe.s+",		T(KPROBE), 0, BB_SEC_SLEEPABLE },
	{ "kprobe.multi+",		T(KPROBE), BPF_TRACE_KPROBE_MULTI, 0 },
	{ "kretprobe.multi+",		T(KPROBE), BPF_TRACE_KPROBE_MULTI, 0 },
	{ "ksyscall+",			T(KPROBE), 0, 0 },
	{ "kretsyscall+",		T(KPROBE), 0, 0 },
	{ "usdt+",			T(KPROBE), 0, 0 },
	{ "tc",				T(SCHED_CLS), 0, 0 },
	{ "classifier",			T(SCHED_CLS), 0, 0 },
	{ "action",			T(SCHED_ACT), 0, 0 },
	{ "tracepoint+",		T(TRACEPOINT), 0, 0 },
	{ "tp+",			T(TRACEPOINT), 0, 0 },
	{ "raw_tracepoint+",		T(RAW_TRACEPOINT), 0, 0 },
	{ "raw_tp+",			T(RAW_TRACEPOINT), 0, 0 },
	{ "raw_tracepoint.w+",		T(RAW_TRACEPOINT_WRITABLE), 0, 0 },
	{ "raw_tp.w+",			T(RAW_TRACEPOINT_WRITABLE), 0, 0 },
	{ "tp_btf+",			T(TRACING), BPF_TRACE_RAW_TP,
	  BB_SEC_ATTACH_BTF },
	{ "fentry+",			T(TRACING), BPF_TRACE_FENTRY,
	  BB_SEC_ATTACH_BTF },
	{ "fmod_ret+",			T(TRACING), BPF_MODIFY_RETURN,
	  BB_SEC_ATTACH_BTF },
	{ "fexit+",			T(TRACING), BPF_TRACE_FEXIT,
	  BB_SEC_ATTACH_BTF },
	{ "fentry.s+",			T(TRACING), BPF_TRACE_FENTRY,
	  BB_SEC_ATTACH_BTF | BB_SEC_SLEEPABLE },
	{ "fmod_ret.s+",		T(TRACING), BPF_MODIFY_RETURN,
	  BB_SEC_ATTACH_BTF | BB_SEC_SLEEPABLE },
	{ "fexit.s+",			T(TRACING), BPF_TRACE_FEXIT,
	  BB_SEC_ATTACH_BTF | BB_SEC_SLEEPABLE },
	{ "freplace+",			T(EXT), 0, BB_SEC_ATTACH_BTF },
	{ "lsm+",			T(LSM), BPF_LSM_MAC, BB_SEC_ATTACH_BTF },
	{ "lsm.s+",			T(LSM), BPF_LSM_MAC,
	  BB_SEC_ATTACH_BTF | BB_SEC_SLEEPABLE },
	{ "lsm_cgroup+",		T(LSM), BPF_LSM_CGROUP, BB_SEC_ATTACH_BTF },
	{ "iter+",			T(TRACING), BPF_TRACE_ITER, BB_SEC_ATTACH_BTF },
	{ "iter.s+",			T(TRACING), BPF_TRACE_ITER,
	  BB_SEC_ATTACH_BTF | BB_SEC_SLEEPABLE },
	{ "syscall",			T(SYSCALL), 0, BB_SEC_SLEEPABLE },
	{ "xdp.frags/devmap",		T(XDP), BPF_XDP_DEVMAP, BB_SEC_XDP_FRAGS },
	{ "xdp/devmap",			T(XDP), BPF_XDP_DEVMAP, 0 },
	{ "xdp.frags/cpumap",		T(XDP), BPF_XDP_CPUMAP, BB_SEC_XDP_FRAGS },
	{ "xdp/cpumap",			T(XDP), BPF_XDP_CPUMAP, 0 },
	{ "xdp.frags",			T(XDP), BPF_XDP, BB_SEC_XDP_FRAGS },
	{ "xdp",			T(XDP), BPF_XDP, 0 },
	{ "perf_event",			T(PERF_EVENT), 0, 0 },
	{ "lwt_in",			T(LWT_IN), 0, 0 },
	{ "lwt_out",			T(LWT_OUT), 0, 0 },
	{ "lwt_xmit",			T(LWT_XMIT), 0, 0 },
	{ "lwt_seg6local",		T(LWT_SEG6LOCAL), 0, 0 },
	{ "sockops",			T(SOCK_OPS), BPF_CGROUP_SOCK_OPS, 0 },
	{ "sk_skb/stream_parser",	T(SK_SKB), BPF_SK_SKB_STREAM_PARSER, 0 },
	{ "sk_skb/stream_verdict",	T(SK_SKB), BPF_SK_SKB_STREAM_VERDICT, 0 },
	{ "sk_skb",			T(SK_SKB), 0, 0 },
	{ "sk_msg",			T(SK_MSG), BPF_SK_MSG_VERDICT, 0 },
	{ "lirc_mode2",			T(LIRC_MODE2), BPF_LIRC_MODE2, 0 },
	{ "flow_dissector",		T(FLOW_DISSECTOR), BPF_FLOW_DISSECTOR, 0 },
	{ "cgroup_skb/ingress",		T(CGROUP_SKB), BPF_CGROUP_INET_INGRESS, 0 },
	{ "cgroup_skb/egress",		T(CGROUP_SKB), BPF_CGROUP_INET_EGRESS, 0 },
	{ "cgroup/skb",			T(CGROUP_SKB), 0, 0 },
	{ "cgroup/sock_create",		T(CGROUP_SOCK),
	  BPF_CGROUP_INET_SOCK_CREATE, 0 },
	{ "cgroup/sock_release",	T(CGROUP_SOCK),
	  BPF_CGROUP_INET_SOCK_RELEASE, 0 },
	{ "cgroup/sock",		T(CGROUP_SOCK),
	  BPF_CGROUP_INET_SOCK_CREATE, 0 },
	{ "cgroup/post_bind4",		T(CGROUP_SOCK),
	  BPF_CGROUP_INET4_POST_BIND, 0 },
	{ "cgroup/post_bind6",		T(CGROUP_SOCK),
	  BPF_CGROUP_INET6_POST_BIND, 0 },
	{ "cgroup/bind4",		T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET4_BIND, 0 },
	{ "cgroup/bind6",		T(CGROUP_SOCK_ADDR), BPF_CGROUP_INET6_BIND, 0 },
	{ "cgroup/connect4",		T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_INET4_CONNECT, 0 },
	{ "cgroup/connect6",		T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_INET6_CONNECT, 0 },
	{ "cgroup/sendmsg4",		T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_UDP4_SENDMSG, 0 },
	{ "cgroup/sendmsg6",		T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_UDP6_SENDMSG, 0 },
	{ "cgroup/recvmsg4",		T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_UDP4_RECVMSG, 0 },
	{ "cgroup/recvmsg6",		T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_UDP6_RECVMSG, 0 },
	{ "cgroup/getpeername4",	T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_INET4_GETPEERNAME, 0 },
	{ "cgroup/getpeername6",	T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_INET6_GETPEERNAME, 0 },
	{ "cgroup/getsockname4",	T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_INET4_GETSOCKNAME, 0 },
	{ "cgroup/getsockname6",	T(CGROUP_SOCK_ADDR),
	  BPF_CGROUP_INET6_GETSOCKNAME, 0 },
	{ "cgroup/sysctl",		T(CGROUP_SYSCTL), BPF_CGROUP_SYSCTL, 0 },
	{ "cgroup/getsockopt",		T(CGROUP_SOCKOPT), BPF_CGROUP_GETSOCKOPT, 0 },
	{ "cgroup/setsockopt",		T(CGROUP_SOCKOPT), BPF_CGROUP_SETSOCKOPT, 0 },
	{ "cgroup/dev",			T(CGROUP_DEVICE), BPF_CGROUP_DEVICE, 0 },
	{ "struct_ops+",		T(STRUCT_OPS), 0, 0 },
	{ "sk_lookup",			T(SK_LOOKUP), BPF_SK_LOOKUP, 0 },
};

#undef T

static bool sec_def_matches(const char *prefix, const char *sec)
{
	size_t n = strlen(prefix);

	if (prefix[n - 1] == '/')
		return !strncmp(sec, prefix, n);
	if (prefix[n - 1] == '+')
		return !strncmp(sec, prefix, n - 1) &&
		       (sec[n - 1] == '\0' || sec[n - 1] == '/');
	return !strcmp(sec, prefix);
}

/*
 * What section name @sec says (SEC("?x") is x, not loaded by default),
 * and where its programs attach: the part after the first '/', or "".
 * NULL if the name means nothing to the loader (nor to libbpf).
 */
const struct bb_sec_def *bb_sec_def_find(const char *sec, const char **target)
{
	const char *slash;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sec_defs); i++) {
		if (!sec_def_matches(sec_defs[i].prefix, sec))
			continue;
		slash = strchr(sec, '/');
		*target = slash ? slash + 1 : "";
		return &sec_defs[i];
	}
	return NULL;
}
