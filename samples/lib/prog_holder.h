/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * prog_holder.h - is a BPF program still held by a running process?
 *
 * An XDP tool keeps its program open for as long as it runs; one that
 * was killed leaves the program attached but held by nobody. So when a
 * program with our name is found on an interface, the process holding
 * an fd to it (if any) tells a live instance from a leftover for
 * certain, whatever the program is called.
 */
#ifndef BB_PROG_HOLDER_H
#define BB_PROG_HOLDER_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

/**
 * bpf_prog_holder() - find a process that holds BPF program @prog_id open
 * @prog_id:	the program
 * @comm:	receives the holder's command name ("" if unknown)
 * @len:	size of @comm
 *
 * The calling process is not counted. Returns the holder's pid, 0 if no
 * process holds the program, or -EPERM where this process cannot see
 * every other (a pid namespace of its own), so the answer would not be
 * certain.
 */
pid_t bpf_prog_holder(__u32 prog_id, char *comm, size_t len);

/*
 * Does process @pid (of our pid namespace) hold BPF program @prog_id
 * open? False for a process that is gone, and for a pid since reused.
 */
bool bpf_prog_held_by(pid_t pid, __u32 prog_id);

#endif /* BB_PROG_HOLDER_H */
