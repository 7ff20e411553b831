// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles - every successful open of a process tree.
 *
 *	openfiles [OPTIONS] -p PID
 *	openfiles [OPTIONS] [--] CMD [ARGS...]
 *
 * The BPF side (openfiles.bpf.c) keeps the set of followed threads
 * itself: a thread is added by the kernel when a followed thread creates
 * it, before it can run, and removed when it exits. User space only
 * seeds the set (CMD held before exec, or -p PID and what exists below
 * it), prints the records of the ring buffer and decides when to stop:
 * when the set is empty, every process of the tree has exited and all
 * its records are already in the ring, so draining the ring then loses
 * nothing.
 *
 * The pieces live beside it in openfiles_*.c: opts (command line),
 * cmd (the held child), scan (/proc walking for -p), fmt and esc
 * (output), procs (--tree).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "barebpf.h"
#include "embed.h"
#include "ringbuf.h"
#include "pipe_out.h"
#include "tracepoint.h"
#include "wallclock.h"

#include "openfiles.h"
#include "openfiles_cmd.h"
#include "openfiles_fmt.h"
#include "openfiles_opts.h"
#include "openfiles_procs.h"
#include "openfiles_scan.h"
#include "openfiles_tp.h"

BB_EMBED_DECLARE(openfiles);

#define OF_MAX_LINKS	20
#define POLL_MS		100	/* also how often we look for an empty tree */
#define SWEEP_NS	1000000000ULL

/* Set by the signal handler, read by the main loop. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* The loaded object and what keeps its programs attached. */
struct of_bpf {
	struct bb_object *obj;
	int links[OF_MAX_LINKS];
	size_t nr_links;
	int tasks_fd;
	int stats_fd;
	int events_fd;
};

/* What the ring buffer callback needs. */
struct of_run {
	const struct of_opts *opts;
	struct of_printer *printer;
	struct of_procs procs;
	__u64 events;
	__u64 filtered;		/* opens --comm, --path or --uid left out */
	__u64 initial_procs;	/* followed before the BPF side took over */
	bool exit_seen;		/* a process exited since the last check */
	bool out_failed;
	bool reader_gone;	/* stdout is a pipe nobody reads any more */
};

static __u64 now_ns(void)
{
	struct timespec ts;

	/* bpf_ktime_get_ns() is CLOCK_MONOTONIC too. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ---- privileges ------------------------------------------------------ */

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

/*
 * Loading tracing programs needs CAP_BPF and CAP_PERFMON (Linux 5.8+),
 * or CAP_SYS_ADMIN. Checking up front turns a bare EPERM into advice.
 * capget() rather than CapEff in /proc/self/status: one system call, not
 * a file the kernel writes out line by line and we parse (0.3 ms).
 */
static bool check_privileges(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, d))
		return true;	/* cannot tell: let the kernel decide */
	if (has_cap(d, CAP_SYS_ADMIN) ||
	    (has_cap(d, CAP_BPF) && has_cap(d, CAP_PERFMON)))
		return true;
	fprintf(stderr,
		"openfiles: tracing needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN.\n");
	return false;
}

/* ---- loading and attaching ------------------------------------------- */

static int set_map_size(struct bb_object *obj, const char *name, __u32 n)
{
	struct bb_map *map = bb_object__find_map(obj, name);

	if (!map) {
		fprintf(stderr, "openfiles: the BPF object has no map %s.\n",
			name);
		return -ENOENT;
	}
	return bb_map__set_max_entries(map, n);
}

static int configure(struct bb_object *obj, const struct of_opts *opts)
{
	struct bb_map *rodata = bb_object__find_map(obj, ".rodata");
	struct of_config *cfg;
	size_t size = 0;
	int err;

	err = set_map_size(obj, "tasks", opts->max_tasks);
	if (!err)
		err = set_map_size(obj, "pending", opts->max_tasks);
	if (!err)
		err = set_map_size(obj, "events", opts->buf_size);
	if (err)
		return err;
	cfg = rodata ? bb_map__initial_value(rodata, &size) : NULL;
	if (!cfg || size < sizeof(*cfg)) {
		fprintf(stderr, "openfiles: the BPF object has no configuration in .rodata.\n");
		return -ENOENT;
	}
	cfg->show_failed = opts->show_failed;
	return 0;
}

/* "syscalls/sys_enter_open" -> attach to category "syscalls". */
static int attach_one(struct of_bpf *bpf, struct bb_program *prog)
{
	char cat[64];
	const char *target = bb_program__attach_target(prog);
	const char *slash = strchr(target, '/');
	int fd;

	if (!slash || (size_t)(slash - target) >= sizeof(cat) ||
	    bpf->nr_links == OF_MAX_LINKS) {
		fprintf(stderr, "openfiles: program %s has an unusable tracepoint \"%s\".\n",
			bb_program__name(prog), target);
		return -EINVAL;
	}
	memcpy(cat, target, slash - target);
	cat[slash - target] = '\0';
	fd = bb_tracepoint_attach(bb_program__fd(prog), cat, slash + 1);
	if (fd < 0) {
		fprintf(stderr,
			"openfiles: cannot attach %s to tracepoint %s: %s.\n",
			bb_program__name(prog), target, strerror(-fd));
		return fd;
	}
	bpf->links[bpf->nr_links++] = fd;
	return 0;
}

static void bpf_teardown(struct of_bpf *bpf)
{
	/* Each detach waits for a grace period: all at once, not in turn. */
	bb_detach_all(bpf->links, bpf->nr_links);
	bpf->nr_links = 0;
	bb_object__close(bpf->obj);
	bpf->obj = NULL;
}

static int bpf_setup(struct of_bpf *bpf, const struct of_opts *opts)
{
	const struct bb_object_opts oo = { .name = "openfiles",
					   .keep_buf = true };
	struct bb_program *prog;
	size_t i;
	int err;

	err = bb_object__open_mem(BB_EMBED_DATA(openfiles),
				  BB_EMBED_SIZE(openfiles), &oo, &bpf->obj);
	if (err)
		return err;
	err = configure(bpf->obj, opts);
	if (!err)
		err = of_tp_check(bpf->obj, !opts->no_io_uring,
				 opts->full_path);
	if (!err)
		err = bb_object__load(bpf->obj);
	if (err == -EPERM)
		fprintf(stderr,
			"openfiles: loading BPF needs CAP_BPF and CAP_PERFMON or CAP_SYS_ADMIN.\n");
	if (err)
		goto teardown;
	bpf->tasks_fd = bb_map__fd(bb_object__find_map(bpf->obj, "tasks"));
	bpf->stats_fd = bb_map__fd(bb_object__find_map(bpf->obj, "stats"));
	bpf->events_fd = bb_map__fd(bb_object__find_map(bpf->obj, "events"));
	for (i = 0; i < bb_object__program_count(bpf->obj); i++) {
		prog = bb_object__program(bpf->obj, i);
		if (bb_program__fd(prog) < 0)
			continue;	/* turned off by of_tp_check() */
		err = attach_one(bpf, prog);
		if (err)
			goto teardown;
	}
	return 0;

teardown:
	bpf_teardown(bpf);
	return err;
}

/* ---- records ----------------------------------------------------------- */

static int on_open(struct of_run *run, const struct of_open_rec *rec,
		   size_t size)
{
	size_t path_off = __builtin_offsetof(struct of_open_rec, path);
	struct of_proc *p;

	if (size < path_off + rec->path_len || !rec->path_len)
		return 0;	/* malformed: ignore rather than misprint */
	if (!of_filter_match(&run->opts->filter, &rec->hdr, rec->path)) {
		run->filtered++;
		return 0;
	}
	run->events++;
	if (run->opts->tree) {
		p = of_procs_get(&run->procs, rec->hdr.tgid);
		if (p) {
			p->opens++;
			memcpy(p->comm, rec->hdr.comm, OF_COMM_LEN);
		}
	}
	if (of_print_open(run->printer, rec, rec->path_len - 1)) {
		run->out_failed = true;
		run->reader_gone = errno == EPIPE;
		return -EIO;
	}
	return 0;
}

/* Creator and name of a new process, for --tree. */
static void on_fork(struct of_run *run, const struct of_fork_rec *rec)
{
	struct of_proc *p = of_procs_get(&run->procs, rec->child_pid);

	if (!p)
		return;
	/* A reused pid: forget what the earlier process did. */
	if (p->exited)
		p->opens = 0;
	p->exited = false;
	p->ppid = rec->hdr.tgid;
	memcpy(p->comm, rec->hdr.comm, OF_COMM_LEN);
}

static void on_exit_rec(struct of_run *run, const struct of_rec_hdr *hdr)
{
	struct of_proc *p;

	run->exit_seen = true;
	if (!run->opts->tree)
		return;
	p = of_procs_get(&run->procs, hdr->tgid);
	if (p) {
		p->exited = true;
		memcpy(p->comm, hdr->comm, OF_COMM_LEN);
	}
}

static int on_record(void *ctx, void *data, size_t size)
{
	const struct of_rec_hdr *hdr = data;
	struct of_run *run = ctx;

	if (size < sizeof(*hdr))
		return 0;
	switch (hdr->type) {
	case OF_REC_OPEN:
		return on_open(run, data, size);
	case OF_REC_FORK:
		if (run->opts->tree && size >= sizeof(struct of_fork_rec))
			on_fork(run, data);
		return 0;
	case OF_REC_EXIT:
		on_exit_rec(run, hdr);
		return 0;
	}
	return 0;
}

/* ---- following ------------------------------------------------------- */

/* Put the held child in the set; it cannot have run anything yet. */
static int follow_cmd(struct of_bpf *bpf, struct of_run *run,
		      const struct of_cmd *cmd)
{
	__u32 pid = cmd->pid;
	struct of_proc *p;
	int err;

	err = bb_map_update_elem(bpf->tasks_fd, &pid, &pid, BPF_NOEXIST);
	if (err) {
		fprintf(stderr,
			"openfiles: cannot add the command (pid %u) to the task map: %s.\n",
			pid, strerror(-err));
		return err;
	}
	run->initial_procs = 1;
	p = of_procs_get(&run->procs, pid);
	if (p)
		snprintf(p->comm, sizeof(p->comm), "%s",
			 basename(run->opts->cmd[0]));
	return 0;
}

static int start_following(struct of_bpf *bpf, struct of_run *run,
			   const struct of_cmd *cmd)
{
	int n;

	if (run->opts->cmd)
		return follow_cmd(bpf, run, cmd);
	n = of_follow_pid(bpf->tasks_fd, run->opts->pid, &run->procs);
	if (n < 0)
		return n;
	run->initial_procs = n;
	fprintf(stderr, "openfiles: following process %d and %d more; stop with Ctrl-C.\n",
		run->opts->pid, n - 1);
	return 0;
}

/* Should the main loop stop? Reaps CMD on the way. */
static bool done(struct of_bpf *bpf, struct of_run *run, struct of_cmd *cmd,
		 int polled)
{
	if (stop_signal || run->out_failed)
		return true;
	if (cmd->pid > 0 && of_cmd_reap(cmd, false) && run->opts->cmd_exit)
		return true;
	/* The map walk costs a syscall: only after an exit or when idle. */
	if (!run->exit_seen && polled > 0)
		return false;
	run->exit_seen = false;
	return of_tasks_empty(bpf->tasks_fd);
}

static int event_loop(struct of_bpf *bpf, struct bb_ringbuf *rb,
		      struct of_run *run, struct of_cmd *cmd)
{
	__u64 last_sweep = now_ns();
	int n;

	for (;;) {
		n = bb_ringbuf__poll(rb, POLL_MS);
		/*
		 * The BPF side wakes us only for batches (bb_ringbuf.h), so
		 * a quiet tree's last few records wait in the ring without a
		 * wakeup: drain it on every timeout, which shows each open
		 * within POLL_MS.
		 */
		if (n == 0)
			n = bb_ringbuf__consume(rb);
		if (n < 0 && !run->out_failed) {
			fprintf(stderr, "openfiles: reading the ring buffer failed: %s.\n",
				strerror(-n));
			return n;
		}
		if (pipe_out_gone())
			run->out_failed = run->reader_gone = true;
		if (done(bpf, run, cmd, n))
			break;
		if (now_ns() - last_sweep >= SWEEP_NS) {
			of_sweep_tasks(bpf->tasks_fd);
			last_sweep = now_ns();
		}
	}
	/* Whatever the tree wrote before it exited is in the ring now. */
	while (!run->out_failed && bb_ringbuf__consume(rb) > 0)
		;
	if (run->reader_gone)
		return 0;	/* main() says what happens next */
	return fflush(stdout) ? -EIO : 0;
}

/* ---- the end ----------------------------------------------------------- */

static void read_stats(int stats_fd, __u64 sum[OF_STAT_MAX])
{
	int ncpus = bb_num_possible_cpus();
	__u64 *vals;
	__u32 slot;
	int cpu;

	memset(sum, 0, OF_STAT_MAX * sizeof(sum[0]));
	vals = calloc(ncpus > 0 ? ncpus : 1, sizeof(*vals));
	if (!vals)
		return;
	for (slot = 0; slot < OF_STAT_MAX; slot++) {
		if (bb_map_lookup_elem(stats_fd, &slot, vals, 0))
			continue;
		for (cpu = 0; cpu < ncpus; cpu++)
			sum[slot] += vals[cpu];
	}
	free(vals);
}

static void print_summary(struct of_bpf *bpf, struct of_run *run)
{
	__u64 st[OF_STAT_MAX];

	read_stats(bpf->stats_fd, st);
	if (run->opts->tree)
		of_procs_print_tree(&run->procs, stderr);
	fprintf(stderr, "openfiles: %llu events, %llu lost, %llu processes followed.\n",
		(unsigned long long)run->events,
		(unsigned long long)st[OF_STAT_LOST],
		(unsigned long long)(run->initial_procs + st[OF_STAT_PROCS]));
	if (run->filtered)
		fprintf(stderr, "openfiles: %llu more opens did not match the filters.\n",
			(unsigned long long)run->filtered);
	if (st[OF_STAT_LOST])
		fprintf(stderr,
			"openfiles: the ring buffer was full %llu times; raise -b (%u).\n",
			(unsigned long long)st[OF_STAT_LOST],
			run->opts->buf_size);
	if (st[OF_STAT_TASKS_FULL])
		fprintf(stderr,
			"openfiles: %llu new threads not followed: task map full; raise -m.\n",
			(unsigned long long)st[OF_STAT_TASKS_FULL]);
	if (st[OF_STAT_URING_FULL])
		fprintf(stderr,
			"openfiles: %llu io_uring opens missed: too many in flight at once.\n",
			(unsigned long long)st[OF_STAT_URING_FULL]);
	if (st[OF_STAT_PENDING_FULL])
		fprintf(stderr,
			"openfiles: %llu opens missed: the pending map was full; raise -m.\n",
			(unsigned long long)st[OF_STAT_PENDING_FULL]);
}

static int exit_code(struct of_cmd *cmd, int err)
{
	/* Ctrl-C is how -p ends; for CMD, report it like a shell would. */
	if (stop_signal)
		return cmd->pid > 0 ? 128 + stop_signal : 0;
	if (err)
		return 1;
	/* The tree is empty, so CMD has exited: this does not block. */
	if (cmd->pid > 0 && of_cmd_reap(cmd, true))
		return of_cmd_exit_code(cmd);
	return 0;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* No SA_RESTART: the poll in the main loop must return. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	pipe_out_ignore_sigpipe();	/* see end_for_lost_reader() */
}

/*
 * "openfiles -- CMD | head -1": the reader went away, so tracing has
 * stopped. CMD is left to run on, untraced, every time (it may be doing
 * real work; killing it is not ours to decide); say so, then end the way
 * a writer to a closed pipe ends.
 */
static void end_for_lost_reader(struct of_cmd *cmd)
{
	if (cmd->pid > 0 && !of_cmd_reap(cmd, false))
		fprintf(stderr, "openfiles: the reader of its output went away; tracing stopped, and %d runs on untraced.\n",
			(int)cmd->pid);
	else
		fprintf(stderr, "openfiles: the reader of its output went away; tracing stopped.\n");
	fflush(stderr);
	pipe_out_die();
}

static int run_init(struct of_run *run, const struct of_opts *opts)
{
	run->opts = opts;
	run->printer = calloc(1, sizeof(*run->printer));
	if (!run->printer || of_procs_init(&run->procs)) {
		fprintf(stderr, "openfiles: out of memory.\n");
		free(run->printer);
		return -ENOMEM;
	}
	run->printer->format = opts->format;
	run->printer->wall_time = opts->wall_time;
	run->printer->out = stdout;
	run->printer->t0_ns = now_ns();
	run->printer->wall_off_ns = wallclock_offset_ns();
	return 0;
}

static void run_free(struct of_run *run)
{
	of_procs_free(&run->procs);
	free(run->printer);
}

/*
 * -o FILE: opened before CMD is forked, so that a bad name fails early,
 * but close-on-exec, so that CMD does not get it; put on stdout only
 * after the fork, so that CMD keeps the stdout it was given.
 */
static int open_output(const char *path)
{
	int fd;

	if (!path)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		fprintf(stderr, "openfiles: cannot open %s for the records: %s.\n",
			path, strerror(errno));
	return fd;
}

/* Records go to @fd from now on; the caller still closes @fd. */
static int use_output(int fd, const char *path)
{
	if (fd < 0)
		return 0;
	fflush(stdout);
	if (dup2(fd, STDOUT_FILENO) < 0) {
		fprintf(stderr, "openfiles: cannot write the records to %s: %s.\n",
			path, strerror(errno));
		return -EIO;
	}
	return 0;
}

/* Follow, release CMD, print until the tree is gone, sum up. */
static int trace(struct of_bpf *bpf, struct of_run *run, struct of_cmd *cmd)
{
	struct bb_ringbuf *rb;
	const char *header;
	int err;

	err = start_following(bpf, run, cmd);
	if (err)
		return err;
	err = bb_ringbuf__new(bpf->events_fd, on_record, run, &rb);
	if (err)
		return err;
	install_signals();
	header = of_printer_header(run->printer);
	if (header)
		fprintf(stderr, "%s\n", header);
	if (run->opts->cmd)
		err = of_cmd_release(cmd);
	if (!err)
		err = event_loop(bpf, rb, run, cmd);
	print_summary(bpf, run);
	bb_ringbuf__free(rb);
	return err;
}

/* A CMD that cannot run is refused as bash would: 126 or 127. */
static int check_cmd(const struct of_opts *opts)
{
	const char *why;
	int err;

	if (!opts->cmd)
		return 0;
	err = of_cmd_check(opts->cmd[0], &why);
	if (err)
		fprintf(stderr, "openfiles: cannot run %s: %s.\n",
			opts->cmd[0], why);
	return err;
}

int main(int argc, char **argv)
{
	struct of_cmd cmd = { .pid = -1, .go_fd = -1 };
	struct of_bpf bpf = { .nr_links = 0 };
	struct of_run run = { .events = 0 };
	struct of_opts opts;
	int err, out_fd;

	err = of_parse_opts(argc, argv, &opts);
	if (err) {
		of_free_opts(&opts);
		return err > 0 ? 0 : 2;
	}
	err = check_cmd(&opts);
	if (err)
		goto free_opts;
	err = 1;
	if (!check_privileges())
		goto free_opts;
	out_fd = open_output(opts.output);
	if (opts.output && out_fd < 0)
		goto free_opts;
	if (run_init(&run, &opts))
		goto close_output;
	/* Fork before loading: CMD inherits no BPF file descriptors. */
	if (opts.cmd) {
		err = of_cmd_start(&cmd, opts.cmd);
		if (err)
			goto free_run;
	}
	err = use_output(out_fd, opts.output);
	if (!err)
		err = bpf_setup(&bpf, &opts);
	if (err)
		goto drop_cmd;
	err = trace(&bpf, &run, &cmd);
	bpf_teardown(&bpf);
	if (run.reader_gone) {
		run_free(&run);
		of_free_opts(&opts);
		if (out_fd >= 0)
			close(out_fd);
		end_for_lost_reader(&cmd);
		return 128 + SIGPIPE;	/* SIGPIPE was blocked: same status */
	}
drop_cmd:
	of_cmd_abort(&cmd);	/* only if it was never released */
free_run:
	run_free(&run);
	err = exit_code(&cmd, err);
close_output:
	if (out_fd >= 0)
		close(out_fd);
free_opts:
	of_free_opts(&opts);
	return err;
}
