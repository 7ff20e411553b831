// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_cmd.c - the child that runs CMD; see openfiles_cmd.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "openfiles_cmd.h"

/* Exit codes of a shell that cannot run a command. */
#define EXIT_NOT_FOUND	127
#define EXIT_NOT_EXEC	126

static void __attribute__((noreturn)) run_child(int hold_fd,
						char *const argv[])
{
	char go;

	/* EOF instead of a byte: the parent gave up, run nothing. */
	if (read(hold_fd, &go, 1) != 1)
		_exit(EXIT_NOT_FOUND);
	close(hold_fd);
	execvp(argv[0], argv);
	fprintf(stderr, "openfiles: cannot run %s: %s.\n", argv[0],
		strerror(errno));
	_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXEC);
}

/* 0 if @path is a file we may execute, else bash's status and reason. */
static int check_file(const char *path, const char **why)
{
	struct stat st;

	if (stat(path, &st)) {
		*why = strerror(errno);
		return EXIT_NOT_FOUND;
	}
	if (S_ISDIR(st.st_mode)) {
		*why = "Is a directory";
		return EXIT_NOT_EXEC;
	}
	if (access(path, X_OK)) {
		*why = strerror(errno);
		return EXIT_NOT_EXEC;
	}
	return 0;
}

/*
 * Like bash, find CMD before anything starts: a command that cannot run
 * is one line and 127 (nowhere) or 126 (there, but not executable), with
 * nothing loaded or forked. A name without '/' is looked up in $PATH;
 * a file found there that cannot be executed is remembered in case
 * nothing later in $PATH can be.
 */
int of_cmd_check(const char *name, const char **why)
{
	const char *path = getenv("PATH") ?: "/usr/bin:/bin";
	const char *p, *end, *why_here;
	int n, ret = EXIT_NOT_FOUND, r;
	char buf[4096];

	if (strchr(name, '/'))
		return check_file(name, why);
	*why = "command not found";
	for (p = path; ; p = end + 1) {
		end = strchrnul(p, ':');
		n = snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), p,
			     name);
		if (n > 0 && (size_t)n < sizeof(buf)) {
			r = check_file(buf, &why_here);
			if (!r)
				return 0;
			if (r == EXIT_NOT_EXEC && ret == EXIT_NOT_FOUND) {
				ret = r;
				*why = why_here;
			}
		}
		if (!*end)
			return ret;
	}
}

int of_cmd_start(struct of_cmd *cmd, char *const argv[])
{
	int fds[2], err;

	cmd->pid = -1;
	cmd->go_fd = -1;
	cmd->reaped = false;
	/* O_CLOEXEC: CMD must not inherit either end. */
	if (pipe2(fds, O_CLOEXEC)) {
		err = -errno;
		fprintf(stderr, "openfiles: cannot create a pipe to hold %s: %s.\n",
			argv[0], strerror(errno));
		return err;
	}
	fflush(NULL);	/* nothing buffered may be written twice */
	cmd->pid = fork();
	if (cmd->pid < 0) {
		err = -errno;
		fprintf(stderr, "openfiles: cannot fork to run %s: %s.\n",
			argv[0], strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (cmd->pid == 0) {
		close(fds[1]);
		run_child(fds[0], argv);
	}
	close(fds[0]);
	cmd->go_fd = fds[1];
	return 0;
}

int of_cmd_release(struct of_cmd *cmd)
{
	int err = 0;

	if (write(cmd->go_fd, "g", 1) != 1) {
		err = -errno;
		fprintf(stderr, "openfiles: cannot release the command (pid %d): %s.\n",
			cmd->pid, strerror(errno));
	}
	close(cmd->go_fd);
	cmd->go_fd = -1;
	return err;
}

void of_cmd_abort(struct of_cmd *cmd)
{
	if (cmd->go_fd < 0)
		return;		/* never started, or released: CMD is on its own */
	close(cmd->go_fd);
	cmd->go_fd = -1;
	of_cmd_reap(cmd, true);
}

bool of_cmd_reap(struct of_cmd *cmd, bool block)
{
	pid_t r;

	if (cmd->reaped)
		return true;
	do {
		r = waitpid(cmd->pid, &cmd->status, block ? 0 : WNOHANG);
	} while (r < 0 && errno == EINTR);
	if (r == cmd->pid)
		cmd->reaped = true;
	return cmd->reaped;
}

int of_cmd_exit_code(const struct of_cmd *cmd)
{
	if (WIFEXITED(cmd->status))
		return WEXITSTATUS(cmd->status);
	if (WIFSIGNALED(cmd->status))
		return 128 + WTERMSIG(cmd->status);
	return 1;
}
