// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * deny.c - parse deny files; see deny.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
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

/* An address or prefix; its reason in @why if it is not a good one. */
static int parse_address(char *s, struct deny_rule *r, char *why,
			 size_t whylen)
{
	char *slash, *pct, fixed_text[64];
	struct deny_rule fixed;
	int plen, max;

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
		deny_rule_format(&fixed, fixed_text, sizeof(fixed_text));
		snprintf(why, whylen, "host bits set (did you mean %s)",
			 fixed_text);
		return -1;
	}
	return 0;
}

/* The protocols a rule may name, and what may follow each. */
static const struct deny_proto {
	const char *name;
	__u8 proto;
	__u8 family;	/* the only family it exists in; 0: both */
	bool ports;	/* dport N and sport N; else type N */
} deny_protos[] = {
	{ "tcp", IPPROTO_TCP, 0, true },
	{ "udp", IPPROTO_UDP, 0, true },
	{ "sctp", IPPROTO_SCTP, 0, true },
	{ "icmp", IPPROTO_ICMP, AF_INET, false },
	{ "icmpv6", IPPROTO_ICMPV6, AF_INET6, false },
};

#define DENY_PROTOS_TEXT	"tcp, udp, sctp, icmp or icmpv6"

static const struct deny_proto *proto_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(deny_protos) / sizeof(deny_protos[0]); i++)
		if (!strcmp(name, deny_protos[i].name))
			return &deny_protos[i];
	return NULL;
}

static const struct deny_proto *proto_by_number(__u8 proto)
{
	size_t i;

	for (i = 0; i < sizeof(deny_protos) / sizeof(deny_protos[0]); i++)
		if (deny_protos[i].proto == proto)
			return &deny_protos[i];
	return NULL;
}

/* BB_L4_DPORT, _SPORT or _TYPE for "dport", "sport", "type"; else -1. */
static int kind_by_name(const char *name)
{
	if (!strcmp(name, "dport"))
		return BB_L4_DPORT;
	if (!strcmp(name, "sport"))
		return BB_L4_SPORT;
	return strcmp(name, "type") ? -1 : BB_L4_TYPE;
}

static const char *kind_name(int kind)
{
	switch (kind) {
	case BB_L4_DPORT:
		return "dport";
	case BB_L4_SPORT:
		return "sport";
	default:
		return "type";
	}
}

/* A word like "tcp" or "tpc" rather than an address: letters, then digits. */
static bool is_name(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	while (isalnum((unsigned char)*s))
		s++;
	return !*s;
}

/*
 * The word where a protocol must be: say what is wrong with it. A port
 * or type keyword means the protocol was left out.
 */
static int bad_protocol(const char *w, char *why, size_t whylen)
{
	int kind = kind_by_name(w);

	if (kind == BB_L4_TYPE)
		snprintf(why, whylen, "type needs icmp or icmpv6 before it");
	else if (kind >= 0)
		snprintf(why, whylen, "%s needs tcp, udp or sctp before it",
			 w);
	else
		snprintf(why, whylen, "unknown protocol '%.16s'; known are %s",
			 w, DENY_PROTOS_TEXT);
	return -1;
}

/* The number after dport, sport or type: 0 to @max, decimal. */
static int parse_number(const char *w, const char *what, long max,
			__u16 *out, char *why, size_t whylen)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*w)) {
		snprintf(why, whylen, "%s wants a number, not '%.16s'", what, w);
		return -1;
	}
	errno = 0;
	v = strtol(w, &end, 10);
	if (*end) {
		snprintf(why, whylen, "%s wants a number, not '%.16s'", what, w);
		return -1;
	}
	if (errno || v > max) {
		snprintf(why, whylen, "%s %s is out of range (0 to %ld)", what,
			 strlen(w) > 8 ? "number" : w, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* What may follow the protocol @p: words @w[0..@n), at most two. */
static int parse_selector(const struct deny_proto *p, char **w, int n,
			  struct deny_rule *r, char *why, size_t whylen)
{
	int kind;

	r->kind = BB_L4_PROTO;
	if (!n)
		return 0;
	kind = kind_by_name(w[0]);
	if (kind < 0) {
		snprintf(why, whylen, "unexpected '%.16s' after %s; want %s",
			 w[0], p->name, p->ports ? "dport N or sport N" :
			 "type N");
		return -1;
	}
	if (p->ports && kind == BB_L4_TYPE) {
		snprintf(why, whylen, "type goes with icmp or icmpv6, not %s",
			 p->name);
		return -1;
	}
	if (!p->ports && kind != BB_L4_TYPE) {
		snprintf(why, whylen, "%s has no ports; match its type N",
			 p->name);
		return -1;
	}
	if (n < 2) {
		snprintf(why, whylen, "%s wants a number after it", w[0]);
		return -1;
	}
	if (parse_number(w[1], w[0], p->ports ? 65535 : 255, &r->port, why,
			 whylen))
		return -1;
	if (n > 2) {
		snprintf(why, whylen, "unexpected '%.16s' after %s %s%s", w[2],
			 w[0], w[1], kind_by_name(w[2]) < 0 ? "" :
			 "; one port or type per rule");
		return -1;
	}
	r->kind = kind;
	return 0;
}

/* Is @w an address or prefix, good or not (only its address part)? */
static bool is_address(const char *w)
{
	char a[INET6_ADDRSTRLEN + 8];
	__u8 addr[16];
	size_t len = strcspn(w, "/%");

	if (len >= sizeof(a))
		return false;
	memcpy(a, w, len);
	a[len] = '\0';
	return inet_pton(AF_INET, a, addr) == 1 ||
	       inet_pton(AF_INET6, a, addr) == 1;
}

/* [ADDRESS] [PROTOCOL [SELECTOR N]], split into @n words. */
static int parse_words(char **w, int n, struct deny_rule *r, char *why,
		       size_t whylen)
{
	const struct deny_proto *p;
	int i = 0;

	if (!proto_by_name(w[0])) {
		if (is_name(w[0]))
			return bad_protocol(w[0], why, whylen);
		if (parse_address(w[0], r, why, whylen))
			return -1;
		if (n == 1)
			return 1;
		i = 1;
		if (is_address(w[1])) {
			snprintf(why, whylen, "one address or CIDR per line");
			return -1;
		}
	}
	p = proto_by_name(w[i]);
	if (!p)
		return bad_protocol(w[i], why, whylen);
	if (p->family && r->family && p->family != r->family) {
		snprintf(why, whylen, "%s is IPv%c only; an IPv%c address takes %s",
			 p->name, p->family == AF_INET ? '4' : '6',
			 r->family == AF_INET ? '4' : '6',
			 p->family == AF_INET ? "icmpv6" : "icmp");
		return -1;
	}
	r->proto = p->proto;
	if (parse_selector(p, w + i + 1, n - i - 1, r, why, whylen))
		return -1;
	return 1;
}

/*
 * A rule has at most four words (ADDRESS PROTOCOL dport N); a line may
 * have two more, for a message that says which word does not belong.
 */
#define DENY_MAX_WORDS	6

int deny_parse_line(const char *text, struct deny_rule *r, char *why,
		    size_t whylen)
{
	char buf[128], *s, *hash, *w[DENY_MAX_WORDS], *save;
	int n = 0;

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
	memset(r, 0, sizeof(*r));
	for (s = strtok_r(s, " \t", &save); s; s = strtok_r(NULL, " \t", &save)) {
		if (n == DENY_MAX_WORDS) {
			snprintf(why, whylen, "too many words; a rule is [ADDRESS] [PROTOCOL [dport|sport|type N]]");
			return -1;
		}
		w[n++] = s;
	}
	return parse_words(w, n, r, why, whylen);
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
 *  - a /0 alone matches every address of its family (with a protocol
 *    or port it is just a way to say "IPv4 only", and meant).
 */
static bool doubtful(const struct deny_rule *r, char *why, size_t whylen)
{
	const char *fam = r->family == AF_INET ? "IPv4" : "IPv6";
	struct deny_rule v4 = *r;
	char rule[DENY_RULE_STRLEN], alt[DENY_RULE_STRLEN], *host;

	if (!r->family)
		return false;	/* no address to doubt */
	deny_rule_format(r, rule, sizeof(rule));
	if (v4_mapped(r)) {
		v4.family = AF_INET;
		v4.prefixlen = r->prefixlen - 96;
		memset(v4.addr, 0, sizeof(v4.addr));
		memcpy(v4.addr, r->addr + 12, 4);
		deny_rule_format(&v4, alt, sizeof(alt));
		host = strstr(alt, "/32");
		if (host && (host[3] == '\0' || host[3] == ' '))
			memmove(host, host + 3, strlen(host + 3) + 1);
		snprintf(why, whylen,
			 "rule %s is an IPv4-mapped IPv6 address: it matches IPv6 packets that carry it, never the IPv4 packets of %s; to deny those, write %s",
			 rule, alt, alt);
		return true;
	}
	if (!r->prefixlen && !r->proto) {
		snprintf(why, whylen,
			 "rule %s denies every %s address: no %s packet gets through",
			 rule, fam, fam);
		return true;
	}
	return false;
}

void deny_rule_format(const struct deny_rule *r, char *buf, size_t len)
{
	const struct deny_proto *p = proto_by_number(r->proto);
	char a[INET6_ADDRSTRLEN];
	int n = 0;

	if (r->family) {
		if (!inet_ntop(r->family, r->addr, a, sizeof(a)))
			strcpy(a, "?");
		n = snprintf(buf, len, "%s/%u%s", a, r->prefixlen,
			     r->proto ? " " : "");
	}
	if (n < 0 || (size_t)n >= len || !r->proto)
		return;
	if (r->kind == BB_L4_PROTO)
		snprintf(buf + n, len - n, "%s", p ? p->name : "?");
	else
		snprintf(buf + n, len - n, "%s %s %u", p ? p->name : "?",
			 kind_name(r->kind), r->port);
}

int deny_rule_cmp(const void *pa, const void *pb)
{
	const struct deny_rule *a = pa, *b = pb;
	int c;

	if (a->family != b->family)
		return a->family - b->family;
	if (a->prefixlen != b->prefixlen)
		return a->prefixlen - b->prefixlen;
	c = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (c)
		return c;
	if (a->proto != b->proto)
		return a->proto - b->proto;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return a->port - b->port;
}

/*
 * Sort, then find rules given more than once. Of the lines that repeat
 * an earlier one, the first in the file is named: "FILE:LINE: duplicate
 * rule ..., first on line N". The rules are sorted either way.
 */
static int sort_find_dups(const char *tool, const char *path,
			  struct deny_list *l)
{
	__u32 dup = UINT32_MAX, dup_first = 0, lo, second, line;
	char text[DENY_RULE_STRLEN];
	size_t i, j, dup_at = 0;

	if (!l->count)
		return 0;	/* rules may be NULL: qsort() must not see it */
	qsort(l->rules, l->count, sizeof(*l->rules), deny_rule_cmp);
	for (i = 0; i < l->count; i = j) {
		/* A run of equal rules: its first line and its second. */
		lo = l->rules[i].line;
		second = UINT32_MAX;
		for (j = i + 1; j < l->count &&
		     !deny_rule_cmp(&l->rules[i], &l->rules[j]); j++) {
			line = l->rules[j].line;
			if (line < lo) {
				second = lo;
				lo = line;
			} else if (line < second) {
				second = line;
			}
		}
		if (second < dup) {
			dup = second;
			dup_first = lo;
			dup_at = i;
		}
	}
	if (dup == UINT32_MAX)
		return 0;
	deny_rule_format(&l->rules[dup_at], text, sizeof(text));
	fprintf(stderr, "%s: %s:%u: duplicate rule '%s', first on line %u.\n",
		tool, path, dup, text, dup_first);
	return -EINVAL;
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
	char why[512];

	if (!doubtful(r, why, sizeof(why)))
		return;
	if (++*nwarn <= DENY_MAX_WARNINGS)
		fprintf(stderr, "%s: %s:%u: warning: %s.\n", tool, path,
			lineno, why);
}

static int parse_stream(const char *tool, const char *path, FILE *f,
			struct deny_list *l)
{
	char *line = NULL, why[128], text[64];
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
	if (!err)
		err = sort_find_dups(tool, path, l);
	if (err)
		deny_list_free(l);
	return err;
}

void deny_list_free(struct deny_list *l)
{
	free(l->rules);
	l->rules = NULL;
	l->count = 0;
}
