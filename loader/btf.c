// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf.c - type information: the object's .BTF and the kernel's own.
 *
 * .BTF describes every type, function and global variable; the kernel
 * uses it to pretty-print map contents and, with .BTF.ext (btf_ext.c), to
 * show source lines in the verifier log. BTF-defined maps are read from
 * it too (btf_map.c).
 *
 * clang leaves the sizes of DATASEC types and the offsets of their
 * variables at zero, because only the linker knows them; we fill them in
 * from the ELF section sizes and symbol values before BPF_BTF_LOAD.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "btf.h"

/*
 * Bytes that follow struct btf_type, by kind: a fixed part, then one
 * record per vlen. Tables, not a switch: the kernel's BTF is walked
 * whole, and a jump per type on its kind mispredicted at every type.
 */
const unsigned char bb_btf_fixed_extra[BTF_KIND_ENUM64 + 1] = {
	[BTF_KIND_INT] = 4,
	[BTF_KIND_VAR] = 4,
	[BTF_KIND_DECL_TAG] = 4,
	[BTF_KIND_ARRAY] = sizeof(struct btf_array),
};

const unsigned char bb_btf_vlen_extra[BTF_KIND_ENUM64 + 1] = {
	[BTF_KIND_STRUCT] = sizeof(struct btf_member),
	[BTF_KIND_UNION] = sizeof(struct btf_member),
	[BTF_KIND_ENUM] = sizeof(struct btf_enum),
	[BTF_KIND_FUNC_PROTO] = sizeof(struct btf_param),
	[BTF_KIND_DATASEC] = sizeof(struct btf_var_secinfo),
	[BTF_KIND_ENUM64] = sizeof(struct btf_enum64),
};

/* Bytes that follow struct btf_type for this kind, or -1 if unknown. */
static long btf_extra_size(const struct btf_type *t)
{
	__u16 kind = btf_kind(t);

	if (kind == BTF_KIND_UNKN || kind > BTF_KIND_ENUM64)
		return -1;
	return bb_btf_fixed_extra[kind] +
	       (long)btf_vlen(t) * bb_btf_vlen_extra[kind];
}

/*
 * Room for the index: a type takes at least sizeof(struct btf_type)
 * bytes, which bounds how many there can be. Pages never written to
 * cost nothing.
 */
static int btf_index_alloc(struct bb_btf *btf, bool sparse)
{
	size_t max = btf->hdr->type_len / sizeof(struct btf_type) + 1;

	if (sparse) {
		btf->mark = malloc((max / BTF_MARK_STRIDE + 1) *
				   sizeof(*btf->mark));
		return btf->mark ? 0 : -ENOMEM;
	}
	btf->type = malloc((max + 1) * sizeof(*btf->type));
	if (!btf->type)
		return -ENOMEM;
	btf->type[0] = NULL;	/* id 0 is void */
	return 0;
}

/*
 * Check every type and index it: a pointer per type, or with @sparse
 * (the kernel's BTF, 120,000 types) the offset of every
 * BTF_MARK_STRIDE-th. A megabyte of pointers written for the first time
 * cost some 250 page faults, several ms in a VM; a lookup now walks at
 * most BTF_MARK_STRIDE - 1 types from its mark. Named types of @kinds
 * (a bit per kind) go into their kind's name index on the way, which
 * saves a walk per kind (btf_kernel.c).
 */
static int btf_index_types(const struct bb_object *obj, struct bb_btf *btf,
			   bool sparse, __u32 kinds, const char *what)
{
	__u32 off = 0, len = btf->hdr->type_len;
	struct btf_type *t;
	long extra;

	if (btf_index_alloc(btf, sparse))
		return -ENOMEM;
	while (off < len) {
		t = (void *)(btf->types + off);
		/* Each type's size decides where the next starts: fetch ahead. */
		__builtin_prefetch((char *)t + 2048);
		if (len - off < sizeof(*t))
			goto bad;
		extra = btf_extra_size(t);
		if (extra < 0 ||
		    len - off - sizeof(*t) < (unsigned long)extra ||
		    !btf_str(btf, t->name_off))
			goto bad;
		if (!sparse)
			btf->type[btf->nr_types + 1] = t;
		else if (!(btf->nr_types % BTF_MARK_STRIDE))
			btf->mark[btf->nr_types / BTF_MARK_STRIDE] = off;
		if ((kinds & (1U << btf_kind(t))) && t->name_off &&
		    bb_btf_hash_add(btf, t, btf->start_id + btf->nr_types))
			return -ENOMEM;
		btf->nr_types++;
		off += sizeof(*t) + extra;
	}
	return kinds ? bb_btf_hash_done(btf, kinds) : 0;
bad:
	bb_pr(obj, "%s: type %u at offset %u is malformed.", what,
	      btf->nr_types + 1, off);
	return -EINVAL;
}

/* Type @i (1..nr_types) of a sparsely indexed BTF: from its mark on. */
struct btf_type *bb_btf_type_sparse(const struct bb_btf *btf, __u32 i)
{
	__u32 off = btf->mark[(i - 1) / BTF_MARK_STRIDE];
	__u32 n = (i - 1) % BTF_MARK_STRIDE;
	struct btf_type *t = (void *)(btf->types + off);

	while (n--)
		t = (void *)((char *)t + bb_btf_type_size(t));
	return t;
}

static int btf_check_header(const struct bb_object *obj, struct bb_btf *btf,
			    const char *what)
{
	struct btf_header *h = btf->data;
	__u32 size = btf->size;

	if (size < sizeof(*h) || h->magic != BTF_MAGIC || h->version != 1 ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > size || h->hdr_len % 4)
		goto bad;
	size -= h->hdr_len;
	if (h->type_off % 4 || h->type_off > size ||
	    h->type_len > size - h->type_off ||
	    h->str_off > size || h->str_len > size - h->str_off ||
	    !h->str_len)
		goto bad;
	/* Types and strings must not overlap: fix-ups write into types. */
	if ((h->type_off < h->str_off &&
	     h->type_off + h->type_len > h->str_off) ||
	    (h->str_off <= h->type_off &&
	     h->str_off + h->str_len > h->type_off && h->type_len))
		goto bad;
	btf->hdr = h;
	btf->types = (char *)h + h->hdr_len + h->type_off;
	btf->strs = (char *)h + h->hdr_len + h->str_off;
	btf->str_len = h->str_len;
	if (btf->strs[btf->str_len - 1] != '\0')
		goto bad;
	return 0;
bad:
	bb_pr(obj, "%s has a malformed header.", what);
	return -EINVAL;
}


static int cmp_btf_name(const void *a, const void *b)
{
	return strcmp(((const struct btf_name *)a)->name,
		      ((const struct btf_name *)b)->name);
}

static int names_add(struct btf_names *names, const char *name, __u32 id,
		     __u32 owner)
{
	struct btf_name *v = names->v;

	if (strnlen(name, BB_NAME_MAX + 1) > BB_NAME_MAX)
		return -ENAMETOOLONG;

	if (!(names->n & (names->n - 1))) {	/* 0, 1, 2, 4, ...: grow */
		v = realloc(v, (size_t)(names->n ? names->n * 2 : 1) *
			       sizeof(*v));
		if (!v)
			return -ENOMEM;
		names->v = v;
	}
	v[names->n++] = (struct btf_name){ name, id, owner };
	return 0;
}

/* Sort @names; a name given twice is refused where @what says so. */
static int names_sort(struct bb_object *obj, struct btf_names *names,
		      const char *what)
{
	__u32 i;

	if (names->n < 2)
		return 0;
	qsort(names->v, names->n, sizeof(*names->v), cmp_btf_name);
	for (i = 1; what && i < names->n; i++) {
		if (!strcmp(names->v[i - 1].name, names->v[i].name)) {
			bb_pr(obj, "section .BTF has two %s named %s.", what,
			      names->v[i].name);
			return -EINVAL;
		}
	}
	return 0;
}

const struct btf_name *bb_btf_names_find(const struct btf_names *names,
					 const char *name)
{
	struct btf_name key = { .name = name };

	if (!names->n)
		return NULL;
	return bsearch(&key, names->v, names->n, sizeof(key), cmp_btf_name);
}

/* The variables (and functions) a DATASEC lists, into @names. */
static int names_of_datasec(const struct bb_btf *btf, __u32 sec_id,
			    struct btf_names *names)
{
	const struct btf_type *t = btf->type[sec_id], *v;
	const struct btf_var_secinfo *vsi = (const void *)(t + 1);
	const char *n;
	int i, err;

	for (i = 0; i < btf_vlen(t); i++) {
		v = btf_type_by_id(btf, vsi[i].type);
		if (!v || (btf_kind(v) != BTF_KIND_VAR &&
			   btf_kind(v) != BTF_KIND_FUNC))
			continue;
		n = btf_str(btf, v->name_off);
		if (!n)
			continue;
		err = names_add(names, n, vsi[i].type, sec_id);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Names looked up once per map or extern: DATASECs, the variables of
 * .maps, and the externs of .kconfig and .ksyms. Sorted arrays keep an
 * object with thousands of them from costing a scan per lookup.
 */
static int btf_index_names(struct bb_object *obj, struct bb_btf *btf)
{
	const char *n;
	__u32 id;
	int err = 0;

	for (id = 1; !err && id <= btf->nr_types; id++) {
		if (btf_kind(btf->type[id]) != BTF_KIND_DATASEC &&
		    btf_kind(btf->type[id]) != BTF_KIND_FUNC)
			continue;
		n = btf_str(btf, btf->type[id]->name_off);
		if (!n)
			continue;
		if (btf_kind(btf->type[id]) == BTF_KIND_FUNC) {
			err = names_add(&btf->funcs, n, id, 0);
			continue;
		}
		err = names_add(&btf->datasecs, n, id, 0);
		if (!err && !strcmp(n, ".maps"))
			err = names_of_datasec(btf, id, &btf->map_vars);
		if (!err && (!strcmp(n, ".kconfig") || !strcmp(n, ".ksyms")))
			err = names_of_datasec(btf, id, &btf->externs);
	}
	if (err == -ENAMETOOLONG)
		bb_pr(obj, "section .BTF has a name longer than %d bytes.",
		      BB_NAME_MAX);
	if (!err)
		err = names_sort(obj, &btf->datasecs, "DATASECs");
	if (!err)
		err = names_sort(obj, &btf->map_vars, "maps");
	if (!err)
		err = names_sort(obj, &btf->externs, NULL);
	if (!err)
		err = names_sort(obj, &btf->funcs, NULL);
	return err;
}

void bb_btf_free_one(struct bb_btf *btf)
{
	int i;

	if (!btf)
		return;
	for (i = 0; i < NR_BTF_KINDS; i++)
		free(btf->hash[i].v);
	free(btf->type);
	free(btf->mark);
	free(btf->datasecs.v);
	free(btf->map_vars.v);
	free(btf->externs.v);
	free(btf->funcs.v);
	if (btf->mapped)
		munmap(btf->data, btf->size);
	else
		free(btf->data);
	free(btf->ext);
	free(btf);
}

/*
 * A validated, indexed BTF made of @data, which it now owns (freed with
 * it, also on failure): @mapped says how. With @base it is split BTF (a
 * kernel module's): its type ids and string offsets continue where
 * @base's end. @sparse and @kinds: see btf_index_types().
 */
static struct bb_btf *btf_new(const struct bb_object *obj, void *data,
			      size_t size, bool mapped, bool sparse,
			      __u32 kinds, const struct bb_btf *base,
			      const char *what, int *errp)
{
	struct bb_btf *btf;

	*errp = -ENOMEM;
	btf = calloc(1, sizeof(*btf));
	if (!btf) {
		if (mapped)
			munmap(data, size);
		else
			free(data);
		return NULL;
	}
	btf->mapped = mapped;
	btf->data = data;
	btf->size = size;
	btf->base = base;
	btf->start_id = base ? base->start_id + base->nr_types : 1;
	btf->start_str = base ? base->start_str + base->str_len : 0;
	*errp = size > UINT32_MAX ? -E2BIG : btf_check_header(obj, btf, what);
	if (!*errp)
		*errp = btf_index_types(obj, btf, sparse, kinds, what);
	if (!*errp)
		return btf;
	bb_btf_free_one(btf);
	return NULL;
}

struct bb_btf *bb_btf_new(const struct bb_object *obj, void *data,
			  size_t size, const struct bb_btf *base,
			  const char *what, int *errp)
{
	return btf_new(obj, data, size, false, false, 0, base, what, errp);
}

/*
 * The kernel's BTF, only ever read: sparsely indexed, in a read-only
 * mapping of its file if @mapped, else in memory of malloc(); the names
 * of @kinds (a bit per BTF kind) indexed already.
 */
struct bb_btf *bb_btf_new_kernel(const struct bb_object *obj, void *data,
				 size_t size, bool mapped, __u32 kinds,
				 const struct bb_btf *base, const char *what,
				 int *errp)
{
	return btf_new(obj, data, size, mapped, true, kinds, base, what,
		       errp);
}

/* Does enum @enum_id have an enumerator @name? Its value in *@val. */
bool bb_btf_enumerator(const struct bb_btf *btf, __u32 enum_id,
		       const char *name, __s64 *val)
{
	const struct btf_type *t = btf_type_by_id(btf, enum_id);
	const struct btf_enum *e;
	int i;

	if (!t || btf_kind(t) != BTF_KIND_ENUM)
		return false;
	e = (const void *)(t + 1);
	for (i = 0; i < btf_vlen(t); i++, e++) {
		if (!strcmp(btf_str(btf, e->name_off) ?: "", name)) {
			if (val)
				*val = e->val;
			return true;
		}
	}
	return false;
}

/* Does the .ksyms DATASEC list a kfunc? */
static bool ksyms_has_func(const struct bb_btf *btf)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec, *t;
	__u32 id;
	int i;

	for (id = 1; id <= btf->nr_types; id++) {
		sec = btf->type[id];
		if (btf_kind(sec) != BTF_KIND_DATASEC ||
		    strcmp(btf_str(btf, sec->name_off), ".ksyms"))
			continue;
		vs = (const void *)(sec + 1);
		for (i = 0; i < btf_vlen(sec); i++, vs++) {
			t = btf_type_by_id(btf, vs->type);
			if (t && btf_kind(t) == BTF_KIND_FUNC)
				return true;
		}
		return false;
	}
	return false;
}

/*
 * The kernel will not take a function in a DATASEC, so kfuncs are
 * listed in .ksyms through one variable added at the end of the BTF,
 * "dummy_ksym" (libbpf's name and place, so type ids stay the same for
 * both loaders). Rebuilds @btf's blob with it: header, types, strings.
 */
static int btf_add_dummy_ksym(struct bb_object *obj)
{
	static const char name[] = "dummy_ksym";
	struct bb_btf *old = obj->btf;
	const struct btf_header *h = old->hdr;
	struct btf_header nh = *h;
	struct btf_type var = { 0 };
	struct btf_var linkage = { BTF_VAR_GLOBAL_ALLOCATED };
	size_t size;
	char *blob, *p;
	int err;

	if (!ksyms_has_func(old))
		return 0;
	var.name_off = h->str_len;
	var.info = BTF_KIND_VAR << 24;	/* kind, no flag, vlen 0 */
	var.type = bb_btf_int32_id(old);
	nh.hdr_len = sizeof(nh);
	nh.type_off = 0;
	nh.type_len = h->type_len + sizeof(var) + sizeof(linkage);
	nh.str_off = nh.type_len;
	nh.str_len = h->str_len + sizeof(name);
	size = sizeof(nh) + nh.type_len + nh.str_len;
	blob = p = malloc(size);
	if (!blob)
		return -ENOMEM;
	memcpy(p, &nh, sizeof(nh));
	memcpy(p += sizeof(nh), old->types, h->type_len);
	memcpy(p += h->type_len, &var, sizeof(var));
	memcpy(p += sizeof(var), &linkage, sizeof(linkage));
	memcpy(p += sizeof(linkage), old->strs, h->str_len);
	memcpy(p + h->str_len, name, sizeof(name));
	obj->btf = bb_btf_new(obj, blob, size, NULL, "section .BTF", &err);
	if (!obj->btf) {
		obj->btf = old;
		return err;
	}
	bb_btf_free_one(old);
	obj->btf_dummy_ksym = obj->btf->nr_types;
	return 0;
}

int bb_btf_parse(struct bb_object *obj)
{
	struct bb_sec *sec;
	void *copy;
	int err;

	sec = bb_sec_by_name(obj, ".BTF", NULL);
	if (!sec || !sec->data) {
		if (!bb_sec_by_name(obj, ".BTF.ext", NULL))
			return 0;
		bb_pr(obj, "section .BTF.ext comes without .BTF, so its records cannot be read.");
		return -EINVAL;
	}
	copy = malloc(sec->size ? sec->size : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, sec->data, sec->size);
	obj->btf = bb_btf_new(obj, copy, sec->size, NULL, "section .BTF", &err);
	if (!obj->btf)
		return err;
	err = btf_add_dummy_ksym(obj);
	if (!err)
		err = btf_index_names(obj, obj->btf);
	if (!err)
		err = bb_btf_ext_parse(obj, obj->btf);
	return err;
}

void bb_btf_free(struct bb_object *obj)
{
	bb_btf_free_one(obj->btf);
	obj->btf = NULL;
	bb_kernel_btf_release(obj);
}

/*
 * The DATASEC (.kconfig, .ksyms) that declares extern @name, or NULL:
 * clang lists every extern variable and kfunc in one.
 */
const char *bb_btf_extern_sec(const struct bb_object *obj, const char *name)
{
	const struct btf_name *x;

	if (!obj->btf)
		return NULL;
	x = bb_btf_names_find(&obj->btf->externs, name);
	return x ? btf_str(obj->btf, obj->btf->type[x->owner]->name_off) :
		   NULL;
}

/* Skip typedefs and qualifiers; 0 if the chain is broken or too long. */
__u32 bb_btf_skip_mods(const struct bb_btf *btf, __u32 id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		t = btf_type_by_id(btf, id);
		if (!t)
			return 0;
		if (!btf_is_mod(t))
			return id;
		id = t->type;
	}
	return 0;
}

/* Size in bytes of type @id, or -EINVAL. */
long long bb_btf_resolve_size(const struct bb_btf *btf, __u32 id)
{
	unsigned long long mult = 1, size;
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		id = bb_btf_skip_mods(btf, id);
		t = btf_type_by_id(btf, id);
		if (!t)
			return -EINVAL;
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			size = t->size;
			break;
		case BTF_KIND_PTR:
			size = sizeof(__u64);
			break;
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
			id = t->type;
			continue;
		case BTF_KIND_ARRAY: {
			const struct btf_array *a = (const void *)(t + 1);

			if (a->nelems && mult > UINT32_MAX / a->nelems)
				return -EINVAL;
			mult *= a->nelems;
			id = a->type;
			continue;
		}
		default:
			return -EINVAL;
		}
		if (size && mult > UINT32_MAX / size)
			return -EINVAL;
		return (long long)(size * mult);
	}
	return -EINVAL;
}

__u32 bb_btf_datasec_id(const struct bb_object *obj, const char *sec_name)
{
	const struct btf_name *x;

	if (!obj->btf || obj->btf_fd < 0)
		return 0;
	x = bb_btf_names_find(&obj->btf->datasecs, sec_name);
	return x ? x->id : 0;
}

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/*
 * Give each DATASEC the size of its ELF section and each global variable
 * its symbol's offset, as libbpf does; the kernel then wants the
 * variables sorted by offset. A DATASEC that already has a size was laid
 * out before: by the static linker (bpftool gen object), or by externs.c
 * for .kconfig and .ksyms. Static variables keep the offsets clang gave
 * them: two of one name (from two linked files) must not be confused.
 */
static int btf_fixup_datasec(struct bb_object *obj, struct btf_type *t)
{
	struct bb_btf *btf = obj->btf;
	struct btf_var_secinfo *vsi = (void *)(t + 1);
	const struct btf_type *var;
	const GElf_Sym *sym;
	const char *name;
	size_t shndx;
	int i;

	name = btf_str(btf, t->name_off);
	if (t->size || !strcmp(name, ".kconfig") || !strcmp(name, ".ksyms"))
		goto sort;
	if (!bb_sec_by_name(obj, name, &shndx))
		return -ENOENT;
	t->size = obj->secs[shndx].size;
	for (i = 0; i < btf_vlen(t); i++) {
		var = btf_type_by_id(btf, vsi[i].type);
		if (!var || btf_kind(var) != BTF_KIND_VAR)
			return -EINVAL;
		if (((const struct btf_var *)(var + 1))->linkage ==
		    BTF_VAR_STATIC)
			continue;
		sym = bb_sym_by_name(obj, shndx, btf_str(btf, var->name_off));
		if (!sym)
			return -ENOENT;
		vsi[i].offset = sym->st_value;
	}
sort:
	qsort(vsi, btf_vlen(t), sizeof(*vsi), cmp_vsi);
	return 0;
}

/*
 * A global function the kernel verifies on its own, from its BTF
 * prototype alone; a static one in the context of each call. libbpf lets
 * __attribute__((visibility("hidden"))) functions (libbpf's own headers
 * use it, usdt.bpf.h for one) be verified as static ones: so does this.
 */
static void btf_hidden_funcs_static(struct bb_object *obj)
{
	struct bb_btf *btf = obj->btf;
	const struct btf_name *f, *end;
	const GElf_Sym *sym;
	const char *name;
	__u32 first;
	size_t i;

	if (!btf->funcs.n)
		return;
	end = btf->funcs.v + btf->funcs.n;
	for (i = 0; i < obj->nr_funcs; i++) {
		sym = obj->funcs[i].sym;
		if (GELF_ST_BIND(sym->st_info) == STB_LOCAL ||
		    (GELF_ST_VISIBILITY(sym->st_other) != STV_HIDDEN &&
		     GELF_ST_VISIBILITY(sym->st_other) != STV_INTERNAL))
			continue;
		name = bb_sym_name(obj, sym);
		f = bb_btf_names_find(&btf->funcs, name);
		while (f && f > btf->funcs.v && !strcmp(f[-1].name, name))
			f--;
		/* the global FUNC of that name with the lowest id, as libbpf */
		for (first = 0; f && f < end && !strcmp(f->name, name); f++)
			if (btf_vlen(btf->type[f->id]) == BTF_FUNC_GLOBAL &&
			    (!first || f->id < first))
				first = f->id;
		if (first)
			btf->type[first]->info = BTF_KIND_FUNC << 24 |
						 BTF_FUNC_STATIC;
	}
}

/* Fill in what clang left for the linker; see the top of this file. */
void bb_btf_fixup(struct bb_object *obj)
{
	struct bb_btf *btf = obj->btf;
	__u32 id;

	if (!btf)
		return;
	bb_externs_fix_btf(obj);
	btf_hidden_funcs_static(obj);
	for (id = 1; btf && id <= btf->nr_types; id++) {
		if (btf_kind(btf->type[id]) != BTF_KIND_DATASEC)
			continue;
		if (btf_fixup_datasec(obj, btf->type[id]))
			bb_pr(obj, "BTF section %s does not match the ELF.",
			      btf_str(btf, btf->type[id]->name_off) ?: "?");
	}
}

/*
 * Hand the BTF to the kernel. A kernel that rejects it only costs us the
 * pretty-printing and source lines, so that is a warning, not a failure.
 */
int bb_btf_load_obj(struct bb_object *obj)
{
	struct bb_btf *btf = obj->btf;
	const size_t log_size = 1 << 16;
	char *log;
	int fd;

	obj->btf_fd = -1;
	if (!btf)
		return 0;
	fd = bb_btf_load(btf->data, btf->size, NULL, 0, 0);
	if (fd >= 0) {
		obj->btf_fd = fd;
		return 0;
	}
	if (fd == -EPERM)
		return 0;	/* creating the maps will fail and say why */
	log = calloc(1, log_size);
	if (log) {
		/* The same BTF may load this time: then it is not kept. */
		int fd2 = bb_btf_load(btf->data, btf->size, log, log_size, 1);

		if (fd2 >= 0)
			close(fd2);
		bb_pr_log_tail(obj, "BTF", log, 5);
		free(log);
	}
	bb_pr(obj, "the kernel rejected the BTF (%s); loading without it.",
	      bb_strerror(fd));
	return 0;
}
