// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf.c - the object's type information.
 *
 * .BTF describes every type, function and global variable; the kernel
 * uses it to pretty-print map contents and, with .BTF.ext, to show source
 * lines in the verifier log. BTF-defined maps are read from it too: each
 * variable in .maps is an anonymous struct whose member *types* encode
 * the map attributes (see bb_helpers.h).
 *
 * clang leaves the sizes of DATASEC types and the offsets of their
 * variables at zero, because only the linker knows them; we fill them in
 * from the ELF section sizes and symbol values before BPF_BTF_LOAD.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define BTF_MAX_DEPTH	32

/*
 * Not in the UAPI headers: the layout clang writes for .BTF.ext. The
 * CO-RE fields exist when hdr_len says so (clang 11 and later).
 */
struct btf_ext_hdr {
	__u16 magic;
	__u8 version;
	__u8 flags;
	__u32 hdr_len;
	__u32 func_info_off;
	__u32 func_info_len;
	__u32 line_info_off;
	__u32 line_info_len;
	__u32 core_relo_off;
	__u32 core_relo_len;
};

#define BTF_EXT_HDR_MIN	offsetof(struct btf_ext_hdr, core_relo_off)

/* One validated table of .BTF.ext: records grouped by section. */
struct btf_ext_table {
	const char *data;	/* first section group, after rec_size */
	__u32 len;
	__u32 rec_size;
};

struct bb_btf {
	void *data;		/* our copy, fixed up in place */
	__u32 size;
	struct btf_header *hdr;
	char *types;		/* start of the type section */
	const char *strs;
	__u32 str_len;
	struct btf_type **type;	/* type[id], id 1..nr_types */
	__u32 nr_types;
	void *ext;		/* copy of .BTF.ext, or NULL */
	__u32 ext_size;
	struct btf_ext_table ext_tab[BB_EXT_NR];
};

static inline __u16 btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline __u16 btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static const struct btf_type *btf_type_by_id(const struct bb_btf *btf,
					     __u32 id)
{
	return id && id <= btf->nr_types ? btf->type[id] : NULL;
}

static const char *btf_str(const struct bb_btf *btf, __u32 off)
{
	if (off >= btf->str_len || !memchr(btf->strs + off, '\0',
					   btf->str_len - off))
		return NULL;
	return btf->strs + off;
}

/* Bytes that follow struct btf_type for this kind, or -1 if unknown. */
static long btf_extra_size(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)btf_vlen(t) * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)btf_vlen(t) * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (long)btf_vlen(t) * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)btf_vlen(t) * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (long)btf_vlen(t) * sizeof(struct btf_enum64);
	default:
		return -1;
	}
}

static int btf_index_types(struct bb_object *obj, struct bb_btf *btf,
			   const char *what)
{
	__u32 off = 0, len = btf->hdr->type_len, cap = 0;
	struct btf_type **v;
	long extra;

	while (off < len) {
		struct btf_type *t = (void *)(btf->types + off);

		if (len - off < sizeof(*t))
			goto bad;
		extra = btf_extra_size(t);
		if (extra < 0 || len - off - sizeof(*t) < (unsigned long)extra)
			goto bad;
		if (btf->nr_types + 2 > cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(btf->type, cap * sizeof(*v));
			if (!v)
				return -ENOMEM;
			btf->type = v;
		}
		btf->type[++btf->nr_types] = t;
		off += sizeof(*t) + extra;
	}
	return 0;
bad:
	bb_pr(obj, "%s: type %u at offset %u is malformed.", what,
	      btf->nr_types + 1, off);
	return -EINVAL;
}

static int btf_check_header(struct bb_object *obj, struct bb_btf *btf,
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

static const struct {
	const char *name;
	__u32 min_rec_size;
} ext_tables[BB_EXT_NR] = {
	[BB_EXT_FUNC] = { "func_info", sizeof(struct bpf_func_info) },
	[BB_EXT_LINE] = { "line_info", sizeof(struct bpf_line_info) },
	[BB_EXT_CORE] = { "CO-RE relocations", 16 },
};

/* Is @name already the name of a group before @p in table @tab? */
static bool ext_sec_seen(const struct bb_btf *btf,
			 const struct btf_ext_table *tab, const char *p,
			 __u32 name_off)
{
	const char *q = tab->data;
	__u32 off, n;

	while (q < p) {
		memcpy(&off, q, 4);
		memcpy(&n, q + 4, 4);
		if (!strcmp(btf_str(btf, off), btf_str(btf, name_off)))
			return true;
		q += 8 + (size_t)n * tab->rec_size;
	}
	return false;
}

/*
 * Check one table completely, so that later readers can walk it without
 * checks: a record size the kernel accepts, then groups of
 * { section name, count, records } that fit, each section named once.
 */
static int btf_ext_table_parse(struct bb_object *obj, struct bb_btf *btf,
			       enum bb_ext_table t, __u32 off, __u32 len)
{
	const struct btf_ext_hdr *h = btf->ext;
	struct btf_ext_table *tab = &btf->ext_tab[t];
	__u32 body = btf->ext_size - h->hdr_len, name_off, n;
	const char *p, *end;

	if (off > body || len > body - off || off % 4)
		goto bad;
	if (!len)
		return 0;
	p = (const char *)btf->ext + h->hdr_len + off;
	end = p + len;
	if (len < 4)
		goto bad;
	memcpy(&tab->rec_size, p, 4);
	if (tab->rec_size < ext_tables[t].min_rec_size || tab->rec_size % 4)
		goto bad;
	tab->data = p + 4;
	tab->len = len - 4;
	for (p = tab->data; p < end; p += (size_t)n * tab->rec_size) {
		if (end - p < 8)
			goto bad;
		memcpy(&name_off, p, 4);
		memcpy(&n, p + 4, 4);
		if (!btf_str(btf, name_off) || !n ||
		    ext_sec_seen(btf, tab, p, name_off))
			goto bad;
		p += 8;
		if ((__u64)n * tab->rec_size > (__u64)(end - p))
			goto bad;
	}
	return 0;
bad:
	bb_pr(obj, "section .BTF.ext: its %s table is malformed.",
	      ext_tables[t].name);
	return -EINVAL;
}

/*
 * .BTF.ext may hold records the loader must apply (CO-RE relocations),
 * so an object whose .BTF.ext cannot be read is refused, not loaded
 * without it.
 */
static int btf_ext_parse(struct bb_object *obj, struct bb_btf *btf)
{
	const struct btf_ext_hdr *h;
	struct bb_sec *sec;
	int err;

	sec = bb_sec_by_name(obj, ".BTF.ext", NULL);
	if (!sec)
		return 0;
	btf->ext = malloc(sec->size ? sec->size : 1);
	if (!btf->ext)
		return -ENOMEM;
	if (sec->data)
		memcpy(btf->ext, sec->data, sec->size);
	btf->ext_size = sec->data ? sec->size : 0;
	h = btf->ext;
	if (btf->ext_size < BTF_EXT_HDR_MIN || h->magic != BTF_MAGIC ||
	    h->version != 1 || h->flags || h->hdr_len < BTF_EXT_HDR_MIN ||
	    h->hdr_len > btf->ext_size || h->hdr_len % 4) {
		bb_pr(obj, "section .BTF.ext has a malformed header.");
		return -EINVAL;
	}
	err = btf_ext_table_parse(obj, btf, BB_EXT_FUNC, h->func_info_off,
				  h->func_info_len);
	if (!err)
		err = btf_ext_table_parse(obj, btf, BB_EXT_LINE,
					  h->line_info_off, h->line_info_len);
	if (!err && h->hdr_len >= sizeof(*h))
		err = btf_ext_table_parse(obj, btf, BB_EXT_CORE,
					  h->core_relo_off, h->core_relo_len);
	return err;
}

static void btf_free(struct bb_btf *btf)
{
	if (!btf)
		return;
	free(btf->type);
	free(btf->data);
	free(btf->ext);
	free(btf);
}

/* A validated, indexed copy of the BTF blob @data, or NULL. */
static struct bb_btf *btf_new(struct bb_object *obj, const void *data,
			      size_t size, const char *what, int *errp)
{
	struct bb_btf *btf;

	*errp = -ENOMEM;
	btf = calloc(1, sizeof(*btf));
	if (!btf)
		return NULL;
	btf->size = size;
	btf->data = malloc(size ? size : 1);
	if (!btf->data)
		goto err_free;
	memcpy(btf->data, data, size);
	*errp = btf_check_header(obj, btf, what);
	if (!*errp)
		*errp = btf_index_types(obj, btf, what);
	if (!*errp)
		return btf;
err_free:
	btf_free(btf);
	return NULL;
}

int bb_btf_parse(struct bb_object *obj)
{
	struct bb_sec *sec;
	int err;

	sec = bb_sec_by_name(obj, ".BTF", NULL);
	if (!sec || !sec->data) {
		if (!bb_sec_by_name(obj, ".BTF.ext", NULL))
			return 0;
		bb_pr(obj, "section .BTF.ext comes without .BTF, so its records cannot be read.");
		return -EINVAL;
	}
	obj->btf = btf_new(obj, sec->data, sec->size, "section .BTF", &err);
	if (!obj->btf)
		return err;
	return btf_ext_parse(obj, obj->btf);
}

void bb_btf_free(struct bb_object *obj)
{
	btf_free(obj->btf);
	obj->btf = NULL;
	bb_btf_vmlinux_release(obj);
}

/*
 * The running kernel's own BTF, read on first use: fentry, fexit and
 * tp_btf programs name their attach point by its BTF type id there.
 */
#define VMLINUX_BTF	"/sys/kernel/btf/vmlinux"

static int btf_vmlinux_load(struct bb_object *obj)
{
	char *buf = NULL, *v;
	size_t size = 0, cap = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(VMLINUX_BTF, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		bb_pr(obj, "cannot read %s (%s): no kernel BTF to type fentry, fexit or tp_btf.",
		      VMLINUX_BTF, bb_strerror(errno));
		return err;
	}
	/* A sysfs file: its size is not known up front. */
	do {
		if (size == cap) {
			cap = cap ? cap * 2 : 1 << 22;
			v = realloc(buf, cap);
			if (!v) {
				err = -ENOMEM;
				break;
			}
			buf = v;
		}
		n = read(fd, buf + size, cap - size);
		if (n < 0)
			err = -errno;
		else
			size += n;
	} while (n > 0 && !err);
	close(fd);
	if (!err)
		obj->vmlinux_btf = btf_new(obj, buf, size, VMLINUX_BTF, &err);
	free(buf);
	return err;
}

/* Loading is over: the 5 MB of kernel BTF are not needed any more. */
void bb_btf_vmlinux_release(struct bb_object *obj)
{
	btf_free(obj->vmlinux_btf);
	obj->vmlinux_btf = NULL;
}

/* BTF id of the @kind type called @name in the kernel's BTF. */
int bb_btf_vmlinux_id(struct bb_object *obj, const char *name, __u16 kind,
		      __u32 *id)
{
	const struct bb_btf *btf;
	const char *n;
	__u32 i;
	int err;

	if (!obj->vmlinux_btf) {
		err = btf_vmlinux_load(obj);
		if (err)
			return err;
	}
	btf = obj->vmlinux_btf;
	for (i = 1; i <= btf->nr_types; i++) {
		if (btf_kind(btf->type[i]) != kind)
			continue;
		n = btf_str(btf, btf->type[i]->name_off);
		if (n && !strcmp(n, name)) {
			*id = i;
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * The DATASEC (.kconfig, .ksyms) that declares extern @name, or NULL:
 * clang lists every extern variable and kfunc in one.
 */
const char *bb_btf_extern_sec(const struct bb_object *obj, const char *name)
{
	const struct bb_btf *btf = obj->btf;
	const struct btf_var_secinfo *vsi;
	const struct btf_type *t, *v;
	const char *n;
	__u32 id;
	int i;

	for (id = 1; btf && id <= btf->nr_types; id++) {
		t = btf->type[id];
		if (btf_kind(t) != BTF_KIND_DATASEC)
			continue;
		vsi = (const void *)(t + 1);
		for (i = 0; i < btf_vlen(t); i++) {
			v = btf_type_by_id(btf, vsi[i].type);
			n = v ? btf_str(btf, v->name_off) : NULL;
			if (n && !strcmp(n, name))
				return btf_str(btf, t->name_off);
		}
	}
	return NULL;
}

/* Skip typedefs and qualifiers; 0 if the chain is broken or too long. */
static __u32 btf_skip_mods(const struct bb_btf *btf, __u32 id)
{
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		t = btf_type_by_id(btf, id);
		if (!t)
			return 0;
		switch (btf_kind(t)) {
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		default:
			return id;
		}
	}
	return 0;
}

/* Size in bytes of type @id, or -EINVAL. */
static long long btf_resolve_size(const struct bb_btf *btf, __u32 id)
{
	unsigned long long mult = 1, size;
	const struct btf_type *t;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		id = btf_skip_mods(btf, id);
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

static const struct btf_type *btf_find_datasec(const struct bb_btf *btf,
					       const char *name, __u32 *idp)
{
	const struct btf_type *t;
	const char *n;
	__u32 id;

	for (id = 1; id <= btf->nr_types; id++) {
		t = btf->type[id];
		if (btf_kind(t) != BTF_KIND_DATASEC)
			continue;
		n = btf_str(btf, t->name_off);
		if (n && !strcmp(n, name)) {
			if (idp)
				*idp = id;
			return t;
		}
	}
	return NULL;
}

__u32 bb_btf_datasec_id(const struct bb_object *obj, const char *sec_name)
{
	__u32 id = 0;

	if (obj->btf && obj->btf_fd >= 0)
		btf_find_datasec(obj->btf, sec_name, &id);
	return id;
}

/* __uint(name, N) is "int (*name)[N]": N is the array length. */
static int btf_member_uint(const struct bb_btf *btf, __u32 type_id,
			   __u32 *val)
{
	const struct btf_type *t, *arr;

	t = btf_type_by_id(btf, btf_skip_mods(btf, type_id));
	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	arr = btf_type_by_id(btf, t->type);
	if (!arr || btf_kind(arr) != BTF_KIND_ARRAY)
		return -EINVAL;
	*val = ((const struct btf_array *)(arr + 1))->nelems;
	return 0;
}

/* __type(name, T) is "T *name": the pointee is the key or value type. */
static int btf_member_type(const struct bb_btf *btf, __u32 type_id,
			   __u32 *id, __u32 *size)
{
	const struct btf_type *t;
	long long sz;

	t = btf_type_by_id(btf, btf_skip_mods(btf, type_id));
	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	sz = btf_resolve_size(btf, t->type);
	if (sz <= 0)
		return -EINVAL;
	*id = t->type;
	*size = (__u32)sz;
	return 0;
}

static int btf_map_member(struct bb_object *obj, struct bb_map *map,
			  const char *name, __u32 type_id)
{
	const struct bb_btf *btf = obj->btf;
	__u32 val = 0, tmp;
	int err;

	if (!strcmp(name, "values")) {
		/* __array(values, ...): prog array or map-in-map contents */
		map->unsupported = "initial values ('values' in .maps)";
		return 0;
	}
	if (!strcmp(name, "key") || !strcmp(name, "value")) {
		bool key = name[0] == 'k';

		err = btf_member_type(btf, type_id,
				      key ? &map->btf_key_type_id :
					    &map->btf_value_type_id,
				      key ? &map->key_size : &map->value_size);
		goto out;
	}
	err = btf_member_uint(btf, type_id, &val);
	if (err)
		goto out;
	if (!strcmp(name, "type"))
		map->type = val;
	else if (!strcmp(name, "max_entries"))
		map->max_entries = val;
	else if (!strcmp(name, "map_flags"))
		map->map_flags = val;
	else if (!strcmp(name, "numa_node"))
		map->numa_node = val;
	else if (!strcmp(name, "pinning"))
		map->pinning = val;
	else if (!strcmp(name, "map_extra"))
		map->map_extra = val;
	else if (!strcmp(name, "key_size") || !strcmp(name, "value_size")) {
		tmp = name[0] == 'k' ? map->key_size : map->value_size;
		if (tmp && tmp != val) {
			bb_pr(obj, "map %s: %s %u contradicts its type's size %u.",
			      map->name, name, val, tmp);
			return -EINVAL;
		}
		*(name[0] == 'k' ? &map->key_size : &map->value_size) = val;
	} else {
		bb_pr(obj, "map %s: field '%s' is not supported.", map->name,
		      name);
		return -EOPNOTSUPP;
	}
out:
	if (err)
		bb_pr(obj, "map %s: field '%s' is not a __uint() or __type().",
		      map->name, name);
	return err;
}

/* Fill @map from the BTF of variable @var_name in the .maps DATASEC. */
int bb_btf_map_def(struct bb_object *obj, const char *var_name,
		   struct bb_map *map)
{
	const struct bb_btf *btf = obj->btf;
	const struct btf_var_secinfo *vsi;
	const struct btf_type *sec, *var, *st;
	const struct btf_member *m;
	const char *n;
	int i, err;

	sec = btf ? btf_find_datasec(btf, ".maps", NULL) : NULL;
	if (!sec) {
		bb_pr(obj, "section .maps has no BTF; build with clang -g.");
		return -EINVAL;
	}
	vsi = (const void *)(sec + 1);
	for (i = 0; i < btf_vlen(sec); i++, vsi++) {
		var = btf_type_by_id(btf, vsi->type);
		if (!var || btf_kind(var) != BTF_KIND_VAR)
			continue;
		n = btf_str(btf, var->name_off);
		if (n && !strcmp(n, var_name))
			break;
	}
	if (i == btf_vlen(sec)) {
		bb_pr(obj, "map %s has no BTF description in .maps.", var_name);
		return -EINVAL;
	}
	st = btf_type_by_id(btf, btf_skip_mods(btf, var->type));
	if (!st || btf_kind(st) != BTF_KIND_STRUCT) {
		bb_pr(obj, "map %s: its BTF type is not a struct.", var_name);
		return -EINVAL;
	}
	m = (const void *)(st + 1);
	for (i = 0; i < btf_vlen(st); i++, m++) {
		n = btf_str(btf, m->name_off);
		if (!n) {
			bb_pr(obj, "map %s: member %d has no name.", var_name,
			      i);
			return -EINVAL;
		}
		err = btf_map_member(obj, map, n, m->type);
		if (err)
			return err;
	}
	return 0;
}

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static const GElf_Sym *find_sym(const struct bb_object *obj, size_t shndx,
				const char *name)
{
	const char *n;
	size_t i;

	for (i = 0; i < obj->nr_syms; i++) {
		if (obj->syms[i].st_shndx != shndx)
			continue;
		n = bb_elf_str(obj, obj->strtab_idx, obj->syms[i].st_name);
		if (n && !strcmp(n, name))
			return &obj->syms[i];
	}
	return NULL;
}

/*
 * Give each DATASEC the size of its ELF section and each variable its
 * symbol's offset; the kernel then wants the variables sorted by offset.
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
	if (name && (!strcmp(name, ".kconfig") || !strcmp(name, ".ksyms")))
		return 0;	/* externs: no ELF section; see link.c */
	if (!name || !bb_sec_by_name(obj, name, &shndx))
		return -ENOENT;
	t->size = obj->secs[shndx].size;
	for (i = 0; i < btf_vlen(t); i++) {
		var = btf_type_by_id(btf, vsi[i].type);
		if (!var || btf_kind(var) != BTF_KIND_VAR)
			return -EINVAL;
		name = btf_str(btf, var->name_off);
		sym = name ? find_sym(obj, shndx, name) : NULL;
		if (!sym)
			return -ENOENT;
		vsi[i].offset = sym->st_value;
	}
	qsort(vsi, btf_vlen(t), sizeof(*vsi), cmp_vsi);
	return 0;
}

/* Fill in what clang left for the linker; see the top of this file. */
void bb_btf_fixup(struct bb_object *obj)
{
	struct bb_btf *btf = obj->btf;
	__u32 id;

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

/*
 * The records of table @t for code section @sec_name: *@n records of
 * *@rec_size bytes, each starting with the byte offset of its
 * instruction in the section. NULL if the section has none.
 */
const void *bb_btf_ext_recs(const struct bb_object *obj, enum bb_ext_table t,
			    const char *sec_name, __u32 *n, __u32 *rec_size)
{
	const struct btf_ext_table *tab;
	const char *p, *end;
	__u32 name_off;

	if (!obj->btf || !obj->btf->ext_tab[t].data)
		return NULL;
	tab = &obj->btf->ext_tab[t];
	end = tab->data + tab->len;
	for (p = tab->data; p < end; p += 8 + (size_t)*n * tab->rec_size) {
		memcpy(&name_off, p, 4);
		memcpy(n, p + 4, 4);
		if (!strcmp(btf_str(obj->btf, name_off), sec_name)) {
			*rec_size = tab->rec_size;
			return p + 8;
		}
	}
	return NULL;
}

/* How many records of table @t are for instructions [off, off + len). */
__u32 bb_btf_ext_count(const struct bb_object *obj, enum bb_ext_table t,
		       const char *sec_name, __u32 off, __u32 len)
{
	__u32 n, rec_size, i, insn, count = 0;
	const char *p;

	p = bb_btf_ext_recs(obj, t, sec_name, &n, &rec_size);
	for (i = 0; p && i < n; i++, p += rec_size) {
		memcpy(&insn, p, 4);
		insn /= BPF_INSN_SZ;
		count += insn >= off && insn - off < len;
	}
	return count;
}

/*
 * Func or line info records for instructions [off, off + len) of section
 * @sec_name, appended to *recs with insn_off rebased to @new_off. Offsets
 * in the ELF are in bytes, the kernel wants instruction indexes.
 */
int bb_btf_ext_info(const struct bb_object *obj, const char *sec_name,
		    __u32 off, __u32 len, __u32 new_off, bool line,
		    void **recs, __u32 *cnt)
{
	const __u32 out_sz = line ? sizeof(struct bpf_line_info) :
				    sizeof(struct bpf_func_info);
	__u32 rec_size, n, i, insn;
	const char *p;
	void *v;

	p = bb_btf_ext_recs(obj, line ? BB_EXT_LINE : BB_EXT_FUNC, sec_name,
			    &n, &rec_size);
	for (i = 0; p && i < n; i++, p += rec_size) {
		memcpy(&insn, p, 4);
		insn /= BPF_INSN_SZ;
		if (insn < off || insn - off >= len)
			continue;
		v = realloc(*recs, (size_t)(*cnt + 1) * out_sz);
		if (!v)
			return -ENOMEM;
		*recs = v;
		memcpy((char *)v + (size_t)*cnt * out_sz, p, out_sz);
		insn = insn - off + new_off;
		memcpy((char *)v + (size_t)*cnt * out_sz, &insn, 4);
		(*cnt)++;
	}
	return 0;
}
