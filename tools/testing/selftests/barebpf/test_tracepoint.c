// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_tracepoint - attach to tracepoints and raw tracepoints.
 *
 * progs/tp_getpid.bpf.c counts this process's getpid() calls per CPU.
 * The tracepoint's perf event is opened on CPU 0 only, so counting the
 * calls made while pinned to each CPU in turn shows the program runs on
 * every CPU, not just the one of the perf event.
 */
#include <sched.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <linux/magic.h>

#include "kselftest_harness.h"
#include "test_util.h"
#include "tracepoint.h"

#define CALLS	1000

struct tp_cfg {
	__u32 tgid;
	__u32 nr_getpid;
};

FIXTURE(tp) {
	struct bb_object *obj;
	int cfg_fd;
	int counts_fd;
	int attach_fd;
	int ncpus;
};

FIXTURE_SETUP(tp)
{
	struct tp_cfg c = { .tgid = getpid(), .nr_getpid = SYS_getpid };
	__u32 zero = 0;

	self->attach_fd = -1;
	ASSERT_EQ(0, bb_test_open_load("tp_getpid", &self->obj));
	self->cfg_fd = bb_test_map_fd(self->obj, "cfg");
	ASSERT_LE(0, self->cfg_fd);
	self->counts_fd = bb_test_map_fd(self->obj, "counts");
	ASSERT_LE(0, self->counts_fd);
	self->ncpus = bb_num_possible_cpus();
	ASSERT_LT(0, self->ncpus);
	ASSERT_EQ(0, bb_map_update_elem(self->cfg_fd, &zero, &c, BPF_ANY));
}

FIXTURE_TEARDOWN(tp)
{
	if (self->attach_fd >= 0)
		close(self->attach_fd);
	bb_object__close(self->obj);
}

static void call_getpid(int n)
{
	while (n-- > 0)
		syscall(SYS_getpid);
}

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Per-CPU values of counter @key; @vals has room for every CPU. */
static void read_counts(struct __test_metadata *_metadata,
			FIXTURE_DATA(tp) *self, __u32 key, __u64 *vals)
{
	ASSERT_EQ(0, bb_map_lookup_elem(self->counts_fd, &key, vals, 0));
}

static __u64 sum_counts(struct __test_metadata *_metadata,
			FIXTURE_DATA(tp) *self, __u32 key)
{
	__u64 vals[self->ncpus], sum = 0;
	int i;

	read_counts(_metadata, self, key, vals);
	for (i = 0; i < self->ncpus; i++)
		sum += vals[i];
	return sum;
}

static int prog_fd(struct __test_metadata *_metadata,
		   FIXTURE_DATA(tp) *self, const char *name)
{
	int fd = bb_test_prog_fd(self->obj, name);

	ASSERT_LE(0, fd);
	return fd;
}

TEST(tracefs_is_found)
{
	struct statfs st;
	char dir[256];

	ASSERT_EQ(0, bb_tracefs_dir(dir, sizeof(dir)));
	ASSERT_EQ(0, statfs(dir, &st));
	ASSERT_EQ(TRACEFS_MAGIC, st.f_type) TH_LOG("%s is not tracefs", dir);
}

TEST_F(tp, counts_exactly_on_every_cpu)
{
	int expect[self->ncpus], cpu, pinned = 0;
	struct bpf_link_info info;
	__u64 vals[self->ncpus];
	__u32 len = sizeof(info);
	cpu_set_t allowed;

	self->attach_fd = bb_tracepoint_attach(prog_fd(_metadata, self,
			"count_getpid"), "syscalls", "sys_enter_getpid");
	ASSERT_LE(0, self->attach_fd);
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, bb_obj_get_info_by_fd(self->attach_fd, &info, &len))
		TH_LOG("attach fd is not a BPF link (ioctl fallback?)");
	EXPECT_EQ(BPF_LINK_TYPE_PERF_EVENT, info.type);

	ASSERT_EQ(0, sched_getaffinity(0, sizeof(allowed), &allowed));
	memset(expect, 0, sizeof(expect));
	for (cpu = 0; cpu < self->ncpus; cpu++) {
		if (!CPU_ISSET(cpu, &allowed) || pin_to(cpu))
			continue;
		/* A different count per CPU, so a mix-up shows. */
		expect[cpu] = CALLS + cpu;
		call_getpid(expect[cpu]);
		pinned++;
	}
	ASSERT_LT(0, pinned);
	read_counts(_metadata, self, 0, vals);
	for (cpu = 0; cpu < self->ncpus; cpu++) {
		EXPECT_EQ(expect[cpu], vals[cpu]) TH_LOG("CPU %d", cpu);
	}
	TH_LOG("counted getpid() exactly on %d CPUs", pinned);
}

TEST_F(tp, close_detaches)
{
	self->attach_fd = bb_tracepoint_attach(prog_fd(_metadata, self,
			"count_getpid"), "syscalls", "sys_enter_getpid");
	ASSERT_LE(0, self->attach_fd);
	call_getpid(10);
	ASSERT_EQ(0, close(self->attach_fd));
	self->attach_fd = -1;
	call_getpid(10);
	ASSERT_EQ(10, sum_counts(_metadata, self, 0));
}

/* Attachments of two kinds, detached together: neither fires after. */
TEST_F(tp, detach_all_detaches_every_attachment)
{
	int fds[2];

	fds[0] = bb_tracepoint_attach(prog_fd(_metadata, self,
			"count_getpid"), "syscalls", "sys_enter_getpid");
	fds[1] = bb_raw_tracepoint_attach(prog_fd(_metadata, self,
			"count_raw_getpid"), "sys_enter");
	ASSERT_LE(0, fds[0]);
	ASSERT_LE(0, fds[1]);
	call_getpid(10);
	bb_detach_all(fds, 2);
	EXPECT_EQ(-1, fds[0]);
	EXPECT_EQ(-1, fds[1]);
	call_getpid(10);
	EXPECT_EQ(10, sum_counts(_metadata, self, 0));
	EXPECT_EQ(10, sum_counts(_metadata, self, 1));
}

TEST_F(tp, missing_tracepoint_is_named)
{
	struct bb_test_capture cap = { -1, -1 };
	char msg[512];
	int fd;

	ASSERT_EQ(0, bb_test_capture_start(&cap));
	fd = bb_tracepoint_attach(prog_fd(_metadata, self, "count_getpid"),
				  "syscalls", "sys_enter_bb_no_such_call");
	bb_test_capture_end(&cap, msg, sizeof(msg));
	ASSERT_EQ(-ENOENT, fd);
	ASSERT_NE(NULL, strstr(msg,
		"tracepoint syscalls/sys_enter_bb_no_such_call does not exist"));
}

TEST_F(tp, bad_names_are_refused)
{
	struct bb_test_capture cap = { -1, -1 };
	char msg[512];
	int pfd = prog_fd(_metadata, self, "count_getpid");

	ASSERT_EQ(0, bb_test_capture_start(&cap));
	EXPECT_EQ(-EINVAL, bb_tracepoint_attach(pfd, "..", "syscalls"));
	EXPECT_EQ(-EINVAL, bb_tracepoint_attach(pfd, "syscalls",
						"../syscalls/sys_enter_getpid"));
	EXPECT_EQ(-EINVAL, bb_tracepoint_attach(pfd, "", "x"));
	bb_test_capture_end(&cap, msg, sizeof(msg));
	ASSERT_NE(NULL, strstr(msg, "is not a valid category/name pair"));
}

TEST_F(tp, raw_tracepoint_counts_exactly)
{
	self->attach_fd = bb_raw_tracepoint_attach(prog_fd(_metadata, self,
			"count_raw_getpid"), "sys_enter");
	ASSERT_LE(0, self->attach_fd);
	call_getpid(CALLS);
	ASSERT_EQ(0, close(self->attach_fd));
	self->attach_fd = -1;
	call_getpid(5);
	ASSERT_EQ(CALLS, sum_counts(_metadata, self, 1));
}

TEST_F(tp, missing_raw_tracepoint_is_named)
{
	struct bb_test_capture cap = { -1, -1 };
	char msg[512];
	int fd;

	ASSERT_EQ(0, bb_test_capture_start(&cap));
	fd = bb_raw_tracepoint_attach(prog_fd(_metadata, self,
			"count_raw_getpid"), "bb_no_such_raw_tp");
	bb_test_capture_end(&cap, msg, sizeof(msg));
	ASSERT_EQ(-ENOENT, fd);
	ASSERT_NE(NULL, strstr(msg,
		"raw tracepoint bb_no_such_raw_tp does not exist"));
}

/*
 * Linux 6.1's sched_process_exit record, as its tracefs printed it, and
 * two declarations of other shapes: the parser finds each field by the
 * name its declaration ends with.
 */
static const char format_6_1[] =
"name: sched_process_exit\n"
"ID: 306\n"
"format:\n"
"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
"\n"
"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
"\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
"\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n"
"\tfield:const char * filename;\toffset:32;\tsize:8;\tsigned:0;\n"
"\tfield:__data_loc char[] name;\toffset:40;\tsize:4;\tsigned:0;\n"
"\n"
"print fmt: \"comm=%s pid=%d prio=%d\", REC->comm, REC->pid, REC->prio\n";

TEST(format_fields_found_by_name)
{
	struct bb_tp_field f;

	ASSERT_EQ(0, bb_tp_format_field(format_6_1, "comm", &f));
	EXPECT_EQ(8, f.offset);
	EXPECT_EQ(16, f.size);
	ASSERT_EQ(0, bb_tp_format_field(format_6_1, "pid", &f));
	EXPECT_EQ(24, f.offset);
	EXPECT_EQ(4, f.size);
	EXPECT_TRUE(f.is_signed);
	ASSERT_EQ(0, bb_tp_format_field(format_6_1, "filename", &f));
	EXPECT_EQ(32, f.offset);
	ASSERT_EQ(0, bb_tp_format_field(format_6_1, "name", &f));
	EXPECT_EQ(40, f.offset);
	/* Not a suffix match: "id" is not "pid", "common" is no field. */
	EXPECT_EQ(-ENOENT, bb_tp_format_field(format_6_1, "id", &f));
	EXPECT_EQ(-ENOENT, bb_tp_format_field(format_6_1, "common", &f));
	EXPECT_EQ(-ENOENT, bb_tp_format_field(format_6_1, "group_dead", &f));
	EXPECT_EQ(-ENOENT, bb_tp_format_field("", "pid", &f));
	EXPECT_EQ(-EINVAL, bb_tp_format_field("field:int x;\toffset:z;",
					      "x", &f));
}

/* The running kernel's own file, read from tracefs. */
TEST(format_of_running_kernel)
{
	struct bb_tp_field f;
	char *text = NULL;

	ASSERT_EQ(0, bb_tracepoint_format("sched", "sched_process_exit",
					  &text));
	EXPECT_EQ(0, bb_tp_format_field(text, "pid", &f));
	EXPECT_EQ(24, f.offset);
	EXPECT_EQ(4, f.size);
	free(text);
	EXPECT_EQ(-ENOENT, bb_tracepoint_format("sched", "bb_no_such_event",
						&text));
	EXPECT_EQ(-EINVAL, bb_tracepoint_format("..", "x", &text));
}

/* A BTF-typed tracepoint: attach point found in the kernel's BTF. */
TEST(tp_btf_counts_exactly)
{
	struct bb_object *obj;
	struct bb_map *bss;
	struct {
		__u32 target_tgid;
		__u32 pad;
		__u64 hits;
	} *g, out;
	char path[4096];
	__u32 zero = 0;
	int fd;

	ASSERT_EQ(0, bb_test_prog_path("tp_btf_getpid", path, sizeof(path)));
	ASSERT_EQ(0, bb_object__open_file(path, NULL, &obj));
	bss = bb_object__find_map(obj, ".bss");
	ASSERT_NE(NULL, bss);
	g = bb_map__initial_value(bss, NULL);
	ASSERT_NE(NULL, g);
	g->target_tgid = getpid();
	ASSERT_EQ(0, bb_object__load(obj));
	fd = bb_tracing_attach(bb_program__fd(
		bb_object__find_program(obj, "on_sys_enter")), "tp_btf/sys_enter");
	ASSERT_LE(0, fd);
	call_getpid(CALLS);
	close(fd);
	call_getpid(5);
	ASSERT_EQ(0, bb_map_lookup_elem(bb_map__fd(bss), &zero, &out, 0));
	EXPECT_EQ(CALLS, out.hits);
	bb_object__close(obj);
}

/* fentry/fexit name a kernel function; an unknown one is named. */
TEST(unknown_btf_function_is_named)
{
	struct bb_test_capture cap = { -1, -1 };
	char msg[512], path[4096];
	struct bb_object *obj;
	int err;

	ASSERT_EQ(0, bb_test_prog_path("fentry_missing", path, sizeof(path)));
	ASSERT_EQ(0, bb_object__open_file(path, NULL, &obj));
	ASSERT_EQ(0, bb_test_capture_start(&cap));
	err = bb_object__load(obj);
	bb_test_capture_end(&cap, msg, sizeof(msg));
	EXPECT_EQ(-ENOENT, err);
	EXPECT_NE(NULL, strstr(msg,
		"vmlinux's BTF has no function bb_no_such_function to attach to"));
	bb_object__close(obj);
}

TEST_HARNESS_MAIN
