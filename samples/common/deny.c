// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * deny.c - parse deny files and apply them to the LPM tries; see deny.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <unistd.h>
#include <string.h>
#include <sys/socket.h>

#include "bpf_sys.h"
#include "deny.h"
#include "xdp_cli.h"
#include "xdp_tools.h"

/* ---- parsing ------------------------------------------------------- */

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int parse_prefixlen(const char *s, int max)
{
	long v;
	char *end;

	if (!isdigit((unsigned char)*s) || strlen(s) > 3)
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v > max)
		return -1;
	return v;
}

static bool host_bits_set(const struct deny_rule *r)
{
	int bytes = r->family == AF_INET ? 4 : 16;
	int i, bit;

	for (i = 0; i < bytes; i++) {
		for (bit = 0; bit < 8; bit++) {
			if (i * 8 + bit < r->prefixlen)
				continue;
			if (r->addr[i] & (0x80 >> bit))
				return true;
		}
	}
	return false;
}

static void clear_host_bits(struct deny_rule *r)
{
	int i;

	for (i = 0; i < 16; i++) {
		if (i * 8 >= r->prefixlen)
			r->addr[i] = 0;
		else if (i * 8 + 8 > r->prefixlen)
			r->addr[i] &= 0xff << (8 - (r->prefixlen - i * 8));
	}
}

int deny_parse_line(const char *text, struct deny_rule *r, char *why,
		    size_t whylen)
{
	char buf[128], *s, *slash, *hash, *pct;
	struct deny_rule fixed;
	int plen, max;

	if (strlen(text) >= sizeof(buf)) {
		snprintf(why, whylen, "line too long");
		return -1;
	}
	strcpy(buf, text);
	hash = strchr(buf, '#');
	if (hash)
		*hash = '\0';
	s = trim(buf);
	if (!*s)
		return 0;
	if (strpbrk(s, " \t")) {
		snprintf(why, whylen, "one address or CIDR per line");
		return -1;
	}
	memset(r, 0, sizeof(*r));
	slash = strchr(s, '/');
	if (slash)
		*slash = '\0';
	pct = strchr(s, '%');
	if (pct) {
		*pct = '\0';
		if (inet_pton(AF_INET6, s, r->addr) == 1) {
			/* A rule matches on every link: a zone is meaningless. */
			snprintf(why, whylen,
				 "scope id %%%.16s not allowed; give the address alone",
				 pct + 1);
			return -1;
		}
		*pct = '%';
	}
	if (inet_pton(AF_INET, s, r->addr) == 1) {
		r->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, s, r->addr) == 1) {
		r->family = AF_INET6;
		max = 128;
	} else {
		snprintf(why, whylen, "not an IPv4 or IPv6 address");
		return -1;
	}
	plen = slash ? parse_prefixlen(slash + 1, max) : max;
	if (plen < 0) {
		snprintf(why, whylen, "prefix length must be 0 to %d", max);
		return -1;
	}
	r->prefixlen = plen;
	if (host_bits_set(r)) {
		fixed = *r;
		clear_host_bits(&fixed);
		deny_rule_format(&fixed, buf, sizeof(buf));
		snprintf(why, whylen, "host bits set (did you mean %s)", buf);
		return -1;
	}
	return 1;
}

void deny_rule_format(const struct deny_rule *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(r->family, r->addr, a, sizeof(a)))
		strcpy(a, "?");
	snprintf(buf, len, "%s/%u", a, r->prefixlen);
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct deny_rule *a = pa, *b = pb;

	if (a->family != b->family)
		return a->family - b->family;
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen - b->prefixlen;
	return memcmp(a->addr, b->addr, sizeof(a->addr));
}

/* Sort, then drop repeated entries, keeping the first line of each. */
static void sort_dedup(struct deny_list *l)
{
	size_t i, out = 0;

	if (!l->count)
		return;		/* rules may be NULL: qsort() must not see it */
	qsort(l->rules, l->count, sizeof(*l->rules), rule_cmp);
	for (i = 0; i < l->count; i++) {
		if (out && !rule_cmp(&l->rules[out - 1], &l->rules[i])) {
			if (l->rules[i].line < l->rules[out - 1].line)
				l->rules[out - 1].line = l->rules[i].line;
			l->dups++;
			continue;
		}
		l->rules[out++] = l->rules[i];
	}
	l->count = out;
}

static int list_push(struct deny_list *l, size_t *cap,
		     const struct deny_rule *r)
{
	struct deny_rule *v;

	if (l->count == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		v = realloc(l->rules, *cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->rules = v;
	}
	l->rules[l->count++] = *r;
	return 0;
}

/*
 * The first @len bytes of a line as a message shows them: no newline,
 * bytes outside printable ASCII as \xNN (a binary file must not reach
 * the terminal raw), cut to about 60 characters.
 */
static const char *shown(const char *line, size_t len, char *out,
			 size_t outlen)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < len && line[i] != '\n' && line[i] != '\r'; i++) {
		if (o + 8 > outlen) {
			strcpy(out + o, "...");
			return out;
		}
		c = line[i];
		if (c >= 0x20 && c < 0x7f)
			out[o++] = c;
		else
			o += sprintf(out + o, "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

/* NUL or control characters: not a text file, whatever it is. */
static bool binary(const char *line, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = line[i];
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f)
			return true;
	}
	return false;
}

static int parse_stream(const char *tool, const char *path, FILE *f,
			struct deny_list *l)
{
	char *line = NULL, why[96], text[64];
	size_t len = 0, cap = 0;
	struct deny_rule r;
	__u32 lineno = 0;
	ssize_t n;
	int ret = 0;

	while ((n = getline(&line, &len, f)) >= 0) {
		lineno++;
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (binary(line, n)) {
			snprintf(why, sizeof(why), "%s",
				 "control characters, not a text file");
			ret = -1;
		} else {
			ret = deny_parse_line(line, &r, why, sizeof(why));
		}
		if (ret < 0) {
			fprintf(stderr, "%s: %s:%u: bad entry '%s': %s.\n",
				tool, path, lineno,
				shown(line, n, text, sizeof(text)), why);
			ret = -EINVAL;
			break;
		}
		if (ret == 0)
			continue;	/* blank or comment */
		ret = 0;
		r.line = lineno;
		if (list_push(l, &cap, &r)) {
			fprintf(stderr, "%s: %s: out of memory at line %u.\n",
				tool, path, lineno);
			ret = -ENOMEM;
			break;
		}
	}
	if (!ret && ferror(f)) {
		fprintf(stderr, "%s: reading %s failed: %s.\n", tool, path,
			strerror(errno));
		ret = -EIO;
	}
	free(line);
	return ret;
}

int deny_list_load(const char *tool, const char *path, struct deny_list *l)
{
	FILE *f;
	int err;

	memset(l, 0, sizeof(*l));
	f = fopen(path, "re");
	if (!f) {
		err = -errno;
		fprintf(stderr, "%s: cannot open deny file %s: %s.\n", tool,
			path, strerror(-err));
		return err;
	}
	err = parse_stream(tool, path, f, l);
	fclose(f);
	if (err) {
		deny_list_free(l);
		return err;
	}
	sort_dedup(l);
	return 0;
}

void deny_list_free(struct deny_list *l)
{
	free(l->rules);
	l->rules = NULL;
	l->count = 0;
}

/* ---- the table ----------------------------------------------------- */

/* The kernel's internal "not supported" (include/linux/errno.h). */
#define BB_ENOTSUPP	524

int deny_table_init(struct deny_table *t, const char *tool, int v4_fd,
		    int v6_fd, int cnt_fd, __u32 capacity)
{
	__u32 i;

	memset(t, 0, sizeof(*t));
	t->tool = tool;
	t->v4_fd = v4_fd;
	t->v6_fd = v6_fd;
	t->cnt_fd = cnt_fd;
	t->capacity = capacity;
	t->batch = true;
	t->ncpus = bb_num_possible_cpus();
	t->free_idx = calloc(capacity, sizeof(*t->free_idx));
	t->dirty = calloc(capacity, 1);
	if (t->ncpus <= 0 || !t->free_idx || !t->dirty) {
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
	t->rules = NULL;
	t->free_idx = NULL;
	t->dirty = NULL;
}

static bool batch_unsupported(int err)
{
	return err == -EINVAL || err == -EOPNOTSUPP || err == -BB_ENOTSUPP ||
	       err == -ENOSYS;
}

/*
 * Update @n elements, in one BPF_MAP_UPDATE_BATCH if the kernel has it
 * for this map type, else one BPF_MAP_UPDATE_ELEM each. Linux has had
 * batch ops on LPM tries (generic_map_update_batch) since 5.6 era
 * kernels; the element loop is the fallback for older ones, and for
 * the per-CPU array on kernels without array batch support.
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
		if (!err || !batch_unsupported(err) || cnt) {
			*done = cnt;
			return err;
		}
		t->batch = false;
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
		if (!err || !batch_unsupported(err) || cnt)
			return err;
		t->batch = false;
	}
	for (i = 0; i < n; i++) {
		err = bb_map_delete_elem(fd, (const char *)keys + i * ksz);
		if (err && err != -ENOENT)
			return err;
	}
	return 0;
}

/* Trie keys of some rules, v4 and v6 apart, with their indices. */
struct key_set {
	struct bb_lpm_v4 *k4;
	struct bb_lpm_v6 *k6;
	__u32 *v4;
	__u32 *v6;
	size_t n4;
	size_t n6;
};

static int key_set_alloc(struct key_set *ks, size_t n)
{
	memset(ks, 0, sizeof(*ks));
	ks->k4 = calloc(n ? n : 1, sizeof(*ks->k4));
	ks->k6 = calloc(n ? n : 1, sizeof(*ks->k6));
	ks->v4 = calloc(n ? n : 1, sizeof(*ks->v4));
	ks->v6 = calloc(n ? n : 1, sizeof(*ks->v6));
	return ks->k4 && ks->k6 && ks->v4 && ks->v6 ? 0 : -ENOMEM;
}

static void key_set_free(struct key_set *ks)
{
	free(ks->k4);
	free(ks->k6);
	free(ks->v4);
	free(ks->v6);
}

static void key_set_add(struct key_set *ks, const struct deny_rule *r)
{
	if (r->family == AF_INET) {
		ks->k4[ks->n4].prefixlen = r->prefixlen;
		memcpy(ks->k4[ks->n4].addr, r->addr, 4);
		ks->v4[ks->n4++] = r->index;
	} else {
		ks->k6[ks->n6].prefixlen = r->prefixlen;
		memcpy(ks->k6[ks->n6].addr, r->addr, 16);
		ks->v6[ks->n6++] = r->index;
	}
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
			c = rule_cmp(&t->rules[i], &next->rules[j]);
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
		err = update_many(t, t->cnt_fd, keys, sizeof(*keys), zeros,
				  t->ncpus * sizeof(struct bb_count), n,
				  &done);
	}
	free(keys);
	free(zeros);
	return err;
}

/* Put @add in the tries; on failure take out what went in. */
static int insert_rules(struct deny_table *t, struct deny_rule **add,
			size_t nadd)
{
	size_t i, done4 = 0, done6 = 0;
	struct key_set ks;
	int err;

	err = key_set_alloc(&ks, nadd);
	if (err)
		goto free_keys;
	for (i = 0; i < nadd; i++)
		key_set_add(&ks, add[i]);
	err = update_many(t, t->v4_fd, ks.k4, sizeof(*ks.k4), ks.v4,
			  sizeof(*ks.v4), ks.n4, &done4);
	if (!err)
		err = update_many(t, t->v6_fd, ks.k6, sizeof(*ks.k6), ks.v6,
				  sizeof(*ks.v6), ks.n6, &done6);
	if (err) {
		fprintf(stderr, "%s: adding deny rules to the LPM tries failed: %s; taking the %zu added back out.\n",
			t->tool, strerror(-err), done4 + done6);
		delete_many(t, t->v4_fd, ks.k4, sizeof(*ks.k4), done4);
		delete_many(t, t->v6_fd, ks.k6, sizeof(*ks.k6), done6);
	}
free_keys:
	key_set_free(&ks);
	return err;
}

static int remove_rules(struct deny_table *t, struct deny_rule **del,
			size_t ndel)
{
	struct key_set ks;
	size_t i;
	int err;

	err = key_set_alloc(&ks, ndel);
	if (err)
		goto free_keys;
	for (i = 0; i < ndel; i++)
		key_set_add(&ks, del[i]);
	err = delete_many(t, t->v4_fd, ks.k4, sizeof(*ks.k4), ks.n4);
	if (!err)
		err = delete_many(t, t->v6_fd, ks.k6, sizeof(*ks.k6), ks.n6);
	if (err)
		fprintf(stderr, "%s: removing old deny rules from the LPM tries failed: %s; some may still match.\n",
			t->tool, strerror(-err));
free_keys:
	key_set_free(&ks);
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
	struct deny_rule **add, **del;
	size_t nadd, ndel, i;
	__u64 start = xdp_cli_now_ns();
	int err = -ENOMEM;

	add = calloc(next->count + 1, sizeof(*add));
	del = calloc(t->count + 1, sizeof(*del));
	if (!add || !del)
		goto free_lists;
	diff_lists(t, next, add, &nadd, del, &ndel);
	if (nadd > t->nfree) {
		fprintf(stderr, "%s: %zu deny rules do not fit: this run has room for %u (see --max-rules).\n",
			t->tool, next->count, t->capacity);
		err = -E2BIG;
		goto free_lists;
	}
	for (i = 0; i < nadd; i++)
		add[i]->index = t->free_idx[--t->nfree];
	err = zero_counters(t, add, nadd);
	if (!err)
		err = insert_rules(t, add, nadd);
	if (err) {
		t->nfree += nadd;	/* the same indices, still on the stack */
		goto free_lists;
	}
	/* Only now that the new rules match: take the old ones out. */
	remove_rules(t, del, ndel);
	give_back(t, del, ndel);

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
	return err;
}

static void add_slot(struct deny_table *t, struct bb_count *sums, __u32 key,
		     const void *percpu)
{
	struct bb_count sum;

	if (key >= t->capacity)
		return;
	xdp_cli_sum_counts(percpu, t->ncpus, &sum);
	sums[key] = sum;
}

/* Fallback: one BPF_MAP_LOOKUP_ELEM per slot. */
static int read_counters_slow(struct deny_table *t, struct bb_count *sums,
			      void *vals)
{
	__u32 key;
	int err;

	for (key = 0; key < t->capacity; key++) {
		err = bb_map_lookup_elem(t->cnt_fd, &key, vals, 0);
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
		err = bb_map_lookup_batch(t->cnt_fd, inp, &out, keys, vals,
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

int deny_table_print_stats(struct deny_table *t, FILE *out,
			   const char *path, bool all)
{
	struct bb_count *sums, total = { 0, 0 };
	size_t i, hit = 0;
	const struct deny_rule *r;
	char pfx[64];
	int err;

	sums = calloc(t->capacity, sizeof(*sums));
	if (!sums)
		return -ENOMEM;
	err = read_counters(t, sums);
	if (err) {
		fprintf(stderr, "%s: reading the rule counters failed: %s.\n",
			t->tool, strerror(-err));
		goto free_sums;
	}
	for (i = 0; i < t->count; i++) {
		r = &t->rules[i];
		total.packets += sums[r->index].packets;
		total.bytes += sums[r->index].bytes;
		if (sums[r->index].packets)
			hit++;
		else if (!all)
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
free_sums:
	free(sums);
	return err;
}

/* ---- reloading ----------------------------------------------------- */

int deny_table_reload(struct deny_table *t, const char *path)
{
	struct deny_list next;
	struct deny_diff d;
	int err;

	err = deny_list_load(t->tool, path, &next);
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

static void split_path(const char *path, char *dir, char *base, size_t len)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(dir, len, "%s", dirname(tmp));
	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(base, len, "%s", basename(tmp));
}

int deny_watch_open(const char *tool, const char *path)
{
	char dir[PATH_MAX], base[PATH_MAX];
	int fd, err;

	split_path(path, dir, base, sizeof(dir));
	fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (inotify_add_watch(fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0)
		goto fail;
	return fd;
fail:
	err = -errno;
	fprintf(stderr, "%s: cannot watch directory %s for changes to the deny file: %s.\n",
		tool, dir, strerror(-err));
	if (fd >= 0)
		close(fd);
	return err;
}

bool deny_watch_changed(int fd, const char *path)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	char dir[PATH_MAX], base[PATH_MAX];
	const struct inotify_event *ev;
	bool changed = false;
	ssize_t n;
	char *p;

	split_path(path, dir, base, sizeof(dir));
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->len && !strcmp(ev->name, base))
				changed = true;
		}
	}
	return changed;
}
