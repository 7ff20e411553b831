/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_opts.h - the command line of openfiles.
 */
#ifndef OPENFILES_OPTS_H
#define OPENFILES_OPTS_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

#include "openfiles_filter.h"
#include "openfiles_fmt.h"

#define OF_DEFAULT_BUF_SIZE	(8U << 20)
#define OF_DEFAULT_MAX_TASKS	16384U

struct of_opts {
	pid_t pid;		/* -p: follow this process, or 0 */
	char **cmd;		/* or run this command (NULL-terminated) */
	enum of_format format;
	const char *output;	/* -o: records to this file, not stdout */
	struct of_filter filter; /* --comm, --path, --uid */
	bool wall_time;		/* -t: time of day, not time since start */
	bool show_failed;	/* -x */
	bool no_io_uring;	/* --no-io-uring */
	bool full_path;		/* -F */
	bool tree;		/* --tree */
	bool cmd_exit;		/* --cmd-exit */
	__u32 buf_size;		/* -b: ring buffer bytes, a power of two */
	__u32 max_tasks;	/* -m: size of the tracked-task map */
};

/*
 * Fill @opts from the command line. Returns 0 to go on, 1 after --help
 * (exit 0), or -EINVAL after printing what is wrong (exit 2). In every
 * case of_free_opts() releases what it allocated.
 */
int of_parse_opts(int argc, char **argv, struct of_opts *opts);
void of_free_opts(struct of_opts *opts);

#endif /* OPENFILES_OPTS_H */
