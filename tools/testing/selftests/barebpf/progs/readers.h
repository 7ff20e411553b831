/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Shared by progs/readers.bpf.c and test_readers.c. */
#ifndef BB_TEST_READERS_H
#define BB_TEST_READERS_H

#define RD_MAX_DATA	1024	/* largest variable record payload */
#define RD_SMALL_DATA	248	/* payload of a fixed-size small record */

/* Where one sys_enter_getppid call of the test process emits to. */
#define RD_PERF		0x1	/* perf event array "events" */
#define RD_RB		0x2	/* ring buffer "rb", bpf_ringbuf_output() */
#define RD_RB_SMALL	0x4	/* ring buffer "rb_small", reserve+submit */
#define RD_RB_DISCARD	0x8	/* reserve and discard a record in "rb" */

/* Indices of the per-CPU "fails" counters. */
#define RD_FAIL_RB	0
#define RD_FAIL_PERF	1
#define RD_FAIL_RB_SMALL 2

struct rd_cfg {
	__u32 tgid;
	__u32 len;	/* payload bytes of the next records */
	__u32 seq;	/* sequence number of the next record */
	__u32 dest;	/* RD_* */
};

/* data[i] == rd_pattern(seq, i) */
struct rd_rec {
	__u32 seq;
	__u32 len;
	__u8 data[RD_MAX_DATA];
};

struct rd_small_rec {
	__u32 seq;
	__u32 len;
	__u8 data[RD_SMALL_DATA];
};

#define rd_pattern(seq, i)	((__u8)((seq) * 7 + (i)))

#endif /* BB_TEST_READERS_H */
