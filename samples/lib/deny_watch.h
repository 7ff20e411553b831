/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * deny_watch.h - notice when the deny file changes.
 *
 * inotify on the file's directory, not on the file: editors and
 * "mv new deny" replace the file rather than write into it. Every write
 * counts (IN_MODIFY too), so that the caller can wait until the file has
 * been quiet for DENY_SETTLE_MS before reading it. When the path is a
 * symbolic link, the directory of the file it leads to is watched as
 * well, so that editing the target is noticed; repointing the link is
 * noticed in the link's own directory, and the watch follows it.
 */
#ifndef BB_DENY_WATCH_H
#define BB_DENY_WATCH_H

#include <limits.h>
#include <stdbool.h>

#define DENY_SETTLE_MS	100

/**
 * struct deny_watch - what is watched
 * @fd:		the inotify fd, to poll for POLLIN
 * @link_wd:	watch on the directory of the path as given
 * @target_wd:	watch on the directory of the file it resolves to (the
 *		same as @link_wd unless a symbolic link leads elsewhere)
 * @link_base:	the path's last component
 * @target_base: the resolved file's last component
 */
struct deny_watch {
	int fd;
	int link_wd;
	int target_wd;
	char link_base[NAME_MAX + 1];
	char target_base[NAME_MAX + 1];
};

/* Start watching @path: 0, or -errno after a message naming it. */
int deny_watch_open(struct deny_watch *w, const char *tool,
		    const char *path);
/* Read pending events; true if one was about the file @path names. */
bool deny_watch_changed(struct deny_watch *w, const char *path);
void deny_watch_close(struct deny_watch *w);

#endif /* BB_DENY_WATCH_H */
