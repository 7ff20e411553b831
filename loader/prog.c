// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * prog.c - programs: found by symbol in executable sections, typed by
 * their section name, loaded with BPF_PROG_LOAD.
 *
 * Every function symbol in an executable section other than .text is a
 * program; .text holds the subprograms they call (see reloc.c). The
 * section name says what kind of program it is, as in libbpf:
 * SEC("xdp"), SEC("tracepoint/syscalls/sys_enter_openat"), ...
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define LOG_SIZE_TAIL	(1U << 20)	/* room for the tail we show */
#define LOG_SIZE_MAX	(1U << 30)	/* what the kernel accepts */
#define LOG_TAIL_LINES	20

static struct bb_program *prog_add(struct bb_object *obj, const char *name,
				   size_t sec_idx)
{
	struct bb_program *v, *prog;

	v = realloc(obj->progs, (obj->nr_progs + 1) * sizeof(*v));
	if (!v)
		return NULL;
	obj->progs = v;
	prog = &v[obj->nr_progs];
	memset(prog, 0, sizeof(*prog));
	prog->name = strdup(name);
	if (!prog->name)
		return NULL;
	obj->nr_progs++;
	prog->obj = obj;
	prog->sec_idx = sec_idx;
	prog->sec_name = obj->secs[sec_idx].name;
	/* SEC("?xdp"): an xdp program that is not loaded unless asked. */
	prog->autoload = prog->sec_name[0] != '?';
	prog->fd = -1;
	prog->st_map = -1;
	prog->attach_target = "";
	prog->sec_def = bb_sec_def_find(prog->sec_name + !prog->autoload,
					&prog->attach_target);
	if (prog->sec_def) {
		prog->type = prog->sec_def->type;
		prog->expected_attach_type = prog->sec_def->eat;
	}
	return prog;
}

static int prog_set_range(struct bb_object *obj, struct bb_program *prog,
			  GElf_Addr off, GElf_Xword size)
{
	const struct bb_sec *sec = &obj->secs[prog->sec_idx];

	if (off % BPF_INSN_SZ || size % BPF_INSN_SZ || !size ||
	    off > sec->size || size > sec->size - off) {
		bb_pr(obj, "program %s lies outside section %s or is not whole instructions.",
		      prog->name, sec->name);
		return -EINVAL;
	}
	prog->insns = (const struct bpf_insn *)((const char *)sec->data + off);
	prog->sec_off = off / BPF_INSN_SZ;
	prog->insn_cnt = size / BPF_INSN_SZ;
	return 0;
}

/* Old objects may have a section with code but no function symbol. */
static int collect_unnamed(struct bb_object *obj, size_t sec_idx)
{
	const struct bb_sec *sec = &obj->secs[sec_idx];
	struct bb_program *prog;
	char name[BPF_OBJ_NAME_LEN];
	size_t i;

	for (i = 0; i < sizeof(name) - 1 && sec->name[i]; i++)
		name[i] = isalnum((unsigned char)sec->name[i]) ?
			  sec->name[i] : '_';
	name[i] = '\0';
	prog = prog_add(obj, name, sec_idx);
	if (!prog)
		return -ENOMEM;
	return prog_set_range(obj, prog, 0, sec->size);
}

static int collect_section(struct bb_object *obj, size_t sec_idx)
{
	const GElf_Sym *sym;
	struct bb_program *prog;
	size_t i, n, found = 0;
	const size_t *syms;
	int err;

	n = bb_syms_of_sec(obj, sec_idx, &syms);
	for (i = 0; i < n; i++) {
		sym = &obj->syms[syms[i]];
		if (GELF_ST_TYPE(sym->st_info) != STT_FUNC)
			continue;
		prog = prog_add(obj, bb_sym_name(obj, sym), sec_idx);
		if (!prog)
			return -ENOMEM;
		err = prog_set_range(obj, prog, sym->st_value, sym->st_size);
		if (err)
			return err;
		found++;
	}
	return found ? 0 : collect_unnamed(obj, sec_idx);
}

static int cmp_prog(const void *a, const void *b)
{
	const struct bb_program *x = a, *y = b;

	if (x->sec_idx != y->sec_idx)
		return x->sec_idx < y->sec_idx ? -1 : 1;
	return x->sec_off < y->sec_off ? -1 : x->sec_off > y->sec_off;
}

/*
 * Programs in section order, so that the program holding an instruction
 * is found by binary search. Two programs sharing instructions would
 * each need the other's relocations: refused.
 */
static int progs_sort(struct bb_object *obj)
{
	struct bb_program *p, *q;
	size_t i;

	if (obj->nr_progs > 1)
		qsort(obj->progs, obj->nr_progs, sizeof(*obj->progs),
		      cmp_prog);
	for (i = 1; i < obj->nr_progs; i++) {
		p = &obj->progs[i - 1];
		q = &obj->progs[i];
		if (p->sec_idx == q->sec_idx &&
		    p->sec_off + p->insn_cnt > q->sec_off) {
			bb_pr(obj, "programs %s and %s overlap in section %s.",
			      p->name, q->name, p->sec_name);
			return -EINVAL;
		}
	}
	return 0;
}

/* The program holding instruction @insn of section @sec_idx, or NULL. */
struct bb_program *bb_prog_at(const struct bb_object *obj, size_t sec_idx,
			      size_t insn)
{
	size_t lo = 0, hi = obj->nr_progs, mid;
	struct bb_program *p;

	while (lo < hi) {		/* the first program after @insn */
		mid = lo + (hi - lo) / 2;
		p = &obj->progs[mid];
		if (p->sec_idx < sec_idx ||
		    (p->sec_idx == sec_idx && p->sec_off <= insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	p = &obj->progs[lo - 1];
	return p->sec_idx == sec_idx && insn - p->sec_off < p->insn_cnt ?
	       p : NULL;
}

static int cmp_func(const void *a, const void *b)
{
	const struct bb_func *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * The functions of .text, sorted: whole instructions inside .text, no two
 * sharing an instruction, so that linking appends each at most once.
 */
static int collect_text_funcs(struct bb_object *obj)
{
	const struct bb_sec *text = &obj->secs[obj->text_idx];
	const size_t *syms;
	const GElf_Sym *sym;
	size_t i, n;

	n = bb_syms_of_sec(obj, obj->text_idx, &syms);
	obj->funcs = calloc(n ? n : 1, sizeof(*obj->funcs));
	if (!obj->funcs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		sym = &obj->syms[syms[i]];
		if (GELF_ST_TYPE(sym->st_info) != STT_FUNC || !sym->st_size)
			continue;
		if (sym->st_value % BPF_INSN_SZ || sym->st_size % BPF_INSN_SZ ||
		    sym->st_value > text->size ||
		    sym->st_size > text->size - sym->st_value) {
			bb_pr(obj, "function %s is not whole instructions inside .text.",
			      bb_sym_name(obj, sym));
			return -EINVAL;
		}
		obj->funcs[obj->nr_funcs++] = (struct bb_func){
			sym->st_value / BPF_INSN_SZ,
			sym->st_size / BPF_INSN_SZ, sym };
	}
	if (obj->nr_funcs > 1)
		qsort(obj->funcs, obj->nr_funcs, sizeof(*obj->funcs),
		      cmp_func);
	for (i = 1; i < obj->nr_funcs; i++) {
		if (obj->funcs[i - 1].start + obj->funcs[i - 1].len >
		    obj->funcs[i].start) {
			bb_pr(obj, "functions %s and %s overlap in .text.",
			      bb_sym_name(obj, obj->funcs[i - 1].sym),
			      bb_sym_name(obj, obj->funcs[i].sym));
			return -EINVAL;
		}
	}
	return 0;
}

/* The .text function holding instruction @t, or NULL. */
const struct bb_func *bb_text_func(const struct bb_object *obj, size_t t)
{
	size_t lo = 0, hi = obj->nr_funcs, mid;
	const struct bb_func *f;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		f = &obj->funcs[mid];
		if (t < f->start)
			hi = mid;
		else if (t - f->start >= f->len)
			lo = mid + 1;
		else
			return f;
	}
	return NULL;
}

int bb_progs_collect(struct bb_object *obj)
{
	const struct bb_sec *sec;
	size_t i;
	int err;

	for (i = 1; i < obj->nr_secs; i++) {
		sec = &obj->secs[i];
		if (!(sec->shdr.sh_flags & SHF_EXECINSTR) || !sec->size ||
		    i == obj->text_idx)
			continue;
		err = collect_section(obj, i);
		if (err)
			return err;
	}
	err = progs_sort(obj);
	if (!err && obj->text_idx)
		err = collect_text_funcs(obj);
	return err;
}

/* Print the verifier log of a failed load: its tail, or all of it. */
static void prog_print_log(struct bb_program *prog, const char *log,
			   bool cut)
{
	char what[BPF_OBJ_NAME_LEN + 64];
	bool whole = prog->obj->log_whole;

	if (!log[0]) {
		bb_pr(prog->obj, "program %s: the kernel gave no verifier log.",
		      prog->name);
		return;
	}
	snprintf(what, sizeof(what), "program %s: verifier", prog->name);
	bb_pr_log_tail(prog->obj, what, log, whole ? INT_MAX : LOG_TAIL_LINES);
	if (whole && cut)
		bb_pr(prog->obj, "program %s: the verifier log was cut.",
		      prog->name);
}

/*
 * The first load runs without a log: most loads succeed, and a log costs
 * the verifier time. After a failure the program is loaded once more
 * with a log large enough for the tail that is shown (since Linux 6.4 the
 * kernel keeps the end of a log that does not fit). Only a caller that
 * asked for the whole log pays for one more load, sized by the kernel's
 * own count of the bytes it needs.
 */
static void prog_explain_failure(struct bb_program *prog,
				 struct bb_prog_load_opts *o)
{
	const struct bb_linked *l = &prog->linked;
	__u32 size = LOG_SIZE_TAIL;
	char *log, *v;
	int fd, tries;

	log = malloc(size);
	for (tries = 0; log && tries < 2; tries++) {
		log[0] = '\0';
		o->log_buf = log;
		o->log_size = size;
		o->log_level = 1;
		fd = bb_prog_load(prog->type, prog->name, prog->obj->license,
				  l->insns, l->cnt, o);
		if (fd >= 0)
			close(fd);
		if (fd != -ENOSPC || !prog->obj->log_whole)
			break;
		size = o->log_true_size > size ? o->log_true_size :
						 LOG_SIZE_MAX;
		v = realloc(log, size);
		if (!v)
			break;
		log = v;
	}
	if (log)
		prog_print_log(prog, log, fd == -ENOSPC);
	free(log);
}

/*
 * Programs typed by the kernel's BTF name their attach point in it:
 * fentry/fexit/fmod_ret a function, tp_btf a tracepoint's
 * "btf_trace_<name>" typedef, lsm the "bpf_lsm_<hook>" function, iter
 * the "bpf_iter_<target>" function. The verifier wants its type id.
 */
static int prog_attach_btf_id(struct bb_program *prog, __u32 *id)
{
	const char *prefix = "", *what = "function";
	__u16 kind = BTF_KIND_FUNC;
	char name[BB_NAME_MAX + 16];
	int err;

	if (prog->type == BPF_PROG_TYPE_EXT) {
		bb_pr(prog->obj, "program %s (section %s) replaces a function of another BPF program, which the loader cannot be given yet.",
		      prog->name, prog->sec_name);
		return -EOPNOTSUPP;
	}
	if (!prog->attach_target[0]) {
		bb_pr(prog->obj, "program %s: section %s names no attach point (SEC(\"%s/<name>\")).",
		      prog->name, prog->sec_name, prog->sec_def->prefix);
		return -EINVAL;
	}
	switch (prog->expected_attach_type) {
	case BPF_TRACE_RAW_TP:
		prefix = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
		what = "BTF tracepoint";
		break;
	case BPF_LSM_MAC:
	case BPF_LSM_CGROUP:
		prefix = "bpf_lsm_";
		what = "LSM hook";
		break;
	case BPF_TRACE_ITER:
		prefix = "bpf_iter_";
		what = "iterator";
		break;
	default:
		break;
	}
	snprintf(name, sizeof(name), "%s%s", prefix, prog->attach_target);
	err = bb_btf_vmlinux_id(prog->obj, name, kind, id);
	if (err == -ENOENT)
		bb_pr(prog->obj, "program %s: vmlinux's BTF has no %s %s to attach to (modules are not searched yet).",
		      prog->name, what, prog->attach_target);
	return err;
}

/* Give every ld_imm64 that link.c marked its map's fd. */
static int prog_bind_maps(struct bb_program *prog)
{
	struct bb_object *obj = prog->obj;
	const struct bb_map_use *u;
	size_t i;

	for (i = 0; i < prog->linked.nr_uses; i++) {
		u = &prog->linked.uses[i];
		if (obj->maps[u->map_idx].fd < 0) {
			bb_pr(obj, "program %s uses map %s, which was not created.",
			      prog->name, obj->maps[u->map_idx].name);
			return -ENOENT;
		}
		prog->linked.insns[u->insn].imm = obj->maps[u->map_idx].fd;
	}
	return 0;
}

static int prog_load_one(struct bb_program *prog)
{
	struct bb_object *obj = prog->obj;
	struct bb_linked *l = &prog->linked;
	unsigned int flags = prog->sec_def->flags;
	struct bb_prog_load_opts o = {
		.expected_attach_type = prog->expected_attach_type,
		.kern_version = obj->kversion,
		.prog_flags = (flags & BB_SEC_SLEEPABLE ? BPF_F_SLEEPABLE : 0) |
			      (flags & BB_SEC_XDP_FRAGS ?
			       BPF_F_XDP_HAS_FRAGS : 0),
	};
	int fd;

	if (flags & BB_SEC_ATTACH_BTF) {
		fd = prog_attach_btf_id(prog, &o.attach_btf_id);
		if (fd)
			return fd;
	}
	if (prog->type == BPF_PROG_TYPE_STRUCT_OPS)
		o.attach_btf_id = prog->attach_btf_id;	/* struct_ops.c */
	fd = prog_bind_maps(prog);
	if (fd)
		return fd;
	if (obj->btf_fd >= 0 && l->nfinfo) {
		o.btf_fd = obj->btf_fd;
		o.func_info = l->finfo;
		o.func_info_cnt = l->nfinfo;
		o.line_info = l->linfo;
		o.line_info_cnt = l->nlinfo;
	}
	fd = bb_prog_load(prog->type, prog->name, obj->license, l->insns,
			  l->cnt, &o);
	if (fd < 0) {
		bb_pr(obj, "program %s (section %s): BPF_PROG_LOAD failed: %s%s.",
		      prog->name, prog->sec_name, bb_strerror(fd),
		      bb_perm_hint(fd));
		if (fd != -EPERM || bb_can_bpf())
			prog_explain_failure(prog, &o);
		return fd;
	}
	prog->fd = fd;
	/* The kernel has its copy: ours is not needed any more. */
	bb_linked_free(l);
	return 0;
}

/* Every program that will be loaded must have a type we know. */
int bb_progs_check_types(struct bb_object *obj)
{
	const struct bb_program *prog;
	size_t i;

	for (i = 0; i < obj->nr_progs; i++) {
		prog = &obj->progs[i];
		if (!prog->autoload || prog->sec_def)
			continue;
		bb_pr(obj, "program %s: section %s names no program type the loader knows%s.",
		      prog->name, prog->sec_name, prog->sec_name[0] == '?' ?
		      " (a leading '?' only means: not loaded unless asked)" :
		      "");
		return -EOPNOTSUPP;
	}
	return 0;
}

int bb_progs_load(struct bb_object *obj)
{
	size_t i;
	int err;

	for (i = 0; i < obj->nr_progs; i++) {
		if (!obj->progs[i].autoload)
			continue;
		err = prog_load_one(&obj->progs[i]);
		if (err)
			return err;
	}
	return 0;
}

void bb_progs_free(struct bb_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_progs; i++) {
		if (obj->progs[i].fd >= 0)
			close(obj->progs[i].fd);
		free(obj->progs[i].name);
		free(obj->progs[i].relocs);
		bb_linked_free(&obj->progs[i].linked);
	}
	free(obj->funcs);
	obj->funcs = NULL;
	obj->nr_funcs = 0;
	free(obj->progs);
	obj->progs = NULL;
	obj->nr_progs = 0;
}
