// SPDX-License-Identifier: GPL-2.0
/*
 * of_spawn DIR - make one child each way a process can be made, and
 * have every child open its own file in DIR:
 *
 *	fork()			DIR/fork
 *	vfork() + execve()	DIR/vfork	(self, "leaf" mode)
 *	posix_spawn()		DIR/spawn	(self, "leaf" mode)
 *	raw clone()		DIR/clone
 *	raw clone3()		DIR/clone3
 *
 * "of_spawn leaf PATH" opens PATH and exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/sched.h>	/* struct clone_args */

extern char **environ;

static const char *self;
static const char *dir;

static void path_of(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", dir, name);
}

static int open_once(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);

	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

/* Runs in a child that shares nothing with glibc's idea of itself. */
static void child_open(const char *name)
{
	char path[PATH_MAX];

	path_of(path, name);
	_exit(open_once(path));
}

static int wait_ok(pid_t pid, const char *how)
{
	int status;

	if (pid < 0) {
		fprintf(stderr, "of_spawn: %s failed: %s\n", how, strerror(errno));
		return 1;
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "of_spawn: the %s child failed\n", how);
		return 1;
	}
	return 0;
}

static pid_t by_vfork(void)
{
	char path[PATH_MAX];
	char *argv[] = { (char *)self, "leaf", path, NULL };
	pid_t pid;

	path_of(path, "vfork");
	pid = vfork();
	if (pid == 0) {
		execve(self, argv, environ);
		_exit(127);
	}
	return pid;
}

static pid_t by_spawn(void)
{
	char path[PATH_MAX];
	char *argv[] = { (char *)self, "leaf", path, NULL };
	pid_t pid;
	int err;

	path_of(path, "spawn");
	err = posix_spawn(&pid, self, NULL, NULL, argv, environ);
	if (err) {
		errno = err;
		return -1;
	}
	return pid;
}

static pid_t by_clone3(void)
{
	struct clone_args args;
	long pid;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;	/* no CLONE_VM: a copy, like fork */
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		child_open("clone3");
	return pid;
}

static pid_t by_clone(void)
{
	long pid;

	/* x86_64 order: flags, stack, parent_tid, child_tid, tls. */
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		child_open("clone");
	return pid;
}

int main(int argc, char **argv)
{
	int bad = 0;
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "leaf"))
		return open_once(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: of_spawn DIR\n");
		return 2;
	}
	self = "/proc/self/exe";
	dir = argv[1];
	pid = fork();
	if (pid == 0)
		child_open("fork");
	bad |= wait_ok(pid, "fork");
	bad |= wait_ok(by_vfork(), "vfork");
	bad |= wait_ok(by_spawn(), "posix_spawn");
	bad |= wait_ok(by_clone(), "clone");
	bad |= wait_ok(by_clone3(), "clone3");
	return bad;
}
