/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * core.h - CO-RE ("compile once, run everywhere") relocations, shared by
 * core_spec.c (what a record means, and whether a kernel type has it)
 * and core.c (finding the kernel's types, computing and patching).
 */
#ifndef BB_CORE_H
#define BB_CORE_H

#include "btf.h"

/* How deep an access string may go: libbpf's limit too. */
#define CORE_SPEC_MAX	64

/*
 * One step of an access that means something: the root (&p[0]), a named
 * field, or an array element. Anonymous structs and unions on the way
 * are steps of the raw access string only.
 */
struct core_acc {
	/* struct/union holding the field, or array element type */
	__u32 type_id;
	__u32 idx;		/* member index, or array index */
	const char *name;	/* field or enumerator name; NULL: index */
};

/*
 * A record's access against one BTF: for the object's own types, the
 * "local spec", parsed from the access string; for a kernel type, the
 * "target spec" found by matching names.
 */
struct core_spec {
	const struct bb_btf *btf;
	__u32 root_id;
	__u32 kind;		/* enum bpf_core_relo_kind */
	struct core_acc acc[CORE_SPEC_MAX];
	int len;
	__u32 raw[CORE_SPEC_MAX];	/* the access string, "0:1:2" */
	int raw_len;
	__u32 bit_off;		/* of the field from the root's start */
};

static inline bool core_kind_is_field(__u32 kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

static inline bool core_kind_is_type(__u32 kind)
{
	return kind == BPF_CORE_TYPE_ID_LOCAL ||
	       kind == BPF_CORE_TYPE_ID_TARGET ||
	       kind == BPF_CORE_TYPE_EXISTS ||
	       kind == BPF_CORE_TYPE_SIZE || kind == BPF_CORE_TYPE_MATCHES;
}

static inline bool core_kind_is_enumval(__u32 kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS ||
	       kind == BPF_CORE_ENUMVAL_VALUE;
}

static inline bool btf_is_composite(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION;
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64;
}

/* Same kind, enum and enum64 counting as one. */
static inline bool btf_kind_core_compat(const struct btf_type *a,
					const struct btf_type *b)
{
	return btf_kind(a) == btf_kind(b) ||
	       (btf_is_any_enum(a) && btf_is_any_enum(b));
}

static inline __u32 btf_member_bit_off(const struct btf_type *t, int i)
{
	const struct btf_member *m = (const void *)(t + 1);

	return BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BIT_OFFSET(m[i].offset) :
					 m[i].offset;
}

static inline __u32 btf_member_bitfield_size(const struct btf_type *t, int i)
{
	const struct btf_member *m = (const void *)(t + 1);

	return BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BITFIELD_SIZE(m[i].offset) :
					 0;
}

static inline __u32 btf_int_info(const struct btf_type *t)
{
	return *(const __u32 *)(t + 1);
}

/* The name of member, enumerator or parameter @i of @t. */
const char *core_item_name(const struct bb_btf *btf, const struct btf_type *t,
			   int i);
const struct btf_type *core_skip_mods(const struct bb_btf *btf, __u32 id,
				      __u32 *res_id);

/* core_spec.c */
int core_parse_spec(const struct bb_btf *btf, const struct bpf_core_relo *r,
		    struct core_spec *spec);
int core_spec_match(const struct core_spec *local, const struct bb_btf *btf,
		    __u32 targ_id, struct core_spec *targ);
void core_format_spec(char *buf, size_t size, const struct core_spec *spec);
const char *core_kind_name(__u32 kind);
int bb_core_types_compat(const struct bb_btf *local, __u32 lid,
			 const struct bb_btf *targ, __u32 tid);

#endif /* BB_CORE_H */
