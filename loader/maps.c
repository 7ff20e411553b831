// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * maps.c - where an object's maps come from, and how they are created.
 *
 * Three sources, in the order the kernel samples grew them:
 *  - "maps": legacy struct bpf_map_def records, one symbol each;
 *  - ".maps": BTF-defined maps, one variable each, attributes in BTF;
 *  - ".data", ".rodata", ".bss" (and .data.*, .rodata.*): global
 *    variables, each section one single-element array map whose value is
 *    the section. The program reaches them through BPF_PSEUDO_MAP_VALUE.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* The first five fields of every legacy struct bpf_map_def variant. */
struct legacy_map_def {
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
};

struct bb_map *bb_map_add(struct bb_object *obj, const char *name,
			  size_t sec_idx, size_t sec_off)
{
	struct bb_map *v, *map;

	v = realloc(obj->maps, (obj->nr_maps + 1) * sizeof(*v));
	if (!v)
		return NULL;
	obj->maps = v;
	map = &v[obj->nr_maps];
	memset(map, 0, sizeof(*map));
	map->name = strndup(name, BPF_OBJ_NAME_LEN - 1);
	if (!map->name)
		return NULL;
	obj->nr_maps++;
	map->obj = obj;
	map->sec_name = obj->secs[sec_idx].name;
	map->sec_idx = sec_idx;
	map->sec_off = sec_off;
	map->fd = -1;
	return map;
}

static bool sym_is_map(const struct bb_object *obj, const GElf_Sym *sym,
		       size_t sec_idx)
{
	return sym->st_shndx == sec_idx &&
	       GELF_ST_TYPE(sym->st_info) == STT_OBJECT &&
	       bb_elf_str(obj, obj->strtab_idx, sym->st_name);
}

static int collect_btf_maps(struct bb_object *obj)
{
	const struct bb_sec *sec = &obj->secs[obj->maps_idx];
	const GElf_Sym *sym;
	struct bb_map *map;
	size_t i;
	int err;

	for (i = 0; i < obj->nr_syms; i++) {
		sym = &obj->syms[i];
		if (!sym_is_map(obj, sym, obj->maps_idx))
			continue;
		if (sym->st_value > sec->size) {
			bb_pr(obj, "map symbol %zu lies outside section .maps.",
			      i);
			return -EINVAL;
		}
		map = bb_map_add(obj, bb_sym_name(obj, sym), obj->maps_idx,
			      sym->st_value);
		if (!map)
			return -ENOMEM;
		map->def_size = sym->st_size;
		err = bb_btf_map_def(obj, bb_sym_name(obj, sym), map);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Larger definitions exist (iproute2's struct bpf_elf_map, the old
 * samples' inner_map_idx and numa_node): fine while the extra fields are
 * zero, refused at load when one of them asks for something.
 */
static bool legacy_tail_zero(const char *def, size_t def_size)
{
	size_t i;

	for (i = sizeof(struct legacy_map_def); i < def_size; i++)
		if (def[i])
			return false;
	return true;
}

static int collect_legacy_maps(struct bb_object *obj)
{
	const struct bb_sec *sec = &obj->secs[obj->legacy_maps_idx];
	struct legacy_map_def def;
	size_t i, n = 0, def_size;
	const GElf_Sym *sym;
	struct bb_map *map;

	for (i = 0; i < obj->nr_syms; i++)
		n += sym_is_map(obj, &obj->syms[i], obj->legacy_maps_idx);
	if (!n)
		return 0;
	def_size = sec->size / n;
	if (!sec->data || def_size < sizeof(def) || sec->size % n) {
		bb_pr(obj, "section maps: %zu bytes do not hold %zu struct bpf_map_def.",
		      sec->size, n);
		return -EINVAL;
	}
	for (i = 0; i < obj->nr_syms; i++) {
		sym = &obj->syms[i];
		if (!sym_is_map(obj, sym, obj->legacy_maps_idx))
			continue;
		if (sym->st_value % def_size ||
		    sym->st_value > sec->size - def_size) {
			bb_pr(obj, "section maps: symbol %s is not at a definition boundary.",
			      bb_sym_name(obj, sym));
			return -EINVAL;
		}
		memcpy(&def, (const char *)sec->data + sym->st_value,
		       sizeof(def));
		map = bb_map_add(obj, bb_sym_name(obj, sym),
			      obj->legacy_maps_idx, sym->st_value);
		if (!map)
			return -ENOMEM;
		map->type = def.type;
		map->key_size = def.key_size;
		map->value_size = def.value_size;
		map->max_entries = def.max_entries;
		map->map_flags = def.map_flags;
		if (!legacy_tail_zero((const char *)sec->data + sym->st_value,
				      def_size))
			map->unsupported = "its definition has non-zero fields past struct bpf_map_def (such as iproute2's id, pinning, inner_id, inner_idx)";
	}
	return 0;
}

/* All global data sections together; one is at most BB_GLOBAL_DATA_SEC_MAX. */
#define GLOBAL_DATA_MAX		(256UL << 20)

static int collect_global_data(struct bb_object *obj)
{
	const struct bb_sec *sec;
	struct bb_map *map;
	size_t i, total = 0;

	for (i = 1; i < obj->nr_secs; i++) {
		sec = &obj->secs[i];
		if (!bb_sec_is_global_data(sec) || !sec->size)
			continue;
		total += sec->size;
		if (sec->size > BB_GLOBAL_DATA_SEC_MAX ||
		    total > GLOBAL_DATA_MAX) {
			bb_pr(obj, "section %s is too large for a map (%zu bytes).",
			      sec->name, sec->size);
			return -E2BIG;
		}
		map = bb_map_add(obj, sec->name, i, 0);
		if (!map)
			return -ENOMEM;
		map->type = BPF_MAP_TYPE_ARRAY;
		map->key_size = sizeof(__u32);
		map->value_size = sec->size;
		map->max_entries = 1;
		map->global_data = true;
		if (!strncmp(sec->name, ".rodata", 7))
			map->map_flags = BPF_F_RDONLY_PROG;
		map->initial = calloc(1, sec->size);
		if (!map->initial)
			return -ENOMEM;
		if (sec->data)
			memcpy(map->initial, sec->data, sec->size);
	}
	return 0;
}

static int cmp_map_place(const void *a, const void *b, void *ctx)
{
	const struct bb_map *maps = ctx;
	const struct bb_map *x = &maps[*(const size_t *)a];
	const struct bb_map *y = &maps[*(const size_t *)b];

	if (x->sec_idx != y->sec_idx)
		return x->sec_idx < y->sec_idx ? -1 : 1;
	return x->sec_off < y->sec_off ? -1 : x->sec_off > y->sec_off;
}

/*
 * Maps sorted by where they are defined, for relocations to find them.
 * Two maps defined at one place (aliased symbols) would make every
 * relocation there ambiguous: refused.
 */
static int index_maps(struct bb_object *obj)
{
	size_t i;

	obj->map_by_place = calloc(obj->nr_maps ? obj->nr_maps : 1,
				   sizeof(*obj->map_by_place));
	if (!obj->map_by_place)
		return -ENOMEM;
	for (i = 0; i < obj->nr_maps; i++)
		obj->map_by_place[i] = i;
	qsort_r(obj->map_by_place, obj->nr_maps, sizeof(size_t),
		cmp_map_place, obj->maps);
	for (i = 1; i < obj->nr_maps; i++) {
		if (!cmp_map_place(&obj->map_by_place[i - 1],
				   &obj->map_by_place[i], obj->maps)) {
			bb_pr(obj, "maps %s and %s are defined at the same place.",
			      obj->maps[obj->map_by_place[i - 1]].name,
			      obj->maps[obj->map_by_place[i]].name);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * .kconfig externs live in a map the loader makes up, like global data
 * but with no section behind it: read-only for programs, filled at
 * prepare (externs.c), frozen at load.
 */
static int collect_kconfig(struct bb_object *obj)
{
	struct bb_map *map;

	if (!obj->kconfig_size)
		return 0;
	map = bb_map_add(obj, ".kconfig", 0, 0);
	if (!map)
		return -ENOMEM;
	map->sec_name = ".kconfig";
	map->type = BPF_MAP_TYPE_ARRAY;
	map->key_size = sizeof(__u32);
	map->value_size = obj->kconfig_size;
	map->max_entries = 1;
	map->map_flags = BPF_F_RDONLY_PROG;
	map->global_data = true;
	map->initial = calloc(1, obj->kconfig_size);
	return map->initial ? 0 : -ENOMEM;
}

/* The .kconfig map, or NULL. */
struct bb_map *bb_kconfig_map(const struct bb_object *obj)
{
	int idx = bb_map_idx_by_sec(obj, 0, 0);

	return idx < 0 ? NULL : &obj->maps[idx];
}

int bb_maps_collect(struct bb_object *obj)
{
	int err = 0;

	if (obj->legacy_maps_idx)
		err = collect_legacy_maps(obj);
	if (!err && obj->maps_idx)
		err = collect_btf_maps(obj);
	if (!err)
		err = collect_global_data(obj);
	if (!err)
		err = collect_kconfig(obj);
	if (!err && obj->st_ops_idx)
		err = bb_st_ops_collect(obj);
	if (!err && bb_sec_by_name(obj, ".struct_ops.link", NULL)) {
		bb_pr(obj, "section .struct_ops.link (struct_ops attached as links, libbpf 1.2) is not supported yet.");
		err = -EOPNOTSUPP;
	}
	if (!err)
		err = index_maps(obj);
	return err;
}

/*
 * Index of the map defined at @sec_off of section @sec_idx, or -1. A
 * global data map is its whole section, found at offset 0.
 */
int bb_map_idx_by_sec(const struct bb_object *obj, size_t sec_idx,
		      size_t sec_off)
{
	size_t lo = 0, hi = obj->nr_maps, mid, i;
	const struct bb_map *m;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		i = obj->map_by_place[mid];
		m = &obj->maps[i];
		if (m->sec_idx == sec_idx && m->sec_off == sec_off)
			return (int)i;
		if (m->sec_idx < sec_idx ||
		    (m->sec_idx == sec_idx && m->sec_off < sec_off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int map_reuse_pinned(struct bb_object *obj, struct bb_map *map,
			    const char *path)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int fd, err;

	fd = bb_obj_get(path);
	if (fd < 0)
		return fd;
	memset(&info, 0, sizeof(info));
	err = bb_obj_get_info_by_fd(fd, &info, &len);
	if (err || info.type != map->type || info.key_size != map->key_size ||
	    info.value_size != map->value_size ||
	    info.max_entries != map->max_entries) {
		bb_pr(obj, "map %s: the map pinned at %s does not match its definition.",
		      map->name, path);
		close(fd);
		return -EINVAL;
	}
	map->fd = fd;
	return 0;
}

static int map_create_one(struct bb_object *obj, struct bb_map *map);

/*
 * A map of maps is created with a template of its inner maps, an inner
 * map created for that alone and closed right after.
 */
static int map_create_outer(struct bb_object *obj, struct bb_map *map)
{
	int err;

	if (!map->inner)
		return map_create_one(obj, map);
	map->inner->obj = obj;
	err = map_create_one(obj, map->inner);
	if (err)
		return err;
	err = map_create_one(obj, map);
	close(map->inner->fd);
	map->inner->fd = -1;
	return err;
}

/*
 * The name the kernel (and so bpftool) shows for a global data map, as
 * libbpf makes it: the object's name (its file name up to the first '.')
 * cut to fit before the section name, which gets at least 7 characters:
 * "hello_pa.rodata", "openfil.kconfig". Custom sections (".data.deny",
 * two dots) keep their own name. Anything but [A-Za-z0-9_.] becomes '_'.
 * The loader's API still calls the map by its section name.
 */
static void global_map_kname(const struct bb_object *obj, const char *sec,
			     char name[BPF_OBJ_NAME_LEN])
{
	const char *base = strrchr(obj->name, '/');
	size_t sfx = strlen(sec), pfx = 0;
	char *p;

	base = base ? base + 1 : obj->name;
	if (sfx < 7)
		sfx = 7;
	if (sfx > BPF_OBJ_NAME_LEN - 1)
		sfx = BPF_OBJ_NAME_LEN - 1;
	if (!strchr(sec + 1, '.')) {
		pfx = strcspn(base, ".");
		if (pfx > BPF_OBJ_NAME_LEN - 1 - sfx)
			pfx = BPF_OBJ_NAME_LEN - 1 - sfx;
	}
	snprintf(name, BPF_OBJ_NAME_LEN, "%.*s%.*s", (int)pfx, base,
		 (int)sfx, sec);
	for (p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
}

static int map_create_one(struct bb_object *obj, struct bb_map *map)
{
	struct bb_map_create_opts o = {
		.map_flags = map->map_flags,
		.numa_node = map->numa_node,
		.map_extra = map->map_extra,
		.inner_map_fd = map->inner ? map->inner->fd : 0,
		.btf_vmlinux_value_type_id = map->btf_vmlinux_value_type_id,
	};
	char kname[BPF_OBJ_NAME_LEN];
	const char *name = map->name;
	int fd;

	if (map->global_data) {
		global_map_kname(obj, map->sec_name, kname);
		name = kname;
	}
	if (map->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !map->max_entries) {
		fd = bb_num_possible_cpus();
		if (fd < 0)
			return fd;
		map->max_entries = fd;
	}
	if (obj->btf_fd >= 0) {
		o.btf_fd = obj->btf_fd;
		o.btf_key_type_id = map->btf_key_type_id;
		o.btf_value_type_id = map->global_data ?
			bb_btf_datasec_id(obj, map->sec_name) :
			map->btf_value_type_id;
		if (!o.btf_value_type_id && !o.btf_key_type_id &&
		    !o.btf_vmlinux_value_type_id)
			o.btf_fd = 0;
	}
	fd = bb_map_create(map->type, name, map->key_size,
			   map->value_size, map->max_entries, &o);
	if (fd < 0 && o.btf_fd) {
		/* Some map types refuse key/value BTF: retry without. */
		o.btf_fd = 0;
		o.btf_key_type_id = o.btf_value_type_id = 0;
		fd = bb_map_create(map->type, name, map->key_size,
				   map->value_size, map->max_entries, &o);
	}
	if (fd < 0) {
		bb_pr(obj, "map %s: BPF_MAP_CREATE failed: %s%s.", map->name,
		      bb_strerror(fd), bb_perm_hint(fd));
		return fd;
	}
	map->fd = fd;
	return 0;
}

/* Write the section contents; .rodata is then frozen for good. */
static int map_init_global(struct bb_object *obj, struct bb_map *map)
{
	__u32 zero = 0;
	int err;

	err = bb_map_update_elem(map->fd, &zero, map->initial, BPF_ANY);
	if (!err && (map->map_flags & BPF_F_RDONLY_PROG))
		err = bb_map_freeze(map->fd);
	if (err)
		bb_pr(obj, "map %s: cannot set its initial value: %s.",
		      map->name, bb_strerror(err));
	return err;
}

static int map_setup(struct bb_object *obj, struct bb_map *map)
{
	char path[4096];
	int err;

	if (map->pinning == BB_PIN_BY_NAME) {
		err = bb_pin_path(obj, path, sizeof(path),
				  obj->pin_root ?: "/sys/fs/bpf", map->name);
		if (err)
			return err;
		err = bb_mount_bpffs(obj->pin_root ?: "/sys/fs/bpf");
		if (err)
			return err;
		free(map->pin_path);
		map->pin_path = strdup(path);
		if (!map->pin_path)
			return -ENOMEM;
		err = map_reuse_pinned(obj, map, path);
		map->pin_reused = !err;
		if (err != -ENOENT)
			return err;
	}
	err = map_create_outer(obj, map);
	if (!err && map->global_data)
		err = map_init_global(obj, map);
	if (!err && map->pinning == BB_PIN_BY_NAME) {
		err = bb_obj_pin(map->fd, path);
		if (err)
			bb_pr(obj, "map %s: cannot pin it at %s: %s.",
			      map->name, path, bb_strerror(err));
		map->pinned = !err;
	}
	return err;
}

/*
 * A ring buffer's size must be a power-of-2 number of pages: a size that
 * is not becomes the next one that is (libbpf does the same, and programs
 * written for it count on it). Other maps keep @max_entries.
 */
__u32 bb_ringbuf_size(enum bpf_map_type type, __u32 max_entries)
{
	__u64 page = sysconf(_SC_PAGE_SIZE), size;

	if ((type != BPF_MAP_TYPE_RINGBUF &&
	     type != BPF_MAP_TYPE_USER_RINGBUF) || !max_entries)
		return max_entries;
	for (size = page; size <= UINT32_MAX; size *= 2)
		if (size >= max_entries)
			return size;
	return max_entries;	/* the kernel will say why not */
}

/* A failed load takes back the pins it made; pins it reused stay. */
void bb_maps_unpin_created(struct bb_object *obj)
{
	const char *root = obj->pin_root ?: "/sys/fs/bpf";
	char path[4096];
	size_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		if (!obj->maps[i].pinned)
			continue;
		if (!bb_pin_path(obj, path, sizeof(path), root,
				 obj->maps[i].name))
			unlink(path);
		obj->maps[i].pinned = false;
	}
}

/* Before anything is created: is every map one the loader fully applies? */
int bb_maps_check(struct bb_object *obj)
{
	const struct bb_map *map;
	size_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		map = &obj->maps[i];
		if (map->unsupported) {
			bb_pr(obj, "map %s: %s, not supported yet.", map->name,
			      map->unsupported);
			return -EOPNOTSUPP;
		}
		if (map->pinning > BB_PIN_BY_NAME) {
			bb_pr(obj, "map %s: pinning type %u is not supported (only 1, by name).",
			      map->name, map->pinning);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/*
 * Put the initial contents of a prog array (@progs) or a map of maps
 * into @map: the fd of each program or map its 'values' named.
 */
static int map_fill_slots(struct bb_object *obj, struct bb_map *map,
			  bool progs)
{
	const char *name;
	__u32 i;
	int err, fd;

	if (!map->has_values ||
	    (map->type == BPF_MAP_TYPE_PROG_ARRAY) != progs)
		return 0;
	for (i = 0; i < map->nr_slots; i++) {
		if (map->slots[i] < 0)
			continue;
		fd = progs ? obj->progs[map->slots[i]].fd :
			     obj->maps[map->slots[i]].fd;
		name = progs ? obj->progs[map->slots[i]].name :
			       obj->maps[map->slots[i]].name;
		if (fd < 0) {
			bb_pr(obj, "map %s: slot %u names %s, which is not loaded.",
			      map->name, i, name);
			return -ENOENT;
		}
		err = bb_map_update_elem(map->fd, &i, &fd, BPF_ANY);
		if (err) {
			bb_pr(obj, "map %s: cannot put %s in slot %u: %s.",
			      map->name, name, i, bb_strerror(err));
			return err;
		}
	}
	return 0;
}

/* Prog arrays after the programs are loaded, maps of maps before. */
int bb_maps_fill_slots(struct bb_object *obj, bool progs)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_maps; i++) {
		err = map_fill_slots(obj, &obj->maps[i], progs);
		if (err)
			return err;
	}
	return 0;
}

int bb_maps_create(struct bb_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_maps; i++) {
		err = map_setup(obj, &obj->maps[i]);
		if (err)
			return err;
	}
	return bb_maps_fill_slots(obj, false);
}

/* The BTF map whose variable in .maps holds bytes [off, off + 8). */
static struct bb_map *map_holding(struct bb_object *obj, __u64 off)
{
	size_t lo = 0, hi = obj->nr_maps, mid;
	struct bb_map *m;

	while (lo < hi) {	/* the first map placed after @off */
		mid = lo + (hi - lo) / 2;
		m = &obj->maps[obj->map_by_place[mid]];
		if (m->sec_idx < obj->maps_idx ||
		    (m->sec_idx == obj->maps_idx && m->sec_off <= off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	m = &obj->maps[obj->map_by_place[lo - 1]];
	return m->sec_idx == obj->maps_idx && off + 8 <= m->sec_off +
	       m->def_size ? m : NULL;
}

/* The program that starts at symbol @sym, or -1. */
static int prog_at_sym(const struct bb_object *obj, const GElf_Sym *sym)
{
	const struct bb_program *p;

	if (sym->st_shndx == obj->text_idx || sym->st_value % BPF_INSN_SZ)
		return -1;
	p = bb_prog_at(obj, sym->st_shndx, sym->st_value / BPF_INSN_SZ);
	return p && p->sec_off * BPF_INSN_SZ == sym->st_value ?
	       (int)(p - obj->progs) : -1;
}

static int map_add_slot(struct bb_map *map, size_t slot, int target)
{
	int *v;
	size_t i;

	if (slot >= map->nr_slots) {
		if (slot >= map->max_entries || slot > (1U << 20))
			return -E2BIG;
		v = realloc(map->slots, (slot + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = map->nr_slots; i <= slot; i++)
			v[i] = -1;
		map->slots = v;
		map->nr_slots = slot + 1;
	}
	map->slots[slot] = target;
	return 0;
}

/*
 * Open time, one relocation of .maps: slot N of a map's 'values' names a
 * program (prog arrays) or a map (maps of maps) to put there at load.
 */
int bb_map_slot_reloc(struct bb_object *obj, const Elf64_Rel *rel)
{
	size_t symi = ELF64_R_SYM(rel->r_info);
	const GElf_Sym *sym = symi < obj->nr_syms ? &obj->syms[symi] : NULL;
	struct bb_map *map = map_holding(obj, rel->r_offset);
	__u64 off;
	int target;

	if (!sym || !map || !map->has_values ||
	    rel->r_offset < map->sec_off + map->values_off ||
	    (rel->r_offset - map->sec_off - map->values_off) % 8)
		return -EINVAL;
	off = (rel->r_offset - map->sec_off - map->values_off) / 8;
	if (map->type == BPF_MAP_TYPE_PROG_ARRAY) {
		target = prog_at_sym(obj, sym);
	} else {
		if (map->type == BPF_MAP_TYPE_HASH_OF_MAPS &&
		    map->key_size != sizeof(int))
			return -EINVAL;
		target = sym->st_shndx == obj->maps_idx ?
			 bb_map_idx_by_sec(obj, obj->maps_idx, sym->st_value) :
			 -1;
	}
	if (target < 0)
		return -ENOENT;
	return map_add_slot(map, off, target);
}

void bb_maps_free(struct bb_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_maps; i++) {
		if (obj->maps[i].fd >= 0)
			close(obj->maps[i].fd);
		free(obj->maps[i].name);
		free(obj->maps[i].pin_path);
		free(obj->maps[i].initial);
		free(obj->maps[i].slots);
		free(obj->maps[i].st_progs);
		free(obj->maps[i].st_value);
		free(obj->maps[i].st_func_off);
		if (obj->maps[i].inner)
			free(obj->maps[i].inner->name);
		free(obj->maps[i].inner);
	}
	free(obj->maps);
	obj->maps = NULL;
	obj->nr_maps = 0;
	free(obj->map_by_place);
	obj->map_by_place = NULL;
}
