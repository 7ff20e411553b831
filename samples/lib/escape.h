/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * escape.h - bytes that are not known to be text (a path, a command
 * name, an interface name) made safe for one line of text or for a JSON
 * string; openfiles prints paths with them, the XDP tools their file
 * and interface names.
 *
 * Paths are bytes, not text: they may hold newlines, backslashes or
 * bytes that are not UTF-8. Both escapers below keep valid UTF-8 as it
 * is and escape everything that could break a line or be ambiguous:
 *
 *   escape_c()		\\ \n \t \r, and \xHH (always two hex digits) for
 *			control bytes, DEL, C1 controls and bytes that are
 *			not part of valid UTF-8. Never emits a raw control
 *			byte, so a raw TAB can separate fields.
 *   escape_json()	RFC 8259 string escapes; a byte that is not part
 *			of valid UTF-8 becomes \u0080-\u00ff. Since valid
 *			UTF-8 is never escaped, such an escape always
 *			stands for that raw byte, not for the character.
 *
 * Both write a NUL-terminated string to @dst, which must have room for
 * the worst case below, and return its length.
 */
#ifndef BB_ESCAPE_H
#define BB_ESCAPE_H

#include <stddef.h>

/* Worst cases: four output bytes per input byte in C, six in JSON. */
#define ESC_C_MAX(n)		(4 * (n) + 1)
#define ESC_JSON_MAX(n)		(6 * (n) + 1)

size_t escape_c(char *dst, const char *src, size_t len);
size_t escape_json(char *dst, const char *src, size_t len);

#endif /* BB_ESCAPE_H */
