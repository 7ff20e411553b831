/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * barebpf_abi.h - what a BPF object can ask of the loader.
 *
 * Included by both sides: by BPF programs (through bb_helpers.h) and by
 * the loader's own barebpf.h. It must stay plain C that clang's and
 * gcc's BPF back ends accept: no libc, no user-space types.
 */
#ifndef BB_BAREBPF_ABI_H
#define BB_BAREBPF_ABI_H

/* Values of a BTF map's "pinning" field (libbpf's LIBBPF_PIN_*). */
enum bb_pin_type {
	BB_PIN_NONE = 0,
	BB_PIN_BY_NAME = 1,	/* <pin root>/<map name>, reused if present */
};

#endif /* BB_BAREBPF_ABI_H */
