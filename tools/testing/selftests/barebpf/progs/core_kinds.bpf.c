// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every CO-RE relocation kind clang 14 emits, on types that differ from
 * those of core_target.bpf.c (the "kernel" the tests relocate against).
 * kinds() stores what each relocated instruction yields in out[], and
 * reads fields of buf through the relocated offsets and sizes, so the
 * test sees both the constants and the loads. The builtins are what
 * libbpf's bpf_core_read.h wraps.
 */
#include "bb_helpers.h"
#include "core_kinds.h"

#define __core	__attribute__((preserve_access_index))

/* __builtin_preserve_field_info() kinds */
#define FIELD_BYTE_OFFSET	0
#define FIELD_BYTE_SIZE		1
#define FIELD_EXISTS		2
#define FIELD_SIGNED		3
#define FIELD_LSHIFT_U64	4
#define FIELD_RSHIFT_U64	5
/* __builtin_preserve_type_info() and __builtin_btf_type_id() kinds */
#define TYPE_EXISTS		0
#define TYPE_SIZE		1
#define TYPE_ID_LOCAL		0
#define TYPE_ID_TARGET		1
/* __builtin_preserve_enum_value() kinds */
#define ENUMVAL_EXISTS		0
#define ENUMVAL_VALUE		1

struct bb_core_s {
	int a;
	int b;			/* not in the kernel */
	unsigned int u;
	int s;
	unsigned int arr[4];
	unsigned int bf1:3, bf2:5;
	int in_anon;
} __core;

struct bb_core_flav___v1 {
	int x;
} __core;

struct bb_core_missing {
	int z;
} __core;

struct bb_core_amb {
	int f;
} __core;

enum bb_core_e {
	BB_E_ONE = 1,
	BB_E_TWO = 2,
	BB_E_GONE = 3,		/* not in the kernel */
};

__u64 out[OUT_NR];			/* .bss: offset 0 */
char buf[128] SEC(".data.buf");		/* its own map, offset 0 */

/* What libbpf's BPF_CORE_READ_BITFIELD() does: load, shift up, down. */
static __always_inline __u64 read_bf2(const struct bb_core_s *p)
{
	const void *at = (const char *)p +
		__builtin_preserve_field_info(p->bf2, FIELD_BYTE_OFFSET);
	__u64 v;

	switch (__builtin_preserve_field_info(p->bf2, FIELD_BYTE_SIZE)) {
	case 1:
		v = *(const __u8 *)at;
		break;
	case 2:
		v = *(const __u16 *)at;
		break;
	case 4:
		v = *(const __u32 *)at;
		break;
	default:
		v = *(const __u64 *)at;
		break;
	}
	v <<= __builtin_preserve_field_info(p->bf2, FIELD_LSHIFT_U64);
	return v >> __builtin_preserve_field_info(p->bf2, FIELD_RSHIFT_U64);
}

static __always_inline void fields(const struct bb_core_s *p)
{
	out[OUT_A_OFF] = __builtin_preserve_field_info(p->a, FIELD_BYTE_OFFSET);
	out[OUT_B_EXISTS] = __builtin_preserve_field_info(p->b, FIELD_EXISTS);
	out[OUT_A] = p->a;
	out[OUT_U] = p->u;
	out[OUT_U_SIZE] = __builtin_preserve_field_info(p->u, FIELD_BYTE_SIZE);
	out[OUT_S_SIGNED] = __builtin_preserve_field_info(p->s, FIELD_SIGNED);
	out[OUT_U_SIGNED] = __builtin_preserve_field_info(p->u, FIELD_SIGNED);
	out[OUT_ARR2_OFF] = __builtin_preserve_field_info(p->arr[2],
							  FIELD_BYTE_OFFSET);
	out[OUT_ARR2] = p->arr[2];
	out[OUT_BF2_OFF] = __builtin_preserve_field_info(p->bf2,
							 FIELD_BYTE_OFFSET);
	out[OUT_BF2_SIZE] = __builtin_preserve_field_info(p->bf2,
							  FIELD_BYTE_SIZE);
	out[OUT_BF2_LSHIFT] = __builtin_preserve_field_info(p->bf2,
							    FIELD_LSHIFT_U64);
	out[OUT_BF2_RSHIFT] = __builtin_preserve_field_info(p->bf2,
							    FIELD_RSHIFT_U64);
	out[OUT_BF2] = read_bf2(p);
	out[OUT_ANON_OFF] = __builtin_preserve_field_info(p->in_anon,
							  FIELD_BYTE_OFFSET);
}

SEC("socket")
int kinds(struct __sk_buff *skb)
{
	struct bb_core_s *p = (void *)buf;
	struct bb_core_flav___v1 *f = (void *)buf;
	struct bb_core_missing *m = (void *)buf;

	fields(p);
	out[OUT_FLAV_OFF] = __builtin_preserve_field_info(f->x,
							  FIELD_BYTE_OFFSET);
	out[OUT_S_TYPE] = __builtin_preserve_type_info(*p, TYPE_EXISTS);
	out[OUT_MISSING_TYPE] = __builtin_preserve_type_info(*m, TYPE_EXISTS);
	out[OUT_FLAV_TYPE] = __builtin_preserve_type_info(*f, TYPE_EXISTS);
	out[OUT_S_SIZE] = __builtin_preserve_type_info(*p, TYPE_SIZE);
	out[OUT_TWO] = __builtin_preserve_enum_value(*(enum bb_core_e *)BB_E_TWO,
						     ENUMVAL_VALUE);
	out[OUT_GONE_EXISTS] = __builtin_preserve_enum_value(
		*(enum bb_core_e *)BB_E_GONE, ENUMVAL_EXISTS);
	out[OUT_ID_LOCAL] = __builtin_btf_type_id(*p, TYPE_ID_LOCAL);
	out[OUT_ID_TARGET] = __builtin_btf_type_id(*p, TYPE_ID_TARGET);
	out[OUT_MISSING_FIELD] = __builtin_preserve_field_info(m->z,
							       FIELD_EXISTS);
	/* p->b does not exist: its load is poisoned, and never reached */
	if (__builtin_preserve_field_info(p->b, FIELD_EXISTS))
		out[OUT_GUARDED] = p->b;
	else
		out[OUT_GUARDED] = 777;
	return 0;
}

/* int s became a long: reading it as 4 bytes would be wrong. */
SEC("?socket")
int bad_size(struct __sk_buff *skb)
{
	struct bb_core_s *p = (void *)buf;

	return p->s;
}

/* Two kernel flavours of bb_core_amb put f at different offsets. */
SEC("?socket")
int ambiguous(struct __sk_buff *skb)
{
	struct bb_core_amb *a = (void *)buf;

	return __builtin_preserve_field_info(a->f, FIELD_BYTE_OFFSET);
}

char _license[] SEC("license") = "GPL";
