// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_core - CO-RE relocations, against a kernel we made up and
 * against the running one.
 *
 * progs/core_kinds.bpf.c is relocated against core_target.btf, the BTF
 * of progs/core_target.bpf.c, whose types differ from the program's in
 * known ways (fields moved, widened, renamed, in an anonymous union, a
 * flavoured struct name, a renumbered enum). The program is then run:
 * what it stores shows every relocated constant, and its loads of buf
 * show that offsets and access sizes were patched together. Nothing here
 * depends on the running kernel's types except the last two tests.
 */
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "test_util.h"
#include "progs/core_kinds.h"

FIXTURE(core) {
	struct bb_object *obj;
	struct bb_test_msgs msgs;
	char btf[PATH_MAX];
};

FIXTURE_SETUP(core)
{
	struct bb_object_opts o = { .print = bb_test_collect,
				    .print_ctx = &self->msgs,
				    .kernel_btf = self->btf };
	char path[PATH_MAX];

	ASSERT_EQ(0, bb_test_prog_path("core_target.btf", self->btf,
				       sizeof(self->btf)));
	/* bb_test_prog_path() appends .bpf.o to names without it */
	self->btf[strlen(self->btf) - strlen(".bpf.o")] = '\0';
	ASSERT_EQ(0, bb_test_prog_path("core_kinds", path, sizeof(path)));
	ASSERT_EQ(0, bb_object__open_file(path, &o, &self->obj));
}

FIXTURE_TEARDOWN(core)
{
	bb_object__close(self->obj);
}

static __u64 u64_at(const unsigned char *p)
{
	__u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static __u32 u32_at(const unsigned char *p)
{
	__u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Fill buf, run kinds() once, read out[]. */
static void run_kinds(struct __test_metadata *_metadata,
		      struct bb_object *obj, unsigned char *buf, __u64 *out)
{
	struct bb_test_run_opts o = { 0 };
	char pkt[64] = { 0 };
	__u32 zero = 0, i;
	unsigned char val[128];

	for (i = 0; i < sizeof(val); i++)
		val[i] = buf[i] = i * 7 + 3;
	ASSERT_EQ(0, bb_map_update_elem(bb_map__fd(bb_object__find_map(obj,
		".data.buf")), &zero, val, BPF_ANY));
	o.data_in = pkt;
	o.data_size_in = sizeof(pkt);
	ASSERT_EQ(0, bb_prog_test_run(bb_program__fd(
		bb_object__find_program(obj, "kinds")), &o));
	ASSERT_EQ(0, bb_map_lookup_elem(bb_map__fd(bb_object__find_map(obj,
		".bss")), &zero, out, 0));
}

/* The result of the relocation at instruction @insn of program @func. */
static const struct bb_core_result *result(struct bb_object *obj,
					   const char *kind, const char *local)
{
	const struct bb_core_result *r;
	size_t i;

	for (i = 0; i < bb_object__core_result_count(obj); i++) {
		r = bb_object__core_result(obj, i);
		if (!strcmp(r->kind, kind) && strstr(r->local, local))
			return r;
	}
	return NULL;
}

TEST_F(core, every_kind_relocates_to_the_target)
{
	unsigned char buf[128];
	__u64 out[OUT_NR];
	const struct bb_core_result *id;

	ASSERT_EQ(0, bb_object__load(self->obj)) TH_LOG("%s", self->msgs.text);
	run_kinds(_metadata, self->obj, buf, out);
	EXPECT_EQ(8, out[OUT_A_OFF]);		/* moved */
	EXPECT_EQ(0, out[OUT_B_EXISTS]);	/* gone */
	EXPECT_EQ((__s32)u32_at(buf + 8), (__s64)out[OUT_A]);
	EXPECT_EQ(u64_at(buf + 16), out[OUT_U]);	/* 4 -> 8 bytes */
	EXPECT_EQ(8, out[OUT_U_SIZE]);
	EXPECT_EQ(1, out[OUT_S_SIGNED]);
	EXPECT_EQ(0, out[OUT_U_SIGNED]);
	EXPECT_EQ(48, out[OUT_ARR2_OFF]);	/* 8-byte elements */
	EXPECT_EQ(u64_at(buf + 48), out[OUT_ARR2]);
	EXPECT_EQ(64, out[OUT_BF2_OFF]);
	EXPECT_EQ(4, out[OUT_BF2_SIZE]);
	EXPECT_EQ(52, out[OUT_BF2_LSHIFT]);	/* bit 519: 64 - (7 + 5) */
	EXPECT_EQ(59, out[OUT_BF2_RSHIFT]);
	EXPECT_EQ((u32_at(buf + 64) >> 7) & 31, out[OUT_BF2]);
	EXPECT_EQ(72, out[OUT_ANON_OFF]);	/* inside an anonymous union */
	EXPECT_EQ(8, out[OUT_FLAV_OFF]);	/* bb_core_flav___v1 */
	EXPECT_EQ(1, out[OUT_S_TYPE]);
	EXPECT_EQ(0, out[OUT_MISSING_TYPE]);
	EXPECT_EQ(80, out[OUT_S_SIZE]);
	EXPECT_EQ(20, out[OUT_TWO]);
	EXPECT_EQ(0, out[OUT_GONE_EXISTS]);
	EXPECT_EQ(0, out[OUT_MISSING_FIELD]);
	EXPECT_EQ(777, out[OUT_GUARDED]);
	EXPECT_EQ(1, out[OUT_FLAV_TYPE]);
	id = result(self->obj, "local_type_id", "struct bb_core_s");
	ASSERT_NE(NULL, id);
	EXPECT_EQ(id->orig_val, out[OUT_ID_LOCAL]);
	id = result(self->obj, "target_type_id", "struct bb_core_s");
	ASSERT_NE(NULL, id);
	EXPECT_EQ(id->new_val, out[OUT_ID_TARGET]);
	EXPECT_NE(out[OUT_ID_LOCAL], out[OUT_ID_TARGET]);
}

/* What bpfobj core shows: the two specs and the values. */
TEST_F(core, results_explain_each_relocation)
{
	const struct bb_core_result *r;

	ASSERT_EQ(0, bb_object__prepare(self->obj)) TH_LOG("%s",
							   self->msgs.text);
	r = result(self->obj, "byte_off", "struct bb_core_s.in_anon");
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("kinds", r->func);
	EXPECT_NE(NULL, strstr(r->target, "struct bb_core_s.in_anon (0:8:0 @ offset 72)"))
		TH_LOG("%s", r->target);
	EXPECT_EQ(36, r->orig_val);
	EXPECT_EQ(72, r->new_val);
	r = result(self->obj, "byte_off", "struct bb_core_s.b ");
	ASSERT_NE(NULL, r);
	EXPECT_TRUE(r->poisoned);
	EXPECT_STREQ("", r->target);
	r = result(self->obj, "byte_off", "struct bb_core_flav___v1.x");
	ASSERT_NE(NULL, r);
	EXPECT_NE(NULL, strstr(r->target, "struct bb_core_flav.x"));
}

/*
 * int s became a long: a 4-byte load of it would read half a value, so
 * the load is poisoned, and the verifier refuses it because it is
 * reached.
 */
TEST_F(core, signed_field_that_grew_is_poisoned)
{
	bb_program__set_autoload(bb_object__find_program(self->obj,
							 "bad_size"), true);
	EXPECT_EQ(-EINVAL, bb_object__load(self->obj));
	EXPECT_NE(NULL, strstr(self->msgs.text, "195896080"))
		TH_LOG("%s", self->msgs.text);
}

/* Two kernel flavours that disagree: refused, not a guess. */
TEST_F(core, ambiguous_candidates_are_refused)
{
	bb_program__set_autoload(bb_object__find_program(self->obj,
							 "ambiguous"), true);
	EXPECT_EQ(-ENOTUNIQ, bb_object__prepare(self->obj));
	EXPECT_NE(NULL, strstr(self->msgs.text, "program ambiguous: CO-RE relocation byte_off"))
		TH_LOG("%s", self->msgs.text);
	EXPECT_NE(NULL, strstr(self->msgs.text, "candidates disagree: 0 and 8"));
}

/*
 * Every TYPE_EXISTS record of @buf's .BTF.ext CO-RE table becomes a
 * TYPE_MATCHES one (clang 14 cannot emit those; the instructions are the
 * same, a 0 or 1). Returns how many were changed.
 */
static int exists_to_matches(unsigned char *buf, size_t size)
{
	const Elf64_Ehdr *eh = (const void *)buf;
	const Elf64_Shdr *sh = (const void *)(buf + eh->e_shoff);
	const char *names = (const char *)buf + sh[eh->e_shstrndx].sh_offset;
	__u32 hdr_len, off, len, rec, n, i, changed = 0;
	unsigned char *ext = NULL, *p, *end;
	int s;

	for (s = 1; s < eh->e_shnum && !ext; s++)
		if (!strcmp(names + sh[s].sh_name, ".BTF.ext"))
			ext = buf + sh[s].sh_offset;
	if (!ext || ext > buf + size)
		return 0;
	memcpy(&hdr_len, ext + 4, 4);
	memcpy(&off, ext + 24, 4);	/* core_relo_off */
	memcpy(&len, ext + 28, 4);	/* core_relo_len */
	p = ext + hdr_len + off;
	end = p + len;
	memcpy(&rec, p, 4);
	for (p += 4; p < end; ) {
		memcpy(&n, p + 4, 4);
		for (p += 8, i = 0; i < n; i++, p += rec) {
			if (p[12] == BPF_CORE_TYPE_EXISTS) {
				p[12] = BPF_CORE_TYPE_MATCHES;
				changed++;
			}
		}
	}
	return changed;
}

/*
 * bpf_core_type_matches(): stricter than exists. The flavoured struct
 * matches the kernel's (its one member is there with the same type);
 * bb_core_s does not (the kernel lacks b, and its u is wider).
 */
TEST_F(core, type_matches_is_stricter_than_exists)
{
	struct bb_object_opts o = { .print = bb_test_collect,
				    .print_ctx = &self->msgs,
				    .kernel_btf = self->btf };
	unsigned char *buf, pkt[128];
	char path[PATH_MAX];
	struct bb_object *obj;
	__u64 out[OUT_NR];
	size_t size;
	FILE *f;

	ASSERT_EQ(0, bb_test_prog_path("core_kinds", path, sizeof(path)));
	f = fopen(path, "rb");
	ASSERT_NE(NULL, f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size);
	ASSERT_EQ(size, fread(buf, 1, size, f));
	fclose(f);
	EXPECT_EQ(3, exists_to_matches(buf, size));
	ASSERT_EQ(0, bb_object__open_mem(buf, size, &o, &obj));
	free(buf);
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", self->msgs.text);
	run_kinds(_metadata, obj, pkt, out);
	EXPECT_EQ(0, out[OUT_S_TYPE]);
	EXPECT_EQ(0, out[OUT_MISSING_TYPE]);
	EXPECT_EQ(1, out[OUT_FLAV_TYPE]);
	EXPECT_NE(NULL, result(obj, "type_matches", "bb_core_flav___v1"));
	bb_object__close(obj);
}

TEST(missing_kernel_btf_is_named)
{
	struct bb_object_opts o = { .kernel_btf = "/bb/no/such.btf" };
	struct bb_test_msgs m = { .len = 0 };
	struct bb_object *obj;
	char path[PATH_MAX];

	o.print = bb_test_collect;
	o.print_ctx = &m;
	ASSERT_EQ(0, bb_test_prog_path("core_kinds", path, sizeof(path)));
	ASSERT_EQ(0, bb_object__open_file(path, &o, &obj));
	EXPECT_EQ(-ENOENT, bb_object__prepare(obj));
	EXPECT_NE(NULL, strstr(m.text, "/bb/no/such.btf")) TH_LOG("%s", m.text);
	bb_object__close(obj);
}

/* Against the running kernel: task_struct's pid where the kernel has it. */
TEST(running_kernel_task_struct)
{
	const struct bb_core_result *r;
	struct bb_object *obj;
	char path[PATH_MAX];

	ASSERT_EQ(0, bb_test_prog_path("core_reloc", path, sizeof(path)));
	ASSERT_EQ(0, bb_object__open_file(path, NULL, &obj));
	ASSERT_EQ(0, bb_object__load(obj));
	r = result(obj, "byte_off", "struct task_struct.pid");
	ASSERT_NE(NULL, r);
	EXPECT_EQ(0, r->orig_val);
	EXPECT_LT(0, r->new_val);	/* pid is never first in the kernel */
	EXPECT_FALSE(r->poisoned);
	bb_object__close(obj);
}

TEST_HARNESS_MAIN
