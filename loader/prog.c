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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define LOG_SIZE_MIN	(1U << 16)
#define LOG_SIZE_MAX	(1U << 24)
#define LOG_TAIL_LINES	20

struct sec_def {
	const char *prefix;	/* section name, or name + "/..." */
	enum bpf_prog_type type;
	enum bpf_attach_type eat;
	bool needs_target;	/* "prefix/<target>" required */
};

static const struct sec_def sec_defs[] = {
	{ "xdp", BPF_PROG_TYPE_XDP, BPF_XDP, false },
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, true },
	{ "tp", BPF_PROG_TYPE_TRACEPOINT, 0, true },
	{ "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, true },
	{ "raw_tp", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, true },
	{ "socket", BPF_PROG_TYPE_SOCKET_FILTER, 0, false },
	{ "tc", BPF_PROG_TYPE_SCHED_CLS, 0, false },
	{ "classifier", BPF_PROG_TYPE_SCHED_CLS, 0, false },
	{ "action", BPF_PROG_TYPE_SCHED_ACT, 0, false },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, false },
	{ "kprobe", BPF_PROG_TYPE_KPROBE, 0, true },
	{ "kretprobe", BPF_PROG_TYPE_KPROBE, 0, true },
	{ "syscall", BPF_PROG_TYPE_SYSCALL, 0, false },
	{ "fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, true },
	{ "fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, true },
	{ "tp_btf", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, true },
	{ "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB,
	  BPF_CGROUP_INET_INGRESS, false },
	{ "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB,
	  BPF_CGROUP_INET_EGRESS, false },
};

/*
 * Type, expected attach type and attach target ("syscalls/sys_enter_x")
 * for a section name; -ENOENT if the name means nothing to us.
 */
int bb_prog_section_type(const char *sec, enum bpf_prog_type *type,
			 enum bpf_attach_type *eat, const char **target)
{
	const struct sec_def *d;
	size_t i, n;

	for (i = 0; i < sizeof(sec_defs) / sizeof(sec_defs[0]); i++) {
		d = &sec_defs[i];
		n = strlen(d->prefix);
		if (strncmp(sec, d->prefix, n))
			continue;
		if (sec[n] == '\0' && d->needs_target)
			continue;
		if (sec[n] != '\0' && (sec[n] != '/' || !sec[n + 1]))
			continue;
		*type = d->type;
		*eat = d->eat;
		*target = sec[n] ? sec + n + 1 : "";
		return 0;
	}
	return -ENOENT;
}

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
	prog->autoload = true;
	prog->fd = -1;
	prog->type_known = !bb_prog_section_type(prog->sec_name, &prog->type,
					&prog->expected_attach_type,
					&prog->attach_target);
	if (!prog->type_known)
		prog->attach_target = "";
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
	size_t i, found = 0;
	int err;

	for (i = 0; i < obj->nr_syms; i++) {
		sym = &obj->syms[i];
		if (sym->st_shndx != sec_idx ||
		    GELF_ST_TYPE(sym->st_info) != STT_FUNC)
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

int bb_progs_collect(struct bb_object *obj)
{
	const struct bb_sec *sec;
	size_t i;
	int err;

	for (i = 1; i < obj->nr_secs; i++) {
		sec = &obj->secs[i];
		if (sec->shdr.sh_type != SHT_PROGBITS ||
		    !(sec->shdr.sh_flags & SHF_EXECINSTR) || !sec->size)
			continue;
		if (sec->size % BPF_INSN_SZ) {
			bb_pr(obj, "section %s is not a whole number of instructions.",
			      sec->name);
			return -EINVAL;
		}
		if (i == obj->text_idx)
			continue;
		err = collect_section(obj, i);
		if (err)
			return err;
	}
	return 0;
}

/* Load again with a growing verifier log and print its last lines. */
static void prog_explain_failure(struct bb_program *prog,
				 const struct bpf_insn *insns, size_t cnt,
				 struct bb_prog_load_opts *o)
{
	__u32 size = LOG_SIZE_MIN;
	char *log = NULL, *v;
	int fd;

	for (; size <= LOG_SIZE_MAX; size *= 4) {
		v = realloc(log, size);
		if (!v)
			break;
		log = v;
		log[0] = '\0';
		o->log_buf = log;
		o->log_size = size;
		o->log_level = 1;
		fd = bb_prog_load(prog->type, prog->name, prog->obj->license,
				  insns, cnt, o);
		if (fd >= 0) {
			close(fd);
			break;
		}
		if (fd != -ENOSPC)
			break;
	}
	if (log && log[0]) {
		char what[BPF_OBJ_NAME_LEN + 64];

		snprintf(what, sizeof(what), "program %s: verifier", prog->name);
		bb_pr_log_tail(prog->obj, what, log, LOG_TAIL_LINES);
	}
	free(log);
}

/*
 * fentry/fexit name a kernel function, tp_btf a tracepoint, whose BTF
 * type ids in the kernel's BTF the verifier needs: the function's FUNC,
 * or the tracepoint's "btf_trace_<name>" typedef.
 */
static int prog_attach_btf_id(struct bb_program *prog, __u32 *id)
{
	char name[256];
	__u16 kind = BTF_KIND_FUNC;
	int err;

	if (prog->expected_attach_type == BPF_TRACE_RAW_TP) {
		snprintf(name, sizeof(name), "btf_trace_%s",
			 prog->attach_target);
		kind = BTF_KIND_TYPEDEF;
	} else {
		snprintf(name, sizeof(name), "%s", prog->attach_target);
	}
	err = bb_btf_vmlinux_id(prog->obj, name, kind, id);
	if (err == -ENOENT)
		bb_pr(prog->obj, "program %s: the kernel has no %s %s to attach to.",
		      prog->name, kind == BTF_KIND_FUNC ? "function" :
		      "BTF tracepoint", prog->attach_target);
	return err;
}

static int prog_load_one(struct bb_program *prog)
{
	struct bb_object *obj = prog->obj;
	struct bb_prog_load_opts o = {
		.expected_attach_type = prog->expected_attach_type,
		.kern_version = obj->kversion,
	};
	void *finfo = NULL, *linfo = NULL;
	struct bpf_insn *insns = NULL;
	__u32 nfinfo = 0, nlinfo = 0;
	size_t cnt = 0;
	int fd;

	if (prog->type == BPF_PROG_TYPE_TRACING) {
		fd = prog_attach_btf_id(prog, &o.attach_btf_id);
		if (fd)
			return fd;
	}
	fd = bb_relocs_apply(prog, &insns, &cnt, &finfo, &nfinfo, &linfo,
			     &nlinfo);
	if (fd)
		goto out;
	if (obj->btf_fd >= 0 && nfinfo) {
		o.btf_fd = obj->btf_fd;
		o.func_info = finfo;
		o.func_info_cnt = nfinfo;
		o.line_info = linfo;
		o.line_info_cnt = nlinfo;
	}
	fd = bb_prog_load(prog->type, prog->name, obj->license, insns, cnt,
			  &o);
	if (fd < 0) {
		bb_pr(obj, "program %s (section %s): BPF_PROG_LOAD failed: %s%s.",
		      prog->name, prog->sec_name, strerror(-fd),
		      bb_perm_hint(fd));
		if (fd != -EPERM)
			prog_explain_failure(prog, insns, cnt, &o);
		goto out;
	}
	prog->fd = fd;
	fd = 0;
out:
	free(insns);
	free(finfo);
	free(linfo);
	return fd;
}

int bb_progs_load(struct bb_object *obj)
{
	struct bb_program *prog;
	size_t i;
	int err;

	for (i = 0; i < obj->nr_progs; i++) {
		prog = &obj->progs[i];
		if (!prog->autoload)
			continue;
		if (!prog->type_known) {
			bb_pr(obj, "program %s: section %s names no program type we know.",
			      prog->name, prog->sec_name);
			return -EINVAL;
		}
		err = prog_load_one(prog);
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
	}
	free(obj->progs);
	obj->progs = NULL;
	obj->nr_progs = 0;
}
