/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ring_poll.h - one epoll instance over the rings of a reader.
 *
 * The perf buffer and the ring buffer readers both wait on many rings
 * at once and then drain the ready ones. Each ring is registered with
 * its index in the reader as the event's data, so a wakeup leads
 * straight to its ring. Internal to the loader.
 */
#ifndef BB_RING_POLL_H
#define BB_RING_POLL_H

#include <sys/epoll.h>

struct bb_ring_poll {
	int epoll_fd;
	struct epoll_event *events;	/* one per ring, for epoll_wait() */
	int cnt;			/* rings added */
};

/* Drain ring @idx of @reader: records read, or -errno to stop. */
typedef int (*bb_ring_consume_fn)(void *reader, int idx);

/* An empty set: 0 or -errno. bb_ring_poll_fini() is safe either way. */
int bb_ring_poll_init(struct bb_ring_poll *rp);

/* Watch @fd as ring rp->cnt, then count it: 0 or -errno. */
int bb_ring_poll_add(struct bb_ring_poll *rp, int fd);

void bb_ring_poll_fini(struct bb_ring_poll *rp);

/*
 * Wait up to @timeout_ms (-1: no limit) and drain the rings that are
 * ready. Returns the records read (0 after a timeout or a signal) or the
 * first -errno.
 */
int bb_ring_poll_wait(struct bb_ring_poll *rp, int timeout_ms,
		      bb_ring_consume_fn consume, void *reader);

/* Drain every ring without waiting; returns as bb_ring_poll_wait(). */
int bb_ring_poll_all(struct bb_ring_poll *rp, bb_ring_consume_fn consume,
		     void *reader);

#endif /* BB_RING_POLL_H */
