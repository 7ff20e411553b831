// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf_kernel.c - the running kernel's own type information.
 *
 * fentry, fexit and tp_btf programs name their attach point by its BTF
 * type id in the kernel's BTF, and CO-RE relocations (core.c) look there
 * for the kernel's version of each type a program uses. vmlinux's BTF is
 * /sys/kernel/btf/vmlinux; each module with BTF adds
 * /sys/kernel/btf/<module>, split BTF whose ids and strings continue
 * those of vmlinux. The loader reads them on first use while loading an
 * object, indexes each by name once, and drops them (some 6 MB) when
 * loading is over.
 *
 * bb_object_opts.kernel_btf names another kernel's BTF to relocate
 * against instead (a file from that kernel's /sys/kernel/btf/vmlinux);
 * modules are then not searched, as in libbpf.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "btf.h"

#define SYSFS_BTF	"/sys/kernel/btf"
#define KERNEL_BTF_MAX	(256U << 20)	/* vmlinux's is 5-10 MB */

struct bb_kernel_btf {
	__u32 kinds;		/* indexed by name while read */
	struct bb_btf *vmlinux;
	struct bb_btf **mods;	/* split BTF of each module */
	char **mod_names;
	size_t nr_mods;
	bool mods_read;
};

/*
 * "task_struct___v2" -> 11: the part of a name before its last "___"
 * flavour suffix (X___Y, X and Y not underscores), which is what CO-RE
 * matches on. A local type can so say "the kernel's task_struct, as it
 * looked in version 2" and still find task_struct.
 */
size_t bb_essential_name_len(const char *name)
{
	size_t n, i;

	if (!strstr(name, "___"))	/* most names: no flavour */
		return strlen(name);
	n = strlen(name);
	for (i = n >= 5 ? n - 5 + 1 : 0; i-- > 0; ) {
		if (name[i] != '_' && !strncmp(name + i + 1, "___", 3) &&
		    name[i + 4] != '_')
			return i + 1;
	}
	return n;
}

static __u32 name_hash(const char *s, size_t n)
{
	__u32 h = 2166136261U;	/* FNV-1a */

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619U;
	return h;
}

/*
 * Sort @n entries by hash, least significant byte first: four passes
 * that each stream the array once. A hash table filled in random order
 * cost a cache miss per type, over 10 ms for vmlinux's 120,000 types.
 */
static int radix_sort(struct btf_hash_ent *v, __u32 n)
{
	struct btf_hash_ent *tmp = malloc((n ? n : 1) * sizeof(*tmp)), *t;
	__u32 count[256], i, shift, sum, c;

	if (!tmp)
		return -ENOMEM;
	for (shift = 0; shift < 32; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(v[i].hash >> shift) & 0xff]++;
		for (i = 0, sum = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[count[(v[i].hash >> shift) & 0xff]++] = v[i];
		t = v;
		v = tmp;
		tmp = t;
	}
	free(tmp);	/* after an even number of passes, the original */
	return 0;
}

/*
 * Named types by the hash of their essential name, per kind: the walk
 * that validates the kernel's BTF adds the types of the kinds asked for
 * in advance (bb_btf_new_kernel()), any other kind gets a walk of its
 * own on its first lookup. Only names of those kinds are read: reading
 * every name of vmlinux's BTF costs a cache miss each, some 10 ms, where
 * CO-RE needs one or two kinds.
 */
int bb_btf_hash_add(struct bb_btf *btf, const struct btf_type *t, __u32 id)
{
	struct btf_hash *hash = &btf->hash[btf_kind(t)];
	const char *n = btf_str(btf, t->name_off);
	struct btf_hash_ent *v;

	if (hash->n == hash->cap) {
		hash->cap = hash->cap ? hash->cap * 2 : 256;
		v = realloc(hash->v, hash->cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		hash->v = v;
	}
	hash->v[hash->n++] = (struct btf_hash_ent){
		name_hash(n, bb_essential_name_len(n)), id };
	return 0;
}

/*
 * The entries of each kind in @kinds are all in: sort them by hash (ids
 * stay in order within a hash, as the sort is stable).
 */
int bb_btf_hash_done(struct bb_btf *btf, __u32 kinds)
{
	__u16 kind;

	for (kind = 0; kind < NR_BTF_KINDS; kind++) {
		if (!(kinds & (1U << kind)))
			continue;
		if (radix_sort(btf->hash[kind].v, btf->hash[kind].n))
			return -ENOMEM;
		btf->hash[kind].built = true;
	}
	return 0;
}

/* A kind nobody asked for in advance: a walk through the types for it. */
static int btf_hash_build(struct bb_btf *btf, __u16 kind)
{
	const char *p = btf->types, *end = p + btf->hdr->type_len;
	const struct btf_type *t;
	__u32 id;
	int err;

	for (id = btf->start_id; p < end; id++, p += bb_btf_type_size(t)) {
		t = (const void *)p;
		if (btf_kind(t) != kind || !t->name_off)
			continue;
		err = bb_btf_hash_add(btf, t, id);
		if (err)
			return err;
	}
	return bb_btf_hash_done(btf, 1U << kind);
}

/*
 * The types of @kind in @btf (not its base) whose essential name is the
 * first @ess_len bytes of @name, in id order: up to @max of them in
 * @ids. Returns how many there are, or -errno.
 */
int bb_btf_find_ess(struct bb_btf *btf, __u16 kind, const char *name,
		    size_t ess_len, __u32 *ids, size_t max)
{
	__u32 h = name_hash(name, ess_len), lo = 0, hi, mid;
	const struct btf_hash *hash;
	const struct btf_type *t;
	size_t found = 0;
	const char *n;
	int err;

	if (kind >= NR_BTF_KINDS)
		return 0;
	hash = &btf->hash[kind];
	if (!hash->built) {
		err = btf_hash_build(btf, kind);
		if (err)
			return err;
	}
	for (hi = hash->n; lo < hi; ) {	/* the first entry of @h */
		mid = lo + (hi - lo) / 2;
		if (hash->v[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < hash->n && hash->v[lo].hash == h; lo++) {
		t = btf_type_by_id(btf, hash->v[lo].id);
		n = btf_str(btf, t->name_off);
		if (bb_essential_name_len(n) != ess_len ||
		    strncmp(n, name, ess_len))
			continue;
		if (found < max)
			ids[found] = hash->v[lo].id;
		found++;
	}
	return found;
}

/*
 * A whole file. Read in 64 KiB pieces: sysfs serves a read of N bytes
 * through an N-byte kernel buffer, and megabyte reads of
 * /sys/kernel/btf/vmlinux took ten times as long as small ones. Its size
 * is known (fstat), but trust it only as a first guess.
 */
static int read_whole(const char *path, void **bufp, size_t *sizep)
{
	size_t size = 0, cap, chunk = 1 << 16;
	char *buf = NULL, *v;
	struct stat st;
	ssize_t n = 1;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	cap = chunk;
	if (!fstat(fd, &st) && st.st_size > 0 &&
	    (size_t)st.st_size < KERNEL_BTF_MAX)
		cap = (size_t)st.st_size + 1;
	while (n > 0 && !err) {
		if (!buf || size == cap) {
			cap = buf ? cap * 2 : cap;
			v = cap <= KERNEL_BTF_MAX ? realloc(buf, cap) : NULL;
			if (!v) {
				err = cap <= KERNEL_BTF_MAX ? -ENOMEM : -EFBIG;
				break;
			}
			buf = v;
		}
		n = read(fd, buf + size,
			 cap - size < chunk ? cap - size : chunk);
		if (n < 0)
			err = -errno;
		else
			size += n;
	}
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	*bufp = buf;
	*sizep = size;
	return 0;
}

/*
 * Since Linux 6.16 /sys/kernel/btf/vmlinux can be mapped: no copy, and
 * none of the page faults of filling a 6 MB buffer (some 10 ms in a VM).
 * The kernel's BTF is only ever read, so a read-only mapping will do.
 */
static int kbtf_map(const struct bb_object *obj, const char *path,
		    const struct bb_btf *base, __u32 kinds,
		    struct bb_btf **btfp)
{
	struct stat st;
	void *p;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (size_t)st.st_size > KERNEL_BTF_MAX) {
		close(fd);
		return -EINVAL;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	*btfp = bb_btf_new_kernel(obj, p, st.st_size, true, kinds, base, path,
				  &err);
	return *btfp ? 0 : err;
}

static int kbtf_read(const struct bb_object *obj, const char *path,
		     const struct bb_btf *base, __u32 kinds,
		     struct bb_btf **btfp)
{
	size_t size = 0;
	void *buf = NULL;
	int err;

	if (!kbtf_map(obj, path, base, kinds, btfp))
		return 0;
	err = read_whole(path, &buf, &size);
	if (err) {
		bb_pr(obj, "cannot read the kernel's BTF from %s: %s.", path,
		      bb_strerror(err));
		return err;
	}
	*btfp = bb_btf_new_kernel(obj, buf, size, false, kinds, base, path,
				  &err);
	return *btfp ? 0 : err;
}

/* A bit for each kind of @obj's CO-RE records: whose names they look up. */
static __u32 kbtf_core_kinds(struct bb_object *obj)
{
	const struct btf_type *t;
	struct bpf_core_relo r;
	__u32 n, rec_size, kinds = 0;
	const char *p, *name;
	size_t pos = 0;

	while (obj->btf && (p = bb_btf_ext_group(obj, BB_EXT_CORE, &pos,
						  &name, &n, &rec_size))) {
		for (; n--; p += rec_size) {
			memcpy(&r, p, sizeof(r));
			t = btf_type_by_id(obj->btf, r.type_id);
			if (!t || r.kind == BPF_CORE_TYPE_ID_LOCAL)
				continue;
			kinds |= 1U << btf_kind(t);
		}
	}
	/* An enum's candidates are enums and enum64s alike. */
	if (kinds & (1U << BTF_KIND_ENUM | 1U << BTF_KIND_ENUM64))
		kinds |= 1U << BTF_KIND_ENUM | 1U << BTF_KIND_ENUM64;
	return kinds;
}

/*
 * The kinds whose names the load will look up in the kernel's BTF:
 * those of CO-RE's types, kfuncs and typed .ksyms variables, the
 * functions and typedefs programs attach to, struct_ops' structs.
 * Their indexes are built while the BTF is read; a kind missed here is
 * indexed when first looked up.
 */
static __u32 kbtf_kinds(struct bb_object *obj)
{
	__u32 kinds = kbtf_core_kinds(obj);
	size_t i;

	for (i = 0; i < obj->nr_externs; i++) {
		if (obj->externs[i].kconfig)
			continue;
		if (obj->externs[i].is_func)
			kinds |= 1U << BTF_KIND_FUNC;
		else if (obj->externs[i].type_id)
			kinds |= 1U << BTF_KIND_VAR;
	}
	for (i = 0; i < obj->nr_progs; i++) {
		if (obj->progs[i].sec_def &&
		    (obj->progs[i].sec_def->flags & BB_SEC_ATTACH_BTF))
			kinds |= 1U << BTF_KIND_FUNC | 1U << BTF_KIND_TYPEDEF;
	}
	for (i = 0; i < obj->nr_maps; i++) {
		if (obj->maps[i].type == BPF_MAP_TYPE_STRUCT_OPS)
			kinds |= 1U << BTF_KIND_STRUCT;
	}
	return kinds;
}

/* The kernel's (or the chosen) vmlinux BTF, read on first use. */
int bb_kernel_btf(struct bb_object *obj, struct bb_btf **btfp)
{
	struct bb_kernel_btf *k = obj->kbtf;
	int err;

	if (!k) {
		k = calloc(1, sizeof(*k));
		if (!k)
			return -ENOMEM;
		k->kinds = kbtf_kinds(obj);
		obj->kbtf = k;
	}
	if (!k->vmlinux) {
		err = kbtf_read(obj, obj->kernel_btf_path ?:
				SYSFS_BTF "/vmlinux", NULL, k->kinds,
				&k->vmlinux);
		if (err)
			return err;
	}
	*btfp = k->vmlinux;
	return 0;
}

static int kbtf_add_module(struct bb_object *obj, struct bb_kernel_btf *k,
			   const char *name)
{
	char path[sizeof(SYSFS_BTF) + 256];
	struct bb_btf *btf, **v;
	char **nv, *copy;
	int err;

	snprintf(path, sizeof(path), SYSFS_BTF "/%s", name);
	err = kbtf_read(obj, path, k->vmlinux, k->kinds, &btf);
	if (err)
		return err;
	v = realloc(k->mods, (k->nr_mods + 1) * sizeof(*v));
	nv = realloc(k->mod_names, (k->nr_mods + 1) * sizeof(*nv));
	copy = strdup(name);
	if (v)
		k->mods = v;
	if (nv)
		k->mod_names = nv;
	if (!v || !nv || !copy) {
		free(copy);
		bb_btf_free_one(btf);
		return -ENOMEM;
	}
	k->mods[k->nr_mods] = btf;
	k->mod_names[k->nr_mods++] = copy;
	return 0;
}

/*
 * The BTF of every loaded module, read on first use: types that live in
 * a module are only there. None when relocating against a given file.
 */
int bb_kernel_btf_modules(struct bb_object *obj, struct bb_btf ***mods,
			  size_t *nr)
{
	struct bb_kernel_btf *k;
	struct bb_btf *vmlinux;
	struct dirent *de;
	int err;
	DIR *d;

	err = bb_kernel_btf(obj, &vmlinux);
	if (err)
		return err;
	k = obj->kbtf;
	if (!k->mods_read && !obj->kernel_btf_path) {
		k->mods_read = true;
		d = opendir(SYSFS_BTF);
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.' ||
			    !strcmp(de->d_name, "vmlinux"))
				continue;
			err = kbtf_add_module(obj, k, de->d_name);
			if (err)
				break;
		}
		if (d)
			closedir(d);
		if (err)
			return err;
	}
	*mods = k->mods;
	*nr = k->nr_mods;
	return 0;
}

/* Loading is over: the kernel's BTF is not needed any more. */
void bb_kernel_btf_release(struct bb_object *obj)
{
	struct bb_kernel_btf *k = obj->kbtf;
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k->nr_mods; i++) {
		bb_btf_free_one(k->mods[i]);
		free(k->mod_names[i]);
	}
	free(k->mods);
	free(k->mod_names);
	bb_btf_free_one(k->vmlinux);
	free(k);
	obj->kbtf = NULL;
}

/* BTF id of the @kind type called exactly @name in vmlinux's BTF. */
int bb_btf_vmlinux_id(struct bb_object *obj, const char *name, __u16 kind,
		      __u32 *id)
{
	struct bb_btf *btf;
	__u32 ids[64];
	int n, i, err;

	err = bb_kernel_btf(obj, &btf);
	if (err)
		return err;
	n = bb_btf_find_ess(btf, kind, name, bb_essential_name_len(name), ids,
			    64);
	for (i = 0; i < n && i < 64; i++) {
		const struct btf_type *t = btf_type_by_id(btf, ids[i]);

		if (!strcmp(btf_str(btf, t->name_off), name)) {
			*id = ids[i];
			return 0;
		}
	}
	return n < 0 ? n : -ENOENT;
}
