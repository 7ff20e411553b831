// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_readers - the perf buffer and ring buffer readers.
 *
 * progs/readers.bpf.c emits one numbered record per getppid() of this
 * process, of a size we choose, to a perf event array and/or ring
 * buffers (see progs/readers.h). Records are checked for count, order,
 * size and every payload byte. Pinning the process to one CPU at a time
 * tells us which perf ring each record must arrive on.
 */
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "kselftest_harness.h"
#include "test_util.h"
#include "tracepoint.h"
#include "perf_buffer.h"
#include "ringbuf.h"
#include "progs/readers.h"

/* Payload sizes chosen so perf records straddle the end of the ring. */
static const __u32 sizes[] = {
	0, 1, 3, 8, 13, 60, 100, 255, 511, 777, 1000, RD_MAX_DATA,
};
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

FIXTURE(rd) {
	struct bb_object *obj;
	int link_fd;
	int cfg_fd;
	int fails_fd;
	int events_fd;
	int rb_fd;
	int rb_small_fd;
	int ncpus;
	__u32 next_seq;		/* seq the BPF side will use next */
};

/* What the callbacks expect next and what they found. */
struct expect {
	int cpu;		/* -1: any */
	__u32 seq;		/* next sequence number */
	__u32 len;		/* its payload size */
	bool seq_gaps_ok;	/* records may be missing (overflow) */
	int got;
	int bad;
	char why[128];
	__u64 lost;
};

FIXTURE_SETUP(rd)
{
	int prog_fd;

	self->link_fd = -1;
	self->ncpus = bb_num_possible_cpus();
	ASSERT_LT(0, self->ncpus);
	ASSERT_EQ(0, bb_test_open_load("readers", &self->obj));
	self->cfg_fd = bb_test_map_fd(self->obj, "cfg");
	self->fails_fd = bb_test_map_fd(self->obj, "fails");
	self->events_fd = bb_test_map_fd(self->obj, "events");
	self->rb_fd = bb_test_map_fd(self->obj, "rb");
	self->rb_small_fd = bb_test_map_fd(self->obj, "rb_small");
	prog_fd = bb_test_prog_fd(self->obj, "emit");
	ASSERT_LE(0, self->cfg_fd);
	ASSERT_LE(0, self->fails_fd);
	ASSERT_LE(0, self->events_fd);
	ASSERT_LE(0, self->rb_fd);
	ASSERT_LE(0, self->rb_small_fd);
	ASSERT_LE(0, prog_fd);
	self->link_fd = bb_tracepoint_attach(prog_fd, "syscalls",
					     "sys_enter_getppid");
	ASSERT_LE(0, self->link_fd);
}

FIXTURE_TEARDOWN(rd)
{
	if (self->link_fd >= 0)
		close(self->link_fd);
	bb_object__close(self->obj);
}

/* Make the next @n getppid() calls emit @len-byte records to @dest. */
static void emit(struct __test_metadata *_metadata, FIXTURE_DATA(rd) *self,
		 __u32 len, __u32 dest, int n)
{
	struct rd_cfg c = {
		.tgid = getpid(), .len = len, .seq = self->next_seq,
		.dest = dest,
	};
	__u32 zero = 0;

	ASSERT_EQ(0, bb_map_update_elem(self->cfg_fd, &zero, &c, BPF_ANY));
	for (; n > 0; n--) {
		syscall(SYS_getppid);
		self->next_seq++;
	}
}

static __u64 fails(struct __test_metadata *_metadata,
		   FIXTURE_DATA(rd) *self, __u32 key)
{
	__u64 vals[self->ncpus], sum = 0;
	int i;

	ASSERT_EQ(0, bb_map_lookup_elem(self->fails_fd, &key, vals, 0));
	for (i = 0; i < self->ncpus; i++)
		sum += vals[i];
	return sum;
}

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int mismatch(struct expect *e, const char *why)
{
	if (!e->bad++)
		snprintf(e->why, sizeof(e->why), "record %d (seq %u): %s",
			 e->got, e->seq, why);
	return 0;
}

/*
 * Check one record against @e. @slack: bytes of padding the transport
 * may add after the payload (perf pads samples to 8 bytes).
 */
static int check_record(struct expect *e, const void *data, size_t size,
			size_t slack)
{
	const struct rd_rec *r = data;
	__u32 i;

	if (size < 8)
		return mismatch(e, "shorter than its header");
	if (r->seq != e->seq && !(e->seq_gaps_ok && r->seq > e->seq))
		return mismatch(e, "out of order");
	e->seq = r->seq + 1;
	if (r->len != e->len || size < 8 + r->len ||
	    size > 8 + r->len + slack)
		return mismatch(e, "wrong size");
	for (i = 0; i < r->len; i++)
		if (r->data[i] != rd_pattern(r->seq, i))
			return mismatch(e, "wrong contents");
	e->got++;
	return 0;
}

static int perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct expect *e = ctx;

	if (e->cpu >= 0 && cpu != e->cpu)
		return mismatch(e, "arrived on the wrong CPU");
	return check_record(e, data, size, 7);
}

static void perf_lost(void *ctx, int cpu, __u64 lost)
{
	struct expect *e = ctx;

	(void)cpu;
	e->lost += lost;
}

static int rb_sample(void *ctx, void *data, size_t size)
{
	return check_record(ctx, data, size, 0);
}

/* Bytes a sample of @len payload bytes takes in a perf ring. */
static size_t perf_rec_size(__u32 len)
{
	/* header, u32 size, record; size + record padded to 8 */
	return 8 + ((4 + 8 + len + 7) & ~7UL);
}

TEST_F(rd, perf_buffer_order_contents_and_wrap)
{
	const int per_cpu = 240, ring = 4096;
	struct bb_perf_buffer *pb;
	struct expect e = { 0 };
	int cpu, i, n, pinned = 0, wraps = 0;
	size_t off;
	cpu_set_t allowed;
	__u32 len;

	ASSERT_EQ(ring, sysconf(_SC_PAGESIZE));
	ASSERT_EQ(0, bb_perf_buffer__new(self->events_fd, 1, perf_sample,
					 perf_lost, &e, NULL, &pb));
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(allowed), &allowed));
	for (cpu = 0; cpu < self->ncpus; cpu++) {
		if (!CPU_ISSET(cpu, &allowed) || pin_to(cpu))
			continue;
		pinned++;
		e.cpu = cpu;
		for (i = 0, off = 0; i < per_cpu && !e.bad; i++) {
			len = sizes[i % NSIZES];
			e.seq = self->next_seq;
			e.len = len;
			if (off % ring + perf_rec_size(len) > (size_t)ring)
				wraps++;
			off += perf_rec_size(len);
			emit(_metadata, self, len, RD_PERF, 1);
			/* Alternate waiting and not waiting. */
			n = i & 1 ? bb_perf_buffer__consume(pb) :
				    bb_perf_buffer__poll(pb, 1000);
			ASSERT_EQ(1, n) TH_LOG("record %d on CPU %d", i, cpu);
		}
	}
	EXPECT_EQ(0, e.bad) TH_LOG("%s", e.why);
	EXPECT_EQ(pinned * per_cpu, e.got);
	EXPECT_EQ(0, e.lost);
	EXPECT_EQ(0, bb_perf_buffer__lost(pb));
	EXPECT_EQ(0, fails(_metadata, self, RD_FAIL_PERF));
	EXPECT_LT(pinned, wraps) TH_LOG("no record wrapped the ring end");
	TH_LOG("%d records on %d CPUs, %d wrapped the ring end", e.got,
	       pinned, wraps);
	bb_perf_buffer__free(pb);
}

TEST_F(rd, perf_buffer_overflow_counts_lost)
{
	const int flood = 100, after = 10;
	struct bb_perf_buffer *pb;
	struct expect e = { .cpu = -1, .seq_gaps_ok = true, .len = 1000 };
	int got_flood;

	ASSERT_EQ(0, pin_to(0));
	ASSERT_EQ(0, bb_perf_buffer__new(self->events_fd, 1, perf_sample,
					 perf_lost, &e, NULL, &pb));
	/* ~100 KiB into a 4 KiB ring, without reading. */
	emit(_metadata, self, 1000, RD_PERF, flood);
	bb_perf_buffer__consume(pb);
	got_flood = e.got;
	EXPECT_LT(0, got_flood);
	EXPECT_GT(flood, got_flood);
	/* The kernel reports the loss with the next record it can write. */
	e.seq_gaps_ok = false;
	e.seq = self->next_seq;
	e.len = 100;
	emit(_metadata, self, 100, RD_PERF, after);
	bb_perf_buffer__consume(pb);
	EXPECT_EQ(0, e.bad) TH_LOG("%s", e.why);
	EXPECT_EQ(got_flood + after, e.got);
	EXPECT_EQ(flood - got_flood, e.lost);
	EXPECT_EQ(e.lost, bb_perf_buffer__lost(pb));
	EXPECT_EQ(e.lost, fails(_metadata, self, RD_FAIL_PERF));
	TH_LOG("flood of %d: %d read, %llu lost; then %d of %d read", flood,
	       got_flood, (unsigned long long)e.lost, e.got - got_flood,
	       after);
	bb_perf_buffer__free(pb);
}

TEST_F(rd, ringbuf_order_contents_and_discards)
{
	const int total = 600;
	struct bb_ringbuf *rb;
	struct expect e = { .cpu = -1 };
	int i, n, got = 0;
	__u32 len;

	ASSERT_EQ(0, bb_ringbuf__new(self->rb_fd, rb_sample, &e, &rb));
	for (i = 0; i < total && !e.bad; i++) {
		len = sizes[(i * 5) % NSIZES];
		e.len = len;
		e.seq = self->next_seq;
		/* Every record is preceded by a discarded reservation. */
		emit(_metadata, self, len, RD_RB | RD_RB_DISCARD, 1);
		n = i & 1 ? bb_ringbuf__consume(rb) :
			    bb_ringbuf__poll(rb, 1000);
		ASSERT_EQ(1, n) TH_LOG("record %d", i);
		got += n;
	}
	EXPECT_EQ(0, e.bad) TH_LOG("%s", e.why);
	EXPECT_EQ(total, e.got);
	EXPECT_EQ(total, got);
	EXPECT_EQ(0, fails(_metadata, self, RD_FAIL_RB));
	bb_ringbuf__free(rb);
}

TEST_F(rd, ringbuf_overflow_and_two_rings)
{
	const int flood = 50, after = 5;
	struct expect big = { .cpu = -1, .len = 60 };
	struct expect small = { .cpu = -1, .len = RD_SMALL_DATA,
				.seq_gaps_ok = true };
	struct bb_ringbuf *rb;
	__u64 failed;
	int n;

	ASSERT_EQ(0, bb_ringbuf__new(self->rb_fd, rb_sample, &big, &rb));
	ASSERT_EQ(0, bb_ringbuf__add(rb, self->rb_small_fd, rb_sample,
				     &small));
	/* 50 records of 264 bytes into a 4 KiB ring, without reading. */
	big.seq = small.seq = self->next_seq;
	emit(_metadata, self, 60, RD_RB | RD_RB_SMALL, flood);
	failed = fails(_metadata, self, RD_FAIL_RB_SMALL);
	n = bb_ringbuf__consume(rb);
	EXPECT_EQ(2 * flood - failed, n);
	EXPECT_LT(0, failed);
	EXPECT_EQ(flood, small.got + failed);
	EXPECT_EQ(flood, big.got);
	/* The drained ring takes records again. */
	small.seq_gaps_ok = false;
	big.seq = small.seq = self->next_seq;
	emit(_metadata, self, 60, RD_RB | RD_RB_SMALL, after);
	EXPECT_EQ(2 * after, bb_ringbuf__poll(rb, 1000));
	EXPECT_EQ(0, big.bad) TH_LOG("%s", big.why);
	EXPECT_EQ(0, small.bad) TH_LOG("%s", small.why);
	EXPECT_EQ(flood - failed + after, small.got);
	EXPECT_EQ(flood + after, big.got);
	EXPECT_EQ(failed, fails(_metadata, self, RD_FAIL_RB_SMALL));
	EXPECT_EQ(0, fails(_metadata, self, RD_FAIL_RB));
	TH_LOG("small ring: %d read, %llu reservations failed", small.got,
	       (unsigned long long)failed);
	bb_ringbuf__free(rb);
}

static volatile sig_atomic_t got_alarm;

static void on_alarm(int sig)
{
	(void)sig;
	got_alarm = 1;
}

/* Without SA_RESTART the wait ends with EINTR, which must read as 0. */
static void arm_alarm(struct __test_metadata *_metadata)
{
	struct itimerval it = { .it_value = { .tv_usec = 50000 } };
	struct sigaction sa = { .sa_handler = on_alarm };

	got_alarm = 0;
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
}

/*
 * With a watermark the kernel wakes the reader only once a ring holds
 * that many bytes; what sits below it is still there for consume().
 */
TEST_F(rd, perf_buffer_watermark_defers_wakeups)
{
	struct bb_perf_buffer_opts opts = { .wakeup_bytes = 2048 };
	struct expect e = { .cpu = 0, .len = 100 };
	struct bb_perf_buffer *pb;
	int n;

	ASSERT_EQ(4096, sysconf(_SC_PAGESIZE));
	ASSERT_EQ(0, pin_to(0));
	ASSERT_EQ(0, bb_perf_buffer__new(self->events_fd, 1, perf_sample,
					 perf_lost, &e, &opts, &pb));
	e.seq = self->next_seq;
	emit(_metadata, self, 100, RD_PERF, 1);
	EXPECT_EQ(0, bb_perf_buffer__poll(pb, 50));	/* no wakeup yet */
	EXPECT_EQ(1, bb_perf_buffer__consume(pb));	/* but it is there */
	/* 2048 / perf_rec_size(100) = 16.x: the 17th record wakes us. */
	emit(_metadata, self, 100, RD_PERF, 16);
	EXPECT_EQ(0, bb_perf_buffer__poll(pb, 50));
	emit(_metadata, self, 100, RD_PERF, 1);
	n = bb_perf_buffer__poll(pb, 1000);
	EXPECT_EQ(17, n);
	EXPECT_EQ(0, e.bad) TH_LOG("%s", e.why);
	EXPECT_EQ(18, e.got);
	bb_perf_buffer__free(pb);
}

TEST_F(rd, poll_returns_on_signal_and_timeout)
{
	struct expect e = { .cpu = -1 };
	struct bb_perf_buffer *pb;
	struct bb_ringbuf *rb;

	ASSERT_EQ(0, bb_perf_buffer__new(self->events_fd, 2, perf_sample,
					 NULL, &e, NULL, &pb));
	ASSERT_EQ(0, bb_ringbuf__new(self->rb_fd, rb_sample, &e, &rb));
	EXPECT_EQ(0, bb_perf_buffer__poll(pb, 10));
	EXPECT_EQ(0, bb_ringbuf__poll(rb, 10));
	arm_alarm(_metadata);
	EXPECT_EQ(0, bb_perf_buffer__poll(pb, 5000));
	EXPECT_EQ(1, got_alarm);
	arm_alarm(_metadata);
	EXPECT_EQ(0, bb_ringbuf__poll(rb, 5000));
	EXPECT_EQ(1, got_alarm);
	bb_ringbuf__free(rb);
	bb_perf_buffer__free(pb);
}

TEST_F(rd, wrong_maps_are_refused)
{
	struct bb_perf_buffer_opts big_mark = { .wakeup_bytes = 1 << 20 };
	struct bb_test_capture cap = { -1, -1 };
	struct bb_perf_buffer *pb;
	struct bb_ringbuf *rb;
	char msg[1024];

	ASSERT_EQ(0, bb_test_capture_start(&cap));
	EXPECT_EQ(-EINVAL, bb_perf_buffer__new(self->rb_fd, 1, perf_sample,
					       NULL, NULL, NULL, &pb));
	EXPECT_EQ(-EINVAL, bb_perf_buffer__new(self->events_fd, 3,
					       perf_sample, NULL, NULL, NULL,
					       &pb));
	EXPECT_EQ(-EINVAL, bb_perf_buffer__new(self->events_fd, 1,
					       perf_sample, NULL, NULL,
					       &big_mark, &pb));
	EXPECT_EQ(-EINVAL, bb_ringbuf__new(self->events_fd, rb_sample, NULL,
					   &rb));
	bb_test_capture_end(&cap, msg, sizeof(msg));
	EXPECT_NE(NULL, strstr(msg, "map rb is not a perf event array"));
	EXPECT_NE(NULL, strstr(msg, "pages must be a power of two, not 3"));
	EXPECT_NE(NULL, strstr(msg, "does not fit a 4096-byte ring"));
	EXPECT_NE(NULL, strstr(msg, "map events is not a ring buffer"));
}

TEST_HARNESS_MAIN
