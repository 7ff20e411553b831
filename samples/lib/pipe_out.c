// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pipe_out.c - when the reader of our output goes away; see pipe_out.h.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pipe_out.h"

int pipe_out_ignore_sigpipe(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL) ? -errno : 0;
}

bool pipe_out_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	if (fflush(stdout) == EOF && errno == EPIPE)
		return true;
	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

void pipe_out_die(void)
{
	signal(SIGPIPE, SIG_DFL);
	raise(SIGPIPE);
}
