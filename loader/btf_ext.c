// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf_ext.c - .BTF.ext: what clang records per instruction.
 *
 * Three tables, each a list of groups { section name, count, records },
 * every record starting with the byte offset of its instruction in that
 * section:
 *  - func_info: which BTF FUNC each function (program or subprogram) is;
 *  - line_info: the source line of an instruction;
 *  - CO-RE relocations: an instruction whose offset, size or constant
 *    was computed against the compile-time types and must be corrected
 *    for the running kernel.
 * The first two the loader hands to the kernel, rebased to where each
 * function ends up in the linked program. The third it counts, and
 * refuses programs that would need it (see link.c).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"

/* Not in the UAPI headers. The CO-RE fields come when hdr_len says so. */
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

static const struct {
	const char *name;
	__u32 min_rec_size;
} ext_tables[BB_EXT_NR] = {
	[BB_EXT_FUNC] = { "func_info", sizeof(struct bpf_func_info) },
	[BB_EXT_LINE] = { "line_info", sizeof(struct bpf_line_info) },
	[BB_EXT_CORE] = { "CO-RE relocations", 16 },
};

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/*
 * Does a section name two groups of table @tab? Then the records of one
 * of them would be missed: refused. Sorting keeps this n log n however
 * many groups a crafted file has.
 */
static int ext_dup_groups(const struct bb_btf *btf,
			  const struct btf_ext_table *tab, size_t groups)
{
	const char *p = tab->data, **names;
	__u32 name_off, n;
	size_t i;
	int dup = 0;

	names = calloc(groups ? groups : 1, sizeof(*names));
	if (!names)
		return -ENOMEM;
	for (i = 0; i < groups; i++, p += 8 + (size_t)n * tab->rec_size) {
		memcpy(&name_off, p, 4);
		memcpy(&n, p + 4, 4);
		names[i] = btf_str(btf, name_off);
	}
	qsort(names, groups, sizeof(*names), cmp_str_ptr);
	for (i = 1; i < groups && !dup; i++)
		dup = !strcmp(names[i - 1], names[i]);
	free(names);
	return dup;
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
	size_t groups = 0;
	int err;

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
		    strnlen(btf_str(btf, name_off), BB_NAME_MAX + 1) >
		    BB_NAME_MAX)
			goto bad;
		p += 8;
		if ((__u64)n * tab->rec_size > (__u64)(end - p))
			goto bad;
		groups++;
	}
	err = ext_dup_groups(btf, tab, groups);
	if (err <= 0)
		return err;
bad:
	tab->data = NULL;
	bb_pr(obj, "section .BTF.ext: its %s table is malformed.",
	      ext_tables[t].name);
	return -EINVAL;
}

/*
 * .BTF.ext may hold records the loader must apply (CO-RE relocations),
 * so an object whose .BTF.ext cannot be read is refused, not loaded
 * without it.
 */
int bb_btf_ext_parse(struct bb_object *obj, struct bb_btf *btf)
{
	const struct btf_ext_hdr *h;
	struct bb_sec *sec;
	int err;

	sec = bb_sec_by_name(obj, ".BTF.ext", NULL);
	if (!sec)
		return 0;
	if (!sec->data || sec->size < BTF_EXT_HDR_MIN) {
		bb_pr(obj, "section .BTF.ext has a malformed header.");
		return -EINVAL;
	}
	btf->ext = malloc(sec->size);
	if (!btf->ext)
		return -ENOMEM;
	memcpy(btf->ext, sec->data, sec->size);
	btf->ext_size = sec->size;
	h = btf->ext;
	if (h->magic != BTF_MAGIC || h->version != 1 || h->flags ||
	    h->hdr_len < BTF_EXT_HDR_MIN || h->hdr_len > btf->ext_size ||
	    h->hdr_len % 4) {
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

/*
 * The groups of table @t one after the other: *@pos starts at 0; each
 * call returns the next group's records (and its section, count and
 * record size), or NULL after the last.
 */
const void *bb_btf_ext_group(const struct bb_object *obj, enum bb_ext_table t,
			     size_t *pos, const char **sec_name, __u32 *n,
			     __u32 *rec_size)
{
	const struct btf_ext_table *tab;
	const char *p;
	__u32 name_off;

	if (!obj->btf || !obj->btf->ext_tab[t].data)
		return NULL;
	tab = &obj->btf->ext_tab[t];
	if (*pos >= tab->len)
		return NULL;
	p = tab->data + *pos;
	memcpy(&name_off, p, 4);
	memcpy(n, p + 4, 4);
	*sec_name = btf_str(obj->btf, name_off);
	*rec_size = tab->rec_size;
	*pos += 8 + (size_t)*n * tab->rec_size;
	return p + 8;
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
		if (!(*cnt & (*cnt - 1))) {	/* 0, 1, 2, 4, ...: grow */
			v = realloc(*recs, (size_t)(*cnt ? *cnt * 2 : 1) *
					   out_sz);
			if (!v)
				return -ENOMEM;
			*recs = v;
		}
		v = *recs;
		memcpy((char *)v + (size_t)*cnt * out_sz, p, out_sz);
		insn = insn - off + new_off;
		memcpy((char *)v + (size_t)*cnt * out_sz, &insn, 4);
		(*cnt)++;
	}
	return 0;
}
