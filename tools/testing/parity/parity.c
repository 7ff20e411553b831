// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * parity.c - load BPF objects with libbpf, the reference, and with
 * barebpf, then compare what the kernel got from each, program by
 * program: did it load, and are the instructions the kernel translated
 * (BPF_OBJ_GET_INFO_BY_FD, xlated_prog_insns) the same?
 *
 *	parity [-v] [-w] [-t SECONDS] [-o DIR] OBJECT...
 *
 * Each object is loaded whole first. A program that was not loaded that
 * way (the object failed, or its section starts with '?') is then tried
 * alone, every other program's autoload off, with each loader on its
 * own, so that one program the kernel refuses does not hide the others
 * (-w: whole objects only).
 *
 * Translated code names maps by kernel id; both sides are rewritten to
 * the map's name, from its first '.' on when it has one: global data is
 * "<object>.rodata" with either loader, but the object name each cuts
 * to fit may differ.
 *
 * Each object runs in a child of its own, killed after -t seconds, so
 * that a crash or a hang costs one object and not the run. The child
 * hands its results to the parent as tab-separated records; the parent
 * prints one line per object, a summary, and with -o writes
 * objects.tsv, programs.tsv and summary.tsv into DIR.
 *
 * This is the only place in barebpf that links libbpf: it is the
 * yardstick. barebpf's API is prefixed bb_, so the two do not clash.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "barebpf.h"

#define MSG_MAX		512
#define FIELD_MAX	11	/* tab-separated fields of a record, at most */
#define REC_MAX		4096	/* longest record line */
#define BPFFS		"/sys/fs/bpf"

static bool verbose;
static bool whole_only;
static int timeout_s = 120;
static char pin_root[64];	/* BPFFS "/parity", see make_pin_dirs() */

/* ------------------------------------------------------------------ */
/* The first message a loader prints during one attempt.              */

static char first_msg[MSG_MAX];

/* Messages go into tab-separated records: no tabs, no line breaks. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			*s = ' ';
}

static void capture_reset(void)
{
	first_msg[0] = '\0';
}

static void capture(const char *msg)
{
	size_t n;

	if (first_msg[0])
		return;
	snprintf(first_msg, sizeof(first_msg), "%s", msg);
	n = strlen(first_msg);
	while (n && (first_msg[n - 1] == '\n' || first_msg[n - 1] == ' '))
		first_msg[--n] = '\0';
	sanitize(first_msg);
	if (!first_msg[0])
		snprintf(first_msg, sizeof(first_msg), "(empty message)");
}

/* libbpf: keep the first warning, the level its errors are printed at. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	char msg[MSG_MAX];
	va_list aq;

	if (verbose) {
		va_copy(aq, ap);
		vfprintf(stderr, fmt, aq);
		va_end(aq);
	}
	if (level != LIBBPF_WARN || first_msg[0])
		return 0;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	capture(strncmp(msg, "libbpf: ", 8) ? msg : msg + 8);
	return 0;
}

/*
 * barebpf has no message levels. Lines of a kernel log ("BTF log: ...",
 * "program x: verifier log: ...") detail another message, and a BTF the
 * kernel rejects is only a warning: neither is the error that counts.
 */
static bool barebpf_detail(const char *msg)
{
	const char *warn = "; loading without it.";
	size_t n = strlen(msg), w = strlen(warn);

	return strstr(msg, " log: ") || (n >= w && !strcmp(msg + n - w, warn));
}

/* barebpf: every message starts with the object's name, @ctx. */
static void barebpf_print(void *ctx, const char *msg)
{
	size_t n = strlen(ctx);

	if (verbose)
		fprintf(stderr, "barebpf: %s\n", msg);
	if (!strncmp(msg, ctx, n) && !strncmp(msg + n, ": ", 2))
		msg += n + 2;
	if (!barebpf_detail(msg))
		capture(msg);
}

/* ------------------------------------------------------------------ */
/* What one loader did with one object.                               */

enum load_state {
	NOT_LOADED,
	LOADED_WHOLE,		/* with the whole object */
	LOADED_ALONE,		/* on its own, the others' autoload off */
};

static const char *const state_names[] = {
	[NOT_LOADED] = "no",
	[LOADED_WHOLE] = "whole",
	[LOADED_ALONE] = "alone",
};

/* One translated instruction, map ids replaced by normalised names. */
struct xinsn {
	struct bpf_insn insn;	/* imm 0 where @map is set */
	char map[BPF_OBJ_NAME_LEN];
};

struct prog_res {
	char *name;
	enum load_state state;
	__u32 type;		/* as the kernel reports it */
	struct xinsn *x;
	__u32 cnt;
	char err[MSG_MAX];	/* first message of its own failed load */
};

struct loader_res {
	bool opened;
	bool loaded;		/* the whole object */
	char err[MSG_MAX];	/* first message of open and whole load */
	struct prog_res *progs;
	size_t nr_progs;
};

static struct prog_res *res_find(const struct loader_res *r,
				 const char *name)
{
	size_t i;

	for (i = 0; i < r->nr_progs; i++)
		if (!strcmp(r->progs[i].name, name))
			return &r->progs[i];
	return NULL;
}

static int res_add(struct loader_res *r, const char *name)
{
	struct prog_res *v;

	if (res_find(r, name))
		return 0;
	v = realloc(r->progs, (r->nr_progs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r->progs = v;
	v = &r->progs[r->nr_progs];
	memset(v, 0, sizeof(*v));
	v->name = strdup(name);
	if (!v->name)
		return -ENOMEM;
	r->nr_progs++;
	return 0;
}

static void res_free(struct loader_res *r)
{
	size_t i;

	for (i = 0; i < r->nr_progs; i++) {
		free(r->progs[i].name);
		free(r->progs[i].x);
	}
	free(r->progs);
}

/* ------------------------------------------------------------------ */
/* Translated instructions, as the kernel gives them back.            */

struct map_name_cache {
	__u32 id;
	char name[BPF_OBJ_NAME_LEN];
};

static struct map_name_cache *map_names;
static size_t nr_map_names;

/* "obj_name.rodata" and ".rodata" both become ".rodata". */
static void map_name_by_id(__u32 id, char name[BPF_OBJ_NAME_LEN])
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	struct map_name_cache *v;
	const char *dot;
	size_t i;
	int fd;

	for (i = 0; i < nr_map_names; i++)
		if (map_names[i].id == id)
			goto out;
	memset(&info, 0, sizeof(info));
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		snprintf(info.name, sizeof(info.name), "#%u?", id);
	if (fd >= 0)
		close(fd);
	v = realloc(map_names, (nr_map_names + 1) * sizeof(*v));
	if (!v) {
		snprintf(name, BPF_OBJ_NAME_LEN, "#%u?", id);
		return;
	}
	map_names = v;
	v[i].id = id;
	dot = strchr(info.name, '.');
	snprintf(v[i].name, sizeof(v[i].name), "%s", dot ? dot : info.name);
	nr_map_names++;
out:
	memcpy(name, map_names[i].name, BPF_OBJ_NAME_LEN);
}

static bool is_map_ref(const struct bpf_insn *insn)
{
	if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
		return false;
	return insn->src_reg == BPF_PSEUDO_MAP_FD ||
	       insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
	       insn->src_reg == BPF_PSEUDO_MAP_IDX ||
	       insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE;
}

static void normalise(const struct bpf_insn *insns, __u32 cnt,
		      struct xinsn *x)
{
	__u32 i;

	for (i = 0; i < cnt; i++) {
		x[i].insn = insns[i];
		x[i].map[0] = '\0';
		if (is_map_ref(&insns[i])) {
			map_name_by_id(insns[i].imm, x[i].map);
			x[i].insn.imm = 0;
		}
	}
}

/* Fill @p from the loaded program @fd. */
static int collect(int fd, struct prog_res *p, enum load_state state)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info), cnt;
	struct bpf_insn *insns;
	int err = -ENOMEM;

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	cnt = info.xlated_prog_len / sizeof(*insns);
	insns = calloc(cnt ? cnt : 1, sizeof(*insns));
	p->x = calloc(cnt ? cnt : 1, sizeof(*p->x));
	if (!insns || !p->x)
		goto err_free;
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = cnt * sizeof(*insns);
	info.xlated_prog_insns = (__u64)(unsigned long)insns;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		err = -errno;
		goto err_free;
	}
	normalise(insns, cnt, p->x);
	free(insns);
	p->cnt = cnt;
	p->type = info.type;
	p->state = state;
	return 0;

err_free:
	free(p->x);
	p->x = NULL;
	free(insns);
	snprintf(p->err, sizeof(p->err), "cannot read its instructions back: %s.",
		 strerror(-err));
	return err;
}

/* ------------------------------------------------------------------ */
/* The two loaders behind one interface.                              */

struct loader {
	const char *name;
	const char *pin_sub;	/* directory under pin_root */
	void *(*open)(const char *path, const char *pin_dir);
	size_t (*count)(void *h);
	const char *(*prog_name)(void *h, size_t i);
	void (*set_autoload)(void *h, size_t i, bool on);
	int (*load)(void *h);
	int (*prog_fd)(void *h, size_t i);
	void (*close)(void *h);
};

/* libbpf: the object and its programs in an array, for indexing. */
struct lb_handle {
	struct bpf_object *obj;
	struct bpf_program **progs;
	size_t n;
};

static void lb_close(void *h)
{
	struct lb_handle *lh = h;

	if (!lh)
		return;
	bpf_object__close(lh->obj);
	free(lh->progs);
	free(lh);
}

static void *lb_open(const char *path, const char *pin_dir)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .pin_root_path = pin_dir);
	struct bpf_program *prog, **v;
	struct lb_handle *lh;

	lh = calloc(1, sizeof(*lh));
	if (!lh)
		return NULL;
	lh->obj = bpf_object__open_file(path, &opts);
	if (!lh->obj) {
		capture("cannot open the object.");
		goto err_free;
	}
	bpf_object__for_each_program(prog, lh->obj) {
		v = realloc(lh->progs, (lh->n + 1) * sizeof(*v));
		if (!v)
			goto err_close;
		lh->progs = v;
		v[lh->n++] = prog;
	}
	return lh;

err_close:
	lb_close(lh);
	return NULL;
err_free:
	free(lh);
	return NULL;
}

static size_t lb_count(void *h)
{
	return ((struct lb_handle *)h)->n;
}

static const char *lb_prog_name(void *h, size_t i)
{
	return bpf_program__name(((struct lb_handle *)h)->progs[i]);
}

static void lb_set_autoload(void *h, size_t i, bool on)
{
	bpf_program__set_autoload(((struct lb_handle *)h)->progs[i], on);
}

static int lb_load(void *h)
{
	return bpf_object__load(((struct lb_handle *)h)->obj);
}

static int lb_prog_fd(void *h, size_t i)
{
	return bpf_program__fd(((struct lb_handle *)h)->progs[i]);
}

static const struct loader libbpf_loader = {
	.name = "libbpf",
	.pin_sub = "libbpf",
	.open = lb_open,
	.count = lb_count,
	.prog_name = lb_prog_name,
	.set_autoload = lb_set_autoload,
	.load = lb_load,
	.prog_fd = lb_prog_fd,
	.close = lb_close,
};

/* barebpf: messages are named after the file, not its whole path. */
static void *bb_open(const char *path, const char *pin_dir)
{
	const char *base = strrchr(path, '/');
	struct bb_object_opts opts = {
		.name = base ? base + 1 : path,
		.print = barebpf_print,
		.print_ctx = (void *)(base ? base + 1 : path),
		.pin_root = pin_dir,
	};
	struct bb_object *obj;

	if (bb_object__open_file(path, &opts, &obj))
		return NULL;
	return obj;
}

static size_t bb_count(void *h)
{
	return bb_object__program_count(h);
}

static const char *bb_prog_name(void *h, size_t i)
{
	return bb_program__name(bb_object__program(h, i));
}

static void bb_set_autoload(void *h, size_t i, bool on)
{
	bb_program__set_autoload(bb_object__program(h, i), on);
}

static int bb_load(void *h)
{
	return bb_object__load(h);
}

static int bb_prog_fd(void *h, size_t i)
{
	return bb_program__fd(bb_object__program(h, i));
}

static void bb_close(void *h)
{
	bb_object__close(h);
}

static const struct loader barebpf_loader = {
	.name = "barebpf",
	.pin_sub = "barebpf",
	.open = bb_open,
	.count = bb_count,
	.prog_name = bb_prog_name,
	.set_autoload = bb_set_autoload,
	.load = bb_load,
	.prog_fd = bb_prog_fd,
	.close = bb_close,
};

/* ------------------------------------------------------------------ */
/* Loading one object with one loader.                                */

/* Maps pinned by name must not carry over from one load to the next. */
static void unpin_all(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
}

static void pin_dir_of(const struct loader *l, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", pin_root, l->pin_sub);
}

static void load_whole(const struct loader *l, const char *path,
		       struct loader_res *r)
{
	char pin_dir[PATH_MAX];
	struct prog_res *p;
	size_t i;
	void *h;
	int fd;

	if (verbose)
		fprintf(stderr, "parity: %s loads %s.\n", l->name, path);
	pin_dir_of(l, pin_dir, sizeof(pin_dir));
	capture_reset();
	h = l->open(path, pin_dir);
	if (!h)
		goto out;
	r->opened = true;
	for (i = 0; i < l->count(h); i++)
		if (res_add(r, l->prog_name(h, i)))
			goto out_close;
	r->loaded = !l->load(h);
	for (i = 0; r->loaded && i < l->count(h); i++) {
		fd = l->prog_fd(h, i);
		p = res_find(r, l->prog_name(h, i));
		if (fd >= 0 && p)
			collect(fd, p, LOADED_WHOLE);
	}
out_close:
	l->close(h);
	unpin_all(pin_dir);
out:
	if (!r->loaded)
		snprintf(r->err, sizeof(r->err), "%s",
			 first_msg[0] ? first_msg : "(no message)");
}

static void load_alone(const struct loader *l, const char *path,
		       struct prog_res *p)
{
	char pin_dir[PATH_MAX];
	size_t i, me = SIZE_MAX;
	void *h;

	if (verbose)
		fprintf(stderr, "parity: %s loads program %s of %s alone.\n",
			l->name, p->name, path);
	pin_dir_of(l, pin_dir, sizeof(pin_dir));
	capture_reset();
	h = l->open(path, pin_dir);
	if (!h)
		goto out;
	for (i = 0; i < l->count(h); i++) {
		if (!strcmp(l->prog_name(h, i), p->name))
			me = i;
		l->set_autoload(h, i, false);
	}
	if (me == SIZE_MAX)
		goto out_close;
	l->set_autoload(h, me, true);
	if (!l->load(h) && l->prog_fd(h, me) >= 0)
		collect(l->prog_fd(h, me), p, LOADED_ALONE);
out_close:
	l->close(h);
	unpin_all(pin_dir);
out:
	if (p->state == NOT_LOADED && !p->err[0])
		snprintf(p->err, sizeof(p->err), "%s",
			 first_msg[0] ? first_msg : "(no message)");
}

/*
 * A program the whole load left out is tried alone. The only program of
 * an object that failed was in that load already: trying it again would
 * only repeat it (and slow verifications, such as loop3's, take seconds).
 */
static void run_loader(const struct loader *l, const char *path,
		       struct loader_res *r)
{
	size_t i;

	load_whole(l, path, r);
	if (whole_only || !r->opened || (r->nr_progs == 1 && !r->loaded))
		return;
	for (i = 0; i < r->nr_progs; i++)
		if (r->progs[i].state == NOT_LOADED)
			load_alone(l, path, &r->progs[i]);
}

/* ------------------------------------------------------------------ */
/* Subprogram order.                                                  */

/*
 * Each loader appends the subprograms a program calls in an order of
 * its own, and the kernel keeps it. To tell that from a difference in
 * the code, both translations are rewritten with their subprograms in
 * the order a walk from the main program first refers to them (calls
 * and callback addresses renumbered) and compared again. With the JIT
 * on, as it always is on x86-64, the kernel leaves a call's relative
 * target in off and the callee's subprogram index in imm; a callback's
 * ld_imm64 has its relative target in the first half's imm and its
 * subprogram index in the second's.
 */
struct layout {
	const struct xinsn *x;
	__u32 cnt;
	__u32 nr;		/* subprograms */
	__u32 *start;		/* [k]: first insn of subprogram k */
	__u32 *sub_of;		/* [i]: subprogram of insn i */
	__u32 *order;		/* [n]: the subprogram placed n-th */
	__u32 *pos;		/* [k]: where subprogram k is placed */
	__u32 *new_start;	/* [k]: its first insn once placed */
	bool *is_start;		/* [i]: a subprogram starts at insn i */
	bool *placed;		/* [k]: subprogram k has its place */
};

/* Is @i a call or callback reference? Then *@t is its target. */
static bool ref_target(const struct xinsn *x, __u32 i, long *t)
{
	const struct bpf_insn *in = &x[i].insn;

	if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL)
		*t = (long)i + in->off + 1;
	else if (in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
		 in->src_reg == BPF_PSEUDO_FUNC)
		*t = (long)i + in->imm + 1;
	else
		return false;
	return true;
}

static int layout_alloc(struct layout *l, const struct prog_res *p)
{
	size_t n = p->cnt ? p->cnt : 1;

	memset(l, 0, sizeof(*l));
	l->x = p->x;
	l->cnt = p->cnt;
	l->start = calloc(n, sizeof(__u32));
	l->sub_of = calloc(n, sizeof(__u32));
	l->order = calloc(n, sizeof(__u32));
	l->pos = calloc(n, sizeof(__u32));
	l->new_start = calloc(n, sizeof(__u32));
	l->is_start = calloc(n, sizeof(bool));
	l->placed = calloc(n, sizeof(bool));
	if (!l->start || !l->sub_of || !l->order || !l->pos ||
	    !l->new_start || !l->is_start || !l->placed)
		return -ENOMEM;
	return 0;
}

static void layout_free(struct layout *l)
{
	free(l->start);
	free(l->sub_of);
	free(l->order);
	free(l->pos);
	free(l->new_start);
	free(l->is_start);
	free(l->placed);
}

/* Subprograms start at insn 0 and wherever a reference points. */
static int layout_split(struct layout *l)
{
	__u32 i;
	long t;

	if (!l->cnt)
		return -EINVAL;
	l->is_start[0] = true;
	for (i = 0; i < l->cnt; i++) {
		if (!ref_target(l->x, i, &t))
			continue;
		if (t < 0 || t >= (long)l->cnt)
			return -EINVAL;
		l->is_start[t] = true;
	}
	for (i = 0; i < l->cnt; i++) {
		if (l->is_start[i])
			l->start[l->nr++] = i;
		l->sub_of[i] = l->nr - 1;
	}
	return 0;
}

static __u32 sub_len(const struct layout *l, __u32 k)
{
	return (k + 1 < l->nr ? l->start[k + 1] : l->cnt) - l->start[k];
}

static void place(struct layout *l, __u32 k, __u32 *n)
{
	if (l->placed[k])
		return;
	l->placed[k] = true;
	l->order[(*n)++] = k;
}

/* Breadth first from the main program, then whatever nothing refers to. */
static void layout_order(struct layout *l)
{
	__u32 n = 0, q, k, i, next = 0;
	long t;

	place(l, 0, &n);
	for (q = 0; q < n; q++) {
		k = l->order[q];
		for (i = l->start[k]; i < l->start[k] + sub_len(l, k); i++)
			if (ref_target(l->x, i, &t))
				place(l, l->sub_of[t], &n);
		for (k = 0; q + 1 == n && k < l->nr; k++)
			place(l, k, &n);
	}
	for (q = 0; q < n; q++) {
		k = l->order[q];
		l->pos[k] = q;
		l->new_start[k] = next;
		next += sub_len(l, k);
	}
}

/* Where insn @i of the program goes once its subprogram is placed. */
static __u32 new_index(const struct layout *l, __u32 i)
{
	__u32 k = l->sub_of[i];

	return l->new_start[k] + i - l->start[k];
}

/* The instructions with the subprograms in their canonical places. */
static void layout_write(const struct layout *l, struct xinsn *out)
{
	__u32 i, ni, nt, k;
	long t;

	for (i = 0; i < l->cnt; i++)
		out[new_index(l, i)] = l->x[i];
	for (i = 0; i < l->cnt; i++) {
		if (!ref_target(l->x, i, &t))
			continue;
		ni = new_index(l, i);
		nt = new_index(l, t);
		k = l->sub_of[t];
		if (out[ni].insn.code == (BPF_JMP | BPF_CALL)) {
			out[ni].insn.off = (__s16)((long)nt - ni - 1);
			out[ni].insn.imm = l->pos[k];
		} else if (i + 1 < l->cnt) {
			out[ni].insn.imm = (__s32)((long)nt - ni - 1);
			out[new_index(l, i + 1)].insn.imm = l->pos[k];
		}
	}
}

/* @p with its subprograms in canonical order, or NULL. */
static struct xinsn *canonical(const struct prog_res *p)
{
	struct xinsn *out = NULL;
	struct layout l;

	if (layout_alloc(&l, p) || layout_split(&l))
		goto out_free;
	layout_order(&l);
	out = calloc(p->cnt, sizeof(*out));
	if (out)
		layout_write(&l, out);
out_free:
	layout_free(&l);
	return out;
}

static long xinsn_diff(const struct xinsn *a, __u32 na, const struct xinsn *b,
		       __u32 nb)
{
	__u32 i, n = na < nb ? na : nb;

	for (i = 0; i < n; i++)
		if (memcmp(&a[i].insn, &b[i].insn, sizeof(a[i].insn)) ||
		    strcmp(a[i].map, b[i].map))
			return i;
	return na == nb ? -1 : (long)n;
}

/* Do @a and @b differ only in the order of their subprograms? */
static bool same_but_order(const struct prog_res *a, const struct prog_res *b)
{
	struct xinsn *ca, *cb;
	bool same = false;

	if (a->cnt != b->cnt)
		return false;
	ca = canonical(a);
	cb = canonical(b);
	if (ca && cb)
		same = xinsn_diff(ca, a->cnt, cb, b->cnt) < 0;
	free(ca);
	free(cb);
	return same;
}

/* ------------------------------------------------------------------ */
/* Comparing, in the child: one record per object and per program.    */

/* Where the two translations first part, -1 if nowhere. */
static long first_diff(const struct prog_res *a, const struct prog_res *b)
{
	return xinsn_diff(a->x, a->cnt, b->x, b->cnt);
}

static void insn_str(const struct prog_res *p, long i, char *buf, size_t size)
{
	const struct xinsn *x;

	if (i >= (long)p->cnt) {
		snprintf(buf, size, "(end of program, %u insns)", p->cnt);
		return;
	}
	x = &p->x[i];
	if (x->map[0])
		snprintf(buf, size, "code=0x%02x dst=r%u src=%u off=%d imm=map:%s",
			 x->insn.code, x->insn.dst_reg, x->insn.src_reg,
			 x->insn.off, x->map);
	else
		snprintf(buf, size, "code=0x%02x dst=r%u src=%u off=%d imm=%d",
			 x->insn.code, x->insn.dst_reg, x->insn.src_reg,
			 x->insn.off, x->insn.imm);
}

static const char *verdict(const struct prog_res *a, const struct prog_res *b)
{
	bool la = a && a->state != NOT_LOADED;
	bool lb = b && b->state != NOT_LOADED;

	if (la && lb)
		return a->type == b->type && first_diff(a, b) < 0 ?
		       "identical" : "differ";
	if (la)
		return "libbpf-only";
	return lb ? "barebpf-only" : "neither";
}

/* A program a loader never saw has the object's error as its own. */
static const char *prog_err(const struct prog_res *p,
			    const struct loader_res *r)
{
	if (p && p->state != NOT_LOADED)
		return "-";
	return p && p->err[0] ? p->err : r->err;
}

static void emit_prog(FILE *out, const char *name, const struct loader_res *lr,
		      const struct loader_res *br)
{
	struct prog_res *a = res_find(lr, name);
	struct prog_res *b = res_find(br, name);
	const char *v = verdict(a, b), *kind = "-";
	char at[32] = "-", ea[160] = "-", eb[160] = "-";
	long i;

	if (!strcmp(v, "differ") && a->type != b->type) {
		kind = "type";
		snprintf(ea, sizeof(ea), "prog_type=%u", a->type);
		snprintf(eb, sizeof(eb), "prog_type=%u", b->type);
	} else if (!strcmp(v, "differ")) {
		kind = same_but_order(a, b) ? "order" : "code";
		i = first_diff(a, b);
		snprintf(at, sizeof(at), "%ld", i);
		insn_str(a, i, ea, sizeof(ea));
		insn_str(b, i, eb, sizeof(eb));
	}
	fprintf(out, "prog\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		name, state_names[a ? a->state : NOT_LOADED],
		state_names[b ? b->state : NOT_LOADED], v, kind, at, ea, eb,
		prog_err(a, lr), prog_err(b, br));
}

static void run_object(const char *path, FILE *out)
{
	struct loader_res lr = { 0 }, br = { 0 };
	size_t i;

	run_loader(&libbpf_loader, path, &lr);
	run_loader(&barebpf_loader, path, &br);
	fprintf(out, "obj\t%d\t%d\t%s\t%s\n", lr.loaded, br.loaded,
		lr.loaded ? "-" : lr.err, br.loaded ? "-" : br.err);
	for (i = 0; i < lr.nr_progs; i++)
		emit_prog(out, lr.progs[i].name, &lr, &br);
	for (i = 0; i < br.nr_progs; i++)
		if (!res_find(&lr, br.progs[i].name))
			emit_prog(out, br.progs[i].name, &lr, &br);
	res_free(&lr);
	res_free(&br);
}

/* ------------------------------------------------------------------ */
/* The parent: one child per object, tallies, report.                  */

enum { V_BOTH, V_LIBBPF, V_BAREBPF, V_NEITHER, V_IDENTICAL, V_DIFFER, V_NR };

static const char *const verdict_names[] = {
	[V_BOTH] = "both", [V_LIBBPF] = "libbpf-only",
	[V_BAREBPF] = "barebpf-only", [V_NEITHER] = "neither",
	[V_IDENTICAL] = "identical", [V_DIFFER] = "differ",
};

struct totals {
	unsigned int objs, lb_loaded, bb_loaded, both, only_lb, only_bb;
	unsigned int neither, failed;	/* failed: crashed or timed out */
	unsigned int progs[V_NR];
	unsigned int prog_total;
	unsigned int order_only;	/* differ in subprogram order only */
};

struct outputs {
	FILE *objs;		/* objects.tsv, or NULL */
	FILE *progs;		/* programs.tsv, or NULL */
};

/* Split @line at tabs into at most FIELD_MAX fields; returns the count. */
static int split(char *line, char **f)
{
	int n = 0;

	f[n++] = line;
	while (n < FIELD_MAX && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

/* One object's records, read back from its child. */
struct obj_report {
	const char *name;
	bool lb_loaded, bb_loaded;
	char lb_err[MSG_MAX], bb_err[MSG_MAX];
	unsigned int count[V_NR];
	unsigned int order_only;
	char *diffs;		/* lines for programs that differ */
	size_t diffs_len;
};

static const char *diff_kind(const char *kind)
{
	if (!strcmp(kind, "order"))
		return " (the subprograms' order only)";
	if (!strcmp(kind, "type"))
		return " (program type)";
	return "";
}

static void add_diff(struct obj_report *o, char **f)
{
	char line[REC_MAX];
	size_t n;
	char *v;

	n = snprintf(line, sizeof(line), "  differ %s at insn %s%s: libbpf %s | barebpf %s\n",
		     f[1], f[6], diff_kind(f[5]), f[7], f[8]);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	v = realloc(o->diffs, o->diffs_len + n + 1);
	if (!v)
		return;
	memcpy(v + o->diffs_len, line, n + 1);
	o->diffs = v;
	o->diffs_len += n;
}

static void take_prog(struct obj_report *o, char **f, int n,
		      const struct outputs *out)
{
	int v;

	if (n < FIELD_MAX)
		return;
	for (v = 0; v < V_NR; v++)
		if (!strcmp(f[4], verdict_names[v]))
			break;
	if (v == V_IDENTICAL || v == V_DIFFER)
		o->count[V_BOTH]++;
	if (v < V_NR)
		o->count[v]++;
	if (v == V_DIFFER)
		add_diff(o, f);
	o->order_only += !strcmp(f[5], "order");
	if (out->progs)
		fprintf(out->progs, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			o->name, f[1], f[2], f[3], f[4], f[5], f[6], f[7],
			f[8], f[9], f[10]);
}

static void take_record(struct obj_report *o, char *line,
			const struct outputs *out)
{
	char *f[FIELD_MAX];
	int n;

	line[strcspn(line, "\n")] = '\0';
	n = split(line, f);
	if (!strcmp(f[0], "obj") && n >= 5) {
		o->lb_loaded = !strcmp(f[1], "1");
		o->bb_loaded = !strcmp(f[2], "1");
		snprintf(o->lb_err, sizeof(o->lb_err), "%s", f[3]);
		snprintf(o->bb_err, sizeof(o->bb_err), "%s", f[4]);
	} else if (!strcmp(f[0], "prog")) {
		take_prog(o, f, n, out);
	}
}

/* Read the child's records until it ends or its time is up. */
static int read_child(pid_t pid, int fd, struct obj_report *o,
		      const struct outputs *out)
{
	struct timespec start, now;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char line[REC_MAX];
	long left;
	FILE *in;
	int timed_out = 0;

	in = fdopen(fd, "r");
	if (!in) {
		close(fd);
		return -EIO;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_s * 1000L - (now.tv_sec - start.tv_sec) * 1000L -
		       (now.tv_nsec - start.tv_nsec) / 1000000L;
		if (left <= 0 || poll(&pfd, 1, left) == 0) {
			kill(pid, SIGKILL);
			timed_out = 1;
			break;
		}
		if (!fgets(line, sizeof(line), in))
			break;
		take_record(o, line, out);
	}
	fclose(in);
	return timed_out;
}

/* 0 if the child finished, else 1 and a line saying how it did not. */
static int run_child(const char *path, struct obj_report *o,
		     const struct outputs *out)
{
	int fds[2], status, timed_out;
	FILE *w;
	pid_t pid;

	if (pipe(fds))
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (!pid) {
		close(fds[0]);
		w = fdopen(fds[1], "w");
		if (!w)
			_exit(2);
		run_object(path, w);
		_exit(fclose(w) ? 2 : 0);
	}
	close(fds[1]);
	timed_out = read_child(pid, fds[0], o, out);
	if (timed_out < 0)
		kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (timed_out > 0) {
		printf("%s: timed out after %d s.\n", o->name, timeout_s);
		return 1;
	}
	if (WIFSIGNALED(status)) {
		printf("%s: the child crashed (%s).\n", o->name,
		       strsignal(WTERMSIG(status)));
		return 1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("%s: the child failed (exit %d).\n", o->name,
		       WEXITSTATUS(status));
		return 1;
	}
	return 0;
}

static void print_object(const struct obj_report *o)
{
	int v;

	printf("%s:", o->name);
	for (v = 0; v < V_NR; v++)
		printf("%s %s %u", v ? " |" : "", verdict_names[v], o->count[v]);
	printf("\n");
	if (o->lb_loaded && !o->bb_loaded)
		printf("  barebpf: %s\n", o->bb_err);
	if (!o->lb_loaded && o->bb_loaded)
		printf("  libbpf: %s\n", o->lb_err);
	if (o->diffs)
		fputs(o->diffs, stdout);
}

static void tally(struct totals *t, const struct obj_report *o, int failed,
		  const struct outputs *out)
{
	int v;

	t->objs++;
	if (failed) {
		t->failed++;
		if (out->objs)
			fprintf(out->objs, "%s\tfailed\tfailed\t0\t0\t0\t0\t0\t0\t-\t-\n",
				o->name);
		return;
	}
	t->lb_loaded += o->lb_loaded;
	t->bb_loaded += o->bb_loaded;
	t->both += o->lb_loaded && o->bb_loaded;
	t->only_lb += o->lb_loaded && !o->bb_loaded;
	t->only_bb += !o->lb_loaded && o->bb_loaded;
	t->neither += !o->lb_loaded && !o->bb_loaded;
	for (v = 0; v < V_NR; v++)
		t->progs[v] += o->count[v];
	t->order_only += o->order_only;
	t->prog_total += o->count[V_BOTH] + o->count[V_LIBBPF] +
			 o->count[V_BAREBPF] + o->count[V_NEITHER];
	if (out->objs)
		fprintf(out->objs, "%s\t%s\t%s\t%u\t%u\t%u\t%u\t%u\t%u\t%s\t%s\n",
			o->name, o->lb_loaded ? "loaded" : "no",
			o->bb_loaded ? "loaded" : "no", o->count[V_BOTH],
			o->count[V_LIBBPF], o->count[V_BAREBPF],
			o->count[V_NEITHER], o->count[V_IDENTICAL],
			o->count[V_DIFFER], o->lb_err, o->bb_err);
}

static int run_one(const char *path, struct totals *t,
		   const struct outputs *out)
{
	struct obj_report o = { 0 };
	const char *base = strrchr(path, '/');
	int failed;

	o.name = base ? base + 1 : path;
	failed = run_child(path, &o, out);
	if (failed < 0) {
		fprintf(stderr, "parity: cannot run a child for %s: %s.\n",
			path, strerror(-failed));
		free(o.diffs);
		return failed;
	}
	if (!failed)
		print_object(&o);
	tally(t, &o, failed, out);
	free(o.diffs);
	return 0;
}

/* The summary, as text on stdout and as key-value pairs in @f. */
static void summary(const struct totals *t, FILE *f)
{
	printf("\nobjects %u | libbpf loaded %u | barebpf loaded %u | both %u | "
	       "only libbpf %u | only barebpf %u | neither %u | "
	       "crashed or timed out %u\n", t->objs, t->lb_loaded, t->bb_loaded, t->both, t->only_lb,
	       t->only_bb, t->neither, t->failed);
	printf("programs %u | both %u (identical %u, differ %u, of those in "
	       "subprogram order only %u) | libbpf-only %u | barebpf-only %u | "
	       "neither %u\n", t->prog_total, t->progs[V_BOTH], t->progs[V_IDENTICAL],
	       t->progs[V_DIFFER], t->order_only, t->progs[V_LIBBPF],
	       t->progs[V_BAREBPF], t->progs[V_NEITHER]);
	if (!f)
		return;
	fprintf(f, "objects\t%u\nobjects_libbpf_loaded\t%u\n"
		"objects_barebpf_loaded\t%u\nobjects_both\t%u\n"
		"objects_only_libbpf\t%u\nobjects_only_barebpf\t%u\n"
		"objects_neither\t%u\nobjects_crashed_or_timed_out\t%u\n",
		t->objs, t->lb_loaded, t->bb_loaded, t->both, t->only_lb,
		t->only_bb, t->neither, t->failed);
	fprintf(f, "programs\t%u\nprograms_both\t%u\nprograms_identical\t%u\n"
		"programs_differ\t%u\nprograms_differ_order_only\t%u\n"
		"programs_libbpf_only\t%u\nprograms_barebpf_only\t%u\n"
		"programs_neither\t%u\n",
		t->prog_total, t->progs[V_BOTH], t->progs[V_IDENTICAL],
		t->progs[V_DIFFER], t->order_only, t->progs[V_LIBBPF],
		t->progs[V_BAREBPF], t->progs[V_NEITHER]);
}

/* ------------------------------------------------------------------ */
/* Setup: pin directories, output files, options.                     */

/*
 * Maps pinned by name go to a bpffs of our own, mounted over /sys/fs/bpf
 * in a mount namespace of our own (the children share it): no one else
 * sees the pins, and no one else (a test that remounts /sys/fs/bpf) can
 * take them away mid-run. Namespace and mount end with the process.
 * Without that, a directory in the shared /sys/fs/bpf does.
 */
static int own_bpffs(void)
{
	if (unshare(CLONE_NEWNS))
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("bpf", BPFFS, "bpf", 0, "mode=0700"))
		return -errno;
	return 0;
}

static int make_pin_dirs(void)
{
	char dir[PATH_MAX];

	if (!own_bpffs()) {
		snprintf(pin_root, sizeof(pin_root), "%s/parity", BPFFS);
	} else if (!bb_mount_bpffs(BPFFS)) {
		snprintf(pin_root, sizeof(pin_root), "%s/parity-%d", BPFFS,
			 (int)getpid());
	} else {
		fprintf(stderr, "parity: no bpffs at %s.\n", BPFFS);
		return -ENOENT;
	}
	if (mkdir(pin_root, 0700))
		goto err;
	snprintf(dir, sizeof(dir), "%s/libbpf", pin_root);
	if (mkdir(dir, 0700))
		goto err_rmdir_root;
	snprintf(dir, sizeof(dir), "%s/barebpf", pin_root);
	if (mkdir(dir, 0700))
		goto err_rmdir_libbpf;
	return 0;

err_rmdir_libbpf:
	snprintf(dir, sizeof(dir), "%s/libbpf", pin_root);
	rmdir(dir);
err_rmdir_root:
	rmdir(pin_root);
err:
	fprintf(stderr, "parity: cannot create %s: %s.\n", pin_root,
		strerror(errno));
	return -errno;
}

static void remove_pin_dirs(void)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/libbpf", pin_root);
	unpin_all(dir);
	rmdir(dir);
	snprintf(dir, sizeof(dir), "%s/barebpf", pin_root);
	unpin_all(dir);
	rmdir(dir);
	rmdir(pin_root);
}

static FILE *open_tsv(const char *dir, const char *name, const char *header)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "parity: cannot write %s: %s.\n", path,
			strerror(errno));
		return NULL;
	}
	fputs(header, f);
	return f;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: parity [-v] [-w] [-t SECONDS] [-o DIR] OBJECT...\n"
		"  -v  show every message of both loaders on stderr\n"
		"  -w  whole objects only: do not retry programs one by one\n"
		"  -t  seconds an object may take (default 120)\n"
		"  -o  write objects.tsv, programs.tsv and summary.tsv there\n");
}

static int parse_args(int argc, char **argv, const char **outdir)
{
	int c;

	while ((c = getopt(argc, argv, "vwt:o:h")) != -1) {
		switch (c) {
		case 'v':
			verbose = true;
			break;
		case 'w':
			whole_only = true;
			break;
		case 't':
			timeout_s = atoi(optarg);
			if (timeout_s <= 0) {
				fprintf(stderr, "parity: -t wants a number of seconds.\n");
				return -EINVAL;
			}
			break;
		case 'o':
			*outdir = optarg;
			break;
		default:
			usage();
			return -EINVAL;
		}
	}
	if (optind >= argc) {
		usage();
		return -EINVAL;
	}
	return 0;
}

static int open_outputs(const char *dir, struct outputs *out, FILE **sum)
{
	if (!dir)
		return 0;
	out->objs = open_tsv(dir, "objects.tsv",
			     "object\tlibbpf\tbarebpf\tboth\tlibbpf_only\t"
			     "barebpf_only\tneither\tidentical\tdiffer\t"
			     "libbpf_error\tbarebpf_error\n");
	out->progs = open_tsv(dir, "programs.tsv",
			      "object\tprogram\tlibbpf\tbarebpf\tverdict\t"
			      "differ_kind\tdiffer_at\tlibbpf_insn\t"
			      "barebpf_insn\tlibbpf_error\tbarebpf_error\n");
	*sum = open_tsv(dir, "summary.tsv", "");
	return out->objs && out->progs && *sum ? 0 : -EIO;
}

static void close_outputs(struct outputs *out, FILE *sum)
{
	if (out->objs)
		fclose(out->objs);
	if (out->progs)
		fclose(out->progs);
	if (sum)
		fclose(sum);
}

int main(int argc, char **argv)
{
	struct outputs out = { 0 };
	struct totals t = { 0 };
	const char *outdir = NULL;
	FILE *sum = NULL;
	int i, err;

	err = parse_args(argc, argv, &outdir);
	if (err)
		return 2;
	libbpf_set_print(libbpf_print);
	bb_set_print(barebpf_print, "barebpf");
	setvbuf(stdout, NULL, _IOLBF, 0);
	err = open_outputs(outdir, &out, &sum);
	if (err)
		goto out_close;
	err = make_pin_dirs();
	if (err)
		goto out_close;
	for (i = optind; i < argc && !err; i++)
		err = run_one(argv[i], &t, &out);
	summary(&t, sum);
	remove_pin_dirs();
out_close:
	close_outputs(&out, sum);
	return err ? 1 : 0;
}
