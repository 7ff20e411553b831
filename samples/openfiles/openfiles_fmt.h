/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_fmt.h - turn the open records of openfiles into text.
 *
 * Paths and command names are bytes, not text: they are escaped with
 * escape_c() for the text formats and escape_json() for JSON (see
 * escape.h for the rules).
 */
#ifndef OPENFILES_FMT_H
#define OPENFILES_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "escape.h"
#include "openfiles.h"

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
	char esc[ESC_JSON_MAX(OF_PATH_MAX)];
	char header[96];
};

/* Column titles of the long format, for stderr; NULL for the others. */
const char *of_printer_header(struct of_printer *p);
/* Print @rec, whose path is @path_len bytes long without its NUL. */
int of_print_open(struct of_printer *p, const struct of_open_rec *rec,
		  size_t path_len);

#endif /* OPENFILES_FMT_H */
