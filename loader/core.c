// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * core.c - CO-RE relocations: correct a program compiled against one
 * kernel's types for the kernel it is loaded into.
 *
 * For every record of .BTF.ext's CO-RE table, in the order clang wrote
 * them (that order matters, see find_cands()):
 *  1. parse the local spec: what the instruction accesses, in the
 *     object's own types (core_spec.c);
 *  2. find the candidates: kernel types of the same kind whose name,
 *     without a "___flavour" suffix, is the local type's (vmlinux first,
 *     modules only if vmlinux has none);
 *  3. match the spec against each candidate by field names; compute the
 *     value the instruction needs for the object's types (what clang
 *     put there) and for each matching candidate (what the kernel
 *     needs). All matching candidates must agree;
 *  4. patch the instruction: an immediate, a load/store offset (and its
 *     size, if the field's size changed), or a 64-bit constant. If no
 *     candidate matched, an existence check becomes 0, and anything else
 *     becomes a call to helper 0xbad2310: the verifier rejects it only if
 *     the program can reach it, which is what lets a program guard a
 *     field read with bpf_core_field_exists().
 * The rules are libbpf's, so both loaders give the kernel the same
 * instructions. Patching works on copies of the code sections, which
 * link.c then links from.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define POISON_HELPER	195896080	/* 0xbad2310: "bad relo" */

struct core_cand {
	const struct bb_btf *btf;
	__u32 id;
};

/* Candidates of one local type, pruned as records rule some out. */
struct core_cands {
	struct core_cand *v;
	size_t n;
	bool found;		/* searched already */
};

/* What one record computes to. */
struct core_res {
	__u64 orig;		/* what clang put in the instruction */
	__u64 val;		/* what the kernel needs there */
	__u32 orig_sz, new_sz;	/* field sizes, for loads and stores */
	__u32 orig_type, new_type;
	bool poison;
	bool validate;		/* the instruction must hold orig now */
	bool bad_memsz;		/* sizes differ in a way a load can't fix */
};

struct core_ctx {
	struct bb_object *obj;
	struct core_cands *cache;	/* by local type id */
};

static const struct btf_type core_void;

static const struct btf_type *type_or_void(const struct bb_btf *btf, __u32 id)
{
	return id ? btf_type_by_id(btf, id) : &core_void;
}

static int cmp_cand(const void *a, const void *b)
{
	const struct core_cand *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* @btf's types of @kind named as the local type, after c->v[0..c->n). */
static int add_cands_kind(struct core_cands *c, struct bb_btf *btf,
			  __u16 kind, const char *name, size_t ess)
{
	__u32 *ids = NULL;
	int n, i, err = 0;
	struct core_cand *v;

	n = bb_btf_find_ess(btf, kind, name, ess, NULL, 0);
	if (n <= 0)
		return n;
	ids = calloc(n, sizeof(*ids));
	v = realloc(c->v, (c->n + n) * sizeof(*v));
	if (v)
		c->v = v;
	if (!ids || !v) {
		err = -ENOMEM;
		goto free_ids;
	}
	bb_btf_find_ess(btf, kind, name, ess, ids, n);
	for (i = 0; i < n; i++)
		c->v[c->n++] = (struct core_cand){ btf, ids[i] };
free_ids:
	free(ids);
	return err;
}

/*
 * Candidates of the local type's kind (an enum and an enum64 are one
 * kind here), in id order as libbpf lists them.
 */
static int add_cands(struct core_cands *c, const struct btf_type *local_t,
		     struct bb_btf *btf, const char *name, size_t ess)
{
	size_t first = c->n;
	int err;

	if (!btf_is_any_enum(local_t))
		return add_cands_kind(c, btf, btf_kind(local_t), name, ess);
	err = add_cands_kind(c, btf, BTF_KIND_ENUM, name, ess);
	if (!err)
		err = add_cands_kind(c, btf, BTF_KIND_ENUM64, name, ess);
	if (!err && c->n - first > 1)
		qsort(c->v + first, c->n - first, sizeof(*c->v), cmp_cand);
	return err;
}

/*
 * Candidates for local type @id, searched once per type and cached: the
 * list is pruned to the candidates that matched each record so far, so
 * a later record sees only those (libbpf does the same, and so the order
 * of the records matters).
 */
static int find_cands(struct core_ctx *ctx, __u32 id, struct core_cands **cp)
{
	struct bb_object *obj = ctx->obj;
	const struct btf_type *t = btf_type_by_id(obj->btf, id);
	struct core_cands *c = &ctx->cache[id];
	const char *name = btf_str(obj->btf, t->name_off);
	struct bb_btf *vmlinux, **mods;
	size_t ess, i, nr;
	int err;

	*cp = c;
	if (c->found)
		return 0;
	c->found = true;
	ess = bb_essential_name_len(name);
	err = bb_kernel_btf(obj, &vmlinux);
	if (!err)
		err = add_cands(c, t, vmlinux, name, ess);
	if (err || c->n || obj->kernel_btf_path)
		return err;
	err = bb_kernel_btf_modules(obj, &mods, &nr);
	for (i = 0; !err && i < nr; i++)
		err = add_cands(c, t, mods[i], name, ess);
	return err;
}

/*
 * The smallest aligned load that holds the whole bitfield at bits
 * @bit_off to @bit_off + @bit_sz: from @byte_sz bytes (its type's size),
 * doubled while the bitfield straddles the load, up to 8.
 */
static int bitfield_load(__u32 bit_off, __u32 bit_sz, __u32 *byte_off,
			 __u32 *byte_sz)
{
	__u32 sz = *byte_sz, off;

	if (!sz)
		return -EINVAL;
	off = bit_off / 8 / sz * sz;
	while (bit_off + bit_sz - off * 8 > sz * 8) {
		if (sz >= 8)
			return -E2BIG;
		sz *= 2;
		off = bit_off / 8 / sz * sz;
	}
	*byte_off = off;
	*byte_sz = sz;
	return 0;
}

/* A named struct/union member: its bit offset, size and sign decide. */
static int calc_member(const struct bpf_core_relo *r,
		       const struct core_spec *spec, __u64 *val, __u32 *sz,
		       __u32 *type_id, bool *validate)
{
	const struct core_acc *acc = &spec->acc[spec->len - 1];
	const struct btf_type *t = btf_type_by_id(spec->btf, acc->type_id);
	const struct btf_member *m = (const void *)(t + 1);
	__u32 bit_off = spec->bit_off, bit_sz, byte_off, byte_sz, fid;
	const struct btf_type *mt;
	long long s;
	int err;

	mt = core_skip_mods(spec->btf, m[acc->idx].type, &fid);
	if (!mt)
		return -EINVAL;
	bit_sz = btf_member_bitfield_size(t, acc->idx);
	if (bit_sz) {
		byte_sz = mt->size;
		err = bitfield_load(bit_off, bit_sz, &byte_off, &byte_sz);
		if (err)
			return err;
	} else {
		s = bb_btf_resolve_size(spec->btf, fid);
		if (s < 0)
			return -EINVAL;
		byte_sz = s;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	/* Bitfields: the compiler may have chosen another load. */
	if (validate)
		*validate = !btf_member_bitfield_size(t, acc->idx);
	switch (r->kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		if (!btf_member_bitfield_size(t, acc->idx)) {
			*sz = byte_sz;
			*type_id = fid;
		}
		return 0;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		return 0;
	case BPF_CORE_FIELD_SIGNED:
		*val = (btf_is_any_enum(mt) && BTF_INFO_KFLAG(mt->info)) ||
		       (btf_kind(mt) == BTF_KIND_INT &&
			(BTF_INT_ENCODING(btf_int_info(mt)) & BTF_INT_SIGNED));
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:	/* little endian, as BPF here */
		*val = 64 - (bit_off + bit_sz - byte_off * 8);
		return 0;
	case BPF_CORE_FIELD_RSHIFT_U64:
		*val = 64 - bit_sz;
		break;
	default:
		return -EOPNOTSUPP;
	}
	/* sign and right shift: never ambiguous */
	if (validate)
		*validate = true;
	return 0;
}

/*
 * Value of a field record for @spec (NULL: nothing matched). -EUCLEAN
 * asks for the instruction to be poisoned.
 */
static int calc_field(const struct bpf_core_relo *r,
		      const struct core_spec *spec, __u64 *val, __u32 *sz,
		      __u32 *type_id, bool *validate)
{
	const struct core_acc *acc;
	long long s;

	*sz = 0;
	if (r->kind == BPF_CORE_FIELD_EXISTS) {
		*val = spec != NULL;
		return 0;
	}
	if (!spec)
		return -EUCLEAN;
	acc = &spec->acc[spec->len - 1];
	if (acc->name)
		return calc_member(r, spec, val, sz, type_id, validate);
	/* an array element, or the root itself */
	if (r->kind != BPF_CORE_FIELD_BYTE_OFFSET &&
	    r->kind != BPF_CORE_FIELD_BYTE_SIZE)
		return -EINVAL;
	s = bb_btf_resolve_size(spec->btf, acc->type_id);
	if (s < 0)
		return -EINVAL;
	if (r->kind == BPF_CORE_FIELD_BYTE_OFFSET) {
		*val = spec->bit_off / 8;
		*sz = s;
		*type_id = acc->type_id;
	} else {
		*val = s;
	}
	if (validate)
		*validate = true;
	return 0;
}

static int calc_type(const struct bpf_core_relo *r,
		     const struct core_spec *spec, __u64 *val, bool *validate)
{
	long long s;

	if (validate)
		*validate = true;
	if (!spec) {
		*val = 0;	/* type-based records: 0 when not found */
		return 0;
	}
	switch (r->kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = spec->root_id;
		if (validate)
			*validate = false;	/* ids change when linked */
		return 0;
	case BPF_CORE_TYPE_EXISTS:
	case BPF_CORE_TYPE_MATCHES:
		*val = 1;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		s = bb_btf_resolve_size(spec->btf, spec->root_id);
		if (s < 0)
			return -EINVAL;
		*val = s;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int calc_enumval(const struct bpf_core_relo *r,
			const struct core_spec *spec, __u64 *val)
{
	const struct btf_type *t;
	const struct btf_enum64 *e64;

	if (r->kind == BPF_CORE_ENUMVAL_EXISTS) {
		*val = spec != NULL;
		return 0;
	}
	if (r->kind != BPF_CORE_ENUMVAL_VALUE)
		return -EOPNOTSUPP;
	if (!spec)
		return -EUCLEAN;
	t = btf_type_by_id(spec->btf, spec->acc[0].type_id);
	if (btf_kind(t) == BTF_KIND_ENUM) {
		/* a signed 32-bit value, widened as C widens it */
		*val = (__u64)(__s64)((const struct btf_enum *)(t + 1))
			[spec->acc[0].idx].val;
	} else {
		e64 = (const struct btf_enum64 *)(t + 1) + spec->acc[0].idx;
		*val = (__u64)e64->val_hi32 << 32 | e64->val_lo32;
	}
	return 0;
}

/*
 * A load or store may change size with its field only where the value
 * reads the same either way: pointers, and unsigned integers (both are
 * zero-extended). Anything else would read a wrong value.
 */
static bool memsz_adjustable(const struct core_spec *local,
			     const struct core_spec *targ,
			     const struct core_res *res)
{
	const struct btf_type *o = type_or_void(local->btf, res->orig_type);
	const struct btf_type *n = type_or_void(targ->btf, res->new_type);

	if (!o || !n)
		return false;
	if (btf_kind(o) == BTF_KIND_PTR && btf_kind(n) == BTF_KIND_PTR)
		return true;
	return btf_kind(o) == BTF_KIND_INT && btf_kind(n) == BTF_KIND_INT &&
	       BTF_INT_ENCODING(btf_int_info(o)) != BTF_INT_SIGNED &&
	       BTF_INT_ENCODING(btf_int_info(n)) != BTF_INT_SIGNED;
}

/* Original and new value of record @r; @targ NULL when nothing matched. */
static int calc_relo(const struct bpf_core_relo *r,
		     const struct core_spec *local,
		     const struct core_spec *targ, struct core_res *res)
{
	int err = -EOPNOTSUPP;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (core_kind_is_field(r->kind)) {
		err = calc_field(r, local, &res->orig, &res->orig_sz,
				 &res->orig_type, &res->validate);
		if (!err)
			err = calc_field(r, targ, &res->val, &res->new_sz,
					 &res->new_type, NULL);
		if (!err && res->orig_sz != res->new_sz)
			res->bad_memsz = !memsz_adjustable(local, targ, res);
	} else if (core_kind_is_type(r->kind)) {
		err = calc_type(r, local, &res->orig, &res->validate);
		if (!err)
			err = calc_type(r, targ, &res->val, NULL);
	} else if (core_kind_is_enumval(r->kind)) {
		err = calc_enumval(r, local, &res->orig);
		if (!err)
			err = calc_enumval(r, targ, &res->val);
	}
	if (err == -EUCLEAN) {
		res->poison = true;
		err = 0;
	}
	return err;
}

/* Everything a record resolves to, kept for bpfobj's CO-RE view. */
static int keep_result(struct bb_object *obj, const struct bb_core_result *r)
{
	struct bb_core_result *v = obj->core_results;
	size_t n = obj->nr_core_results;

	if (!(n & (n - 1))) {		/* 0, 1, 2, 4, ...: grow */
		v = realloc(v, (n ? n * 2 : 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		obj->core_results = v;
	}
	v[obj->nr_core_results++] = *r;
	return 0;
}

/*
 * Match every candidate; all that match must agree on the offset and the
 * value. @out describes the outcome for the CO-RE view.
 */
static int resolve_cands(const struct bpf_core_relo *r,
			 const struct core_spec *local,
			 struct core_cands *c, struct core_res *res,
			 struct bb_core_result *out)
{
	struct core_spec cand, targ;
	struct core_res cres;
	size_t i, kept = 0;
	int err;

	for (i = 0; i < c->n; i++) {
		err = core_spec_match(local, c->v[i].btf, c->v[i].id, &cand);
		if (err < 0)
			return err;
		if (!err)
			continue;
		err = calc_relo(r, local, &cand, &cres);
		if (err)
			return err;
		if (!kept) {
			*res = cres;
			targ = cand;
		} else if (cand.bit_off != targ.bit_off ||
			   cres.poison != res->poison || cres.val != res->val) {
			snprintf(out->target, sizeof(out->target),
				 "candidates disagree: %llu and %llu",
				 (unsigned long long)res->val,
				 (unsigned long long)cres.val);
			return -ENOTUNIQ;
		}
		c->v[kept++] = c->v[i];
	}
	if (kept) {
		c->n = kept;	/* later records of this type try only these */
		core_format_spec(out->target, sizeof(out->target), &targ);
		return 0;
	}
	out->target[0] = '\0';
	return calc_relo(r, local, NULL, res);
}

/* An instruction CO-RE could not resolve: fails only if it is reached. */
static void poison_insn(struct bpf_insn *insn)
{
	int i, n = insn->code == (BPF_LD | BPF_IMM | BPF_DW) ? 2 : 1;

	for (i = 0; i < n; i++)
		insn[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
					     .imm = POISON_HELPER };
}

static int size_code(__u32 bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	default: return -1;
	}
}

/* rX = *(T *)(rY + off), *(T *)(rX + off) = rY or imm: patch the offset. */
static const char *patch_mem(struct bpf_insn *insn, const struct core_res *res)
{
	int sz = size_code(res->orig_sz);

	if (res->validate && (__u64)(__s64)insn->off != res->orig)
		return "its offset is not the one the object's types give";
	if (res->val > SHRT_MAX)
		return "the kernel's offset does not fit an instruction";
	if (res->bad_memsz) {
		poison_insn(insn);
		return NULL;
	}
	insn->off = res->val;
	if (res->new_sz == res->orig_sz)
		return NULL;
	if (sz < 0 || BPF_SIZE(insn->code) != sz ||
	    size_code(res->new_sz) < 0)
		return "its access size does not fit the field";
	insn->code = BPF_MODE(insn->code) | size_code(res->new_sz) |
		     BPF_CLASS(insn->code);
	return NULL;
}

/*
 * Put the new value in the instruction, which must hold the original
 * (unless a bitfield or a type id, where the compiler may differ). NULL,
 * or why the instruction cannot take it.
 */
static const char *patch_insn(struct bpf_insn *insn, const struct core_res *res)
{
	__u64 imm;

	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(insn->code) != BPF_K)
			return "it has no immediate operand";
		break;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		break;
	case BPF_LD:
		if (insn[0].code != (BPF_LD | BPF_IMM | BPF_DW) ||
		    insn[0].src_reg || insn[0].off || insn[1].code ||
		    insn[1].dst_reg || insn[1].src_reg || insn[1].off)
			return "it is not a plain 64-bit constant load";
		break;
	default:
		return "the loader does not relocate this kind of instruction";
	}
	if (res->poison) {
		poison_insn(insn);
		return NULL;
	}
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (res->validate && (__u64)(__s64)insn->imm != res->orig)
			return "its immediate is not the one the object's types give";
		insn->imm = res->val;
		return NULL;
	case BPF_LD:
		imm = (__u32)insn[0].imm | (__u64)insn[1].imm << 32;
		if (res->validate && imm != res->orig)
			return "its constant is not the one the object's types give";
		insn[0].imm = res->val;
		insn[1].imm = res->val >> 32;
		return NULL;
	default:
		return patch_mem(insn, res);
	}
}

/* Where a record's instruction lives, and whether it is relocated. */
struct core_site {
	const char *func;	/* program or .text function */
	size_t end;		/* its end, in section instructions */
	bool skip;		/* in no function, or in one not loaded */
};

static struct core_site core_site(const struct bb_object *obj,
				  size_t sec_idx, size_t insn)
{
	struct core_site s = { .skip = true };
	const struct bb_program *p;
	const struct bb_func *f;

	if (sec_idx == obj->text_idx) {
		/* subprograms are relocated whoever calls them, as in libbpf */
		f = bb_text_func(obj, insn);
		if (f)
			s = (struct core_site){ bb_sym_name(obj, f->sym),
						f->start + f->len, false };
		return s;
	}
	p = bb_prog_at(obj, sec_idx, insn);
	if (p && p->autoload)
		s = (struct core_site){ p->name, p->sec_off + p->insn_cnt,
					false };
	return s;
}

static int resolve_record(struct core_ctx *ctx, const struct bpf_core_relo *r,
			  struct core_res *res, struct bb_core_result *out)
{
	struct bb_object *obj = ctx->obj;
	const struct btf_type *t = btf_type_by_id(obj->btf, r->type_id);
	struct core_spec local;
	struct core_cands *c;
	int err;

	if (!t || core_parse_spec(obj->btf, r, &local)) {
		snprintf(out->local, sizeof(out->local),
			 "type %u, access \"%s\": not valid in the object's BTF",
			 r->type_id,
			 btf_str(obj->btf, r->access_str_off) ?: "?");
		return -EINVAL;
	}
	core_format_spec(out->local, sizeof(out->local), &local);
	if (r->kind == BPF_CORE_TYPE_ID_LOCAL) {
		/* the object's own type id: nothing to look up */
		*res = (struct core_res){ .orig = r->type_id,
					  .val = r->type_id };
		snprintf(out->target, sizeof(out->target),
			 "(the object's own)");
		return 0;
	}
	if (!t->name_off || !*btf_str(obj->btf, t->name_off)) {
		snprintf(out->target, sizeof(out->target),
			 "anonymous types have no kernel namesake");
		return -EOPNOTSUPP;
	}
	err = find_cands(ctx, r->type_id, &c);
	if (err)
		return err;
	out->nr_cands = c->n;
	return resolve_cands(r, &local, c, res, out);
}

static int relocate_one(struct core_ctx *ctx, size_t sec_idx,
			const struct bpf_core_relo *r, __u32 nth)
{
	struct bb_object *obj = ctx->obj;
	__u32 idx = r->insn_off / BPF_INSN_SZ;
	struct core_site site = core_site(obj, sec_idx, idx);
	struct bb_core_result out;
	const char *why = NULL;
	struct bpf_insn *insn;
	struct core_res res;
	int err;

	if (r->insn_off % BPF_INSN_SZ) {
		bb_pr(obj, "section %s: CO-RE relocation %u is not at an instruction.",
		      obj->secs[sec_idx].name, nth);
		return -EINVAL;
	}
	if (site.skip)
		return 0;
	insn = &obj->code[sec_idx][idx];	/* inside site.func */
	out = (struct bb_core_result){ .section = obj->secs[sec_idx].name,
				       .func = site.func, .insn_idx = idx,
				       .kind = core_kind_name(r->kind) };
	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && idx + 1 >= site.end)
		why = "its ld_imm64 has no second half";
	err = why ? -EINVAL : resolve_record(ctx, r, &res, &out);
	if (!err) {
		out.orig_val = res.orig;
		out.new_val = res.val;
		why = patch_insn(insn, &res);
		out.poisoned = insn->code == (BPF_JMP | BPF_CALL) &&
			       insn->imm == POISON_HELPER;
		err = why ? -EINVAL : keep_result(obj, &out);
	}
	if (err && err != -ENOMEM)
		bb_pr(obj, "program %s: CO-RE relocation %s at insn %u of %s (%s): %s.",
		      site.func, out.kind, idx, out.section, out.local,
		      why ?: out.target[0] ? out.target : bb_strerror(err));
	return err;
}

/* The code of @sec_idx as link.c should copy it: CO-RE patched or not. */
const struct bpf_insn *bb_code(const struct bb_object *obj, size_t sec_idx)
{
	return obj->code && obj->code[sec_idx] ? obj->code[sec_idx] :
	       (const struct bpf_insn *)obj->secs[sec_idx].data;
}

void bb_core_free(struct bb_object *obj)
{
	size_t i;

	for (i = 0; obj->code && i < obj->nr_secs; i++)
		free(obj->code[i]);
	free(obj->code);
	obj->code = NULL;
	free(obj->core_results);
	obj->core_results = NULL;
	obj->nr_core_results = 0;
}

/* A private copy of code section @name, for patching. */
static int core_section(struct bb_object *obj, const char *name, size_t *idx)
{
	const struct bb_sec *sec = bb_sec_by_name(obj, name, idx);

	if (!sec || !(sec->shdr.sh_flags & SHF_EXECINSTR)) {
		bb_pr(obj, "section .BTF.ext has CO-RE relocations for %s, which is not code of this object.",
		      name);
		return -EINVAL;
	}
	if (obj->code[*idx])
		return 0;
	obj->code[*idx] = malloc(sec->size ? sec->size : 1);
	if (!obj->code[*idx])
		return -ENOMEM;
	memcpy(obj->code[*idx], sec->data, sec->size);
	return 0;
}

static void cache_free(struct core_ctx *ctx, __u32 n)
{
	__u32 i;

	for (i = 0; ctx->cache && i <= n; i++)
		free(ctx->cache[i].v);
	free(ctx->cache);
}

/*
 * Apply every CO-RE relocation of the programs that will be loaded (and
 * of all .text functions), in the order .BTF.ext lists them.
 */
int bb_core_apply(struct bb_object *obj)
{
	struct core_ctx ctx = { .obj = obj };
	const char *p, *name;
	__u32 n, rec_size, i;
	struct bpf_core_relo r;
	size_t pos = 0, sec;
	int err = 0;

	bb_core_free(obj);
	if (!obj->btf || !bb_btf_ext_group(obj, BB_EXT_CORE, &pos, &name, &n,
					    &rec_size))
		return 0;
	obj->code = calloc(obj->nr_secs, sizeof(*obj->code));
	ctx.cache = calloc(btf_last_id(obj->btf) + 1, sizeof(*ctx.cache));
	if (!obj->code || !ctx.cache) {
		err = -ENOMEM;
		goto out;
	}
	pos = 0;
	while (!err && (p = bb_btf_ext_group(obj, BB_EXT_CORE, &pos, &name, &n,
					     &rec_size))) {
		err = core_section(obj, name, &sec);
		for (i = 0; !err && i < n; i++, p += rec_size) {
			memcpy(&r, p, sizeof(r));
			err = relocate_one(&ctx, sec, &r, i);
		}
	}
out:
	cache_free(&ctx, btf_last_id(obj->btf));
	return err;
}

size_t bb_object__core_result_count(const struct bb_object *obj)
{
	return obj->nr_core_results;
}

const struct bb_core_result *bb_object__core_result(const struct bb_object *obj,
						    size_t i)
{
	return i < obj->nr_core_results ? &obj->core_results[i] : NULL;
}
