/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * tracepoint.h - attach BPF programs to tracepoints and raw tracepoints.
 *
 * Every attach function returns an fd that keeps the program attached;
 * close() it to detach. On failure they return -errno after printing
 * one sentence to stderr that names the tracepoint and the reason.
 */
#ifndef BB_TRACEPOINT_H
#define BB_TRACEPOINT_H

#include <stdbool.h>
#include <stddef.h>

/**
 * bb_tracefs_dir() - find (or mount) tracefs
 * @buf:	receives the directory, e.g. "/sys/kernel/tracing"
 * @len:	size of @buf
 *
 * Tries /sys/kernel/tracing, then /sys/kernel/debug/tracing, and
 * mounts tracefs at /sys/kernel/tracing if neither holds one.
 */
int bb_tracefs_dir(char *buf, size_t len);

/**
 * bb_tracepoint_id() - read the id of tracepoint @category/@name
 *
 * Returns the positive id or -errno (-ENOENT: no such tracepoint).
 */
int bb_tracepoint_id(const char *category, const char *name);

/**
 * struct bb_tp_field - where a tracepoint puts one field of its record
 * @offset:	bytes from the start of the record (the program's context)
 * @size:	bytes
 * @is_signed:	the format's "signed:" flag
 *
 * A tracepoint program reads its context at fixed offsets, and those
 * change between kernels: sched_process_exit gained group_dead in 6.16.
 * A tool that checks the offsets it was compiled with against the
 * running kernel's format file refuses clearly instead of reading the
 * wrong bytes.
 */
struct bb_tp_field {
	unsigned int offset;
	unsigned int size;
	bool is_signed;
};

/**
 * bb_tracepoint_format() - read events/@category/@name/format from tracefs
 * @text:	receives the text, NUL-terminated; free() it
 *
 * Returns 0 or -errno, after saying which tracepoint and why.
 */
int bb_tracepoint_format(const char *category, const char *name,
			 char **text);

/* Read a format file kept elsewhere (for instance another kernel's). */
int bb_tp_format_read(const char *path, char **text);

/**
 * bb_tp_format_field() - find @field in the text of a format file
 *
 * Returns 0 and fills @out, -ENOENT if the record has no such field, or
 * -EINVAL if its line cannot be parsed.
 */
int bb_tp_format_field(const char *format, const char *field,
		       struct bb_tp_field *out);

/**
 * bb_tracepoint_attach() - attach a BPF_PROG_TYPE_TRACEPOINT program
 * @prog_fd:	the loaded program
 * @category:	tracepoint category, e.g. "syscalls"
 * @name:	tracepoint name, e.g. "sys_enter_getpid"
 *
 * Returns a BPF link fd, or on kernels without perf links the perf
 * event fd the program was set on. The program runs on every CPU.
 */
int bb_tracepoint_attach(int prog_fd, const char *category, const char *name);

/**
 * bb_raw_tracepoint_attach() - attach a BPF_PROG_TYPE_RAW_TRACEPOINT
 * program to the raw tracepoint @name (e.g. "sys_enter")
 *
 * Returns the raw tracepoint fd.
 */
int bb_raw_tracepoint_attach(int prog_fd, const char *name);

/**
 * bb_tracing_attach() - attach a BPF_PROG_TYPE_TRACING program (fentry,
 * fexit, tp_btf) where it was loaded for
 * @prog_fd:	the program; its attach point was fixed at load time
 *		through attach_btf_id
 * @what:	for messages, e.g. "fexit/do_sys_openat2"
 *
 * Returns the fd that keeps it attached; close it to detach.
 */
int bb_tracing_attach(int prog_fd, const char *what);

/**
 * bb_detach_all() - close the fds of @n attachments at once
 * @fds:	what the attach functions above returned; each is set to -1
 * @n:		entries in @fds
 *
 * Detaching a tracepoint program waits for an RCU tasks-trace grace
 * period, some 50 ms, and close() does it one fd at a time: ten
 * programs took half a second to detach. Closing from one thread per
 * fd lets the kernel serve every wait with the same grace period. Falls
 * back to closing in turn where a thread cannot be started.
 */
void bb_detach_all(int *fds, size_t n);

#endif /* BB_TRACEPOINT_H */
