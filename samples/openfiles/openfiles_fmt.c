// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_fmt.c - the three output formats of openfiles.
 *
 * Default: one line per open, the escaped path. With -x a failed open
 * adds a TAB and the errno name; a path that could not be read whole
 * adds a TAB and "cut" or "unreadable". The escaper never emits a raw
 * TAB, so everything before the first TAB is the path.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "openfiles_fmt.h"
#include "wallclock.h"

/*
 * The kernel's O_LARGEFILE, which glibc defines as 0 where it is implied
 * (64-bit); io_uring sets it on every open it makes. Its value depends on
 * the architecture (the kernel's asm/fcntl.h).
 */
#if defined(__aarch64__) || defined(__arm__)
#define KERNEL_O_LARGEFILE	0400000
#elif defined(__powerpc__)
#define KERNEL_O_LARGEFILE	0200000
#elif defined(__x86_64__) || defined(__i386__) || defined(__riscv) || \
	defined(__s390__) || defined(__loongarch__)
#define KERNEL_O_LARGEFILE	0100000
#endif

static const struct {
	__u64 bits;
	const char *name;
} open_flags[] = {
	/* Multi-bit flags first, so their bits are gone before the parts. */
	{ O_TMPFILE,	"O_TMPFILE" },
	{ O_SYNC,	"O_SYNC" },
	{ O_CREAT,	"O_CREAT" },
	{ O_EXCL,	"O_EXCL" },
	{ O_NOCTTY,	"O_NOCTTY" },
	{ O_TRUNC,	"O_TRUNC" },
	{ O_APPEND,	"O_APPEND" },
	{ O_NONBLOCK,	"O_NONBLOCK" },
	{ O_DSYNC,	"O_DSYNC" },
	{ O_ASYNC,	"O_ASYNC" },
	{ O_DIRECT,	"O_DIRECT" },
	{ O_DIRECTORY,	"O_DIRECTORY" },
	{ O_NOFOLLOW,	"O_NOFOLLOW" },
	{ O_NOATIME,	"O_NOATIME" },
	{ O_CLOEXEC,	"O_CLOEXEC" },
	{ O_PATH,	"O_PATH" },
#ifdef KERNEL_O_LARGEFILE
	{ KERNEL_O_LARGEFILE, "O_LARGEFILE" },
#endif
};

void of_flags_str(char *buf, size_t size, __u64 flags)
{
	static const char *const acc[] = {
		"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"
	};
	size_t i, n;

	n = snprintf(buf, size, "%s", acc[flags & O_ACCMODE]);
	flags &= ~(__u64)O_ACCMODE;
	for (i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++) {
		if ((flags & open_flags[i].bits) != open_flags[i].bits)
			continue;
		flags &= ~open_flags[i].bits;
		if (n < size)
			n += snprintf(buf + n, size - n, "|%s",
				      open_flags[i].name);
	}
	/* Bits no name was found for, in hex. */
	if (flags && n < size)
		snprintf(buf + n, size - n, "|%#llx", (unsigned long long)flags);
}

const char *of_syscall_name(__u32 syscall)
{
	switch (syscall) {
	case OF_SYS_OPEN:	return "open";
	case OF_SYS_OPENAT:	return "openat";
	case OF_SYS_OPENAT2:	return "openat2";
	case OF_SYS_CREAT:	return "creat";
	case OF_SYS_URING_OPENAT:	return "io_uring_openat";
	case OF_SYS_URING_OPENAT2:	return "io_uring_openat2";
	}
	return "unknown";
}

const char *of_errno_name(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, size, "E%d", err);
	return buf;
}

static const char *path_state_name(__u8 state)
{
	switch (state) {
	case OF_PATH_OK:	return "ok";
	case OF_PATH_CUT:	return "cut";
	}
	return "unreadable";
}

/*
 * The columns of -l: the header and every line are printed with it. The
 * first is as wide as the time: "12.345678" since start, or the time of
 * day, "19:04:55.123456".
 */
#define LONG_COLUMNS	"%-*s %7s %7s %-16s %6s %s %s"
#define TIME_WIDTH(p)	((p)->wall_time ? 15 : 12)

const char *of_printer_header(struct of_printer *p)
{
	if (p->format != OF_FMT_LONG)
		return NULL;
	snprintf(p->header, sizeof(p->header), LONG_COLUMNS, TIME_WIDTH(p),
		 p->wall_time ? "TIME" : "TIME(s)", "PID", "TID", "COMM",
		 "FD/ERR", "FLAGS", "PATH");
	return p->header;
}

/*
 * fd for a success ("slot2" for an io_uring open into fixed-file slot
 * 2, which makes no fd), errno name for a failure.
 */
static const char *result_str(const struct of_open_rec *rec, char *buf,
			      size_t size)
{
	if (rec->ret >= 0) {
		snprintf(buf, size, "%s%d", rec->fixed_file ? "slot" : "",
			 rec->ret);
		return buf;
	}
	return of_errno_name(-rec->ret, buf, size);
}

static double rel_time(const struct of_printer *p, __u64 ts_ns)
{
	return ts_ns > p->t0_ns ? (ts_ns - p->t0_ns) / 1e9 : 0.0;
}

static void time_str(const struct of_printer *p, __u64 ts_ns, char *buf,
		     size_t size)
{
	if (p->wall_time)
		wallclock_str(ts_ns, p->wall_off_ns, false, buf, size);
	else
		snprintf(buf, size, "%.6f", rel_time(p, ts_ns));
}

static int print_path_line(struct of_printer *p, const struct of_open_rec *rec)
{
	char err[32], time[32];

	if (p->wall_time) {
		time_str(p, rec->hdr.ts_ns, time, sizeof(time));
		fprintf(p->out, "%s ", time);
	}
	fputs(p->esc, p->out);
	if (rec->ret < 0)
		fprintf(p->out, "\t%s", of_errno_name(-rec->ret, err,
						      sizeof(err)));
	if (rec->path_state != OF_PATH_OK)
		fprintf(p->out, "\t%s", path_state_name(rec->path_state));
	return fputc('\n', p->out) == EOF ? -1 : 0;
}

static int print_long(struct of_printer *p, const struct of_open_rec *rec)
{
	char comm[ESC_C_MAX(OF_COMM_LEN)], flags[256], res[32];
	char time[32], pid[16], tid[16];

	escape_c(comm, rec->hdr.comm, strnlen(rec->hdr.comm, OF_COMM_LEN));
	of_flags_str(flags, sizeof(flags), rec->flags);
	time_str(p, rec->hdr.ts_ns, time, sizeof(time));
	snprintf(pid, sizeof(pid), "%u", rec->hdr.tgid);
	snprintf(tid, sizeof(tid), "%u", rec->hdr.tid);
	fprintf(p->out, LONG_COLUMNS, TIME_WIDTH(p), time, pid, tid, comm,
		result_str(rec, res, sizeof(res)), flags, p->esc);
	if (rec->path_state != OF_PATH_OK)
		fprintf(p->out, "\t%s", path_state_name(rec->path_state));
	return fputc('\n', p->out) == EOF ? -1 : 0;
}

static int print_json(struct of_printer *p, const struct of_open_rec *rec)
{
	char comm[ESC_JSON_MAX(OF_COMM_LEN)], flags[256], err[32];
	char stamp[WALLCLOCK_LEN];

	escape_json(comm, rec->hdr.comm,
		       strnlen(rec->hdr.comm, OF_COMM_LEN));
	of_flags_str(flags, sizeof(flags), rec->flags);
	wallclock_str(rec->hdr.ts_ns, p->wall_off_ns, true, stamp,
		      sizeof(stamp));
	fprintf(p->out, "{\"time\":%.6f,\"timestamp\":\"%s\",",
		rel_time(p, rec->hdr.ts_ns), stamp);
	fprintf(p->out, "\"pid\":%u,\"tid\":%u,\"uid\":%u,\"comm\":\"%s\",",
		rec->hdr.tgid, rec->hdr.tid, rec->hdr.uid, comm);
	fprintf(p->out, "\"syscall\":\"%s\",\"ret\":%d,",
		of_syscall_name(rec->syscall), rec->ret);
	if (rec->ret >= 0)
		fprintf(p->out, "\"%s\":%d,",
			rec->fixed_file ? "fixed_file_slot" : "fd", rec->ret);
	else
		fprintf(p->out, "\"errno\":\"%s\",",
			of_errno_name(-rec->ret, err, sizeof(err)));
	fprintf(p->out, "\"flags\":\"%s\",\"path\":\"%s\",\"path_state\":\"%s\",",
		flags, p->esc, path_state_name(rec->path_state));
	fprintf(p->out, "\"resolved\":%s}", rec->resolved ? "true" : "false");
	return fputc('\n', p->out) == EOF ? -1 : 0;
}

int of_print_open(struct of_printer *p, const struct of_open_rec *rec,
		  size_t path_len)
{
	if (p->format == OF_FMT_JSON) {
		escape_json(p->esc, rec->path, path_len);
		return print_json(p, rec);
	}
	escape_c(p->esc, rec->path, path_len);
	if (p->format == OF_FMT_LONG)
		return print_long(p, rec);
	return print_path_line(p, rec);
}
