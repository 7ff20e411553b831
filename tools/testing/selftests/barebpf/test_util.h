/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * test_util.h - small helpers shared by the barebpf selftests.
 *
 * Test programs live beside the test binary:
 *	dirname(readlink("/proc/self/exe"))/progs/NAME.bpf.o
 * and the tools' objects in bpf/ beside it (a kselftest output
 * directory) or in ../bpf (this tree's build directory).
 * Everything here returns 0 or -errno, prints one line on failure and
 * keeps no state, so it is safe to use from any test or fixture.
 */
#ifndef BB_TEST_UTIL_H
#define BB_TEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "barebpf.h"

/* Directory holding this executable. */
static inline int bb_test_exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return -EINVAL;
	*slash = '\0';
	return 0;
}

/* Path of progs/@name.bpf.o next to this executable (".bpf.o" optional). */
static inline int bb_test_prog_path(const char *name, char *buf, size_t len)
{
	const char *suffix = ".bpf.o";
	size_t nlen = strlen(name), slen = strlen(suffix);
	char dir[4096];
	int n;

	n = bb_test_exe_dir(dir, sizeof(dir));
	if (n)
		return n;
	if (nlen >= slen && !strcmp(name + nlen - slen, suffix))
		suffix = "";
	n = snprintf(buf, len, "%s/progs/%s%s", dir, name, suffix);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Directory of the tools' BPF objects; see the top of this file. */
static inline int bb_test_tool_obj_dir(char *buf, size_t len)
{
	size_t n;
	int err;

	err = bb_test_exe_dir(buf, len);
	if (err)
		return err;
	n = strlen(buf);
	if (n + sizeof("/../bpf") > len)
		return -ENAMETOOLONG;
	strcpy(buf + n, "/bpf");
	if (access(buf, F_OK))
		strcpy(buf + n, "/../bpf");
	return 0;
}

/* Open progs/@name.bpf.o with @opts; *objp is left alone on failure. */
static inline int bb_test_open_opts(const char *name,
				    const struct bb_object_opts *opts,
				    struct bb_object **objp)
{
	char path[4096];
	int err = bb_test_prog_path(name, path, sizeof(path));

	return err ? err : bb_object__open_file(path, opts, objp);
}

/* What an object said through its print callback, to check messages. */
struct bb_test_msgs {
	char text[1 << 16];
	size_t len;
	int count;	/* messages, including those that did not fit */
};

static inline void bb_test_collect(void *ctx, const char *msg)
{
	struct bb_test_msgs *m = ctx;
	int n = snprintf(m->text + m->len, sizeof(m->text) - m->len, "%s\n",
			 msg);

	if (n > 0 && m->len + n < sizeof(m->text))
		m->len += n;
	m->count++;
}

/* Open progs/@name.bpf.o with its messages collected into a cleared @m. */
static inline int bb_test_open_msgs(const char *name, struct bb_test_msgs *m,
				    struct bb_object **objp)
{
	struct bb_object_opts opts = { .print = bb_test_collect,
				       .print_ctx = m };

	memset(m, 0, sizeof(*m));
	return bb_test_open_opts(name, &opts, objp);
}

/* Open and load progs/@name.bpf.o; *objp is NULL on failure. */
static inline int bb_test_open_load(const char *name, struct bb_object **objp)
{
	char path[4096];
	int err;

	*objp = NULL;
	err = bb_test_prog_path(name, path, sizeof(path));
	if (err) {
		fprintf(stderr, "barebpf: test object %s: path too long.\n",
			name);
		return err;
	}
	err = bb_object__open_file(path, NULL, objp);
	if (err)
		return err;
	err = bb_object__load(*objp);
	if (err) {
		bb_object__close(*objp);
		*objp = NULL;
	}
	return err;
}

/* fd of program @name in @obj, or -ENOENT after saying so. */
static inline int bb_test_prog_fd(const struct bb_object *obj,
				  const char *name)
{
	struct bb_program *prog = bb_object__find_program(obj, name);

	if (!prog) {
		fprintf(stderr, "barebpf: test object %s has no program %s.\n",
			bb_object__name(obj), name);
		return -ENOENT;
	}
	return bb_program__fd(prog);
}

/* fd of map @name in @obj, or -ENOENT after saying so. */
static inline int bb_test_map_fd(const struct bb_object *obj,
				 const char *name)
{
	struct bb_map *map = bb_object__find_map(obj, name);

	if (!map) {
		fprintf(stderr, "barebpf: test object %s has no map %s.\n",
			bb_object__name(obj), name);
		return -ENOENT;
	}
	return bb_map__fd(map);
}

/* Kernel id of the program or map behind @fd (0 on error). */
static inline __u32 bb_test_prog_id(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bb_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/*
 * Capture what the code under test prints on stderr, to check its
 * error messages:
 *
 *	struct bb_test_capture cap;
 *	bb_test_capture_start(&cap);
 *	err = thing_that_fails();
 *	bb_test_capture_end(&cap, buf, sizeof(buf));
 *	ASSERT_NE(NULL, strstr(buf, "does not exist"));
 */
struct bb_test_capture {
	int saved_fd;	/* the real stderr */
	int mem_fd;	/* where stderr goes meanwhile */
};

static inline int bb_test_capture_start(struct bb_test_capture *cap)
{
	cap->saved_fd = -1;
	fflush(stderr);
	cap->mem_fd = memfd_create("bb-stderr", MFD_CLOEXEC);
	if (cap->mem_fd < 0)
		return -errno;
	cap->saved_fd = dup(STDERR_FILENO);
	if (cap->saved_fd < 0 || dup2(cap->mem_fd, STDERR_FILENO) < 0) {
		if (cap->saved_fd >= 0)
			close(cap->saved_fd);
		close(cap->mem_fd);
		cap->saved_fd = -1;
		return -EBADF;
	}
	return 0;
}

/* Restore stderr and put what was printed (NUL-terminated) in @buf. */
static inline int bb_test_capture_end(struct bb_test_capture *cap, char *buf,
				      size_t len)
{
	ssize_t n;

	buf[0] = '\0';
	if (cap->saved_fd < 0)
		return -EBADF;	/* bb_test_capture_start() failed */
	fflush(stderr);
	dup2(cap->saved_fd, STDERR_FILENO);
	close(cap->saved_fd);
	n = pread(cap->mem_fd, buf, len - 1, 0);
	close(cap->mem_fd);
	buf[n > 0 ? n : 0] = '\0';
	/* Echo it, so the TAP log still shows what the library said. */
	if (n > 0)
		fprintf(stderr, "# captured: %s", buf);
	return n < 0 ? -errno : 0;
}

#endif /* BB_TEST_UTIL_H */
