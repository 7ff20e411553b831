// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_scan.c - seed and tidy the "tasks" map from /proc; see
 * openfiles_scan.h. Thread ids are those of the initial pid namespace,
 * so this has to run with the initial namespace's /proc.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpf_sys.h"
#include "openfiles_scan.h"

/* Processes found so far; @procs doubles as the membership test. */
struct scan {
	int tasks_fd;
	struct of_procs *procs;
	__u32 *pids;
	size_t n, cap;
};

/* The fields of /proc/<id>/stat we need. */
struct stat_line {
	char comm[OF_COMM_LEN];
	char state;
	__u32 ppid;
};

static int read_stat(__u32 id, struct stat_line *st)
{
	char path[64], buf[512], *open, *close;
	size_t n, len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/stat", id);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) S ppid ...": comm may itself hold ") ". */
	open = strchr(buf, '(');
	close = strrchr(buf, ')');
	if (!open || !close || close < open ||
	    sscanf(close + 1, " %c %u", &st->state, &st->ppid) != 2)
		return -EINVAL;
	len = close - open - 1;
	if (len >= sizeof(st->comm))
		len = sizeof(st->comm) - 1;
	memcpy(st->comm, open + 1, len);
	st->comm[len] = '\0';
	return 0;
}

/* Running, sleeping, stopped...: anything but dead or a zombie. */
static bool task_alive(__u32 tid)
{
	struct stat_line st;

	if (read_stat(tid, &st))
		return false;
	return st.state != 'Z' && st.state != 'X' && st.state != 'x';
}

static int read_tgid(pid_t pid, __u32 *tgid)
{
	char path[64], line[128];
	int err = -ENOENT;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %u", tgid) == 1) {
			err = 0;
			break;
		}
	fclose(f);
	return err;
}

static int add_process(struct scan *s, __u32 pid, const struct stat_line *st)
{
	struct of_proc *p;
	__u32 *bigger;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		bigger = realloc(s->pids, s->cap * sizeof(*s->pids));
		if (!bigger)
			return -ENOMEM;
		s->pids = bigger;
	}
	p = of_procs_get(s->procs, pid);
	if (!p)
		return -ENOMEM;
	p->ppid = st->ppid;
	memcpy(p->comm, st->comm, sizeof(p->comm));
	s->pids[s->n++] = pid;
	return 0;
}

/*
 * Add one thread. A task that died before it was in the map had its
 * sched_process_exit unseen, so its entry would never go: take it out.
 * Returns 1 if the task is newly followed, 0 if not, or -errno.
 */
static int add_task(struct scan *s, __u32 tid, __u32 tgid)
{
	int err;

	err = bb_map_update_elem(s->tasks_fd, &tid, &tgid, BPF_NOEXIST);
	if (err == -EEXIST)
		return 0;
	if (err == -E2BIG) {
		fprintf(stderr,
			"openfiles: the task map is full at thread %u of process %u; raise -m.\n",
			tid, tgid);
		return err;
	}
	if (err) {
		fprintf(stderr, "openfiles: cannot add thread %u to the tracked-task map: %s.\n",
			tid, strerror(-err));
		return err;
	}
	if (task_alive(tid))
		return 1;
	bb_map_delete_elem(s->tasks_fd, &tid);
	return 0;
}

static bool is_number(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!isdigit((unsigned char)*name))
			return false;
	return true;
}

/* Returns how many threads of @tgid were newly added, or -errno. */
static int follow_threads(struct scan *s, __u32 tgid)
{
	struct dirent *de;
	char path[64];
	int added = 0, r;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%u/task", tgid);
	dir = opendir(path);
	if (!dir)
		return 0;		/* the whole process is gone */
	while ((de = readdir(dir))) {
		if (!is_number(de->d_name))
			continue;
		r = add_task(s, strtoul(de->d_name, NULL, 10), tgid);
		if (r < 0) {
			added = r;
			break;
		}
		added += r;
	}
	closedir(dir);
	return added;
}

/*
 * Add every process whose parent we follow; returns how many, or -errno.
 * Not ourselves: "openfiles -p $$" is a child of the shell it follows,
 * and would report its own reads of /proc.
 */
static int adopt_children(struct scan *s)
{
	__u32 self = getpid();
	struct stat_line st;
	struct dirent *de;
	int added = 0, err = 0;
	__u32 pid;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir) {
		err = -errno;
		fprintf(stderr, "openfiles: cannot list /proc: %s.\n",
			strerror(errno));
		return err;
	}
	while ((de = readdir(dir))) {
		if (!is_number(de->d_name))
			continue;
		pid = strtoul(de->d_name, NULL, 10);
		if (pid == self || of_procs_find(s->procs, pid) ||
		    read_stat(pid, &st) ||
		    !of_procs_find(s->procs, st.ppid))
			continue;
		err = add_process(s, pid, &st);
		if (err)
			break;
		added++;
	}
	closedir(dir);
	return err ? err : added;
}

/* One pass over everything known; returns what it added, or -errno. */
static int scan_pass(struct scan *s)
{
	int added = 0, r;
	size_t i;

	for (i = 0; i < s->n; i++) {
		r = follow_threads(s, s->pids[i]);
		if (r < 0)
			return r;
		added += r;
	}
	r = adopt_children(s);
	return r < 0 ? r : added + r;
}

static int add_root(struct scan *s, pid_t pid)
{
	struct stat_line st;
	__u32 tgid;
	int err;

	err = read_tgid(pid, &tgid);
	if (!err)
		err = read_stat(tgid, &st);
	if (err) {
		fprintf(stderr, "openfiles: no process with pid %d.\n", pid);
		return -ESRCH;
	}
	if (tgid == (__u32)getpid()) {
		fprintf(stderr, "openfiles: pid %d is openfiles itself; it does not follow itself.\n",
			pid);
		return -EINVAL;
	}
	/* The root's own parent is not followed: keep it out of the tree. */
	st.ppid = 0;
	return add_process(s, tgid, &st);
}

int of_follow_pid(int tasks_fd, pid_t pid, struct of_procs *procs)
{
	struct scan s = { .tasks_fd = tasks_fd, .procs = procs };
	int err, added;

	err = add_root(&s, pid);
	while (!err) {
		added = scan_pass(&s);
		if (added <= 0) {	/* nothing new, or an error */
			err = added;
			break;
		}
	}
	if (!err && of_tasks_empty(tasks_fd)) {
		fprintf(stderr, "openfiles: process %d exited before tracing could start.\n",
			pid);
		err = -ESRCH;
	}
	free(s.pids);
	return err ? err : (int)s.n;
}

int of_sweep_tasks(int tasks_fd)
{
	__u32 key, next, *dead = NULL, *bigger;
	size_t n = 0, cap = 0, i;
	void *prev = NULL;

	/* Collect first: deleting while walking can restart the walk. */
	while (!bb_map_get_next_key(tasks_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (task_alive(key))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			bigger = realloc(dead, cap * sizeof(*dead));
			if (!bigger)
				break;
			dead = bigger;
		}
		dead[n++] = key;
	}
	for (i = 0; i < n; i++)
		bb_map_delete_elem(tasks_fd, &dead[i]);
	free(dead);
	return n;
}

bool of_tasks_empty(int tasks_fd)
{
	__u32 key;

	return bb_map_get_next_key(tasks_fd, NULL, &key) == -ENOENT;
}
