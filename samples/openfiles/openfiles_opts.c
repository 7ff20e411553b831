// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_opts.c - parse the command line of openfiles.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openfiles_opts.h"

enum {
	OPT_TREE = 0x100,	/* long options without a short form */
	OPT_CMD_EXIT,
	OPT_COMM,
	OPT_PATH,
	OPT_UID,
	OPT_NO_IO_URING,
};

static const struct option long_opts[] = {
	{ "pid",	 required_argument, NULL, 'p' },
	{ "failed",	 no_argument,	    NULL, 'x' },
	{ "long",	 no_argument,	    NULL, 'l' },
	{ "json",	 no_argument,	    NULL, 'j' },
	{ "output",	 required_argument, NULL, 'o' },
	{ "wall-time",	 no_argument,	    NULL, 't' },
	{ "full-path",	 no_argument,	    NULL, 'F' },
	{ "comm",	 required_argument, NULL, OPT_COMM },
	{ "path",	 required_argument, NULL, OPT_PATH },
	{ "uid",	 required_argument, NULL, OPT_UID },
	{ "no-io-uring", no_argument,	    NULL, OPT_NO_IO_URING },
	{ "buffer-size", required_argument, NULL, 'b' },
	{ "max-tasks",	 required_argument, NULL, 'm' },
	{ "tree",	 no_argument,	    NULL, OPT_TREE },
	{ "cmd-exit",	 no_argument,	    NULL, OPT_CMD_EXIT },
	{ "help",	 no_argument,	    NULL, 'h' },
	{ }
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: openfiles [OPTIONS] -p PID\n"
"       openfiles [OPTIONS] [--] CMD [ARGS...]\n"
"\n"
"Print every open(2), openat(2), openat2(2) and creat(2) that succeeds in\n"
"a process, its threads and all its descendants, as they happen, and\n"
"every file they open through io_uring (IORING_OP_OPENAT, OPENAT2).\n"
"\n"
"  -p, --pid PID          follow PID, its threads and its descendants\n"
"  CMD [ARGS...]          run CMD, follow it; exit with its status once\n"
"                         every process of the tree has exited\n"
"      --cmd-exit         stop as soon as CMD itself exits\n"
"  -x, --failed           also print failed opens, with the errno name\n"
"  -l, --long             time, pid, tid, command, fd/errno, flags, path\n"
"  -j, --json             one JSON object per line\n"
"  -F, --full-path        the full path of the file each open opened (symlinks\n"
"                         and dirfd resolved, like strace -y); for a failed\n"
"                         relative open, its directory's full path + name\n"
"  -t, --wall-time        time of day (HH:MM:SS.uuuuuu) instead of seconds\n"
"                         since start; in the path format, before the path\n"
"  -o, --output FILE      write the records to FILE (created or emptied),\n"
"                         keeping stdout for CMD\n"
"      --comm NAME        print only opens by a command named NAME\n"
"      --path PATTERN     print only paths that match PATTERN: a glob if it\n"
"                         has * ? or [, else that path and all below it\n"
"      --uid USER         print only opens by real user id USER (a name\n"
"                         or a number)\n"
"      --tree             print the followed process tree at the end\n"
"  -b, --buffer-size SIZE ring buffer size, a power of two (K, M, G\n"
"                         suffixes; default 8M)\n"
"  -m, --max-tasks N      threads that can be followed at once\n"
"                         (default 16384)\n"
"      --no-io-uring      do not follow io_uring opens (starts a few ms\n"
"                         sooner: no kernel BTF to read)\n"
"  -h, --help             this text\n"
"\n"
"By default each line is one path. Backslash, newline, TAB and CR print\n"
"as \\\\ \\n \\t \\r; other control bytes, DEL and bytes that are not\n"
"valid UTF-8 as \\xHH. With -x a failed open adds a TAB and the errno\n"
"name; a path too long to read whole adds a TAB and \"cut\". In JSON, a\n"
"byte that is not valid UTF-8 appears as \\u0080-\\u00ff.\n"
"Headers, warnings and the summary go to stderr. Each filter option can\n"
"be given more than once; an open is printed if it matches one of each\n"
"kind given. JSON records always carry \"timestamp\", the wall-clock time\n"
"in UTC.\n");
}

/* "4096", "64K", "8M", "1G": a power of two of at least one page. */
static int parse_size(const char *s, __u32 *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'K':
	case 'k':
		v <<= 10;
		end++;
		break;
	case 'M':
	case 'm':
		v <<= 20;
		end++;
		break;
	case 'G':
	case 'g':
		v <<= 30;
		end++;
		break;
	}
	if (*end || v < (unsigned long long)getpagesize() || v > (1ULL << 30) ||
	    (v & (v - 1)))
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_uint(const char *s, unsigned long max, __u32 *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > max || *s == '-')
		return -EINVAL;
	*out = v;
	return 0;
}

static int bad_arg(const char *opt, const char *arg, const char *why)
{
	fprintf(stderr, "openfiles: invalid argument \"%s\" for %s: %s.\n",
		arg, opt, why);
	return -EINVAL;
}

static int parse_one(int c, const char *arg, struct of_opts *o)
{
	__u32 v;

	switch (c) {
	case 'p':
		if (parse_uint(arg, 0x3fffffff, &v))
			return bad_arg("--pid", arg, "not a process id");
		o->pid = v;
		return 0;
	case 'x':
		o->show_failed = true;
		return 0;
	case 'l':
		o->format = OF_FMT_LONG;
		return 0;
	case 'j':
		o->format = OF_FMT_JSON;
		return 0;
	case 't':
		o->wall_time = true;
		return 0;
	case 'F':
		o->full_path = true;
		return 0;
	case 'o':
		if (!*arg)
			return bad_arg("--output", arg, "an empty file name");
		o->output = arg;
		return 0;
	case OPT_COMM:
		return of_filter_add_comm(&o->filter, arg);
	case OPT_PATH:
		return of_filter_add_path(&o->filter, arg);
	case OPT_UID:
		return of_filter_add_uid(&o->filter, arg);
	case OPT_NO_IO_URING:
		o->no_io_uring = true;
		return 0;
	case OPT_TREE:
		o->tree = true;
		return 0;
	case OPT_CMD_EXIT:
		o->cmd_exit = true;
		return 0;
	case 'b':
		if (parse_size(arg, &o->buf_size))
			return bad_arg("--buffer-size", arg,
				       "need a power of two from a page to 1G");
		return 0;
	case 'm':
		if (parse_uint(arg, 1UL << 22, &o->max_tasks))
			return bad_arg("--max-tasks", arg,
				       "need a number from 1 to 4194304");
		return 0;
	case 'h':
		usage(stdout);
		return 1;
	}
	return -EINVAL;
}

/* What cannot be checked one option at a time. */
static int check_combination(const struct of_opts *o, bool long_and_json)
{
	if (long_and_json) {
		fprintf(stderr, "openfiles: --long and --json cannot be combined.\n");
		return -EINVAL;
	}
	if (!o->pid == !o->cmd) {
		fprintf(stderr,
			"openfiles: give either -p PID or a command to run (see --help).\n");
		return -EINVAL;
	}
	if (o->cmd_exit && !o->cmd) {
		fprintf(stderr, "openfiles: --cmd-exit needs a command to run.\n");
		return -EINVAL;
	}
	return 0;
}

int of_parse_opts(int argc, char **argv, struct of_opts *o)
{
	bool seen_long = false, seen_json = false;
	int c, r;

	memset(o, 0, sizeof(*o));
	o->buf_size = OF_DEFAULT_BUF_SIZE;
	o->max_tasks = OF_DEFAULT_MAX_TASKS;
	opterr = 0;	/* our own one-line message instead of getopt's */
	/* "+": stop at CMD, so that its own options stay its own. */
	while ((c = getopt_long(argc, argv, "+p:xljtFo:b:m:h", long_opts,
				NULL)) != -1) {
		if (c == '?' || c == ':') {
			fprintf(stderr, "openfiles: option %s is unknown or lacks its argument; see openfiles --help.\n",
				argv[optind - 1]);
			return -EINVAL;
		}
		r = parse_one(c, optarg, o);
		if (r)
			return r;
		seen_long |= c == 'l';
		seen_json |= c == 'j';
	}
	if (optind < argc)
		o->cmd = argv + optind;
	return check_combination(o, seen_long && seen_json);
}

void of_free_opts(struct of_opts *o)
{
	of_filter_free(&o->filter);
}
