// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf_map.c - BTF-defined maps: the attributes of each variable in the
 * .maps section are encoded in the *types* of its struct's members.
 *
 *	__uint(max_entries, 256)  ->  int (*max_entries)[256]
 *	__type(key, __u32)        ->  __u32 *key
 *	__array(values, T)        ->  T *values[]
 *
 * so a __uint is an array length behind a pointer, and a __type is the
 * pointee of a pointer. The variable's value itself is all zeroes, except
 * for 'values': the initial contents of a prog array or a map of maps,
 * given as relocations of .maps (see maps.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"

/* The fields of a BTF map definition the loader knows, libbpf's names. */
enum map_field {
	F_TYPE, F_KEY, F_VALUE, F_KEY_SIZE, F_VALUE_SIZE, F_MAX_ENTRIES,
	F_MAP_FLAGS, F_NUMA_NODE, F_PINNING, F_MAP_EXTRA, F_VALUES, F_NR
};

static const char *const field_names[F_NR] = {
	[F_TYPE] = "type",		[F_KEY] = "key",
	[F_VALUE] = "value",		[F_KEY_SIZE] = "key_size",
	[F_VALUE_SIZE] = "value_size",	[F_MAX_ENTRIES] = "max_entries",
	[F_MAP_FLAGS] = "map_flags",	[F_NUMA_NODE] = "numa_node",
	[F_PINNING] = "pinning",	[F_MAP_EXTRA] = "map_extra",
	[F_VALUES] = "values",
};

/* Bit offset of member @i (with kflag, the high bits are a bitfield size). */
static __u32 btf_member_offset(const struct btf_type *t, int i)
{
	const struct btf_member *m = (const void *)(t + 1);

	return BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(m[i].offset) :
					 m[i].offset;
}

/* __uint(name, N) is "int (*name)[N]": N is the array length. */
static int member_uint(const struct bb_btf *btf, __u32 type_id, __u32 *val)
{
	const struct btf_type *t, *arr;

	t = btf_type_by_id(btf, bb_btf_skip_mods(btf, type_id));
	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	arr = btf_type_by_id(btf, t->type);
	if (!arr || btf_kind(arr) != BTF_KIND_ARRAY)
		return -EINVAL;
	*val = ((const struct btf_array *)(arr + 1))->nelems;
	return 0;
}

/* __type(name, T) is "T *name": the pointee is the key or value type. */
static int member_type(const struct bb_btf *btf, __u32 type_id, __u32 *id,
		       __u32 *size)
{
	const struct btf_type *t;
	long long sz;

	t = btf_type_by_id(btf, bb_btf_skip_mods(btf, type_id));
	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	sz = bb_btf_resolve_size(btf, t->type);
	if (sz <= 0)
		return -EINVAL;
	*id = t->type;
	*size = (__u32)sz;
	return 0;
}

/* What the definition said, before the sizes are reconciled. */
struct map_def {
	__u32 key_size, value_size;		/* of the __type()s */
	__u32 key_size_field, value_size_field;	/* __uint()s, 0: none */
};

static int map_struct(struct bb_object *obj, struct bb_map *map,
		      const struct btf_type *st, bool inner);

static bool is_map_of_maps(__u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	       type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/*
 * __array(values, T) is "T *values[]": a zero-length array of pointers,
 * to function prototypes for a prog array, to the inner map's definition
 * (a struct like any map's) for a map of maps. The initial contents come
 * as relocations of .maps (bb_map_slots_collect()).
 */
static int map_values(struct bb_object *obj, struct bb_map *map,
		      __u32 type_id, bool inner)
{
	const struct bb_btf *btf = obj->btf;
	const struct btf_type *t = btf_type_by_id(btf, type_id);
	char name[BPF_OBJ_NAME_LEN + 8];

	if (inner || (!is_map_of_maps(map->type) &&
		      map->type != BPF_MAP_TYPE_PROG_ARRAY)) {
		bb_pr(obj, "map %s: 'values' is only for prog arrays and maps of maps (one level).",
		      map->name);
		return -EOPNOTSUPP;
	}
	if (!t || btf_kind(t) != BTF_KIND_ARRAY ||
	    ((const struct btf_array *)(t + 1))->nelems)
		return -EINVAL;
	t = btf_type_by_id(btf, bb_btf_skip_mods(btf,
				((const struct btf_array *)(t + 1))->type));
	if (!t || btf_kind(t) != BTF_KIND_PTR)
		return -EINVAL;
	t = btf_type_by_id(btf, bb_btf_skip_mods(btf, t->type));
	map->has_values = true;
	if (map->type == BPF_MAP_TYPE_PROG_ARRAY)
		return t && btf_kind(t) == BTF_KIND_FUNC_PROTO ? 0 : -EINVAL;
	if (!t || btf_kind(t) != BTF_KIND_STRUCT)
		return -EINVAL;
	map->inner = calloc(1, sizeof(*map->inner));
	if (!map->inner)
		return -ENOMEM;
	snprintf(name, sizeof(name), "%s.inner", map->name);
	map->inner->name = strdup(name);
	map->inner->fd = -1;
	if (!map->inner->name)
		return -ENOMEM;
	return map_struct(obj, map->inner, t, true);
}

static int map_member(struct bb_object *obj, struct bb_map *map,
		      struct map_def *def, enum map_field f, __u32 type_id)
{
	const struct bb_btf *btf = obj->btf;
	__u32 val = 0;

	if (f == F_KEY)
		return member_type(btf, type_id, &map->btf_key_type_id,
				   &def->key_size);
	if (f == F_VALUE)
		return member_type(btf, type_id, &map->btf_value_type_id,
				   &def->value_size);
	if (member_uint(btf, type_id, &val))
		return -EINVAL;
	switch (f) {
	case F_TYPE:
		map->type = val;
		break;
	case F_KEY_SIZE:
		def->key_size_field = val;
		break;
	case F_VALUE_SIZE:
		def->value_size_field = val;
		break;
	case F_MAX_ENTRIES:
		map->max_entries = val;
		break;
	case F_MAP_FLAGS:
		map->map_flags = val;
		break;
	case F_NUMA_NODE:
		map->numa_node = val;
		break;
	case F_PINNING:
		map->pinning = val;
		break;
	case F_MAP_EXTRA:
		map->map_extra = val;
		break;
	default:
		break;
	}
	return 0;
}

/* A size given twice, by __type() and by __uint(), must agree. */
static int map_sizes(struct bb_object *obj, struct bb_map *map,
		     const struct map_def *def)
{
	if ((def->key_size && def->key_size_field &&
	     def->key_size != def->key_size_field) ||
	    (def->value_size && def->value_size_field &&
	     def->value_size != def->value_size_field)) {
		bb_pr(obj, "map %s: key_size or value_size contradicts the size of its type.",
		      map->name);
		return -EINVAL;
	}
	map->key_size = def->key_size ?: def->key_size_field;
	map->value_size = def->value_size ?: def->value_size_field;
	map->max_entries = bb_ringbuf_size(map->type, map->max_entries);
	return 0;
}

static int map_struct(struct bb_object *obj, struct bb_map *map,
		      const struct btf_type *st, bool inner)
{
	const struct btf_member *m = (const void *)(st + 1);
	struct map_def def = { 0 };
	unsigned int seen = 0;
	const char *n;
	int i, f, err;

	for (i = 0; i < btf_vlen(st); i++, m++) {
		n = btf_str(obj->btf, m->name_off);
		if (!n) {
			bb_pr(obj, "map %s: member %d has no name.",
			      map->name, i);
			return -EINVAL;
		}
		for (f = 0; f < F_NR && strcmp(n, field_names[f]); f++)
			;
		if (f == F_NR) {
			bb_pr(obj, "map %s: field '%s' is not supported.",
			      map->name, n);
			return -EOPNOTSUPP;
		}
		if (seen & (1U << f)) {
			bb_pr(obj, "map %s: field '%s' is given twice.",
			      map->name, n);
			return -EINVAL;
		}
		seen |= 1U << f;
		if (f == F_VALUES) {
			if (i != btf_vlen(st) - 1) {
				bb_pr(obj, "map %s: 'values' must be its last field.",
				      map->name);
				return -EINVAL;
			}
			map->values_off = btf_member_offset(st, i) / 8;
			def.value_size_field = def.value_size_field ?: 4;
			err = map_values(obj, map, m->type, inner);
			if (err == -EINVAL)
				bb_pr(obj, "map %s: 'values' is not an __array() of pointers to a prog or a map definition.",
				      map->name);
			if (err)
				return err;
			if (def.value_size_field != 4) {
				bb_pr(obj, "map %s: a prog array or map of maps holds 4-byte values.",
				      map->name);
				return -EINVAL;
			}
			continue;
		}
		if (map_member(obj, map, &def, f, m->type)) {
			bb_pr(obj, "map %s: field '%s' is not a __uint(), __type() or __array().",
			      map->name, n);
			return -EINVAL;
		}
	}
	return map_sizes(obj, map, &def);
}

/* Fill @map from the BTF of variable @var_name in the .maps DATASEC. */
int bb_btf_map_def(struct bb_object *obj, const char *var_name,
		   struct bb_map *map)
{
	const struct bb_btf *btf = obj->btf;
	const struct btf_name *var;
	const struct btf_type *st;

	if (!btf || !bb_btf_names_find(&btf->datasecs, ".maps")) {
		bb_pr(obj, "section .maps has no BTF; build with clang -g.");
		return -EINVAL;
	}
	var = bb_btf_names_find(&btf->map_vars, var_name);
	if (!var) {
		bb_pr(obj, "map %s has no BTF description in .maps.", var_name);
		return -EINVAL;
	}
	st = btf_type_by_id(btf, bb_btf_skip_mods(btf,
				btf_type_by_id(btf, var->id)->type));
	if (!st || btf_kind(st) != BTF_KIND_STRUCT) {
		bb_pr(obj, "map %s: its BTF type is not a struct.", var_name);
		return -EINVAL;
	}
	return map_struct(obj, map, st, false);
}
