/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * perf_buffer.h - read a BPF_MAP_TYPE_PERF_EVENT_ARRAY from user space.
 *
 * The BPF side calls bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU,
 * data, size); every CPU has its own ring, so records are in order per
 * CPU only. The kernel pads each sample so that the u32 size and the
 * data together are a multiple of 8 bytes: @size in the callback can be
 * up to 7 bytes more than the program emitted. For the same reason @data
 * is 4 bytes past an 8-byte boundary: copy a record with 8-byte fields
 * out (memcpy) before reading them.
 */
#ifndef BB_PERF_BUFFER_H
#define BB_PERF_BUFFER_H

#include <stddef.h>
#include <linux/types.h>

struct bb_perf_buffer;

/* One sample; a negative return stops consumption and is returned. */
typedef int (*bb_perf_sample_fn)(void *ctx, int cpu, void *data,
				 __u32 size);
/* The kernel dropped @lost records on @cpu because its ring was full. */
typedef void (*bb_perf_lost_fn)(void *ctx, int cpu, __u64 lost);

/**
 * struct bb_perf_buffer_opts - optional settings of a perf buffer
 * @wakeup_bytes: wake the reader once a ring holds this many bytes (a
 *		watermark, less than the ring) instead of after every
 *		record; 0 wakes it for every record. A wakeup costs the
 *		kernel an irq_work and the reader a context switch, which at
 *		high rates dwarfs the record itself. Records below the
 *		watermark wait for the next wakeup, so a reader that sets it
 *		must also call bb_perf_buffer__consume() on a timeout.
 */
struct bb_perf_buffer_opts {
	__u32 wakeup_bytes;
};

/**
 * bb_perf_buffer__new() - open one ring per online CPU for @map_fd
 * @map_fd:	BPF_MAP_TYPE_PERF_EVENT_ARRAY
 * @pages_per_cpu: data pages per ring, a power of two
 * @sample_cb:	called for each record
 * @lost_cb:	called for each PERF_RECORD_LOST, may be NULL
 * @ctx:	passed to the callbacks
 * @opts:	optional settings, NULL for the defaults
 * @pbp:	receives the reader
 *
 * Stores each CPU's perf event fd in the map at key = CPU number.
 * Returns 0 or -errno after printing why.
 */
int bb_perf_buffer__new(int map_fd, size_t pages_per_cpu,
			bb_perf_sample_fn sample_cb, bb_perf_lost_fn lost_cb,
			void *ctx, const struct bb_perf_buffer_opts *opts,
			struct bb_perf_buffer **pbp);

/*
 * Wait up to @timeout_ms (-1: forever) for data, then consume the rings
 * that have some. Returns the number of records handled (0 on timeout
 * or when a signal interrupted the wait), or a negative error.
 */
int bb_perf_buffer__poll(struct bb_perf_buffer *pb, int timeout_ms);
/* Consume every ring without waiting; returns records handled. */
int bb_perf_buffer__consume(struct bb_perf_buffer *pb);
/* Total records the kernel reported lost since bb_perf_buffer__new(). */
__u64 bb_perf_buffer__lost(const struct bb_perf_buffer *pb);
/* The epoll fd, to plug the reader into the caller's own event loop. */
int bb_perf_buffer__epoll_fd(const struct bb_perf_buffer *pb);
/* Remove the fds from the map, unmap and close everything; NULL is ok. */
void bb_perf_buffer__free(struct bb_perf_buffer *pb);

#endif /* BB_PERF_BUFFER_H */
