// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * deny_table.c - apply deny lists to the maps of bpf/filter.h, and read
 * the per-rule counters back; see deny_table.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "bpf_sys.h"
#include "deny_table.h"
#include "percpu.h"
#include "xdp_cli.h"

/* The kernel's internal "not supported" (include/linux/errno.h). */
#define BB_ENOTSUPP	524

/* Key sizes of the maps, by enum deny_kind; 0: an address table. */
static const size_t key_size[DENY_KINDS] = {
	[DENY_L4] = sizeof(struct bb_l4_key),
	[DENY_L4_V4] = sizeof(struct bb_lpm_l4_v4),
	[DENY_L4_V6] = sizeof(struct bb_lpm_l4_v6),
};

const char *const deny_kind_map[DENY_KINDS] = {
	[DENY_ADDR_V4] = "deny_addr_v4",
	[DENY_ADDR_V6] = "deny_addr_v6",
	[DENY_L4] = "deny_l4",
	[DENY_L4_V4] = "deny_l4_v4",
	[DENY_L4_V6] = "deny_l4_v6",
};

enum deny_kind deny_rule_kind(const struct deny_rule *r)
{
	if (r->proto) {
		if (!r->family)
			return DENY_L4;
		return r->family == AF_INET ? DENY_L4_V4 : DENY_L4_V6;
	}
	return r->family == AF_INET ? DENY_ADDR_V4 : DENY_ADDR_V6;
}

/* The key of a rule that names a protocol, and an address or not. */
static void rule_key(const struct deny_rule *r, void *key)
{
	struct bb_l4_key l4 = { r->proto, r->kind, r->port };
	struct bb_lpm_l4_v4 *k4 = key;
	struct bb_lpm_l4_v6 *k6 = key;

	switch (deny_rule_kind(r)) {
	case DENY_L4_V4:
		k4->prefixlen = BB_L4_KEY_BITS + r->prefixlen;
		k4->l4 = l4;
		memcpy(k4->addr, r->addr, sizeof(k4->addr));
		break;
	case DENY_L4_V6:
		k6->prefixlen = BB_L4_KEY_BITS + r->prefixlen;
		k6->l4 = l4;
		memcpy(k6->addr, r->addr, sizeof(k6->addr));
		break;
	default:
		memcpy(key, &l4, sizeof(l4));
		break;
	}
}

/* Map the address tables of the families whose maps the table has. */
static int addr_init(struct deny_table *t)
{
	static const int family[2] = { AF_INET, AF_INET6 };
	int i, fd, err;

	for (i = 0; i < 2; i++) {
		fd = t->maps.rules[i ? DENY_ADDR_V6 : DENY_ADDR_V4];
		t->addr[i].map = NULL;
		if (fd < 0)
			continue;
		err = deny_addr_open(&t->addr[i], family[i], fd, t->capacity);
		if (err) {
			fprintf(stderr, "%s: cannot map the address table %s: %s.\n",
				t->tool, deny_kind_map[i ? DENY_ADDR_V6 :
						       DENY_ADDR_V4],
				strerror(-err));
			return err;
		}
	}
	return 0;
}

int deny_table_init(struct deny_table *t, const char *tool,
		    const struct deny_maps *maps, __u32 limit)
{
	__u32 i, capacity = 2 * limit;
	int err;

	memset(t, 0, sizeof(*t));
	t->tool = tool;
	t->maps = *maps;
	t->limit = limit;
	t->capacity = capacity;
	t->batch = true;
	t->defaults = -1;
	t->ncpus = bb_num_possible_cpus();
	t->free_idx = calloc(capacity, sizeof(*t->free_idx));
	t->dirty = calloc(capacity, 1);
	t->hints = calloc(1, sizeof(*t->hints));	/* as new maps are */
	err = -ENOMEM;
	if (t->ncpus > 0 && t->free_idx && t->dirty && t->hints)
		err = addr_init(t);
	if (err) {
		deny_table_free(t);
		return err;
	}
	/* Hand out low indices first: pop from the end. */
	for (i = 0; i < capacity; i++)
		t->free_idx[i] = capacity - 1 - i;
	t->nfree = capacity;
	return 0;
}

void deny_table_free(struct deny_table *t)
{
	free(t->rules);
	free(t->free_idx);
	free(t->dirty);
	free(t->pending);
	free(t->gone);
	free(t->hints);
	deny_addr_close(&t->addr[0]);
	deny_addr_close(&t->addr[1]);
	t->rules = NULL;
	t->free_idx = NULL;
	t->dirty = NULL;
	t->pending = NULL;
	t->gone = NULL;
	t->hints = NULL;
}

static bool batch_unsupported(int err)
{
	return err == -EINVAL || err == -EOPNOTSUPP || err == -BB_ENOTSUPP ||
	       err == -ENOSYS;
}

/*
 * After a batch call that returned @err having done @cnt elements: is it
 * to be redone one element at a time? Only when the kernel refused the
 * batch command itself, before touching anything; from then on every
 * update of this table goes element by element.
 */
static bool batch_refused(struct deny_table *t, int err, __u32 cnt)
{
	if (!err || cnt || !batch_unsupported(err))
		return false;
	t->batch = false;
	return true;
}

/*
 * Update @n elements, in one BPF_MAP_UPDATE_BATCH if the kernel has it
 * for this map type, else one BPF_MAP_UPDATE_ELEM each. Hash maps have
 * had batch ops since Linux 5.6, and arrays and LPM tries got them
 * through the generic code later (6.1 has all three); the element loop
 * is the fallback for older kernels.
 * Sets *done to the elements updated.
 */
static int update_many(struct deny_table *t, int fd, const void *keys,
		       size_t ksz, const void *vals, size_t vsz, size_t n,
		       size_t *done)
{
	__u32 cnt = n;
	size_t i;
	int err;

	*done = 0;
	if (!n)
		return 0;
	if (t->batch) {
		err = bb_map_update_batch(fd, keys, vals, &cnt, 0);
		if (!batch_refused(t, err, cnt)) {
			*done = cnt;
			return err;
		}
	}
	for (i = 0; i < n; i++) {
		err = bb_map_update_elem(fd, (const char *)keys + i * ksz,
					 (const char *)vals + i * vsz, 0);
		if (err)
			return err;
		*done = i + 1;
	}
	return 0;
}

static int delete_many(struct deny_table *t, int fd, const void *keys,
		       size_t ksz, size_t n)
{
	__u32 cnt = n;
	size_t i;
	int err;

	if (!n)
		return 0;
	if (t->batch) {
		err = bb_map_delete_batch(fd, keys, &cnt, 0);
		if (!batch_refused(t, err, cnt))
			return err;
	}
	for (i = 0; i < n; i++) {
		err = bb_map_delete_elem(fd, (const char *)keys + i * ksz);
		if (err && err != -ENOENT)
			return err;
	}
	return 0;
}

/* The keys and rule indexes of some rules, by enum deny_kind. */
struct key_set {
	void *keys[DENY_KINDS];
	__u32 *vals[DENY_KINDS];
	size_t n[DENY_KINDS];
};

static void key_set_free(struct key_set *ks)
{
	int k;

	for (k = 0; k < DENY_KINDS; k++) {
		free(ks->keys[k]);
		free(ks->vals[k]);
	}
}

/* The keys of @n rules, split by the map they go to. */
static int key_set_fill(struct key_set *ks, struct deny_rule **rules,
			size_t n)
{
	enum deny_kind kind;
	size_t i;
	int k;

	memset(ks, 0, sizeof(*ks));
	for (i = 0; i < n; i++)
		ks->n[deny_rule_kind(rules[i])]++;
	for (k = 0; k < DENY_KINDS; k++) {
		ks->keys[k] = calloc(ks->n[k] ? ks->n[k] : 1,
				     key_size[k] ? key_size[k] : 1);
		ks->vals[k] = calloc(ks->n[k] ? ks->n[k] : 1, sizeof(__u32));
		if (!ks->keys[k] || !ks->vals[k]) {
			key_set_free(ks);
			return -ENOMEM;
		}
		ks->n[k] = 0;
	}
	for (i = 0; i < n; i++) {
		kind = deny_rule_kind(rules[i]);
		if (!key_size[kind])
			continue;	/* an address table's, built whole */
		rule_key(rules[i],
			 (char *)ks->keys[kind] + ks->n[kind] * key_size[kind]);
		ks->vals[kind][ks->n[kind]++] = rules[i]->index;
	}
	return 0;
}

/* The BB_SHAPE_* bit of the lookup that finds rule @r. */
static __u8 l4_bit(const struct deny_rule *r)
{
	bool net = r->family;

	switch (r->kind) {
	case BB_L4_DPORT:
	case BB_L4_TYPE:
		return net ? BB_SHAPE_FIRST_NET : BB_SHAPE_FIRST_ANY;
	case BB_L4_SPORT:
		return net ? BB_SHAPE_SPORT_NET : BB_SHAPE_SPORT_ANY;
	default:
		return net ? BB_SHAPE_PROTO_NET : BB_SHAPE_PROTO_ANY;
	}
}

/* Mark the lookup of rule @r for the families whose packets it can match. */
static void shape_add_l4(struct bb_deny_shape *shape,
			 const struct deny_rule *r)
{
	__u8 bit = l4_bit(r);

	if (r->proto == IPPROTO_ICMP || r->proto == IPPROTO_ICMPV6)
		bit |= BB_SHAPE_TYPE;
	shape->l4_rules++;
	if (r->family != AF_INET6 && r->proto != IPPROTO_ICMPV6)
		shape->l4_v4[r->proto] |= bit;
	if (r->family != AF_INET && r->proto != IPPROTO_ICMP)
		shape->l4_v6[r->proto] |= bit;
}

/* Set the bit of rule @r's port or type in the bitmaps of deny_ports. */
static void ports_add(__u64 *ports, const struct deny_rule *r)
{
	__u32 map = r->kind == BB_L4_SPORT ? BB_PORTS_SPORT : BB_PORTS_FIRST;

	if (r->kind == BB_L4_PROTO)
		return;
	ports[map * BB_PORT_WORDS + r->port / 64] |= 1ULL << (r->port % 64);
}

/* What BPF is told once the table holds @rules. */
static void hints_of(const struct deny_rule *rules, size_t n,
		     struct deny_hints *h)
{
	struct bb_deny_shape *shape = &h->shape;
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < n; i++) {
		switch (deny_rule_kind(&rules[i])) {
		case DENY_ADDR_V4:
		case DENY_ADDR_V6:
			break;
		case DENY_L4:
		case DENY_L4_V4:
		case DENY_L4_V6:
			shape_add_l4(shape, &rules[i]);
			ports_add(h->ports, &rules[i]);
			break;
		case DENY_KINDS:
			break;
		}
	}
}

static __u32 max_u32(__u32 a, __u32 b)
{
	return a > b ? a : b;
}

/* Hints that search every map and port either @a or @b searches. */
static void hints_union(const struct deny_hints *a,
			const struct deny_hints *b, struct deny_hints *u)
{
	const struct bb_deny_shape *sa = &a->shape, *sb = &b->shape;
	struct bb_deny_shape *su = &u->shape;
	size_t i;

	su->l4_rules = max_u32(sa->l4_rules, sb->l4_rules);
	for (i = 0; i < sizeof(su->l4_v4); i++) {
		su->l4_v4[i] = sa->l4_v4[i] | sb->l4_v4[i];
		su->l4_v6[i] = sa->l4_v6[i] | sb->l4_v6[i];
	}
	for (i = 0; i < BB_PORTS_ALL; i++)
		u->ports[i] = a->ports[i] | b->ports[i];
}

static int shape_update(struct deny_table *t, const struct bb_deny_shape *s)
{
	__u32 zero = 0;
	int err;

	if (t->maps.shape < 0)
		return 0;	/* bare maps, no program: nobody to tell */
	err = bb_map_update_elem(t->maps.shape, &zero, s, 0);
	if (err)
		fprintf(stderr, "%s: writing the deny shape (.data.deny) failed: %s.\n",
			t->tool, strerror(-err));
	return err;
}

/*
 * Tell BPF which maps of rules by protocol hold something; a table
 * without the global skips it. What BPF reads of the address tables
 * stays as it is: only addr_flip() changes that.
 */
static int write_shape(struct deny_table *t, const struct deny_hints *h)
{
	struct bb_deny_shape *s, *cur = &t->hints->shape;
	int err = 0;

	if (t->maps.shape < 0)
		return 0;
	s = malloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	*s = *cur;
	s->l4_rules = h->shape.l4_rules;
	memcpy(s->l4_v4, h->shape.l4_v4, sizeof(s->l4_v4));
	memcpy(s->l4_v6, h->shape.l4_v6, sizeof(s->l4_v6));
	if (memcmp(s, cur, sizeof(*s)))
		err = shape_update(t, s);
	if (!err)
		*cur = *s;
	free(s);
	return err;
}

/* Write the words of deny_ports that differ from what BPF has. */
static int write_ports(struct deny_table *t, const __u64 *ports)
{
	__u32 keys[BB_PORTS_ALL], i, n = 0;
	__u64 vals[BB_PORTS_ALL];
	size_t done;
	int err;

	if (t->maps.ports < 0)
		return 0;
	for (i = 0; i < BB_PORTS_ALL; i++) {
		if (ports[i] == t->hints->ports[i])
			continue;
		keys[n] = i;
		vals[n++] = ports[i];
	}
	err = update_many(t, t->maps.ports, keys, sizeof(*keys), vals,
			  sizeof(*vals), n, &done);
	for (i = 0; i < done; i++)
		t->hints->ports[keys[i]] = vals[i];
	if (err)
		fprintf(stderr, "%s: writing the port bitmaps (deny_ports) failed: %s.\n",
			t->tool, strerror(-err));
	return err;
}

/* The half of the address tables BPF does not read. */
static __u32 addr_idle_half(const struct deny_table *t)
{
	return !t->hints->shape.lens_cur;
}

/*
 * Build the half of the address tables BPF does not read from @rules,
 * and the lists of lengths that go with it into *@s (a copy of the
 * shape BPF has). A seed that puts a prefix too far from home is
 * replaced by the next one; -E2BIG when none of them will do.
 */
static int addr_build(struct deny_table *t, const struct deny_rule *rules,
		      size_t n, struct bb_deny_shape *s)
{
	__u32 half = addr_idle_half(t);
	int tries, err = 0;

	*s = t->hints->shape;
	for (tries = 0; tries < 8; tries++, t->seed++) {
		err = 0;
		if (t->addr[0].map)
			err = deny_addr_build(&t->addr[0], half, rules, n,
					      t->seed, s->lens_v4[half].v,
					      &s->lens_v4[half].nr);
		if (!err && t->addr[1].map)
			err = deny_addr_build(&t->addr[1], half, rules, n,
					      t->seed, s->lens_v6[half].v,
					      &s->lens_v6[half].nr);
		if (err != -EAGAIN)
			break;
	}
	if (err == -EAGAIN)
		err = -E2BIG;
	if (err)
		fprintf(stderr, "%s: cannot place the address rules in their tables: %s.\n",
			t->tool, strerror(-err));
	return err;
}

/*
 * Point BPF at the half addr_build() filled, with its lists of lengths:
 * written first, with lens_cur as it was, then lens_cur alone. A write
 * copies the whole section in no set order; the bytes it leaves as they
 * were are the same bytes, so a packet sees the old half and lists or
 * the new ones.
 */
static int addr_flip(struct deny_table *t, struct bb_deny_shape *s)
{
	struct bb_deny_shape *cur = &t->hints->shape;
	int err;

	s->l4_rules = cur->l4_rules;
	memcpy(s->l4_v4, cur->l4_v4, sizeof(s->l4_v4));
	memcpy(s->l4_v6, cur->l4_v6, sizeof(s->l4_v6));
	s->addr_shift = t->addr[0].map ? t->addr[0].shift : t->addr[1].shift;
	s->addr_mask = (t->addr[0].map ? t->addr[0].slots :
			t->addr[1].slots) - 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	err = shape_update(t, s);
	if (err)
		return err;
	s->lens_cur = addr_idle_half(t);
	err = shape_update(t, s);
	if (!err)
		t->hints->shape = *s;
	return err;
}

static int write_hints(struct deny_table *t, const struct deny_hints *h)
{
	return write_shape(t, h) ?: write_ports(t, h->ports);
}

/*
 * Walk both sorted lists: rules in both keep their index; the others
 * go to @add (from @next) or @del (from the table).
 */
static void diff_lists(struct deny_table *t, struct deny_list *next,
		       struct deny_rule **add, size_t *nadd,
		       struct deny_rule **del, size_t *ndel)
{
	size_t i = 0, j = 0;
	int c;

	*nadd = *ndel = 0;
	while (i < t->count || j < next->count) {
		if (i == t->count)
			c = 1;
		else if (j == next->count)
			c = -1;
		else
			c = deny_rule_cmp(&t->rules[i], &next->rules[j]);
		if (c == 0) {
			next->rules[j++].index = t->rules[i++].index;
		} else if (c < 0) {
			del[(*ndel)++] = &t->rules[i++];
		} else {
			add[(*nadd)++] = &next->rules[j++];
		}
	}
}

/* Zero the counters of reused slots, so a new rule starts at 0. */
static int zero_counters(struct deny_table *t, struct deny_rule **add,
			 size_t nadd)
{
	size_t i, n = 0, done;
	__u32 *keys;
	void *zeros;
	int err;

	for (i = 0; i < nadd; i++)
		n += t->dirty[add[i]->index];
	if (!n)
		return 0;
	keys = calloc(n, sizeof(*keys));
	zeros = calloc(n, t->ncpus * sizeof(struct bb_count));
	err = -ENOMEM;
	if (keys && zeros) {
		for (i = 0, n = 0; i < nadd; i++)
			if (t->dirty[add[i]->index])
				keys[n++] = add[i]->index;
		err = update_many(t, t->maps.counters, keys, sizeof(*keys), zeros,
				  t->ncpus * sizeof(struct bb_count), n,
				  &done);
	}
	free(keys);
	free(zeros);
	return err;
}

/* Take the first @done[k] keys of each kind out of their maps. */
static int delete_keys(struct deny_table *t, const struct key_set *ks,
		       const size_t *done)
{
	int k, err, ret = 0;

	for (k = 0; k < DENY_KINDS; k++) {
		err = delete_many(t, t->maps.rules[k], ks->keys[k],
				  key_size[k], done[k]);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/* Put @add in the maps; on failure take out what went in. */
static int insert_rules(struct deny_table *t, struct deny_rule **add,
			size_t nadd)
{
	size_t done[DENY_KINDS] = { 0 }, total = 0;
	struct key_set ks;
	int k, err;

	err = key_set_fill(&ks, add, nadd);
	if (err)
		return err;
	for (k = 0; k < DENY_KINDS; k++) {
		err = update_many(t, t->maps.rules[k], ks.keys[k],
				  key_size[k], ks.vals[k], sizeof(__u32),
				  ks.n[k], &done[k]);
		if (err)
			break;
		total += done[k];
	}
	if (err) {
		fprintf(stderr, "%s: adding deny rules to map %s failed: %s; taking the %zu added back out.\n",
			t->tool, deny_kind_map[k], strerror(-err),
			total + done[k]);
		delete_keys(t, &ks, done);
	}
	key_set_free(&ks);
	return err;
}

static int remove_rules(struct deny_table *t, struct deny_rule **del,
			size_t ndel)
{
	struct key_set ks;
	int err;

	err = key_set_fill(&ks, del, ndel);
	if (!err) {
		err = delete_keys(t, &ks, ks.n);
		key_set_free(&ks);
	}
	if (err)
		fprintf(stderr, "%s: removing old deny rules from the maps failed: %s; some may still match.\n",
			t->tool, strerror(-err));
	return err;
}

/* The sums of every slot's counters; with the report, below. */
static int read_counters(struct deny_table *t, struct bb_count *sums);

/* ---- counts of removed rules --------------------------------------- */

/*
 * Merge two lists of tallies sorted by rule into @out, which has room for
 * both: a rule in both becomes one entry with the counts added, the rule
 * (and its line) taken from @a unless only @b's is in force. Returns the
 * entries in @out.
 */
static size_t merge_tallies(const struct deny_tally *a, size_t na,
			    const struct deny_tally *b, size_t nb,
			    struct deny_tally *out)
{
	size_t i = 0, j = 0, n = 0;
	int c;

	while (i < na || j < nb) {
		if (i == na)
			c = 1;
		else if (j == nb)
			c = -1;
		else
			c = deny_rule_cmp(&a[i].rule, &b[j].rule);
		if (c < 0) {
			out[n++] = a[i++];
		} else if (c > 0) {
			out[n++] = b[j++];
		} else {
			out[n] = a[i].removed && !b[j].removed ? b[j] : a[i];
			out[n].count.packets = a[i].count.packets +
					       b[j].count.packets;
			out[n].count.bytes = a[i].count.bytes + b[j].count.bytes;
			out[n++].removed = a[i].removed && b[j].removed;
			i++;
			j++;
		}
	}
	return n;
}

/* Tallies of @n rules from the per-slot sums; with @hits_only, fewer. */
static size_t tally_rules(const struct deny_rule *rules, size_t n,
			  const struct bb_count *sums, bool removed,
			  bool hits_only, struct deny_tally *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (hits_only && !sums[rules[i].index].packets)
			continue;
		out[k].rule = rules[i];
		out[k].count = sums[rules[i].index];
		out[k++].removed = removed;
	}
	return k;
}

/*
 * Add the final counts of the rules the last apply removed (those with
 * hits) to @gone, and free their slots. Since that apply the programs
 * have long stopped counting them. Should the counters not be readable,
 * their counts are lost, but not the slots: a reload still works.
 */
static void retire_pending(struct deny_table *t)
{
	struct deny_tally *pend, *gone;
	struct bb_count *sums;
	size_t i, n;
	int err = -ENOMEM;

	if (!t->npending) {	/* the last apply removed nothing */
		free(t->pending);
		t->pending = NULL;
		return;
	}
	sums = calloc(t->capacity, sizeof(*sums));
	pend = calloc(t->npending, sizeof(*pend));
	gone = calloc(t->npending + t->ngone, sizeof(*gone));
	if (sums && pend && gone)
		err = read_counters(t, sums);
	if (err) {
		fprintf(stderr, "%s: reading the counters of %zu removed rules failed: %s; the summary will lack them.\n",
			t->tool, t->npending, strerror(-err));
	} else {
		n = tally_rules(t->pending, t->npending, sums, true, true,
				pend);
		t->ngone = merge_tallies(pend, n, t->gone, t->ngone, gone);
		free(t->gone);
		t->gone = gone;
		gone = NULL;
	}
	for (i = 0; i < t->npending; i++) {
		t->dirty[t->pending[i].index] = 1;
		t->free_idx[t->nfree++] = t->pending[i].index;
	}
	free(t->pending);
	t->pending = NULL;
	t->npending = 0;
	free(sums);
	free(pend);
	free(gone);
}

/* Keep the rules just removed, slots and all, until the next apply. */
static void keep_pending(struct deny_table *t, struct deny_rule **del,
			 size_t ndel, struct deny_rule *pending)
{
	size_t i;

	for (i = 0; i < ndel; i++)
		pending[i] = *del[i];
	t->pending = pending;
	t->npending = ndel;
}

/* Does an address rule come or go? Then the address tables flip. */
static bool addr_changed(struct deny_rule **add, size_t nadd,
			 struct deny_rule **del, size_t ndel)
{
	size_t i;

	for (i = 0; i < nadd; i++)
		if (!add[i]->proto)
			return true;
	for (i = 0; i < ndel; i++)
		if (!del[i]->proto)
			return true;
	return false;
}

int deny_table_apply(struct deny_table *t, struct deny_list *next,
		     struct deny_diff *d)
{
	struct deny_hints *old, *want, *wide;
	struct deny_rule **add, **del, *pending;
	size_t nadd, ndel, i;
	struct bb_deny_shape *addr = NULL;
	__u64 start = xdp_cli_now_ns();
	int err = -ENOMEM;

	add = calloc(next->count + 1, sizeof(*add));
	del = calloc(t->count + 1, sizeof(*del));
	pending = calloc(t->count + 1, sizeof(*pending));
	old = calloc(3, sizeof(*old));
	if (!add || !del || !pending || !old)
		goto free_lists;
	want = old + 1;
	wide = old + 2;
	if (next->count > t->limit) {
		fprintf(stderr, "%s: %zu deny rules are more than the %u this run takes (--max-rules).\n",
			t->tool, next->count, t->limit);
		err = -E2BIG;
		goto free_lists;
	}
	retire_pending(t);	/* their slots may be needed now */
	diff_lists(t, next, add, &nadd, del, &ndel);
	if (nadd > t->nfree) {	/* cannot be: old and new each fit @limit */
		fprintf(stderr, "%s: %zu new deny rules do not fit in %u free slots.\n",
			t->tool, nadd, t->nfree);
		err = -E2BIG;
		goto free_lists;
	}
	for (i = 0; i < nadd; i++)
		add[i]->index = t->free_idx[--t->nfree];
	/* Search every map that holds old or new rules while both do. */
	*old = *t->hints;
	hints_of(next->rules, next->count, want);
	hints_union(old, want, wide);
	err = zero_counters(t, add, nadd);
	if (!err && addr_changed(add, nadd, del, ndel)) {
		addr = malloc(sizeof(*addr));
		err = addr ? addr_build(t, next->rules, next->count, addr) :
			     -ENOMEM;
	}
	if (!err)
		err = write_hints(t, wide);
	if (!err) {
		err = insert_rules(t, add, nadd);
		if (!err && addr && addr_flip(t, addr))
			err = remove_rules(t, add, nadd) ?: -EIO;
		if (err)
			write_hints(t, old);
	}
	if (err) {
		t->nfree += nadd;	/* the same indices, still on the stack */
		goto free_lists;
	}
	/* Only now that the new rules match: take the old ones out. */
	remove_rules(t, del, ndel);
	keep_pending(t, del, ndel, pending);
	pending = NULL;
	write_hints(t, want);

	free(t->rules);
	t->rules = next->rules;
	t->count = next->count;
	next->rules = NULL;
	next->count = 0;
	d->added = nadd;
	d->removed = ndel;
	d->kept = t->count - nadd;
	d->usecs = (xdp_cli_now_ns() - start) / 1000;
free_lists:
	free(add);
	free(del);
	free(pending);
	free(old);
	free(addr);
	return err;
}

/* ---- the report ---------------------------------------------------- */

static void add_slot(struct deny_table *t, struct bb_count *sums, __u32 key,
		     const void *percpu)
{
	struct bb_count sum;

	if (key >= t->capacity)
		return;
	percpu_sum_counts(percpu, t->ncpus, &sum);
	sums[key] = sum;
}

/* Fallback: one BPF_MAP_LOOKUP_ELEM per slot. */
static int read_counters_slow(struct deny_table *t, struct bb_count *sums,
			      void *vals)
{
	__u32 key;
	int err;

	for (key = 0; key < t->capacity; key++) {
		err = bb_map_lookup_elem(t->maps.counters, &key, vals, 0);
		if (err)
			return err;
		add_slot(t, sums, key, vals);
	}
	return 0;
}

/*
 * Sums of every slot's counters, 4096 slots per BPF_MAP_LOOKUP_BATCH;
 * the batch ends with -ENOENT once the last slot has been returned.
 */
static int read_counters(struct deny_table *t, struct bb_count *sums)
{
	size_t chunk = 4096, vsz = t->ncpus * sizeof(struct bb_count);
	__u32 in = 0, out = 0, cnt, j, *keys;
	void *vals, *inp = NULL;
	int err = -ENOMEM;

	keys = calloc(chunk, sizeof(*keys));
	vals = calloc(chunk, vsz);
	if (!keys || !vals)
		goto free_bufs;
	for (;;) {
		cnt = chunk;
		err = bb_map_lookup_batch(t->maps.counters, inp, &out, keys, vals,
					  &cnt, 0);
		if (err && err != -ENOENT)
			break;
		for (j = 0; j < cnt; j++)
			add_slot(t, sums, keys[j], (char *)vals + j * vsz);
		if (err == -ENOENT) {
			err = 0;
			break;
		}
		in = out;
		inp = &in;
	}
	if (err && batch_unsupported(err))
		err = read_counters_slow(t, sums, vals);
free_bufs:
	free(keys);
	free(vals);
	return err;
}

/*
 * What every rule dropped, in force or removed, sorted by rule, in *tlp
 * (free it); removed rules that had no hits may be among them.
 */
static int tally_all(struct deny_table *t, struct deny_tally **tlp,
		     size_t *np)
{
	size_t nlive = t->count + t->npending;
	struct deny_tally *live, *merged, *all = NULL;
	struct bb_count *sums;
	int err = -ENOMEM;

	sums = calloc(t->capacity, sizeof(*sums));
	live = calloc(nlive + 1, sizeof(*live));
	merged = calloc(nlive + 1, sizeof(*merged));
	all = calloc(nlive + t->ngone + 1, sizeof(*all));
	if (!sums || !live || !merged || !all)
		goto free_bufs;
	err = read_counters(t, sums);
	if (err) {
		fprintf(stderr, "%s: reading the rule counters failed: %s.\n",
			t->tool, strerror(-err));
		goto free_bufs;
	}
	tally_rules(t->rules, t->count, sums, false, false, live);
	tally_rules(t->pending, t->npending, sums, true, false,
		    live + t->count);
	nlive = merge_tallies(live, t->count, live + t->count, t->npending,
			      merged);
	*np = merge_tallies(merged, nlive, t->gone, t->ngone, all);
	*tlp = all;
	all = NULL;
free_bufs:
	free(sums);
	free(live);
	free(merged);
	free(all);
	return err;
}

/**
 * struct tally_sum - the total line of a report
 * @total:	what all the rules dropped, removed ones too
 * @hit:	rules in force with hits
 * @removed_hit: removed rules with hits
 */
struct tally_sum {
	struct bb_count total;
	size_t hit;
	size_t removed_hit;
};

static void sum_tallies(const struct deny_tally *tl, size_t n,
			struct tally_sum *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < n; i++) {
		s->total.packets += tl[i].count.packets;
		s->total.bytes += tl[i].count.bytes;
		if (!tl[i].count.packets)
			continue;
		if (tl[i].removed)
			s->removed_hit++;
		else
			s->hit++;
	}
}

/* Allow mode: what the default policy dropped and kept; 0 or -errno. */
static int read_defaults(const struct deny_table *t, struct bb_count *drop,
			 struct bb_count *keep)
{
	struct bb_count *percpu;
	int err;

	memset(drop, 0, sizeof(*drop));
	memset(keep, 0, sizeof(*keep));
	if (t->defaults < 0)
		return 0;
	percpu = calloc(t->ncpus, sizeof(*percpu));
	if (!percpu)
		return -ENOMEM;
	err = percpu_count_read(t->defaults, BB_DEFAULT_DROP, percpu,
				t->ncpus, drop);
	if (!err)
		err = percpu_count_read(t->defaults, BB_DEFAULT_KEEP, percpu,
					t->ncpus, keep);
	free(percpu);
	if (err)
		fprintf(stderr, "%s: cannot read default_stats: %s.\n",
			t->tool, strerror(-err));
	return err;
}

int deny_table_print_stats(struct deny_table *t, FILE *out,
			   const char *path, bool all)
{
	const struct deny_tally *e;
	struct deny_tally *tl;
	struct tally_sum sum;
	char pfx[DENY_RULE_STRLEN], more[64] = "";
	size_t i, n;
	int err;

	err = tally_all(t, &tl, &n);
	if (err)
		return err;
	sum_tallies(tl, n, &sum);
	for (i = 0; i < n; i++) {
		e = &tl[i];
		if (!e->count.packets && (!all || e->removed))
			continue;
		deny_rule_format(&e->rule, pfx, sizeof(pfx));
		fprintf(out, "rule %s (%s:%u%s): %llu packets, %llu bytes\n",
			pfx, path, e->rule.line,
			e->removed ? ", removed at reload" : "",
			(unsigned long long)e->count.packets,
			(unsigned long long)e->count.bytes);
	}
	if (sum.removed_hit)
		snprintf(more, sizeof(more), " (and %zu removed at reload)",
			 sum.removed_hit);
	fprintf(out, "total: %zu of %zu rules matched%s, %llu packets, %llu bytes %s\n",
		sum.hit, t->count, more,
		(unsigned long long)sum.total.packets,
		(unsigned long long)sum.total.bytes,
		t->allow ? "passed" : "dropped");
	free(tl);
	if (t->allow) {
		struct bb_count drop, keep;

		err = read_defaults(t, &drop, &keep);
		if (err)
			return err;
		fprintf(out, "default: %llu packets, %llu bytes dropped (no rule matched); %llu packets, %llu bytes of ARP and neighbour discovery passed\n",
			(unsigned long long)drop.packets,
			(unsigned long long)drop.bytes,
			(unsigned long long)keep.packets,
			(unsigned long long)keep.bytes);
	}
	fflush(out);
	return 0;
}

int deny_table_json_members(struct deny_table *t, FILE *out)
{
	const struct deny_tally *e;
	struct deny_tally *tl;
	struct tally_sum sum;
	size_t i, n, shown = 0;
	char pfx[DENY_RULE_STRLEN];
	int err;

	err = tally_all(t, &tl, &n);
	if (err)
		return err;
	sum_tallies(tl, n, &sum);
	fputs("\"rules\":[", out);
	for (i = 0; i < n; i++) {
		e = &tl[i];
		if (!e->count.packets)
			continue;
		deny_rule_format(&e->rule, pfx, sizeof(pfx));
		fprintf(out,
			"%s{\"rule\":\"%s\",\"line\":%u,\"packets\":%llu,\"bytes\":%llu%s}",
			shown++ ? "," : "", pfx, e->rule.line,
			(unsigned long long)e->count.packets,
			(unsigned long long)e->count.bytes,
			e->removed ? ",\"removed\":true" : "");
	}
	fprintf(out,
		"],\"rules_matched\":%zu,\"rules_total\":%zu,\"removed_rules_matched\":%zu,\"%s_packets\":%llu,\"%s_bytes\":%llu",
		sum.hit, t->count, sum.removed_hit,
		t->allow ? "passed" : "dropped",
		(unsigned long long)sum.total.packets,
		t->allow ? "passed" : "dropped",
		(unsigned long long)sum.total.bytes);
	free(tl);
	if (t->allow) {
		struct bb_count drop, keep;

		err = read_defaults(t, &drop, &keep);
		if (err)
			return err;
		fprintf(out,
			",\"mode\":\"allow\",\"dropped_packets\":%llu,\"dropped_bytes\":%llu,\"kept_packets\":%llu,\"kept_bytes\":%llu",
			(unsigned long long)drop.packets,
			(unsigned long long)drop.bytes,
			(unsigned long long)keep.packets,
			(unsigned long long)keep.bytes);
	}
	return 0;
}

/* ---- reloading ----------------------------------------------------- */

int deny_table_reload(struct deny_table *t, const char *path)
{
	struct deny_list next;
	struct deny_diff d;
	int err;

	err = deny_list_load(t->tool, path, &next);
	if (!err && !next.count && t->count && !next.says_empty) {
		fprintf(stderr, "%s: %s has no rules now; if that is meant, say so in a line '# empty'.\n",
			t->tool, path);
		deny_list_free(&next);
		err = -ENODATA;
	}
	if (!err) {
		err = deny_table_apply(t, &next, &d);
		deny_list_free(&next);
	}
	if (err) {
		fprintf(stderr, "%s: reloading %s failed; keeping the %zu rules in force.\n",
			t->tool, path, t->count);
		return err;
	}
	fprintf(stderr, "%s: reloaded %s: %zu added, %zu removed, %zu kept in %.1f ms.\n",
		t->tool, path, d.added, d.removed, d.kept, d.usecs / 1000.0);
	return 0;
}