// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_uprobe - uprobes and uretprobes on a function of this very
 * binary: the programs run once per call, in the process named or in
 * any, and not after their fd is closed. A function the binary lacks is
 * refused by name.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "uprobe.h"
#include "test_util.h"

/* What the probes watch; noinline and used, so it stays a function. */
__attribute__((noinline, used)) int bb_uprobe_target(int x)
{
	asm volatile("" : "+r"(x));
	return x + 1;
}

struct counts {
	__u64 entries, returns;
};

static void read_counts(struct __test_metadata *_metadata,
			struct bb_object *obj, struct counts *c)
{
	__u32 zero = 0;

	ASSERT_EQ(0, bb_map_lookup_elem(bb_map__fd(bb_object__find_map(obj,
		".bss")), &zero, c, 0));
}

FIXTURE(uprobe) {
	struct bb_object *obj;
	char exe[PATH_MAX];
	int entry_fd, return_fd;
};

FIXTURE_SETUP(uprobe)
{
	char path[PATH_MAX];
	ssize_t n;

	ASSERT_EQ(0, bb_test_prog_path("uprobe_count", path, sizeof(path)));
	ASSERT_EQ(0, bb_object__open_file(path, NULL, &self->obj));
	ASSERT_EQ(0, bb_object__load(self->obj));
	n = readlink("/proc/self/exe", self->exe, sizeof(self->exe) - 1);
	ASSERT_LT(0, n);
	self->exe[n] = '\0';
	self->entry_fd = bb_program__fd(bb_object__find_program(self->obj,
								"on_entry"));
	self->return_fd = bb_program__fd(bb_object__find_program(self->obj,
								 "on_return"));
}

FIXTURE_TEARDOWN(uprobe)
{
	bb_object__close(self->obj);
}

TEST_F(uprobe, entries_and_returns_are_counted)
{
	struct counts c;
	int a, b, i;

	a = bb_uprobe_attach(self->entry_fd, false, getpid(), self->exe,
			     "bb_uprobe_target", 0);
	ASSERT_LE(0, a);
	b = bb_uprobe_attach(self->return_fd, true, -1, self->exe,
			     "bb_uprobe_target", 0);
	ASSERT_LE(0, b);
	for (i = 0; i < 3; i++)
		bb_uprobe_target(i);
	read_counts(_metadata, self->obj, &c);
	EXPECT_EQ(3, c.entries);
	EXPECT_EQ(3, c.returns);
	close(a);
	close(b);
	bb_uprobe_target(0);
	read_counts(_metadata, self->obj, &c);
	EXPECT_EQ(3, c.entries);	/* detached: no more */
}

/* libbpf's section syntax: PATH:FUNCTION. */
TEST_F(uprobe, attach_by_spec)
{
	char spec[PATH_MAX + 64];
	struct counts c;
	int fd;

	snprintf(spec, sizeof(spec), "%s:bb_uprobe_target", self->exe);
	fd = bb_uprobe_attach_spec(self->entry_fd, false, getpid(), spec);
	ASSERT_LE(0, fd);
	bb_uprobe_target(7);
	read_counts(_metadata, self->obj, &c);
	EXPECT_EQ(1, c.entries);
	close(fd);
	EXPECT_GT(0, bb_uprobe_attach_spec(self->entry_fd, false, -1,
					   "no-colon-here"));
}

TEST_F(uprobe, missing_function_is_refused)
{
	EXPECT_EQ(-ENOENT, bb_uprobe_attach(self->entry_fd, false, -1,
					    self->exe, "bb_no_such_function",
					    0));
	EXPECT_LT(0, bb_elf_func_offset(self->exe, "bb_uprobe_target"));
}

TEST_HARNESS_MAIN
