// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * elf.c - sections and symbols of a BPF ELF object.
 *
 * The file is untrusted: every offset, size and index is checked against
 * the buffer before anything reads through it. libelf reads the headers;
 * section contents are then used in place, inside our own copy of the file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool range_ok(size_t file_size, GElf_Off off, GElf_Xword size)
{
	return off <= file_size && size <= file_size - off;
}

static int check_ehdr(struct bb_object *obj, GElf_Ehdr *eh)
{
	const unsigned char *ident = obj->buf;
	unsigned char host_data;
	union { __u16 v; __u8 b[2]; } endian = { .v = 1 };

	host_data = endian.b[0] ? ELFDATA2LSB : ELFDATA2MSB;
	if (obj->size < EI_NIDENT || memcmp(ident, ELFMAG, SELFMAG)) {
		bb_pr(obj, "not an ELF file.");
		return -EINVAL;
	}
	if (ident[EI_CLASS] != ELFCLASS64) {
		bb_pr(obj, "ELF class %u is not ELFCLASS64; BPF objects are 64-bit.",
		      ident[EI_CLASS]);
		return -EINVAL;
	}
	if (ident[EI_DATA] != host_data) {
		bb_pr(obj, "ELF byte order does not match this host (build with -target bpf).");
		return -EINVAL;
	}
	if (!gelf_getehdr(obj->elf, eh)) {
		bb_pr(obj, "cannot read the ELF header: %s.", elf_errmsg(-1));
		return -EINVAL;
	}
	if (eh->e_machine != EM_BPF) {
		bb_pr(obj, "ELF machine %u is not EM_BPF (%u).", eh->e_machine,
		      EM_BPF);
		return -EINVAL;
	}
	if (eh->e_type != ET_REL) {
		bb_pr(obj, "ELF type %u is not ET_REL; expected a clang -c object.",
		      eh->e_type);
		return -EINVAL;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    !range_ok(obj->size, eh->e_shoff,
		      (GElf_Xword)eh->e_shnum * sizeof(Elf64_Shdr))) {
		bb_pr(obj, "section header table lies outside the file.");
		return -EINVAL;
	}
	return 0;
}

/*
 * Sections with file contents must not overlap each other, the ELF
 * header or the section header table: a section that is also a header
 * would let one set of bytes mean two things.
 */
struct extent {
	const char *name;
	GElf_Off off;
	GElf_Xword size;
};

static int cmp_extent(const void *a, const void *b)
{
	const struct extent *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

static int check_overlap(struct bb_object *obj, const GElf_Ehdr *eh)
{
	struct extent *v;
	size_t i, n = 0;
	int err = 0;

	v = calloc(obj->nr_secs + 2, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[n++] = (struct extent){ "the ELF header", 0, sizeof(Elf64_Ehdr) };
	v[n++] = (struct extent){ "the section header table", eh->e_shoff,
				  obj->nr_secs * sizeof(Elf64_Shdr) };
	for (i = 1; i < obj->nr_secs; i++)
		if (obj->secs[i].data && obj->secs[i].size)
			v[n++] = (struct extent){ obj->secs[i].name,
						  obj->secs[i].shdr.sh_offset,
						  obj->secs[i].size };
	qsort(v, n, sizeof(*v), cmp_extent);
	for (i = 1; i < n; i++) {
		if (v[i - 1].off + v[i - 1].size > v[i].off) {
			bb_pr(obj, "%s and %s overlap in the file.",
			      v[i - 1].name, v[i].name);
			err = -EINVAL;
			break;
		}
	}
	free(v);
	return err;
}

/*
 * The string at @off of string table @idx, or NULL if it is not one. A
 * string table ends with a NUL (the ELF specification says so), which
 * makes every offset inside it the start of a string: no need to look
 * for the end of each one.
 */
const char *bb_elf_str(const struct bb_object *obj, size_t idx, size_t off)
{
	const struct bb_sec *sec;

	if (idx == 0 || idx >= obj->nr_secs)
		return NULL;
	sec = &obj->secs[idx];
	if (sec->shdr.sh_type != SHT_STRTAB || !sec->data || off >= sec->size ||
	    ((const char *)sec->data)[sec->size - 1])
		return NULL;
	return (const char *)sec->data + off;
}

static int read_sections(struct bb_object *obj, size_t shstrndx)
{
	struct bb_sec *sec;
	Elf_Scn *scn;
	size_t i;

	for (i = 1; i < obj->nr_secs; i++) {
		sec = &obj->secs[i];
		scn = elf_getscn(obj->elf, i);
		if (!scn || !gelf_getshdr(scn, &sec->shdr)) {
			bb_pr(obj, "cannot read section header %zu: %s.", i,
			      elf_errmsg(-1));
			return -EINVAL;
		}
		sec->size = sec->shdr.sh_size;
		if (sec->shdr.sh_type == SHT_NOBITS) {
			/* Zero-filled data (.bss) is fine; code never is. */
			if (!(sec->shdr.sh_flags & SHF_EXECINSTR))
				continue;
			bb_pr(obj, "section %zu holds code but has no contents in the file (SHT_NOBITS).",
			      i);
			return -EINVAL;
		}
		if (!range_ok(obj->size, sec->shdr.sh_offset, sec->size)) {
			bb_pr(obj, "section %zu lies outside the file (offset %llu, size %llu).",
			      i, (unsigned long long)sec->shdr.sh_offset,
			      (unsigned long long)sec->size);
			return -EINVAL;
		}
		/* Code is read in place as struct bpf_insn: whole, aligned. */
		if ((sec->shdr.sh_flags & SHF_EXECINSTR) &&
		    (sec->shdr.sh_type != SHT_PROGBITS ||
		     sec->shdr.sh_offset % sizeof(__u64) ||
		     sec->size % sizeof(__u64))) {
			bb_pr(obj, "section %zu holds code but is not whole, aligned instructions of type SHT_PROGBITS.",
			      i);
			return -EINVAL;
		}
		sec->data = (const char *)obj->buf + sec->shdr.sh_offset;
	}
	if (shstrndx == 0 || shstrndx >= obj->nr_secs) {
		bb_pr(obj, "section name table index %zu is out of range.",
		      shstrndx);
		return -EINVAL;
	}
	for (i = 1; i < obj->nr_secs; i++) {
		sec = &obj->secs[i];
		sec->name = bb_elf_str(obj, shstrndx, sec->shdr.sh_name);
		if (!sec->name || strnlen(sec->name, BB_NAME_MAX + 1) >
				  BB_NAME_MAX) {
			bb_pr(obj, "section %zu has an invalid or too long name.",
			      i);
			return -EINVAL;
		}
	}
	obj->secs[0].name = "";
	return 0;
}

static int cmp_sec_name(const void *a, const void *b, void *ctx)
{
	const struct bb_object *obj = ctx;

	return strcmp(obj->secs[*(const size_t *)a].name,
		      obj->secs[*(const size_t *)b].name);
}

/*
 * Sections sorted by name, for lookups. No two sections may share a
 * name: a lookup by name (.BTF, .maps, the section of a DATASEC) would
 * otherwise pick one of them and ignore the other.
 */
static int index_sections(struct bb_object *obj)
{
	size_t i, n = obj->nr_secs - 1;

	obj->sec_by_name = calloc(n, sizeof(*obj->sec_by_name));
	if (!obj->sec_by_name)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		obj->sec_by_name[i] = i + 1;
	qsort_r(obj->sec_by_name, n, sizeof(size_t), cmp_sec_name, obj);
	for (i = 1; i < n; i++) {
		if (!cmp_sec_name(&obj->sec_by_name[i - 1],
				  &obj->sec_by_name[i], obj)) {
			bb_pr(obj, "two sections are named %s.",
			      obj->secs[obj->sec_by_name[i]].name);
			return -EINVAL;
		}
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b, void *ctx)
{
	const struct bb_object *obj = ctx;
	const GElf_Sym *x = &obj->syms[*(const size_t *)a];
	const GElf_Sym *y = &obj->syms[*(const size_t *)b];

	if (x->st_shndx != y->st_shndx)
		return x->st_shndx < y->st_shndx ? -1 : 1;
	return strcmp(bb_elf_str(obj, obj->strtab_idx, x->st_name),
		      bb_elf_str(obj, obj->strtab_idx, y->st_name));
}

/* Symbols sorted by section, then name: lookups, and a section's symbols. */
static int index_symbols(struct bb_object *obj)
{
	size_t i;

	obj->sym_by_sec = calloc(obj->nr_syms ? obj->nr_syms : 1,
				 sizeof(*obj->sym_by_sec));
	if (!obj->sym_by_sec)
		return -ENOMEM;
	for (i = 0; i < obj->nr_syms; i++)
		obj->sym_by_sec[i] = i;
	qsort_r(obj->sym_by_sec, obj->nr_syms, sizeof(size_t), cmp_sym, obj);
	return 0;
}

/* The symbols of section @shndx: *@first[0 .. return value). */
size_t bb_syms_of_sec(const struct bb_object *obj, size_t shndx,
		      const size_t **first)
{
	size_t lo = 0, hi = obj->nr_syms, mid, start;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (obj->syms[obj->sym_by_sec[mid]].st_shndx < shndx)
			lo = mid + 1;
		else
			hi = mid;
	}
	start = lo;
	for (hi = obj->nr_syms; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (obj->syms[obj->sym_by_sec[mid]].st_shndx <= shndx)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = obj->sym_by_sec + start;
	return lo - start;
}

/* The symbol called @name in section @shndx, or NULL. */
const GElf_Sym *bb_sym_by_name(const struct bb_object *obj, size_t shndx,
			       const char *name)
{
	const size_t *v;
	size_t lo = 0, hi = bb_syms_of_sec(obj, shndx, &v), mid;
	const GElf_Sym *sym;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		sym = &obj->syms[v[mid]];
		c = strcmp(bb_elf_str(obj, obj->strtab_idx, sym->st_name),
			   name);
		if (!c)
			return sym;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int check_sym(struct bb_object *obj, const GElf_Sym *sym, size_t i)
{
	const char *name;

	if (sym->st_shndx >= obj->nr_secs && sym->st_shndx != SHN_ABS &&
	    sym->st_shndx != SHN_COMMON) {
		bb_pr(obj, "symbol %zu refers to section %u, which does not exist.",
		      i, sym->st_shndx);
		return -EINVAL;
	}
	name = bb_elf_str(obj, obj->strtab_idx, sym->st_name);
	if (!name || strnlen(name, BB_NAME_MAX + 1) > BB_NAME_MAX) {
		bb_pr(obj, "symbol %zu has an invalid or too long name.", i);
		return -EINVAL;
	}
	return 0;
}

static int read_symbols(struct bb_object *obj)
{
	const struct bb_sec *sec = NULL;
	Elf64_Sym raw;
	GElf_Sym *syms;
	size_t i;
	int err;

	for (i = 1; i < obj->nr_secs; i++) {
		if (obj->secs[i].shdr.sh_type != SHT_SYMTAB)
			continue;
		if (sec) {
			bb_pr(obj, "more than one symbol table.");
			return -EINVAL;
		}
		sec = &obj->secs[i];
		obj->symtab_idx = i;
	}
	if (!sec) {
		bb_pr(obj, "no symbol table (.symtab); was the object stripped?");
		return -EINVAL;
	}
	if (sec->shdr.sh_entsize != sizeof(Elf64_Sym) ||
	    sec->shdr.sh_link >= obj->nr_secs ||
	    obj->secs[sec->shdr.sh_link].shdr.sh_type != SHT_STRTAB) {
		bb_pr(obj, "symbol table %s is malformed.", sec->name);
		return -EINVAL;
	}
	obj->strtab_idx = sec->shdr.sh_link;
	obj->nr_syms = sec->size / sizeof(Elf64_Sym);
	syms = calloc(obj->nr_syms ? obj->nr_syms : 1, sizeof(*syms));
	if (!syms)
		return -ENOMEM;
	obj->syms = syms;
	for (i = 0; i < obj->nr_syms; i++) {
		memcpy(&raw, (const char *)sec->data + i * sizeof(raw),
		       sizeof(raw));
		syms[i].st_name = raw.st_name;
		syms[i].st_info = raw.st_info;
		syms[i].st_other = raw.st_other;
		syms[i].st_shndx = raw.st_shndx;
		syms[i].st_value = raw.st_value;
		syms[i].st_size = raw.st_size;
		err = check_sym(obj, &syms[i], i);
		if (err)
			return err;
	}
	return index_symbols(obj);
}

const char *bb_sym_name(const struct bb_object *obj, const GElf_Sym *sym)
{
	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION &&
	    sym->st_shndx < obj->nr_secs)
		return obj->secs[sym->st_shndx].name;
	return bb_elf_str(obj, obj->strtab_idx, sym->st_name);
}

struct bb_sec *bb_sec_by_name(struct bb_object *obj, const char *name,
			      size_t *idx)
{
	size_t lo = 0, hi = obj->nr_secs - 1, mid, i;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		i = obj->sec_by_name[mid];
		c = strcmp(obj->secs[i].name, name);
		if (!c) {
			if (idx)
				*idx = i;
			return &obj->secs[i];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool bb_sec_is_global_data(const struct bb_sec *sec)
{
	if (!(sec->shdr.sh_flags & SHF_ALLOC) ||
	    (sec->shdr.sh_flags & SHF_EXECINSTR))
		return false;
	return !strncmp(sec->name, ".data", 5) ||
	       !strncmp(sec->name, ".rodata", 7) ||
	       !strncmp(sec->name, ".bss", 4);
}

static void find_special_sections(struct bb_object *obj)
{
	const struct bb_sec *text = bb_sec_by_name(obj, ".text",
						   &obj->text_idx);

	/* Subprograms are code: a .text that is not is no .text for us. */
	if (text && !(text->shdr.sh_flags & SHF_EXECINSTR))
		obj->text_idx = 0;
	bb_sec_by_name(obj, ".maps", &obj->maps_idx);
	bb_sec_by_name(obj, ".struct_ops", &obj->st_ops_idx);
	bb_sec_by_name(obj, "maps", &obj->legacy_maps_idx);
}

static int read_license_version(struct bb_object *obj)
{
	const struct bb_sec *sec;

	/*
	 * No license section, no license: the kernel then refuses the
	 * GPL-only helpers, as it does for libbpf. Assuming "GPL" would
	 * grant what the author never declared.
	 */
	obj->license[0] = '\0';
	sec = bb_sec_by_name(obj, "license", NULL);
	if (sec) {
		if (!sec->data || !sec->size ||
		    !memchr(sec->data, '\0', sec->size) ||
		    strlen(sec->data) >= sizeof(obj->license)) {
			bb_pr(obj, "section license is not a short NUL-terminated string.");
			return -EINVAL;
		}
		strcpy(obj->license, sec->data);
	}
	sec = bb_sec_by_name(obj, "version", NULL);
	if (sec) {
		if (!sec->data || sec->size != sizeof(__u32)) {
			bb_pr(obj, "section version is not 4 bytes long.");
			return -EINVAL;
		}
		memcpy(&obj->kversion, sec->data, sizeof(__u32));
	}
	return 0;
}

int bb_elf_parse(struct bb_object *obj)
{
	size_t shnum, shstrndx;
	GElf_Ehdr eh;
	int err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	obj->elf = elf_memory(obj->buf, obj->size);
	if (!obj->elf) {
		bb_pr(obj, "libelf cannot read the object: %s.", elf_errmsg(-1));
		return -EINVAL;
	}
	err = check_ehdr(obj, &eh);
	if (err)
		return err;
	if (elf_getshdrnum(obj->elf, &shnum) ||
	    elf_getshdrstrndx(obj->elf, &shstrndx)) {
		bb_pr(obj, "cannot read the section count: %s.", elf_errmsg(-1));
		return -EINVAL;
	}
	if (shnum < 2 || shnum > 65535 ||
	    !range_ok(obj->size, eh.e_shoff, shnum * sizeof(Elf64_Shdr))) {
		bb_pr(obj, "the object has %zu sections.", shnum);
		return -EINVAL;
	}
	obj->secs = calloc(shnum, sizeof(*obj->secs));
	if (!obj->secs)
		return -ENOMEM;
	obj->nr_secs = shnum;
	err = read_sections(obj, shstrndx);
	if (!err)
		err = index_sections(obj);
	if (!err)
		err = check_overlap(obj, &eh);
	if (!err)
		err = read_symbols(obj);
	if (!err)
		err = read_license_version(obj);
	if (!err)
		find_special_sections(obj);
	return err;
}

void bb_elf_free(struct bb_object *obj)
{
	free((void *)obj->syms);
	free(obj->sym_by_sec);
	free(obj->sec_by_name);
	free(obj->secs);
	if (obj->elf)
		elf_end(obj->elf);
}

static const char *sec_role(const struct bb_object *obj, size_t i)
{
	const struct bb_sec *sec = &obj->secs[i];

	if (i == obj->text_idx)
		return "subprograms";
	if (sec->shdr.sh_type == SHT_PROGBITS &&
	    (sec->shdr.sh_flags & SHF_EXECINSTR))
		return "programs";
	if (i == obj->maps_idx)
		return "BTF maps";
	if (i == obj->legacy_maps_idx)
		return "legacy maps";
	if (bb_sec_is_global_data(sec))
		return "global data";
	if (i == obj->symtab_idx)
		return "symbols";
	if (sec->shdr.sh_type == SHT_STRTAB)
		return "strings";
	if (sec->shdr.sh_type == SHT_REL &&
	    sec->shdr.sh_info < obj->nr_secs &&
	    (obj->secs[sec->shdr.sh_info].shdr.sh_flags & SHF_EXECINSTR))
		return "relocations";
	if (!strcmp(sec->name, ".BTF"))
		return "BTF";
	if (!strcmp(sec->name, ".BTF.ext"))
		return "BTF.ext";
	if (!strcmp(sec->name, "license") || !strcmp(sec->name, "version"))
		return sec->name;
	return "ignored";
}

size_t bb_object__section_count(const struct bb_object *obj)
{
	return obj->nr_secs ? obj->nr_secs - 1 : 0;
}

/* Section @i, counting from 0 and leaving out the null section. */
int bb_object__section(const struct bb_object *obj, size_t i,
		       struct bb_section_info *info)
{
	const struct bb_sec *sec;

	if (i + 1 >= obj->nr_secs)
		return -ENOENT;
	sec = &obj->secs[i + 1];
	info->name = sec->name;
	info->type = sec->shdr.sh_type;
	info->flags = sec->shdr.sh_flags;
	info->size = sec->size;
	info->role = sec_role(obj, i + 1);
	return 0;
}
