// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_elf_malformed - the loader treats an object file as untrusted
 * input. Each test breaks one thing in a valid object (built from this
 * directory's progs/) and expects a clean rejection with a message; the
 * binary is built with ASan and UBSan (see the Makefile), so a stray
 * read or overflow fails the run even when the result looks right.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "test_util.h"

struct msgs {
	char last[512];
	int count;
};

static void collect(void *ctx, const char *msg)
{
	struct msgs *m = ctx;

	snprintf(m->last, sizeof(m->last), "%s", msg);
	m->count++;
}

FIXTURE(elf) {
	unsigned char *buf;	/* pristine object */
	size_t size;
	unsigned char *bad;	/* the copy each test breaks */
	struct msgs msgs;
};

static int read_file(const char *path, unsigned char **buf, size_t *size)
{
	FILE *f;
	long len;

	f = fopen(path, "rb");
	if (!f)
		return -errno;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	*buf = malloc(len > 0 ? len : 1);
	if (!*buf || fread(*buf, 1, len, f) != (size_t)len) {
		free(*buf);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*size = len;
	return 0;
}

static int read_prog(const char *name, unsigned char **buf, size_t *size)
{
	char path[PATH_MAX];
	int err = bb_test_prog_path(name, path, sizeof(path));

	return err ? err : read_file(path, buf, size);
}

FIXTURE_SETUP(elf)
{
	ASSERT_EQ(0, read_prog("loader_maps", &self->buf, &self->size));
	self->bad = malloc(self->size);
	ASSERT_NE(NULL, self->bad);
	memcpy(self->bad, self->buf, self->size);
}

FIXTURE_TEARDOWN(elf)
{
	free(self->buf);
	free(self->bad);
}

/* Open @size bytes of the broken copy; the object is walked if opened. */
static int try_open(struct _test_data_elf *self, size_t size)
{
	struct bb_object_opts o = { .name = "bad.o", .print = collect,
				    .print_ctx = &self->msgs };
	struct bb_object *obj;
	size_t i, j;
	int err;

	self->msgs.count = 0;
	err = bb_object__open_mem(self->bad, size, &o, &obj);
	if (err)
		return err;
	for (i = 0; i < bb_object__program_count(obj); i++) {
		struct bb_program *p = bb_object__program(obj, i);

		for (j = 0; j < bb_program__reloc_count(p); j++)
			(void)bb_program__reloc(p, j)->target;
	}
	for (i = 0; i < bb_object__map_count(obj); i++)
		(void)bb_map__name(bb_object__map(obj, i));
	bb_object__close(obj);
	return 0;
}

static Elf64_Ehdr *ehdr(struct _test_data_elf *self)
{
	return (Elf64_Ehdr *)self->bad;
}

static Elf64_Shdr *shdr(struct _test_data_elf *self, int i)
{
	return (Elf64_Shdr *)(self->bad + ehdr(self)->e_shoff) + i;
}

static int find_sec_type(struct _test_data_elf *self, __u32 type)
{
	int i;

	for (i = 1; i < ehdr(self)->e_shnum; i++)
		if (shdr(self, i)->sh_type == type)
			return i;
	return -1;
}

/* First relocation of an executable section. */
static Elf64_Rel *first_code_rel(struct _test_data_elf *self)
{
	int i;

	for (i = 1; i < ehdr(self)->e_shnum; i++) {
		Elf64_Shdr *s = shdr(self, i);

		if (s->sh_type == SHT_REL &&
		    (shdr(self, s->sh_info)->sh_flags & SHF_EXECINSTR))
			return (Elf64_Rel *)(self->bad + s->sh_offset);
	}
	return NULL;
}

#define EXPECT_REJECTED(self)						\
	do {								\
		EXPECT_GT(0, try_open(self, (self)->size));		\
		EXPECT_LT(0, (self)->msgs.count);			\
		TH_LOG("message: %s", (self)->msgs.last);		\
	} while (0)

TEST_F(elf, pristine_object_opens)
{
	EXPECT_EQ(0, try_open(self, self->size));
}

TEST_F(elf, truncated_at_every_offset)
{
	size_t len;

	for (len = 0; len < self->size; len++) {
		ASSERT_GT(0, try_open(self, len)) TH_LOG("length %zu", len);
		ASSERT_LT(0, self->msgs.count);
	}
}

TEST_F(elf, wrong_class)
{
	self->bad[EI_CLASS] = ELFCLASS32;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "ELFCLASS64"));
}

TEST_F(elf, wrong_machine)
{
	ehdr(self)->e_machine = EM_X86_64;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "EM_BPF"));
}

TEST_F(elf, not_elf_at_all)
{
	memcpy(self->bad, "#!/bin/sh\n", 10);
	EXPECT_REJECTED(self);
}

TEST_F(elf, symbol_section_index_out_of_range)
{
	int st = find_sec_type(self, SHT_SYMTAB);
	Elf64_Sym *sym;

	ASSERT_LT(0, st);
	sym = (Elf64_Sym *)(self->bad + shdr(self, st)->sh_offset) + 1;
	sym->st_shndx = ehdr(self)->e_shnum + 5;
	EXPECT_REJECTED(self);
}

TEST_F(elf, section_name_table_index_out_of_range)
{
	ehdr(self)->e_shstrndx = ehdr(self)->e_shnum + 1;
	EXPECT_REJECTED(self);
}

TEST_F(elf, relocation_offset_out_of_range)
{
	Elf64_Rel *rel = first_code_rel(self);

	ASSERT_NE(NULL, rel);
	rel->r_offset = 1ULL << 40;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "not an instruction"));
}

TEST_F(elf, relocation_offset_misaligned)
{
	Elf64_Rel *rel = first_code_rel(self);

	ASSERT_NE(NULL, rel);
	rel->r_offset += 3;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "not an instruction"));
}

TEST_F(elf, relocation_symbol_index_out_of_range)
{
	Elf64_Rel *rel = first_code_rel(self);

	ASSERT_NE(NULL, rel);
	rel->r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(rel->r_info));
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "symbol 100000"));
}

TEST_F(elf, relocation_of_unknown_type)
{
	Elf64_Rel *rel = first_code_rel(self);

	ASSERT_NE(NULL, rel);
	rel->r_info = ELF64_R_INFO(ELF64_R_SYM(rel->r_info), 77);
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "not supported"));
}

TEST_F(elf, oversized_section)
{
	int st = find_sec_type(self, SHT_SYMTAB);

	ASSERT_LT(0, st);
	shdr(self, st)->sh_size = 1ULL << 62;
	EXPECT_REJECTED(self);
}

TEST_F(elf, section_offset_past_end)
{
	int st = find_sec_type(self, SHT_STRTAB);

	ASSERT_LT(0, st);
	shdr(self, st)->sh_offset = self->size + 16;
	EXPECT_REJECTED(self);
}

TEST_F(elf, overlapping_sections)
{
	int st = find_sec_type(self, SHT_SYMTAB);
	int str = find_sec_type(self, SHT_STRTAB);

	ASSERT_LT(0, st);
	ASSERT_LT(0, str);
	shdr(self, st)->sh_offset = shdr(self, str)->sh_offset;
	EXPECT_REJECTED(self);
}

/* A code section marked SHT_NOBITS has no bytes to load or relocate. */
TEST_F(elf, code_section_without_contents)
{
	Elf64_Shdr *s = NULL;
	int i;

	for (i = 1; i < ehdr(self)->e_shnum && !s; i++)
		if (shdr(self, i)->sh_flags & SHF_EXECINSTR &&
		    shdr(self, i)->sh_size)
			s = shdr(self, i);
	ASSERT_NE(NULL, s);
	s->sh_type = SHT_NOBITS;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "no contents"));
}

TEST_F(elf, section_header_table_past_end)
{
	ehdr(self)->e_shoff = self->size - 8;
	EXPECT_REJECTED(self);
}

TEST_F(elf, btf_header_lies)
{
	int i;

	for (i = 1; i < ehdr(self)->e_shnum; i++) {
		Elf64_Shdr *s = shdr(self, i);
		const char *name = (const char *)self->bad +
			shdr(self, ehdr(self)->e_shstrndx)->sh_offset +
			s->sh_name;

		if (!strcmp(name, ".BTF")) {
			/* type_len (offset 12) claims far more than exists */
			*(__u32 *)(self->bad + s->sh_offset + 12) = 1U << 30;
			break;
		}
	}
	ASSERT_GT(ehdr(self)->e_shnum, i);
	EXPECT_REJECTED(self);
}

/* Random single-byte damage: any outcome but a crash is acceptable. */
TEST_F(elf, random_byte_flips)
{
	unsigned int seed = 12345;
	size_t off;
	int i;

	for (i = 0; i < 3000; i++) {
		memcpy(self->bad, self->buf, self->size);
		off = rand_r(&seed) % self->size;
		self->bad[off] ^= 1 + rand_r(&seed) % 255;
		off = rand_r(&seed) % self->size;
		self->bad[off] = rand_r(&seed);
		try_open(self, self->size);
	}
}

/* Every input the fuzzer ever crashed the loader with stays fixed. */
TEST_F(elf, fuzz_regressions)
{
	char path[PATH_MAX];
	struct dirent *de;
	unsigned char *buf;
	int files = 0;
	size_t size;
	DIR *d;

	d = opendir(BB_FUZZ_REGRESSIONS);
	ASSERT_NE(NULL, d) TH_LOG("%s: %s", BB_FUZZ_REGRESSIONS,
				  strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", BB_FUZZ_REGRESSIONS,
			 de->d_name);
		ASSERT_EQ(0, read_file(path, &buf, &size)) TH_LOG("%s", path);
		free(self->bad);
		self->bad = buf;
		self->size = size;
		try_open(self, size);
		files++;
	}
	closedir(d);
	EXPECT_LT(0, files);
}

TEST_HARNESS_MAIN
