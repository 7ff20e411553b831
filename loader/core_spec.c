// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * core_spec.c - what a CO-RE record means, and whether a kernel type has
 * the same thing.
 *
 * clang records, for each instruction that depends on a kernel type's
 * layout, a struct bpf_core_relo: the instruction, a local (object BTF)
 * type, an access string and a kind. For p->a.b[3] on a struct s *p the
 * access string is "0:1:0:3": element 0 of the pointer, member 1 of s
 * (a), member 0 of a's type (b), element 3 of the array b. Members are
 * given by index; it is their *names* that carry over to another kernel,
 * so the spec keeps the names of the steps that have one, and matching
 * walks the kernel's type by those names, through anonymous structs and
 * unions if it must.
 *
 * The rules are libbpf's (tools/lib/bpf/relo_core.c), so that an object
 * relocates to the same instructions with either loader.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

/* Type 0 is void: kind 0, no name, no size. */
static const struct btf_type core_void;

const struct btf_type *core_skip_mods(const struct bb_btf *btf, __u32 id,
				      __u32 *res_id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		if (res_id)
			*res_id = id;
		t = id ? btf_type_by_id(btf, id) : &core_void;
		if (!t)
			return NULL;
		if (!btf_is_mod(t))
			return t;
		id = t->type;
	}
	return NULL;
}

static const struct btf_type *core_type(const struct bb_btf *btf, __u32 id)
{
	return id ? btf_type_by_id(btf, id) : &core_void;
}

/* The name of member, enumerator or parameter @i of @t ("" if none). */
const char *core_item_name(const struct bb_btf *btf, const struct btf_type *t,
			   int i)
{
	__u32 off;

	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		off = ((const struct btf_member *)(t + 1))[i].name_off;
		break;
	case BTF_KIND_ENUM:
		off = ((const struct btf_enum *)(t + 1))[i].name_off;
		break;
	case BTF_KIND_ENUM64:
		off = ((const struct btf_enum64 *)(t + 1))[i].name_off;
		break;
	default:
		return "";
	}
	return btf_str(btf, off) ?: "";
}

static bool names_match(const struct bb_btf *a, __u32 a_off,
			const struct bb_btf *b, __u32 b_off)
{
	const char *x = btf_str(a, a_off) ?: "", *y = btf_str(b, b_off) ?: "";
	size_t n = bb_essential_name_len(x);

	if (!*y)
		return !*x;
	return n == bb_essential_name_len(y) && !strncmp(x, y, n);
}

/* A zero-length last member: "struct s { int n; char data[]; }". */
static bool is_flex_arr(const struct bb_btf *btf, const struct core_acc *acc,
			const struct btf_array *arr)
{
	const struct btf_type *t;

	if (!acc->name || arr->nelems)
		return false;
	t = btf_type_by_id(btf, acc->type_id);
	return t && acc->idx == (__u32)btf_vlen(t) - 1;
}

static int parse_access(const char *s, struct core_spec *spec)
{
	unsigned long v;

	while (*s) {
		if (*s == ':')
			s++;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (v = 0; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (*s - '0');
			if (v > INT32_MAX)
				return -EINVAL;
		}
		if (spec->raw_len == CORE_SPEC_MAX)
			return -E2BIG;
		spec->raw[spec->raw_len++] = v;
	}
	return spec->raw_len ? 0 : -EINVAL;
}

/* One step of the local access below the root; see core_parse_spec(). */
static int parse_step(const struct bb_btf *btf, struct core_spec *spec,
		      __u32 *id, __u32 idx)
{
	struct core_acc *acc = &spec->acc[spec->len];
	const struct btf_member *m;
	const struct btf_type *t;
	long long sz;

	t = core_skip_mods(btf, *id, id);
	if (!t)
		return -EINVAL;
	if (btf_is_composite(t)) {
		if (idx >= btf_vlen(t))
			return -EINVAL;
		spec->bit_off += btf_member_bit_off(t, idx);
		m = (const struct btf_member *)(t + 1) + idx;
		if (m->name_off) {
			*acc = (struct core_acc){ *id, idx,
						  core_item_name(btf, t, idx) };
			if (!*acc->name)
				return -EINVAL;
			spec->len++;
		}
		*id = m->type;
		return 0;
	}
	if (btf_kind(t) != BTF_KIND_ARRAY)
		return -EINVAL;
	if (!core_skip_mods(btf, ((const struct btf_array *)(t + 1))->type,
			    id))
		return -EINVAL;
	if (!is_flex_arr(btf, acc - 1, (const void *)(t + 1)) &&
	    idx >= ((const struct btf_array *)(t + 1))->nelems)
		return -EINVAL;
	*acc = (struct core_acc){ *id, idx, NULL };
	spec->len++;
	sz = bb_btf_resolve_size(btf, *id);
	if (sz < 0)
		return sz;
	spec->bit_off += (__u32)(idx * sz * 8);
	return 0;
}

/*
 * The local spec of record @r: the steps of its access string against
 * the object's own BTF, with the bit offset they add up to. Type-based
 * records have no steps ("0"); enum value records have one, the
 * enumerator.
 */
int core_parse_spec(const struct bb_btf *btf, const struct bpf_core_relo *r,
		    struct core_spec *spec)
{
	const char *str = btf_str(btf, r->access_str_off);
	const struct btf_type *t;
	long long sz;
	__u32 id;
	int i, err;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_id = r->type_id;
	spec->kind = r->kind;
	if (!str || !*str || *str == ':')
		return -EINVAL;
	if (core_kind_is_type(r->kind))
		return strcmp(str, "0") ? -EINVAL : 0;
	err = parse_access(str, spec);
	if (err)
		return err;
	t = core_skip_mods(btf, r->type_id, &id);
	if (!t)
		return -EINVAL;
	spec->acc[0] = (struct core_acc){ id, spec->raw[0], NULL };
	spec->len = 1;
	if (core_kind_is_enumval(r->kind)) {
		if (!btf_is_any_enum(t) || spec->raw_len > 1 ||
		    spec->raw[0] >= btf_vlen(t))
			return -EINVAL;
		spec->acc[0].name = core_item_name(btf, t, spec->raw[0]);
		return 0;
	}
	if (!core_kind_is_field(r->kind))
		return -EINVAL;
	sz = bb_btf_resolve_size(btf, id);
	if (sz < 0)
		return sz;
	spec->bit_off = (__u32)(spec->raw[0] * sz * 8);
	for (i = 1; i < spec->raw_len; i++) {
		err = parse_step(btf, spec, &id, spec->raw[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Same essential name, or one of the two has none. */
static bool ess_names_match_or_anon(const struct bb_btf *local,
				    const struct btf_type *lt,
				    const struct bb_btf *targ,
				    const struct btf_type *tt)
{
	const char *x = btf_str(local, lt->name_off) ?: "";
	const char *y = btf_str(targ, tt->name_off) ?: "";
	size_t lx = bb_essential_name_len(x), ly = bb_essential_name_len(y);

	return !lx || !ly || (lx == ly && !strncmp(x, y, lx));
}

/*
 * May a field of local type @lid be read as the target's @tid? Any two
 * structs or unions, any two pointers or floats, integers whatever their
 * size or sign (not the old bitfield-like ones), enums and forward
 * declarations of the same name, arrays of compatible elements.
 */
static int fields_compat(const struct bb_btf *local, __u32 lid,
			 const struct bb_btf *targ, __u32 tid)
{
	const struct btf_type *lt, *tt;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		lt = core_skip_mods(local, lid, &lid);
		tt = core_skip_mods(targ, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (btf_is_composite(lt) && btf_is_composite(tt))
			return 1;
		if (!btf_kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return ess_names_match_or_anon(local, lt, targ, tt);
		case BTF_KIND_INT:
			return !BTF_INT_OFFSET(btf_int_info(lt)) &&
			       !BTF_INT_OFFSET(btf_int_info(tt));
		case BTF_KIND_ARRAY:
			lid = ((const struct btf_array *)(lt + 1))->type;
			tid = ((const struct btf_array *)(tt + 1))->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * Find the member named as local step @lacc in target struct/union
 * @tid, descending into anonymous members; extend @targ's spec with the
 * raw steps taken and the accessor found. 1 found (and compatible),
 * 0 not, < 0 error.
 */
static int match_member(const struct bb_btf *local,
			const struct core_acc *lacc, const struct bb_btf *btf,
			__u32 tid, struct core_spec *targ, __u32 *next_id)
{
	const struct btf_type *tt, *lt;
	const struct btf_member *m, *lm;
	const char *lname, *name;
	__u32 bit;
	int i, found;

	tt = core_skip_mods(btf, tid, &tid);
	if (!tt)
		return -EINVAL;
	if (!btf_is_composite(tt))
		return 0;
	lt = btf_type_by_id(local, lacc->type_id);
	lm = (const struct btf_member *)(lt + 1) + lacc->idx;
	lname = core_item_name(local, lt, lacc->idx);
	m = (const void *)(tt + 1);
	for (i = 0; i < btf_vlen(tt); i++, m++) {
		if (targ->raw_len == CORE_SPEC_MAX)
			return -E2BIG;
		bit = btf_member_bit_off(tt, i);
		targ->bit_off += bit;
		targ->raw[targ->raw_len++] = i;
		name = core_item_name(btf, tt, i);
		if (!*name) {
			found = match_member(local, lacc, btf, m->type, targ,
					     next_id);
			if (found)
				return found;
		} else if (!strcmp(lname, name)) {
			targ->acc[targ->len++] = (struct core_acc){ tid, i,
								    name };
			*next_id = m->type;
			found = fields_compat(local, lm->type, btf, m->type);
			if (!found)
				targ->len--;
			return found;
		}
		targ->bit_off -= bit;
		targ->raw_len--;
	}
	return 0;
}

/* Index step @i of the local spec, against the target's current type. */
static int match_index(const struct core_spec *local, int i,
		       struct core_spec *targ, __u32 *tid)
{
	const struct core_acc *lacc = &local->acc[i];
	const struct btf_type *tt = core_type(targ->btf, *tid);
	const struct btf_array *a;
	long long sz;

	if (i > 0) {
		if (!tt || btf_kind(tt) != BTF_KIND_ARRAY)
			return 0;
		a = (const void *)(tt + 1);
		if (!is_flex_arr(targ->btf, &targ->acc[targ->len - 1], a) &&
		    lacc->idx >= a->nelems)
			return 0;
		if (!core_skip_mods(targ->btf, a->type, tid))
			return -EINVAL;
	}
	if (targ->raw_len == CORE_SPEC_MAX)
		return -E2BIG;
	targ->acc[targ->len++] = (struct core_acc){ *tid, lacc->idx, NULL };
	targ->raw[targ->raw_len++] = lacc->idx;
	sz = bb_btf_resolve_size(targ->btf, *tid);
	if (sz < 0)
		return sz;
	targ->bit_off += (__u32)(lacc->idx * sz * 8);
	return 1;
}

static int types_compat(const struct bb_btf *local, __u32 lid,
			const struct bb_btf *targ, __u32 tid, int level);
static int types_match(const struct bb_btf *local, __u32 lid,
		       const struct bb_btf *targ, __u32 tid, bool behind_ptr,
		       int level);

/* The enumerator of the local spec, by essential name, in target @tid. */
static int match_enumval(const struct core_spec *local, __u32 tid,
			 struct core_spec *targ)
{
	const char *lname = local->acc[0].name, *name;
	size_t n = bb_essential_name_len(lname);
	const struct btf_type *tt;
	int i;

	tt = core_skip_mods(targ->btf, tid, &tid);
	if (!tt || !btf_is_any_enum(tt))
		return 0;
	for (i = 0; i < btf_vlen(tt); i++) {
		name = core_item_name(targ->btf, tt, i);
		if (bb_essential_name_len(name) != n || strncmp(lname, name, n))
			continue;
		targ->acc[targ->len++] = (struct core_acc){ tid, i, name };
		targ->raw[targ->raw_len++] = i;
		return 1;
	}
	return 0;
}

/*
 * Does target type @tid (a candidate: its name matched) have what the
 * local spec asks for? 1 and the target spec filled in, 0 not, < 0 the
 * types are malformed.
 */
int core_spec_match(const struct core_spec *local, const struct bb_btf *btf,
		    __u32 tid, struct core_spec *targ)
{
	int i, matched;

	memset(targ, 0, sizeof(*targ));
	targ->btf = btf;
	targ->root_id = tid;
	targ->kind = local->kind;
	if (core_kind_is_type(local->kind))
		return local->kind == BPF_CORE_TYPE_MATCHES ?
		       types_match(local->btf, local->root_id, btf, tid, false,
				   32) :
		       types_compat(local->btf, local->root_id, btf, tid, 32);
	if (core_kind_is_enumval(local->kind))
		return match_enumval(local, tid, targ);
	if (!core_kind_is_field(local->kind))
		return -EINVAL;
	for (i = 0; i < local->len; i++) {
		if (!core_skip_mods(btf, tid, &tid))
			return -EINVAL;
		if (local->acc[i].name)
			matched = match_member(local->btf, &local->acc[i], btf,
					       tid, targ, &tid);
		else
			matched = match_index(local, i, targ, &tid);
		if (matched <= 0)
			return matched;
	}
	return 1;
}

/*
 * Type-based records (exists, size, target id): compatible means same
 * kind all the way down through pointers, arrays and function
 * prototypes; names below the root, sizes and signedness do not matter.
 */
static int types_compat(const struct bb_btf *local, __u32 lid,
			const struct bb_btf *targ, __u32 tid, int level)
{
	const struct btf_type *lt = core_type(local, lid);
	const struct btf_type *tt = core_type(targ, tid);
	const struct btf_param *lp, *tp;
	int depth, i, err;

	if (!lt || !tt || !btf_kind_core_compat(lt, tt))
		return 0;
	for (depth = 0; depth < 32; depth++) {
		lt = core_skip_mods(local, lid, &lid);
		tt = core_skip_mods(targ, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!btf_kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM64:
			return 1;
		case BTF_KIND_INT:
			return !BTF_INT_OFFSET(btf_int_info(lt)) &&
			       !BTF_INT_OFFSET(btf_int_info(tt));
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = ((const struct btf_array *)(lt + 1))->type;
			tid = ((const struct btf_array *)(tt + 1))->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (btf_vlen(lt) != btf_vlen(tt))
				return 0;
			lp = (const void *)(lt + 1);
			tp = (const void *)(tt + 1);
			for (i = 0; i < btf_vlen(lt); i++, lp++, tp++) {
				if (level <= 0)
					return -EINVAL;
				core_skip_mods(local, lp->type, &lid);
				core_skip_mods(targ, tp->type, &tid);
				err = types_compat(local, lid, targ, tid,
						   level - 1);
				if (err <= 0)
					return err;
			}
			core_skip_mods(local, lt->type, &lid);
			core_skip_mods(targ, tt->type, &tid);
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Is kernel type @tid what the object declared as @lid (for externs)? */
int bb_core_types_compat(const struct bb_btf *local, __u32 lid,
			 const struct bb_btf *targ, __u32 tid)
{
	return types_compat(local, lid, targ, tid, 32);
}

/* Every local enumerator has a namesake in the target, sizes equal. */
static int enums_match(const struct bb_btf *local, const struct btf_type *lt,
		       const struct bb_btf *targ, const struct btf_type *tt)
{
	const char *ln;
	int i, j;

	if (lt->size != tt->size || btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++) {
		ln = core_item_name(local, lt, i);
		for (j = 0; j < btf_vlen(tt); j++) {
			const char *tn = core_item_name(targ, tt, j);
			size_t n = bb_essential_name_len(ln);

			if (*tn ? n == bb_essential_name_len(tn) &&
				  !strncmp(ln, tn, n) : !*ln)
				break;
		}
		if (j == btf_vlen(tt))
			return 0;
	}
	return 1;
}

/* Every local member has a namesake in the target whose type matches. */
static int composites_match(const struct bb_btf *local,
			    const struct btf_type *lt,
			    const struct bb_btf *targ,
			    const struct btf_type *tt, bool behind_ptr,
			    int level)
{
	const struct btf_member *lm = (const void *)(lt + 1), *tm;
	int i, j, err;

	if (btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++, lm++) {
		tm = (const void *)(tt + 1);
		for (j = 0; j < btf_vlen(tt); j++, tm++) {
			if (!names_match(local, lm->name_off, targ,
					 tm->name_off))
				continue;
			err = types_match(local, lm->type, targ, tm->type,
					  behind_ptr, level - 1);
			if (err < 0)
				return err;
			if (err > 0)
				break;
		}
		if (j == btf_vlen(tt))
			return 0;
	}
	return 1;
}

static int fwd_or_composite_match(const struct btf_type *lt,
				  const struct btf_type *tt, bool behind_ptr)
{
	bool lf = BTF_INFO_KFLAG(lt->info), tf = BTF_INFO_KFLAG(tt->info);
	__u16 lk = btf_kind(lt), tk = btf_kind(tt);

	if (lk == BTF_KIND_FWD) {
		if (lk == tk)
			return lf == tf;
		/* a forward declaration's kflag says union (1) or struct */
		return behind_ptr && ((tk == BTF_KIND_STRUCT && !lf) ||
				      (tk == BTF_KIND_UNION && lf));
	}
	if (lk == tk)
		return 1;
	return behind_ptr && tk == BTF_KIND_FWD &&
	       (lk == BTF_KIND_UNION) == tf;
}

/* Integers match if they have the same size and signedness. */
static int ints_match(const struct btf_type *lt, const struct btf_type *tt)
{
	__u32 lsign = BTF_INT_ENCODING(btf_int_info(lt)) & BTF_INT_SIGNED;

	if (btf_kind(tt) != BTF_KIND_INT || lt->size != tt->size)
		return 0;
	return lsign == (BTF_INT_ENCODING(btf_int_info(tt)) & BTF_INT_SIGNED);
}

/*
 * The parameters of function prototypes @lt and @tt: as many of them,
 * each pair of matching types. The return types are the caller's.
 */
static int params_match(const struct bb_btf *local, const struct btf_type *lt,
			const struct bb_btf *targ, const struct btf_type *tt,
			bool behind_ptr, int level)
{
	const struct btf_param *lp = (const void *)(lt + 1);
	const struct btf_param *tp = (const void *)(tt + 1);
	int i, err;

	if (btf_kind(tt) != BTF_KIND_FUNC_PROTO ||
	    btf_vlen(lt) != btf_vlen(tt))
		return 0;
	for (i = 0; i < btf_vlen(lt); i++, lp++, tp++) {
		err = types_match(local, lp->type, targ, tp->type, behind_ptr,
				  level - 1);
		if (err <= 0)
			return err;
	}
	return 1;
}

/*
 * bpf_core_type_matches(): stricter than compatible. Same kinds, same
 * names at every level, integers of the same size and sign, arrays of
 * the same length, every local member and enumerator present in the
 * target; behind a pointer a struct may match its forward declaration.
 */
static int types_match(const struct bb_btf *local, __u32 lid,
		       const struct bb_btf *targ, __u32 tid, bool behind_ptr,
		       int level)
{
	const struct btf_type *lt, *tt;
	int depth, err;

	if (level <= 0)
		return -EINVAL;
	for (depth = 0; depth < 32; depth++) {
		lt = core_skip_mods(local, lid, &lid);
		tt = core_skip_mods(targ, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!names_match(local, lt->name_off, targ, tt->name_off))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN:
			return btf_kind(tt) == BTF_KIND_UNKN;
		case BTF_KIND_FWD:
			return fwd_or_composite_match(lt, tt, behind_ptr);
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			return btf_is_any_enum(tt) &&
			       enums_match(local, lt, targ, tt);
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (behind_ptr || btf_kind(lt) != btf_kind(tt))
				return fwd_or_composite_match(lt, tt,
							      behind_ptr);
			return composites_match(local, lt, targ, tt,
						behind_ptr, level);
		case BTF_KIND_INT:
			return ints_match(lt, tt);
		case BTF_KIND_PTR:
			if (btf_kind(tt) != BTF_KIND_PTR)
				return 0;
			behind_ptr = true;
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			if (btf_kind(tt) != BTF_KIND_ARRAY ||
			    ((const struct btf_array *)(lt + 1))->nelems !=
			    ((const struct btf_array *)(tt + 1))->nelems)
				return 0;
			lid = ((const struct btf_array *)(lt + 1))->type;
			tid = ((const struct btf_array *)(tt + 1))->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			err = params_match(local, lt, targ, tt, behind_ptr,
					   level);
			if (err <= 0)
				return err;
			lid = lt->type;
			tid = tt->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

const char *core_kind_name(__u32 kind)
{
	static const char *const names[] = {
		"byte_off", "byte_sz", "field_exists", "signed",
		"lshift_u64", "rshift_u64", "local_type_id", "target_type_id",
		"type_exists", "type_size", "enumval_exists", "enumval_value",
		"type_matches",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}

static const char *kind_str(const struct btf_type *t)
{
	static const char *const names[] = {
		"void", "int", "ptr", "array", "struct", "union", "enum",
		"fwd", "typedef", "volatile", "const", "restrict", "func",
		"func_proto", "var", "datasec", "float", "decl_tag",
		"type_tag", "enum64",
	};
	__u16 k = btf_kind(t);

	return k < ARRAY_SIZE(names) ? names[k] : "unknown";
}

/*
 * "struct task_struct.real_parent (0:57 @ offset 2512)": the root type,
 * the named steps in C syntax, the raw access and where it lands.
 */
void core_format_spec(char *buf, size_t size, const struct core_spec *spec)
{
	const struct btf_type *t = core_type(spec->btf, spec->root_id);
	const char *name = t ? btf_str(spec->btf, t->name_off) : NULL;
	size_t n = 0;
	int i;

#define out(...)							\
	(n += snprintf(buf + (n < size ? n : size),			\
		       n < size ? size - n : 0, __VA_ARGS__))
	out("[%u] %s %s", spec->root_id, t ? kind_str(t) : "?",
	    name && *name ? name : "<anon>");
	if (core_kind_is_enumval(spec->kind) && spec->len)
		out("::%s", spec->acc[0].name);
	if (!core_kind_is_field(spec->kind))
		return;
	for (i = 0; i < spec->len; i++) {
		if (spec->acc[i].name)
			out(".%s", spec->acc[i].name);
		else if (i > 0 || spec->acc[i].idx > 0)
			out("[%u]", spec->acc[i].idx);
	}
	out(" (");
	for (i = 0; i < spec->raw_len; i++)
		out("%s%u", i ? ":" : "", spec->raw[i]);
	if (spec->bit_off % 8)
		out(" @ offset %u.%u)", spec->bit_off / 8, spec->bit_off % 8);
	else
		out(" @ offset %u)", spec->bit_off / 8);
#undef out
}
