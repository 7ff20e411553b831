// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * log.c - every message of the loader goes through bb_pr(), which names
 * the object (or "barebpf" when there is none) and hands one sentence to
 * a sink: the object's own (struct bb_object_opts), else the library's
 * (bb_set_print()), else stderr. A tool can so silence or redirect all of
 * them; nothing in the loader writes to stderr by itself.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

#include "internal.h"

#ifndef CAP_BPF
#define CAP_BPF		39
#endif

static bb_print_fn lib_print;
static void *lib_print_ctx;

void bb_set_print(bb_print_fn fn, void *ctx)
{
	lib_print = fn;
	lib_print_ctx = ctx;
}

void bb_pr(const struct bb_object *obj, const char *fmt, ...)
{
	char msg[BB_MAX_ERRLINE], *p;
	int n;
	va_list ap;

	n = snprintf(msg, sizeof(msg), "%s: ",
		     obj && obj->name ? obj->name : "barebpf");
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	/* Names come from the object: no control characters reach a tty. */
	for (p = msg; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	if (obj && obj->print)
		obj->print(obj->print_ctx, msg);
	else if (lib_print)
		lib_print(lib_print_ctx, msg);
	else
		fprintf(stderr, "%s\n", msg);
}

/*
 * Error numbers the kernel uses internally (include/linux/errno.h) leak
 * to user space from some BPF paths; the C library has no text for them.
 */
static const char *const kernel_errnos[] = {
	[512 - 512] = "ERESTARTSYS",	[513 - 512] = "ERESTARTNOINTR",
	[514 - 512] = "ERESTARTNOHAND",	[515 - 512] = "ENOIOCTLCMD",
	[516 - 512] = "ERESTART_RESTARTBLOCK",
	[517 - 512] = "EPROBE_DEFER",	[518 - 512] = "EOPENSTALE",
	[519 - 512] = "ENOPARAM",	[521 - 512] = "EBADHANDLE",
	[522 - 512] = "ENOTSYNC",	[523 - 512] = "EBADCOOKIE",
	[524 - 512] = "ENOTSUPP",	[525 - 512] = "ETOOSMALL",
	[526 - 512] = "ESERVERFAULT",	[527 - 512] = "EBADTYPE",
	[528 - 512] = "EJUKEBOX",	[529 - 512] = "EIOCBQUEUED",
	[530 - 512] = "ERECALLCONFLICT", [531 - 512] = "ENOGRACE",
};

const char *bb_strerror(int err)
{
	static __thread char buf[128];
	const char *name = NULL;

	if (err < 0)
		err = -err;
	if (err >= 512 && err < 512 + (int)(sizeof(kernel_errnos) /
					     sizeof(kernel_errnos[0])))
		name = kernel_errnos[err - 512];
	if (name && err == 524)
		snprintf(buf, sizeof(buf), "Operation not supported by the kernel (%s, %d)",
			 name, err);
	else if (name)
		snprintf(buf, sizeof(buf), "kernel-internal error %s (%d)",
			 name, err);
	else if (strerrorname_np(err))
		snprintf(buf, sizeof(buf), "%s (%s)", strerror(err),
			 strerrorname_np(err));
	else
		snprintf(buf, sizeof(buf), "error %d", err);
	return buf;
}

/* Does this process hold CAP_BPF or CAP_SYS_ADMIN in its effective set? */
bool bb_can_bpf(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return (data[CAP_SYS_ADMIN / 32].effective &
		(1U << (CAP_SYS_ADMIN % 32))) ||
	       (data[CAP_BPF / 32].effective & (1U << (CAP_BPF % 32)));
}

/*
 * Appended to a failed command's message: what EPERM means here. With
 * the capabilities in hand, EPERM is the kernel's own refusal (a program
 * type it does not allow, lockdown, an LSM), not a missing privilege.
 */
const char *bb_perm_hint(int err)
{
	if (err != -EPERM)
		return "";
	if (!bb_can_bpf())
		return " (loading BPF needs CAP_BPF, or CAP_SYS_ADMIN)";
	return " (this process has CAP_BPF, so the kernel refused it for another reason)";
}

/* Print the last @lines lines of a kernel log, one message per line. */
void bb_pr_log_tail(const struct bb_object *obj, const char *what,
		    const char *log, int lines)
{
	const char *p = log + strlen(log), *start;
	int n = 0;

	while (p > log && n <= lines) {
		p--;
		if (*p == '\n' && p[1])
			n++;
	}
	start = p == log ? log : p + 1;
	while (*start) {
		const char *nl = strchrnul(start, '\n');

		if (nl > start)
			bb_pr(obj, "%s log: %.*s", what, (int)(nl - start),
			      start);
		start = *nl ? nl + 1 : nl;
	}
}
