// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * deny.c - parse deny files and apply them to the LPM tries; see deny.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
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

/* ::ffff:0:0/96, where IPv4 addresses are written as IPv6 ones. */
static bool v4_mapped(const struct deny_rule *r)
{
	static const __u8 mapped[12] = { [10] = 0xff, [11] = 0xff };

	return r->family == AF_INET6 && r->prefixlen >= 96 &&
	       !memcmp(r->addr, mapped, sizeof(mapped));
}

/*
 * Is @r valid but probably not what was meant? Then say why in @why.
 *  - an IPv4-mapped address matches only IPv6 packets that carry it (a
 *    dual-stack socket's view of an IPv4 peer is not what goes on the
 *    wire): the IPv4 packets of that host pass;
 *  - a /0 matches every address of its family.
 */
static bool doubtful(const struct deny_rule *r, char *why, size_t whylen)
{
	const char *fam = r->family == AF_INET ? "IPv4" : "IPv6";
	struct deny_rule v4 = { .family = AF_INET };
	char rule[64], alt[64];
	size_t n;

	deny_rule_format(r, rule, sizeof(rule));
	if (v4_mapped(r)) {
		v4.prefixlen = r->prefixlen - 96;
		memcpy(v4.addr, r->addr + 12, 4);
		deny_rule_format(&v4, alt, sizeof(alt));
		n = strlen(alt);
		if (n > 3 && !strcmp(alt + n - 3, "/32"))
			alt[n - 3] = '\0';	/* a host goes without "/32" */
		snprintf(why, whylen,
			 "rule %s is an IPv4-mapped IPv6 address: it matches IPv6 packets that carry it, never the IPv4 packets of %s; to deny those, write %s",
			 rule, alt, alt);
		return true;
	}
	if (!r->prefixlen) {
		snprintf(why, whylen,
			 "rule %s denies every %s address: no %s packet gets through",
			 rule, fam, fam);
		return true;
	}
	return false;
}

void deny_rule_format(const struct deny_rule *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(r->family, r->addr, a, sizeof(a)))
		strcpy(a, "?");
	snprintf(buf, len, "%s/%u", a, r->prefixlen);
}

int deny_rule_cmp(const void *pa, const void *pb)
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
	qsort(l->rules, l->count, sizeof(*l->rules), deny_rule_cmp);
	for (i = 0; i < l->count; i++) {
		if (out && !deny_rule_cmp(&l->rules[out - 1], &l->rules[i])) {
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

/* Is @line the comment "# empty", give or take blanks? */
static bool empty_marker(const char *line)
{
	while (isblank((unsigned char)*line))
		line++;
	if (*line++ != '#')
		return false;
	while (isblank((unsigned char)*line))
		line++;
	if (strncmp(line, "empty", 5))
		return false;
	for (line += 5; isblank((unsigned char)*line); line++)
		;
	return !*line;
}

/*
 * A rule that loads but is probably a mistake: a warning with FILE:LINE,
 * up to DENY_MAX_WARNINGS of them per file (each reload reads it again).
 */
static void warn_doubtful(const char *tool, const char *path, __u32 lineno,
			  const struct deny_rule *r, unsigned int *nwarn)
{
	char why[256];

	if (!doubtful(r, why, sizeof(why)))
		return;
	if (++*nwarn <= DENY_MAX_WARNINGS)
		fprintf(stderr, "%s: %s:%u: warning: %s.\n", tool, path,
			lineno, why);
}

static int parse_stream(const char *tool, const char *path, FILE *f,
			struct deny_list *l)
{
	char *line = NULL, why[96], text[64];
	size_t len = 0, cap = 0;
	unsigned int nwarn = 0;
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
		if (ret == 0) {		/* blank or comment */
			l->says_empty |= empty_marker(line);
			continue;
		}
		ret = 0;
		r.line = lineno;
		warn_doubtful(tool, path, lineno, &r, &nwarn);
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
	if (nwarn > DENY_MAX_WARNINGS)
		fprintf(stderr, "%s: %s: %u more warnings like these not shown.\n",
			tool, path, nwarn - DENY_MAX_WARNINGS);
	free(line);
	return ret;
}

/* What a deny file that is not a regular file is instead. */
static const char *file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	return S_ISSOCK(mode) ? "a socket" : "of another kind";
}

/*
 * Open @path for reading, but only a regular file. O_NONBLOCK: opening a
 * FIFO otherwise waits for a writer, where no signal can stop it; a
 * regular file ignores the flag.
 */
static FILE *open_regular(const char *tool, const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot open deny file %s: %s.\n", tool,
			path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st)) {
		fprintf(stderr, "%s: cannot stat deny file %s: %s.\n", tool,
			path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: deny file %s is %s, not a regular file.\n",
			tool, path, file_kind(st.st_mode));
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

int deny_list_load(const char *tool, const char *path, struct deny_list *l)
{
	FILE *f;
	int err;

	memset(l, 0, sizeof(*l));
	f = open_regular(tool, path);
	if (!f)
		return -errno;
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
