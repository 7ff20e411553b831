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
 * offset sits in the instruction's immediate. Relocations of non-code
 * sections (.BTF, .BTF.ext, .debug_*) matter only to linkers: ignored.
 *
 * The kernel wants one flat instruction array per program, so each
 * called .text function is appended after the program once, and every
 * call's immediate is rewritten relative to the new position.
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

/* The .text function symbol holding instruction @t, or NULL. */
static const GElf_Sym *text_func(const struct bb_object *obj, size_t t)
{
	const size_t text_size = obj->secs[obj->text_idx].size;
	const GElf_Sym *sym;
	size_t i;

	for (i = 0; i < obj->nr_syms; i++) {
		sym = &obj->syms[i];
		if (sym->st_shndx == obj->text_idx &&
		    GELF_ST_TYPE(sym->st_info) == STT_FUNC &&
		    t >= sym->st_value / BPF_INSN_SZ &&
		    t < (sym->st_value + sym->st_size) / BPF_INSN_SZ &&
		    sym->st_value + sym->st_size <= text_size)
			return sym;
	}
	return NULL;
}

static const char *text_func_name(const struct bb_object *obj, size_t t)
{
	const GElf_Sym *sym = text_func(obj, t);

	return sym ? bb_sym_name(obj, sym) : NULL;
}

static int classify_ld_imm64(struct bb_object *obj, const GElf_Sym *sym,
			     const struct bpf_insn *insn, struct bb_reloc *r)
{
	size_t shndx = sym->st_shndx;
	int idx;

	if (shndx && (shndx == obj->maps_idx ||
		      shndx == obj->legacy_maps_idx)) {
		idx = bb_map_idx_by_sec(obj, shndx, sym->st_value);
		r->info.kind = BB_RELOC_MAP_FD;
	} else if (shndx && shndx < obj->nr_secs &&
		   bb_sec_is_global_data(&obj->secs[shndx])) {
		__u64 off = sym->st_value + (__u64)(__s64)insn->imm;

		if (off >= obj->secs[shndx].size)
			return -ERANGE;
		idx = bb_map_idx_by_sec(obj, shndx, 0);
		r->info.kind = BB_RELOC_MAP_VALUE;
		r->info.offset = off;
	} else if (shndx && shndx == obj->text_idx) {
		__u64 off = sym->st_value + (__u64)(__s64)insn->imm;

		if (off % BPF_INSN_SZ || off >= obj->secs[shndx].size)
			return -ERANGE;
		r->info.kind = BB_RELOC_FUNC;
		r->sub_off = off / BPF_INSN_SZ;
		r->info.target = text_func_name(obj, r->sub_off);
		return 0;
	} else {
		return -EOPNOTSUPP;
	}
	if (idx < 0)
		return -ENOENT;
	r->map_idx = idx;
	r->info.target = obj->maps[idx].name;
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
	if (type == R_BPF_64_64 && insn->code == LD_IMM64)
		err = classify_ld_imm64(obj, sym, insn, r);
	else if (type == R_BPF_64_32)
		err = classify_call(obj, sym, insn, r);
	else
		err = -EOPNOTSUPP;
	if (err) {
		bb_pr(obj, "section %s: %s (%u), insn %u, symbol %s: not supported (%s).",
		      sec->name, reloc_type_name(type), type,
		      r->info.insn_idx, r->info.sym_name, strerror(-err));
		return -EINVAL;
	}
	if (!r->info.target)
		r->info.target = r->info.sym_name;
	return 0;
}

static struct bb_program *prog_at(struct bb_object *obj, size_t sec_idx,
				  size_t insn)
{
	size_t i;

	for (i = 0; i < obj->nr_progs; i++) {
		struct bb_program *p = &obj->progs[i];

		if (p->sec_idx == sec_idx && insn >= p->sec_off &&
		    insn < p->sec_off + p->insn_cnt)
			return p;
	}
	return NULL;
}

static int reloc_push(struct bb_reloc **v, size_t *n, const struct bb_reloc *r)
{
	struct bb_reloc *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = *r;
	*v = nv;
	return 0;
}

static int reloc_store(struct bb_object *obj, size_t sec_idx,
		       struct bb_reloc *r)
{
	struct bb_program *prog;

	if (sec_idx == obj->text_idx)
		return reloc_push(&obj->text_relocs, &obj->nr_text_relocs, r);
	prog = prog_at(obj, sec_idx, r->info.insn_idx);
	if (!prog)
		return 0;	/* code outside any program: never loaded */
	r->info.insn_idx -= prog->sec_off;
	return reloc_push(&prog->relocs, &prog->nr_relocs, r);
}

static int relocs_of_section(struct bb_object *obj, const struct bb_sec *rs)
{
	size_t target = rs->shdr.sh_info, i, n;
	struct bb_reloc r;
	Elf64_Rel rel;
	int err;

	if (target == 0 || target >= obj->nr_secs) {
		bb_pr(obj, "relocation section %s targets section %zu, which does not exist.",
		      rs->name, target);
		return -EINVAL;
	}
	if (!(obj->secs[target].shdr.sh_flags & SHF_EXECINSTR))
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
		err = reloc_parse(obj, target, &rel, &r);
		if (!err)
			err = reloc_store(obj, target, &r);
		if (err)
			return err;
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
	return 0;
}

/* A program under construction: instructions plus BTF line/func info. */
struct link_state {
	struct bb_program *prog;
	struct bpf_insn *insns;
	size_t cnt, cap;
	void *finfo, *linfo;
	__u32 nfinfo, nlinfo;
	/* .text functions appended so far: their .text start, new start */
	struct { size_t text_start, len, new_start; } *subs;
	size_t nr_subs;
};

static int append_insns(struct link_state *ls, const struct bpf_insn *src,
			size_t n)
{
	struct bpf_insn *v;
	size_t cap = ls->cap;

	while (ls->cnt + n > cap)
		cap = cap ? cap * 2 : 256;
	if (cap != ls->cap) {
		v = realloc(ls->insns, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		ls->insns = v;
		ls->cap = cap;
	}
	memcpy(ls->insns + ls->cnt, src, n * sizeof(*src));
	ls->cnt += n;
	return 0;
}

static int append_ext_info(struct link_state *ls, const char *sec,
			   size_t start, size_t len, size_t new_start)
{
	const struct bb_object *obj = ls->prog->obj;
	int err;

	err = bb_btf_ext_info(obj, sec, start, len, new_start, false,
			      &ls->finfo, &ls->nfinfo);
	if (!err)
		err = bb_btf_ext_info(obj, sec, start, len, new_start, true,
				      &ls->linfo, &ls->nlinfo);
	return err;
}

/* New position of .text instruction @t, appending its function if new. */
static long sub_position(struct link_state *ls, size_t t)
{
	struct bb_object *obj = ls->prog->obj;
	const struct bb_sec *text = &obj->secs[obj->text_idx];
	const GElf_Sym *sym;
	size_t i, start, len;
	void *v;

	for (i = 0; i < ls->nr_subs; i++)
		if (t >= ls->subs[i].text_start &&
		    t < ls->subs[i].text_start + ls->subs[i].len)
			return ls->subs[i].new_start + t -
			       ls->subs[i].text_start;
	sym = text_func(obj, t);
	if (!sym) {
		bb_pr(obj, "program %s calls instruction %zu of .text, which is in no function.",
		      ls->prog->name, t);
		return -EINVAL;
	}
	start = sym->st_value / BPF_INSN_SZ;
	len = sym->st_size / BPF_INSN_SZ;
	v = realloc(ls->subs, (ls->nr_subs + 1) * sizeof(*ls->subs));
	if (!v)
		return -ENOMEM;
	ls->subs = v;
	ls->subs[ls->nr_subs].text_start = start;
	ls->subs[ls->nr_subs].len = len;
	ls->subs[ls->nr_subs].new_start = ls->cnt;
	ls->nr_subs++;
	if (append_ext_info(ls, ".text", start, len, ls->cnt) ||
	    append_insns(ls, (const struct bpf_insn *)text->data + start, len))
		return -ENOMEM;
	return ls->cnt - len + t - start;
}

static int fix_insn(struct link_state *ls, size_t j, const struct bb_reloc *r)
{
	struct bb_object *obj = ls->prog->obj;
	struct bpf_insn *insn = &ls->insns[j];
	long pos;

	switch (r->info.kind) {
	case BB_RELOC_MAP_FD:
	case BB_RELOC_MAP_VALUE:
		if (obj->maps[r->map_idx].fd < 0) {
			bb_pr(obj, "program %s uses map %s, which was not created.",
			      ls->prog->name, obj->maps[r->map_idx].name);
			return -ENOENT;
		}
		insn[0].imm = obj->maps[r->map_idx].fd;
		insn[0].src_reg = r->info.kind == BB_RELOC_MAP_FD ?
				  BPF_PSEUDO_MAP_FD : BPF_PSEUDO_MAP_VALUE;
		insn[1].imm = r->info.kind == BB_RELOC_MAP_FD ?
			      0 : (__s32)r->info.offset;
		return 0;
	case BB_RELOC_CALL:
	case BB_RELOC_FUNC:
		pos = sub_position(ls, r->sub_off);
		if (pos < 0)
			return pos;
		/* sub_position() may have moved the array. */
		insn = &ls->insns[j];
		insn->imm = pos - (long)(j + 1);
		if (r->info.kind == BB_RELOC_FUNC) {
			insn[0].src_reg = BPF_PSEUDO_FUNC;
			insn[1].imm = 0;
		}
		return 0;
	}
	return -EINVAL;
}

static const struct bb_reloc *find_reloc(const struct bb_reloc *v, size_t n,
					 size_t idx)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].info.insn_idx == idx)
			return &v[i];
	return NULL;
}

/*
 * Walk instructions [from, to) of the program being built, which came
 * from @src_start of the ELF: .text if @in_text, else the program.
 */
static int fix_range(struct link_state *ls, size_t from, size_t to,
		     size_t src_start, bool in_text)
{
	struct bb_object *obj = ls->prog->obj;
	const struct bb_reloc *r;
	struct bb_reloc local;
	struct bpf_insn *insn;
	size_t j, src;
	int err;

	for (j = from; j < to; j++) {
		src = src_start + (j - from);
		r = in_text ? find_reloc(obj->text_relocs,
					 obj->nr_text_relocs, src) :
			      find_reloc(ls->prog->relocs,
					 ls->prog->nr_relocs, src);
		insn = &ls->insns[j];
		if (!r && in_text && insn->code == JMP_CALL &&
		    insn->src_reg == BPF_PSEUDO_CALL) {
			/* A static call inside .text: relative, no reloc. */
			memset(&local, 0, sizeof(local));
			local.info.kind = BB_RELOC_CALL;
			local.sub_off = src + insn->imm + 1;
			r = &local;
		}
		if (r) {
			err = fix_insn(ls, j, r);
			if (err)
				return err;
		}
		if (ls->insns[j].code == LD_IMM64)
			j++;
	}
	return 0;
}

int bb_relocs_apply(struct bb_program *prog, struct bpf_insn **insnsp,
		    size_t *cntp, void **finfo, __u32 *nfinfo,
		    void **linfo, __u32 *nlinfo)
{
	struct link_state ls = { .prog = prog };
	size_t done, i;
	int err;

	err = append_insns(&ls, prog->insns, prog->insn_cnt);
	if (!err)
		err = append_ext_info(&ls, prog->sec_name, prog->sec_off,
				      prog->insn_cnt, 0);
	if (!err)
		err = fix_range(&ls, 0, prog->insn_cnt, 0, false);
	/* Appended functions can call further ones: walk until none left. */
	for (i = 0; !err && i < ls.nr_subs; i++) {
		done = ls.subs[i].new_start;
		err = fix_range(&ls, done, done + ls.subs[i].len,
				ls.subs[i].text_start, true);
	}
	free(ls.subs);
	if (err) {
		free(ls.insns);
		free(ls.finfo);
		free(ls.linfo);
		return err;
	}
	*insnsp = ls.insns;
	*cntp = ls.cnt;
	*finfo = ls.finfo;
	*nfinfo = ls.nfinfo;
	*linfo = ls.linfo;
	*nlinfo = ls.nlinfo;
	return 0;
}
