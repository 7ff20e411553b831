/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_scan.h - what user space does with the "tasks" map of
 * openfiles: seed it from /proc for -p, and notice when it is empty.
 */
#ifndef OPENFILES_SCAN_H
#define OPENFILES_SCAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "openfiles_procs.h"

/**
 * of_follow_pid() - follow a running process and its descendants
 * @tasks_fd:	the "tasks" map, with the BPF programs already attached
 * @pid:	any thread id of the process
 * @procs:	receives every process found, with its parent
 *
 * Adds every thread of @pid's process, then of every descendant found
 * through the ppid in /proc/N/stat, and repeats until a pass finds
 * nothing new. A task created after its creator was added is added by
 * the BPF side; one created before that is in /proc by the next pass.
 *
 * Returns the number of processes followed, or -errno after printing
 * why (no such process, it exited, the map is full).
 */
int of_follow_pid(int tasks_fd, pid_t pid, struct of_procs *procs);

/*
 * Remove tasks that no longer run (gone from /proc, or zombies) from
 * the map. Such a task can only get in when user space adds it just as
 * it exits, after its sched_process_exit already ran. Returns the
 * number removed.
 */
int of_sweep_tasks(int tasks_fd);

/* True when no followed task is left. */
bool of_tasks_empty(int tasks_fd);

#endif /* OPENFILES_SCAN_H */
