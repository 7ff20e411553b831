/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_tp.h - check the tracepoint records openfiles.bpf.c reads
 * against the running kernel, and choose its exit program.
 */
#ifndef OPENFILES_TP_H
#define OPENFILES_TP_H

#include <stdbool.h>

#include "barebpf.h"

/*
 * Environment variable naming a sched_process_exit format file to use
 * instead of the running kernel's: the tests give Linux 6.1's to run
 * the program that kernel needs.
 */
#define OF_EXIT_FORMAT_ENV	"OPENFILES_EXIT_FORMAT"

/**
 * of_tp_check() - check every tracepoint field the BPF side reads
 * @obj:	the opened, not yet loaded openfiles object
 * @io_uring:	follow opens made through io_uring too
 * @full_path:	-F: load the exit programs that find the full path
 *
 * Compares the offset and size of each field with the kernel's format
 * files and refuses, naming the field, if one moved. Then keeps either
 * of_exit (the record has group_dead) or of_exit_live (it does not),
 * and the io_uring programs for the kernel's name of the submission
 * tracepoint (none without io_uring, its tracepoints or BTF), and turns
 * the others off. Returns 0 or -errno after one message.
 */
int of_tp_check(struct bb_object *obj, bool io_uring, bool full_path);

#endif /* OPENFILES_TP_H */
