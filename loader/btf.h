/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * btf.h - the loader's view of one BTF blob (an object's .BTF, or the
 * kernel's), shared by btf.c (parsing, fix-ups, loading), btf_ext.c
 * (.BTF.ext), btf_map.c (BTF-defined maps), btf_kernel.c (the kernel's
 * BTF) and the CO-RE code. Everything in a struct bb_btf has been
 * validated: the types are whole, the string section ends with a NUL;
 * btf_type_by_id() and btf_str() return NULL for what is not there.
 */
#ifndef BB_BTF_H
#define BB_BTF_H

#include <stdbool.h>
#include <linux/btf.h>

#include "internal.h"

#define BTF_MAX_DEPTH	32
#define BTF_MARK_STRIDE	16	/* sparse index: a mark every 16 types */

/* One validated table of .BTF.ext: records grouped by section. */
struct btf_ext_table {
	const char *data;	/* first section group, after rec_size */
	__u32 len;
	__u32 rec_size;
};

/* A name and the type id it belongs to, in arrays sorted by name. */
struct btf_name {
	const char *name;
	__u32 id;		/* the named type */
	__u32 owner;		/* the DATASEC holding it, if any */
};

struct btf_names {
	struct btf_name *v;
	__u32 n;
};

/*
 * Named types of one kind by the hash of their essential name (see
 * btf_kernel.c), built for a kind while the BTF is read or when it is
 * first looked up.
 */
struct btf_hash_ent {
	__u32 hash;
	__u32 id;
};

struct btf_hash {
	struct btf_hash_ent *v;	/* sorted by hash, then id */
	__u32 n, cap;
	bool built;
};

struct bb_btf {
	void *data;		/* our copy, fixed up in place */
	__u32 size;
	bool mapped;		/* @data is a read-only mmap() of a file */
	struct btf_header *hdr;
	char *types;		/* start of the type section */
	const char *strs;
	__u32 str_len;
	struct btf_type **type;	/* type[i], i 1..nr_types: id start_id+i-1 */
	__u32 *mark;		/* or sparse: mark[k], offset of type[1 + k * 16] */
	__u32 nr_types;
	const struct bb_btf *base;	/* split BTF: the vmlinux it extends */
	__u32 start_id;		/* id of type[1]: 1, or after base's */
	__u32 start_str;	/* offset of strs[0]: 0, or after base's */
	struct btf_hash hash[NR_BTF_KINDS];	/* per kind, on first lookup */
	struct btf_names datasecs;	/* DATASECs by name */
	struct btf_names map_vars;	/* variables of .maps */
	struct btf_names externs;	/* of .kconfig and .ksyms */
	struct btf_names funcs;		/* FUNCs, by name */
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

extern const unsigned char bb_btf_fixed_extra[BTF_KIND_ENUM64 + 1];
extern const unsigned char bb_btf_vlen_extra[BTF_KIND_ENUM64 + 1];

/* Bytes of type @t and what follows it; @t has been validated. */
static inline __u32 bb_btf_type_size(const struct btf_type *t)
{
	return sizeof(*t) + bb_btf_fixed_extra[btf_kind(t)] +
	       btf_vlen(t) * bb_btf_vlen_extra[btf_kind(t)];
}

/* A typedef or a qualifier: another name for t->type, not a type. */
static inline bool btf_is_mod(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return true;
	default:
		return false;
	}
}

struct btf_type *bb_btf_type_sparse(const struct bb_btf *btf, __u32 i);

/* Type @id, looked up in the base BTF if it is one of its; NULL: void. */
static inline const struct btf_type *btf_type_by_id(const struct bb_btf *btf,
						    __u32 id)
{
	if (id < btf->start_id)
		return btf->base ? btf_type_by_id(btf->base, id) : NULL;
	id -= btf->start_id - 1;
	if (id > btf->nr_types)
		return NULL;
	return btf->type ? btf->type[id] : bb_btf_type_sparse(btf, id);
}

/* Any offset inside the string section starts a NUL-terminated string. */
static inline const char *btf_str(const struct bb_btf *btf, __u32 off)
{
	if (off < btf->start_str)
		return btf->base ? btf_str(btf->base, off) : NULL;
	off -= btf->start_str;
	return off < btf->str_len ? btf->strs + off : NULL;
}

/* The last id of @btf (of its base too, for split BTF). */
static inline __u32 btf_last_id(const struct bb_btf *btf)
{
	return btf->start_id + btf->nr_types - 1;
}

/* btf.c */
struct bb_btf *bb_btf_new(const struct bb_object *obj, void *data,
			  size_t size, const struct bb_btf *base,
			  const char *what, int *errp);
struct bb_btf *bb_btf_new_kernel(const struct bb_object *obj, void *data,
				 size_t size, bool mapped, __u32 kinds,
				 const struct bb_btf *base, const char *what,
				 int *errp);
void bb_btf_free_one(struct bb_btf *btf);
__u32 bb_btf_skip_mods(const struct bb_btf *btf, __u32 id);
bool bb_btf_enumerator(const struct bb_btf *btf, __u32 enum_id,
		       const char *name, __s64 *val);
__u32 bb_btf_int32_id(const struct bb_btf *btf);
long long bb_btf_resolve_size(const struct bb_btf *btf, __u32 id);
const struct btf_name *bb_btf_names_find(const struct btf_names *names,
					 const char *name);

/* btf_ext.c */
int bb_btf_ext_parse(struct bb_object *obj, struct bb_btf *btf);

/* btf_kernel.c */
size_t bb_essential_name_len(const char *name);
int bb_btf_hash_add(struct bb_btf *btf, const struct btf_type *t, __u32 id);
int bb_btf_hash_done(struct bb_btf *btf, __u32 kinds);
int bb_btf_find_ess(struct bb_btf *btf, __u16 kind, const char *name,
		    size_t ess_len, __u32 *ids, size_t max);

#endif /* BB_BTF_H */
