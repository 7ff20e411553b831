/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ringbuf.h - read one or more BPF_MAP_TYPE_RINGBUF maps from user space.
 *
 * A BPF ring buffer is shared by all CPUs, so records arrive in the
 * order the programs reserved them. The reader maps the ring once,
 * reads records in place (the kernel maps the data area twice in a row,
 * so a record is always contiguous) and hands each one to a callback.
 */
#ifndef BB_RINGBUF_H
#define BB_RINGBUF_H

#include <stddef.h>

struct bb_ringbuf;

/*
 * One record; @data is only valid during the call. A negative return
 * stops consumption (the record counts as consumed) and is returned by
 * bb_ringbuf__poll()/bb_ringbuf__consume().
 */
typedef int (*bb_ringbuf_sample_fn)(void *ctx, void *data, size_t size);

/**
 * bb_ringbuf__new() - start a reader with the ring buffer @map_fd
 * @rbp:	receives the reader
 *
 * Returns 0 or -errno after printing why.
 */
int bb_ringbuf__new(int map_fd, bb_ringbuf_sample_fn cb, void *ctx,
		    struct bb_ringbuf **rbp);
/* Read one more ring buffer map through the same reader. */
int bb_ringbuf__add(struct bb_ringbuf *rb, int map_fd, bb_ringbuf_sample_fn cb,
		    void *ctx);
/*
 * Wait up to @timeout_ms (-1: forever) for records, then consume the
 * rings that have some. Returns the number of records handled (0 on
 * timeout or when a signal interrupted the wait) or a negative error.
 */
int bb_ringbuf__poll(struct bb_ringbuf *rb, int timeout_ms);
/* Consume everything available in every ring without waiting. */
int bb_ringbuf__consume(struct bb_ringbuf *rb);
/* The epoll fd, to plug the reader into the caller's own event loop. */
int bb_ringbuf__epoll_fd(const struct bb_ringbuf *rb);
/* Unmap and close everything; NULL is ok. */
void bb_ringbuf__free(struct bb_ringbuf *rb);

#endif /* BB_RINGBUF_H */
