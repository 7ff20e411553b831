// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * escape.c - escape bytes for a line of text or a JSON string; see
 * escape.h for the rules.
 */
#include <string.h>

#include "escape.h"

static const char hex[] = "0123456789abcdef";

static int is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Length of the valid UTF-8 sequence at @s (at most @n bytes), or 0 if
 * the bytes there are not one. Overlong forms, surrogates and code
 * points past U+10FFFF are invalid (RFC 3629, table 3-7 of Unicode).
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && is_cont(s[1]) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || !is_cont(s[1]) || !is_cont(s[2]))
			return 0;
		if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || !is_cont(s[1]) || !is_cont(s[2]) ||
		    !is_cont(s[3]))
			return 0;
		if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* U+0080..U+009F, encoded as c2 80..c2 9f: invisible C1 controls. */
static int is_c1(const unsigned char *s, size_t seq)
{
	return seq == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

static char *put_hex(char *d, const char *prefix, unsigned char c)
{
	size_t n = strlen(prefix);

	memcpy(d, prefix, n);
	d += n;
	*d++ = hex[c >> 4];
	*d++ = hex[c & 15];
	return d;
}

/* Returns the escape of a single-byte character, or NULL for none. */
static const char *c_short_escape(unsigned char c)
{
	switch (c) {
	case '\\':	return "\\\\";
	case '\n':	return "\\n";
	case '\t':	return "\\t";
	case '\r':	return "\\r";
	}
	return NULL;
}

size_t escape_c(char *dst, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	char *d = dst;
	size_t i = 0, seq, k;
	const char *e;

	while (i < len) {
		seq = utf8_len(s + i, len - i);
		if (seq > 1 && !is_c1(s + i, seq)) {
			memcpy(d, s + i, seq);	/* printable non-ASCII */
			d += seq;
			i += seq;
			continue;
		}
		for (k = 0; k < (seq > 1 ? seq : 1); k++, i++) {
			e = c_short_escape(s[i]);
			if (e) {
				d = stpcpy(d, e);
			} else if (s[i] < 0x20 || s[i] >= 0x7f) {
				d = put_hex(d, "\\x", s[i]);
			} else {
				*d++ = s[i];
			}
		}
	}
	*d = '\0';
	return d - dst;
}

static const char *json_short_escape(unsigned char c)
{
	switch (c) {
	case '"':	return "\\\"";
	case '\\':	return "\\\\";
	case '\n':	return "\\n";
	case '\t':	return "\\t";
	case '\r':	return "\\r";
	case '\b':	return "\\b";
	case '\f':	return "\\f";
	}
	return NULL;
}

size_t escape_json(char *dst, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	char *d = dst;
	size_t i = 0, seq;
	const char *e;

	while (i < len) {
		seq = utf8_len(s + i, len - i);
		if (seq > 1) {
			memcpy(d, s + i, seq);	/* JSON strings are UTF-8 */
			d += seq;
			i += seq;
			continue;
		}
		e = json_short_escape(s[i]);
		if (e)
			d = stpcpy(d, e);
		else if (s[i] < 0x20 || s[i] >= 0x80)
			d = put_hex(d, "\\u00", s[i]);	/* see the header */
		else
			*d++ = s[i];
		i++;
	}
	*d = '\0';
	return d - dst;
}
