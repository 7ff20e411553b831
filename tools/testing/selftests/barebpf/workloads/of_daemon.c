// SPDX-License-Identifier: GPL-2.0
/*
 * of_daemon DIR - the classic double fork. The child starts a new
 * session, forks the daemon and exits; the top process exits as soon as
 * it has reaped the child. The daemon waits until it has been
 * re-parented away, then opens DIR/daemon-<n> a few times and exits:
 * every open happens after the process that was started is gone.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void daemon_main(const char *dir, pid_t old_parent)
{
	char path[PATH_MAX];
	int i, fd, tries = 500;

	/* Until the middle process is gone: up to 5 s. */
	while (getppid() == old_parent && tries-- > 0)
		nap_ms(10);
	nap_ms(100);		/* and the top one has exited too */
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/daemon-%d", dir, i);
		fd = open(path, O_WRONLY | O_CREAT, 0644);
		if (fd >= 0)
			close(fd);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	pid_t child, middle;
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: of_daemon DIR\n");
		return 2;
	}
	child = fork();
	if (child == 0) {
		setsid();
		middle = getpid();
		if (fork() == 0)
			daemon_main(argv[1], middle);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &status, 0) != child)
		return 1;
	return 0;
}
