// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * perf_event.c - open perf events and put BPF programs on them; see
 * perf_event.h.
 *
 * glibc has no perf_event_open() wrapper, so this is the one place that
 * makes the raw system call.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "bpf_sys.h"
#include "perf_event.h"

int bb_perf_event_open(struct perf_event_attr *attr, int pid, int cpu)
{
	long fd;

	attr->size = sizeof(*attr);
	fd = syscall(__NR_perf_event_open, attr, pid, cpu, -1,
		     PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : (int)fd;
}

/* Kernels before 5.15 have no BPF_PERF_EVENT links: use the ioctls. */
static int attach_by_ioctl(int pfd, int prog_fd)
{
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd))
		return -errno;
	if (ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0))
		return -errno;
	return 0;
}

/*
 * A BPF link holds its own reference to the event, so @pfd is closed
 * once the link exists; the ioctls need @pfd kept open instead.
 */
int bb_perf_event_attach(int pfd, int prog_fd)
{
	int lfd, err;

	lfd = bb_link_create(prog_fd, pfd, BPF_PERF_EVENT, 0);
	if (lfd >= 0) {
		close(pfd);
		return lfd;
	}
	err = lfd;
	if (err == -EINVAL || err == -EOPNOTSUPP)
		err = attach_by_ioctl(pfd, prog_fd);
	if (err) {
		close(pfd);
		return err;
	}
	return pfd;
}
