// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tracepoint.c - attach BPF programs to tracepoints; see tracepoint.h.
 *
 * A tracepoint program hangs off a perf event of type
 * PERF_TYPE_TRACEPOINT. The kernel keeps the program array in the
 * tracepoint's trace_event_call, not in the perf event, so one event
 * opened on CPU 0 with pid -1 runs the program on every CPU.
 */
#include <ctype.h>
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

/*
 * The name a field declaration ends with: "char comm[16]" -> "comm",
 * "const char * filename" -> "filename". @decl is @len bytes long.
 */
static bool decl_names(const char *decl, size_t len, const char *field)
{
	size_t end = len, start, flen = strlen(field);

	while (end && decl[end - 1] == ' ')
		end--;
	if (end && decl[end - 1] == ']') {	/* an array: drop "[N]" */
		while (end && decl[end - 1] != '[')
			end--;
		if (end)
			end--;
	}
	start = end;
	while (start && (isalnum((unsigned char)decl[start - 1]) ||
			 decl[start - 1] == '_'))
		start--;
	return end - start == flen && !memcmp(decl + start, field, flen);
}

/* "\toffset:24;\tsize:8;\tsigned:0;" after the declaration. */
static int parse_layout(const char *s, struct bb_tp_field *out)
{
	unsigned int off, size, sign;

	if (sscanf(s, " offset:%u; size:%u; signed:%u;", &off, &size,
		   &sign) != 3 || sign > 1)
		return -EINVAL;
	out->offset = off;
	out->size = size;
	out->is_signed = sign;
	return 0;
}

int bb_tp_format_field(const char *format, const char *field,
		       struct bb_tp_field *out)
{
	const char *line, *end, *decl, *semi;

	for (line = format; *line; line = end + !!*end) {
		end = strchrnul(line, '\n');
		decl = memmem(line, end - line, "field:", 6);
		if (!decl)
			continue;
		decl += 6;
		semi = memchr(decl, ';', end - decl);
		if (semi && decl_names(decl, semi - decl, field))
			return parse_layout(semi + 1, out);
	}
	return -ENOENT;
}

/* A format file is some 1-2 KiB; 16 KiB holds any of them. */
#define FORMAT_MAX	16384

int bb_tp_format_read(const char *path, char **text)
{
	ssize_t n, len = 0;
	char *buf;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(FORMAT_MAX);
	if (!buf) {
		err = -ENOMEM;
		goto close_fd;
	}
	while ((n = read(fd, buf + len, FORMAT_MAX - 1 - len)) > 0)
		len += n;
	if (n < 0) {
		err = -errno;
		goto free_buf;
	}
	buf[len] = '\0';
	*text = buf;
	close(fd);
	return 0;

free_buf:
	free(buf);
close_fd:
	close(fd);
	return err;
}

int bb_tracepoint_format(const char *category, const char *name,
			 char **text)
{
	char dir[256], path[512];
	int err;

	if (!valid_component(category) || !valid_component(name))
		return -EINVAL;
	err = bb_tracefs_dir(dir, sizeof(dir));
	if (err)
		return err;
	if ((size_t)snprintf(path, sizeof(path), "%s/events/%s/%s/format",
			     dir, category, name) >= sizeof(path))
		return -ENAMETOOLONG;
	err = bb_tp_format_read(path, text);
	if (err)
		bb_pr(NULL, "cannot read the format of tracepoint %s/%s: %s.",
		      category, name, bb_strerror(err));
	return err;
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
