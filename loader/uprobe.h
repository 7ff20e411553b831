/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * uprobe.h - attach kprobe-type programs (SEC("uprobe/..."),
 * SEC("uretprobe/...")) to functions of user-space binaries.
 *
 * The attach functions return an fd that keeps the program attached;
 * close() it to detach. On failure they return -errno after one message
 * naming the binary, the function and the reason.
 */
#ifndef BB_UPROBE_H
#define BB_UPROBE_H

#include <stdbool.h>

/**
 * bb_uprobe_attach() - run @prog_fd when a process runs a function
 * @prog_fd:	a loaded BPF_PROG_TYPE_KPROBE program
 * @retprobe:	on return from the function rather than entry
 * @pid:	only in this process, or -1 for every process
 * @path:	the ELF binary or shared library
 * @func:	function name, looked up in @path's symbols; NULL or "":
 *		@off alone is the file offset
 * @off:	bytes past the function's start (or the file offset)
 */
int bb_uprobe_attach(int prog_fd, bool retprobe, int pid, const char *path,
		     const char *func, unsigned long long off);

/**
 * bb_uprobe_attach_spec() - the same, for libbpf's section syntax
 * @spec:	"PATH:FUNCTION", "PATH:FUNCTION+OFFSET" or "PATH:OFFSET", as
 *		after "uprobe/" in SEC("uprobe//usr/bin/bash:readline")
 */
int bb_uprobe_attach_spec(int prog_fd, bool retprobe, int pid,
			  const char *spec);

/* The file offset of function @func in ELF file @path, or -errno. */
long long bb_elf_func_offset(const char *path, const char *func);

#endif /* BB_UPROBE_H */
