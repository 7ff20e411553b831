/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles.h - what openfiles.bpf.c and the openfiles tool share:
 * the records in the ring buffer and the slots of the statistics array.
 * UAPI types only, so both clang -target bpf and the host compiler agree
 * on every offset.
 */
#ifndef OPENFILES_H
#define OPENFILES_H

#include <linux/types.h>

/*
 * PATH_MAX counts the terminating NUL: the kernel refuses (ENAMETOOLONG)
 * any path of 4096 bytes or more, so a successful open never has a path
 * longer than 4095 bytes and a 4096-byte buffer holds every one of them.
 */
#define OF_PATH_MAX	4096
#define OF_COMM_LEN	16

/* The syscall behind an open record. */
enum of_syscall {
	OF_SYS_OPEN,
	OF_SYS_OPENAT,
	OF_SYS_OPENAT2,
	OF_SYS_CREAT,
	OF_SYS_URING_OPENAT,	/* io_uring IORING_OP_OPENAT */
	OF_SYS_URING_OPENAT2,	/* io_uring IORING_OP_OPENAT2 */
};

enum of_rec_type {
	OF_REC_OPEN = 1,	/* struct of_open_rec */
	OF_REC_FORK,		/* struct of_fork_rec: a new process */
	OF_REC_EXIT,		/* struct of_rec_hdr: the last thread exited */
};

/*
 * Every record starts with this header. @tgid is the process id and
 * @tid the thread id, both as seen from the initial pid namespace; @uid
 * the task's real user id, as bpf_get_current_uid_gid() gives it.
 * @ts_ns is CLOCK_MONOTONIC (bpf_ktime_get_ns()).
 */
struct of_rec_hdr {
	__u32 type;
	__u32 tgid;
	__u32 tid;
	__u32 uid;
	__u64 ts_ns;
	char comm[OF_COMM_LEN];
};

/*
 * An open, successful (@ret is the fd) or failed (@ret is -errno). Only
 * the first @path_len bytes of @path travel through the ring buffer:
 * the string and its NUL. @path_state says whether that is the whole
 * path (enum of_path_state). An io_uring open into the ring's table of
 * fixed files (@fixed_file) returns no fd: @ret is then the index of the
 * slot it filled.
 */
struct of_open_rec {
	struct of_rec_hdr hdr;
	__s32 ret;
	__u32 syscall;		/* enum of_syscall */
	__u64 flags;		/* O_* flags passed to the syscall */
	__u16 path_len;
	__u8 path_state;
	__u8 fixed_file;
	__u8 resolved;		/* -F: @path is the full path */
	__u8 pad[3];
	char path[OF_PATH_MAX];
};

enum of_path_state {
	OF_PATH_OK,		/* the whole path */
	OF_PATH_CUT,		/* longer than OF_PATH_MAX - 1: the start only */
	OF_PATH_FAULT,		/* unreadable pointer (a failed open): empty */
};

/* hdr is the parent (the task that called fork, clone, ...). */
struct of_fork_rec {
	struct of_rec_hdr hdr;
	__u32 child_pid;
	__u32 pad;
};

/*
 * Settings user space writes into .rodata before load; the verifier
 * then knows their values and prunes the code they switch off.
 */
struct of_config {
	__u8 show_failed;	/* -x: report failed opens too */
	__u8 pad[7];
};

/*
 * The records of the tracepoints openfiles.bpf.c reads: its programs'
 * contexts, laid out as in events/<category>/<name>/format. The first
 * 8 bytes are the common fields. These offsets are the compiler's, fixed
 * in the object; openfiles_tp.c checks every field used here against
 * the running kernel's format files before it loads anything.
 */
struct of_tp_sys_enter {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__u64 args[6];		/* each argument widened to 8 bytes */
};

struct of_tp_sys_exit {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__s64 ret;
};

struct of_tp_newtask {
	__u64 common;
	__s32 pid;
	char comm[16];
	__u64 clone_flags;
	__s16 oom_score_adj;
};

/* group_dead is not in Linux 6.1's record; see of_exit_live(). */
struct of_tp_process_exit {
	__u64 common;
	char comm[16];
	__s32 pid;
	__s32 prio;
	__u8 group_dead;
};

struct of_tp_process_exec {
	__u64 common;
	__u32 filename_loc;
	__s32 pid;
	__s32 old_pid;
};

/*
 * io_uring's request tracepoints. Linux 6.1 calls the first one
 * io_uring_submit_sqe; later kernels io_uring_submit_req. Both fire
 * after the request was prepared, both records start the same way.
 */
struct of_tp_uring_submit {
	__u64 common;
	__u64 ctx;
	__u64 req;		/* struct io_kiocb * */
	__u64 user_data;
	__u8 opcode;		/* IORING_OP_* */
};

struct of_tp_uring_complete {
	__u64 common;
	__u64 ctx;
	__u64 req;
	__u64 user_data;
	__s32 res;
};

/* Slots of the per-CPU "stats" array; user space sums the CPUs. */
enum of_stat {
	OF_STAT_LOST,		/* records the ring buffer had no room for */
	OF_STAT_TASKS_FULL,	/* new tasks not followed: "tasks" was full */
	OF_STAT_PENDING_FULL,	/* opens not seen: "pending" was full */
	OF_STAT_URING_FULL,	/* io_uring opens not seen: "uring_pending" */
	OF_STAT_PROCS,		/* processes the BPF side started following */
	OF_STAT_MAX,
};

#endif /* OPENFILES_H */
