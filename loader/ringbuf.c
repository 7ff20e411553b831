// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ringbuf.c - BPF ring buffer reader; see ringbuf.h.
 *
 * Layout of the map's mmap space, as kernel/bpf/ringbuf.c defines it:
 *	offset 0		consumer page: consumer_pos, writable by us
 *	offset page_size	producer page: producer_pos, read-only
 *	offset 2 * page_size	data, max_entries bytes, mapped twice
 * Each record starts with an 8-byte header whose 32-bit len carries
 * BPF_RINGBUF_BUSY_BIT while the producer still owns it and
 * BPF_RINGBUF_DISCARD_BIT if it was discarded; records are 8-aligned.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/bpf.h>

#include "internal.h"
#include "bpf_sys.h"
#include "ring_poll.h"
#include "ringbuf.h"

struct rb_ring {
	bb_ringbuf_sample_fn cb;
	void *ctx;
	int map_fd;		/* our own dup of the caller's fd */
	__u64 mask;		/* max_entries - 1 */
	unsigned long *consumer_pos;
	unsigned long *producer_pos;
	char *data;
	size_t prod_map_size;	/* producer page + 2 * data */
};

struct bb_ringbuf {
	struct bb_ring_poll poll;	/* poll.cnt rings */
	size_t page_size;
	struct rb_ring **rings;
};

static int rb_map_size(int map_fd, __u32 *size)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = bb_obj_get_info_by_fd(map_fd, &info, &len);
	if (err) {
		bb_pr(NULL, "cannot get information on map fd %d: %s.",
		      map_fd, bb_strerror(err));
		return err;
	}
	if (info.type != BPF_MAP_TYPE_RINGBUF) {
		bb_pr(NULL, "map %s is not a ring buffer (type %u).",
		      info.name, info.type);
		return -EINVAL;
	}
	*size = info.max_entries;
	return 0;
}

static int rb_ring_map(struct rb_ring *r, size_t page_size, __u32 size)
{
	void *p;

	p = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 r->map_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer_pos = p;
	/* Read-only: the kernel refuses writable maps of this part. */
	r->prod_map_size = page_size + 2 * (size_t)size;
	p = mmap(NULL, r->prod_map_size, PROT_READ, MAP_SHARED, r->map_fd,
		 page_size);
	if (p == MAP_FAILED) {
		munmap(r->consumer_pos, page_size);
		return -errno;
	}
	r->producer_pos = p;
	r->data = (char *)p + page_size;
	r->mask = size - 1;
	return 0;
}

static void rb_ring_free(struct rb_ring *r, size_t page_size)
{
	munmap(r->producer_pos, r->prod_map_size);
	munmap(r->consumer_pos, page_size);
	close(r->map_fd);
	free(r);
}

static int rb_ring_open(struct bb_ringbuf *rb, struct rb_ring *r,
			int map_fd, __u32 size)
{
	struct rb_ring **rings;
	int err;

	r->map_fd = fcntl(map_fd, F_DUPFD_CLOEXEC, 3);
	if (r->map_fd < 0)
		return -errno;
	err = rb_ring_map(r, rb->page_size, size);
	if (err)
		goto close_fd;
	rings = realloc(rb->rings, (rb->poll.cnt + 1) * sizeof(*rings));
	if (!rings) {
		err = -ENOMEM;
		goto unmap;
	}
	rb->rings = rings;
	rb->rings[rb->poll.cnt] = r;
	err = bb_ring_poll_add(&rb->poll, r->map_fd);
	if (err)
		goto unmap;
	return 0;

unmap:
	munmap(r->producer_pos, r->prod_map_size);
	munmap(r->consumer_pos, rb->page_size);
close_fd:
	close(r->map_fd);
	return err;
}

int bb_ringbuf__add(struct bb_ringbuf *rb, int map_fd, bb_ringbuf_sample_fn cb,
		    void *ctx)
{
	struct rb_ring *r;
	__u32 size;
	int err;

	err = rb_map_size(map_fd, &size);
	if (err)
		return err;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->cb = cb;
	r->ctx = ctx;
	err = rb_ring_open(rb, r, map_fd, size);
	if (err) {
		bb_pr(NULL,
		      "cannot set up a reader for the ring buffer in map fd %d: %s.",
		      map_fd, bb_strerror(err));
		free(r);
	}
	return err;
}

int bb_ringbuf__new(int map_fd, bb_ringbuf_sample_fn cb, void *ctx,
		    struct bb_ringbuf **rbp)
{
	struct bb_ringbuf *rb;
	int err;

	*rbp = NULL;
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return -ENOMEM;
	rb->page_size = sysconf(_SC_PAGESIZE);
	err = bb_ring_poll_init(&rb->poll);
	if (err) {
		bb_pr(NULL, "cannot create an epoll instance: %s.",
		      bb_strerror(err));
		goto free_rb;
	}
	err = bb_ringbuf__add(rb, map_fd, cb, ctx);
	if (err)
		goto free_rb;
	*rbp = rb;
	return 0;

free_rb:
	bb_ringbuf__free(rb);
	return err;
}

void bb_ringbuf__free(struct bb_ringbuf *rb)
{
	int i;

	if (!rb)
		return;
	for (i = 0; i < rb->poll.cnt; i++)
		rb_ring_free(rb->rings[i], rb->page_size);
	bb_ring_poll_fini(&rb->poll);
	free(rb->rings);
	free(rb);
}

static int rb_ring_consume(struct rb_ring *r)
{
	unsigned long cons, prod;
	__u32 *hdr, len;
	int ret, n = 0;
	bool more;

	cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	do {
		more = false;
		prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
		while (cons < prod) {
			hdr = (__u32 *)(r->data + (cons & r->mask));
			len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
			if (len & BPF_RINGBUF_BUSY_BIT)
				return n;	/* still being written */
			more = true;
			cons += (len & ~BPF_RINGBUF_DISCARD_BIT) +
				BPF_RINGBUF_HDR_SZ + 7;
			cons &= ~7UL;
			ret = 0;
			if (!(len & BPF_RINGBUF_DISCARD_BIT))
				ret = r->cb(r->ctx, hdr + 2,
					    len & ~BPF_RINGBUF_DISCARD_BIT);
			/* Hand the space back only after we read it. */
			__atomic_store_n(r->consumer_pos, cons,
					 __ATOMIC_RELEASE);
			if (ret < 0)
				return ret;
			if (!(len & BPF_RINGBUF_DISCARD_BIT))
				n++;
		}
	} while (more);
	return n;
}

static int rb_consume_idx(void *rb, int idx)
{
	return rb_ring_consume(((struct bb_ringbuf *)rb)->rings[idx]);
}

int bb_ringbuf__consume(struct bb_ringbuf *rb)
{
	return bb_ring_poll_all(&rb->poll, rb_consume_idx, rb);
}

int bb_ringbuf__poll(struct bb_ringbuf *rb, int timeout_ms)
{
	return bb_ring_poll_wait(&rb->poll, timeout_ms, rb_consume_idx, rb);
}

int bb_ringbuf__epoll_fd(const struct bb_ringbuf *rb)
{
	return rb->poll.epoll_fd;
}
