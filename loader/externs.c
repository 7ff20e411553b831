// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * externs.c - what a program declares but does not define.
 *
 *	extern int LINUX_KERNEL_VERSION __kconfig;
 *	extern const bool CONFIG_BPF_SYSCALL __kconfig __weak;
 *	extern const int bpf_prog_active __ksym;	(typed kernel variable)
 *	extern const void init_task __ksym;		(untyped: an address)
 *	extern void bpf_rcu_read_lock(void) __ksym;	(a kfunc)
 *
 * clang leaves each one an undefined symbol and lists it in a .kconfig or
 * .ksyms DATASEC of the BTF. The loader gives them values at load:
 *  - .kconfig externs live in a read-only map the loader creates,
 *    ".kconfig", filled from the kernel's configuration
 *    (/boot/config-$(uname -r) or /proc/config.gz) and a few values of
 *    its own (LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE,
 *    LINUX_HAS_SYSCALL_WRAPPER); programs read them like global data;
 *  - a typed .ksyms variable becomes a ld_imm64 of its BTF id in the
 *    kernel's BTF (BPF_PSEUDO_BTF_ID), an untyped one its address from
 *    /proc/kallsyms, a kfunc a call of its BTF id
 *    (BPF_PSEUDO_KFUNC_CALL);
 *  - a __weak extern the kernel does not have is 0.
 * Layout and rules are libbpf's, so both loaders produce the same map
 * and the same instructions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "core.h"

static bool sym_is_extern(const GElf_Sym *sym)
{
	int bind = GELF_ST_BIND(sym->st_info);

	return sym->st_shndx == SHN_UNDEF &&
	       (bind == STB_GLOBAL || bind == STB_WEAK) &&
	       GELF_ST_TYPE(sym->st_info) == STT_NOTYPE;
}

/* What a .kconfig extern can be, by its C type. */
static enum bb_kcfg_type kcfg_type(const struct bb_btf *btf, __u32 id,
				   bool *is_signed)
{
	const struct btf_type *t = core_skip_mods(btf, id, NULL);
	const char *name;
	__u32 enc;

	if (is_signed)
		*is_signed = false;
	if (!t)
		return BB_KCFG_UNKNOWN;
	name = btf_str(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		enc = BTF_INT_ENCODING(btf_int_info(t));
		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? BB_KCFG_BOOL : BB_KCFG_UNKNOWN;
		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return BB_KCFG_CHAR;
		if (t->size < 1 || t->size > 8 || (t->size & (t->size - 1)))
			return BB_KCFG_UNKNOWN;
		return BB_KCFG_INT;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if ((btf_kind(t) == BTF_KIND_ENUM && t->size != 4) ||
		    strcmp(name, "libbpf_tristate"))
			return BB_KCFG_UNKNOWN;
		return BB_KCFG_TRISTATE;
	case BTF_KIND_ARRAY:
		if (!((const struct btf_array *)(t + 1))->nelems ||
		    kcfg_type(btf, ((const struct btf_array *)(t + 1))->type,
			      NULL) != BB_KCFG_CHAR)
			return BB_KCFG_UNKNOWN;
		return BB_KCFG_CHAR_ARR;
	default:
		return BB_KCFG_UNKNOWN;
	}
}

/* Alignment of a .kconfig value's type: that of its scalar. */
static __u32 kcfg_align(const struct bb_btf *btf, __u32 id)
{
	const struct btf_type *t = core_skip_mods(btf, id, NULL);
	int depth;

	/* arrays of arrays, but not of themselves */
	for (depth = 0; t && btf_kind(t) == BTF_KIND_ARRAY; depth++) {
		if (depth == BTF_MAX_DEPTH)
			return 0;
		id = ((const struct btf_array *)(t + 1))->type;
		t = core_skip_mods(btf, id, NULL);
	}
	if (!t || (btf_kind(t) != BTF_KIND_INT && !btf_is_any_enum(t)))
		return 0;
	return t->size < 8 ? t->size : 8;
}

static int extern_describe(struct bb_object *obj, struct bb_extern *x)
{
	const struct bb_btf *btf = obj->btf;
	const struct btf_name *n = bb_btf_names_find(&btf->externs, x->name);
	const struct btf_type *t, *sec;
	long long sz;

	if (!n) {
		bb_pr(obj, "extern %s is in no .kconfig or .ksyms section of the BTF.",
		      x->name);
		return -EOPNOTSUPP;
	}
	t = btf_type_by_id(btf, n->id);
	sec = btf_type_by_id(btf, n->owner);
	x->btf_id = n->id;
	x->is_func = btf_kind(t) == BTF_KIND_FUNC;
	x->kconfig = !strcmp(btf_str(btf, sec->name_off), ".kconfig");
	if (!x->kconfig) {
		core_skip_mods(btf, t->type, &x->type_id);
		return 0;
	}
	sz = bb_btf_resolve_size(btf, t->type);
	x->align = kcfg_align(btf, t->type);
	x->kcfg_type = kcfg_type(btf, t->type, &x->is_signed);
	if (x->is_func || sz <= 0 || !x->align ||
	    x->kcfg_type == BB_KCFG_UNKNOWN) {
		bb_pr(obj, "extern %s: its type cannot hold a kernel configuration value.",
		      x->name);
		return -EOPNOTSUPP;
	}
	x->size = sz;
	return 0;
}

/*
 * libbpf's order: .kconfig first, by alignment (largest first), then
 * size (smallest first), then name; .ksyms by name. The .kconfig map
 * is laid out in this order.
 */
static int cmp_externs(const void *a, const void *b)
{
	const struct bb_extern *x = a, *y = b;

	if (x->kconfig != y->kconfig)
		return x->kconfig ? -1 : 1;
	if (x->kconfig && x->align != y->align)
		return x->align > y->align ? -1 : 1;
	if (x->kconfig && x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int extern_add(struct bb_object *obj, size_t sym_idx)
{
	const GElf_Sym *sym = &obj->syms[sym_idx];
	struct bb_extern *v;

	v = realloc(obj->externs, (obj->nr_externs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	obj->externs = v;
	v += obj->nr_externs++;
	memset(v, 0, sizeof(*v));
	v->name = bb_sym_name(obj, sym);
	v->sym_idx = sym_idx;
	v->weak = GELF_ST_BIND(sym->st_info) == STB_WEAK;
	return extern_describe(obj, v);
}

/* Open time: every extern, described and ordered; .kconfig laid out. */
int bb_externs_collect(struct bb_object *obj)
{
	struct bb_extern *x;
	__u32 off = 0;
	size_t i;
	int err;

	for (i = 0; i < obj->nr_syms; i++) {
		if (!sym_is_extern(&obj->syms[i]) ||
		    !*bb_sym_name(obj, &obj->syms[i]))
			continue;
		if (!obj->btf) {
			bb_pr(obj, "extern %s: the object has no BTF to say what it is.",
			      bb_sym_name(obj, &obj->syms[i]));
			return -EOPNOTSUPP;
		}
		err = extern_add(obj, i);
		if (err)
			return err;
	}
	if (obj->nr_externs > 1)
		qsort(obj->externs, obj->nr_externs, sizeof(*obj->externs),
		      cmp_externs);
	for (i = 0; i < obj->nr_externs; i++) {
		x = &obj->externs[i];
		if (!x->kconfig)
			continue;
		x->data_off = (off + x->align - 1) / x->align * x->align;
		if (x->size > BB_GLOBAL_DATA_SEC_MAX - x->data_off) {
			bb_pr(obj, "extern %s: the .kconfig externs come to more than %lu bytes.",
			      x->name, BB_GLOBAL_DATA_SEC_MAX);
			return -E2BIG;
		}
		off = x->data_off + x->size;
	}
	obj->kconfig_size = off;
	return 0;
}

/* The extern that symbol @sym_idx declares, or NULL. */
struct bb_extern *bb_extern_by_sym(const struct bb_object *obj, size_t sym_idx)
{
	size_t i;

	for (i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].sym_idx == sym_idx)
			return &obj->externs[i];
	return NULL;
}

static struct bb_extern *extern_by_name(const struct bb_object *obj,
					const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_externs; i++)
		if (!strcmp(obj->externs[i].name, name))
			return &obj->externs[i];
	return NULL;
}

void bb_externs_free(struct bb_object *obj)
{
	free(obj->externs);
	obj->externs = NULL;
	obj->nr_externs = 0;
}

/*
 * The kernel refuses extern linkage in BTF, so the DATASECs are made to
 * describe what the kernel will see, as libbpf does: .kconfig variables
 * become allocated at their offsets in the .kconfig map; .ksyms ones
 * become 4-byte allocated ints, and kfuncs global functions listed
 * through the "dummy_ksym" variable bb_btf_parse() added.
 */
static void fix_ksyms_sec(struct bb_object *obj, struct btf_type *sec,
			  __u32 int_id)
{
	struct btf_var_secinfo *vs = (void *)(sec + 1);
	const struct btf_type *dummy;
	struct btf_param *p;
	struct btf_type *t, *proto;
	int i, j;

	dummy = btf_type_by_id(obj->btf, obj->btf_dummy_ksym);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		t = (struct btf_type *)btf_type_by_id(obj->btf, vs->type);
		if (t && btf_kind(t) == BTF_KIND_FUNC && dummy) {
			proto = (struct btf_type *)btf_type_by_id(obj->btf,
								  t->type);
			p = proto ? (void *)(proto + 1) : NULL;
			for (j = 0; p && j < btf_vlen(proto); j++, p++)
				if (p->type && !p->name_off)
					p->name_off = dummy->name_off;
			vs->type = obj->btf_dummy_ksym;
			t->info = (t->info & ~0xffffU) | BTF_FUNC_GLOBAL;
		} else if (t && btf_kind(t) == BTF_KIND_VAR) {
			((struct btf_var *)(t + 1))->linkage =
				BTF_VAR_GLOBAL_ALLOCATED;
			t->type = int_id;
		}
		vs->offset = i * sizeof(int);
		vs->size = sizeof(int);
	}
	sec->size = btf_vlen(sec) * sizeof(int);
}

static void fix_kconfig_sec(struct bb_object *obj, struct btf_type *sec)
{
	struct btf_var_secinfo *vs = (void *)(sec + 1);
	const struct bb_extern *x;
	struct btf_type *t;
	int i;

	sec->size = obj->kconfig_size;
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		t = (struct btf_type *)btf_type_by_id(obj->btf, vs->type);
		x = t ? extern_by_name(obj, btf_str(obj->btf, t->name_off)) :
			NULL;
		if (!x || btf_kind(t) != BTF_KIND_VAR)
			continue;
		((struct btf_var *)(t + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		vs->offset = x->data_off;
	}
}

/* The first 32-bit integer type of @btf, or 0 (void). */
__u32 bb_btf_int32_id(const struct bb_btf *btf)
{
	__u32 i;

	for (i = 1; i <= btf->nr_types; i++)
		if (btf_kind(btf->type[i]) == BTF_KIND_INT &&
		    BTF_INT_BITS(btf_int_info(btf->type[i])) == 32)
			return i;
	return 0;
}

void bb_externs_fix_btf(struct bb_object *obj)
{
	const struct btf_name *n;
	struct btf_type *sec;

	if (!obj->btf || !obj->nr_externs)
		return;
	n = bb_btf_names_find(&obj->btf->datasecs, ".ksyms");
	if (n) {
		sec = (struct btf_type *)btf_type_by_id(obj->btf, n->id);
		fix_ksyms_sec(obj, sec, bb_btf_int32_id(obj->btf));
	}
	n = bb_btf_names_find(&obj->btf->datasecs, ".kconfig");
	if (n) {
		sec = (struct btf_type *)btf_type_by_id(obj->btf, n->id);
		fix_kconfig_sec(obj, sec);
	}
}

static bool kcfg_fits(const struct bb_extern *x, __u64 v)
{
	int bits = x->size * 8;

	if (x->size >= 8)
		return true;
	if (x->is_signed)
		return (__s64)v >= -(1LL << (bits - 1)) &&
		       (__s64)v < (1LL << (bits - 1));
	return v < (1ULL << bits);
}

/* Store number @v as extern @x wants it. NULL, or why it cannot. */
static const char *kcfg_set_num(struct bb_extern *x, void *at, __u64 v)
{
	if (x->kcfg_type != BB_KCFG_INT && x->kcfg_type != BB_KCFG_CHAR &&
	    x->kcfg_type != BB_KCFG_BOOL)
		return "a number for a value that is not one";
	if ((x->kcfg_type == BB_KCFG_BOOL && v > 1) || !kcfg_fits(x, v))
		return "a number too large for its type";
	switch (x->size) {
	case 1:
		*(__u8 *)at = v;
		break;
	case 2:
		memcpy(at, &(__u16){ v }, 2);
		break;
	case 4:
		memcpy(at, &(__u32){ v }, 4);
		break;
	case 8:
		memcpy(at, &v, 8);
		break;
	default:
		return "a number for a value of odd size";
	}
	x->set = true;
	return NULL;
}

/* y, m or n: bool, tristate (libbpf's enum: n 0, y 1, m 2) or char. */
static const char *kcfg_set_tri(struct bb_extern *x, void *at, char c)
{
	__u32 tri = c == 'y' ? 1 : c == 'm' ? 2 : 0;

	switch (x->kcfg_type) {
	case BB_KCFG_BOOL:
		if (c == 'm')
			return "'m' for a bool";
		*(__u8 *)at = c == 'y';
		break;
	case BB_KCFG_TRISTATE:
		memcpy(at, &tri, sizeof(tri));
		break;
	case BB_KCFG_CHAR:
		*(char *)at = c;
		break;
	default:
		return "y, m or n for a value that is not bool, tristate or char";
	}
	x->set = true;
	return NULL;
}

static const char *kcfg_set_str(struct bb_extern *x, char *at, const char *s)
{
	size_t len = strlen(s);

	if (x->kcfg_type != BB_KCFG_CHAR_ARR)
		return "a string for a value that is not a char array";
	if (len < 2 || s[len - 1] != '"')
		return "a string without its closing quote";
	len -= 2;
	if (len >= x->size)
		len = x->size - 1;	/* truncated, as libbpf does */
	memcpy(at, s + 1, len);
	at[len] = '\0';
	x->set = true;
	return NULL;
}

/* One "CONFIG_X=value" line of the kernel's configuration. */
static int kcfg_line(struct bb_object *obj, char *line, char *data)
{
	char *sep = strchr(line, '='), *val, *end;
	const char *why;
	struct bb_extern *x;
	__u64 num;

	if (strncmp(line, "CONFIG_", 7) || !sep)
		return 0;
	line[strcspn(line, "\n")] = '\0';
	*sep = '\0';
	val = sep + 1;
	x = extern_by_name(obj, line);
	if (!x || !x->kconfig || x->set || !*val)
		return 0;
	if (*val == 'y' || *val == 'n' || *val == 'm') {
		why = kcfg_set_tri(x, data + x->data_off, *val);
	} else if (*val == '"') {
		why = kcfg_set_str(x, data + x->data_off, val);
	} else {
		errno = 0;
		num = strtoull(val, &end, 0);
		why = errno || *end ? "a value that is no number" :
		      kcfg_set_num(x, data + x->data_off, num);
	}
	if (why)
		bb_pr(obj, "extern %s: the kernel configuration gives it %s (%s).",
		      x->name, why, val);
	return why ? -EINVAL : 0;
}

/* /boot/config-$(uname -r), or /proc/config.gz; gzip or not. */
static int kcfg_read_config(struct bb_object *obj, char *data)
{
	char line[4096];
	struct utsname u;
	gzFile f = NULL;
	int err = 0;

	if (!uname(&u)) {
		snprintf(line, sizeof(line), "/boot/config-%s", u.release);
		f = gzopen(line, "r");
	}
	if (!f)
		f = gzopen("/proc/config.gz", "r");
	if (!f) {
		bb_pr(obj, "no kernel configuration for its CONFIG_ externs: neither /boot/config-%s nor /proc/config.gz can be read.",
		      u.release);
		return -ENOENT;
	}
	while (!err && gzgets(f, line, sizeof(line)))
		err = kcfg_line(obj, line, data);
	gzclose(f);
	return err;
}

/* KERNEL_VERSION(a, b, c) of the running kernel, the patch level capped. */
static __u32 kernel_version(void)
{
	unsigned int a, b, c;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) != 3)
		return 0;
	return a << 16 | b << 8 | (c > 255 ? 255 : c);
}

/* Does the kernel's BTF have a @kind called @name (enumerators too)? */
static bool kernel_has(struct bb_object *obj, const char *name, __u16 kind)
{
	struct bb_btf *btf;
	__u32 id;

	if (kind != BTF_KIND_ENUM)
		return !bb_btf_vmlinux_id(obj, name, kind, &id);
	if (bb_kernel_btf(obj, &btf) ||
	    bb_btf_vmlinux_id(obj, "bpf_func_id", BTF_KIND_ENUM, &id))
		return false;
	return bb_btf_enumerator(btf, id, name, NULL);
}

/* Can the kernel place kprobes (a kprobe PMU, or legacy kprobe_events)? */
static bool kprobes_available(void)
{
	return !access("/sys/bus/event_source/devices/kprobe/type", F_OK) ||
	       !access("/sys/kernel/tracing/kprobe_events", F_OK) ||
	       !access("/sys/kernel/debug/tracing/kprobe_events", F_OK);
}

/*
 * LINUX_HAS_SYSCALL_WRAPPER tells kprobes on syscalls how to find the
 * arguments: libbpf decides it by probing __<arch>_sys_bpf with a kprobe,
 * so without kprobes it says 0 whatever the kernel does. The same answer,
 * from the kernel's BTF.
 */
static bool has_syscall_wrapper(struct bb_object *obj)
{
	char wrapper[sizeof(((struct utsname *)0)->machine) + 16];
	struct utsname u;

	uname(&u);
	snprintf(wrapper, sizeof(wrapper), "__%s_sys_bpf",
		 !strcmp(u.machine, "x86_64") ? "x64" :
		 !strcmp(u.machine, "aarch64") ? "arm64" : u.machine);
	return kprobes_available() && kernel_has(obj, wrapper, BTF_KIND_FUNC);
}

/* The values libbpf makes up: LINUX_KERNEL_VERSION and friends. */
static int kcfg_virtual(struct bb_object *obj, struct bb_extern *x, char *data)
{
	const char *why;
	__u64 v;

	if (!strcmp(x->name, "LINUX_KERNEL_VERSION")) {
		v = kernel_version();
	} else if (!strcmp(x->name, "LINUX_HAS_BPF_COOKIE")) {
		v = kernel_has(obj, "BPF_FUNC_get_attach_cookie",
			       BTF_KIND_ENUM);
	} else if (!strcmp(x->name, "LINUX_HAS_SYSCALL_WRAPPER")) {
		v = has_syscall_wrapper(obj);
	} else {
		if (x->weak)
			return 0;	/* unknown LINUX_ value: 0 if weak */
		bb_pr(obj, "extern %s: the loader knows no such LINUX_ value.",
		      x->name);
		return -EINVAL;
	}
	why = kcfg_set_num(x, data + x->data_off, v);
	if (why)
		bb_pr(obj, "extern %s: %s.", x->name, why);
	return why ? -EINVAL : 0;
}

static int resolve_kconfig(struct bb_object *obj, char *data)
{
	bool need_config = false;
	struct bb_extern *x;
	size_t i;
	int err;

	for (i = 0; i < obj->nr_externs; i++) {
		x = &obj->externs[i];
		if (!x->kconfig)
			continue;
		if (!strncmp(x->name, "CONFIG_", 7)) {
			need_config = true;
			continue;
		}
		if (strncmp(x->name, "LINUX_", 6)) {
			bb_pr(obj, "extern %s: .kconfig values are CONFIG_ or LINUX_ ones.",
			      x->name);
			return -EINVAL;
		}
		err = kcfg_virtual(obj, x, data);
		if (err)
			return err;
	}
	return need_config ? kcfg_read_config(obj, data) : 0;
}

/* Untyped .ksyms: addresses from /proc/kallsyms (0 without privilege). */
static int resolve_kallsyms(struct bb_object *obj)
{
	char line[512], name[256];
	unsigned long long addr;
	struct bb_extern *x;
	FILE *f;
	int err = 0;

	f = fopen("/proc/kallsyms", "re");
	if (!f) {
		bb_pr(obj, "cannot read /proc/kallsyms for the addresses of untyped .ksyms externs: %s.",
		      bb_strerror(errno));
		return -errno;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %*c %255s", &addr, name) != 2)
			continue;
		x = extern_by_name(obj, name);
		if (!x || x->kconfig || x->is_func || x->type_id)
			continue;
		if (x->set && x->addr != addr) {
			bb_pr(obj, "extern %s: /proc/kallsyms has two addresses for it.",
			      x->name);
			err = -EINVAL;
		}
		x->addr = addr;
		x->set = true;
	}
	fclose(f);
	return err;
}

/*
 * A typed .ksyms variable or a kfunc: found by name in vmlinux's BTF,
 * its type compatible with the declaration (CO-RE's rules). Module BTF
 * would also need the module's BTF object at load: not done yet.
 */
static int resolve_ksym_btf(struct bb_object *obj, struct bb_extern *x)
{
	__u16 kind = x->is_func ? BTF_KIND_FUNC : BTF_KIND_VAR;
	const struct btf_type *t;
	struct bb_btf *btf;
	__u32 id, tid;
	int err;

	err = bb_kernel_btf(obj, &btf);
	if (!err)
		err = bb_btf_vmlinux_id(obj, x->name, kind, &id);
	if (err == -ENOENT && x->weak)
		return 0;
	if (err) {
		bb_pr(obj, "extern %s: vmlinux's BTF has no %s of that name (the loader does not look in modules' BTF for externs yet).",
		      x->name, x->is_func ? "kfunc" : "variable");
		return err;
	}
	t = btf_type_by_id(btf, id);
	if (x->is_func)
		tid = t->type;
	else
		core_skip_mods(btf, t->type, &tid);
	if (bb_core_types_compat(obj->btf, x->type_id, btf, tid) <= 0) {
		bb_pr(obj, "extern %s: its type does not match the kernel's.",
		      x->name);
		return -EINVAL;
	}
	x->kernel_btf_id = id;
	x->set = true;
	return 0;
}

static int resolve_ksyms(struct bb_object *obj)
{
	bool need_kallsyms = false;
	struct bb_extern *x;
	size_t i;
	int err;

	for (i = 0; i < obj->nr_externs; i++) {
		x = &obj->externs[i];
		if (x->kconfig)
			continue;
		if (!x->is_func && !x->type_id) {
			need_kallsyms = true;
			continue;
		}
		err = resolve_ksym_btf(obj, x);
		if (err)
			return err;
	}
	return need_kallsyms ? resolve_kallsyms(obj) : 0;
}

/*
 * Prepare time: give every extern its value. The .kconfig map's initial
 * value is @data (obj->kconfig_size bytes). A __weak one the kernel does
 * not have stays 0; any other is an error.
 */
int bb_externs_resolve(struct bb_object *obj, void *data)
{
	size_t i;
	int err;

	if (!obj->nr_externs)
		return 0;
	for (i = 0; i < obj->nr_externs; i++) {
		obj->externs[i].set = false;
		obj->externs[i].addr = 0;
		obj->externs[i].kernel_btf_id = 0;
	}
	if (data)
		memset(data, 0, obj->kconfig_size);
	err = data ? resolve_kconfig(obj, data) : 0;
	if (!err)
		err = resolve_ksyms(obj);
	for (i = 0; !err && i < obj->nr_externs; i++) {
		if (obj->externs[i].set || obj->externs[i].weak)
			continue;
		bb_pr(obj, "extern %s has no value in this kernel.",
		      obj->externs[i].name);
		err = -ESRCH;
	}
	return err;
}
