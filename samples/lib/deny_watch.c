// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * deny_watch.c - notice when the deny file changes; see deny_watch.h.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>

#include "deny_watch.h"

#define WATCH_MASK	(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY)

/* @path's directory into @dir and last component into @base. */
static void split_path(const char *path, char *dir, size_t dlen,
		       char *base, size_t blen)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(dir, dlen, "%s", dirname(tmp));
	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(base, blen, "%s", basename(tmp));
}

/*
 * Watch the directory of the file @path resolves to now. A file that
 * does not resolve (a dangling link) keeps the link's own watch only.
 */
static void arm_target(struct deny_watch *w, const char *path)
{
	char real[PATH_MAX], dir[PATH_MAX];
	int wd;

	if (!realpath(path, real))
		return;
	split_path(real, dir, sizeof(dir), w->target_base,
		   sizeof(w->target_base));
	wd = inotify_add_watch(w->fd, dir, WATCH_MASK);
	if (wd < 0)
		return;
	if (w->target_wd >= 0 && w->target_wd != wd &&
	    w->target_wd != w->link_wd)
		inotify_rm_watch(w->fd, w->target_wd);
	w->target_wd = wd;
}

int deny_watch_open(struct deny_watch *w, const char *tool,
		    const char *path)
{
	char dir[PATH_MAX];
	int err;

	w->target_wd = -1;
	split_path(path, dir, sizeof(dir), w->link_base,
		   sizeof(w->link_base));
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		goto fail;
	w->link_wd = inotify_add_watch(w->fd, dir, WATCH_MASK);
	if (w->link_wd < 0)
		goto fail;
	arm_target(w, path);
	return 0;
fail:
	err = -errno;
	fprintf(stderr, "%s: cannot watch directory %s for changes to the deny file: %s.\n",
		tool, dir, strerror(-err));
	deny_watch_close(w);
	return err;
}

static bool about_us(const struct deny_watch *w,
		     const struct inotify_event *ev)
{
	if (!ev->len)
		return false;
	return (ev->wd == w->link_wd && !strcmp(ev->name, w->link_base)) ||
	       (ev->wd == w->target_wd && !strcmp(ev->name, w->target_base));
}

bool deny_watch_changed(struct deny_watch *w, const char *path)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	bool changed = false;
	ssize_t n;
	char *p;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			changed |= about_us(w, ev);
		}
	}
	if (changed)
		arm_target(w, path);	/* the link may lead elsewhere now */
	return changed;
}

void deny_watch_close(struct deny_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
