// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * perf_buffer.c - per-CPU perf rings behind a perf event array; see
 * perf_buffer.h.
 *
 * Each ring is one metadata page (struct perf_event_mmap_page) followed
 * by 2^n data pages. The kernel advances data_head after writing records;
 * we read records between data_tail and data_head and then advance
 * data_tail, which hands the space back. Records are 8-byte aligned, so
 * a struct perf_event_header never straddles the end of the ring, but
 * the record behind it may: such records are copied out whole first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "internal.h"
#include "bpf_sys.h"
#include "perf_buffer.h"
#include "perf_event.h"
#include "ring_poll.h"

struct pb_ring {
	int cpu;
	int fd;		/* perf event, stored in the map at key @cpu */
	void *base;	/* metadata page, then the data pages */
};

struct bb_perf_buffer {
	int map_fd;	/* our own dup, so __free() never hits a reused fd */
	struct bb_ring_poll poll;	/* poll.cnt rings open */
	size_t page_size;
	size_t data_size;
	__u32 wakeup_bytes;
	bb_perf_sample_fn sample_cb;
	bb_perf_lost_fn lost_cb;
	void *ctx;
	__u64 lost;
	struct pb_ring *rings;
	void *bounce;	/* holds a record that wraps the end of a ring */
	size_t bounce_size;
};

struct pb_sample {
	struct perf_event_header header;
	__u32 size;
	char data[];
};

struct pb_lost {
	struct perf_event_header header;
	__u64 id;
	__u64 lost;
};

static int pb_event_open(int cpu, __u32 wakeup_bytes)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_BPF_OUTPUT;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.sample_period = 1;
	if (wakeup_bytes) {
		attr.watermark = 1;
		attr.wakeup_watermark = wakeup_bytes;
	} else {
		attr.wakeup_events = 1;
	}
	return bb_perf_event_open(&attr, -1, cpu);
}

/* Open, map and register the ring of @cpu as pb->rings[pb->poll.cnt]. */
static int pb_ring_open(struct bb_perf_buffer *pb, int cpu)
{
	struct pb_ring *r = &pb->rings[pb->poll.cnt];
	int err;

	r->cpu = cpu;
	r->fd = pb_event_open(cpu, pb->wakeup_bytes);
	if (r->fd < 0)
		return r->fd;	/* -ENODEV: the CPU is offline */
	r->base = mmap(NULL, pb->page_size + pb->data_size,
		       PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->base == MAP_FAILED) {
		err = -errno;
		bb_pr(NULL,
		      "cannot map the %zu-byte perf ring of CPU %d: %s.",
		      pb->data_size, cpu, bb_strerror(err));
		goto close_fd;
	}
	err = bb_map_update_elem(pb->map_fd, &cpu, &r->fd, BPF_ANY);
	if (err) {
		bb_pr(NULL,
		      "cannot put CPU %d's perf event in the map: %s.",
		      cpu, bb_strerror(err));
		goto unmap;
	}
	err = bb_ring_poll_add(&pb->poll, r->fd);
	if (err) {
		bb_pr(NULL, "cannot poll the perf ring of CPU %d: %s.",
		      cpu, bb_strerror(err));
		goto delete_elem;
	}
	return 0;

delete_elem:
	bb_map_delete_elem(pb->map_fd, &cpu);
unmap:
	munmap(r->base, pb->page_size + pb->data_size);
close_fd:
	close(r->fd);
	return err;
}

static void pb_ring_close(struct bb_perf_buffer *pb, struct pb_ring *r)
{
	bb_map_delete_elem(pb->map_fd, &r->cpu);
	munmap(r->base, pb->page_size + pb->data_size);
	close(r->fd);
}

/* How many rings: possible CPUs, but no more than the map has slots. */
static int pb_check_map(int map_fd, int *ncpus)
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
	if (info.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		bb_pr(NULL,
		      "map %s is not a perf event array (type %u).",
		      info.name, info.type);
		return -EINVAL;
	}
	*ncpus = bb_num_possible_cpus();
	if (*ncpus < 0) {
		bb_pr(NULL, "cannot count the possible CPUs: %s.",
		      bb_strerror(*ncpus));
		return *ncpus;
	}
	if ((__u32)*ncpus > info.max_entries)
		*ncpus = info.max_entries;
	return 0;
}

static int pb_alloc(struct bb_perf_buffer *pb, int map_fd, int ncpus)
{
	int err;

	pb->poll.epoll_fd = -1;
	pb->map_fd = fcntl(map_fd, F_DUPFD_CLOEXEC, 3);
	if (pb->map_fd < 0)
		return -errno;
	err = bb_ring_poll_init(&pb->poll);
	if (err)
		return err;
	pb->rings = calloc(ncpus, sizeof(*pb->rings));
	return pb->rings ? 0 : -ENOMEM;
}

static int pb_open_rings(struct bb_perf_buffer *pb, int ncpus)
{
	int cpu, err;

	for (cpu = 0; cpu < ncpus; cpu++) {
		err = pb_ring_open(pb, cpu);
		if (err == -ENODEV)
			continue;	/* offline CPU: nothing runs there */
		if (err) {
			bb_pr(NULL,
			      "cannot open the perf ring of CPU %d: %s.",
			      cpu, bb_strerror(err));
			return err;
		}
	}
	if (!pb->poll.cnt) {
		bb_pr(NULL, "no online CPU to open a perf ring on.");
		return -ENODEV;
	}
	return 0;
}

int bb_perf_buffer__new(int map_fd, size_t pages_per_cpu,
			bb_perf_sample_fn sample_cb, bb_perf_lost_fn lost_cb,
			void *ctx, const struct bb_perf_buffer_opts *opts,
			struct bb_perf_buffer **pbp)
{
	__u32 wakeup = opts ? opts->wakeup_bytes : 0;
	size_t page_size = sysconf(_SC_PAGESIZE);
	struct bb_perf_buffer *pb;
	int ncpus, err;

	*pbp = NULL;
	if (!sample_cb) {
		bb_pr(NULL, "a perf buffer needs a sample callback.");
		return -EINVAL;
	}
	if (!pages_per_cpu || (pages_per_cpu & (pages_per_cpu - 1))) {
		bb_pr(NULL,
		      "perf buffer pages must be a power of two, not %zu.",
		      pages_per_cpu);
		return -EINVAL;
	}
	if (wakeup >= pages_per_cpu * page_size) {
		bb_pr(NULL,
		      "a perf buffer wakeup watermark of %u bytes does not fit a %zu-byte ring.",
		      wakeup, pages_per_cpu * page_size);
		return -EINVAL;
	}
	err = pb_check_map(map_fd, &ncpus);
	if (err)
		return err;
	pb = calloc(1, sizeof(*pb));
	if (!pb)
		return -ENOMEM;
	pb->page_size = page_size;
	pb->data_size = pages_per_cpu * page_size;
	pb->wakeup_bytes = wakeup;
	pb->sample_cb = sample_cb;
	pb->lost_cb = lost_cb;
	pb->ctx = ctx;
	err = pb_alloc(pb, map_fd, ncpus);
	if (err) {
		bb_pr(NULL, "cannot set up a perf buffer: %s.",
		      bb_strerror(err));
		goto free_pb;
	}
	err = pb_open_rings(pb, ncpus);
	if (err)
		goto free_pb;
	*pbp = pb;
	return 0;

free_pb:
	bb_perf_buffer__free(pb);
	return err;
}

void bb_perf_buffer__free(struct bb_perf_buffer *pb)
{
	int i;

	if (!pb)
		return;
	for (i = 0; i < pb->poll.cnt; i++)
		pb_ring_close(pb, &pb->rings[i]);
	bb_ring_poll_fini(&pb->poll);
	if (pb->map_fd >= 0)
		close(pb->map_fd);
	free(pb->rings);
	free(pb->bounce);
	free(pb);
}

/* Copy a record that runs past the end of the ring into pb->bounce. */
static void *pb_unwrap(struct bb_perf_buffer *pb, const char *data,
		       size_t off, size_t len)
{
	size_t first = pb->data_size - off;
	void *p;

	if (pb->bounce_size < len) {
		p = realloc(pb->bounce, len);
		if (!p)
			return NULL;
		pb->bounce = p;
		pb->bounce_size = len;
	}
	memcpy(pb->bounce, data + off, first);
	memcpy((char *)pb->bounce + first, data, len - first);
	return pb->bounce;
}

/* Hand one whole record to the callbacks; returns 1 for a sample. */
static int pb_dispatch(struct bb_perf_buffer *pb, int cpu,
		       struct perf_event_header *eh)
{
	struct pb_sample *s = (struct pb_sample *)eh;
	struct pb_lost *l = (struct pb_lost *)eh;
	int ret;

	switch (eh->type) {
	case PERF_RECORD_SAMPLE:
		if (eh->size < sizeof(*s) || s->size > eh->size - sizeof(*s))
			return -EBADMSG;
		ret = pb->sample_cb(pb->ctx, cpu, s->data, s->size);
		return ret < 0 ? ret : 1;
	case PERF_RECORD_LOST:
		if (eh->size < sizeof(*l))
			return -EBADMSG;
		pb->lost += l->lost;
		if (pb->lost_cb)
			pb->lost_cb(pb->ctx, cpu, l->lost);
		return 0;
	}
	return 0;
}

/* The record at @tail; *len receives its size even if it is not valid. */
static int pb_record(struct bb_perf_buffer *pb, struct pb_ring *r,
		     __u64 tail, __u64 head, __u32 *len)
{
	char *data = (char *)r->base + pb->page_size;
	size_t off = tail & (pb->data_size - 1);
	struct perf_event_header *eh = (void *)(data + off);

	*len = eh->size;
	if (*len < sizeof(*eh) || *len > head - tail)
		return -EBADMSG;
	if (off + *len > pb->data_size) {
		eh = pb_unwrap(pb, data, off, *len);
		if (!eh)
			return -ENOMEM;
	}
	return pb_dispatch(pb, r->cpu, eh);
}

static int pb_ring_consume(struct bb_perf_buffer *pb, struct pb_ring *r)
{
	struct perf_event_mmap_page *hdr = r->base;
	__u64 head, tail;
	int ret, n = 0;
	__u32 len;

	/* Pairs with the kernel's barrier before it publishes data_head. */
	head = __atomic_load_n(&hdr->data_head, __ATOMIC_ACQUIRE);
	tail = hdr->data_tail;
	while (tail != head) {
		ret = pb_record(pb, r, tail, head, &len);
		/* A corrupt header: drop the rest rather than spin on it. */
		tail = ret == -EBADMSG ? head : tail + len;
		/* Our reads of it complete before the kernel reuses it. */
		__atomic_store_n(&hdr->data_tail, tail, __ATOMIC_RELEASE);
		if (ret == -EBADMSG)
			bb_pr(NULL,
			      "corrupt record in CPU %d's perf ring; dropped it.",
			      r->cpu);
		if (ret < 0)
			return ret;
		n += ret;
	}
	return n;
}

static int pb_consume_idx(void *pb, int idx)
{
	return pb_ring_consume(pb, &((struct bb_perf_buffer *)pb)->rings[idx]);
}

int bb_perf_buffer__consume(struct bb_perf_buffer *pb)
{
	return bb_ring_poll_all(&pb->poll, pb_consume_idx, pb);
}

int bb_perf_buffer__poll(struct bb_perf_buffer *pb, int timeout_ms)
{
	return bb_ring_poll_wait(&pb->poll, timeout_ms, pb_consume_idx, pb);
}

__u64 bb_perf_buffer__lost(const struct bb_perf_buffer *pb)
{
	return pb->lost;
}

int bb_perf_buffer__epoll_fd(const struct bb_perf_buffer *pb)
{
	return pb->poll.epoll_fd;
}
