/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * pipe_out.h - when the reader of our output goes away.
 *
 * "tool | head -1": once head exits, the next write would kill the tool
 * with SIGPIPE wherever it is, with programs still attached or CMD
 * still traced. The tools ignore SIGPIPE instead, notice the closed
 * pipe themselves, clean up, say what they did, and only then die of
 * SIGPIPE, so that the shell sees the status it expects (141).
 */
#ifndef BB_PIPE_OUT_H
#define BB_PIPE_OUT_H

#include <stdbool.h>

/* Ignore SIGPIPE from now on: 0 or -errno. */
int pipe_out_ignore_sigpipe(void);

/*
 * Flush stdout: true if it is a pipe whose reader has gone, even when
 * there was nothing to write (a pipe without readers polls POLLERR).
 */
bool pipe_out_gone(void);

/* Once everything is cleaned up: end killed by SIGPIPE. */
void pipe_out_die(void);

#endif /* BB_PIPE_OUT_H */
