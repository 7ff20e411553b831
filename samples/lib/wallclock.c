// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * wallclock.c - CLOCK_MONOTONIC stamps as wall-clock time; see
 * wallclock.h.
 */
#include <time.h>

#include "wallclock.h"

#define NSEC_PER_SEC	1000000000LL

static __s64 clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (__s64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

__s64 wallclock_offset_ns(void)
{
	__s64 mono = clock_ns(CLOCK_MONOTONIC);

	return clock_ns(CLOCK_REALTIME) - mono;
}

void wallclock_str(__u64 mono_ns, __s64 off_ns, bool utc, char *buf,
		   size_t size)
{
	__u64 real = (__s64)mono_ns + off_ns;
	time_t sec = real / NSEC_PER_SEC;
	struct tm tm;
	size_t n;

	if (utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	n = strftime(buf, size, utc ? "%Y-%m-%dT%H:%M:%S" : "%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%06u%s",
		 (unsigned int)(real % NSEC_PER_SEC / 1000), utc ? "Z" : "");
}

void wallclock_print_separator(FILE *out, __u64 mono_ns, __s64 off_ns)
{
	char when[WALLCLOCK_LEN];

	wallclock_str(mono_ns, off_ns, false, when, sizeof(when));
	fprintf(out, "--- %s ---\n", when);
}
