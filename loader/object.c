// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * object.c - the life cycle of an object (open, load, close) and its
 * accessors. Opening parses everything and touches no kernel state;
 * loading creates it all; closing releases it all, whatever state the
 * object is in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "internal.h"

#define BB_MAX_OBJ_SIZE	(1UL << 30)

static int object_parse(struct bb_object *obj)
{
	int err;

	err = bb_elf_parse(obj);
	if (!err)
		err = bb_btf_parse(obj);
	if (!err)
		err = bb_externs_collect(obj);
	if (!err)
		err = bb_maps_collect(obj);
	if (!err)
		err = bb_progs_collect(obj);
	if (!err)
		err = bb_relocs_collect(obj);
	return err;
}

/*
 * Open the object in @buf: ours to free with it if @own, else the
 * caller's, valid and unchanged until the object is closed. libelf
 * reads a native, aligned image in place and never writes to it.
 */
static int object_open(void *buf, size_t size, bool own,
		       const struct bb_object_opts *opts,
		       struct bb_object **objp)
{
	struct bb_object *obj;
	int err = -ENOMEM;

	*objp = NULL;
	obj = calloc(1, sizeof(*obj));
	if (!obj) {
		if (own)
			free(buf);
		return -ENOMEM;
	}
	obj->buf = buf;
	obj->buf_borrowed = !own;
	obj->size = size;
	obj->btf_fd = -1;
	if (opts) {
		obj->print = opts->print;
		obj->print_ctx = opts->print_ctx;
		obj->log_whole = opts->log_whole;
	}
	obj->name = strdup(opts && opts->name ? opts->name : "memory");
	if (!obj->name)
		goto err_close;
	if (opts && opts->pin_root) {
		obj->pin_root = strdup(opts->pin_root);
		if (!obj->pin_root)
			goto err_close;
	}
	if (opts && opts->kernel_btf) {
		obj->kernel_btf_path = strdup(opts->kernel_btf);
		if (!obj->kernel_btf_path)
			goto err_close;
	}
	if (size > BB_MAX_OBJ_SIZE) {
		bb_pr(obj, "object is larger than %lu bytes.", BB_MAX_OBJ_SIZE);
		err = -EFBIG;
		goto err_close;
	}
	err = object_parse(obj);
	if (err)
		goto err_close;
	*objp = obj;
	return 0;

err_close:
	bb_object__close(obj);
	return err;
}

int bb_object__open_mem(const void *buf, size_t size,
			const struct bb_object_opts *opts,
			struct bb_object **objp)
{
	void *copy;

	*objp = NULL;
	if (opts && opts->keep_buf)
		return object_open((void *)buf, size, false, opts, objp);
	if (size > BB_MAX_OBJ_SIZE)	/* refused there, not copied */
		return object_open((void *)buf, size, false, opts, objp);
	/* Our copy: callers may free theirs. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, size);
	return object_open(copy, size, true, opts, objp);
}

static int read_file(const char *path, void **bufp, size_t *sizep)
{
	struct stat st;
	ssize_t n;
	size_t off = 0;
	void *buf;
	int fd, err;

	/* O_NONBLOCK: a FIFO given as the object must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto err_close_fd;
	}
	if (S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		goto err_close_fd;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > BB_MAX_OBJ_SIZE) {
		err = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		goto err_close_fd;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		err = -ENOMEM;
		goto err_close_fd;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, (char *)buf + off, st.st_size - off);
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			goto err_free;
		}
		off += n;
	}
	close(fd);
	*bufp = buf;
	*sizep = off;
	return 0;

err_free:
	free(buf);
err_close_fd:
	close(fd);
	return err;
}

int bb_object__open_file(const char *path, const struct bb_object_opts *opts,
			 struct bb_object **objp)
{
	struct bb_object_opts o = { .name = path };
	struct bb_object tmp = { .name = (char *)path };
	size_t size = 0;
	void *buf = NULL;
	int err;

	*objp = NULL;
	if (opts) {
		o = *opts;
		if (!o.name)
			o.name = path;
	}
	tmp.print = o.print;
	tmp.print_ctx = o.print_ctx;
	err = read_file(path, &buf, &size);
	if (err == -EISDIR)
		bb_pr(&tmp, "is a directory, not an object file.");
	else if (err == -EINVAL)
		bb_pr(&tmp, "is not a regular file (a FIFO or a device?), not an object file.");
	else if (err)
		bb_pr(&tmp, "cannot read the object: %s.", bb_strerror(err));
	if (err)
		return err;
	return object_open(buf, size, true, &o, objp);
}

static void object_unload(struct bb_object *obj)
{
	size_t i;

	for (i = 0; i < obj->nr_progs; i++) {
		if (obj->progs[i].fd >= 0)
			close(obj->progs[i].fd);
		obj->progs[i].fd = -1;
	}
	bb_maps_unpin_created(obj);
	for (i = 0; i < obj->nr_maps; i++) {
		if (obj->maps[i].fd >= 0)
			close(obj->maps[i].fd);
		obj->maps[i].fd = -1;
	}
	if (obj->btf_fd >= 0)
		close(obj->btf_fd);
	obj->btf_fd = -1;
}

/*
 * Everything up to the first bpf(2) call: refuse what the loader would
 * not apply exactly, fill in the BTF, link the programs. A refusal here
 * leaves no kernel state behind because none was created.
 */
int bb_object__prepare(struct bb_object *obj)
{
	struct bb_map *kconfig;
	int err;

	if (obj->loaded) {
		bb_pr(obj, "object is already loaded.");
		return -EBUSY;
	}
	err = bb_maps_check(obj);
	if (!err)
		err = bb_progs_check_types(obj);
	if (err)
		return err;
	if (!obj->btf_fixed) {
		bb_btf_fixup(obj);
		obj->btf_fixed = true;
	}
	kconfig = bb_kconfig_map(obj);
	err = bb_externs_resolve(obj, kconfig ? kconfig->initial : NULL);
	if (!err)
		err = bb_st_ops_prepare(obj);
	if (!err)
		err = bb_core_apply(obj);
	if (!err)
		err = bb_progs_link(obj);
	return err;
}

int bb_object__load(struct bb_object *obj)
{
	int err;

	err = bb_object__prepare(obj);
	if (!err)
		err = bb_btf_load_obj(obj);
	if (!err)
		err = bb_maps_create(obj);
	if (!err)
		err = bb_progs_load(obj);
	if (!err)
		err = bb_maps_fill_slots(obj, true);
	bb_kernel_btf_release(obj);
	if (err) {
		/* All or nothing: no map, pin or program outlives it. */
		object_unload(obj);
		return err;
	}
	obj->loaded = true;
	return 0;
}

void bb_object__close(struct bb_object *obj)
{
	if (!obj)
		return;
	bb_progs_free(obj);
	bb_maps_free(obj);
	if (obj->btf_fd >= 0)
		close(obj->btf_fd);
	bb_btf_free(obj);
	free(obj->text_relocs);
	bb_core_free(obj);
	bb_externs_free(obj);
	bb_elf_free(obj);
	if (!obj->buf_borrowed)
		free(obj->buf);
	free(obj->pin_root);
	free(obj->kernel_btf_path);
	free(obj->name);
	free(obj);
}

const char *bb_object__name(const struct bb_object *obj)
{
	return obj->name;
}

const char *bb_object__license(const struct bb_object *obj)
{
	return obj->license;
}

__u32 bb_object__kversion(const struct bb_object *obj)
{
	return obj->kversion;
}

int bb_object__btf_fd(const struct bb_object *obj)
{
	return obj->btf_fd;
}

size_t bb_object__program_count(const struct bb_object *obj)
{
	return obj->nr_progs;
}

struct bb_program *bb_object__program(const struct bb_object *obj, size_t i)
{
	return i < obj->nr_progs ? &obj->progs[i] : NULL;
}

struct bb_program *bb_object__find_program(const struct bb_object *obj,
					   const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].name, name))
			return &obj->progs[i];
	return NULL;
}

size_t bb_object__map_count(const struct bb_object *obj)
{
	return obj->nr_maps;
}

struct bb_map *bb_object__map(const struct bb_object *obj, size_t i)
{
	return i < obj->nr_maps ? &obj->maps[i] : NULL;
}

struct bb_map *bb_object__find_map(const struct bb_object *obj,
				   const char *name)
{
	size_t i;

	for (i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i].name, name))
			return &obj->maps[i];
	return NULL;
}

const char *bb_program__name(const struct bb_program *prog)
{
	return prog->name;
}

const char *bb_program__section(const struct bb_program *prog)
{
	return prog->sec_name;
}

enum bpf_prog_type bb_program__type(const struct bb_program *prog)
{
	return prog->type;
}

enum bpf_attach_type bb_program__expected_attach_type(
	const struct bb_program *prog)
{
	return prog->expected_attach_type;
}

size_t bb_program__insn_count(const struct bb_program *prog)
{
	return prog->insn_cnt;
}

size_t bb_program__reloc_count(const struct bb_program *prog)
{
	return prog->nr_relocs;
}

size_t bb_program__core_relo_count(const struct bb_program *prog)
{
	return bb_btf_ext_count(prog->obj, BB_EXT_CORE, prog->sec_name,
				prog->sec_off, prog->insn_cnt);
}

const struct bb_reloc_info *bb_program__reloc(const struct bb_program *prog,
					      size_t i)
{
	return i < prog->nr_relocs ? &prog->relocs[i].info : NULL;
}

void bb_program__set_autoload(struct bb_program *prog, bool autoload)
{
	prog->autoload = autoload;
}

int bb_program__fd(const struct bb_program *prog)
{
	return prog->fd;
}

const char *bb_program__attach_target(const struct bb_program *prog)
{
	return prog->attach_target;
}

const char *bb_map__name(const struct bb_map *map)
{
	return map->name;
}

enum bpf_map_type bb_map__type(const struct bb_map *map)
{
	return map->type;
}

__u32 bb_map__key_size(const struct bb_map *map)
{
	return map->key_size;
}

__u32 bb_map__value_size(const struct bb_map *map)
{
	return map->value_size;
}

__u32 bb_map__max_entries(const struct bb_map *map)
{
	return map->max_entries;
}

__u32 bb_map__flags(const struct bb_map *map)
{
	return map->map_flags;
}

int bb_map__fd(const struct bb_map *map)
{
	return map->fd;
}

const char *bb_map__section(const struct bb_map *map)
{
	return map->sec_name;
}

int bb_map__set_max_entries(struct bb_map *map, __u32 max_entries)
{
	if (map->obj && map->obj->loaded)
		return -EBUSY;
	if (map->global_data)
		return -EINVAL;
	map->max_entries = bb_ringbuf_size(map->type, max_entries);
	return 0;
}

enum bb_pin_type bb_map__pinning(const struct bb_map *map)
{
	return map->pinning;
}

int bb_map__set_pinning(struct bb_map *map, enum bb_pin_type pinning)
{
	if (map->obj && map->obj->loaded)
		return -EBUSY;
	if (pinning != BB_PIN_NONE && pinning != BB_PIN_BY_NAME)
		return -EINVAL;
	map->pinning = pinning;
	return 0;
}

const char *bb_map__pin_path(const struct bb_map *map, bool *reused)
{
	if (reused)
		*reused = map->pin_reused;
	return map->pin_path;
}

void *bb_map__initial_value(struct bb_map *map, size_t *size)
{
	if (!map->global_data || (map->obj && map->obj->loaded))
		return NULL;
	if (size)
		*size = map->value_size;
	return map->initial;
}
