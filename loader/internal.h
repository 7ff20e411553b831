/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * internal.h - the loader's private view of an object. Each layer has its
 * own file: elf.c (sections and symbols), btf.c (.BTF and .BTF.ext),
 * maps.c (map definitions and creation), prog.c (programs and loading),
 * reloc.c (relocations), object.c (the life cycle), pin.c (bpffs).
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
#define BB_MAX_ERRLINE	512

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
	bool type_known;
	bool autoload;
	struct bb_reloc *relocs;
	size_t nr_relocs;
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
	bool global_data;	/* .data, .rodata, .bss */
	void *initial;		/* global data: value written at load */
	int fd;
};

struct bb_btf;

struct bb_object {
	char *name;
	bb_print_fn print;
	void *print_ctx;
	char *pin_root;

	void *buf;		/* our own copy of the file */
	size_t size;
	Elf *elf;
	struct bb_sec *secs;
	size_t nr_secs;

	const GElf_Sym *syms;	/* validated symbol table */
	size_t nr_syms;
	size_t symtab_idx;
	size_t strtab_idx;
	Elf_Data *symdata;

	size_t text_idx;	/* 0: no .text */
	size_t maps_idx;	/* .maps (BTF maps) */
	size_t legacy_maps_idx;	/* maps (struct bpf_map_def) */

	char license[128];
	__u32 kversion;

	struct bb_btf *btf;
	int btf_fd;
	struct bb_btf *vmlinux_btf;	/* kernel BTF, while loading */

	struct bb_program *progs;
	size_t nr_progs;
	struct bb_map *maps;
	size_t nr_maps;
	struct bb_reloc *text_relocs;	/* of .text, insn_idx in .text */
	size_t nr_text_relocs;
	bool loaded;
};

/* log.c */
void bb_pr(const struct bb_object *obj, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *bb_perm_hint(int err);
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
bool bb_sec_is_global_data(const struct bb_sec *sec);

/* btf.c */
int bb_btf_parse(struct bb_object *obj);
int bb_btf_fixup_and_load(struct bb_object *obj);
void bb_btf_free(struct bb_object *obj);
int bb_btf_map_def(struct bb_object *obj, const char *var_name,
		   struct bb_map *map);
void bb_btf_vmlinux_release(struct bb_object *obj);
int bb_btf_vmlinux_id(struct bb_object *obj, const char *name, __u16 kind,
		      __u32 *id);
__u32 bb_btf_datasec_id(const struct bb_object *obj, const char *sec_name);
int bb_btf_ext_info(const struct bb_object *obj, const char *sec_name,
		    __u32 off, __u32 len, __u32 new_off, bool line,
		    void **recs, __u32 *cnt);

/* maps.c */
int bb_maps_collect(struct bb_object *obj);
int bb_maps_create(struct bb_object *obj);
void bb_maps_free(struct bb_object *obj);
int bb_map_idx_by_sec(const struct bb_object *obj, size_t sec_idx,
		      size_t sec_off);

/* pin.c */
int bb_pin_path(const struct bb_object *obj, char *buf, size_t len,
		const char *dir, const char *name);

/* prog.c */
int bb_progs_collect(struct bb_object *obj);
int bb_progs_load(struct bb_object *obj);
void bb_progs_free(struct bb_object *obj);
int bb_prog_section_type(const char *sec, enum bpf_prog_type *type,
			 enum bpf_attach_type *eat, const char **target);

/* reloc.c */
int bb_relocs_collect(struct bb_object *obj);
int bb_relocs_apply(struct bb_program *prog, struct bpf_insn **insnsp,
		    size_t *cntp, void **finfo, __u32 *nfinfo,
		    void **linfo, __u32 *nlinfo);

#endif /* BB_INTERNAL_H */
