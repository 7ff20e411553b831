// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * struct_ops.c - BPF programs that implement a kernel interface.
 *
 *	SEC(".struct_ops")
 *	struct tcp_congestion_ops dctcp = {
 *		.init = (void *)dctcp_init,	SEC("struct_ops/dctcp_init")
 *		.name = "bpf_dctcp",
 *	};
 *
 * Each variable of .struct_ops becomes a map of type
 * BPF_MAP_TYPE_STRUCT_OPS whose value is the kernel's
 * "struct bpf_struct_ops_<type>", wrapping the kernel's own struct
 * <type>. Function pointer members name programs (relocations of
 * .struct_ops); each program is loaded for that kernel type and member
 * (attach_btf_id, expected_attach_type = member index). Other members
 * are copied, by name, into the kernel's layout. Writing the value into
 * the map (bb_struct_ops_register()) is what registers the
 * implementation with the kernel. The rules are libbpf's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* Open time: a map for each variable of .struct_ops. */
int bb_st_ops_collect(struct bb_object *obj)
{
	const struct bb_sec *sec = &obj->secs[obj->st_ops_idx];
	const struct btf_var_secinfo *vs;
	const struct btf_type *ds, *var, *t;
	const struct btf_name *n;
	const GElf_Sym *sym;
	struct bb_map *map;
	__u32 tid;
	int i;

	n = obj->btf ? bb_btf_names_find(&obj->btf->datasecs, ".struct_ops") :
		       NULL;
	if (!n || !sec->data) {
		bb_pr(obj, "section .struct_ops has no BTF or no contents.");
		return -EINVAL;
	}
	ds = btf_type_by_id(obj->btf, n->id);
	vs = (const void *)(ds + 1);
	for (i = 0; i < btf_vlen(ds); i++, vs++) {
		var = btf_type_by_id(obj->btf, vs->type);
		t = var ? core_skip_mods(obj->btf, var->type, &tid) : NULL;
		sym = var ? bb_sym_by_name(obj, obj->st_ops_idx,
					   btf_str(obj->btf, var->name_off)) :
			    NULL;
		if (!t || btf_kind(t) != BTF_KIND_STRUCT || !t->name_off ||
		    !sym || sym->st_value > sec->size ||
		    t->size > sec->size - sym->st_value) {
			bb_pr(obj, "section .struct_ops: variable %d is not a named struct inside the section.",
			      i);
			return -EINVAL;
		}
		map = bb_map_add(obj, btf_str(obj->btf, var->name_off),
				 obj->st_ops_idx, sym->st_value);
		if (!map)
			return -ENOMEM;
		map->type = BPF_MAP_TYPE_STRUCT_OPS;
		map->key_size = sizeof(__u32);
		map->value_size = t->size;
		map->max_entries = 1;
		map->st_type_id = tid;
		map->def_size = t->size;
		map->st_progs = malloc(btf_vlen(t) * sizeof(int) + 1);
		if (!map->st_progs)
			return -ENOMEM;
		memset(map->st_progs, 0xff, btf_vlen(t) * sizeof(int));
	}
	return 0;
}

/* The member of @t at byte @off (not a bitfield), or -1. */
static int member_at(const struct btf_type *t, __u32 off)
{
	int i;

	for (i = 0; i < btf_vlen(t); i++)
		if (btf_member_bit_off(t, i) == off * 8 &&
		    !btf_member_bitfield_size(t, i))
			return i;
	return -1;
}

/* Is member @i of @t a pointer to a function? */
static bool member_is_func_ptr(const struct bb_btf *btf,
			       const struct btf_type *t, int i)
{
	const struct btf_member *m = (const struct btf_member *)(t + 1) + i;
	const struct btf_type *p = core_skip_mods(btf, m->type, NULL);

	p = p && btf_kind(p) == BTF_KIND_PTR ?
	    core_skip_mods(btf, p->type, NULL) : NULL;
	return p && btf_kind(p) == BTF_KIND_FUNC_PROTO;
}

/*
 * One relocation of .struct_ops: a function pointer member names the
 * program that implements it. A program may serve several maps, for the
 * same member of the same struct only.
 */
int bb_st_ops_reloc(struct bb_object *obj, const Elf64_Rel *rel)
{
	size_t symi = ELF64_R_SYM(rel->r_info), i;
	const GElf_Sym *sym = symi < obj->nr_syms ? &obj->syms[symi] : NULL;
	const struct btf_type *t;
	struct bb_program *p;
	struct bb_map *map = NULL;
	int m;

	for (i = 0; i < obj->nr_maps && !map; i++)
		if (obj->maps[i].type == BPF_MAP_TYPE_STRUCT_OPS &&
		    rel->r_offset >= obj->maps[i].sec_off &&
		    rel->r_offset - obj->maps[i].sec_off < obj->maps[i].def_size)
			map = &obj->maps[i];
	if (!map || !sym || sym->st_value % BPF_INSN_SZ)
		return -EINVAL;
	t = btf_type_by_id(obj->btf, map->st_type_id);
	m = member_at(t, rel->r_offset - map->sec_off);
	if (m < 0 || !member_is_func_ptr(obj->btf, t, m))
		return -EINVAL;
	p = bb_prog_at(obj, sym->st_shndx, sym->st_value / BPF_INSN_SZ);
	if (!p || p->sec_off * BPF_INSN_SZ != sym->st_value ||
	    p->type != BPF_PROG_TYPE_STRUCT_OPS)
		return -EINVAL;
	if (p->st_map >= 0 && (obj->maps[p->st_map].st_type_id !=
			       map->st_type_id || p->st_member != m))
		return -EINVAL;
	p->st_map = map - obj->maps;
	p->st_member = m;
	map->st_progs[m] = p - obj->progs;
	return 0;
}

/*
 * The kernel's struct @tname and the map value that wraps it,
 * "struct bpf_struct_ops_<tname>", with the wrapped member's offset.
 */
static int kern_types(struct bb_object *obj, const char *tname, __u32 *tid,
		      __u32 *vid, __u32 *data_off)
{
	char vname[BB_NAME_MAX + 32];
	const struct btf_type *vt;
	const struct btf_member *m;
	struct bb_btf *kbtf;
	int i, err;

	snprintf(vname, sizeof(vname), "bpf_struct_ops_%s", tname);
	err = bb_kernel_btf(obj, &kbtf);
	if (!err)
		err = bb_btf_vmlinux_id(obj, tname, BTF_KIND_STRUCT, tid);
	if (!err)
		err = bb_btf_vmlinux_id(obj, vname, BTF_KIND_STRUCT, vid);
	if (err) {
		bb_pr(obj, "the kernel has no struct_ops type %s (or no %s).",
		      tname, vname);
		return err;
	}
	vt = btf_type_by_id(kbtf, *vid);
	m = (const void *)(vt + 1);
	for (i = 0; i < btf_vlen(vt); i++, m++) {
		if (m->type == *tid) {
			*data_off = btf_member_bit_off(vt, i) / 8;
			return 0;
		}
	}
	bb_pr(obj, "kernel struct %s does not wrap struct %s.", vname, tname);
	return -EINVAL;
}

/* The kernel's member of @kt named @name, or -1. */
static int kern_member(const struct bb_btf *kbtf, const struct btf_type *kt,
		       const char *name)
{
	int i;

	for (i = 0; i < btf_vlen(kt); i++)
		if (!strcmp(core_item_name(kbtf, kt, i), name))
			return i;
	return -1;
}

/*
 * Member @i of the object's struct @t, into the kernel's @kt: a program
 * learns where it attaches, data is copied where the kernel has it.
 */
static int st_ops_member(struct bb_object *obj, struct bb_map *map,
			 const struct btf_type *t, int i,
			 const struct bb_btf *kbtf, const struct btf_type *kt,
			 __u32 ktid, __u32 data_off)
{
	const struct btf_member *m = (const struct btf_member *)(t + 1) + i;
	const char *name = core_item_name(obj->btf, t, i);
	const struct btf_member *km;
	const struct btf_type *mt, *kmt;
	long long size, ksize;
	__u32 mid, kmid;
	int k;

	k = kern_member(kbtf, kt, name);
	if (k < 0 || btf_member_bitfield_size(t, i) ||
	    btf_member_bitfield_size(kt, k)) {
		bb_pr(obj, "struct_ops %s: the kernel's %s has no member %s it can take.",
		      map->name, btf_str(kbtf, kt->name_off), name);
		return -EOPNOTSUPP;
	}
	km = (const struct btf_member *)(kt + 1) + k;
	mt = core_skip_mods(obj->btf, m->type, &mid);
	kmt = core_skip_mods(kbtf, km->type, &kmid);
	if (!mt || !kmt || btf_kind(mt) != btf_kind(kmt)) {
		bb_pr(obj, "struct_ops %s: member %s has another kind in the kernel.",
		      map->name, name);
		return -EOPNOTSUPP;
	}
	if (btf_kind(mt) == BTF_KIND_PTR) {
		struct bb_program *p;

		if (map->st_progs[i] < 0)
			return 0;
		p = &obj->progs[map->st_progs[i]];
		if (!member_is_func_ptr(kbtf, kt, k)) {
			bb_pr(obj, "struct_ops %s: the kernel's %s is no function pointer.",
			      map->name, name);
			return -EOPNOTSUPP;
		}
		p->attach_btf_id = ktid;
		p->expected_attach_type = k;
		map->st_func_off[i] = data_off + btf_member_bit_off(kt, k) / 8;
		return 0;
	}
	size = bb_btf_resolve_size(obj->btf, mid);
	ksize = bb_btf_resolve_size(kbtf, kmid);
	if (size < 0 || size != ksize) {
		bb_pr(obj, "struct_ops %s: member %s has another size in the kernel.",
		      map->name, name);
		return -EOPNOTSUPP;
	}
	memcpy((char *)map->st_value + data_off +
	       btf_member_bit_off(kt, k) / 8,
	       (const char *)obj->secs[obj->st_ops_idx].data + map->sec_off +
	       btf_member_bit_off(t, i) / 8, size);
	return 0;
}

static int st_ops_prepare_map(struct bb_object *obj, struct bb_map *map)
{
	const struct btf_type *t = btf_type_by_id(obj->btf, map->st_type_id);
	const struct btf_type *kt;
	__u32 ktid, kvid, data_off;
	struct bb_btf *kbtf;
	int i, err;

	err = kern_types(obj, btf_str(obj->btf, t->name_off), &ktid, &kvid,
			 &data_off);
	if (err)
		return err;
	bb_kernel_btf(obj, &kbtf);
	kt = btf_type_by_id(kbtf, ktid);
	map->value_size = btf_type_by_id(kbtf, kvid)->size;
	map->btf_vmlinux_value_type_id = kvid;
	free(map->st_value);
	free(map->st_func_off);
	map->st_value = calloc(1, map->value_size);
	map->st_func_off = calloc(btf_vlen(t) + 1, sizeof(*map->st_func_off));
	if (!map->st_value || !map->st_func_off)
		return -ENOMEM;
	for (i = 0; i < btf_vlen(t); i++) {
		err = st_ops_member(obj, map, t, i, kbtf, kt, ktid, data_off);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Prepare time: each struct_ops map gets the kernel's value type, and
 * each of its programs the kernel type and member it implements.
 */
int bb_st_ops_prepare(struct bb_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_maps; i++) {
		if (obj->maps[i].type != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		err = st_ops_prepare_map(obj, &obj->maps[i]);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Register the implementation: the value, with each program's fd where
 * the kernel's struct has the function pointer, goes into the map.
 */
int bb_struct_ops_register(struct bb_map *map)
{
	struct bb_object *obj = map->obj;
	const struct btf_type *t;
	__u32 zero = 0;
	int i, fd, err;

	if (map->type != BPF_MAP_TYPE_STRUCT_OPS || map->fd < 0 ||
	    !map->st_value)
		return -EINVAL;
	t = btf_type_by_id(obj->btf, map->st_type_id);
	for (i = 0; i < btf_vlen(t); i++) {
		if (map->st_progs[i] < 0)
			continue;
		fd = obj->progs[map->st_progs[i]].fd;
		if (fd < 0) {
			bb_pr(obj, "struct_ops %s: program %s is not loaded.",
			      map->name, obj->progs[map->st_progs[i]].name);
			return -ENOENT;
		}
		/* the kernel reads a function pointer's worth */
		memcpy((char *)map->st_value + map->st_func_off[i],
		       &(unsigned long){ fd }, sizeof(unsigned long));
	}
	err = bb_map_update_elem(map->fd, &zero, map->st_value, BPF_ANY);
	if (err)
		bb_pr(obj, "struct_ops %s: the kernel did not take it: %s.",
		      map->name, bb_strerror(err));
	return err;
}

int bb_struct_ops_unregister(struct bb_map *map)
{
	__u32 zero = 0;

	return bb_map_delete_elem(map->fd, &zero);
}
