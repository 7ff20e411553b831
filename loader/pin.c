// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pin.c - keeping maps and programs alive in bpffs after we exit.
 *
 * A BPF object lives as long as something refers to it: an fd, an
 * attachment, or a pin (a file in a bpf filesystem). Pinning is how one
 * run leaves a map for the next run or for bpftool.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "internal.h"

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC	0xcafe4a11
#endif

int bb_mount_bpffs(const char *path)
{
	struct statfs st;

	if (!statfs(path, &st) && st.f_type == BPF_FS_MAGIC)
		return 0;
	/* Only the conventional place is ours to mount. */
	if (strcmp(path, "/sys/fs/bpf")) {
		bb_pr(NULL, "%s is not on a bpf filesystem.",
		      path);
		return -EINVAL;
	}
	if (mount("bpf", path, "bpf", 0, "mode=0700")) {
		int err = -errno;

		bb_pr(NULL, "cannot mount bpffs at %s: %s.",
		      path, bb_strerror(errno));
		return err;
	}
	return 0;
}

/* Is @dir on a bpffs, or can it be created inside one? */
static int pin_dir_prepare(struct bb_object *obj, const char *dir)
{
	struct statfs st;
	int err;

	if (!strncmp(dir, "/sys/fs/bpf", 11)) {
		err = bb_mount_bpffs("/sys/fs/bpf");
		if (err)
			return err;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		err = -errno;
		bb_pr(obj, "cannot create pin directory %s: %s.", dir,
		      bb_strerror(errno));
		return err;
	}
	if (statfs(dir, &st) || st.f_type != BPF_FS_MAGIC) {
		bb_pr(obj, "pin directory %s is not on a bpf filesystem.", dir);
		return -EINVAL;
	}
	return 0;
}

/*
 * bpffs refuses names with a dot (they are reserved for its own files),
 * so global data maps ".data", ".rodata", ".bss" pin as "_data", ...
 * Names come from the object, so anything else that is not a C
 * identifier character is refused: a '/' would reach into directories
 * that belong to someone else.
 */
int bb_pin_path(const struct bb_object *obj, char *buf, size_t len,
		const char *dir, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);
	const char *c;
	char *p;

	if (n < 0 || (size_t)n >= len) {
		bb_pr(obj, "the pin path of %s in a %zu-byte directory is too long.",
		      name, strlen(dir));
		return -ENAMETOOLONG;
	}
	for (c = name; *c; c++) {
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.') {
			bb_pr(obj, "%s cannot be pinned: a pin name holds letters, digits, '_' and '.' only.",
			      name);
			return -EINVAL;
		}
	}
	for (p = buf + strlen(dir) + 1; *p; p++)
		if (*p == '.')
			*p = '_';
	return 0;
}

/* Unpin the first @nr_maps maps and @nr_progs programs. */
static void unpin_some(struct bb_object *obj, const char *dir,
		       size_t nr_maps, size_t nr_progs)
{
	char path[4096];
	size_t i;

	for (i = 0; i < nr_maps; i++)
		if (!bb_pin_path(obj, path, sizeof(path), dir,
				 obj->maps[i].name))
			unlink(path);
	for (i = 0; i < nr_progs; i++)
		if (!bb_pin_path(obj, path, sizeof(path), dir,
				 obj->progs[i].name))
			unlink(path);
}

static int pin_one(struct bb_object *obj, const char *dir, const char *name,
		   int fd)
{
	char path[4096];
	int err;

	if (fd < 0)
		return 0;
	err = bb_pin_path(obj, path, sizeof(path), dir, name);
	if (err)
		return err;
	err = bb_obj_pin(fd, path);
	if (err)
		bb_pr(obj, "cannot pin %s at %s: %s.", name, path,
		      bb_strerror(err));
	return err;
}

int bb_object__pin(struct bb_object *obj, const char *dir)
{
	size_t m = 0, p = 0;
	int err;

	if (!obj->loaded) {
		bb_pr(obj, "cannot pin an object that is not loaded.");
		return -EINVAL;
	}
	err = pin_dir_prepare(obj, dir);
	if (err)
		return err;
	for (m = 0; m < obj->nr_maps; m++) {
		err = pin_one(obj, dir, obj->maps[m].name, obj->maps[m].fd);
		if (err)
			goto err_unpin;
	}
	for (p = 0; p < obj->nr_progs; p++) {
		err = pin_one(obj, dir, obj->progs[p].name, obj->progs[p].fd);
		if (err)
			goto err_unpin;
	}
	return 0;

err_unpin:
	unpin_some(obj, dir, m, p);
	return err;
}

int bb_object__unpin(struct bb_object *obj, const char *dir)
{
	unpin_some(obj, dir, obj->nr_maps, obj->nr_progs);
	return 0;
}
