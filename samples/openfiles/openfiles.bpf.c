// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles.bpf.c - every open(2), openat(2), openat2(2) and creat(2) of
 * a tree of processes, streamed to user space through a ring buffer.
 *
 * Which tasks are followed
 *
 *   The "tasks" map holds one entry per followed *task* (thread), keyed
 *   by its thread id. Keying by thread rather than by process is what
 *   keeps this simple and exact:
 *
 *   - A new task is added by task:task_newtask, which fires in
 *     copy_process() in the context of the creating task, before
 *     kernel_clone() calls wake_up_new_task(): the child is in the map
 *     before it can run a single instruction. That is the same window
 *     sched:sched_process_fork gives; task_newtask is used because it
 *     also carries the clone flags, so we know whether the child is a
 *     thread (CLONE_THREAD: same process) or a new process, and need no
 *     task_struct fields. Every way to make
 *     a task goes through copy_process(): fork, vfork, clone, clone3,
 *     posix_spawn and pthread_create alike.
 *
 *   - A task leaves the map in sched:sched_process_exit, which fires
 *     for every exiting task, including tasks killed by SIGKILL that
 *     never call exit_group(). With one entry per thread there is no
 *     question of "which thread exits last": a process whose main
 *     thread called pthread_exit() first keeps its other threads, and
 *     their entries, until they exit too. The event's group_dead flag
 *     (or, where the kernel's event lacks it, the process's count of
 *     live threads) tells us when the last thread of a process is gone;
 *     we then send an exit record so user space can tell when the tree
 *     is empty.
 *
 *   - execve() from a thread other than the main one kills the other
 *     threads and gives the caller the process id as its thread id
 *     (de_thread()). sched:sched_process_exec reports the old and new
 *     id; we move the entry so the task stays followed.
 *
 *   Thread ids come from the initial pid namespace, like everything
 *   bpf_get_current_pid_tgid() returns; user space must run there too.
 *
 * Reading the path
 *
 *   sys_enter_* only remembers the user pointer to the path (per thread,
 *   in "pending"); sys_exit_* reads the string. By then the kernel has
 *   copied it itself (getname()), so the page is present and the
 *   non-faulting bpf_probe_read_user_str() cannot come back empty, which
 *   it can at entry. Reading at exit also gives us the result: a fd
 *   (0 included) on success, -errno on failure.
 *
 * Sending it
 *
 *   A record with a full 4096-byte path buffer is too big for the BPF
 *   stack, and reserving 4 KiB in the ring buffer for every open wastes
 *   most of it. So the record is built in a per-CPU scratch slot and
 *   bpf_ringbuf_output() copies only the bytes in use. When the ring is
 *   full the record is dropped and counted in "stats"; user space
 *   reports the count.
 */
#include "bb_helpers.h"
#include "bb_ringbuf.h"
#include <stdbool.h>
#include <stddef.h>
#include <linux/sched.h>	/* CLONE_THREAD */
#include <linux/fcntl.h>	/* AT_FDCWD */
#include <linux/io_uring.h>	/* IORING_OP_OPENAT, IORING_FILE_INDEX_ALLOC */

#include "openfiles.h"
#include "openfiles_ktypes.bpf.h"

/* Written by user space before load, through bb_map__initial_value(). */
const volatile struct of_config config = {};

/*
 * Thread id -> process id of every followed task. The hashes are not
 * preallocated: preallocating 16384 elements in each took some 10 ms
 * of the time to attach. Since Linux 6.1 elements come from per-CPU caches
 * that are refilled after every program run, so an insert fails only
 * when the map is full or the kernel is out of memory, and either is
 * counted and reported.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);	/* user space sets it: -m */
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, __u32);
} tasks SEC(".maps");

/* An open between sys_enter and sys_exit, per thread. */
struct pending_open {
	__u64 path;		/* user pointer to the path */
	__u64 arg;		/* O_* flags, or struct open_how * (openat2) */
	__u32 syscall;		/* enum of_syscall */
	__s32 dfd;		/* openat's dirfd, or AT_FDCWD */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);	/* user space: same as "tasks" */
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct pending_open);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);	/* user space sets it: -b */
} events SEC(".maps");

/*
 * An io_uring open between submission and completion, by request: the
 * record, assembled at submission while the kernel still holds the
 * path, and what tells this request from a later one that reuses the
 * same struct io_kiocb.
 */
struct uring_open {
	__u64 user_data;
	__u32 file_slot;	/* 0, a fixed-file slot + 1, or ALLOC */
	__s32 dfd;
	struct of_open_rec rec;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u64);	/* struct io_kiocb * */
	__type(value, struct uring_open);
} uring_pending SEC(".maps");

/* Where an open record is assembled; too big for the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct uring_open);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, OF_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

/*
 * Tracepoint programs do not nest on a CPU (the kernel skips a program
 * while another one runs there), so a plain increment of the per-CPU
 * slot is safe.
 */
static __always_inline void stat_inc(__u32 slot)
{
	__u64 *val = bpf_map_lookup_elem(&stats, &slot);

	if (val)
		(*val)++;
}

static __always_inline void fill_hdr(struct of_rec_hdr *hdr, __u32 type)
{
	__u64 id = bpf_get_current_pid_tgid();

	hdr->type = type;
	hdr->tgid = id >> 32;
	hdr->tid = (__u32)id;
	hdr->uid = (__u32)bpf_get_current_uid_gid();
	hdr->ts_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(hdr->comm, sizeof(hdr->comm));
}

static __always_inline void output(void *rec, __u64 size, bool urgent)
{
	/* The reader's poll() times out every 100 ms for a trickle. */
	if (bpf_ringbuf_output(&events, rec, size,
			       bb_ringbuf_wakeup(&events, size, urgent)))
		stat_inc(OF_STAT_LOST);
}

/* ---- which tasks are followed ------------------------------------- */

SEC("tp/task/task_newtask")
int of_newtask(struct of_tp_newtask *ctx)
{
	__u32 parent = (__u32)bpf_get_current_pid_tgid();
	__u32 child = ctx->pid;
	struct of_fork_rec rec;
	__u32 *parent_tgid;
	__u32 tgid;

	parent_tgid = bpf_map_lookup_elem(&tasks, &parent);
	if (!parent_tgid)
		return 0;
	/* A thread joins its creator's process; anything else is new. */
	tgid = (ctx->clone_flags & CLONE_THREAD) ? *parent_tgid : child;
	if (bpf_map_update_elem(&tasks, &child, &tgid, BPF_NOEXIST)) {
		stat_inc(OF_STAT_TASKS_FULL);
		return 0;
	}
	if (ctx->clone_flags & CLONE_THREAD)
		return 0;

	stat_inc(OF_STAT_PROCS);
	fill_hdr(&rec.hdr, OF_REC_FORK);
	rec.child_pid = child;
	rec.pad = 0;
	output(&rec, sizeof(rec), false);
	return 0;
}

static __always_inline int task_exit(bool group_dead)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct of_rec_hdr rec;

	if (!bpf_map_lookup_elem(&tasks, &tid))
		return 0;		/* not one of ours */
	/*
	 * Send the exit record before the entry goes: user space treats an
	 * empty map as "all done" and must find the record already there.
	 */
	if (group_dead) {
		fill_hdr(&rec, OF_REC_EXIT);
		output(&rec, sizeof(rec), true);	/* maybe the end */
	}
	bpf_map_delete_elem(&tasks, &tid);
	/* A thread killed inside open() may never reach sys_exit. */
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

SEC("tp/sched/sched_process_exit")
int of_exit(struct of_tp_process_exit *ctx)
{
	return task_exit(ctx->group_dead);
}

/*
 * Kernels whose sched_process_exit has no group_dead field (Linux 6.1)
 * load this program instead; user space picks one from the tracepoint's
 * format file. do_exit() decrements signal->live, the count of threads
 * not yet exiting, before the tracepoint, and the thread that takes it
 * to zero is the one the kernel calls group_dead. Two threads exiting at
 * once may both read zero; user space takes a second exit record of a
 * process as a no-op. The kernel's structures are read through CO-RE
 * (openfiles_ktypes.bpf.h), so the loader finds these fields wherever
 * this kernel put them.
 */
SEC("?tp/sched/sched_process_exit")
int of_exit_live(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct signal_struct *sig = NULL;
	int live = 1;

	bpf_probe_read_kernel(&sig, sizeof(sig), &task->signal);
	if (sig)
		bpf_probe_read_kernel(&live, sizeof(live), &sig->live.counter);
	return task_exit(live == 0);
}

SEC("tp/sched/sched_process_exec")
int of_exec(struct of_tp_process_exec *ctx)
{
	__u32 old_tid = ctx->old_pid;
	__u32 new_tid = ctx->pid;
	__u32 *tgid, val;

	if (old_tid == new_tid)
		return 0;
	tgid = bpf_map_lookup_elem(&tasks, &old_tid);
	if (!tgid)
		return 0;
	val = *tgid;
	/* The old main thread's entry went away in its sched_process_exit. */
	bpf_map_update_elem(&tasks, &new_tid, &val, BPF_ANY);
	bpf_map_delete_elem(&tasks, &old_tid);
	return 0;
}

/* ---- syscall entry: remember the arguments ------------------------ */

static __always_inline int enter_open(__u32 syscall, __s32 dfd, __u64 path,
				      __u64 arg)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending_open p = {
		.path = path,
		.arg = arg,
		.syscall = syscall,
		.dfd = dfd,
	};

	if (!bpf_map_lookup_elem(&tasks, &tid))
		return 0;
	if (bpf_map_update_elem(&pending, &tid, &p, BPF_ANY))
		stat_inc(OF_STAT_PENDING_FULL);
	return 0;
}

SEC("tp/syscalls/sys_enter_open")
int of_enter_open(struct of_tp_sys_enter *ctx)
{
	return enter_open(OF_SYS_OPEN, AT_FDCWD, ctx->args[0],
			  ctx->args[1]);
}

SEC("tp/syscalls/sys_enter_openat")
int of_enter_openat(struct of_tp_sys_enter *ctx)
{
	return enter_open(OF_SYS_OPENAT, ctx->args[0], ctx->args[1],
			  ctx->args[2]);
}

SEC("tp/syscalls/sys_enter_openat2")
int of_enter_openat2(struct of_tp_sys_enter *ctx)
{
	/* args[2] is struct open_how *; its flags are read at exit. */
	return enter_open(OF_SYS_OPENAT2, ctx->args[0], ctx->args[1],
			  ctx->args[2]);
}

SEC("tp/syscalls/sys_enter_creat")
int of_enter_creat(struct of_tp_sys_enter *ctx)
{
	/* creat(path, mode) is open(path, O_CREAT|O_WRONLY|O_TRUNC, mode). */
	return enter_open(OF_SYS_CREAT, AT_FDCWD, ctx->args[0],
			  00100 | 01 | 01000);
}

/* ---- syscall exit: read the path, send the record ----------------- */

/*
 * Copy the path into @rec and return its length with the NUL. A string
 * that fills the whole buffer is either exactly OF_PATH_MAX - 1 bytes
 * long or longer; the byte after the copy tells which.
 */
static __always_inline __u32 read_path(struct of_open_rec *rec, __u64 uptr)
{
	const char *src = (const char *)uptr;
	long len;
	char next;

	rec->path_state = OF_PATH_OK;
	len = bpf_probe_read_user_str(rec->path, sizeof(rec->path), src);
	if (len <= 0) {
		rec->path[0] = '\0';
		rec->path_state = OF_PATH_FAULT;
		return 1;
	}
	if (len >= OF_PATH_MAX) {
		if (bpf_probe_read_user(&next, 1, src + OF_PATH_MAX - 1) ||
		    next != '\0')
			rec->path_state = OF_PATH_CUT;
		return OF_PATH_MAX;
	}
	return len;
}

/* openat2's flags live in user memory, which the kernel just copied. */
static __always_inline __u64 open_flags(const struct pending_open *p)
{
	__u64 flags = 0;

	if (p->syscall != OF_SYS_OPENAT2)
		return p->arg;
	/* struct open_how starts with __u64 flags. */
	bpf_probe_read_user(&flags, sizeof(flags), (const void *)p->arg);
	return flags;
}

/* ---- -F: the full path, as d_path() would give it ------------------ */

/*
 * bpf_d_path() would do this, but only fentry/fexit and LSM programs may
 * call it. So the walk is done here, from the dentry up, the way the
 * kernel's prepend_path() does: each name is written in front of the
 * ones before it, a mount's root leads to the dentry it is mounted on in
 * the parent mount, and the walk ends at the task's root (which is not
 * "/" of the system in a chroot or a container). The path is built
 * backwards in the first half of a per-CPU buffer, ending at
 * OF_PATH_MAX; the second half is room for a failed open's relative
 * name, appended after its directory.
 */
#define PATH_MASK	(OF_PATH_MAX - 1)
#define WALK_STEPS	(OF_PATH_MAX / 2 + 64)	/* names, and mounts */

struct path_buf {
	char buf[2 * OF_PATH_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct path_buf);
} path_scratch SEC(".maps");

enum walk_state {
	WALK_ON,
	WALK_ROOT,		/* reached the task's root: a full path */
	WALK_CUT,		/* longer than OF_PATH_MAX - 1 */
	WALK_OUTSIDE,		/* not below the task's root, or unmounted */
};

struct walk {
	struct dentry *dentry;
	struct vfsmount *mnt;
	struct dentry *root_dentry;
	struct vfsmount *root_mnt;
	char *buf;
	__u32 off;		/* where the path starts in buf */
	__u32 state;		/* enum walk_state */
};

/* From the root of a mount to where it is mounted in its parent. */
static __always_inline long walk_up_mount(struct walk *w)
{
	struct mount *m, *parent = NULL;
	struct dentry *mountpoint = NULL;

	/*
	 * container_of(w->mnt, struct mount, mnt): the member's address on
	 * a NULL base is its offset, which CO-RE relocates like any access.
	 */
	m = (void *)w->mnt - (unsigned long)&((struct mount *)0)->mnt;
	bpf_probe_read_kernel(&parent, sizeof(parent), &m->mnt_parent);
	bpf_probe_read_kernel(&mountpoint, sizeof(mountpoint),
			      &m->mnt_mountpoint);
	if (!parent || parent == m || !mountpoint) {
		w->state = WALK_OUTSIDE;
		return 1;
	}
	w->dentry = mountpoint;
	w->mnt = &parent->mnt;
	return 0;
}

static long walk_step(__u32 i, void *arg)
{
	struct dentry *parent = NULL, *mnt_root = NULL;
	const unsigned char *name = NULL;
	struct walk *w = arg;
	__u32 len = 0, off;

	if (w->dentry == w->root_dentry && w->mnt == w->root_mnt) {
		w->state = WALK_ROOT;
		return 1;
	}
	bpf_probe_read_kernel(&mnt_root, sizeof(mnt_root), &w->mnt->mnt_root);
	if (w->dentry == mnt_root)
		return walk_up_mount(w);
	bpf_probe_read_kernel(&parent, sizeof(parent), &w->dentry->d_parent);
	if (!parent || parent == w->dentry) {
		w->state = WALK_OUTSIDE;
		return 1;
	}
	bpf_probe_read_kernel(&len, sizeof(len), &w->dentry->d_name.len);
	bpf_probe_read_kernel(&name, sizeof(name), &w->dentry->d_name.name);
	if (!len || !name) {		/* no name to show: not a path */
		w->state = WALK_OUTSIDE;
		return 1;
	}
	if (len + 1 >= w->off) {
		w->state = WALK_CUT;
		return 1;
	}
	off = w->off - len - 1;
	w->buf[off & PATH_MASK] = '/';
	bpf_probe_read_kernel(w->buf + ((off + 1) & PATH_MASK),
			      len & PATH_MASK, name);
	w->off = off;
	w->dentry = parent;
	return 0;
}

/*
 * Write the path of @dentry on @mnt so that it ends at buf[OF_PATH_MAX]:
 * returns where it starts ("" for the root itself), or a negative
 * enum walk_state that says why there is none.
 */
static __always_inline long walk_path(char *buf, struct dentry *dentry,
				      struct vfsmount *mnt)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct fs_struct *fs = NULL;
	struct walk w = {
		.dentry = dentry,
		.mnt = mnt,
		.buf = buf,
		.off = OF_PATH_MAX,
	};

	bpf_probe_read_kernel(&fs, sizeof(fs), &task->fs);
	if (!fs || !dentry || !mnt)
		return -WALK_OUTSIDE;
	bpf_probe_read_kernel(&w.root_dentry, sizeof(w.root_dentry),
			      &fs->root.dentry);
	bpf_probe_read_kernel(&w.root_mnt, sizeof(w.root_mnt), &fs->root.mnt);
	bpf_loop(WALK_STEPS, walk_step, &w, 0);
	return w.state == WALK_ROOT ? w.off : -(long)w.state;
}

/* The file behind @fd in the current task's table, or NULL. */
static __always_inline struct file *fd_file(int fd)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct files_struct *files = NULL;
	struct fdtable *fdt = NULL;
	struct file **fds = NULL;
	struct file *file = NULL;
	unsigned int max = 0;

	bpf_probe_read_kernel(&files, sizeof(files), &task->files);
	if (files)
		bpf_probe_read_kernel(&fdt, sizeof(fdt), &files->fdt);
	if (!fdt || fd < 0)
		return NULL;
	bpf_probe_read_kernel(&max, sizeof(max), &fdt->max_fds);
	bpf_probe_read_kernel(&fds, sizeof(fds), &fdt->fd);
	if ((unsigned int)fd >= max || !fds)
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	return file;
}

/*
 * The directory a relative path of the current task starts from: its
 * working directory, or the file @dfd refers to.
 */
static __always_inline long walk_dir(char *buf, int dfd)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct dentry *dentry = NULL;
	struct vfsmount *mnt = NULL;
	struct fs_struct *fs = NULL;
	struct file *dir;

	if (dfd != AT_FDCWD) {
		dir = fd_file(dfd);
		if (!dir)
			return -WALK_OUTSIDE;
		bpf_probe_read_kernel(&dentry, sizeof(dentry),
				      &dir->f_path.dentry);
		bpf_probe_read_kernel(&mnt, sizeof(mnt), &dir->f_path.mnt);
		return walk_path(buf, dentry, mnt);
	}
	bpf_probe_read_kernel(&fs, sizeof(fs), &task->fs);
	if (!fs)
		return -WALK_OUTSIDE;
	bpf_probe_read_kernel(&dentry, sizeof(dentry), &fs->pwd.dentry);
	bpf_probe_read_kernel(&mnt, sizeof(mnt), &fs->pwd.mnt);
	return walk_path(buf, dentry, mnt);
}

/*
 * Copy the path that starts at buf[@start] and is @len bytes long into
 * @rec, with its NUL, and return the length with it; "/" for "".
 */
static __always_inline __u32 take_path(struct of_open_rec *rec,
				       const char *buf, __u32 start, __u32 len)
{
	if (!len) {
		rec->path[0] = '/';
		rec->path[1] = '\0';
		return 2;
	}
	if (start > OF_PATH_MAX)	/* never; the verifier must know */
		return 0;
	len &= PATH_MASK;
	bpf_probe_read_kernel(rec->path, len, buf + start);
	rec->path[len] = '\0';
	return len + 1;
}

/* A successful open: the path of the file the new fd refers to. */
static __always_inline __u32 opened_path(struct of_open_rec *rec, char *buf,
					 int fd)
{
	struct file *file = fd_file(fd);
	struct dentry *dentry = NULL;
	struct vfsmount *mnt = NULL;
	long start;

	if (!file)
		return 0;
	bpf_probe_read_kernel(&dentry, sizeof(dentry), &file->f_path.dentry);
	bpf_probe_read_kernel(&mnt, sizeof(mnt), &file->f_path.mnt);
	start = walk_path(buf, dentry, mnt);
	if (start < 0)
		return 0;
	return take_path(rec, buf, start, OF_PATH_MAX - start);
}

/*
 * A failed relative open (or one into an io_uring fixed-file slot, which
 * makes no fd): its directory, "/" and the name as passed, which is
 * already in @rec (@name_len bytes with the NUL).
 */
static __always_inline __u32 failed_path(struct of_open_rec *rec, char *buf,
					 int dfd, __u32 name_len)
{
	long start = walk_dir(buf, dfd);
	__u32 dir_len, len;

	if (start < 0)
		return 0;
	dir_len = OF_PATH_MAX - start;
	len = dir_len + name_len;	/* "/" in place of the name's NUL */
	if (len > OF_PATH_MAX - 1) {
		rec->path_state = OF_PATH_CUT;
		len = OF_PATH_MAX - 1;
	}
	buf[OF_PATH_MAX] = '/';
	bpf_probe_read_kernel(buf + OF_PATH_MAX + 1,
			      (name_len - 1) & PATH_MASK, rec->path);
	return take_path(rec, buf, start, len);
}

/*
 * Replace the path as passed by the full one when it can be found.
 * Returns the new length with the NUL, or 0 to keep the path as passed.
 */
static __always_inline __u32 full_path(struct of_open_rec *rec, int dfd,
				       __u32 len)
{
	struct path_buf *pb;
	__u32 zero = 0;

	pb = bpf_map_lookup_elem(&path_scratch, &zero);
	if (!pb || rec->path_state != OF_PATH_OK)
		return 0;
	if (rec->ret >= 0 && !rec->fixed_file)
		return opened_path(rec, pb->buf, rec->ret);
	if (rec->path[0] == '/')
		return 0;	/* nothing to add to an absolute path */
	return failed_path(rec, pb->buf, dfd, len);
}

static __always_inline int exit_open(struct of_tp_sys_exit *ctx, bool full)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending_open *pp, p;
	struct of_open_rec *rec;
	struct uring_open *u;
	__u32 zero = 0, len;

	pp = bpf_map_lookup_elem(&pending, &tid);
	if (!pp)
		return 0;
	p = *pp;
	bpf_map_delete_elem(&pending, &tid);
	if (ctx->ret < 0 && !config.show_failed)
		return 0;

	u = bpf_map_lookup_elem(&scratch, &zero);
	if (!u)
		return 0;
	rec = &u->rec;
	fill_hdr(&rec->hdr, OF_REC_OPEN);
	rec->ret = ctx->ret;
	rec->fixed_file = 0;
	rec->syscall = p.syscall;
	rec->flags = open_flags(&p);
	len = read_path(rec, p.path);
	rec->resolved = 0;
	if (full) {
		__u32 full_len = full_path(rec, p.dfd, len);

		if (full_len) {
			len = full_len;
			rec->resolved = 1;
		}
	}
	rec->path_len = len;
	/* Only the used part of the path: header + string + NUL. */
	output(rec, __builtin_offsetof(struct of_open_rec, path) + len, false);
	return 0;
}

/*
 * The four exit tracepoints look the same (nr, ret), so they share one
 * body; each needs its own program to be attached on its own. With -F,
 * user space loads the *_full programs instead: they read the kernel's
 * structures, so only they need its BTF.
 */
SEC("tp/syscalls/sys_exit_open")
int of_exit_open(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, false);
}

SEC("tp/syscalls/sys_exit_openat")
int of_exit_openat(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, false);
}

SEC("tp/syscalls/sys_exit_openat2")
int of_exit_openat2(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, false);
}

SEC("tp/syscalls/sys_exit_creat")
int of_exit_creat(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, false);
}

SEC("?tp/syscalls/sys_exit_open")
int of_exit_open_full(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, true);
}

SEC("?tp/syscalls/sys_exit_openat")
int of_exit_openat_full(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, true);
}

SEC("?tp/syscalls/sys_exit_openat2")
int of_exit_openat2_full(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, true);
}

SEC("?tp/syscalls/sys_exit_creat")
int of_exit_creat_full(struct of_tp_sys_exit *ctx)
{
	return exit_open(ctx, true);
}

/* ---- io_uring: opens no system call shows ------------------------- */

/*
 * IORING_OP_OPENAT and IORING_OP_OPENAT2 open files inside io_uring,
 * from the submitting thread, the ring's SQPOLL thread or an io-wq
 * worker; none of them passes through the open system calls, so strace
 * and the syscall tracepoints never see them. io_uring's own
 * tracepoints do: the request is read at submission, once prepared,
 * and reported at completion, with its result.
 *
 * The request's innards are the kernel's private structures, read
 * through CO-RE (openfiles_ktypes.bpf.h).
 */
/* Kernel paths come from getname(), which refuses PATH_MAX or more. */
static __always_inline __u32 read_kernel_path(struct of_open_rec *rec,
					      const char *name)
{
	long len = -1;

	if (name)
		len = bpf_probe_read_kernel_str(rec->path, sizeof(rec->path),
						name);
	rec->path_state = OF_PATH_OK;
	if (len <= 0) {
		rec->path[0] = '\0';
		rec->path_state = OF_PATH_FAULT;
		return 1;
	}
	return len;
}

static __always_inline int uring_submit(struct of_tp_uring_submit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), zero = 0;
	struct io_kiocb *req = (void *)ctx->req;
	struct filename *fn = NULL;
	const char *name = NULL;
	struct io_open *op;
	struct uring_open *u;
	__u64 key = ctx->req;

	if (ctx->opcode != IORING_OP_OPENAT &&
	    ctx->opcode != IORING_OP_OPENAT2)
		return 0;
	if (!bpf_map_lookup_elem(&tasks, &tid))
		return 0;
	u = bpf_map_lookup_elem(&scratch, &zero);
	if (!u)
		return 0;
	op = (void *)&req->cmd;
	u->user_data = ctx->user_data;
	u->file_slot = 0;
	u->dfd = AT_FDCWD;
	u->rec.flags = 0;
	bpf_probe_read_kernel(&u->file_slot, sizeof(u->file_slot),
			      &op->file_slot);
	bpf_probe_read_kernel(&u->dfd, sizeof(u->dfd), &op->dfd);
	bpf_probe_read_kernel(&u->rec.flags, sizeof(u->rec.flags),
			      &op->how.flags);
	bpf_probe_read_kernel(&fn, sizeof(fn), &op->filename);
	if (fn)
		bpf_probe_read_kernel(&name, sizeof(name), &fn->name);
	fill_hdr(&u->rec.hdr, OF_REC_OPEN);
	u->rec.syscall = ctx->opcode == IORING_OP_OPENAT ?
			 OF_SYS_URING_OPENAT : OF_SYS_URING_OPENAT2;
	u->rec.fixed_file = u->file_slot != 0;
	u->rec.resolved = 0;
	u->rec.path_len = read_kernel_path(&u->rec, name);
	if (bpf_map_update_elem(&uring_pending, &key, u, BPF_ANY))
		stat_inc(OF_STAT_URING_FULL);
	return 0;
}

SEC("tp/io_uring/io_uring_submit_req")
int of_uring_submit(struct of_tp_uring_submit *ctx)
{
	return uring_submit(ctx);
}

/* The same tracepoint under its Linux 6.1 name; see openfiles_tp.c. */
SEC("?tp/io_uring/io_uring_submit_sqe")
int of_uring_submit_sqe(struct of_tp_uring_submit *ctx)
{
	return uring_submit(ctx);
}

/*
 * A fixed-file open returns 0 (the slot was chosen by the submitter,
 * file_slot - 1) or, with IORING_FILE_INDEX_ALLOC, the slot it took.
 */
static __always_inline __s32 uring_result(const struct uring_open *u,
					  __s32 res)
{
	if (res < 0 || !u->file_slot || u->file_slot == IORING_FILE_INDEX_ALLOC)
		return res;
	return u->file_slot - 1;
}

static __always_inline int uring_complete(struct of_tp_uring_complete *ctx,
					  bool full)
{
	__u64 key = ctx->req;
	struct uring_open *u;
	__u32 len;

	u = bpf_map_lookup_elem(&uring_pending, &key);
	if (!u)
		return 0;
	/* A request that never completed left this entry; not ours. */
	if (u->user_data != ctx->user_data)
		goto forget;
	if (ctx->res < 0 && !config.show_failed)
		goto forget;
	u->rec.ret = uring_result(u, ctx->res);
	u->rec.hdr.ts_ns = bpf_ktime_get_ns();
	len = u->rec.path_len;
	if (len > OF_PATH_MAX)
		len = OF_PATH_MAX;
	/*
	 * The fd is in the table of the process that made the ring; the
	 * completing thread (submitter, io-wq or SQPOLL) is one of its own.
	 */
	if (full && bpf_get_current_pid_tgid() >> 32 == u->rec.hdr.tgid) {
		__u32 full_len = full_path(&u->rec, u->dfd, len);

		if (full_len) {
			len = full_len;
			u->rec.path_len = len;
			u->rec.resolved = 1;
		}
	}
	output(&u->rec, __builtin_offsetof(struct of_open_rec, path) + len,
	       false);
forget:
	bpf_map_delete_elem(&uring_pending, &key);
	return 0;
}

SEC("tp/io_uring/io_uring_complete")
int of_uring_complete(struct of_tp_uring_complete *ctx)
{
	return uring_complete(ctx, false);
}

SEC("?tp/io_uring/io_uring_complete")
int of_uring_complete_full(struct of_tp_uring_complete *ctx)
{
	return uring_complete(ctx, true);
}

char _license[] SEC("license") = "GPL";
