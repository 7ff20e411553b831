/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * perf_event.h - open perf events and put BPF programs on them.
 *
 * Tracepoints, uprobes and the rings of a perf buffer are all perf
 * events; these two functions are what they have in common.
 */
#ifndef BB_PERF_EVENT_H
#define BB_PERF_EVENT_H

#include <linux/perf_event.h>

/**
 * bb_perf_event_open() - perf_event_open(2), close-on-exec
 * @attr:	the event; attr->size is set here
 * @pid:	the process to watch, or -1 for every process
 * @cpu:	the CPU to watch, or -1 for every CPU (needs @pid >= 0)
 *
 * Returns the event fd or -errno. Prints nothing.
 */
int bb_perf_event_open(struct perf_event_attr *attr, int pid, int cpu);

/**
 * bb_perf_event_attach() - put program @prog_fd on perf event @pfd
 *
 * A BPF_PERF_EVENT link where the kernel has them (the perf fd is then
 * closed), PERF_EVENT_IOC_SET_BPF otherwise (the perf fd is returned).
 * Returns the fd that keeps the program attached, or -errno after
 * closing @pfd. Prints nothing: the callers name what they attach to.
 */
int bb_perf_event_attach(int pfd, int prog_fd);

#endif /* BB_PERF_EVENT_H */
