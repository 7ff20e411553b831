// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bench_openfiles - the workloads of tools/testing/bench/bench_openfiles.sh.
 *
 *   bench_openfiles loop PATH COUNT [RESULT]
 *	open(PATH, O_RDONLY) and close it COUNT times; write
 *	"NS_PER_OP COUNT" to RESULT (default: stdout). Only the loop is
 *	timed, so neither process start-up nor a tracer's set-up and
 *	teardown (openfiles detaches its links in ~0.8 s) is counted.
 *
 *   bench_openfiles launch RESULT CMD [ARGS...]
 *	note the time, run CMD, wait for it; write "WALL_NS" to RESULT.
 *	CMD inherits the start time in BENCH_T0_NS.
 *
 *   bench_openfiles stamp PATH RESULT
 *	note the time first thing, open PATH once, and write
 *	"NOW - BENCH_T0_NS" to RESULT: the time from launch to this
 *	process running its own code.
 *
 * launch + stamp measure how long a tracer takes to start:
 *
 *	bench_openfiles launch R1 openfiles -- bench_openfiles stamp P R2
 *
 * openfiles holds CMD until every program is attached and CMD is in
 * the map of followed tasks, so by the time "stamp" runs its first
 * instruction, it is traced; R2 is the start-to-attached latency. That
 * the open of P shows up in openfiles' output proves it. All times are
 * CLOCK_MONOTONIC, one clock across processes.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Write one line to @path, or to stdout if @path is NULL. */
static int put_result(const char *path, const char *line)
{
	FILE *f = path ? fopen(path, "we") : stdout;

	if (!f) {
		fprintf(stderr, "bench_openfiles: %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	fprintf(f, "%s\n", line);
	if (path ? fclose(f) : fflush(f)) {
		fprintf(stderr, "bench_openfiles: cannot write the result\n");
		return 1;
	}
	return 0;
}

static int do_loop(int argc, char **argv)
{
	uint64_t t0, t1;
	char line[64];
	long i, count;
	int fd;

	count = argc >= 4 ? atol(argv[3]) : 0;
	if (argc < 4 || argc > 5 || count <= 0) {
		fprintf(stderr, "usage: bench_openfiles loop PATH COUNT [RESULT]\n");
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < count; i++) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		close(fd);
	}
	t1 = now_ns();
	snprintf(line, sizeof(line), "%.1f %ld", (double)(t1 - t0) / count,
		 count);
	return put_result(argc == 5 ? argv[4] : NULL, line);
}

static int do_launch(int argc, char **argv)
{
	char t0s[32], line[32];
	int status;
	uint64_t t0;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: bench_openfiles launch RESULT CMD [ARGS...]\n");
		return 2;
	}
	t0 = now_ns();
	snprintf(t0s, sizeof(t0s), "%" PRIu64, t0);
	if (setenv("BENCH_T0_NS", t0s, 1))
		return 1;
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	snprintf(line, sizeof(line), "%" PRIu64, now_ns() - t0);
	if (put_result(argv[2], line))
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int do_stamp(int argc, char **argv)
{
	uint64_t t1 = now_ns();	/* before anything else of ours */
	const char *t0s = getenv("BENCH_T0_NS");
	char line[32];
	int fd;

	if (argc != 4 || !t0s) {
		fprintf(stderr, "usage: BENCH_T0_NS=T bench_openfiles stamp PATH RESULT\n");
		return 2;
	}
	fd = open(argv[2], O_RDONLY);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	close(fd);
	snprintf(line, sizeof(line), "%" PRIu64,
		 t1 - (uint64_t)strtoull(t0s, NULL, 10));
	return put_result(argv[3], line);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "loop"))
		return do_loop(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "launch"))
		return do_launch(argc, argv);
	if (argc >= 2 && !strcmp(argv[1], "stamp"))
		return do_stamp(argc, argv);
	fprintf(stderr, "usage: bench_openfiles loop|launch|stamp ...\n");
	return 2;
}
