// SPDX-License-Identifier: GPL-2.0
/*
 * of_syscalls DIR - one open through each system call openfiles
 * watches, each on its own file in DIR: open, openat, openat2 and
 * creat. Then close(0) and open DIR/fd0, which must return fd 0: a
 * tracer that counts only ret > 0 as success misses it.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/openat2.h>	/* struct open_how */

static const char *dir;

static int check(long fd, const char *name)
{
	if (fd < 0) {
		fprintf(stderr, "of_syscalls: %s failed\n", name);
		return 1;
	}
	close(fd);
	return 0;
}

static void path_of(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", dir, name);
}

int main(int argc, char **argv)
{
	struct open_how how;
	char path[PATH_MAX];
	int bad = 0;
	long fd;

	if (argc != 2) {
		fprintf(stderr, "usage: of_syscalls DIR\n");
		return 2;
	}
	dir = argv[1];
	path_of(path, "sys-open");
	bad |= check(syscall(SYS_open, path, O_WRONLY | O_CREAT, 0644), path);
	path_of(path, "sys-openat");
	bad |= check(syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT,
			     0644), path);
	path_of(path, "sys-openat2");
	memset(&how, 0, sizeof(how));
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0644;
	bad |= check(syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how)),
		     path);
	path_of(path, "sys-creat");
	bad |= check(syscall(SYS_creat, path, 0644), path);

	path_of(path, "fd0");
	close(0);
	fd = open(path, O_RDONLY | O_CREAT, 0644);
	if (fd != 0) {
		fprintf(stderr, "of_syscalls: open after close(0) gave fd %ld\n",
			fd);
		bad = 1;
	}
	return bad;
}
