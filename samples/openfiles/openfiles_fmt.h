/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_fmt.h - turn the open records of openfiles into text.
 *
 * Paths are bytes, not text: they may hold newlines, backslashes or
 * bytes that are not UTF-8. Both escapers below keep valid UTF-8 as it
 * is and escape everything that could break a line or be ambiguous:
 *
 *   of_escape_c()	\\ \n \t \r, and \xHH (always two hex digits) for
 *			control bytes, DEL, C1 controls and bytes that are
 *			not part of valid UTF-8. Never emits a raw control
 *			byte, so a raw TAB can separate fields.
 *   of_escape_json()	RFC 8259 string escapes; a byte that is not part
 *			of valid UTF-8 becomes \u0080-\u00ff. Since valid
 *			UTF-8 is never escaped, such an escape always
 *			stands for that raw byte, not for the character.
 */
#ifndef OPENFILES_FMT_H
#define OPENFILES_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "openfiles.h"

/* Worst cases: four output bytes per input byte in C, six in JSON. */
#define OF_ESC_C_MAX(n)		(4 * (n) + 1)
#define OF_ESC_JSON_MAX(n)	(6 * (n) + 1)

size_t of_escape_c(char *dst, const char *src, size_t len);
size_t of_escape_json(char *dst, const char *src, size_t len);

/* "O_WRONLY|O_CREAT|O_TRUNC"; unknown bits as a trailing "|0x...". */
void of_flags_str(char *buf, size_t size, __u64 flags);
const char *of_syscall_name(__u32 syscall);
/* "ENOENT" for 2; "E123" for numbers glibc has no name for. */
const char *of_errno_name(int err, char *buf, size_t size);

enum of_format {
	OF_FMT_PATH,		/* the path, nothing else */
	OF_FMT_LONG,		/* time, pid, tid, comm, fd/errno, flags, path */
	OF_FMT_JSON,		/* one JSON object per line */
};

/**
 * struct of_printer - how to print open records, and scratch space
 * @format:	one of enum of_format
 * @wall_time:	print the time of day instead of seconds since @t0_ns
 * @t0_ns:	CLOCK_MONOTONIC at start; times are printed relative to it
 * @wall_off_ns: CLOCK_REALTIME minus CLOCK_MONOTONIC, taken at start
 * @out:	where records go (stdout)
 * @esc:	room for one escaped path
 */
struct of_printer {
	enum of_format format;
	bool wall_time;
	__u64 t0_ns;
	__s64 wall_off_ns;
	FILE *out;
	char esc[OF_ESC_JSON_MAX(OF_PATH_MAX)];
	char header[96];
};

/* Column titles of the long format, for stderr; NULL for the others. */
const char *of_printer_header(struct of_printer *p);
/* Print @rec, whose path is @path_len bytes long without its NUL. */
int of_print_open(struct of_printer *p, const struct of_open_rec *rec,
		  size_t path_len);

#endif /* OPENFILES_FMT_H */
