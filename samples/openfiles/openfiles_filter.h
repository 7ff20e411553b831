/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_filter.h - which of the followed opens are printed:
 * --comm, --path and --uid.
 */
#ifndef OPENFILES_FILTER_H
#define OPENFILES_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "openfiles.h"

/*
 * Each list holds what one option was given, once per use. An open is
 * printed when it matches at least one entry of every list that is not
 * empty. The strings are the command line's own, not copies.
 */
struct of_filter {
	const char **comms;	/* --comm NAME */
	size_t nr_comms;
	const char **paths;	/* --path PATTERN */
	size_t nr_paths;
	__u32 *uids;		/* --uid USER */
	size_t nr_uids;
};

/* Each returns 0, or -errno after a one-line message naming @arg. */
int of_filter_add_comm(struct of_filter *f, const char *arg);
int of_filter_add_path(struct of_filter *f, const char *arg);
int of_filter_add_uid(struct of_filter *f, const char *arg);

bool of_filter_match(const struct of_filter *f, const struct of_rec_hdr *hdr,
		     const char *path);
void of_filter_free(struct of_filter *f);

#endif /* OPENFILES_FILTER_H */
