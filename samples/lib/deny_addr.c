// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * deny_addr.c - building the address tables that bpf/filter.h searches;
 * see deny_addr.h.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "bpf_sys.h"
#include "deny_addr.h"

#define MIN_SLOTS	64

/* The part of a slot both families share; the address follows. */
struct slot_head {
	__u8 len1;
	__u8 dist;
	__u8 homes;
	__u8 pad;
	__u32 rule;
};

/* Room for a slot of either family. */
union slot {
	struct bb_addr_slot_v4 v4;
	struct bb_addr_slot_v6 v6;
	struct slot_head head;
};

_Static_assert(offsetof(struct bb_addr_slot_v4, addr) ==
	       sizeof(struct slot_head), "slot layouts differ");
_Static_assert(offsetof(struct bb_addr_slot_v6, addr) ==
	       sizeof(struct slot_head), "slot layouts differ");

static unsigned int addr_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

__u32 deny_addr_slots(__u32 capacity)
{
	__u32 slots = MIN_SLOTS;

	while (slots < capacity && slots < (1U << 30))
		slots <<= 1;
	return slots;
}

int deny_addr_open(struct deny_addr *a, int family, int fd, __u32 capacity)
{
	struct bpf_map_info mi;
	__u32 len = sizeof(mi), log = 0;
	void *p;
	int err;

	memset(a, 0, sizeof(*a));
	a->family = family;
	a->fd = fd;
	a->slot_size = family == AF_INET ? sizeof(struct bb_addr_slot_v4) :
					   sizeof(struct bb_addr_slot_v6);
	memset(&mi, 0, sizeof(mi));
	err = bb_obj_get_info_by_fd(fd, &mi, &len);
	if (err)
		return err;
	if (mi.value_size != a->slot_size || !(mi.map_flags & BPF_F_MMAPABLE))
		return -EINVAL;
	a->slots = deny_addr_slots(capacity);
	while (a->slots > 1 && 2ULL * a->slots > mi.max_entries)
		a->slots >>= 1;
	while ((1U << log) < a->slots)
		log++;
	a->shift = 64 - log;
	p = mmap(NULL, 2 * a->slots * a->slot_size, PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	a->map = p;
	return 0;
}

void deny_addr_close(struct deny_addr *a)
{
	if (a->map)
		munmap(a->map, 2 * a->slots * a->slot_size);
	a->map = NULL;
}

/*
 * The salt of a length: family, length and seed, spread over the word
 * by an odd constant, so that 10.0.0.0/8 and 10.0.0.0/16 hash apart,
 * and another seed moves every prefix.
 */
static __u64 len_salt(int family, unsigned int len, __u64 seed)
{
	return ((__u64)family << 8 | (len + 1) | seed << 16) *
	       0xd6e8feb86659fd93ULL;
}

/* Entry @e for prefix length @len of @family. */
static void len_fill(struct bb_deny_len *e, int family, unsigned int len,
		     __u64 seed)
{
	__u8 mask[16] = { 0 };
	unsigned int i;

	for (i = 0; i < len; i++)
		mask[i / 8] |= 0x80 >> (i % 8);
	memset(e, 0, sizeof(*e));
	e->salt = len_salt(family, len, seed);
	e->len = len;
	/* Words as BPF loads them from the packet: the same bytes. */
	memcpy(e->mask, mask, addr_bytes(family));
}

/* Where the search for prefix @r starts, as BPF computes it. */
static __u32 home_slot(const struct deny_addr *a, const struct deny_rule *r,
		       __u64 seed)
{
	__u32 w[4] = { 0 };
	__u64 lo, hi;

	memcpy(w, r->addr, addr_bytes(a->family));
	lo = (__u64)w[1] << 32 | w[0];
	hi = (__u64)w[3] << 32 | w[2];
	return bb_addr_hash(len_salt(a->family, r->prefixlen, seed), lo, hi) >>
	       a->shift;
}

/* Slot @pos of the half at @half. */
static struct slot_head *slot_at(const struct deny_addr *a, char *half,
				 __u32 pos)
{
	return (struct slot_head *)(half + (size_t)pos * a->slot_size);
}

/*
 * Robin Hood insertion: walking on from home, take the slot of any
 * entry that is closer to its own home than we are to ours, and carry
 * that one on instead. No entry ends up far from home, and a search can
 * stop at the first entry closer to home than itself.
 */
static int slot_insert(struct deny_addr *a, char *half, __u32 pos,
		       union slot *carry)
{
	struct slot_head *s;
	union slot tmp;

	for (;;) {
		s = slot_at(a, half, pos);
		if (!s->len1) {
			memcpy(s, carry, a->slot_size);
			return 0;
		}
		if (s->dist < carry->head.dist) {
			memcpy(&tmp, s, a->slot_size);
			memcpy(s, carry, a->slot_size);
			memcpy(carry, &tmp, a->slot_size);
		}
		pos = (pos + 1) & (a->slots - 1);
		if (++carry->head.dist >= BB_ADDR_PROBES)
			return -EAGAIN;
	}
}

/*
 * Count in each slot of @half the entries whose home it is. After the
 * inserts, which move entries but not what belongs to a slot.
 */
static void count_homes(const struct deny_addr *a, char *half)
{
	struct slot_head *s;
	__u32 pos, home;

	for (pos = 0; pos < a->slots; pos++) {
		s = slot_at(a, half, pos);
		if (!s->len1)
			continue;
		home = (pos - s->dist) & (a->slots - 1);
		slot_at(a, half, home)->homes++;
	}
}

/* The lengths of @a's family among @rules, longest first, into @lens. */
static __u32 lens_of(const struct deny_addr *a,
		     const struct deny_rule *rules, size_t n, __u64 seed,
		     struct bb_deny_len *lens)
{
	int len = addr_bytes(a->family) * 8;
	bool used[129] = { false };
	__u32 nlens = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!rules[i].proto && rules[i].family == a->family)
			used[rules[i].prefixlen] = true;
	for (; len >= 0; len--)
		if (used[len])
			len_fill(&lens[nlens++], a->family, len, seed);
	return nlens;
}

int deny_addr_build(struct deny_addr *a, __u32 half,
		    const struct deny_rule *rules, size_t n, __u64 seed,
		    struct bb_deny_len *lens, __u32 *nlens)
{
	char *h = (char *)a->map + (size_t)half * a->slots * a->slot_size;
	const struct deny_rule *r;
	union slot carry;
	size_t i;
	int err;

	memset(h, 0, (size_t)a->slots * a->slot_size);
	for (i = 0; i < n; i++) {
		r = &rules[i];
		if (r->proto || r->family != a->family)
			continue;
		memset(&carry, 0, sizeof(carry));
		carry.head.len1 = r->prefixlen + 1;
		carry.head.rule = r->index;
		memcpy(&carry.v6.addr, r->addr, addr_bytes(a->family));
		err = slot_insert(a, h, home_slot(a, r, seed), &carry);
		if (err)
			return err;
	}
	count_homes(a, h);
	*nlens = lens_of(a, rules, n, seed, lens);
	return 0;
}
