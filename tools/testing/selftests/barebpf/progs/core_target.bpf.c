// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Not a program: the types of an imaginary kernel. The build extracts
 * this object's .BTF into core_target.btf, and the CO-RE tests relocate
 * core_kinds.bpf.c against it (bb_object_opts.kernel_btf), so that what
 * they expect does not depend on the running kernel. Compared with the
 * program's view of the same types, fields moved, grew, changed sign,
 * went into an anonymous union or away; an enum was renumbered.
 */
#include "bb_helpers.h"

struct bb_core_s {
	long pad;
	int a;			/* program: offset 0 */
	unsigned long u;	/* program: unsigned int */
	long s;			/* program: int */
	unsigned long arr[4];	/* program: unsigned int arr[4] */
	unsigned int pad2:7, bf2:5, bf1:3;	/* program: bf1:3, bf2:5 */
	union {
		int in_anon;	/* program: a plain member */
		long other;
	};
	char tail[];
};

struct bb_core_flav {		/* program: bb_core_flav___v1 */
	long pad;
	int x;
};

enum bb_core_e {
	BB_E_TWO = 20,
	BB_E_ONE = 10,
};

/* Two flavours of one name that disagree on where f is. */
struct bb_core_amb___a {
	int f;
};

struct bb_core_amb___b {
	long pad;
	int f;
};

/* Referenced so that clang emits their BTF. */
struct bb_core_s bb_var_s;
struct bb_core_flav bb_var_flav;
enum bb_core_e bb_var_e;
struct bb_core_amb___a bb_var_amb_a;
struct bb_core_amb___b bb_var_amb_b;

char _license[] SEC("license") = "GPL";
