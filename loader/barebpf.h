/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * barebpf.h - the barebpf loader: open a BPF ELF object built by clang,
 * create its maps, relocate and load its programs, without libbpf.
 *
 * The life of an object:
 *
 *	bb_object__open_file()/bb_object__open_mem()
 *		parse and validate the ELF, BTF, maps, programs and
 *		relocations; nothing touches the kernel yet, so the caller
 *		can inspect the object and change map sizes or .rodata
 *	bb_object__prepare() (optional: bb_object__load() calls it)
 *		link every program that will be loaded and check that the
 *		loader applies everything the object asks for; still no
 *		kernel state, so it also tells an unprivileged user whether
 *		an object would load exactly
 *	bb_object__load()
 *		BPF_BTF_LOAD, BPF_MAP_CREATE for every map, give each
 *		program its map fds, BPF_PROG_LOAD
 *	bb_object__close()
 *		close every fd and free everything (also after a failed
 *		open or load, and with NULL)
 *
 * Functions that can fail return 0 or a non-negative fd on success and
 * -errno on failure, after printing one line that names the object and
 * the section, map or program at fault (see struct bb_object_opts).
 *
 * The loader never loads what it does not fully apply: an object whose
 * programs need externs, or whose maps carry fields it does not
 * implement, fails to load with a message naming the feature.
 */
#ifndef BB_BAREBPF_H
#define BB_BAREBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>

#include "barebpf_abi.h"
#include "bpf_sys.h"

struct bb_object;
struct bb_program;
struct bb_map;

/**
 * typedef bb_print_fn - receives every message of an object
 * @ctx:	the caller's pointer from struct bb_object_opts
 * @msg:	one complete sentence without the trailing newline
 */
typedef void (*bb_print_fn)(void *ctx, const char *msg);

/*
 * Where messages go that have no object of their own (attaching, perf
 * and ring buffers, netlink) and those of objects opened without a
 * print function. NULL (the default) prints to stderr.
 */
void bb_set_print(bb_print_fn fn, void *ctx);

/*
 * strerror() that also names the error ("Operation not permitted
 * (EPERM)") and knows the kernel-internal numbers BPF can return, such
 * as 524 (ENOTSUPP). Takes -errno or errno; the text lives until the
 * thread's next call.
 */
const char *bb_strerror(int err);

/**
 * struct bb_object_opts - how to open an object
 * @name:	name used in messages (default: file name, or "memory")
 * @print:	message sink; NULL prints to stderr. To silence an object
 *		pass a function that does nothing.
 * @print_ctx:	passed to @print
 * @pin_root:	directory for maps with pinning = BB_PIN_BY_NAME
 *		(default /sys/fs/bpf)
 * @log_whole:	when the verifier rejects a program, print its whole log
 *		(default: the last 20 lines, which costs one load less)
 * @kernel_btf:	BTF of the kernel to relocate CO-RE programs for (a copy
 *		of some kernel's /sys/kernel/btf/vmlinux); default: the
 *		running kernel's, and its modules'
 * @keep_buf:	bb_object__open_mem() only: the caller keeps @buf valid
 *		and unchanged until bb_object__close() (a tool's embedded
 *		object), so it is read in place rather than copied
 */
struct bb_object_opts {
	const char *name;
	bb_print_fn print;
	void *print_ctx;
	const char *pin_root;
	bool log_whole;
	const char *kernel_btf;
	bool keep_buf;
};

int bb_object__open_file(const char *path, const struct bb_object_opts *opts,
			 struct bb_object **objp);
int bb_object__open_mem(const void *buf, size_t size,
			const struct bb_object_opts *opts,
			struct bb_object **objp);
int bb_object__prepare(struct bb_object *obj);
int bb_object__load(struct bb_object *obj);
void bb_object__close(struct bb_object *obj);

const char *bb_object__name(const struct bb_object *obj);
const char *bb_object__license(const struct bb_object *obj);
__u32 bb_object__kversion(const struct bb_object *obj);
int bb_object__btf_fd(const struct bb_object *obj);
/**
 * bb_object__pin() - pin every map and program under @dir
 * @obj:	a loaded object
 * @dir:	directory in a bpffs; created if missing
 *
 * Maps are pinned as @dir/<map name>, programs as @dir/<program name>.
 * On failure everything this call pinned is unpinned again.
 */
int bb_object__pin(struct bb_object *obj, const char *dir);
int bb_object__unpin(struct bb_object *obj, const char *dir);

/**
 * struct bb_section_info - one ELF section and what the loader makes of it
 * @name:	section name
 * @type:	SHT_* type
 * @flags:	SHF_* flags
 * @size:	size in bytes
 * @role:	"programs", "subprograms", "BTF maps", "global data",
 *		"relocations", "BTF", "ignored", ...
 */
struct bb_section_info {
	const char *name;
	__u32 type;
	__u64 flags;
	__u64 size;
	const char *role;
};

size_t bb_object__section_count(const struct bb_object *obj);
int bb_object__section(const struct bb_object *obj, size_t i,
		       struct bb_section_info *info);

size_t bb_object__program_count(const struct bb_object *obj);
struct bb_program *bb_object__program(const struct bb_object *obj, size_t i);
struct bb_program *bb_object__find_program(const struct bb_object *obj,
					   const char *name);
size_t bb_object__map_count(const struct bb_object *obj);
struct bb_map *bb_object__map(const struct bb_object *obj, size_t i);
struct bb_map *bb_object__find_map(const struct bb_object *obj,
				   const char *name);

/*
 * Relocations, as found at open time, for tools that explain an object
 * (bpfobj info). @insn_idx is relative to the program's first instruction.
 */
enum bb_reloc_kind {
	BB_RELOC_MAP_FD,	/* ld_imm64 of a map: BPF_PSEUDO_MAP_FD */
	BB_RELOC_MAP_VALUE,	/* ld_imm64 into global data */
	BB_RELOC_CALL,		/* bpf-to-bpf call to a subprogram */
	BB_RELOC_FUNC,		/* ld_imm64 of a subprogram's address */
	/* .kconfig/.ksyms variable or kfunc; target: its section or "kfunc" */
	BB_RELOC_EXTERN,
};

struct bb_reloc_info {
	enum bb_reloc_kind kind;
	__u32 insn_idx;
	__u32 elf_type;		/* R_BPF_* */
	const char *sym_name;	/* symbol the relocation refers to */
	const char *target;	/* map or subprogram name */
	/* byte offset into a global data map, or of a map in its section */
	__u32 offset;
};

/*
 * CO-RE relocations as bb_object__prepare() (or load) applied them, one
 * per record of the programs being loaded and of .text, in .BTF.ext
 * order: what the object's types say, what the kernel's say, and the
 * value the instruction got. bpfobj core prints them.
 */
struct bb_core_result {
	const char *section;	/* code section of the instruction */
	const char *func;	/* program or .text function holding it */
	__u32 insn_idx;		/* in the section */
	const char *kind;	/* "byte_off", "field_exists", ... */
	char local[160];	/* "[7] struct task_struct.pid (0:1 @ offset 4)" */
	char target[160];	/* the kernel's type, or "" when none matched */
	__u32 nr_cands;		/* kernel types of that name tried */
	__u64 orig_val;		/* what clang put in the instruction */
	__u64 new_val;		/* what the kernel needs there */
	bool poisoned;		/* no match: fails if the program reaches it */
};

size_t bb_object__core_result_count(const struct bb_object *obj);
const struct bb_core_result *bb_object__core_result(const struct bb_object *obj,
						    size_t i);

const char *bb_program__name(const struct bb_program *prog);
const char *bb_program__section(const struct bb_program *prog);
enum bpf_prog_type bb_program__type(const struct bb_program *prog);
enum bpf_attach_type bb_program__expected_attach_type(
	const struct bb_program *prog);
/* Instructions in the ELF (before subprograms are appended). */
size_t bb_program__insn_count(const struct bb_program *prog);
size_t bb_program__reloc_count(const struct bb_program *prog);
/* CO-RE records in the program's own code (not the subprograms it calls). */
size_t bb_program__core_relo_count(const struct bb_program *prog);
const struct bb_reloc_info *bb_program__reloc(const struct bb_program *prog,
					      size_t i);
/* Do not load this program (default: every program is loaded). */
void bb_program__set_autoload(struct bb_program *prog, bool autoload);
int bb_program__fd(const struct bb_program *prog);
/* The part of the section name after the prefix: "syscalls/sys_enter_x". */
const char *bb_program__attach_target(const struct bb_program *prog);

const char *bb_map__name(const struct bb_map *map);
enum bpf_map_type bb_map__type(const struct bb_map *map);
__u32 bb_map__key_size(const struct bb_map *map);
__u32 bb_map__value_size(const struct bb_map *map);
__u32 bb_map__max_entries(const struct bb_map *map);
__u32 bb_map__flags(const struct bb_map *map);
int bb_map__fd(const struct bb_map *map);
/* Section the map came from: ".maps", "maps", ".data", ".rodata", ... */
const char *bb_map__section(const struct bb_map *map);
/* Before load only: resize (ring buffer size, table sizes from options). */
int bb_map__set_max_entries(struct bb_map *map, __u32 max_entries);
/*
 * Pinning by name (the "pinning" field of a BTF map): what the object
 * asks for, and before load a change of mind, e.g. BB_PIN_NONE for a
 * private map where the object wants one shared through bpffs.
 */
enum bb_pin_type bb_map__pinning(const struct bb_map *map);
int bb_map__set_pinning(struct bb_map *map, enum bb_pin_type pinning);
/*
 * After load: where pinning by name put the map, and in *@reused
 * whether a map already pinned there was used instead of a new one.
 * NULL for a map not pinned by name.
 */
const char *bb_map__pin_path(const struct bb_map *map, bool *reused);
/*
 * struct_ops maps (a variable of SEC(".struct_ops")): register the
 * implementation with the kernel once loaded (a TCP congestion control,
 * say), and take it back.
 */
int bb_struct_ops_register(struct bb_map *map);
int bb_struct_ops_unregister(struct bb_map *map);
/*
 * Global data maps (.data, .rodata, .bss): the initial value the loader
 * will write at load time. Before load it is writable, which is how user
 * space sets .rodata constants the verifier then sees as known values.
 */
void *bb_map__initial_value(struct bb_map *map, size_t *size);

/**
 * bb_mount_bpffs() - make sure a bpffs is mounted at @path
 * @path:	usually /sys/fs/bpf
 *
 * Returns 0 if one was already mounted or mounting it worked.
 */
int bb_mount_bpffs(const char *path);

#endif /* BB_BAREBPF_H */
