// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * openfiles_filter.c - choose the opens to print.
 *
 * Filtering happens in user space, on what each record carries (the
 * opener's comm and real uid at the time of the open, and the path as
 * printed). The BPF side still follows the whole tree, so a filter
 * never changes which processes are followed, only what is shown.
 */
#include <errno.h>
#include <fnmatch.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openfiles_filter.h"

static int push(void **v, size_t *n, size_t size, const void *elem)
{
	void *grown = realloc(*v, (*n + 1) * size);

	if (!grown) {
		fprintf(stderr, "openfiles: out of memory.\n");
		return -ENOMEM;
	}
	memcpy((char *)grown + *n * size, elem, size);
	*v = grown;
	(*n)++;
	return 0;
}

int of_filter_add_comm(struct of_filter *f, const char *arg)
{
	if (!*arg) {
		fprintf(stderr, "openfiles: invalid argument \"\" for --comm: an empty name.\n");
		return -EINVAL;
	}
	return push((void **)&f->comms, &f->nr_comms, sizeof(arg), &arg);
}

int of_filter_add_path(struct of_filter *f, const char *arg)
{
	if (!*arg) {
		fprintf(stderr, "openfiles: invalid argument \"\" for --path: an empty pattern.\n");
		return -EINVAL;
	}
	return push((void **)&f->paths, &f->nr_paths, sizeof(arg), &arg);
}

/* A number, or a name from the user database. */
int of_filter_add_uid(struct of_filter *f, const char *arg)
{
	unsigned long v;
	struct passwd *pw;
	char *end;
	__u32 uid;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg >= '0' && *arg <= '9' && !*end && !errno &&
	    v < (__u32)-1) {
		uid = v;
	} else {
		pw = getpwnam(arg);
		if (!pw) {
			fprintf(stderr, "openfiles: invalid argument \"%s\" for --uid: no such user.\n",
				arg);
			return -EINVAL;
		}
		uid = pw->pw_uid;
	}
	return push((void **)&f->uids, &f->nr_uids, sizeof(uid), &uid);
}

/* The kernel keeps 15 bytes of a name: compare no more than that. */
static bool comm_matches(const char *comm, const char *want)
{
	return !strncmp(comm, want, OF_COMM_LEN - 1);
}

/*
 * A pattern with a wildcard is a shell glob over the whole path, "*"
 * crossing "/" ("*.so*" or "/etc/[a-p]*"); one without is a path and matches
 * itself and what lies below it ("/etc" matches "/etc/passwd", not
 * "/etcetera").
 */
static bool path_matches(const char *path, const char *pattern)
{
	size_t n;

	if (strpbrk(pattern, "*?["))
		return !fnmatch(pattern, path, 0);
	n = strlen(pattern);
	while (n > 1 && pattern[n - 1] == '/')
		n--;
	return !strncmp(path, pattern, n) &&
	       (path[n] == '\0' || path[n] == '/' || pattern[n - 1] == '/');
}

bool of_filter_match(const struct of_filter *f, const struct of_rec_hdr *hdr,
		     const char *path)
{
	bool comm = !f->nr_comms, in_path = !f->nr_paths, uid = !f->nr_uids;
	size_t i;

	for (i = 0; i < f->nr_comms && !comm; i++)
		comm = comm_matches(hdr->comm, f->comms[i]);
	for (i = 0; i < f->nr_uids && !uid; i++)
		uid = hdr->uid == f->uids[i];
	for (i = 0; i < f->nr_paths && !in_path && comm && uid; i++)
		in_path = path_matches(path, f->paths[i]);
	return comm && uid && in_path;
}

void of_filter_free(struct of_filter *f)
{
	free(f->comms);
	free(f->paths);
	free(f->uids);
	memset(f, 0, sizeof(*f));
}
