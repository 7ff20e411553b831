// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ring_poll.c - one epoll instance over the rings of a reader; see
 * ring_poll.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "ring_poll.h"

int bb_ring_poll_init(struct bb_ring_poll *rp)
{
	rp->events = NULL;
	rp->cnt = 0;
	rp->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	return rp->epoll_fd < 0 ? -errno : 0;
}

int bb_ring_poll_add(struct bb_ring_poll *rp, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct epoll_event *events;

	events = realloc(rp->events, (rp->cnt + 1) * sizeof(*events));
	if (!events)
		return -ENOMEM;
	rp->events = events;
	ev.data.u32 = rp->cnt;
	if (epoll_ctl(rp->epoll_fd, EPOLL_CTL_ADD, fd, &ev))
		return -errno;
	rp->cnt++;
	return 0;
}

void bb_ring_poll_fini(struct bb_ring_poll *rp)
{
	if (rp->epoll_fd >= 0)
		close(rp->epoll_fd);
	rp->epoll_fd = -1;
	free(rp->events);
	rp->events = NULL;
	rp->cnt = 0;
}

/* Drain @n rings: those epoll_wait() reported if @ready, else 0..n-1. */
static int consume_rings(const struct bb_ring_poll *rp, int n, bool ready,
			 bb_ring_consume_fn consume, void *reader)
{
	int i, ret, total = 0;

	for (i = 0; i < n; i++) {
		ret = consume(reader, ready ? (int)rp->events[i].data.u32 : i);
		if (ret < 0)
			return ret;
		total += ret;
	}
	return total;
}

int bb_ring_poll_wait(struct bb_ring_poll *rp, int timeout_ms,
		      bb_ring_consume_fn consume, void *reader)
{
	int n;

	n = epoll_wait(rp->epoll_fd, rp->events, rp->cnt, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	return consume_rings(rp, n, true, consume, reader);
}

int bb_ring_poll_all(struct bb_ring_poll *rp, bb_ring_consume_fn consume,
		     void *reader)
{
	return consume_rings(rp, rp->cnt, false, consume, reader);
}
