// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_tp.c - the tracepoint records openfiles.bpf.c reads, as the
 * running kernel lays them out.
 *
 * A tracepoint program reads its context at offsets fixed when it was
 * compiled (the structs in openfiles.h). The kernel publishes the real
 * layout in events/<category>/<name>/format, so each offset is checked
 * there first: a kernel that moved a field gets a refusal naming it, not
 * a tool that reads the wrong bytes. Differences that are expected are
 * handled by choosing between programs: sched_process_exit's group_dead,
 * which Linux 6.1 lacks, and io_uring's submission tracepoint, which
 * changed its name after 6.1 and is absent without CONFIG_IO_URING.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tracepoint.h"

#include "openfiles.h"
#include "openfiles_tp.h"

struct tp_field {
	const char *category;
	const char *event;
	const char *field;
	unsigned int offset;
	unsigned int size;
};

#define ARG(n)		offsetof(struct of_tp_sys_enter, args[n])
#define RET		offsetof(struct of_tp_sys_exit, ret)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define SIZE(s, f)	sizeof(((struct s *)0)->f)

/* Every field openfiles.bpf.c reads, grouped by tracepoint. */
static const struct tp_field fields[] = {
	{ "syscalls", "sys_enter_open",	   "filename",	ARG(0), 8 },
	{ "syscalls", "sys_enter_open",	   "flags",	ARG(1), 8 },
	{ "syscalls", "sys_enter_openat",  "filename",	ARG(1), 8 },
	{ "syscalls", "sys_enter_openat",  "flags",	ARG(2), 8 },
	{ "syscalls", "sys_enter_openat2", "filename",	ARG(1), 8 },
	{ "syscalls", "sys_enter_openat2", "how",	ARG(2), 8 },
	{ "syscalls", "sys_enter_creat",   "pathname",	ARG(0), 8 },
	{ "syscalls", "sys_exit_open",	   "ret",	RET, 8 },
	{ "syscalls", "sys_exit_openat",   "ret",	RET, 8 },
	{ "syscalls", "sys_exit_openat2",  "ret",	RET, 8 },
	{ "syscalls", "sys_exit_creat",	   "ret",	RET, 8 },
	{ "task", "task_newtask", "pid",
	  offsetof(struct of_tp_newtask, pid), SIZE(of_tp_newtask, pid) },
	{ "task", "task_newtask", "clone_flags",
	  offsetof(struct of_tp_newtask, clone_flags),
	  SIZE(of_tp_newtask, clone_flags) },
	{ "sched", "sched_process_exec", "pid",
	  offsetof(struct of_tp_process_exec, pid),
	  SIZE(of_tp_process_exec, pid) },
	{ "sched", "sched_process_exec", "old_pid",
	  offsetof(struct of_tp_process_exec, old_pid),
	  SIZE(of_tp_process_exec, old_pid) },
};

static int check_field(const struct tp_field *f, const char *format)
{
	struct bb_tp_field got;
	int err = bb_tp_format_field(format, f->field, &got);

	if (err) {
		fprintf(stderr, "openfiles: tracepoint %s/%s has no usable field %s on this kernel.\n",
			f->category, f->event, f->field);
		return -ENOTSUP;
	}
	if (got.offset != f->offset || got.size != f->size) {
		fprintf(stderr, "openfiles: tracepoint %s/%s has field %s at offset %u, size %u; openfiles.bpf.c reads offset %u, size %u.\n",
			f->category, f->event, f->field, got.offset, got.size,
			f->offset, f->size);
		return -ENOTSUP;
	}
	return 0;
}

#define SUBMIT(f)	offsetof(struct of_tp_uring_submit, f)
#define COMPLETE(f)	offsetof(struct of_tp_uring_complete, f)

/* io_uring's, for whichever name its submission event has. */
static const struct tp_field uring_submit_req[] = {
	{ "io_uring", "io_uring_submit_req", "req",	  SUBMIT(req), 8 },
	{ "io_uring", "io_uring_submit_req", "user_data", SUBMIT(user_data), 8 },
	{ "io_uring", "io_uring_submit_req", "opcode",	  SUBMIT(opcode), 1 },
};

static const struct tp_field uring_submit_sqe[] = {
	{ "io_uring", "io_uring_submit_sqe", "req",	  SUBMIT(req), 8 },
	{ "io_uring", "io_uring_submit_sqe", "user_data", SUBMIT(user_data), 8 },
	{ "io_uring", "io_uring_submit_sqe", "opcode",	  SUBMIT(opcode), 1 },
};

static const struct tp_field uring_complete[] = {
	{ "io_uring", "io_uring_complete", "req",	  COMPLETE(req), 8 },
	{ "io_uring", "io_uring_complete", "user_data",	  COMPLETE(user_data), 8 },
	{ "io_uring", "io_uring_complete", "res",	  COMPLETE(res), 4 },
};

static int check_fields(const struct tp_field *fields, size_t n)
{
	const struct tp_field *f, *end = fields + n;
	char *format = NULL;
	int err = 0;

	for (f = fields; f < end && !err; f++) {
		/* fields[] is grouped: read each format file once. */
		if (f == fields || strcmp(f->event, f[-1].event)) {
			free(format);
			format = NULL;
			err = bb_tracepoint_format(f->category, f->event,
						   &format);
			if (err)
				break;
		}
		err = check_field(f, format);
	}
	free(format);
	return err;
}

static int read_exit_format(char **format)
{
	const char *path = getenv(OF_EXIT_FORMAT_ENV);
	int err;

	if (!path || !*path)
		return bb_tracepoint_format("sched", "sched_process_exit",
					    format);
	err = bb_tp_format_read(path, format);
	if (err)
		fprintf(stderr, "openfiles: cannot read %s (from %s): %s.\n",
			path, OF_EXIT_FORMAT_ENV, strerror(-err));
	return err;
}

/* Does sched_process_exit say group_dead where of_exit reads it? */
static int exit_has_group_dead(bool *has)
{
	const struct tp_field f = {
		"sched", "sched_process_exit", "group_dead",
		offsetof(struct of_tp_process_exit, group_dead),
		SIZE(of_tp_process_exit, group_dead)
	};
	struct bb_tp_field got;
	char *format;
	int err;

	err = read_exit_format(&format);
	if (err)
		return err;
	*has = !bb_tp_format_field(format, f.field, &got);
	err = *has ? check_field(&f, format) : 0;
	free(format);
	return err;
}

static int use_program(struct bb_object *obj, const char *name, bool on)
{
	struct bb_program *prog = bb_object__find_program(obj, name);

	if (!prog) {
		fprintf(stderr, "openfiles: the BPF object has no program %s.\n",
			name);
		return -ENOENT;
	}
	bb_program__set_autoload(prog, on);
	return 0;
}

static bool tracepoint_exists(const char *category, const char *name)
{
	char dir[256], path[512];

	if (bb_tracefs_dir(dir, sizeof(dir)))
		return false;
	snprintf(path, sizeof(path), "%s/events/%s/%s", dir, category, name);
	return !access(path, F_OK);
}

/*
 * io_uring's programs read the kernel's own structures through CO-RE,
 * so they need the kernel's BTF and one of the submission tracepoints.
 * Without either, io_uring opens cannot be seen: say so (unless there
 * is no io_uring at all) and load the rest.
 */
static int choose_uring(struct bb_object *obj, bool wanted, bool full_path)
{
	bool req = false, sqe = false, btf;
	int err = 0;

	if (wanted && tracepoint_exists("io_uring", "io_uring_complete")) {
		req = tracepoint_exists("io_uring", "io_uring_submit_req");
		sqe = !req && tracepoint_exists("io_uring",
						"io_uring_submit_sqe");
	}
	btf = !access("/sys/kernel/btf/vmlinux", R_OK);
	if ((req || sqe) && !btf) {
		fprintf(stderr, "openfiles: the kernel has no BTF (/sys/kernel/btf/vmlinux), so opens made through io_uring are not seen.\n");
		req = sqe = false;
	}
	if (req)
		err = check_fields(uring_submit_req,
				   ARRAY_SIZE(uring_submit_req));
	if (sqe)
		err = check_fields(uring_submit_sqe,
				   ARRAY_SIZE(uring_submit_sqe));
	if (!err && (req || sqe))
		err = check_fields(uring_complete, ARRAY_SIZE(uring_complete));
	if (!err)
		err = use_program(obj, "of_uring_submit", req);
	if (!err)
		err = use_program(obj, "of_uring_submit_sqe", sqe);
	if (!err)
		err = use_program(obj, "of_uring_complete",
				  (req || sqe) && !full_path);
	if (!err)
		err = use_program(obj, "of_uring_complete_full",
				  (req || sqe) && full_path);
	return err;
}

/* -F: the exit programs that find the full path, or the plain ones. */
static int choose_exits(struct bb_object *obj, bool full)
{
	static const char *const names[] = {
		"of_exit_open", "of_exit_openat", "of_exit_openat2",
		"of_exit_creat",
	};
	char full_name[64];
	size_t i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(names) && !err; i++) {
		snprintf(full_name, sizeof(full_name), "%s_full", names[i]);
		err = use_program(obj, names[i], !full) ?:
		      use_program(obj, full_name, full);
	}
	return err;
}

int of_tp_check(struct bb_object *obj, bool io_uring, bool full_path)
{
	bool group_dead;
	int err;

	err = check_fields(fields, ARRAY_SIZE(fields));
	if (!err)
		err = choose_uring(obj, io_uring, full_path);
	if (!err)
		err = choose_exits(obj, full_path);
	if (!err)
		err = exit_has_group_dead(&group_dead);
	if (!err)
		err = use_program(obj, "of_exit", group_dead);
	if (!err)
		err = use_program(obj, "of_exit_live", !group_dead);
	return err;
}
