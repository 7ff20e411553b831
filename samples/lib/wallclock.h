/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * wallclock.h - the time of day of a CLOCK_MONOTONIC timestamp, as the
 * tools print it.
 *
 * BPF programs stamp what they see with bpf_ktime_get_ns(), which is
 * CLOCK_MONOTONIC: the moment the packet or the open happened, not the
 * moment user space got round to reading it. To print it as wall-clock
 * time, a tool takes the offset CLOCK_REALTIME - CLOCK_MONOTONIC once
 * at start (wallclock_offset_ns()) and adds it to every stamp. A clock
 * set later does not move the stamps of this run; they stay in order.
 *
 * Two forms, the same in every tool:
 *	text	19:04:55.123456			local time of day
 *	JSON	2026-12-02T19:04:55.123456Z	RFC 3339, UTC
 */
#ifndef BB_WALLCLOCK_H
#define BB_WALLCLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/* Room for either form, NUL included. */
#define WALLCLOCK_LEN	40

/* CLOCK_REALTIME minus CLOCK_MONOTONIC, now, in nanoseconds. */
__s64 wallclock_offset_ns(void);

/*
 * @mono_ns (CLOCK_MONOTONIC) plus @off_ns as the time of day in local
 * time, or with @utc as an RFC 3339 UTC timestamp, into @buf.
 */
void wallclock_str(__u64 mono_ns, __s64 off_ns, bool utc, char *buf,
		   size_t size);

/*
 * The line that opens a block of counters in text, so that one block
 * can be told from the next: "--- 19:04:55.123456 ---", the time being
 * when the counters were read (@mono_ns).
 */
void wallclock_print_separator(FILE *out, __u64 mono_ns, __s64 off_ns);

#endif /* BB_WALLCLOCK_H */
