// SPDX-License-Identifier: GPL-2.0
/*
 * of_chain DIR DEPTH - a chain of DEPTH nested processes: each one
 * opens DIR/chain-<level>, forks the next and waits for it.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	char path[PATH_MAX];
	int level, depth, fd, status;
	pid_t pid;

	if (argc != 3) {
		fprintf(stderr, "usage: of_chain DIR DEPTH\n");
		return 2;
	}
	depth = atoi(argv[2]);
	for (level = 1; level <= depth; level++) {
		snprintf(path, sizeof(path), "%s/chain-%d", argv[1], level);
		fd = open(path, O_WRONLY | O_CREAT, 0644);
		if (fd < 0)
			return 1;
		close(fd);
		if (level == depth)
			break;
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid > 0) {
			/* Pass the child's result up the chain. */
			if (waitpid(pid, &status, 0) != pid)
				return 1;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		}
	}
	return 0;
}
