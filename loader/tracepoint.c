// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tracepoint.c - attach BPF programs to tracepoints; see tracepoint.h.
 *
 * A tracepoint program hangs off a perf event of type
 * PERF_TYPE_TRACEPOINT. The kernel keeps the program array in the
 * tracepoint's trace_event_call, not in the perf event, so one event
 * opened on CPU 0 with pid -1 runs the program on every CPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <linux/magic.h>

#include "internal.h"
#include "bpf_sys.h"
#include "perf_event.h"
#include "tracepoint.h"

#define TRACEFS_PATH		"/sys/kernel/tracing"
#define DEBUGFS_TRACING_PATH	"/sys/kernel/debug/tracing"

static bool is_tracefs(const char *dir)
{
	struct statfs st;

	return statfs(dir, &st) == 0 && st.f_type == TRACEFS_MAGIC;
}

static int copy_dir(char *buf, size_t len, const char *dir)
{
	if ((size_t)snprintf(buf, len, "%s", dir) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int bb_tracefs_dir(char *buf, size_t len)
{
	int err;

	if (is_tracefs(TRACEFS_PATH))
		return copy_dir(buf, len, TRACEFS_PATH);
	/* Looking at it makes debugfs automount tracefs there. */
	if (is_tracefs(DEBUGFS_TRACING_PATH))
		return copy_dir(buf, len, DEBUGFS_TRACING_PATH);
	if (mount("tracefs", TRACEFS_PATH, "tracefs", 0, NULL)) {
		err = -errno;
		bb_pr(NULL,
		      "tracefs is not mounted and mounting it at %s failed: %s.",
		      TRACEFS_PATH, bb_strerror(err));
		return err;
	}
	return copy_dir(buf, len, TRACEFS_PATH);
}

/* One path component: no '/', not "." or "..", not empty. */
static bool valid_component(const char *s)
{
	return s && *s && *s != '.' && !strchr(s, '/');
}

static int read_id_file(const char *path)
{
	char buf[32];
	ssize_t n;
	long id;
	char *end;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	errno = 0;
	id = strtol(buf, &end, 10);
	if (errno || end == buf || id <= 0 || id > 0x7fffffff)
		return -EINVAL;
	return id;
}

int bb_tracepoint_id(const char *category, const char *name)
{
	char dir[256], path[512];
	int id, err;

	if (!valid_component(category) || !valid_component(name)) {
		bb_pr(NULL,
		      "tracepoint \"%s/%s\" is not a valid category/name pair.",
		      category ? category : "", name ? name : "");
		return -EINVAL;
	}
	err = bb_tracefs_dir(dir, sizeof(dir));
	if (err)
		return err;
	if ((size_t)snprintf(path, sizeof(path), "%s/events/%s/%s/id", dir,
			     category, name) >= sizeof(path))
		return -ENAMETOOLONG;
	id = read_id_file(path);
	if (id == -ENOENT)
		bb_pr(NULL,
		      "tracepoint %s/%s does not exist in %s/events.",
		      category, name, dir);
	else if (id < 0)
		bb_pr(NULL, "cannot read tracepoint id from %s: %s.",
		      path, bb_strerror(id));
	return id;
}

/* One event on CPU 0 for every process runs the program on every CPU. */
static int perf_event_open_tp(int id)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.config = id,
	};

	return bb_perf_event_open(&attr, -1, 0);
}

int bb_tracepoint_attach(int prog_fd, const char *category, const char *name)
{
	int id, pfd, fd;

	id = bb_tracepoint_id(category, name);
	if (id < 0)
		return id;
	pfd = perf_event_open_tp(id);
	if (pfd < 0) {
		bb_pr(NULL,
		      "perf_event_open of tracepoint %s/%s (id %d) failed: %s.",
		      category, name, id, bb_strerror(pfd));
		return pfd;
	}
	fd = bb_perf_event_attach(pfd, prog_fd);
	if (fd < 0)
		bb_pr(NULL,
		      "attaching BPF program to tracepoint %s/%s failed: %s.",
		      category, name, bb_strerror(fd));
	return fd;
}

int bb_raw_tracepoint_attach(int prog_fd, const char *name)
{
	int fd;

	fd = bb_raw_tracepoint_open(name, prog_fd);
	if (fd == -ENOENT)
		bb_pr(NULL, "raw tracepoint %s does not exist.",
		      name);
	else if (fd < 0)
		bb_pr(NULL,
		      "attaching BPF program to raw tracepoint %s failed: %s.",
		      name, bb_strerror(fd));
	return fd;
}

int bb_tracing_attach(int prog_fd, const char *what)
{
	/* With no name the kernel uses the program's own attach point. */
	int fd = bb_raw_tracepoint_open(NULL, prog_fd);

	if (fd < 0)
		bb_pr(NULL, "attaching BPF program to %s failed: %s.",
		      what, bb_strerror(fd));
	return fd;
}

static void *close_fd(void *arg)
{
	close(*(int *)arg);
	return NULL;
}

void bb_detach_all(int *fds, size_t n)
{
	pthread_t *tids = calloc(n ? n : 1, sizeof(*tids));
	bool *started = calloc(n ? n : 1, sizeof(*started));
	size_t i;

	for (i = 0; i < n; i++) {
		if (fds[i] < 0)
			continue;
		if (tids && started &&
		    !pthread_create(&tids[i], NULL, close_fd, &fds[i]))
			started[i] = true;
		else
			close(fds[i]);
	}
	for (i = 0; i < n; i++) {
		if (started && started[i])
			pthread_join(tids[i], NULL);
		fds[i] = -1;
	}
	free(started);
	free(tids);
}
