// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_load_failures - how a load fails: it leaves nothing behind, its
 * message points the right way, and it costs little.
 *
 * This binary defines syscall() itself, so the loader's bpf(2) calls come
 * here first: a test picks one call (the Nth of a bpf command) to fail
 * with an error of its choice, and everything else goes to the C
 * library. Failing each call of a real load in turn shows that every
 * error path closes its fds and takes back its pins; counting the calls
 * shows what a verifier failure costs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "test_util.h"

#define MAX_CMDS	64

static struct {
	int cmd;		/* bpf command to fail, -1: none */
	int nth;		/* which call of it, from 1 */
	int err;		/* errno it fails with */
	int seen[MAX_CMDS];	/* calls per command since the last reset */
} inject = { .cmd = -1 };

static void inject_reset(int cmd, int nth, int err)
{
	memset(&inject, 0, sizeof(inject));
	inject.cmd = cmd;
	inject.nth = nth;
	inject.err = err;
}

long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf && a[0] >= 0 && a[0] < MAX_CMDS &&
	    ++inject.seen[a[0]] == inject.nth && a[0] == inject.cmd) {
		errno = inject.err;
		return -1;
	}
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static int count_fds(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static int open_prog(const char *name, const char *pin_root,
		     struct bb_object **objp)
{
	struct bb_object_opts opts = { .print = quiet, .pin_root = pin_root };

	return bb_test_open_opts(name, &opts, objp);
}

struct log_lines {
	int lines;
	bool has_error;
};

static void count_log(void *ctx, const char *msg)
{
	struct log_lines *l = ctx;

	l->lines += strstr(msg, "verifier log: ") != NULL;
	l->has_error |= strstr(msg, "map_value_or_null") != NULL;
}

/* Load progs/verifier_long_log; return how often BPF_PROG_LOAD ran. */
static int long_log_loads(struct __test_metadata *_metadata, bool whole,
			  struct log_lines *l)
{
	struct bb_object_opts opts = { .print = count_log, .print_ctx = l,
				       .log_whole = whole };
	char path[PATH_MAX];
	struct bb_object *obj;

	memset(l, 0, sizeof(*l));
	EXPECT_EQ(0, bb_test_prog_path("verifier_long_log", path,
				       sizeof(path)));
	EXPECT_EQ(0, bb_object__open_file(path, &opts, &obj));
	inject_reset(-1, 0, 0);
	EXPECT_EQ(-EACCES, bb_object__load(obj));
	bb_object__close(obj);
	return inject.seen[BPF_PROG_LOAD];
}

/*
 * A rejected program is verified twice: without a log, then once with a
 * log that holds the tail we print, however long the whole log is.
 */
TEST(verifier_failure_costs_one_more_load)
{
	struct log_lines l;

	EXPECT_EQ(2, long_log_loads(_metadata, false, &l));
	EXPECT_TRUE(l.has_error);
	EXPECT_GE(21, l.lines);
}

/* Asked for, the whole log: some 3000 lines, still in one retry here. */
TEST(whole_verifier_log_when_asked)
{
	struct log_lines l;

	EXPECT_GE(3, long_log_loads(_metadata, true, &l));
	EXPECT_TRUE(l.has_error);
	EXPECT_LT(3000, l.lines);
}

/*
 * The kernel rejects the BTF, then accepts it on the retry that fetches
 * its log: that second fd must not leak.
 */
TEST(btf_log_retry_leaks_no_fd)
{
	struct bb_object *obj;
	int before;

	ASSERT_EQ(0, open_prog("loader_maps", NULL, &obj));
	before = count_fds();
	inject_reset(BPF_BTF_LOAD, 1, EINVAL);
	ASSERT_EQ(0, bb_object__load(obj));
	EXPECT_EQ(-1, bb_object__btf_fd(obj));
	bb_object__close(obj);
	inject_reset(-1, 0, 0);
	EXPECT_EQ(before, count_fds());
}

/* Fail call @nth of @cmd in a load of @name; check what is left. */
static void fail_one(struct __test_metadata *_metadata, const char *name,
		     const char *pin_root, const char *pin, int cmd, int nth)
{
	struct bb_object *obj;
	struct stat st;
	int before, err;

	ASSERT_EQ(0, open_prog(name, pin_root, &obj));
	before = count_fds();
	inject_reset(cmd, nth, ENOMEM);
	err = bb_object__load(obj);
	inject_reset(-1, 0, 0);
	if (err) {
		EXPECT_EQ(before, count_fds())
			TH_LOG("%s: bpf cmd %d call %d failed", name, cmd, nth);
		EXPECT_NE(0, stat(pin, &st))
			TH_LOG("%s: pin left after cmd %d call %d", name, cmd,
			       nth);
	}
	bb_object__close(obj);
	unlink(pin);
	EXPECT_EQ(before, count_fds());
}

/* Every bpf(2) call of a load, failed in turn. */
TEST(every_failing_call_unwinds)
{
	static const char *const objs[] = { "pinned_map", "loader_maps",
					    "static_maps" };
	char root[64], pin[128];
	int calls[MAX_CMDS], cmd, nth, tried = 0;
	struct bb_object *obj;
	size_t i;

	ASSERT_EQ(0, bb_mount_bpffs("/sys/fs/bpf"));
	snprintf(root, sizeof(root), "/sys/fs/bpf/bb_unwind_%d", getpid());
	snprintf(pin, sizeof(pin), "%s/shared_counter", root);
	ASSERT_EQ(0, mkdir(root, 0700));
	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		/* A clean load first, to count the calls it makes. */
		ASSERT_EQ(0, open_prog(objs[i], root, &obj));
		inject_reset(-1, 0, 0);
		ASSERT_EQ(0, bb_object__load(obj));
		memcpy(calls, inject.seen, sizeof(calls));
		bb_object__close(obj);
		unlink(pin);
		for (cmd = 0; cmd < MAX_CMDS; cmd++) {
			for (nth = 1; nth <= calls[cmd]; nth++, tried++)
				fail_one(_metadata, objs[i], root, pin, cmd,
					 nth);
		}
	}
	rmdir(root);
	EXPECT_LT(10, tried);
	TH_LOG("%d failing calls tried", tried);
}

static int prog_loads;	/* BPF_PROG_LOAD calls of the last load_failing() */

/* Load loader_maps with call @nth of @cmd failing with @err. */
static int load_failing(int cmd, int nth, int err, struct bb_test_msgs *m)
{
	struct bb_object_opts opts = { .print = bb_test_collect,
				       .print_ctx = m };
	struct bb_object *obj;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = bb_test_open_opts("loader_maps", &opts, &obj);
	if (ret)
		return ret;
	inject_reset(cmd, nth, err);
	ret = bb_object__load(obj);
	prog_loads = inject.seen[BPF_PROG_LOAD];
	inject_reset(-1, 0, 0);
	bb_object__close(obj);
	return ret;
}

/*
 * EPERM for a process that holds CAP_BPF is the kernel's own refusal
 * (a program type it does not allow, lockdown, an LSM): the message must
 * not send the user looking for a privilege they have, and the verifier
 * is asked for its log.
 */
TEST(eperm_with_privileges_is_not_about_privileges)
{
	struct bb_test_msgs m;

	EXPECT_EQ(-EPERM, load_failing(BPF_PROG_LOAD, 1, EPERM, &m));
	EXPECT_NE(NULL, strstr(m.text, "Operation not permitted (EPERM)"))
		TH_LOG("%s", m.text);
	EXPECT_EQ(NULL, strstr(m.text, "needs CAP_BPF")) TH_LOG("%s", m.text);
	EXPECT_NE(NULL, strstr(m.text, "refused it for another reason"));
	EXPECT_EQ(2, prog_loads);
}

/* Without the capabilities, EPERM does mean a missing privilege. */
TEST(eperm_without_privileges_names_them)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	struct bb_test_msgs m;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		memset(data, 0, sizeof(data));
		if (syscall(SYS_capset, &hdr, data))
			_exit(2);
		if (load_failing(-1, 0, 0, &m) != -EPERM)
			_exit(3);
		_exit(strstr(m.text, "needs CAP_BPF, or CAP_SYS_ADMIN") ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* Error 524 is the kernel's internal ENOTSUPP: it gets its name. */
TEST(kernel_internal_errno_is_named)
{
	struct bb_test_msgs m;

	EXPECT_EQ(-524, load_failing(BPF_PROG_LOAD, 1, 524, &m));
	EXPECT_NE(NULL, strstr(m.text, "ENOTSUPP, 524")) TH_LOG("%s", m.text);
	EXPECT_EQ(NULL, strstr(m.text, "Unknown error")) TH_LOG("%s", m.text);
}

TEST_HARNESS_MAIN
