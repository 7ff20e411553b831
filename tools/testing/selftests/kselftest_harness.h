/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest_harness.h - barebpf's own test harness.
 *
 * This is an independent implementation of the subset of the kernel's
 * kselftest_harness.h API that our selftests use, so tests read like
 * kernel selftests without pulling in kernel code.
 *
 * Writing tests
 * -------------
 *
 *	#include "kselftest_harness.h"
 *
 *	TEST(addition)				// test "global.addition"
 *	{
 *		ASSERT_EQ(4, 2 + 2);
 *	}
 *
 *	FIXTURE(sock) {				// struct _test_data_sock
 *		int fd;
 *	};
 *	FIXTURE_SETUP(sock)
 *	{
 *		self->fd = socket(...);
 *		ASSERT_LE(0, self->fd);
 *	}
 *	FIXTURE_TEARDOWN(sock) { if (self->fd > 0) close(self->fd); }
 *
 *	TEST_F(sock, bind)			// test "sock.bind"
 *	{
 *		ASSERT_EQ(0, bind(self->fd, ...)) TH_LOG("bind: %m");
 *	}
 *
 *	TEST_HARNESS_MAIN
 *
 * Inside a test (and in setup/teardown) two names are in scope:
 * "_metadata", the state of the running test, which helper functions
 * take as a "struct __test_metadata *" so they can use ASSERT_* too; and,
 * for TEST_F, "self", a pointer to the zeroed FIXTURE_DATA(fixture).
 *
 * Macros
 * ------
 *
 * TEST(name), TEST_SIGNAL(name, sig), TEST_TIMEOUT(name, seconds)
 * FIXTURE(f), FIXTURE_DATA(f), FIXTURE_SETUP(f), FIXTURE_TEARDOWN(f)
 * TEST_F(f, name), TEST_F_SIGNAL(f, name, sig), TEST_F_TIMEOUT(f, name, s)
 * TEST_HARNESS_MAIN
 *
 * ASSERT_/EXPECT_ + EQ NE LT LE GT GE (expected, seen), TRUE FALSE NULL
 * (seen), STREQ STRNE (expected, seen).  ASSERT_* ends the test on
 * failure; EXPECT_* records the failure and carries on.  A statement
 * written straight after either runs only when the check failed, which
 * is how "ASSERT_EQ(0, err) TH_LOG("errno %d", errno);" attaches context.
 *
 * TH_LOG(fmt, ...) prints "# file:line:test:message" on stderr.
 * SKIP(statement, fmt, ...) marks the test skipped with that reason and
 * then runs statement, usually "return".  A failure already recorded by
 * EXPECT_* is not turned into a skip.
 *
 * Both FIXTURE_SETUP and FIXTURE_TEARDOWN must be defined for a fixture.
 *
 * Running
 * -------
 *
 * Every test is registered by a constructor, so defining it is enough.
 * TEST_HARNESS_MAIN runs them in source order and prints TAP 13:
 *
 *	TAP version 13
 *	1..2
 *	# Starting 2 tests from 2 test cases.
 *	#  RUN           global.addition ...
 *	#            OK  global.addition
 *	ok 1 global.addition
 *	...
 *	# PASSED: 2 / 2 tests passed.
 *	# Totals: pass:2 fail:0 xfail:0 xpass:0 skip:0 error:0
 *
 * The exit code is KSFT_PASS, KSFT_FAIL if any test failed, or KSFT_SKIP
 * if every test was skipped (or none was selected).
 *
 * Options: -l lists test names, -t NAME runs only tests whose name or
 * "fixture.name" is NAME, -f FIXTURE runs only that fixture's tests;
 * -t and -f may be repeated and combine as "any of".
 *
 * Design
 * ------
 *
 * Each test runs in its own forked child.  A crash, a leaked fd or a
 * corrupted heap stays in that child, and the parent can enforce a
 * timeout (30 s unless TEST_*_TIMEOUT says otherwise) by killing the
 * child's process group (a killed test gets no teardown, so keep
 * cleanup that must survive a hang outside the test, e.g. in lib.sh
 * traps).  The child reports through its exit status:
 * 0 pass, KSFT_FAIL, or KSFT_SKIP; the skip reason goes through one
 * page of shared memory.  TEST_SIGNAL tests pass only when the child is
 * killed by the named signal.
 *
 * ASSERT_* must leave the test function from wherever it is, including
 * helpers, yet still let FIXTURE_TEARDOWN run.  The child therefore
 * setjmp()s before calling setup or the test body, and a failed ASSERT
 * longjmp()s back; teardown is then called if setup returned with no
 * failure or skip recorded, so teardown always pairs with a complete
 * setup.  An ASSERT failing in teardown just ends teardown.
 *
 * The check macros are "for" statements that run their body at most
 * once: the loop condition is "this check failed", the body is whatever
 * statement the caller wrote next (often just ";"), and the loop's step
 * expression performs the ASSERT's longjmp.  So the trailing TH_LOG runs
 * after the diagnostic and before the test is abandoned.
 *
 * Integer checks evaluate each argument once into a __typeof__ copy and
 * compare by mathematical value, so mixing signed and unsigned operands
 * neither warns nor surprises: ASSERT_LT(-1, 0u) holds.  The diagnostic
 * prints each side in its own signedness, e.g.
 *
 *	# test.c:42:global.addition:Expected 4 (4) == 2 + 3 (5)
 */
#ifndef __KSELFTEST_HARNESS_H
#define __KSELFTEST_HARNESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"

#define TEST_TIMEOUT_DEFAULT	30
#define __BB_REASON_MAX		1024

/* Everything the harness knows about one test, and its running state. */
struct __test_metadata {
	const char *fixture;		/* "global" for plain TEST() */
	const char *tname;
	void (*fn)(struct __test_metadata *_metadata);
	int termsig;			/* expected signal, 0 for none */
	int timeout;			/* seconds */
	int line;			/* source order */
	char name[128];			/* "fixture.tname" */
	/* Child-side state, fresh for every run. */
	int exit_code;			/* KSFT_PASS, KSFT_FAIL, KSFT_SKIP */
	int setup_done;
	jmp_buf env;
	struct __test_metadata *next;
};

/* Registry, in source order; one test program is one translation unit. */
static struct __test_metadata *__bb_tests __attribute__((unused));
/* Shared page for the skip reason, written by the child. */
static char *__bb_reason __attribute__((unused));

static inline void __bb_register(struct __test_metadata *t)
{
	struct __test_metadata **pos = &__bb_tests;

	snprintf(t->name, sizeof(t->name), "%s.%s", t->fixture, t->tname);
	if (!t->timeout)
		t->timeout = TEST_TIMEOUT_DEFAULT;
	/* Constructor order is not guaranteed; sort by line instead. */
	while (*pos && (*pos)->line <= t->line)
		pos = &(*pos)->next;
	t->next = *pos;
	*pos = t;
}

/* ---- reporting helpers used by the check macros -------------------- */

static inline __attribute__((format(printf, 4, 5)))
void __bb_log(struct __test_metadata *m, const char *file, int line,
	      const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	fprintf(stderr, "# %s:%d:%s:", file, line, m->name);
	errno = saved_errno;		/* keep "%m" meaningful */
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	errno = saved_errno;
}

#define TH_LOG(fmt, ...)						\
	__bb_log(_metadata, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

static inline __attribute__((format(printf, 2, 3)))
void __bb_skip(struct __test_metadata *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (__bb_reason)
		vsnprintf(__bb_reason, __BB_REASON_MAX, fmt, ap);
	va_end(ap);
	if (m->exit_code != KSFT_FAIL)
		m->exit_code = KSFT_SKIP;
}

#define SKIP(statement, fmt, ...)					\
	do {								\
		__bb_skip(_metadata, fmt, ##__VA_ARGS__);		\
		statement;						\
	} while (0)

/* Step expression of the check loops: an ASSERT leaves the test here. */
static inline int __bb_after_failure(struct __test_metadata *m, int assert)
{
	if (assert)
		longjmp(m->env, 1);
	return 0;
}

enum __bb_op { __BB_EQ, __BB_NE, __BB_LT, __BB_LE, __BB_GT, __BB_GE };

static inline const char *__bb_op_str(enum __bb_op op)
{
	static const char *const str[] = { "==", "!=", "<", "<=", ">", ">=" };

	return str[op];
}

static inline int __bb_op_holds(enum __bb_op op, int cmp)
{
	switch (op) {
	case __BB_EQ: return cmp == 0;
	case __BB_NE: return cmp != 0;
	case __BB_LT: return cmp < 0;
	case __BB_LE: return cmp <= 0;
	case __BB_GT: return cmp > 0;
	case __BB_GE: return cmp >= 0;
	}
	return 0;
}

/*
 * Compare two integers by value.  Each arrives as the bits of a 64-bit
 * value plus whether its type was signed; a negative signed value is
 * below every unsigned one, otherwise the unsigned order is correct
 * (two's complement keeps negatives ordered among themselves).
 */
static inline int __bb_int_cmp(int a_signed, unsigned long long a,
			       int b_signed, unsigned long long b)
{
	int a_neg = a_signed && (long long)a < 0;
	int b_neg = b_signed && (long long)b < 0;

	if (a_neg != b_neg)
		return a_neg ? -1 : 1;
	return (a > b) - (a < b);
}

static inline void __bb_fmt_int(char *buf, size_t len, int is_signed,
				unsigned long long v)
{
	if (is_signed)
		snprintf(buf, len, "%lld", (long long)v);
	else
		snprintf(buf, len, "%llu", v);
}

/* Returns 1 (and reports) when "exp op seen" does not hold. */
static inline int __bb_check_int(struct __test_metadata *m, const char *file,
				 int line, enum __bb_op op,
				 const char *exp_str, int exp_signed,
				 unsigned long long exp,
				 const char *seen_str, int seen_signed,
				 unsigned long long seen)
{
	char a[32], b[32];

	if (__bb_op_holds(op, __bb_int_cmp(exp_signed, exp, seen_signed,
					   seen)))
		return 0;
	__bb_fmt_int(a, sizeof(a), exp_signed, exp);
	__bb_fmt_int(b, sizeof(b), seen_signed, seen);
	__bb_log(m, file, line, "Expected %s (%s) %s %s (%s)", exp_str, a,
		 __bb_op_str(op), seen_str, b);
	m->exit_code = KSFT_FAIL;
	return 1;
}

static inline int __bb_check_str(struct __test_metadata *m, const char *file,
				 int line, int want_equal,
				 const char *exp_str, const char *exp,
				 const char *seen_str, const char *seen)
{
	int equal;

	if (!exp || !seen)
		equal = exp == seen;
	else
		equal = strcmp(exp, seen) == 0;
	if (equal == want_equal)
		return 0;
	__bb_log(m, file, line, "Expected %s (\"%s\") %s %s (\"%s\")",
		 exp_str, exp ? exp : "(null)", want_equal ? "==" : "!=",
		 seen_str, seen ? seen : "(null)");
	m->exit_code = KSFT_FAIL;
	return 1;
}

static inline int __bb_check_null(struct __test_metadata *m,
				  const char *file, int line,
				  const char *seen_str, const void *seen)
{
	if (!seen)
		return 0;
	__bb_log(m, file, line, "Expected %s (%p) == NULL", seen_str, seen);
	m->exit_code = KSFT_FAIL;
	return 1;
}

/*
 * The type of x after array-to-pointer decay, so that ASSERT_NE(NULL, buf)
 * works on a char array; the comma operator decays without promoting.
 */
#define __bb_decayed_type(x)	__typeof__((void)0, (x))

/* True for signed integer (and floating) types; false for pointers. */
#define __bb_is_signed(v)	(((__typeof__(v))-1) < (__typeof__(v))1)
#define __bb_bits(v)							\
	(__bb_is_signed(v) ? (unsigned long long)(long long)(v)		\
			   : (unsigned long long)(v))

/*
 * The "run the next statement only on failure" loop shared by all checks.
 * "failed" is evaluated once; the body runs at most once. The empty
 * statement in front makes a check two statements, as it is in the
 * kernel's harness, so a check that is the lone body of an if/else
 * fails to build here too rather than only inside a kernel tree.
 */
#define __BB_ON_FAILURE(failed, assert)					\
	do { } while (0);						\
	for (int __bb_failed = (failed); __bb_failed;			\
	     __bb_failed = __bb_after_failure(_metadata, assert))

#define __BB_CMP(exp, op, seen, assert)					\
	__BB_ON_FAILURE(({						\
		__bb_decayed_type(exp) __bb_e = (exp);			\
		__bb_decayed_type(seen) __bb_s = (seen);		\
		__bb_check_int(_metadata, __FILE__, __LINE__, op,	\
			       #exp, __bb_is_signed(__bb_e),		\
			       __bb_bits(__bb_e),			\
			       #seen, __bb_is_signed(__bb_s),		\
			       __bb_bits(__bb_s));			\
	}), assert)

#define __BB_STR(exp, seen, want_equal, assert)				\
	__BB_ON_FAILURE(__bb_check_str(_metadata, __FILE__, __LINE__,	\
				       want_equal, #exp, (exp),		\
				       #seen, (seen)), assert)

#define __BB_NULL(seen, assert)						\
	__BB_ON_FAILURE(__bb_check_null(_metadata, __FILE__, __LINE__,	\
					#seen, (const void *)(seen)),	\
			assert)

#define ASSERT_EQ(expected, seen)	__BB_CMP(expected, __BB_EQ, seen, 1)
#define ASSERT_NE(expected, seen)	__BB_CMP(expected, __BB_NE, seen, 1)
#define ASSERT_LT(expected, seen)	__BB_CMP(expected, __BB_LT, seen, 1)
#define ASSERT_LE(expected, seen)	__BB_CMP(expected, __BB_LE, seen, 1)
#define ASSERT_GT(expected, seen)	__BB_CMP(expected, __BB_GT, seen, 1)
#define ASSERT_GE(expected, seen)	__BB_CMP(expected, __BB_GE, seen, 1)
#define ASSERT_TRUE(seen)		__BB_CMP(0, __BB_NE, seen, 1)
#define ASSERT_FALSE(seen)		__BB_CMP(0, __BB_EQ, seen, 1)
#define ASSERT_NULL(seen)		__BB_NULL(seen, 1)
#define ASSERT_STREQ(expected, seen)	__BB_STR(expected, seen, 1, 1)
#define ASSERT_STRNE(expected, seen)	__BB_STR(expected, seen, 0, 1)

#define EXPECT_EQ(expected, seen)	__BB_CMP(expected, __BB_EQ, seen, 0)
#define EXPECT_NE(expected, seen)	__BB_CMP(expected, __BB_NE, seen, 0)
#define EXPECT_LT(expected, seen)	__BB_CMP(expected, __BB_LT, seen, 0)
#define EXPECT_LE(expected, seen)	__BB_CMP(expected, __BB_LE, seen, 0)
#define EXPECT_GT(expected, seen)	__BB_CMP(expected, __BB_GT, seen, 0)
#define EXPECT_GE(expected, seen)	__BB_CMP(expected, __BB_GE, seen, 0)
#define EXPECT_TRUE(seen)		__BB_CMP(0, __BB_NE, seen, 0)
#define EXPECT_FALSE(seen)		__BB_CMP(0, __BB_EQ, seen, 0)
#define EXPECT_NULL(seen)		__BB_NULL(seen, 0)
#define EXPECT_STREQ(expected, seen)	__BB_STR(expected, seen, 1, 0)
#define EXPECT_STRNE(expected, seen)	__BB_STR(expected, seen, 0, 0)

/* ---- declaring tests ------------------------------------------------ */

/*
 * Define the registry entry for test "fix.name" whose entry point is
 * "fn", plus the constructor that registers it.
 */
#define __BB_REGISTER(fix, name, fn_, sig, secs)			\
	static struct __test_metadata __bb_meta_##fix##_##name = {	\
		.fixture = #fix,					\
		.tname = #name,						\
		.fn = fn_,						\
		.termsig = sig,						\
		.timeout = secs,					\
		.line = __LINE__,					\
	};								\
	static void __attribute__((constructor))			\
	__bb_register_##fix##_##name(void)				\
	{								\
		__bb_register(&__bb_meta_##fix##_##name);		\
	}

#define __BB_TEST(name, sig, secs)					\
	static void __bb_test_##name(struct __test_metadata *);	\
	__BB_REGISTER(global, name, __bb_test_##name, sig, secs)	\
	static void __bb_test_##name(					\
		struct __test_metadata __attribute__((unused)) *_metadata)

#define TEST(name)			__BB_TEST(name, 0, 0)
#define TEST_SIGNAL(name, sig)		__BB_TEST(name, sig, 0)
#define TEST_TIMEOUT(name, secs)	__BB_TEST(name, 0, secs)

#define FIXTURE_DATA(fix)		struct _test_data_##fix

/*
 * FIXTURE(f) ends with the struct tag so the caller supplies the body:
 * "FIXTURE(f) { int fd; };".  The prototypes make a missing setup or
 * teardown a compile error rather than a silent no-op.
 */
#define FIXTURE(fix)							\
	FIXTURE_DATA(fix);						\
	static void fix##_setup(struct __test_metadata *_metadata,	\
				FIXTURE_DATA(fix) *self);		\
	static void fix##_teardown(struct __test_metadata *_metadata,	\
				   FIXTURE_DATA(fix) *self);		\
	FIXTURE_DATA(fix)

#define FIXTURE_SETUP(fix)						\
	static void fix##_setup(					\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fix) __attribute__((unused)) *self)

#define FIXTURE_TEARDOWN(fix)						\
	static void fix##_teardown(					\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fix) __attribute__((unused)) *self)

static inline void *__bb_zalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		perror("# harness: calloc");
		_exit(KSFT_FAIL);
	}
	return p;
}

/*
 * Run setup, body and teardown for a fixture test.  The data lives on
 * the heap because locals of a function that calls setjmp() are not
 * reliable after longjmp(); "self" is never reassigned after setjmp().
 */
static inline void __bb_run_fixture(struct __test_metadata *m, void *self,
				    void (*setup)(struct __test_metadata *,
						  void *),
				    void (*body)(struct __test_metadata *,
						 void *),
				    void (*teardown)(struct __test_metadata *,
						     void *))
{
	if (setjmp(m->env) == 0) {
		setup(m, self);
		if (m->exit_code == KSFT_PASS) {
			m->setup_done = 1;
			body(m, self);
		}
	}
	if (m->setup_done) {
		m->setup_done = 0;	/* an ASSERT in teardown ends it */
		if (setjmp(m->env) == 0)
			teardown(m, self);
	}
}

#define __BB_TEST_F(fix, name, sig, secs)				\
	static void fix##_##name(struct __test_metadata *,		\
				 FIXTURE_DATA(fix) *);			\
	static void __bb_cast_setup_##fix##_##name(			\
		struct __test_metadata *m, void *self)			\
	{								\
		fix##_setup(m, self);					\
	}								\
	static void __bb_cast_body_##fix##_##name(			\
		struct __test_metadata *m, void *self)			\
	{								\
		fix##_##name(m, self);					\
	}								\
	static void __bb_cast_teardown_##fix##_##name(			\
		struct __test_metadata *m, void *self)			\
	{								\
		fix##_teardown(m, self);				\
	}								\
	static void __bb_wrap_##fix##_##name(struct __test_metadata *m)	\
	{								\
		void *self = __bb_zalloc(sizeof(FIXTURE_DATA(fix)));	\
									\
		__bb_run_fixture(m, self,				\
				 __bb_cast_setup_##fix##_##name,	\
				 __bb_cast_body_##fix##_##name,		\
				 __bb_cast_teardown_##fix##_##name);	\
		free(self);						\
	}								\
	__BB_REGISTER(fix, name, __bb_wrap_##fix##_##name, sig, secs)	\
	static void fix##_##name(					\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fix) __attribute__((unused)) *self)

#define TEST_F(fix, name)		__BB_TEST_F(fix, name, 0, 0)
#define TEST_F_SIGNAL(fix, name, sig)	__BB_TEST_F(fix, name, sig, 0)
#define TEST_F_TIMEOUT(fix, name, secs)	__BB_TEST_F(fix, name, 0, secs)

/* ---- running tests --------------------------------------------------- */

/* Child side: run one test and turn its outcome into an exit status. */
static inline __attribute__((noreturn))
void __bb_child(struct __test_metadata *t, const sigset_t *orig_mask)
{
	setpgid(0, 0);		/* so a timeout can kill grandchildren too */
	sigprocmask(SIG_SETMASK, orig_mask, NULL);
	t->exit_code = KSFT_PASS;
	t->setup_done = 0;
	if (setjmp(t->env) == 0)
		t->fn(t);
	fflush(stdout);
	fflush(stderr);
	_exit(t->exit_code);
}

static inline long __bb_ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 +
	       (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/*
 * Wait for the child for at most "secs" seconds.  SIGCHLD is blocked in
 * the parent, so sigtimedwait() sleeps until the child changes state or
 * the deadline passes, with no race against an early exit.  Returns 1
 * when the child had to be killed.
 */
static inline int __bb_wait(pid_t pid, int secs, int *status)
{
	struct timespec deadline, ts;
	sigset_t chld;
	long ms;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += secs;
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR) {
			*status = KSFT_FAIL << 8;	/* report as failure */
			return 0;
		}
		ms = __bb_ms_left(&deadline);
		if (ms <= 0)
			break;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000;
		sigtimedwait(&chld, NULL, &ts);
	}
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return 1;
}

/* Turn the child's wait status into KSFT_PASS/FAIL/SKIP, explaining why. */
static inline int __bb_verdict(const struct __test_metadata *t, int status,
			       int timed_out)
{
	if (timed_out) {
		printf("# %s: Test terminated by timeout after %d s\n",
		       t->name, t->timeout);
		return KSFT_FAIL;
	}
	if (WIFSIGNALED(status)) {
		if (t->termsig && WTERMSIG(status) == t->termsig)
			return KSFT_PASS;
		printf("# %s: Test terminated unexpectedly by signal %d (%s)\n",
		       t->name, WTERMSIG(status), strsignal(WTERMSIG(status)));
		return KSFT_FAIL;
	}
	if (!WIFEXITED(status)) {
		printf("# %s: Test ended in an unknown way (%#x)\n",
		       t->name, status);
		return KSFT_FAIL;
	}
	switch (WEXITSTATUS(status)) {
	case KSFT_SKIP:
		return KSFT_SKIP;
	case KSFT_PASS:
		if (!t->termsig)
			return KSFT_PASS;
		printf("# %s: Test exited normally, expected signal %d (%s)\n",
		       t->name, t->termsig, strsignal(t->termsig));
		return KSFT_FAIL;
	default:
		return KSFT_FAIL;
	}
}

static inline int __bb_run_one(struct __test_metadata *t, unsigned int num,
			       const sigset_t *orig_mask)
{
	int status = 0, timed_out = 0, result = KSFT_FAIL;
	pid_t pid;

	__bb_reason[0] = '\0';
	printf("#  RUN           %s ...\n", t->name);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		printf("# %s: fork: %s\n", t->name, strerror(errno));
		result = KSFT_FAIL;
	} else if (pid == 0) {
		__bb_child(t, orig_mask);
	} else {
		setpgid(pid, pid);	/* also done by the child; no race */
		timed_out = __bb_wait(pid, t->timeout, &status);
		result = __bb_verdict(t, status, timed_out);
	}

	switch (result) {
	case KSFT_PASS:
		printf("#            OK  %s\n", t->name);
		printf("ok %u %s\n", num, t->name);
		break;
	case KSFT_SKIP:
		printf("#      SKIP      %s\n", __bb_reason);
		printf("#            OK  %s\n", t->name);
		printf("ok %u %s # SKIP %s\n", num, t->name, __bb_reason);
		break;
	default:
		printf("#          FAIL  %s\n", t->name);
		printf("not ok %u %s\n", num, t->name);
		break;
	}
	fflush(stdout);
	return result;
}

struct __bb_filter {
	const char **names;		/* -t */
	const char **fixtures;		/* -f */
	int n_names, n_fixtures;
};

static inline int __bb_selected(const struct __bb_filter *f,
				const struct __test_metadata *t)
{
	int i;

	if (!f->n_names && !f->n_fixtures)
		return 1;
	for (i = 0; i < f->n_names; i++)
		if (!strcmp(f->names[i], t->tname) ||
		    !strcmp(f->names[i], t->name))
			return 1;
	for (i = 0; i < f->n_fixtures; i++)
		if (!strcmp(f->fixtures[i], t->fixture))
			return 1;
	return 0;
}

static inline void __bb_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-h] [-l] [-t TEST]... [-f FIXTURE]...\n"
		"  -l          list tests (fixture.name) and exit\n"
		"  -t TEST     run tests named TEST or fixture.TEST\n"
		"  -f FIXTURE  run the tests of FIXTURE\n", prog);
}

/* Parse the options; returns -1 to exit with *code, 0 to run. */
static inline int __bb_parse_args(int argc, char **argv,
				  struct __bb_filter *f, int *code)
{
	struct __test_metadata *t;
	int opt;

	f->names = __bb_zalloc(sizeof(char *) * argc);
	f->fixtures = __bb_zalloc(sizeof(char *) * argc);
	while ((opt = getopt(argc, argv, "hlt:f:")) != -1) {
		switch (opt) {
		case 'l':
			for (t = __bb_tests; t; t = t->next)
				printf("%s\n", t->name);
			*code = KSFT_PASS;
			return -1;
		case 't':
			f->names[f->n_names++] = optarg;
			break;
		case 'f':
			f->fixtures[f->n_fixtures++] = optarg;
			break;
		case 'h':
			__bb_usage(argv[0]);
			*code = KSFT_PASS;
			return -1;
		default:
			__bb_usage(argv[0]);
			*code = KSFT_FAIL;
			return -1;
		}
	}
	if (optind < argc) {
		__bb_usage(argv[0]);
		*code = KSFT_FAIL;
		return -1;
	}
	return 0;
}

static inline unsigned int __bb_count_fixtures(const struct __bb_filter *f)
{
	const struct __test_metadata *t, *u;
	unsigned int n = 0;

	for (t = __bb_tests; t; t = t->next) {
		if (!__bb_selected(f, t))
			continue;
		for (u = __bb_tests; u != t; u = u->next)
			if (__bb_selected(f, u) &&
			    !strcmp(u->fixture, t->fixture))
				break;
		n += u == t;
	}
	return n;
}

static inline int __bb_run_all(const struct __bb_filter *f)
{
	unsigned int total = 0, num = 0, pass = 0, fail = 0, skip = 0;
	struct __test_metadata *t;
	sigset_t chld, orig_mask;

	for (t = __bb_tests; t; t = t->next)
		total += __bb_selected(f, t);

	printf("TAP version 13\n1..%u\n", total);
	printf("# Starting %u tests from %u test cases.\n", total,
	       __bb_count_fixtures(f));

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &orig_mask);
	for (t = __bb_tests; t; t = t->next) {
		if (!__bb_selected(f, t))
			continue;
		switch (__bb_run_one(t, ++num, &orig_mask)) {
		case KSFT_PASS:
			pass++;
			break;
		case KSFT_SKIP:
			skip++;
			break;
		default:
			fail++;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);

	/* As in the kernel, skipped tests count as passed in this line. */
	printf("# %s: %u / %u tests passed.\n", fail ? "FAILED" : "PASSED",
	       pass + skip, total);
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
	       pass, fail, skip);
	fflush(stdout);

	if (fail)
		return KSFT_FAIL;
	return skip == total ? KSFT_SKIP : KSFT_PASS;
}

static inline int test_harness_run(int argc, char **argv)
{
	struct __bb_filter filter = { 0 };
	int code = KSFT_PASS;

	/* Line buffering keeps our lines ordered against the children's. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (__bb_parse_args(argc, argv, &filter, &code) == 0) {
		__bb_reason = mmap(NULL, __BB_REASON_MAX,
				   PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (__bb_reason == MAP_FAILED) {
			printf("Bail out! harness: mmap: %s\n",
			       strerror(errno));
			code = KSFT_FAIL;
		} else {
			code = __bb_run_all(&filter);
			munmap(__bb_reason, __BB_REASON_MAX);
		}
		__bb_reason = NULL;
	}
	free(filter.names);
	free(filter.fixtures);
	return code;
}

#define TEST_HARNESS_MAIN						\
	int main(int argc, char **argv)					\
	{								\
		return test_harness_run(argc, argv);			\
	}

#endif /* __KSELFTEST_HARNESS_H */
