/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xdp_tool.h - the life of every XDP tool, written once.
 *
 * hello_packet, bubble_packet, filter_packet and fw all do the same
 * things in the same order; only what happens at some steps differs.
 * xdp_tool_main() is that order, and struct xdp_tool names the steps a
 * tool fills in (any may be NULL):
 *
 *	parse		common options (xdp_cli.h), then ->option(), then
 *			->check_options() on the whole command line
 *	->standalone	a mode that attaches nothing (--check, --status),
 *			or go on
 *	resolve		each -i to an ifindex, capabilities checked
 *	->begin		what the tool needs before the kernel is involved
 *	open		the BPF object embedded in the binary (embed.h)
 *	->before_load	size maps, write .rodata
 *	load		bb_object__load()
 *	->after_load	find maps, fill them, start readers
 *	attach		the program named after the tool, to every
 *			interface or to none (xdp_cli_attach)
 *	->attached	say what is in force, pin it (filter_pin.h)
 *	loop		wait (->timeout_ms, the fds of ->after_load) and
 *			call ->on_wake, until a signal, ->on_wake says
 *			done, or an interface disappears
 *	detach		xdp_cli_detach(), from every interface: never
 *			someone else's program
 *	->report	the final counters, with the loop's result
 *	close		bb_object__close()
 *	->end		undo ->begin and ->after_load
 *
 * Everything is in force before the program is attached, so the first
 * packet already meets it, and nothing the tool made outlives main().
 */
#ifndef BB_XDP_TOOL_H
#define BB_XDP_TOOL_H

#include <getopt.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>

#include "embed.h"
#include "xdp_cli.h"

struct bb_object;

/* File descriptors the loop waits on besides the signals. */
#define XDP_TOOL_MAX_FDS	4

/**
 * struct xdp_wait - what the loop polls, filled in by ->after_load
 * @fds:	the fds and the events wanted; revents after each wait
 * @nfds:	how many of @fds are in use
 */
struct xdp_wait {
	struct pollfd fds[XDP_TOOL_MAX_FDS];
	nfds_t nfds;
};

/**
 * struct xdp_tool - one tool's part in xdp_tool_main()
 * @name:	tool name: the first word of its messages, the name of its
 *		XDP program and of its embedded object
 * @obj:	the embedded BPF object (BB_EMBED_OBJECT())
 * @shortopts:	getopt short options besides XDP_CLI_SHORTOPTS
 * @longopts:	tables of long options besides the common ones, each
 *		zero-terminated, NULL after the last
 * @usage:	print the whole help to @out
 * @option:	one of the tool's options: 0, or -1 after a message
 * @check_options: options that only make sense together: 0, or -1 after
 *		a message
 * @standalone:	-1 to go on, or the exit code of a mode that attaches
 *		nothing (filter_packet --check); -i is parsed, not resolved
 * @begin:	0, or -1 after a message; ->end is called if it worked
 * @before_load: between open and load: 0, or -1 after a message
 * @after_load:	after load, before attach: 0, or -1 after a message;
 *		may add fds to @wait
 * @attached:	once attached (@cli->prog_fd is the program)
 * @timeout_ms:	how long the next wait may last (-1: no limit)
 * @on_wake:	after each wait (@ready: fds ready, 0 on a timeout or a
 *		signal): 0 to go on, 1 when done, -errno on a failure
 * @report:	after detach; @err is the loop's result (0: stopped by a
 *		signal, 1: done, < 0: failed)
 * @end:	release what ->begin and ->after_load made
 */
struct xdp_tool {
	const char *name;
	struct bb_embedded obj;
	const char *shortopts;
	const struct option *const *longopts;
	void (*usage)(FILE *out);
	int (*option)(void *ctx, int opt, const char *arg);
	int (*check_options)(void *ctx);
	int (*standalone)(void *ctx, struct xdp_cli *cli);
	int (*begin)(void *ctx);
	int (*before_load)(void *ctx, const struct xdp_cli *cli,
			   struct bb_object *obj);
	int (*after_load)(void *ctx, const struct xdp_cli *cli,
			  struct bb_object *obj, struct xdp_wait *wait);
	void (*attached)(void *ctx, const struct xdp_cli *cli);
	int (*timeout_ms)(void *ctx);
	int (*on_wake)(void *ctx, const struct xdp_wait *wait, int ready);
	void (*report)(void *ctx, int err);
	void (*end)(void *ctx);
};

/*
 * Run @tool with its state @ctx (the tool's defaults filled in); returns
 * the exit code (XDP_EXIT_*).
 */
int xdp_tool_main(const struct xdp_tool *tool, void *ctx, int argc,
		  char **argv);

#endif /* BB_XDP_TOOL_H */
