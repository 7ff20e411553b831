/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * deny_addr.h - the address tables of bpf/filter.h: one hash table per
 * family, of every host and prefix rule, that BPF searches with inlined
 * array loads (see struct bb_addr_slot_v4 in xdp_tools.h).
 *
 * A table is an array map of two halves, mapped into user space. BPF
 * reads one; a new list of rules is built whole into the other, and
 * then bb_deny_shape.lens_cur is flipped (deny_table.c): every packet
 * sees the old rules or the new ones, never a mix.
 */
#ifndef BB_DENY_ADDR_H
#define BB_DENY_ADDR_H

#include <stddef.h>
#include <linux/types.h>

#include "deny.h"
#include "xdp_tools.h"

/**
 * struct deny_addr - the table of one family
 * @family:	AF_INET or AF_INET6
 * @fd:		deny_addr_v4 or deny_addr_v6
 * @map:	both halves, mapped
 * @slot_size:	bytes of a slot
 * @slots:	slots in a half, a power of two
 * @shift:	64 - log2(@slots)
 */
struct deny_addr {
	int family;
	int fd;
	void *map;
	size_t slot_size;
	__u32 slots;
	__u32 shift;
};

/* Slots a half wants for @capacity rule slots: at most half full. */
__u32 deny_addr_slots(__u32 capacity);

/* Map table @fd of @family for @capacity rule slots; 0 or -errno. */
int deny_addr_open(struct deny_addr *a, int family, int fd, __u32 capacity);
void deny_addr_close(struct deny_addr *a);

/*
 * Fill half @half of @a with the address rules of its family among
 * @rules, hashed with @seed, and write their prefix lengths, longest
 * first, to @lens (bb_deny_lens_v4.v or _v6.v) and their number to
 * *@nlens. -EAGAIN: some prefix is BB_ADDR_PROBES slots or more from
 * home with this seed; try another. Nothing BPF reads is touched.
 */
int deny_addr_build(struct deny_addr *a, __u32 half,
		    const struct deny_rule *rules, size_t n, __u64 seed,
		    struct bb_deny_len *lens, __u32 *nlens);

#endif /* BB_DENY_ADDR_H */
