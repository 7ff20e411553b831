// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * reloc.c - relocations: how a program learns its maps' fds, where its
 * global variables live and where the subprograms it calls end up.
 *
 * clang emits, per executable section, a SHT_REL section of Elf64_Rel:
 *  - R_BPF_64_64 on a ld_imm64: the symbol is a map (-> BPF_PSEUDO_MAP_FD
 *    with the map's fd), a global variable (-> BPF_PSEUDO_MAP_VALUE: the
 *    data map's fd in the first half, the byte offset in the second) or
 *    a function whose address is taken (-> BPF_PSEUDO_FUNC);
 *  - R_BPF_64_32 on a call: a bpf-to-bpf call into .text.
 * For a static symbol the relocation names the section symbol and the
 * offset sits in the instruction's immediate: that is how two static maps
 * in one section are told apart. A symbol that is not defined in the
 * object (SHN_UNDEF) is an extern: a .kconfig value, a .ksyms kernel
 * symbol or a kfunc. Relocations of non-code sections (.BTF, .BTF.ext,
 * .debug_*) matter only to linkers: ignored.
 *
 * This file only reads what the relocations say, at open time; link.c
 * applies them when a program is put together for the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LD_IMM64	(BPF_LD | BPF_IMM | BPF_DW)
#define JMP_CALL	(BPF_JMP | BPF_CALL)

static const char *reloc_type_name(__u32 type)
{
	switch (type) {
	case R_BPF_64_64: return "R_BPF_64_64";
	case R_BPF_64_ABS64: return "R_BPF_64_ABS64";
	case R_BPF_64_ABS32: return "R_BPF_64_ABS32";
	case R_BPF_64_NODYLD32: return "R_BPF_64_NODYLD32";
	case R_BPF_64_32: return "R_BPF_64_32";
	default: return "unknown";
	}
}

static const char *text_func_name(const struct bb_object *obj, size_t t)
{
	const struct bb_func *f = bb_text_func(obj, t);

	return f ? bb_sym_name(obj, f->sym) : NULL;
}

/*
 * Where a ld_imm64 points inside @sym's section: the symbol's own offset
 * plus the immediate (non-zero for a section symbol, or for &var[i]).
 */
static __u64 ld_imm64_off(const GElf_Sym *sym, const struct bpf_insn *insn)
{
	return sym->st_value + (__u64)(__s64)insn->imm;
}

/* A map is referred to by its start, never by an address inside it. */
static int classify_map(struct bb_object *obj, const GElf_Sym *sym,
			const struct bpf_insn *insn, struct bb_reloc *r)
{
	__u64 off = ld_imm64_off(sym, insn);
	int idx;

	if (GELF_ST_TYPE(sym->st_info) != STT_SECTION && insn->imm)
		return -EINVAL;
	idx = bb_map_idx_by_sec(obj, sym->st_shndx, off);
	if (idx < 0)
		return -ENOENT;
	r->info.kind = BB_RELOC_MAP_FD;
	r->map_idx = idx;
	r->info.offset = off;
	r->info.target = obj->maps[idx].name;
	return 0;
}

static int classify_ld_imm64(struct bb_object *obj, const GElf_Sym *sym,
			     const struct bpf_insn *insn, struct bb_reloc *r)
{
	size_t shndx = sym->st_shndx;
	__u64 off = ld_imm64_off(sym, insn);

	if (shndx && (shndx == obj->maps_idx ||
		      shndx == obj->legacy_maps_idx))
		return classify_map(obj, sym, insn, r);
	if (shndx && shndx < obj->nr_secs &&
	    bb_sec_is_global_data(&obj->secs[shndx])) {
		if (off >= obj->secs[shndx].size)
			return -ERANGE;
		r->map_idx = bb_map_idx_by_sec(obj, shndx, 0);
		if (r->map_idx < 0)
			return -ENOENT;
		r->info.kind = BB_RELOC_MAP_VALUE;
		r->info.offset = off;
		r->info.target = obj->maps[r->map_idx].name;
		return 0;
	}
	if (shndx && shndx == obj->text_idx) {
		if (off % BPF_INSN_SZ || off >= obj->secs[shndx].size)
			return -ERANGE;
		r->info.kind = BB_RELOC_FUNC;
		r->sub_off = off / BPF_INSN_SZ;
		r->info.target = text_func_name(obj, r->sub_off);
		return 0;
	}
	return -EOPNOTSUPP;
}

/*
 * An extern: a variable (.kconfig, .ksyms) on a ld_imm64 or a kfunc on
 * a call (externs.c gives them values, link.c puts those in).
 */
static int classify_extern(struct bb_object *obj, const GElf_Sym *sym,
			   const struct bpf_insn *insn, struct bb_reloc *r)
{
	const struct bb_extern *x;

	if (GELF_ST_BIND(sym->st_info) != STB_GLOBAL &&
	    GELF_ST_BIND(sym->st_info) != STB_WEAK)
		return -EINVAL;
	if (insn->code == JMP_CALL && insn->src_reg != BPF_PSEUDO_CALL &&
	    insn->src_reg != BPF_PSEUDO_KFUNC_CALL)
		return -EINVAL;
	x = bb_extern_by_sym(obj, sym - obj->syms);
	if (!x)
		return -EINVAL;
	r->info.kind = BB_RELOC_EXTERN;
	r->ext_idx = x - obj->externs;
	r->info.target = x->kconfig ? ".kconfig" : ".ksyms";
	return 0;
}

static int classify_call(struct bb_object *obj, const GElf_Sym *sym,
			 const struct bpf_insn *insn, struct bb_reloc *r)
{
	__s64 target;

	if (insn->code != JMP_CALL || insn->src_reg != BPF_PSEUDO_CALL)
		return -EINVAL;
	if (!sym->st_shndx || sym->st_shndx != obj->text_idx ||
	    sym->st_value % BPF_INSN_SZ)
		return -EOPNOTSUPP;
	target = (__s64)(sym->st_value / BPF_INSN_SZ) + insn->imm + 1;
	if (target < 0 ||
	    (__u64)target >= obj->secs[obj->text_idx].size / BPF_INSN_SZ)
		return -ERANGE;
	r->info.kind = BB_RELOC_CALL;
	r->sub_off = target;
	r->info.target = text_func_name(obj, target);
	return 0;
}

static const char *reloc_err_text(int err)
{
	switch (err) {
	case -ENOENT: return "no map starts there";
	case -ERANGE: return "it points outside its section";
	case -EINVAL: return "the instruction does not fit the relocation";
	default: return "the loader knows no such relocation";
	}
}

/* Turn one Elf64_Rel of code section @sec_idx into a struct bb_reloc. */
static int reloc_parse(struct bb_object *obj, size_t sec_idx,
		       const Elf64_Rel *rel, struct bb_reloc *r)
{
	const struct bb_sec *sec = &obj->secs[sec_idx];
	__u32 type = ELF64_R_TYPE(rel->r_info);
	size_t symi = ELF64_R_SYM(rel->r_info);
	const struct bpf_insn *insn;
	const GElf_Sym *sym;
	int err;

	if (symi >= obj->nr_syms) {
		bb_pr(obj, "section %s: relocation at %llu names symbol %zu of %zu.",
		      sec->name, (unsigned long long)rel->r_offset, symi,
		      obj->nr_syms);
		return -EINVAL;
	}
	if (rel->r_offset % BPF_INSN_SZ || rel->r_offset >= sec->size ||
	    (type == R_BPF_64_64 && sec->size - rel->r_offset <
	     2 * BPF_INSN_SZ)) {
		bb_pr(obj, "section %s: relocation offset %llu is not an instruction in it.",
		      sec->name, (unsigned long long)rel->r_offset);
		return -EINVAL;
	}
	sym = &obj->syms[symi];
	insn = (const void *)((const char *)sec->data + rel->r_offset);
	memset(r, 0, sizeof(*r));
	r->info.elf_type = type;
	r->info.insn_idx = rel->r_offset / BPF_INSN_SZ;
	r->info.sym_name = bb_sym_name(obj, sym) ?: "?";
	r->map_idx = -1;
	if (sym->st_shndx == SHN_UNDEF &&
	    ((type == R_BPF_64_64 && insn->code == LD_IMM64) ||
	     (type == R_BPF_64_32 && insn->code == JMP_CALL)))
		err = classify_extern(obj, sym, insn, r);
	else if (type == R_BPF_64_64 && insn->code == LD_IMM64)
		err = classify_ld_imm64(obj, sym, insn, r);
	else if (type == R_BPF_64_32)
		err = classify_call(obj, sym, insn, r);
	else
		err = -EOPNOTSUPP;
	if (err) {
		bb_pr(obj, "section %s: %s (%u), insn %u, symbol %s: not supported (%s).",
		      sec->name, reloc_type_name(type), type,
		      r->info.insn_idx, r->info.sym_name, reloc_err_text(err));
		return -EINVAL;
	}
	if (!r->info.target)
		r->info.target = r->info.sym_name;
	return 0;
}

static int reloc_push(struct bb_reloc **v, size_t *n, const struct bb_reloc *r)
{
	struct bb_reloc *nv = *v;

	if (!(*n & (*n - 1))) {		/* 0, 1, 2, 4, ...: grow */
		nv = realloc(nv, (*n ? *n * 2 : 1) * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		*v = nv;
	}
	nv[(*n)++] = *r;
	return 0;
}

static int reloc_store(struct bb_object *obj, size_t sec_idx,
		       struct bb_reloc *r)
{
	struct bb_program *prog;

	if (sec_idx == obj->text_idx)
		return reloc_push(&obj->text_relocs, &obj->nr_text_relocs, r);
	prog = bb_prog_at(obj, sec_idx, r->info.insn_idx);
	if (!prog)
		return 0;	/* code outside any program: never loaded */
	r->info.insn_idx -= prog->sec_off;
	/* Both halves of a ld_imm64 must belong to the program. */
	if (prog->insns[r->info.insn_idx].code == LD_IMM64 &&
	    r->info.insn_idx + 1 >= prog->insn_cnt) {
		bb_pr(obj, "program %s: the ld_imm64 at insn %u has no second half in the program.",
		      prog->name, r->info.insn_idx);
		return -EINVAL;
	}
	return reloc_push(&prog->relocs, &prog->nr_relocs, r);
}

/* One relocation, by what its target section holds. */
static int reloc_one(struct bb_object *obj, size_t target,
		     const Elf64_Rel *rel)
{
	struct bb_reloc r;
	int err;

	if (target == obj->maps_idx)
		return bb_map_slot_reloc(obj, rel);
	if (target == obj->st_ops_idx)
		return bb_st_ops_reloc(obj, rel);
	err = reloc_parse(obj, target, rel, &r);
	return err ? err : reloc_store(obj, target, &r);
}

/* What a relocation of .maps or .struct_ops must do, for its error. */
static const char *reloc_duty(const struct bb_object *obj, size_t target)
{
	if (target == obj->maps_idx)
		return "name a program or map for a 'values' slot";
	if (target == obj->st_ops_idx)
		return "put a struct_ops program in a function pointer";
	return NULL;	/* code relocations say what is wrong themselves */
}

static int relocs_of_section(struct bb_object *obj, const struct bb_sec *rs)
{
	size_t target = rs->shdr.sh_info, i, n;
	Elf64_Rel rel;
	int err;

	if (target == 0 || target >= obj->nr_secs) {
		bb_pr(obj, "relocation section %s targets section %zu, which does not exist.",
		      rs->name, target);
		return -EINVAL;
	}
	if (target != obj->maps_idx && target != obj->st_ops_idx &&
	    !(obj->secs[target].shdr.sh_flags & SHF_EXECINSTR))
		return 0;	/* .BTF, .BTF.ext, .debug_*: not ours */
	if (rs->shdr.sh_link != obj->symtab_idx ||
	    rs->shdr.sh_entsize != sizeof(Elf64_Rel) ||
	    rs->size % sizeof(Elf64_Rel) || !rs->data) {
		bb_pr(obj, "relocation section %s is malformed.", rs->name);
		return -EINVAL;
	}
	n = rs->size / sizeof(Elf64_Rel);
	for (i = 0; i < n; i++) {
		memcpy(&rel, (const char *)rs->data + i * sizeof(rel),
		       sizeof(rel));
		err = reloc_one(obj, target, &rel);
		if (err && reloc_duty(obj, target))
			bb_pr(obj, "section %s: relocation %zu does not %s.",
			      rs->name, i, reloc_duty(obj, target));
		if (err)
			return err;
	}
	return 0;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct bb_reloc *x = a, *y = b;

	return x->info.insn_idx < y->info.insn_idx ? -1 :
	       x->info.insn_idx > y->info.insn_idx;
}

/*
 * Sorted by instruction, so link.c finds them by binary search; two
 * relocations of one instruction would contradict each other.
 */
static int relocs_sort(struct bb_object *obj, const char *what,
		       struct bb_reloc *v, size_t n)
{
	size_t i;

	if (n < 2)
		return 0;
	qsort(v, n, sizeof(*v), cmp_reloc);
	for (i = 1; i < n; i++) {
		if (v[i].info.insn_idx == v[i - 1].info.insn_idx) {
			bb_pr(obj, "%s: insn %u has two relocations.", what,
			      v[i].info.insn_idx);
			return -EINVAL;
		}
	}
	return 0;
}

int bb_relocs_collect(struct bb_object *obj)
{
	size_t i;
	int err;

	for (i = 1; i < obj->nr_secs; i++) {
		if (obj->secs[i].shdr.sh_type == SHT_RELA) {
			bb_pr(obj, "section %s: RELA relocations are not used by BPF.",
			      obj->secs[i].name);
			return -EINVAL;
		}
		if (obj->secs[i].shdr.sh_type != SHT_REL)
			continue;
		err = relocs_of_section(obj, &obj->secs[i]);
		if (err)
			return err;
	}
	for (i = 0; i < obj->nr_progs; i++) {
		err = relocs_sort(obj, obj->progs[i].name, obj->progs[i].relocs,
				  obj->progs[i].nr_relocs);
		if (err)
			return err;
	}
	return relocs_sort(obj, ".text", obj->text_relocs,
			   obj->nr_text_relocs);
}
