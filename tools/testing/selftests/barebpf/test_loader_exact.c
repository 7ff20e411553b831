// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_loader_exact - the loader loads an object exactly or not at all.
 * Static maps reach their own map; 'values' fill prog arrays and maps
 * of maps; what the loader does not apply (iproute2's map fields) stops
 * the load with one message naming the map and the feature; a failed load takes back the
 * pins it made; SEC("?...") programs load only when asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "perf_buffer.h"
#include "ringbuf.h"
#include "tracepoint.h"
#include "xdp.h"
#include "test_util.h"

static __u64 map_value0(struct bb_object *obj, const char *name)
{
	__u32 key = 0;
	__u64 v = ~0ULL;

	bb_map_lookup_elem(bb_map__fd(bb_object__find_map(obj, name)), &key,
			   &v, 0);
	return v;
}

/* Two static maps of each kind in one section: each gets its own value. */
TEST(static_maps_bind_by_offset)
{
	struct bb_test_run_opts o = { 0 };
	struct bb_object *obj;
	char pkt[64] = { 0 };
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("static_maps", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	o.data_in = pkt;
	o.data_size_in = sizeof(pkt);
	ASSERT_EQ(0, bb_prog_test_run(bb_program__fd(
		bb_object__find_program(obj, "bump")), &o));
	EXPECT_EQ(1, map_value0(obj, "btf_first"));
	EXPECT_EQ(2, map_value0(obj, "btf_second"));
	EXPECT_EQ(10, map_value0(obj, "legacy_first"));
	EXPECT_EQ(20, map_value0(obj, "legacy_second"));
	bb_object__close(obj);
}

/* What bpfobj info shows: the offset the relocation named. */
TEST(static_map_relocations_name_their_map)
{
	const struct bb_reloc_info *r;
	struct bb_program *prog;
	struct bb_object *obj;
	int seen = 0;
	size_t i;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("static_maps", &m, &obj));
	prog = bb_object__find_program(obj, "bump");
	ASSERT_NE(NULL, prog);
	for (i = 0; i < bb_program__reloc_count(prog); i++) {
		r = bb_program__reloc(prog, i);
		if (r->kind != BB_RELOC_MAP_FD)
			continue;
		/* the symbol is the section; the map comes from the offset */
		EXPECT_EQ(0, strcmp(r->sym_name, bb_map__section(
			bb_object__find_map(obj, r->target))));
		seen++;
	}
	EXPECT_EQ(4, seen);
	bb_object__close(obj);
}

/* Load fails with -EOPNOTSUPP and a message holding @want; nothing made. */
static void expect_refused(struct __test_metadata *_metadata,
			   struct bb_object *obj, struct bb_test_msgs *m,
			   const char *want)
{
	size_t i;

	EXPECT_EQ(-EOPNOTSUPP, bb_object__load(obj));
	EXPECT_NE(NULL, strstr(m->text, want)) TH_LOG("messages:\n%s", m->text);
	EXPECT_EQ(1, m->count) TH_LOG("messages:\n%s", m->text);
	for (i = 0; i < bb_object__map_count(obj); i++) {
		EXPECT_EQ(-1, bb_map__fd(bb_object__map(obj, i)));
	}
	for (i = 0; i < bb_object__program_count(obj); i++) {
		EXPECT_EQ(-1, bb_program__fd(bb_object__program(obj, i)));
	}
}

/*
 * CO-RE relocations in a program and in a .text function it calls are
 * applied (test_core.c has the details): both read the running
 * kernel's task_struct fields, not the object's made-up offsets 0, 4.
 */
TEST(core_relocations_applied_in_programs_and_subprograms)
{
	const struct bb_core_result *r;
	struct bb_object *obj;
	struct bb_test_msgs m;
	size_t i;
	int seen = 0;

	ASSERT_EQ(0, bb_test_open_msgs("core_reloc", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	for (i = 0; i < bb_object__core_result_count(obj); i++) {
		r = bb_object__core_result(obj, i);
		EXPECT_NE(r->orig_val, r->new_val) TH_LOG("%s", r->local);
		if (!strcmp(r->func, "reads_pid"))
			seen |= 1;
		if (!strcmp(r->func, "read_tgid"))
			seen |= 2;
	}
	EXPECT_EQ(3, seen);
	bb_object__close(obj);
}

/* Programs that never reach a CO-RE record load as before. */
TEST(programs_without_core_load)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("core_reloc", &m, &obj));
	bb_program__set_autoload(bb_object__find_program(obj, "reads_pid"),
				 false);
	bb_program__set_autoload(bb_object__find_program(obj, "reads_tgid"),
				 false);
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	EXPECT_LE(0, bb_program__fd(bb_object__find_program(obj,
							      "reads_nothing")));
	bb_object__close(obj);
}

static __u32 run_prog(struct __test_metadata *_metadata,
			struct bb_object *obj, const char *name)
{
	struct bb_test_run_opts o = { 0 };
	char pkt[64] = { 0 };

	o.data_in = pkt;
	o.data_size_in = sizeof(pkt);
	EXPECT_EQ(0, bb_prog_test_run(bb_program__fd(
		bb_object__find_program(obj, name)), &o));
	return o.retval;
}

/* 'values' of a prog array: slot 1 holds tail(), so entry() returns 1. */
TEST(prog_array_values_are_filled)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("map_values", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	EXPECT_EQ(1, run_prog(_metadata, obj, "entry"));
	bb_object__close(obj);
}

/* A slot that names a program not loaded: the load fails, naming it. */
TEST(prog_array_slot_without_its_program)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("map_values", &m, &obj));
	bb_program__set_autoload(bb_object__find_program(obj, "tail"), false);
	EXPECT_EQ(-ENOENT, bb_object__load(obj));
	EXPECT_NE(NULL, strstr(m.text, "map jumps: slot 1 names tail, which is not loaded."))
		TH_LOG("%s", m.text);
	EXPECT_EQ(-1, bb_map__fd(bb_object__find_map(obj, "jumps")));
	bb_object__close(obj);
}

/* Maps of maps: both outer maps reach inner_b through their 'values'. */
TEST(map_of_maps_values_are_filled)
{
	struct bb_object *obj;
	__u64 val = 21;
	__u32 zero = 0;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("map_in_map", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	ASSERT_EQ(0, bb_map_update_elem(bb_map__fd(bb_object__find_map(obj,
		"inner_b")), &zero, &val, BPF_ANY));
	EXPECT_EQ(42, run_prog(_metadata, obj, "read_inner"));
	EXPECT_EQ(BPF_MAP_TYPE_ARRAY_OF_MAPS, bb_map__type(
		bb_object__find_map(obj, "outer_array")));
	EXPECT_EQ(4, bb_map__value_size(bb_object__find_map(obj,
							    "outer_hash")));
	bb_object__close(obj);
}

TEST(iproute2_map_fields_refused)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("legacy_elf_map", &m, &obj));
	expect_refused(_metadata, obj, &m, "map tc_counts: its definition has non-zero fields past struct bpf_map_def");
	bb_object__close(obj);
}

/* Wider legacy definitions whose extra fields are zero ask for nothing. */
TEST(zero_legacy_fields_load)
{
	struct bb_object *obj;
	struct bb_map *map;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("legacy_wide_map", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	map = bb_object__find_map(obj, "wide");
	ASSERT_NE(NULL, map);
	EXPECT_EQ(2, bb_map__max_entries(map));
	bb_object__close(obj);
}

/* prepare() refuses the same way, without privileges or kernel objects. */
TEST(prepare_refuses_before_any_kernel_object)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("legacy_elf_map", &m, &obj));
	EXPECT_EQ(-EOPNOTSUPP, bb_object__prepare(obj));
	EXPECT_EQ(-1, bb_object__btf_fd(obj));
	bb_object__close(obj);
	ASSERT_EQ(0, bb_test_open_msgs("static_maps", &m, &obj));
	EXPECT_EQ(0, bb_object__prepare(obj)) TH_LOG("%s", m.text);
	EXPECT_EQ(0, m.count);
	bb_object__close(obj);
}

FIXTURE(pins) {
	char root[64];
	char path[128];
};

FIXTURE_SETUP(pins)
{
	ASSERT_EQ(0, bb_mount_bpffs("/sys/fs/bpf"));
	snprintf(self->root, sizeof(self->root),
		 "/sys/fs/bpf/bb_test_exact_%d", getpid());
	snprintf(self->path, sizeof(self->path), "%s/fail_pinned",
		 self->root);
	ASSERT_EQ(0, mkdir(self->root, 0700));
}

FIXTURE_TEARDOWN(pins)
{
	unlink(self->path);
	rmdir(self->root);
}

static int open_pinned_fail(struct _test_data_pins *self,
			    struct bb_test_msgs *m, struct bb_object **objp)
{
	struct bb_object_opts opts = {
		.print = bb_test_collect, .print_ctx = m, .pin_root = self->root,
	};

	memset(m, 0, sizeof(*m));
	return bb_test_open_opts("pinned_fail", &opts, objp);
}

TEST_F(pins, failed_load_removes_its_pins)
{
	struct bb_object *obj;
	struct stat st;
	struct bb_test_msgs m;

	ASSERT_EQ(0, open_pinned_fail(self, &m, &obj));
	EXPECT_EQ(-EACCES, bb_object__load(obj));
	EXPECT_EQ(-1, stat(self->path, &st)) TH_LOG("pin %s left behind",
						    self->path);
	bb_object__close(obj);
}

/* A pin that was there before belongs to someone else: it stays. */
TEST_F(pins, failed_load_keeps_pins_it_reused)
{
	struct bb_object *obj;
	struct stat st;
	struct bb_test_msgs m;
	int fd;

	fd = bb_map_create(BPF_MAP_TYPE_HASH, "fail_pinned", 4, 8, 1, NULL);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bb_obj_pin(fd, self->path));
	close(fd);
	ASSERT_EQ(0, open_pinned_fail(self, &m, &obj));
	EXPECT_EQ(-EACCES, bb_object__load(obj));
	EXPECT_EQ(0, stat(self->path, &st));
	bb_object__close(obj);
}

TEST(optional_programs_load_when_asked)
{
	struct bb_program *sock, *unknown;
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("optional", &m, &obj));
	sock = bb_object__find_program(obj, "maybe_socket");
	unknown = bb_object__find_program(obj, "maybe_unknown");
	ASSERT_NE(NULL, sock);
	ASSERT_NE(NULL, unknown);
	EXPECT_EQ(BPF_PROG_TYPE_SOCKET_FILTER, bb_program__type(sock));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	EXPECT_EQ(-1, bb_program__fd(sock));
	EXPECT_LE(0, bb_program__fd(bb_object__find_program(obj, "always")));
	bb_object__close(obj);

	ASSERT_EQ(0, bb_test_open_msgs("optional", &m, &obj));
	bb_program__set_autoload(bb_object__find_program(obj, "maybe_socket"),
				 true);
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	EXPECT_LE(0, bb_program__fd(bb_object__find_program(obj,
							      "maybe_socket")));
	bb_object__close(obj);
}

TEST(unknown_optional_section_explains_the_question_mark)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("optional", &m, &obj));
	bb_program__set_autoload(bb_object__find_program(obj,
							 "maybe_unknown"),
				 true);
	expect_refused(_metadata, obj, &m,
		       "program maybe_unknown: section ?bb_no_such_type names no program type the loader knows (a leading '?' only means: not loaded unless asked).");
	bb_object__close(obj);
}

/* No license section: no license, and no GPL-only helpers. */
TEST(missing_license_is_no_license)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("no_license", &m, &obj));
	EXPECT_STREQ("", bb_object__license(obj));
	EXPECT_EQ(-EINVAL, bb_object__load(obj));
	EXPECT_NE(NULL, strstr(m.text, "GPL")) TH_LOG("%s", m.text);
	bb_object__close(obj);
}

/* Index of the first ALU instruction adding @imm in the translated program. */
static int find_add(const struct bpf_insn *insns, __u32 n, __s32 imm)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (BPF_CLASS(insns[i].code) == BPF_ALU &&
		    BPF_OP(insns[i].code) == BPF_ADD && insns[i].imm == imm)
			return i;
	return -1;
}

/*
 * Subprograms are appended depth first, as libbpf does: a() and the b()
 * it calls before d(), which order() calls after a().
 */
TEST(subprograms_appended_depth_first)
{
	struct bpf_insn insns[256];
	struct bpf_prog_info info;
	struct bb_object *obj;
	__u32 len = sizeof(info), n;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("subprog_order", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(insns);
	info.xlated_prog_insns = (__u64)(unsigned long)insns;
	ASSERT_EQ(0, bb_obj_get_info_by_fd(bb_program__fd(
		bb_object__find_program(obj, "order")), &info, &len));
	n = info.xlated_prog_len / sizeof(insns[0]);
	ASSERT_LT(0, find_add(insns, n, 1000));
	EXPECT_LT(find_add(insns, n, 1000), find_add(insns, n, 2000));
	EXPECT_LT(find_add(insns, n, 2000), find_add(insns, n, 3000));
	bb_object__close(obj);
}

/* A hidden function is verified in its caller's context, as libbpf has it. */
TEST(hidden_functions_are_verified_as_static)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("hidden_func", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	EXPECT_EQ(42, run_prog(_metadata, obj, "calls_hidden"));
	bb_object__close(obj);
}

/* Ring buffer sizes round up to a power-of-2 number of pages. */
TEST(ring_buffer_sizes_round_up_to_pages)
{
	long page = sysconf(_SC_PAGE_SIZE);
	struct bb_object *obj;
	struct bb_map *ring;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("hidden_func", &m, &obj));
	ring = bb_object__find_map(obj, "odd_ring");
	ASSERT_NE(NULL, ring);
	EXPECT_EQ(page, bb_map__max_entries(ring));
	ASSERT_EQ(0, bb_map__set_max_entries(ring, 3 * page));
	EXPECT_EQ(4 * page, bb_map__max_entries(ring));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	bb_object__close(obj);
}

TEST(kernel_internal_errors_have_names)
{
	EXPECT_NE(NULL, strstr(bb_strerror(-524), "ENOTSUPP"));
	EXPECT_NE(NULL, strstr(bb_strerror(524), "524"));
	EXPECT_EQ(NULL, strstr(bb_strerror(-524), "Unknown error"));
	EXPECT_NE(NULL, strstr(bb_strerror(-EPERM), "EPERM"));
	EXPECT_NE(NULL, strstr(bb_strerror(-512), "ERESTARTSYS"));
}

static int sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)ctx;
	(void)cpu;
	(void)data;
	(void)size;
	return 0;
}

static int rb_sample(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	(void)size;
	return 0;
}

/*
 * Messages that belong to no object reach the sink set with
 * bb_set_print(); nothing in the loader writes to stderr by itself.
 */
TEST(library_messages_follow_bb_set_print)
{
	struct bb_perf_buffer *pb;
	struct bb_object *obj;
	struct bb_ringbuf *rb;
	int fds[2], saved;
	char buf[256];
	struct bb_test_msgs m;

	memset(&m, 0, sizeof(m));
	ASSERT_EQ(0, pipe2(fds, O_NONBLOCK));
	saved = dup(STDERR_FILENO);
	ASSERT_LE(0, saved);
	dup2(fds[1], STDERR_FILENO);
	bb_set_print(bb_test_collect, &m);
	EXPECT_GT(0, bb_tracepoint_id("bb_no_such_category", "nothing"));
	EXPECT_GT(0, bb_ifindex("bbnosuchif0"));
	EXPECT_GT(0, bb_perf_buffer__new(-1, 8, sample, NULL, NULL, NULL,
					 &pb));
	EXPECT_GT(0, bb_ringbuf__new(-1, rb_sample, NULL, &rb));
	EXPECT_GT(0, bb_object__open_file("/bb/no/such/object.o", NULL,
					  &obj));
	bb_set_print(NULL, NULL);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	EXPECT_GE(0, read(fds[0], buf, sizeof(buf)));
	close(fds[0]);
	EXPECT_LE(5, m.count) TH_LOG("%s", m.text);
	EXPECT_NE(NULL, strstr(m.text, "barebpf: ")) TH_LOG("%s", m.text);
}

TEST_HARNESS_MAIN
