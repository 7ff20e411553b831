/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * internal.h - the loader's private view of an object. Each layer has its
 * own file: elf.c (sections and symbols), btf.c (.BTF and .BTF.ext),
 * maps.c (map definitions and creation), prog.c (programs and loading),
 * reloc.c (relocations, as the ELF states them), link.c (a program's
 * final instructions), object.c (the life cycle), pin.c (bpffs).
 */
#ifndef BB_INTERNAL_H
#define BB_INTERNAL_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/btf.h>

#include "barebpf.h"

#define BPF_INSN_SZ	sizeof(struct bpf_insn)
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define BB_MAX_ERRLINE	512
/*
 * Largest global data section (.data, .bss, .kconfig, ...). The kernel
 * keeps an array map's value in one kmalloc() (4 MiB on most machines),
 * so no real object comes near: this only keeps a crafted object from
 * reserving memory by the gigabyte.
 */
#define BB_GLOBAL_DATA_SEC_MAX	(64UL << 20)
/*
 * Longest section, symbol or BTF name the loader accepts. Real ones are
 * far shorter; the limit keeps every sort and lookup by name linear in
 * the file however a crafted one repeats a long name.
 */
#define BB_NAME_MAX	1024

#ifndef R_BPF_64_64
#define R_BPF_64_64	1
#endif
#ifndef R_BPF_64_ABS64
#define R_BPF_64_ABS64	2
#endif
#ifndef R_BPF_64_ABS32
#define R_BPF_64_ABS32	3
#endif
#ifndef R_BPF_64_NODYLD32
#define R_BPF_64_NODYLD32 4
#endif
#ifndef R_BPF_64_32
#define R_BPF_64_32	10
#endif

/* One ELF section, validated: @data lies inside the file (or is NOBITS). */
struct bb_sec {
	const char *name;
	GElf_Shdr shdr;
	const void *data;	/* NULL for SHT_NOBITS */
	size_t size;
};

/* A relocation of a program, resolved at open time, applied at load. */
struct bb_reloc {
	struct bb_reloc_info info;
	int map_idx;		/* MAP_FD, MAP_VALUE */
	__u32 sub_off;		/* CALL, FUNC: target insn in .text */
	int ext_idx;		/* EXTERN: index in obj->externs */
};

/* What a section name says: see sec_def.c. */
enum bb_sec_flags {
	BB_SEC_SLEEPABLE = 1,		/* load with BPF_F_SLEEPABLE */
	BB_SEC_XDP_FRAGS = 2,		/* load with BPF_F_XDP_HAS_FRAGS */
	BB_SEC_ATTACH_BTF = 4,		/* attach point is a kernel BTF id */
};

struct bb_sec_def {
	const char *prefix;		/* "xdp", "kprobe+", "iter/" */
	enum bpf_prog_type type;
	enum bpf_attach_type eat;	/* expected_attach_type at load */
	unsigned int flags;		/* enum bb_sec_flags */
};

/* What a .kconfig extern's C type makes it; see externs.c. */
enum bb_kcfg_type {
	BB_KCFG_UNKNOWN,
	BB_KCFG_CHAR,
	BB_KCFG_BOOL,
	BB_KCFG_INT,
	BB_KCFG_TRISTATE,
	BB_KCFG_CHAR_ARR,
};

/* An extern: a .kconfig value, a .ksyms kernel variable or a kfunc. */
struct bb_extern {
	const char *name;
	size_t sym_idx;
	__u32 btf_id;		/* its VAR or FUNC in the object's BTF */
	__u32 type_id;		/* .ksyms: its type (0: untyped) */
	bool weak;
	bool is_func;		/* a kfunc */
	bool kconfig;		/* in .kconfig, else .ksyms */
	enum bb_kcfg_type kcfg_type;
	bool is_signed;
	__u32 size, align;	/* .kconfig: of its value */
	__u32 data_off;		/* .kconfig: where in the .kconfig map */
	/* resolved at prepare */
	bool set;
	__u64 addr;		/* untyped .ksyms */
	__u32 kernel_btf_id;	/* typed .ksyms and kfuncs */
};

/* A function of .text: instructions [start, start + len). */
struct bb_func {
	size_t start;
	size_t len;
	const GElf_Sym *sym;
};

/* A ld_imm64 of a linked program that gets a map's fd at load time. */
struct bb_map_use {
	__u32 insn;
	__u32 map_idx;
};

/* A program as the kernel will get it, built by link.c. */
struct bb_linked {
	struct bpf_insn *insns;
	size_t cnt;
	void *finfo;		/* struct bpf_func_info[nfinfo] */
	void *linfo;		/* struct bpf_line_info[nlinfo] */
	__u32 nfinfo, nlinfo;
	struct bb_map_use *uses;
	size_t nr_uses;
};

/* The tables of .BTF.ext. */
enum bb_ext_table {
	BB_EXT_FUNC,
	BB_EXT_LINE,
	BB_EXT_CORE,
	BB_EXT_NR
};

struct bb_program {
	struct bb_object *obj;
	char *name;
	const char *sec_name;
	size_t sec_idx;
	size_t sec_off;		/* first insn, in instructions */
	const struct bpf_insn *insns;	/* points into the ELF */
	size_t insn_cnt;
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	const char *attach_target;
	const struct bb_sec_def *sec_def;	/* NULL: type unknown */
	bool autoload;
	struct bb_reloc *relocs;
	size_t nr_relocs;
	struct bb_linked linked;	/* after bb_object__prepare() */
	int st_map;		/* struct_ops: the map it serves, or -1 */
	int st_member;		/* ... and the member it implements */
	__u32 attach_btf_id;	/* struct_ops: the kernel struct */
	int fd;
};

struct bb_map {
	struct bb_object *obj;
	char *name;
	const char *sec_name;
	size_t sec_idx;
	size_t sec_off;		/* offset of the definition/variable */
	enum bpf_map_type type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
	__u32 numa_node;
	__u32 pinning;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	__u64 map_extra;
	bool global_data;	/* .data, .rodata, .bss */
	bool pinned;		/* this load pinned it (pinning by name) */
	bool pin_reused;	/* an existing map pinned by name was used */
	char *pin_path;		/* where pinning by name put or found it */
	void *initial;		/* global data: value written at load */
	const char *unsupported; /* what in its definition we do not apply */
	/* 'values' in .maps: prog arrays and maps of maps */
	size_t def_size;	/* bytes of its variable in .maps */
	bool has_values;
	__u32 values_off;	/* byte offset of 'values' in the variable */
	struct bb_map *inner;	/* map of maps: the inner maps' template */
	int *slots;		/* initial slot -> map or program index */
	size_t nr_slots;	/* (-1: empty) */
	/* struct_ops (struct_ops.c) */
	__u32 st_type_id;	/* the object's struct */
	int *st_progs;		/* per member: program index, or -1 */
	void *st_value;		/* the value in the kernel's layout */
	__u32 *st_func_off;	/* per member: where its program's fd goes */
	__u32 btf_vmlinux_value_type_id;
	int fd;
};

struct bb_btf;
struct bb_kernel_btf;

struct bb_object {
	char *name;
	bb_print_fn print;
	void *print_ctx;
	char *pin_root;

	void *buf;		/* the file: our copy, or the caller's */
	bool buf_borrowed;	/* the caller's (keep_buf): not ours to free */
	size_t size;
	Elf *elf;
	struct bb_sec *secs;
	size_t nr_secs;
	size_t *sec_by_name;	/* section indexes sorted by name */

	const GElf_Sym *syms;	/* validated symbol table */
	size_t nr_syms;
	size_t *sym_by_sec;	/* symbol indexes by section, then name */
	size_t symtab_idx;
	size_t strtab_idx;
	Elf_Data *symdata;

	size_t text_idx;	/* 0: no .text */
	size_t maps_idx;	/* .maps (BTF maps) */
	size_t st_ops_idx;	/* .struct_ops */
	size_t legacy_maps_idx;	/* maps (struct bpf_map_def) */

	char license[128];
	__u32 kversion;

	struct bb_btf *btf;
	bool btf_fixed;		/* DATASEC sizes and offsets filled in */
	__u32 btf_dummy_ksym;	/* VAR added to list kfuncs in .ksyms */
	struct bb_extern *externs;
	size_t nr_externs;
	__u32 kconfig_size;	/* bytes of the .kconfig map's value */
	int btf_fd;
	struct bb_kernel_btf *kbtf;	/* kernel BTF, while loading */
	char *kernel_btf_path;	/* relocate against this BTF instead */

	struct bb_program *progs;	/* sorted by section and start */
	size_t nr_progs;
	struct bb_func *funcs;		/* of .text, sorted by start */
	size_t nr_funcs;
	struct bb_map *maps;
	size_t nr_maps;
	size_t *map_by_place;	/* map indexes by section, then offset */
	struct bb_reloc *text_relocs;	/* of .text, insn_idx in .text */
	size_t nr_text_relocs;
	struct bpf_insn **code;	/* per section: its CO-RE patched copy */
	struct bb_core_result *core_results;	/* for bpfobj's CO-RE view */
	size_t nr_core_results;
	bool log_whole;		/* print whole verifier logs */
	bool loaded;
};

/* log.c: @obj may be NULL for messages that belong to no object */
void bb_pr(const struct bb_object *obj, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *bb_perm_hint(int err);
bool bb_can_bpf(void);
void bb_pr_log_tail(const struct bb_object *obj, const char *what,
		    const char *log, int lines);

/* elf.c */
int bb_elf_parse(struct bb_object *obj);
void bb_elf_free(struct bb_object *obj);
const char *bb_elf_str(const struct bb_object *obj, size_t strtab_idx,
		       size_t off);
const char *bb_sym_name(const struct bb_object *obj, const GElf_Sym *sym);
struct bb_sec *bb_sec_by_name(struct bb_object *obj, const char *name,
			      size_t *idx);
size_t bb_syms_of_sec(const struct bb_object *obj, size_t shndx,
		      const size_t **first);
const GElf_Sym *bb_sym_by_name(const struct bb_object *obj, size_t shndx,
			       const char *name);
bool bb_sec_is_global_data(const struct bb_sec *sec);

/* externs.c */
int bb_externs_collect(struct bb_object *obj);
struct bb_extern *bb_extern_by_sym(const struct bb_object *obj,
				   size_t sym_idx);
void bb_externs_fix_btf(struct bb_object *obj);
int bb_externs_resolve(struct bb_object *obj, void *kconfig_data);
void bb_externs_free(struct bb_object *obj);

/* btf.c */
int bb_btf_parse(struct bb_object *obj);
void bb_btf_fixup(struct bb_object *obj);
int bb_btf_load_obj(struct bb_object *obj);
void bb_btf_free(struct bb_object *obj);
int bb_btf_map_def(struct bb_object *obj, const char *var_name,
		   struct bb_map *map);

/* btf_kernel.c */
int bb_kernel_btf(struct bb_object *obj, struct bb_btf **btfp);
int bb_kernel_btf_modules(struct bb_object *obj, struct bb_btf ***mods,
			  size_t *nr);
void bb_kernel_btf_release(struct bb_object *obj);
int bb_btf_vmlinux_id(struct bb_object *obj, const char *name, __u16 kind,
		      __u32 *id);
__u32 bb_btf_datasec_id(const struct bb_object *obj, const char *sec_name);
int bb_btf_ext_info(const struct bb_object *obj, const char *sec_name,
		    __u32 off, __u32 len, __u32 new_off, bool line,
		    void **recs, __u32 *cnt);
const void *bb_btf_ext_recs(const struct bb_object *obj, enum bb_ext_table t,
			    const char *sec_name, __u32 *n, __u32 *rec_size);
const void *bb_btf_ext_group(const struct bb_object *obj, enum bb_ext_table t,
			     size_t *pos, const char **sec_name, __u32 *n,
			     __u32 *rec_size);
__u32 bb_btf_ext_count(const struct bb_object *obj, enum bb_ext_table t,
		       const char *sec_name, __u32 off, __u32 len);
const char *bb_btf_extern_sec(const struct bb_object *obj, const char *name);

/* maps.c */
int bb_maps_collect(struct bb_object *obj);
int bb_maps_check(struct bb_object *obj);
int bb_maps_create(struct bb_object *obj);
void bb_maps_unpin_created(struct bb_object *obj);
void bb_maps_free(struct bb_object *obj);
int bb_map_idx_by_sec(const struct bb_object *obj, size_t sec_idx,
		      size_t sec_off);
struct bb_map *bb_kconfig_map(const struct bb_object *obj);
struct bb_map *bb_map_add(struct bb_object *obj, const char *name,
			  size_t sec_idx, size_t sec_off);
__u32 bb_ringbuf_size(enum bpf_map_type type, __u32 max_entries);
int bb_map_slot_reloc(struct bb_object *obj, const Elf64_Rel *rel);
int bb_maps_fill_slots(struct bb_object *obj, bool progs);

/* pin.c */
int bb_pin_path(const struct bb_object *obj, char *buf, size_t len,
		const char *dir, const char *name);

/* prog.c */
int bb_progs_collect(struct bb_object *obj);
struct bb_program *bb_prog_at(const struct bb_object *obj, size_t sec_idx,
			      size_t insn);
const struct bb_func *bb_text_func(const struct bb_object *obj, size_t t);
int bb_progs_check_types(struct bb_object *obj);
int bb_progs_load(struct bb_object *obj);
void bb_progs_free(struct bb_object *obj);

/* sec_def.c */
const struct bb_sec_def *bb_sec_def_find(const char *sec, const char **target);

/* reloc.c */
int bb_relocs_collect(struct bb_object *obj);

/* core.c */
int bb_core_apply(struct bb_object *obj);
const struct bpf_insn *bb_code(const struct bb_object *obj, size_t sec_idx);
void bb_core_free(struct bb_object *obj);

/* struct_ops.c */
int bb_st_ops_collect(struct bb_object *obj);
int bb_st_ops_reloc(struct bb_object *obj, const Elf64_Rel *rel);
int bb_st_ops_prepare(struct bb_object *obj);

/* link.c */
int bb_progs_link(struct bb_object *obj);
void bb_linked_free(struct bb_linked *l);

#endif /* BB_INTERNAL_H */
