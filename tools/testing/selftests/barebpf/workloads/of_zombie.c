// SPDX-License-Identifier: GPL-2.0
/*
 * of_zombie FILE - fork a child that exits at once, write its pid to
 * FILE once it is a zombie, and sleep without ever reaping it: a pid
 * that is still in /proc but whose process has already exited. FILE
 * appears whole (written aside, then renamed), so a reader can poll it.
 */
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char tmp[PATH_MAX];
	siginfo_t info;
	FILE *f;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: of_zombie FILE\n");
		return 2;
	}
	pid = fork();
	if (pid == 0)
		_exit(0);
	/* WNOWAIT: wait until it has exited, but leave it a zombie. */
	if (pid < 0 || waitid(P_PID, pid, &info, WEXITED | WNOWAIT))
		return 1;
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	f = fopen(tmp, "w");
	if (!f)
		return 1;
	fprintf(f, "%d\n", pid);
	if (fclose(f) || rename(tmp, argv[1]))
		return 1;
	sleep(60);
	return 0;
}
