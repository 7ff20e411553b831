/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_procs.h - the processes openfiles followed, for --tree.
 *
 * A small open-addressing hash table keyed by process id. The parent of
 * a process is the process that created it (the caller of fork, clone,
 * ...), which with CLONE_PARENT is not the one getppid() names.
 */
#ifndef OPENFILES_PROCS_H
#define OPENFILES_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "openfiles.h"

struct of_proc {
	__u32 pid;		/* 0: free slot */
	__u32 ppid;		/* 0: unknown */
	__u64 opens;
	char comm[OF_COMM_LEN];
	bool exited;
	bool printed;		/* used while printing the tree */
};

struct of_procs {
	struct of_proc *slots;
	size_t cap;		/* a power of two */
	size_t count;
};

int of_procs_init(struct of_procs *t);
void of_procs_free(struct of_procs *t);
/* Find @pid, adding it if missing; NULL only when memory runs out. */
struct of_proc *of_procs_get(struct of_procs *t, __u32 pid);
/* Find @pid; NULL if it is not in the table. */
struct of_proc *of_procs_find(const struct of_procs *t, __u32 pid);
/* Print every process under its creator, with its number of opens. */
void of_procs_print_tree(struct of_procs *t, FILE *out);

#endif /* OPENFILES_PROCS_H */
