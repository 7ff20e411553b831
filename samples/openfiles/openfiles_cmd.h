/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_cmd.h - run "openfiles -- CMD": start CMD held before exec.
 *
 * of_cmd_start() forks a child that blocks reading a pipe. While it is
 * held, the parent loads the BPF programs and puts the child's pid in
 * the tracked set; of_cmd_release() then writes one byte and the child
 * execs CMD. Nothing CMD does, from the dynamic loader on, can happen
 * before it is tracked. If the parent gives up instead, it closes the
 * pipe and the child exits without running anything.
 */
#ifndef OPENFILES_CMD_H
#define OPENFILES_CMD_H

#include <stdbool.h>
#include <sys/types.h>

struct of_cmd {
	pid_t pid;
	int go_fd;		/* write end of the pipe the child waits on */
	int status;		/* from waitpid() once reaped */
	bool reaped;
};

/*
 * of_cmd_check() - can @name be run, as bash would decide before forking?
 * Returns 0, or the exit status bash gives (127: not found, 126: found
 * but not executable) with *why set to the reason for the message.
 */
int of_cmd_check(const char *name, const char **why);
int of_cmd_start(struct of_cmd *cmd, char *const argv[]);
int of_cmd_release(struct of_cmd *cmd);
/* Drop a child that was never released, and reap it. */
void of_cmd_abort(struct of_cmd *cmd);
/* Reap the child if it has exited (or wait for it if @block). */
bool of_cmd_reap(struct of_cmd *cmd, bool block);
/* The status a shell would report: the exit code or 128 + signal. */
int of_cmd_exit_code(const struct of_cmd *cmd);

#endif /* OPENFILES_CMD_H */
