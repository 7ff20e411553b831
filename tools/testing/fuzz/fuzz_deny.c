// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz_deny - libFuzzer target for the deny-file parser of
 * filter_packet and fw: arbitrary bytes, split into lines, through
 * deny_parse_line(), and as a whole file through deny_list_load().
 * Whatever a line holds, the parser must either accept it with a rule
 * that is whole and formats back to a line that parses to the same
 * rule, or reject it with a reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "deny.h"

/*
 * A rule has an address, a protocol or both; what follows a protocol
 * fits it; and the rule formats back to a line that parses to itself.
 */
static void check_rule(const struct deny_rule *r)
{
	char buf[DENY_RULE_STRLEN], why[256];
	struct deny_rule again;

	if (r->family && r->family != AF_INET && r->family != AF_INET6)
		abort();
	if (!r->family && (!r->proto || r->prefixlen))
		abort();
	if (r->prefixlen > (r->family == AF_INET ? 32 : 128))
		abort();
	if (r->kind > BB_L4_TYPE || (!r->proto && r->kind))
		abort();
	if ((r->proto == IPPROTO_ICMP || r->proto == IPPROTO_ICMPV6) !=
	    (r->kind == BB_L4_TYPE) && r->kind != BB_L4_PROTO)
		abort();
	if ((r->kind == BB_L4_PROTO && r->port) ||
	    (r->kind == BB_L4_TYPE && r->port > 255))
		abort();
	deny_rule_format(r, buf, sizeof(buf));
	if (!memchr(buf, '\0', sizeof(buf)))
		abort();
	if (deny_parse_line(buf, &again, why, sizeof(why)) != 1)
		abort();
	again.line = r->line;
	again.index = r->index;
	if (deny_rule_cmp(r, &again))
		abort();
}

static void parse_lines(const uint8_t *data, size_t size)
{
	char *line, why[256];
	struct deny_rule r;
	size_t start = 0, i;

	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		line = strndup((const char *)data + start, i - start);
		if (!line)
			return;
		if (deny_parse_line(line, &r, why, sizeof(why)) == 1)
			check_rule(&r);
		free(line);
		start = i + 1;
	}
}

/* The whole input as a file, through the loader that reports file:line. */
static void parse_file(const uint8_t *data, size_t size)
{
	struct deny_list l = { 0 };
	char path[64];
	size_t i;
	int fd;

	fd = memfd_create("deny", 0);
	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (!deny_list_load("fuzz", path, &l))
			for (i = 0; i < l.count; i++)
				check_rule(&l.rules[i]);
		deny_list_free(&l);
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_lines(data, size);
	parse_file(data, size);
	return 0;
}
