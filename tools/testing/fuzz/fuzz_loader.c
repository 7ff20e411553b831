// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_loader - libFuzzer target for the loader's parsing path.
 *
 * Feeds arbitrary bytes to bb_object__open_mem() and walks everything it
 * parsed (sections, programs, relocations, maps and their initial
 * values) without loading anything into the kernel, so it runs as any
 * user and at full speed. Built by "make fuzz" with
 * -fsanitize=fuzzer,address,undefined; seeds are the project's objects.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "barebpf.h"

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

/* Touch every byte the API hands out, so ASan sees any bad pointer. */
static size_t walk_string(const char *s)
{
	return s ? strlen(s) : 0;
}

static size_t walk(struct bb_object *obj)
{
	struct bb_section_info si;
	size_t i, j, n = 0, size;
	unsigned char *v;

	for (i = 0; bb_object__section(obj, i, &si) == 0; i++)
		n += walk_string(si.name) + walk_string(si.role);
	for (i = 0; i < bb_object__program_count(obj); i++) {
		struct bb_program *p = bb_object__program(obj, i);

		n += walk_string(bb_program__name(p));
		n += walk_string(bb_program__section(p));
		n += walk_string(bb_program__attach_target(p));
		for (j = 0; j < bb_program__reloc_count(p); j++) {
			const struct bb_reloc_info *r = bb_program__reloc(p, j);

			n += walk_string(r->sym_name) + walk_string(r->target);
		}
	}
	for (i = 0; i < bb_object__map_count(obj); i++) {
		struct bb_map *m = bb_object__map(obj, i);

		n += walk_string(bb_map__name(m));
		/*
		 * A .bss may legally claim up to a GiB of zeroes: touch
		 * its ends and one byte per page rather than every byte.
		 */
		v = bb_map__initial_value(m, &size);
		for (j = 0; v && j < size; j += 4096)
			n += v[j];
		if (v && size)
			n += v[size - 1];
	}
	return n + walk_string(bb_object__license(obj));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bb_object_opts opts = { .name = "fuzz", .print = quiet };
	struct bb_object *obj;

	if (bb_object__open_mem(data, size, &opts, &obj))
		return 0;
	walk(obj);
	bb_object__close(obj);
	return 0;
}
