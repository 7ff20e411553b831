// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * link.c - a program as the kernel will get it.
 *
 * The kernel wants one flat instruction array per program. Linking copies
 * the program's instructions, appends each .text function it calls (once,
 * and the functions those call), rewrites every call relative to the new
 * positions, notes which ld_imm64 instructions get a map's fd, and gathers
 * the BTF func and line info of every piece.
 *
 * Nothing here touches the kernel: bb_object__prepare() links every
 * program before bb_object__load() creates anything. The code comes from
 * bb_code(): the sections as core.c patched them for this kernel; the
 * externs' values come from externs.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LD_IMM64	(BPF_LD | BPF_IMM | BPF_DW)
#define JMP_CALL	(BPF_JMP | BPF_CALL)

/* Linked instructions an object may add up to: 128 MiB of them. */
#define LINKED_MAX	(16U << 20)

/*
 * A stretch of the program being built that is still to be walked:
 * instructions [j, to) of it came from @src_start + (j - from) of .text
 * (@in_text) or of the program's section.
 */
struct walk {
	size_t j, from, to;
	size_t src_start;
	bool in_text;
};

struct link_state {
	struct bb_program *prog;
	struct bb_linked *l;
	size_t cap;		/* room in l->insns */
	size_t *placed;		/* per .text function: new start + 1, or 0 */
	/*
	 * Depth first, as libbpf: a function is walked as soon as it is
	 * appended, before its caller goes on, so that both loaders put
	 * the functions in the same order.
	 */
	struct walk *stack;	/* one per .text function, plus the program */
	size_t depth;
};

void bb_linked_free(struct bb_linked *l)
{
	free(l->insns);
	free(l->finfo);
	free(l->linfo);
	free(l->uses);
	memset(l, 0, sizeof(*l));
}

static int append_insns(struct link_state *ls, const struct bpf_insn *src,
			size_t n)
{
	struct bb_linked *l = ls->l;
	struct bpf_insn *v;
	size_t cap = ls->cap;

	if (n > BPF_MAXINSNS * 256 || l->cnt + n > BPF_MAXINSNS * 256)
		return -E2BIG;
	while (l->cnt + n > cap)
		cap = cap ? cap * 2 : 256;
	if (cap != ls->cap) {
		v = realloc(l->insns, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->insns = v;
		ls->cap = cap;
	}
	memcpy(l->insns + l->cnt, src, n * sizeof(*src));
	l->cnt += n;
	return 0;
}

/* Func/line info of [start, start + len) of @sec. */
static int append_ext_info(struct link_state *ls, const char *sec,
			   size_t start, size_t len, size_t new_start)
{
	const struct bb_object *obj = ls->prog->obj;
	struct bb_linked *l = ls->l;
	int err;

	err = bb_btf_ext_info(obj, sec, start, len, new_start, false,
			      &l->finfo, &l->nfinfo);
	if (!err)
		err = bb_btf_ext_info(obj, sec, start, len, new_start, true,
				      &l->linfo, &l->nlinfo);
	return err;
}

/* New position of .text instruction @t, appending its function if new. */
static long sub_position(struct link_state *ls, size_t t)
{
	struct bb_object *obj = ls->prog->obj;
	const struct bb_func *f = bb_text_func(obj, t);
	size_t i, start;
	int err;

	if (!f) {
		bb_pr(obj, "program %s calls instruction %zu of .text, which is in no function.",
		      ls->prog->name, t);
		return -EINVAL;
	}
	i = f - obj->funcs;
	if (ls->placed[i])
		return ls->placed[i] - 1 + t - f->start;
	start = ls->l->cnt;
	ls->placed[i] = start + 1;
	ls->stack[ls->depth++] = (struct walk){ start, start, start + f->len,
						f->start, true };
	err = append_ext_info(ls, ".text", f->start, f->len, start);
	if (!err)
		err = append_insns(ls, bb_code(obj, obj->text_idx) + f->start,
				   f->len);
	if (err)
		return err;
	return start + t - f->start;
}

static int add_map_use(struct link_state *ls, size_t insn, int map_idx)
{
	struct bb_linked *l = ls->l;
	struct bb_map_use *v = l->uses;

	if (!(l->nr_uses & (l->nr_uses - 1))) {	/* 0, 1, 2, 4, ...: grow */
		v = realloc(v, (l->nr_uses ? l->nr_uses * 2 : 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->uses = v;
	}
	v[l->nr_uses++] = (struct bb_map_use){ insn, map_idx };
	return 0;
}

/*
 * An extern's value, as externs.c resolved it: a .kconfig value is read
 * from the .kconfig map like global data; a typed kernel variable is
 * named by its BTF id, an untyped one by its address; a kfunc is called
 * by its BTF id (and its "address", for bpf_ksym_exists(), is its BTF
 * id too). A __weak one the kernel lacks is 0.
 */
static int fix_extern(struct link_state *ls, size_t j,
		      const struct bb_extern *x)
{
	const struct bb_object *obj = ls->prog->obj;
	struct bpf_insn *insn = &ls->l->insns[j];

	if (x->kconfig) {
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[0].imm = 0;
		insn[1].imm = x->data_off;
		return add_map_use(ls, j, bb_kconfig_map(obj) - obj->maps);
	}
	if (insn->code == JMP_CALL) {
		insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
		insn->imm = x->set ? x->kernel_btf_id : 0;
		insn->off = 0;		/* vmlinux, not a module */
		return 0;
	}
	if (x->type_id && x->set) {
		insn[0].src_reg = BPF_PSEUDO_BTF_ID;
		insn[0].imm = x->kernel_btf_id;
		insn[1].imm = 0;	/* vmlinux's BTF */
		return 0;
	}
	insn[0].imm = (__u32)x->addr;
	insn[1].imm = x->addr >> 32;
	return 0;
}

/* Apply relocation @r to instruction @j of the program being linked. */
static int fix_insn(struct link_state *ls, size_t j, const struct bb_reloc *r)
{
	struct bpf_insn *insn = &ls->l->insns[j];
	long pos;

	switch (r->info.kind) {
	case BB_RELOC_MAP_FD:
	case BB_RELOC_MAP_VALUE:
		/* The fd itself is only known at load: prog.c sets imm. */
		insn[0].imm = 0;
		insn[0].src_reg = r->info.kind == BB_RELOC_MAP_FD ?
				  BPF_PSEUDO_MAP_FD : BPF_PSEUDO_MAP_VALUE;
		insn[1].imm = r->info.kind == BB_RELOC_MAP_FD ?
			      0 : (__s32)r->info.offset;
		return add_map_use(ls, j, r->map_idx);
	case BB_RELOC_CALL:
	case BB_RELOC_FUNC:
		pos = sub_position(ls, r->sub_off);
		if (pos < 0)
			return pos;
		/* sub_position() may have moved the array. */
		insn = &ls->l->insns[j];
		insn->imm = pos - (long)(j + 1);
		if (r->info.kind == BB_RELOC_FUNC) {
			insn[0].src_reg = BPF_PSEUDO_FUNC;
			insn[1].imm = 0;
		}
		return 0;
	case BB_RELOC_EXTERN:
		return fix_extern(ls, j, &ls->prog->obj->externs[r->ext_idx]);
	}
	return -EINVAL;
}

static const struct bb_reloc *find_reloc(const struct bb_reloc *v, size_t n,
					 size_t idx)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].info.insn_idx == idx)
			return &v[mid];
		if (v[mid].info.insn_idx < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * An instruction without a relocation must not need one: a ld_imm64 that
 * names a map fd or a function by itself would refer to whatever our
 * process has open under that number, and a call that leaves its program
 * would run code that was never linked in.
 */
static int check_unrelocated(struct link_state *ls, size_t j, size_t from,
			     size_t to, size_t src, bool in_text,
			     struct bb_reloc *local)
{
	const struct bpf_insn *insn = &ls->l->insns[j];
	const char *prog = ls->prog->name;
	long target = (long)j + insn->imm + 1;

	if (insn->code == LD_IMM64 && insn->src_reg) {
		bb_pr(ls->prog->obj, "program %s: insn %zu is a ld_imm64 of kind %u without a relocation.",
		      prog, j, insn->src_reg);
		return -EINVAL;
	}
	if (insn->code != JMP_CALL || insn->src_reg != BPF_PSEUDO_CALL)
		return 0;
	if (in_text) {
		/* A static call inside .text: relative, no relocation. */
		memset(local, 0, sizeof(*local));
		local->info.kind = BB_RELOC_CALL;
		local->sub_off = src + insn->imm + 1;
		return 1;
	}
	if (target < (long)from || target >= (long)to) {
		bb_pr(ls->prog->obj, "program %s: the call at insn %zu leaves the program and has no relocation.",
		      prog, j);
		return -EINVAL;
	}
	return 0;
}

/* Link instruction w->j of the program being built, and step over it. */
static int walk_step(struct link_state *ls, struct walk *w)
{
	struct bb_object *obj = ls->prog->obj;
	size_t j = w->j, src = w->src_start + (j - w->from);
	const struct bb_reloc *r;
	struct bb_reloc local;
	int err;

	if (ls->l->insns[j].code == LD_IMM64 && j + 1 >= w->to) {
		bb_pr(obj, "program %s: the ld_imm64 at insn %zu has no second half.",
		      ls->prog->name, j);
		return -EINVAL;
	}
	r = w->in_text ? find_reloc(obj->text_relocs, obj->nr_text_relocs,
				    src) :
			 find_reloc(ls->prog->relocs, ls->prog->nr_relocs, src);
	if (!r) {
		err = check_unrelocated(ls, j, w->from, w->to, src, w->in_text,
					&local);
		if (err < 0)
			return err;
		if (err > 0)
			r = &local;
	}
	if (r) {
		err = fix_insn(ls, j, r);	/* may push a function */
		if (err)
			return err;
	}
	w->j += ls->l->insns[j].code == LD_IMM64 ? 2 : 1;
	return 0;
}

/* Walk the program, then each function it appends, depth first. */
static int walk_all(struct link_state *ls)
{
	struct walk *w;
	int err;

	while (ls->depth) {
		w = &ls->stack[ls->depth - 1];
		if (w->j >= w->to) {
			ls->depth--;
			continue;
		}
		err = walk_step(ls, w);
		if (err)
			return err;
	}
	return 0;
}

static int link_one(struct bb_program *prog)
{
	struct link_state ls = { .prog = prog, .l = &prog->linked };
	size_t nf = prog->obj->nr_funcs;
	int err = -ENOMEM;

	bb_linked_free(&prog->linked);
	ls.placed = calloc(nf ? nf : 1, sizeof(*ls.placed));
	ls.stack = calloc(nf + 1, sizeof(*ls.stack));
	if (ls.placed && ls.stack)
		err = append_insns(&ls, bb_code(prog->obj, prog->sec_idx) +
				   prog->sec_off, prog->insn_cnt);
	if (!err)
		err = append_ext_info(&ls, prog->sec_name, prog->sec_off,
				      prog->insn_cnt, 0);
	if (!err) {
		/* a program's relocations count from its first insn */
		ls.stack[ls.depth++] = (struct walk){ 0, 0, prog->insn_cnt,
						      0, false };
		err = walk_all(&ls);
	}
	if (err == -E2BIG)
		bb_pr(prog->obj, "program %s is too large to link.",
		      prog->name);
	free(ls.placed);
	free(ls.stack);
	if (err)
		bb_linked_free(&prog->linked);
	return err;
}

int bb_progs_link(struct bb_object *obj)
{
	size_t i, total = 0;
	int err;

	for (i = 0; i < obj->nr_progs; i++) {
		if (!obj->progs[i].autoload)
			continue;
		err = link_one(&obj->progs[i]);
		if (err)
			return err;
		total += obj->progs[i].linked.cnt;
		if (total > LINKED_MAX) {
			bb_pr(obj, "its programs link to more than %u instructions.",
			      LINKED_MAX);
			return -E2BIG;
		}
	}
	return 0;
}
