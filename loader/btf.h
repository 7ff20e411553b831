/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * btf.h - the loader's view of one BTF blob (an object's .BTF, or the
 * kernel's), shared by btf.c (parsing, fix-ups, loading), btf_ext.c
 * (.BTF.ext) and btf_map.c (BTF-defined maps). Everything in a struct
 * bb_btf has been validated: type ids index btf->type[], string offsets
 * are below str_len and the string section ends with a NUL.
 */
#ifndef BB_BTF_H
#define BB_BTF_H

#include <linux/btf.h>

#include "internal.h"

#define BTF_MAX_DEPTH	32

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

struct bb_btf {
	void *data;		/* our copy, fixed up in place */
	__u32 size;
	struct btf_header *hdr;
	char *types;		/* start of the type section */
	const char *strs;
	__u32 str_len;
	struct btf_type **type;	/* type[id], id 1..nr_types */
	__u32 nr_types;
	struct btf_names datasecs;	/* DATASECs by name */
	struct btf_names map_vars;	/* variables of .maps */
	struct btf_names externs;	/* of .kconfig and .ksyms */
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

static inline const struct btf_type *btf_type_by_id(const struct bb_btf *btf,
						    __u32 id)
{
	return id && id <= btf->nr_types ? btf->type[id] : NULL;
}

/* Any offset inside the string section starts a NUL-terminated string. */
static inline const char *btf_str(const struct bb_btf *btf, __u32 off)
{
	return off < btf->str_len ? btf->strs + off : NULL;
}

/* btf.c */
__u32 bb_btf_skip_mods(const struct bb_btf *btf, __u32 id);
long long bb_btf_resolve_size(const struct bb_btf *btf, __u32 id);
const struct btf_name *bb_btf_names_find(const struct btf_names *names,
					 const char *name);

/* btf_ext.c */
int bb_btf_ext_parse(struct bb_object *obj, struct bb_btf *btf);

#endif /* BB_BTF_H */
