/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bb_ringbuf.h - when a BPF program should wake the ring buffer's reader.
 *
 * With flags 0, bpf_ringbuf_submit() and bpf_ringbuf_output() wake the
 * reader whenever it has caught up, and a reader that keeps up has
 * nearly always caught up: every record then costs an irq_work and a
 * wakeup, more than the record itself (under a VM it doubled the cost
 * of an open in openfiles, and took fw from 50 ns to 2 us per logged
 * drop). Instead the program wakes the reader when the unread data
 * crosses 1/16 of the ring, every time while it is past half the ring,
 * and for records that must not wait. The reader must therefore also
 * drain the ring on a poll timeout; epoll on a ring buffer is
 * level-triggered, so nothing is left behind.
 */
#ifndef BB_RINGBUF_H
#define BB_RINGBUF_H

#include <stdbool.h>
#include "bb_helpers.h"

/*
 * Flags for submitting a record of @size bytes to @rb, asked before the
 * record is reserved or output.
 */
static __always_inline __u64 bb_ringbuf_wakeup(void *rb, __u64 size,
					       bool urgent)
{
	__u64 ring = bpf_ringbuf_query(rb, BPF_RB_RING_SIZE);
	__u64 avail = bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA);
	__u64 mark = ring / 16;

	if (urgent || avail + size >= ring / 2 ||
	    (avail < mark && avail + size >= mark))
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

#endif /* BB_RINGBUF_H */
