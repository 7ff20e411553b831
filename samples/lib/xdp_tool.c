// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdp_tool.c - the life of every XDP tool; see xdp_tool.h for the order
 * of the steps and why it is that order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barebpf.h"
#include "pipe_out.h"
#include "xdp_tool.h"

/* Entries of a zero-terminated option table, without the terminator. */
static size_t nr_options(const struct option *o)
{
	size_t n = 0;

	while (o[n].name)
		n++;
	return n;
}

/* The common long options followed by the tool's, zero-terminated. */
static struct option *all_longopts(const struct xdp_tool *t)
{
	const struct option *const *tab;
	size_t n = nr_options(xdp_cli_longopts), at;
	struct option *all;

	for (tab = t->longopts; tab && *tab; tab++)
		n += nr_options(*tab);
	all = calloc(n + 1, sizeof(*all));
	if (!all)
		return NULL;
	at = nr_options(xdp_cli_longopts);
	memcpy(all, xdp_cli_longopts, at * sizeof(*all));
	for (tab = t->longopts; tab && *tab; tab++) {
		memcpy(all + at, *tab, nr_options(*tab) * sizeof(*all));
		at += nr_options(*tab);
	}
	return all;
}

/* 0 to go on, or the exit code. */
static int parse_args(const struct xdp_tool *t, void *ctx,
		      struct xdp_cli *cli, int argc, char **argv)
{
	char shortopts[64];
	struct option *longopts;
	int opt, r, ret = 0;

	snprintf(shortopts, sizeof(shortopts), "%s%s", XDP_CLI_SHORTOPTS,
		 t->shortopts ? t->shortopts : "");
	longopts = all_longopts(t);
	if (!longopts) {
		fprintf(stderr, "%s: out of memory.\n", t->name);
		return XDP_EXIT_FAIL;
	}
	opterr = 0;	/* our own one-line message instead of getopt's */
	while (!ret && (opt = getopt_long(argc, argv, shortopts, longopts,
					  NULL)) != -1) {
		if (opt == '?') {
			fprintf(stderr, "%s: option %s is unknown or lacks its argument; see %s --help.\n",
				t->name, argv[optind - 1], t->name);
			ret = XDP_EXIT_USAGE;
			break;
		}
		r = xdp_cli_option(cli, opt, optarg);
		if (r == 0)
			r = t->option ? t->option(ctx, opt, optarg) : -1;
		if (r < 0)
			ret = XDP_EXIT_USAGE;
	}
	free(longopts);
	if (!ret && optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'.\n", t->name,
			argv[optind]);
		ret = XDP_EXIT_USAGE;
	}
	if (!ret && t->check_options && t->check_options(ctx))
		ret = XDP_EXIT_USAGE;
	return ret;
}

/* Open, prepare and load the embedded object, ready to attach. */
static int load(const struct xdp_tool *t, void *ctx,
		const struct xdp_cli *cli, struct bb_object **objp,
		struct xdp_wait *wait)
{
	struct bb_object_opts oo = { .name = t->name };
	int err;

	err = bb_object__open_mem(t->obj.start, t->obj.end - t->obj.start,
				  &oo, objp);
	if (err)
		return err;	/* the loader said why */
	if (t->before_load && t->before_load(ctx, cli, *objp))
		return -EINVAL;
	err = bb_object__load(*objp);
	if (err)
		return err;
	if (t->after_load && t->after_load(ctx, cli, *objp, wait))
		return -EINVAL;
	return 0;
}

/* loop() stopped because stdout's reader went away. */
#define LOOP_OUTPUT_GONE	2

/*
 * Wait and hand each wake-up to the tool until it is time to stop:
 * 0 for a signal, 1 when the tool is done, LOOP_OUTPUT_GONE, or -errno.
 */
static int loop(const struct xdp_tool *t, void *ctx, struct xdp_cli *cli,
		struct xdp_wait *wait)
{
	int n, timeout;

	while (!xdp_cli_stop) {
		timeout = t->timeout_ms ? t->timeout_ms(ctx) : -1;
		n = xdp_cli_wait(cli, wait->fds, wait->nfds, timeout);
		if (n == -ENODEV)
			return n;	/* xdp_cli_wait() said why */
		if (n < 0) {
			fprintf(stderr, "%s: waiting for events failed: %s.\n",
				t->name, strerror(-n));
			return n;
		}
		n = t->on_wake ? t->on_wake(ctx, wait, n) : 0;
		if (n)
			return n;
		if (pipe_out_gone())
			return LOOP_OUTPUT_GONE;
	}
	return 0;
}

/* Everything after the command line: load, attach, loop, tidy up. */
static int run(const struct xdp_tool *t, void *ctx, struct xdp_cli *cli)
{
	struct xdp_wait wait = { .nfds = 0 };
	struct bb_object *obj = NULL;
	int ret = XDP_EXIT_FAIL, prog_fd, err;

	if (xdp_cli_signals(cli)) {
		fprintf(stderr, "%s: cannot install signal handlers: %s.\n",
			t->name, strerror(errno));
		return ret;
	}
	if (t->begin && t->begin(ctx))
		return ret;
	if (load(t, ctx, cli, &obj, &wait))
		goto end;
	prog_fd = xdp_cli_prog_fd(cli, obj, t->name);
	if (prog_fd < 0 || xdp_cli_attach(cli, prog_fd, t->name))
		goto end;
	if (t->attached)
		t->attached(ctx, cli);

	err = loop(t, ctx, cli, &wait);
	xdp_cli_detach(cli);
	if (err == LOOP_OUTPUT_GONE) {
		ret = -EPIPE;	/* no report: nobody reads it */
		goto end;
	}
	if (t->report)
		t->report(ctx, err);
	ret = err < 0 ? XDP_EXIT_FAIL : XDP_EXIT_OK;
end:
	if (t->end)
		t->end(ctx);
	bb_object__close(obj);
	return ret;
}

int xdp_tool_main(const struct xdp_tool *t, void *ctx, int argc,
		  char **argv)
{
	struct xdp_cli cli;
	int ret;

	xdp_cli_init(&cli, t->name);
	ret = parse_args(t, ctx, &cli, argc, argv);
	if (ret)
		return ret;	/* getopt or the option's parser said why */
	if (cli.help) {
		t->usage(stdout);
		return XDP_EXIT_OK;
	}
	if (t->standalone) {
		ret = t->standalone(ctx, &cli);
		if (ret >= 0)
			return ret;
	}
	ret = xdp_cli_resolve(&cli);
	if (!ret)
		ret = run(t, ctx, &cli);
	if (ret == -EPIPE)
		pipe_out_die();
	return ret < 0 ? XDP_EXIT_FAIL : ret;
}
