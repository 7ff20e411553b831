// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * log.c - every message of an object goes through bb_pr(), which prefixes
 * the object name and hands one sentence to the caller's sink (stderr by
 * default).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Appended to a failed command's message: what EPERM means here. */
const char *bb_perm_hint(int err)
{
	return err == -EPERM ?
	       " (loading BPF needs CAP_BPF, or CAP_SYS_ADMIN)" : "";
}

void bb_pr(const struct bb_object *obj, const char *fmt, ...)
{
	char msg[BB_MAX_ERRLINE];
	int n = 0;
	va_list ap;

	if (obj && obj->name)
		n = snprintf(msg, sizeof(msg), "%s: ", obj->name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	if (obj && obj->print)
		obj->print(obj->print_ctx, msg);
	else
		fprintf(stderr, "%s\n", msg);
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
