// SPDX-License-Identifier: GPL-2.0
/*
 * of_uring DIR [sqpoll] - open files through io_uring, where no open
 * system call is made: strace and the syscall tracepoints see none of
 * them. Raw io_uring_setup()/io_uring_enter(), no liburing, so the test
 * needs nothing but the kernel.
 *
 * One batch of requests, each named by its user_data:
 *   1 IORING_OP_OPENAT   DIR/uring-a
 *   2 IORING_OP_OPENAT2  DIR/uring-b
 *   3 IORING_OP_OPENAT   DIR/uring-missing (fails: ENOENT)
 *   4 IORING_OP_OPENAT   DIR/uring-async, IOSQE_ASYNC: run by an io-wq
 *                        worker thread, not the submitter
 *   5 IORING_OP_OPENAT   "uring-rel" relative to a dirfd on DIR
 *   6 IORING_OP_OPENAT   DIR/uring-fixed into fixed-file slot 2
 * With "sqpoll" the ring's own kernel thread submits them.
 * Prints "user_data result" for each completion, in user_data order.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/io_uring.h>
#include <linux/openat2.h>

#define NR_REQS		6
#define FIXED_SLOT	2

struct ring {
	int fd;
	struct io_uring_params p;
	void *sq, *cq;
	struct io_uring_sqe *sqes;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
};

static char paths[NR_REQS][PATH_MAX];
static struct open_how how = { .flags = O_RDONLY };

static int ring_setup(struct ring *r, bool sqpoll)
{
	memset(r, 0, sizeof(*r));
	if (sqpoll) {
		r->p.flags = IORING_SETUP_SQPOLL;
		r->p.sq_thread_idle = 1000;
	}
	r->fd = syscall(__NR_io_uring_setup, 8, &r->p);
	if (r->fd < 0)
		return -errno;
	r->sq = mmap(NULL, r->p.sq_off.array + r->p.sq_entries * 4,
		     PROT_READ | PROT_WRITE, MAP_SHARED, r->fd,
		     IORING_OFF_SQ_RING);
	r->cq = mmap(NULL, r->p.cq_off.cqes +
		     r->p.cq_entries * sizeof(struct io_uring_cqe),
		     PROT_READ | PROT_WRITE, MAP_SHARED, r->fd,
		     IORING_OFF_CQ_RING);
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct io_uring_sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED, r->fd,
		       IORING_OFF_SQES);
	if (r->sq == MAP_FAILED || r->cq == MAP_FAILED ||
	    r->sqes == MAP_FAILED)
		return -errno;
	r->sq_tail = (unsigned int *)((char *)r->sq + r->p.sq_off.tail);
	r->sq_array = (unsigned int *)((char *)r->sq + r->p.sq_off.array);
	r->cq_head = (unsigned int *)((char *)r->cq + r->p.cq_off.head);
	r->cq_tail = (unsigned int *)((char *)r->cq + r->p.cq_off.tail);
	r->cq_mask = (unsigned int *)((char *)r->cq + r->p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)((char *)r->cq + r->p.cq_off.cqes);
	return 0;
}

/* A sparse table of fixed files, so that request 6 has a slot to fill. */
static int register_files(struct ring *r)
{
	struct io_uring_rsrc_register reg = {
		.nr = 4,
		.flags = IORING_RSRC_REGISTER_SPARSE,
	};

	if (syscall(__NR_io_uring_register, r->fd, IORING_REGISTER_FILES2,
		    &reg, sizeof(reg)) < 0)
		return -errno;
	return 0;
}

static void prep_open(struct io_uring_sqe *sqe, __u8 op, int dfd,
		      const char *path, __u64 user_data)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = op;
	sqe->fd = dfd;
	sqe->addr = (unsigned long)path;
	sqe->user_data = user_data;
	if (op == IORING_OP_OPENAT2) {
		sqe->len = sizeof(how);
		sqe->off = (unsigned long)&how;
	} else {
		sqe->open_flags = O_RDONLY;
	}
}

static void queue_all(struct ring *r, int dirfd, const char *dir)
{
	static const char *const names[NR_REQS] = {
		"uring-a", "uring-b", "uring-missing", "uring-async",
		"uring-rel", "uring-fixed",
	};
	unsigned int tail = *r->sq_tail, i;
	struct io_uring_sqe *sqe;

	for (i = 0; i < NR_REQS; i++) {
		snprintf(paths[i], PATH_MAX, "%s/%s", dir, names[i]);
		sqe = &r->sqes[i];
		prep_open(sqe, i == 1 ? IORING_OP_OPENAT2 : IORING_OP_OPENAT,
			  AT_FDCWD, paths[i], i + 1);
		r->sq_array[(tail + i) & (r->p.sq_entries - 1)] = i;
	}
	r->sqes[3].flags = IOSQE_ASYNC;
	r->sqes[4].fd = dirfd;
	r->sqes[4].addr = (unsigned long)names[4];
	r->sqes[5].file_index = FIXED_SLOT + 1;
	__atomic_store_n(r->sq_tail, tail + NR_REQS, __ATOMIC_RELEASE);
}

/* With SQPOLL the ring's thread submits; it may need waking up. */
static int submit(struct ring *r)
{
	unsigned int flags = 0;

	if (r->p.flags & IORING_SETUP_SQPOLL)
		flags = IORING_ENTER_SQ_WAKEUP;
	if (syscall(__NR_io_uring_enter, r->fd, NR_REQS, 0, flags, NULL,
		    0) < 0)
		return -errno;
	return 0;
}

static int reap(struct ring *r, int res[NR_REQS])
{
	unsigned int head = *r->cq_head, seen = 0;
	struct io_uring_cqe *cqe;

	while (seen < NR_REQS) {
		if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE) &&
		    syscall(__NR_io_uring_enter, r->fd, 0, 1,
			    IORING_ENTER_GETEVENTS, NULL, 0) < 0 &&
		    errno != EINTR)
			return -errno;
		while (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			cqe = &r->cqes[head & *r->cq_mask];
			if (cqe->user_data >= 1 && cqe->user_data <= NR_REQS) {
				res[cqe->user_data - 1] = cqe->res;
				seen++;
			}
			head++;
		}
		__atomic_store_n(r->cq_head, head, __ATOMIC_RELEASE);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int res[NR_REQS], dirfd, err, i;
	struct ring r;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "sqpoll"))) {
		fprintf(stderr, "usage: of_uring DIR [sqpoll]\n");
		return 2;
	}
	dirfd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (dirfd < 0) {
		perror(argv[1]);
		return 1;
	}
	err = ring_setup(&r, argc == 3);
	if (!err)
		err = register_files(&r);
	if (err) {
		fprintf(stderr, "of_uring: io_uring setup failed: %s\n",
			strerror(-err));
		return 1;
	}
	queue_all(&r, dirfd, argv[1]);
	err = submit(&r);
	if (!err)
		err = reap(&r, res);
	if (err) {
		fprintf(stderr, "of_uring: io_uring_enter failed: %s\n",
			strerror(-err));
		return 1;
	}
	for (i = 0; i < NR_REQS; i++)
		printf("%d %d\n", i + 1, res[i]);
	return 0;
}
