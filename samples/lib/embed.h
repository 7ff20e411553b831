/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * embed.h - each tool carries its BPF object inside its own binary.
 *
 * The Makefile assembles <name>.bpf.o into the tool with .incbin and
 * defines bb_embed_<name> and bb_embed_<name>_end around it; the tool
 * hands those bytes to bb_object__open_mem(). This is what libbpf's
 * skeletons do too, minus the generated code.
 */
#ifndef BB_EMBED_H
#define BB_EMBED_H

#include <stddef.h>

#define BB_EMBED_DECLARE(name)						\
	extern const char bb_embed_##name[];				\
	extern const char bb_embed_##name##_end[]

/* The object's bytes as a static initialiser: { start, end }. */
struct bb_embedded {
	const char *start;
	const char *end;
};

#define BB_EMBED_OBJECT(name)	{ bb_embed_##name, bb_embed_##name##_end }

#define BB_EMBED_DATA(name)	((const void *)bb_embed_##name)
#define BB_EMBED_SIZE(name)						\
	((size_t)(bb_embed_##name##_end - bb_embed_##name))

#endif /* BB_EMBED_H */
