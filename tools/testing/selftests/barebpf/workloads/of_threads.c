// SPDX-License-Identifier: GPL-2.0
/*
 * of_threads DIR NTHREADS NOPENS - every thread opens DIR/thread-<i>
 * NOPENS times, and each thread also starts one helper thread that
 * opens DIR/helper-<i> once.
 *
 * The main thread calls pthread_exit() as soon as the threads exist, so
 * most opens happen while the thread group leader is already a zombie:
 * a tracer that follows processes by their main thread loses them.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static const char *dir;
static int nopens;

static void open_n(const char *what, long i, int n)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s-%ld", dir, what, i);
	while (n-- > 0) {
		fd = open(path, O_RDONLY | O_CREAT, 0644);
		if (fd < 0) {
			perror(path);
			exit(1);
		}
		close(fd);
	}
}

static void *helper(void *arg)
{
	open_n("helper", (long)arg, 1);
	return NULL;
}

static void *worker(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	pthread_t t;

	nanosleep(&ts, NULL);	/* let the main thread exit first */
	if (pthread_create(&t, NULL, helper, arg)) {
		fprintf(stderr, "of_threads: cannot create a helper thread\n");
		exit(1);
	}
	open_n("thread", (long)arg, nopens);
	pthread_join(t, NULL);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	long i, n;

	if (argc != 4) {
		fprintf(stderr, "usage: of_threads DIR NTHREADS NOPENS\n");
		return 2;
	}
	dir = argv[1];
	n = atol(argv[2]);
	nopens = atoi(argv[3]);
	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, worker, (void *)i)) {
			fprintf(stderr, "of_threads: cannot create thread %ld\n", i);
			return 1;
		}
	pthread_exit(NULL);	/* the process lives on in its threads */
}
