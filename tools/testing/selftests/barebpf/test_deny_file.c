// SPDX-License-Identifier: GPL-2.0
/*
 * test_deny_file - the deny file language of filter_packet and fw
 * (samples/lib/deny.c), without the kernel.
 *
 * Every kind of rule parses to the fields the maps are filled from and
 * formats back to its canonical line; every kind of bad line is refused
 * with exactly the one-line message the tools print, FILE:LINE first; a
 * rule given twice names both lines. Documentation/xdp.rst has the
 * grammar these cases follow.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "deny.h"

/* One good line and what it must parse to. */
struct good_case {
	const char *line;
	const char *canonical;	/* deny_rule_format() */
	__u8 family;
	__u8 prefixlen;
	__u8 proto;
	__u8 kind;
	__u16 port;
};

static const struct good_case good[] = {
	{ "192.0.2.10", "192.0.2.10/32", AF_INET, 32, 0, BB_L4_PROTO, 0 },
	{ "2001:db8::/32", "2001:db8::/32", AF_INET6, 32, 0, BB_L4_PROTO, 0 },
	{ "203.0.113.0/24 tcp dport 22", "203.0.113.0/24 tcp dport 22",
	  AF_INET, 24, IPPROTO_TCP, BB_L4_DPORT, 22 },
	{ "udp dport 53", "udp dport 53", 0, 0, IPPROTO_UDP, BB_L4_DPORT,
	  53 },
	{ "tcp sport 1024", "tcp sport 1024", 0, 0, IPPROTO_TCP,
	  BB_L4_SPORT, 1024 },
	{ "icmp type 8", "icmp type 8", 0, 0, IPPROTO_ICMP, BB_L4_TYPE, 8 },
	{ "icmpv6 type 128", "icmpv6 type 128", 0, 0, IPPROTO_ICMPV6,
	  BB_L4_TYPE, 128 },
	{ "198.51.100.7 udp", "198.51.100.7/32 udp", AF_INET, 32,
	  IPPROTO_UDP, BB_L4_PROTO, 0 },
	{ "sctp dport 9", "sctp dport 9", 0, 0, IPPROTO_SCTP, BB_L4_DPORT,
	  9 },
	{ "2001:db8::1 sctp sport 5000", "2001:db8::1/128 sctp sport 5000",
	  AF_INET6, 128, IPPROTO_SCTP, BB_L4_SPORT, 5000 },
	{ "  udp\tdport   0  # any blanks", "udp dport 0", 0, 0, IPPROTO_UDP,
	  BB_L4_DPORT, 0 },
	{ "tcp dport 65535", "tcp dport 65535", 0, 0, IPPROTO_TCP,
	  BB_L4_DPORT, 65535 },
	{ "2001:db8:1::/48 icmpv6 type 255", "2001:db8:1::/48 icmpv6 type 255",
	  AF_INET6, 48, IPPROTO_ICMPV6, BB_L4_TYPE, 255 },
	{ "icmp", "icmp", 0, 0, IPPROTO_ICMP, BB_L4_PROTO, 0 },
	{ "0.0.0.0/0 tcp", "0.0.0.0/0 tcp", AF_INET, 0, IPPROTO_TCP,
	  BB_L4_PROTO, 0 },
};

TEST(every_kind_of_rule_parses_and_formats_back)
{
	char why[128], text[DENY_RULE_STRLEN];
	struct deny_rule r, again;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct good_case *g = &good[i];

		ASSERT_EQ(1, deny_parse_line(g->line, &r, why, sizeof(why)))
			TH_LOG("'%s': %s", g->line, why);
		EXPECT_EQ(g->family, r.family) TH_LOG("'%s'", g->line);
		EXPECT_EQ(g->prefixlen, r.prefixlen) TH_LOG("'%s'", g->line);
		EXPECT_EQ(g->proto, r.proto) TH_LOG("'%s'", g->line);
		EXPECT_EQ(g->kind, r.kind) TH_LOG("'%s'", g->line);
		EXPECT_EQ(g->port, r.port) TH_LOG("'%s'", g->line);
		deny_rule_format(&r, text, sizeof(text));
		EXPECT_STREQ(g->canonical, text);
		ASSERT_EQ(1, deny_parse_line(text, &again, why, sizeof(why)));
		EXPECT_EQ(0, deny_rule_cmp(&r, &again)) TH_LOG("'%s'", text);
	}
}

/* A bad line and the reason the tools give for it. */
struct bad_case {
	const char *line;
	const char *why;
};

static const struct bad_case bad[] = {
	{ "tpc dport 22",
	  "unknown protocol 'tpc'; known are tcp, udp, sctp, icmp or icmpv6" },
	{ "192.0.2.1 gre",
	  "unknown protocol 'gre'; known are tcp, udp, sctp, icmp or icmpv6" },
	{ "tcp dport 65536", "dport 65536 is out of range (0 to 65535)" },
	{ "udp sport 123456789012", "sport number is out of range (0 to 65535)" },
	{ "icmp type 256", "type 256 is out of range (0 to 255)" },
	{ "udp dport ssh", "dport wants a number, not 'ssh'" },
	{ "udp dport -1", "dport wants a number, not '-1'" },
	{ "udp dport", "dport wants a number after it" },
	{ "dport 22", "dport needs tcp, udp or sctp before it" },
	{ "198.51.100.7 sport 22", "sport needs tcp, udp or sctp before it" },
	{ "type 8", "type needs icmp or icmpv6 before it" },
	{ "tcp type 8", "type goes with icmp or icmpv6, not tcp" },
	{ "icmp dport 22", "icmp has no ports; match its type N" },
	{ "udp port 53", "unexpected 'port' after udp; want dport N or sport N" },
	{ "icmpv6 code 0", "unexpected 'code' after icmpv6; want type N" },
	{ "tcp dport 22 sport 1024",
	  "unexpected 'sport' after dport 22; one port or type per rule" },
	{ "tcp dport 22 ssh", "unexpected 'ssh' after dport 22" },
	{ "2001:db8::/32 icmp",
	  "icmp is IPv4 only; an IPv6 address takes icmpv6" },
	{ "192.0.2.0/24 icmpv6 type 128",
	  "icmpv6 is IPv6 only; an IPv4 address takes icmp" },
	{ "192.0.2.1 192.0.2.2 tcp", "one address or CIDR per line" },
	{ "192.0.2.1/24 tcp", "host bits set (did you mean 192.0.2.0/24)" },
	{ "192.0.2.300 udp", "not an IPv4 or IPv6 address" },
	{ "1 2 3 4 5 6 7",
	  "too many words; a rule is [ADDRESS] [PROTOCOL [dport|sport|type N]]" },
};

TEST(bad_lines_say_why)
{
	struct deny_rule r;
	char why[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-1, deny_parse_line(bad[i].line, &r, why,
					      sizeof(why)))
			TH_LOG("'%s' was taken", bad[i].line);
		EXPECT_STREQ(bad[i].why, why) TH_LOG("'%s'", bad[i].line);
	}
}

/*
 * Load @text as a deny file; returns deny_list_load()'s result and puts
 * what it printed on stderr in @msg, with "FILE" for the file's path.
 */
static int load_text(const char *text, struct deny_list *l, char *msg,
		     size_t msglen)
{
	char path[] = "/tmp/test_deny_file.XXXXXX", raw[512], *at;
	FILE *errf = tmpfile();
	int fd, saved, err;
	ssize_t n;

	fd = mkstemp(path);
	if (fd < 0 || !errf ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		if (errf)
			fclose(errf);
		return -1;
	}
	close(fd);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(errf), STDERR_FILENO);
	err = deny_list_load("t", path, l);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	unlink(path);
	n = pread(fileno(errf), raw, sizeof(raw) - 1, 0);
	fclose(errf);
	raw[n > 0 ? n : 0] = '\0';
	/* "t: /tmp/test_deny_file.abcdef:3: ..." -> "t: FILE:3: ..." */
	at = strstr(raw, path);
	if (at)
		snprintf(msg, msglen, "%.*sFILE%s", (int)(at - raw), raw,
			 at + strlen(path));
	else
		snprintf(msg, msglen, "%s", raw);
	return err;
}

/* The first bad line stops the load; nothing of the file is kept. */
TEST(a_bad_line_names_file_and_line)
{
	struct deny_list l;
	char msg[512];

	EXPECT_GT(0, load_text("# rules\n192.0.2.10\n\ntcp dport 22\n"
			       "udp dport 70000\ntpc\n", &l, msg,
			       sizeof(msg)));
	EXPECT_STREQ("t: FILE:5: bad entry 'udp dport 70000': dport 70000 is out of range (0 to 65535).\n",
		     msg);
	EXPECT_EQ(0, l.count);
	EXPECT_EQ(NULL, l.rules);
}

/*
 * A rule given twice is an error that names both lines: the first line
 * in the file that repeats an earlier one, and that earlier one. Equal
 * rules are equal however they are written.
 */
TEST(duplicate_rules_name_both_lines)
{
	struct deny_list l;
	char msg[512];

	EXPECT_GT(0, load_text("tcp dport 22\n192.0.2.1\nudp\n"
			       "192.0.2.1/32\ntcp  dport 22\nudp\n", &l, msg,
			       sizeof(msg)));
	EXPECT_STREQ("t: FILE:4: duplicate rule '192.0.2.1/32', first on line 2.\n",
		     msg);
	EXPECT_EQ(0, l.count);

	EXPECT_GT(0, load_text("icmp type 8\n203.0.113.0/24 udp\n"
			       "icmpv6 type 128\nicmp\ticmp type 8\n"
			       "icmp   type 8 # again\n", &l, msg,
			       sizeof(msg)));
	EXPECT_STREQ("t: FILE:4: bad entry 'icmp\\x09icmp type 8': unexpected 'icmp' after icmp; want type N.\n",
		     msg);
	EXPECT_GT(0, load_text("icmp type 8\n203.0.113.0/24 udp\n"
			       "icmpv6 type 128\nicmp   type 8 # again\n",
			       &l, msg, sizeof(msg)));
	EXPECT_STREQ("t: FILE:4: duplicate rule 'icmp type 8', first on line 1.\n",
		     msg);
}

/*
 * Rules that differ in any part are different rules, and the list comes
 * back sorted: rules without an address first.
 */
TEST(different_rules_all_load_sorted)
{
	static const char *const want[] = {
		"tcp", "tcp dport 22", "tcp sport 22", "udp dport 22",
		"192.0.2.1/32", "192.0.2.1/32 tcp", "192.0.2.1/32 tcp dport 22",
		"2001:db8::1/128 tcp dport 22",
	};
	char msg[512], text[DENY_RULE_STRLEN];
	struct deny_list l;
	size_t i;

	ASSERT_EQ(0, load_text("2001:db8::1 tcp dport 22\n192.0.2.1 tcp\n"
			       "192.0.2.1 tcp dport 22\n192.0.2.1\n"
			       "udp dport 22\ntcp sport 22\ntcp dport 22\n"
			       "tcp\n", &l, msg, sizeof(msg)))
		TH_LOG("%s", msg);
	ASSERT_EQ(sizeof(want) / sizeof(want[0]), l.count);
	for (i = 0; i < l.count; i++) {
		deny_rule_format(&l.rules[i], text, sizeof(text));
		EXPECT_STREQ(want[i], text);
	}
	EXPECT_EQ(8, l.rules[0].line);
	deny_list_free(&l);
}

TEST_HARNESS_MAIN
