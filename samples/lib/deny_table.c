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

/* Key sizes of the maps, by enum deny_kind. */
static const size_t key_size[DENY_KINDS] = {
	[DENY_HOST_V4] = sizeof(__u32),
	[DENY_HOST_V6] = sizeof(struct bb_host_v6),
	[DENY_NET_V4] = sizeof(struct bb_lpm_v4),
	[DENY_NET_V6] = sizeof(struct bb_lpm_v6),
	[DENY_L4] = sizeof(struct bb_l4_key),
	[DENY_L4_V4] = sizeof(struct bb_lpm_l4_v4),
	[DENY_L4_V6] = sizeof(struct bb_lpm_l4_v6),
};

const char *const deny_kind_map[DENY_KINDS] = {
	[DENY_HOST_V4] = "deny_host_v4",
	[DENY_HOST_V6] = "deny_host_v6",
	[DENY_NET_V4] = "deny_v4",
	[DENY_NET_V6] = "deny_v6",
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
	if (r->family == AF_INET)
		return r->prefixlen == 32 ? DENY_HOST_V4 : DENY_NET_V4;
	return r->prefixlen == 128 ? DENY_HOST_V6 : DENY_NET_V6;
}

/* The key of a rule that names a protocol, and an address or not. */
static void rule_key_l4(const struct deny_rule *r, void *key)
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

/* The rule's key in the map of its kind. */
static void rule_key(const struct deny_rule *r, void *key)
{
	struct bb_lpm_v4 *k4 = key;
	struct bb_lpm_v6 *k6 = key;

	if (r->proto) {
		rule_key_l4(r, key);
		return;
	}
	switch (deny_rule_kind(r)) {
	case DENY_HOST_V4:
		memcpy(key, r->addr, 4);
		break;
	case DENY_HOST_V6:
		memcpy(key, r->addr, 16);
		break;
	case DENY_NET_V4:
		k4->prefixlen = r->prefixlen;
		memcpy(k4->addr, r->addr, sizeof(k4->addr));
		break;
	default:
		k6->prefixlen = r->prefixlen;
		memcpy(k6->addr, r->addr, sizeof(k6->addr));
		break;
	}
}

int deny_table_init(struct deny_table *t, const char *tool,
		    const struct deny_maps *maps, __u32 limit)
{
	__u32 i, capacity = 2 * limit;

	memset(t, 0, sizeof(*t));
	t->tool = tool;
	t->maps = *maps;
	t->limit = limit;
	t->capacity = capacity;
	t->batch = true;
	t->ncpus = bb_num_possible_cpus();
	t->free_idx = calloc(capacity, sizeof(*t->free_idx));
	t->dirty = calloc(capacity, 1);
	t->hints = calloc(1, sizeof(*t->hints));	/* as new maps are */
	if (t->ncpus <= 0 || !t->free_idx || !t->dirty || !t->hints) {
		deny_table_free(t);
		return -ENOMEM;
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
	free(t->hints);
	t->rules = NULL;
	t->free_idx = NULL;
	t->dirty = NULL;
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
		ks->keys[k] = calloc(ks->n[k] ? ks->n[k] : 1, key_size[k]);
		ks->vals[k] = calloc(ks->n[k] ? ks->n[k] : 1, sizeof(__u32));
		if (!ks->keys[k] || !ks->vals[k]) {
			key_set_free(ks);
			return -ENOMEM;
		}
		ks->n[k] = 0;
	}
	for (i = 0; i < n; i++) {
		kind = deny_rule_kind(rules[i]);
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
		case DENY_NET_V4:
			shape->v4_prefixes++;
			break;
		case DENY_NET_V6:
			shape->v6_prefixes++;
			break;
		case DENY_L4:
		case DENY_L4_V4:
		case DENY_L4_V6:
			shape_add_l4(shape, &rules[i]);
			ports_add(h->ports, &rules[i]);
			break;
		default:
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

	su->v4_prefixes = max_u32(sa->v4_prefixes, sb->v4_prefixes);
	su->v6_prefixes = max_u32(sa->v6_prefixes, sb->v6_prefixes);
	su->l4_rules = max_u32(sa->l4_rules, sb->l4_rules);
	for (i = 0; i < sizeof(su->l4_v4); i++) {
		su->l4_v4[i] = sa->l4_v4[i] | sb->l4_v4[i];
		su->l4_v6[i] = sa->l4_v6[i] | sb->l4_v6[i];
	}
	for (i = 0; i < BB_PORTS_ALL; i++)
		u->ports[i] = a->ports[i] | b->ports[i];
}

/* Tell BPF what the maps hold; a table without the global skips it. */
static int write_shape(struct deny_table *t, const struct bb_deny_shape *s)
{
	__u32 zero = 0;
	int err;

	if (t->maps.shape < 0 || !memcmp(s, &t->hints->shape, sizeof(*s)))
		return 0;	/* no global, or BPF sees this already */
	err = bb_map_update_elem(t->maps.shape, &zero, s, 0);
	if (err) {
		fprintf(stderr, "%s: writing the deny shape (.data.deny) failed: %s.\n",
			t->tool, strerror(-err));
		return err;
	}
	t->hints->shape = *s;
	return 0;
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

static int write_hints(struct deny_table *t, const struct deny_hints *h)
{
	return write_shape(t, &h->shape) ?: write_ports(t, h->ports);
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

static void give_back(struct deny_table *t, struct deny_rule **rules,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		t->dirty[rules[i]->index] = 1;
		t->free_idx[t->nfree++] = rules[i]->index;
	}
}

int deny_table_apply(struct deny_table *t, struct deny_list *next,
		     struct deny_diff *d)
{
	struct deny_hints *old, *want, *wide;
	struct deny_rule **add, **del;
	size_t nadd, ndel, i;
	__u64 start = xdp_cli_now_ns();
	int err = -ENOMEM;

	add = calloc(next->count + 1, sizeof(*add));
	del = calloc(t->count + 1, sizeof(*del));
	old = calloc(3, sizeof(*old));
	if (!add || !del || !old)
		goto free_lists;
	want = old + 1;
	wide = old + 2;
	if (next->count > t->limit) {
		fprintf(stderr, "%s: %zu deny rules are more than the %u this run takes (--max-rules).\n",
			t->tool, next->count, t->limit);
		err = -E2BIG;
		goto free_lists;
	}
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
	if (!err)
		err = write_hints(t, wide);
	if (!err) {
		err = insert_rules(t, add, nadd);
		if (err)
			write_hints(t, old);
	}
	if (err) {
		t->nfree += nadd;	/* the same indices, still on the stack */
		goto free_lists;
	}
	/* Only now that the new rules match: take the old ones out. */
	remove_rules(t, del, ndel);
	give_back(t, del, ndel);
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
	free(old);
	return err;
}

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

/* Every rule's counters by index in *sumsp (free it), and their total. */
static int sum_rules(struct deny_table *t, struct bb_count **sumsp,
		     struct bb_count *total, size_t *hit)
{
	struct bb_count *sums;
	const struct deny_rule *r;
	size_t i;
	int err;

	*sumsp = NULL;
	sums = calloc(t->capacity, sizeof(*sums));
	if (!sums)
		return -ENOMEM;
	err = read_counters(t, sums);
	if (err) {
		fprintf(stderr, "%s: reading the rule counters failed: %s.\n",
			t->tool, strerror(-err));
		free(sums);
		return err;
	}
	*total = (struct bb_count){ 0, 0 };
	*hit = 0;
	for (i = 0; i < t->count; i++) {
		r = &t->rules[i];
		total->packets += sums[r->index].packets;
		total->bytes += sums[r->index].bytes;
		*hit += sums[r->index].packets != 0;
	}
	*sumsp = sums;
	return 0;
}

int deny_table_print_stats(struct deny_table *t, FILE *out,
			   const char *path, bool all)
{
	struct bb_count *sums, total;
	const struct deny_rule *r;
	size_t i, hit;
	char pfx[DENY_RULE_STRLEN];
	int err;

	err = sum_rules(t, &sums, &total, &hit);
	if (err)
		return err;
	for (i = 0; i < t->count; i++) {
		r = &t->rules[i];
		if (!sums[r->index].packets && !all)
			continue;
		deny_rule_format(r, pfx, sizeof(pfx));
		fprintf(out, "rule %s (%s:%u): %llu packets, %llu bytes\n",
			pfx, path, r->line,
			(unsigned long long)sums[r->index].packets,
			(unsigned long long)sums[r->index].bytes);
	}
	fprintf(out, "total: %zu of %zu rules matched, %llu packets, %llu bytes dropped\n",
		hit, t->count, (unsigned long long)total.packets,
		(unsigned long long)total.bytes);
	fflush(out);
	free(sums);
	return 0;
}

int deny_table_json_members(struct deny_table *t, FILE *out)
{
	struct bb_count *sums, total;
	const struct deny_rule *r;
	size_t i, hit, shown = 0;
	char pfx[DENY_RULE_STRLEN];
	int err;

	err = sum_rules(t, &sums, &total, &hit);
	if (err)
		return err;
	fputs("\"rules\":[", out);
	for (i = 0; i < t->count; i++) {
		r = &t->rules[i];
		if (!sums[r->index].packets)
			continue;
		deny_rule_format(r, pfx, sizeof(pfx));
		fprintf(out,
			"%s{\"rule\":\"%s\",\"line\":%u,\"packets\":%llu,\"bytes\":%llu}",
			shown++ ? "," : "", pfx, r->line,
			(unsigned long long)sums[r->index].packets,
			(unsigned long long)sums[r->index].bytes);
	}
	fprintf(out,
		"],\"rules_matched\":%zu,\"rules_total\":%zu,\"dropped_packets\":%llu,\"dropped_bytes\":%llu",
		hit, t->count, (unsigned long long)total.packets,
		(unsigned long long)total.bytes);
	free(sums);
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