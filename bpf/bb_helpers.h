/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bb_helpers.h - what a BPF program needs from the compiler side, written
 * against the kernel UAPI only (no libbpf headers).
 *
 * A BPF helper is called through a function pointer whose "address" is the
 * helper's number from enum bpf_func_id; clang turns the indirect call into
 * a BPF_CALL instruction with that immediate, and the verifier resolves it.
 * Only the helpers barebpf uses are declared; add more the same way.
 */
#ifndef BB_HELPERS_H
#define BB_HELPERS_H

#include <linux/types.h>
#include <linux/bpf.h>

#include "barebpf_abi.h"

/*
 * Put a program or a variable in ELF section @name. clang warns that
 * "used" is ignored on some declarations, hence the pragmas; gcc's BPF
 * back end accepts no _Pragma inside a declaration, and needs none.
 */
#ifdef __clang__
#define SEC(name) \
	_Pragma("GCC diagnostic push") \
	_Pragma("GCC diagnostic ignored \"-Wignored-attributes\"") \
	__attribute__((section(name), used)) \
	_Pragma("GCC diagnostic pop")
#else
#define SEC(name)	__attribute__((section(name), used))
#endif

/*
 * BTF-defined map fields. The loader reads the *type* of each member from
 * .BTF, never its value: __uint(x, N) becomes "int (*x)[N]", so N is the
 * array length, and __type(x, T) becomes "T *x".
 */
#define __uint(name, val)	int (*name)[val]
#define __type(name, val)	__typeof__(val) *name
#define __array(name, val)	__typeof__(val) *name[]

#ifndef __always_inline
#define __always_inline		inline __attribute__((always_inline))
#endif
#define __noinline		__attribute__((noinline))
#define __weak			__attribute__((weak))
#define __hidden		__attribute__((visibility("hidden")))

#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif

/*
 * A helper is called through a constant pointer whose value is its
 * number: the compiler turns the call into "call BPF_FUNC_name". Unused
 * ones are fine ("unused" keeps gcc quiet about them).
 *
 * gcc 12 and 13 may load such a constant into a register and call
 * through it, which BPF cannot do ("indirect call in function"); their
 * kernel_helper attribute names the helper's number directly instead.
 */
#if !defined(__clang__) && __GNUC__ < 14
#define BB_HELPER(ret, name, ...) \
	ret bpf_##name(__VA_ARGS__) \
		__attribute__((kernel_helper(BPF_FUNC_##name)))
#else
#define BB_HELPER(ret, name, ...) \
	static ret (*const bpf_##name)(__VA_ARGS__) __attribute__((unused)) = \
		(void *)BPF_FUNC_##name
#endif

BB_HELPER(void *, map_lookup_elem, void *map, const void *key);
BB_HELPER(long, map_update_elem, void *map, const void *key,
	  const void *value, __u64 flags);
BB_HELPER(long, map_delete_elem, void *map, const void *key);
BB_HELPER(__u64, ktime_get_ns, void);
BB_HELPER(long, trace_printk, const char *fmt, __u32 fmt_size, ...);
BB_HELPER(__u32, get_prandom_u32, void);
BB_HELPER(__u32, get_smp_processor_id, void);
BB_HELPER(__u64, get_current_pid_tgid, void);
BB_HELPER(__u64, get_current_uid_gid, void);
BB_HELPER(long, get_current_comm, void *buf, __u32 size_of_buf);
BB_HELPER(long, perf_event_output, void *ctx, void *map, __u64 flags,
	  void *data, __u64 size);
BB_HELPER(long, probe_read_user, void *dst, __u32 size,
	  const void *unsafe_ptr);
BB_HELPER(long, probe_read_kernel, void *dst, __u32 size,
	  const void *unsafe_ptr);
BB_HELPER(long, probe_read_user_str, void *dst, __u32 size,
	  const void *unsafe_ptr);
BB_HELPER(long, probe_read_kernel_str, void *dst, __u32 size,
	  const void *unsafe_ptr);
BB_HELPER(__u64, get_current_task, void);
BB_HELPER(long, xdp_adjust_head, struct xdp_md *xdp_md, int delta);
BB_HELPER(long, xdp_adjust_tail, struct xdp_md *xdp_md, int delta);
BB_HELPER(long, redirect_map, void *map, __u64 key, __u64 flags);
BB_HELPER(long, ringbuf_output, void *ringbuf, void *data, __u64 size,
	  __u64 flags);
BB_HELPER(void *, ringbuf_reserve, void *ringbuf, __u64 size, __u64 flags);
BB_HELPER(void, ringbuf_submit, void *data, __u64 flags);
BB_HELPER(void, ringbuf_discard, void *data, __u64 flags);
BB_HELPER(__u64, ringbuf_query, void *ringbuf, __u64 flags);
BB_HELPER(long, loop, __u32 nr_loops, void *callback_fn, void *callback_ctx,
	  __u64 flags);
BB_HELPER(long, tail_call, void *ctx, void *prog_array, __u32 index);
BB_HELPER(void *, this_cpu_ptr, const void *percpu_ptr);

#undef BB_HELPER

/* printk-style debugging to /sys/kernel/tracing/trace_pipe. */
#define bpf_printk(fmt, ...) ({						\
	static const char ____fmt[] = fmt;				\
	bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__);	\
})

#endif /* BB_HELPERS_H */
