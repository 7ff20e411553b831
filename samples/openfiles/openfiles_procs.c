// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_procs.c - the table of followed processes and the --tree
 * printout; see openfiles_procs.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "openfiles_fmt.h"
#include "openfiles_procs.h"

#define PROCS_MIN_CAP	256

int of_procs_init(struct of_procs *t)
{
	t->cap = PROCS_MIN_CAP;
	t->count = 0;
	t->slots = calloc(t->cap, sizeof(*t->slots));
	return t->slots ? 0 : -ENOMEM;
}

void of_procs_free(struct of_procs *t)
{
	free(t->slots);
	t->slots = NULL;
	t->cap = t->count = 0;
}

/* Knuth's multiplicative hash: pids are dense, so spread them out. */
static size_t slot_of(const struct of_procs *t, __u32 pid)
{
	return (pid * 2654435761u) & (t->cap - 1);
}

/* The slot holding @pid, or the free slot where it would go. */
static struct of_proc *probe(const struct of_procs *t, __u32 pid)
{
	size_t i = slot_of(t, pid);

	while (t->slots[i].pid && t->slots[i].pid != pid)
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

/* Double the table once it is half full, so probes stay short. */
static int grow(struct of_procs *t)
{
	struct of_procs bigger = { .cap = t->cap * 2 };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
	if (!bigger.slots)
		return -ENOMEM;
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].pid)
			*probe(&bigger, t->slots[i].pid) = t->slots[i];
	bigger.count = t->count;
	free(t->slots);
	*t = bigger;
	return 0;
}

struct of_proc *of_procs_get(struct of_procs *t, __u32 pid)
{
	struct of_proc *p = probe(t, pid);

	if (p->pid)
		return p;
	if (2 * (t->count + 1) > t->cap) {
		if (grow(t))
			return NULL;
		p = probe(t, pid);
	}
	p->pid = pid;
	t->count++;
	return p;
}

struct of_proc *of_procs_find(const struct of_procs *t, __u32 pid)
{
	struct of_proc *p = probe(t, pid);

	return p->pid ? p : NULL;
}

/*
 * The tree is printed from child lists built once: @first[i] is the
 * first child of slot i, @next[i] the next sibling of slot i, both slot
 * numbers or -1. Nodes are linked in descending pid order so that each
 * list ends up ascending.
 */
struct tree {
	const struct of_procs *t;
	long *first;
	long *next;
	FILE *out;
};

static int cmp_pid_desc(const void *a, const void *b)
{
	const struct of_proc *x = *(const struct of_proc *const *)a;
	const struct of_proc *y = *(const struct of_proc *const *)b;

	return x->pid < y->pid ? 1 : x->pid > y->pid ? -1 : 0;
}

static bool is_root(const struct of_procs *t, const struct of_proc *p)
{
	return !p->ppid || p->ppid == p->pid || !of_procs_find(t, p->ppid);
}

static void link_children(struct tree *tr, struct of_proc **sorted, size_t n)
{
	const struct of_procs *t = tr->t;
	struct of_proc *parent;
	size_t i, me;

	for (i = 0; i < t->cap; i++)
		tr->first[i] = tr->next[i] = -1;
	for (i = 0; i < n; i++) {
		if (is_root(t, sorted[i]))
			continue;
		parent = of_procs_find(t, sorted[i]->ppid);
		me = sorted[i] - t->slots;
		tr->next[me] = tr->first[parent - t->slots];
		tr->first[parent - t->slots] = me;
	}
}

/* Depth-first; "printed" also stops cycles that pid reuse can make. */
static void print_node(struct tree *tr, struct of_proc *p, int depth)
{
	char comm[ESC_C_MAX(OF_COMM_LEN)];
	long c;

	if (p->printed)
		return;
	p->printed = true;
	escape_c(comm, p->comm, strnlen(p->comm, OF_COMM_LEN));
	fprintf(tr->out, "%*s%u %s %llu\n", 2 * depth, "", p->pid,
		comm[0] ? comm : "?", (unsigned long long)p->opens);
	for (c = tr->first[p - tr->t->slots]; c >= 0; c = tr->next[c])
		print_node(tr, &tr->t->slots[c], depth + 1);
}

void of_procs_print_tree(struct of_procs *t, FILE *out)
{
	struct tree tr = { .t = t, .out = out };
	struct of_proc **sorted;
	size_t i, n = 0;

	sorted = calloc(t->count ? t->count : 1, sizeof(*sorted));
	tr.first = calloc(t->cap, sizeof(*tr.first));
	tr.next = calloc(t->cap, sizeof(*tr.next));
	if (!sorted || !tr.first || !tr.next) {
		fprintf(out, "openfiles: out of memory while printing the process tree.\n");
		goto free_all;
	}
	for (i = 0; i < t->cap; i++)
		if (t->slots[i].pid) {
			t->slots[i].printed = false;
			sorted[n++] = &t->slots[i];
		}
	qsort(sorted, n, sizeof(*sorted), cmp_pid_desc);
	link_children(&tr, sorted, n);

	fprintf(out, "openfiles: processes followed (pid, command, opens):\n");
	for (i = n; i-- > 0;)
		if (is_root(t, sorted[i]))
			print_node(&tr, sorted[i], 0);
	/* Whatever a cycle kept from being reached. */
	for (i = n; i-- > 0;)
		print_node(&tr, sorted[i], 0);
free_all:
	free(tr.next);
	free(tr.first);
	free(sorted);
}
