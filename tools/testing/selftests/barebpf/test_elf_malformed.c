// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_elf_malformed - the loader treats an object file as untrusted
 * input. Each test breaks one thing in a valid object (built from this
 * directory's progs/) and expects a clean rejection with a message, at
 * open or when bb_object__prepare() links the programs; the binary is
 * built with ASan and UBSan (see the Makefile), so a stray read or
 * overflow fails the run even when the result looks right.
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

/*
 * Open @size bytes of the broken copy; if it opens, walk it and link its
 * programs (everything a load does before its first bpf(2) call).
 */
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
	err = bb_object__prepare(obj);
	for (i = 0; i < bb_object__program_count(obj); i++) {
		struct bb_program *p = bb_object__program(obj, i);

		for (j = 0; j < bb_program__reloc_count(p); j++)
			(void)bb_program__reloc(p, j)->target;
	}
	for (i = 0; i < bb_object__map_count(obj); i++)
		(void)bb_map__name(bb_object__map(obj, i));
	bb_object__close(obj);
	return err;
}

/* Make progs/@name the object the test breaks. */
static int use_prog(struct _test_data_elf *self, const char *name)
{
	unsigned char *buf;
	size_t size;
	int err = read_prog(name, &buf, &size);

	if (err)
		return err;
	free(self->bad);
	self->bad = buf;
	self->size = size;
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

static const char *sec_name(struct _test_data_elf *self, int i)
{
	return (const char *)self->bad +
	       shdr(self, ehdr(self)->e_shstrndx)->sh_offset +
	       shdr(self, i)->sh_name;
}

static int find_sec(struct _test_data_elf *self, const char *name)
{
	int i;

	for (i = 1; i < ehdr(self)->e_shnum; i++)
		if (!strcmp(sec_name(self, i), name))
			return i;
	return -1;
}

/* The symbol called @name. */
static Elf64_Sym *find_sym(struct _test_data_elf *self, const char *name)
{
	int st = find_sec_type(self, SHT_SYMTAB), i, n;
	Elf64_Sym *syms;
	const char *strs;

	if (st < 0)
		return NULL;
	syms = (Elf64_Sym *)(self->bad + shdr(self, st)->sh_offset);
	strs = (const char *)self->bad +
	       shdr(self, shdr(self, st)->sh_link)->sh_offset;
	n = shdr(self, st)->sh_size / sizeof(*syms);
	for (i = 0; i < n; i++)
		if (!strcmp(strs + syms[i].st_name, name))
			return &syms[i];
	return NULL;
}

/* Offset of the first R_BPF_64_64 (ld_imm64) relocation in @rel_sec. */
static long first_ld_imm64_reloc(struct _test_data_elf *self,
				 const char *rel_sec)
{
	int s = find_sec(self, rel_sec);
	Elf64_Rel *rel;
	size_t i, n;

	if (s < 0)
		return -1;
	rel = (Elf64_Rel *)(self->bad + shdr(self, s)->sh_offset);
	n = shdr(self, s)->sh_size / sizeof(*rel);
	for (i = 0; i < n; i++)
		if (ELF64_R_TYPE(rel[i].r_info) == 1)	/* R_BPF_64_64 */
			return rel[i].r_offset;
	return -1;
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

/*
 * A program symbol that ends between the two halves of a relocated
 * ld_imm64: applying the relocation would write past the program.
 */
TEST_F(elf, ld_imm64_cut_by_program_end)
{
	long off = first_ld_imm64_reloc(self, ".reltc");
	Elf64_Sym *calc = find_sym(self, "calc");

	ASSERT_LE(0, off);
	ASSERT_NE(NULL, calc);
	calc->st_size = off + 8;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "no second half"));
}

/* The function symbol of section @shndx that holds byte @off. */
static Elf64_Sym *func_at(struct _test_data_elf *self, int shndx, long off)
{
	int st = find_sec_type(self, SHT_SYMTAB), i, n;
	Elf64_Sym *syms;

	syms = (Elf64_Sym *)(self->bad + shdr(self, st)->sh_offset);
	n = shdr(self, st)->sh_size / sizeof(*syms);
	for (i = 0; i < n; i++)
		if (syms[i].st_shndx == shndx &&
		    ELF64_ST_TYPE(syms[i].st_info) == STT_FUNC &&
		    syms[i].st_value <= (unsigned long)off &&
		    (unsigned long)off < syms[i].st_value + syms[i].st_size)
			return &syms[i];
	return NULL;
}

/* The same inside a .text function, found only when linking. */
TEST_F(elf, ld_imm64_cut_by_function_end)
{
	long off = first_ld_imm64_reloc(self, ".rel.text");
	Elf64_Sym *fn = func_at(self, find_sec(self, ".text"), off);

	ASSERT_LE(0, off);
	ASSERT_NE(NULL, fn);
	fn->st_size = off - fn->st_value + 8;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "no second half"));
}

/* st_value + definition size wraps around: no read before the buffer. */
TEST_F(elf, legacy_map_offset_wraps)
{
	Elf64_Sym *sym;

	ASSERT_EQ(0, use_prog(self, "legacy_maps"));
	sym = find_sym(self, "seen");
	ASSERT_NE(NULL, sym);
	/* a multiple of the 20-byte definition that wraps when added to */
	sym->st_value = UINT64_MAX / 20 * 20;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "definition boundary"));
}

TEST_F(elf, section_overlaps_elf_header)
{
	int s = find_sec(self, ".debug_abbrev");

	ASSERT_LT(0, s);
	shdr(self, s)->sh_offset = 0;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "the ELF header"));
}

TEST_F(elf, section_overlaps_section_headers)
{
	int s = find_sec(self, ".debug_abbrev");

	ASSERT_LT(0, s);
	shdr(self, s)->sh_offset = ehdr(self)->e_shoff + 8;
	shdr(self, s)->sh_size = 16;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "section header table"));
}

/* Two relocations for one instruction contradict each other. */
TEST_F(elf, two_relocations_on_one_instruction)
{
	int s = find_sec(self, ".reltc");
	Elf64_Rel *rel;

	ASSERT_LT(0, s);
	ASSERT_LE(2 * sizeof(*rel), shdr(self, s)->sh_size);
	rel = (Elf64_Rel *)(self->bad + shdr(self, s)->sh_offset);
	rel[1] = rel[0];
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "two relocations"));
}

/* A pin directory longer than a path: an error, not a stack over-read. */
TEST_F(elf, pin_directory_longer_than_a_path)
{
	struct bb_object_opts o = { .print = collect,
				    .print_ctx = &self->msgs };
	struct bb_object *obj;
	char dir[5000];

	memset(dir, 'd', sizeof(dir) - 1);
	dir[0] = '/';
	dir[sizeof(dir) - 1] = '\0';
	ASSERT_EQ(0, bb_object__open_mem(self->buf, self->size, &o, &obj));
	self->msgs.count = 0;
	bb_object__unpin(obj, dir);
	EXPECT_LT(0, self->msgs.count);
	EXPECT_NE(NULL, strstr(self->msgs.last, "too long"));
	bb_object__close(obj);
}

/* Overlapping functions would be linked again and again. */
TEST_F(elf, overlapping_text_functions)
{
	Elf64_Sym *fn = find_sym(self, "add_hundred");

	ASSERT_NE(NULL, fn);
	fn->st_size += 8;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "overlap in .text"));
}

/* Two sections with one name: lookups by name would pick one. */
TEST_F(elf, two_sections_with_one_name)
{
	int a = find_sec(self, ".debug_abbrev"), b = find_sec(self, ".debug_str");

	ASSERT_LT(0, a);
	ASSERT_LT(0, b);
	shdr(self, b)->sh_name = shdr(self, a)->sh_name;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "two sections are named"));
}

/* Code must be SHT_PROGBITS and whole instructions. */
TEST_F(elf, code_section_of_odd_size)
{
	int s = find_sec(self, ".debug_abbrev");

	ASSERT_LT(0, s);
	shdr(self, s)->sh_flags |= SHF_EXECINSTR;
	shdr(self, s)->sh_size = 2;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last, "whole, aligned instructions"));
}

/* The relocations of section @name, and how many there are. */
static Elf64_Rel *rels_of(struct _test_data_elf *self, const char *name,
			  size_t *n)
{
	int r = find_sec(self, name);

	if (r < 0)
		return NULL;
	*n = shdr(self, r)->sh_size / sizeof(Elf64_Rel);
	return (Elf64_Rel *)(self->bad + shdr(self, r)->sh_offset);
}

/* A 'values' slot is 8 bytes: a relocation between two names nothing. */
TEST_F(elf, values_relocation_between_slots)
{
	Elf64_Rel *rel;
	size_t n = 0;

	ASSERT_EQ(0, use_prog(self, "map_values"));
	rel = rels_of(self, ".rel.maps", &n);
	ASSERT_NE(NULL, rel);
	ASSERT_EQ(1, n);
	rel->r_offset += 4;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last,
			       "relocation 0 does not name a program or map for a 'values' slot"));
}

/* A struct_ops relocation must land on a function pointer member. */
TEST_F(elf, struct_ops_relocation_inside_a_member)
{
	Elf64_Rel *rel;
	size_t n = 0;

	ASSERT_EQ(0, use_prog(self, "struct_ops_cc"));
	rel = rels_of(self, ".rel.struct_ops", &n);
	ASSERT_NE(NULL, rel);
	ASSERT_LT(0, n);
	rel->r_offset += 1;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last,
			       "does not put a struct_ops program in a function pointer"));
}

/* Relocations of .maps index the symbol table like any others. */
TEST_F(elf, values_relocations_against_another_table)
{
	int r;

	ASSERT_EQ(0, use_prog(self, "map_values"));
	r = find_sec(self, ".rel.maps");
	ASSERT_LT(0, r);
	shdr(self, r)->sh_link = find_sec(self, ".strtab");
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last,
			       "relocation section .rel.maps is malformed"));
}

/* A map name is a file name in bpffs: no '/' may reach the path. */
TEST_F(elf, pin_name_with_a_slash)
{
	struct bb_object_opts o = { .print = collect,
				    .print_ctx = &self->msgs };
	struct bb_object *obj;
	Elf64_Sym *sym;
	char *name;

	ASSERT_EQ(0, use_prog(self, "legacy_maps"));	/* no BTF names */
	sym = find_sym(self, "seen");
	ASSERT_NE(NULL, sym);
	name = (char *)self->bad + shdr(self, shdr(self,
		find_sec_type(self, SHT_SYMTAB))->sh_link)->sh_offset +
		sym->st_name;
	name[1] = '/';
	ASSERT_EQ(0, bb_object__open_mem(self->bad, self->size, &o, &obj));
	self->msgs.count = 0;
	bb_object__unpin(obj, "/sys/fs/bpf/bb_test");
	EXPECT_NE(NULL, strstr(self->msgs.last, "s/en cannot be pinned"))
		TH_LOG("%s", self->msgs.last);
	bb_object__close(obj);
}

/*
 * A .kconfig extern typed as a 4 GiB array (found by the fuzzer): the
 * loader must refuse it, not try to allocate the map's value.
 */
TEST_F(elf, kconfig_externs_too_big)
{
	unsigned char *buf;
	size_t size;

	ASSERT_EQ(0, read_file(BB_FUZZ_REGRESSIONS "/kconfig-extern-of-4-gib",
			       &buf, &size));
	free(self->bad);
	self->bad = buf;
	self->size = size;
	EXPECT_REJECTED(self);
	EXPECT_NE(NULL, strstr(self->msgs.last,
			       "the .kconfig externs come to more than"));
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
