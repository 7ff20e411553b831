/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest.h - minimal TAP helpers for simple (non-fixture) selftests.
 *
 * A test program prints a TAP stream on stdout:
 *
 *	ksft_print_header();			// "TAP version 13"
 *	ksft_set_plan(2);			// "1..2"
 *	ksft_test_result_pass("%s\n", "a");	// "ok 1 a"
 *	ksft_test_result_skip("%s\n", "b");	// "ok 2 # SKIP b"
 *	ksft_finished();			// "# Totals: ..." + exit
 *
 * As in the kernel's version the result helpers take a printf format and
 * the caller supplies the trailing newline.  The exit codes below are what
 * scripts/run_tests.sh and the kselftest runner understand.
 *
 * Everything is static and header-only: each test program is one
 * translation unit, so the counters live in that program alone.
 */
#ifndef __KSELFTEST_H
#define __KSELFTEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

#define __ksft_printf(a, b)	__attribute__((format(printf, a, b)))
#define __ksft_noreturn		__attribute__((noreturn))

struct ksft_count {
	unsigned int pass;
	unsigned int fail;
	unsigned int xfail;
	unsigned int xpass;
	unsigned int skip;
	unsigned int error;
};

static struct ksft_count ksft_cnt __attribute__((unused));
static unsigned int ksft_plan __attribute__((unused));

static inline unsigned int ksft_test_num(void)
{
	return ksft_cnt.pass + ksft_cnt.fail + ksft_cnt.xfail +
	       ksft_cnt.xpass + ksft_cnt.skip + ksft_cnt.error;
}

static inline void ksft_print_header(void)
{
	printf("TAP version 13\n");
	fflush(stdout);
}

static inline void ksft_set_plan(unsigned int plan)
{
	ksft_plan = plan;
	printf("1..%u\n", plan);
	fflush(stdout);
}

static inline void ksft_print_cnts(void)
{
	if (ksft_plan != ksft_test_num())
		printf("# Planned tests != run tests (%u != %u)\n",
		       ksft_plan, ksft_test_num());
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u error:%u\n",
	       ksft_cnt.pass, ksft_cnt.fail, ksft_cnt.xfail, ksft_cnt.xpass,
	       ksft_cnt.skip, ksft_cnt.error);
	fflush(stdout);
}

/*
 * Print "<prefix><formatted message>".  errno is saved so that callers can
 * use "%m" and so that printing never changes what the test observes.
 */
static inline void __ksft_vprint(const char *prefix, const char *fmt,
				 va_list ap)
{
	int saved_errno = errno;

	fputs(prefix, stdout);
	errno = saved_errno;
	vprintf(fmt, ap);
	fflush(stdout);
	errno = saved_errno;
}

static inline __ksft_printf(1, 2) void ksft_print_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	__ksft_vprint("# ", fmt, ap);
	va_end(ap);
}

static inline __ksft_printf(1, 2) void ksft_test_result_pass(const char *fmt,
							     ...)
{
	char prefix[32];
	va_list ap;

	ksft_cnt.pass++;
	snprintf(prefix, sizeof(prefix), "ok %u ", ksft_test_num());
	va_start(ap, fmt);
	__ksft_vprint(prefix, fmt, ap);
	va_end(ap);
}

static inline __ksft_printf(1, 2) void ksft_test_result_fail(const char *fmt,
							     ...)
{
	char prefix[32];
	va_list ap;

	ksft_cnt.fail++;
	snprintf(prefix, sizeof(prefix), "not ok %u ", ksft_test_num());
	va_start(ap, fmt);
	__ksft_vprint(prefix, fmt, ap);
	va_end(ap);
}

static inline __ksft_printf(1, 2) void ksft_test_result_skip(const char *fmt,
							     ...)
{
	char prefix[32];
	va_list ap;

	ksft_cnt.skip++;
	snprintf(prefix, sizeof(prefix), "ok %u # SKIP ", ksft_test_num());
	va_start(ap, fmt);
	__ksft_vprint(prefix, fmt, ap);
	va_end(ap);
}

/* ksft_test_result(cond, fmt, ...): pass if cond is true, else fail. */
#define ksft_test_result(cond, fmt, ...)				\
	do {								\
		if (cond)						\
			ksft_test_result_pass(fmt, ##__VA_ARGS__);	\
		else							\
			ksft_test_result_fail(fmt, ##__VA_ARGS__);	\
	} while (0)

static inline __ksft_noreturn void ksft_exit_pass(void)
{
	ksft_print_cnts();
	exit(KSFT_PASS);
}

static inline __ksft_noreturn void ksft_exit_fail(void)
{
	ksft_print_cnts();
	exit(KSFT_FAIL);
}

/* Abort the whole program: TAP "Bail out!" plus a failing exit code. */
static inline __ksft_printf(1, 2) __ksft_noreturn
void ksft_exit_fail_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	__ksft_vprint("Bail out! ", fmt, ap);
	va_end(ap);
	ksft_print_cnts();
	exit(KSFT_FAIL);
}

/*
 * Skip the rest of the program.  Before any plan or result this is the
 * TAP "1..0 # SKIP reason" form; afterwards it reports one skipped test
 * so the stream stays well formed.
 */
static inline __ksft_printf(1, 2) __ksft_noreturn
void ksft_exit_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ksft_plan || ksft_test_num()) {
		char prefix[32];

		ksft_cnt.skip++;
		snprintf(prefix, sizeof(prefix), "ok %u # SKIP ",
			 ksft_test_num());
		__ksft_vprint(prefix, fmt, ap);
	} else {
		__ksft_vprint("1..0 # SKIP ", fmt, ap);
	}
	va_end(ap);
	exit(KSFT_SKIP);
}

/*
 * Exit with the code matching the counters: any failure wins, then
 * "everything skipped" (KSFT_SKIP), else pass.
 */
static inline __ksft_noreturn void ksft_finished(void)
{
	ksft_print_cnts();
	if (ksft_cnt.fail || ksft_cnt.error || ksft_plan != ksft_test_num())
		exit(KSFT_FAIL);
	if (ksft_cnt.skip && ksft_cnt.skip == ksft_test_num())
		exit(KSFT_SKIP);
	exit(KSFT_PASS);
}

#endif /* __KSELFTEST_H */
