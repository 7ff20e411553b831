// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_prepare - libFuzzer target for everything a load does before its
 * first bpf(2) call: bb_object__open_mem() parses the object, then
 * bb_object__prepare() checks its maps and links every program (appends
 * subprograms, applies relocations, gathers func and line info, counts
 * applies CO-RE relocations). It runs as any user, at full speed: CO-RE
 * relocates against BB_FUZZ_BTF (the tests' small made-up kernel BTF),
 * not the running kernel's 6 MB. The seeds are the objects the project
 * builds, so most inputs get as far as linking; regressions live in
 * corpus-loader with fuzz_loader's.
 */
#include <stddef.h>
#include <stdint.h>

#include "barebpf.h"

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bb_object_opts opts = { .name = "fuzz", .print = quiet,
				       .kernel_btf = BB_FUZZ_BTF };
	struct bb_object *obj;
	size_t i;

	if (bb_object__open_mem(data, size, &opts, &obj))
		return 0;
	/* Link what loads by default, then every program, optional ones too. */
	if (!bb_object__prepare(obj)) {
		for (i = 0; i < bb_object__program_count(obj); i++)
			bb_program__set_autoload(bb_object__program(obj, i),
						 true);
		bb_object__prepare(obj);
	}
	bb_object__close(obj);
	return 0;
}
