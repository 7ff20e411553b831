// SPDX-License-Identifier: GPL-2.0
/*
 * test_harness_selftest - the harness tested with itself.
 *
 * The first tests exercise the check macros in-process: values that must
 * compare equal or ordered, mixed signedness, strings and pointers, and
 * fixture setup.  The "subject_*" tests run the harness_subject program
 * (built next to this one) on one test at a time and check what a failing
 * ASSERT, an EXPECT, a SKIP, a signal and a timeout look like from outside:
 * exit code, TAP lines and diagnostics.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

TEST(int_values)
{
	enum { RED = 3 } color = RED;
	unsigned long long big = ULLONG_MAX;
	size_t three = 3;
	bool yes = true;
	char c = 'a';

	ASSERT_EQ(3, three);
	ASSERT_EQ(97, c);
	ASSERT_EQ(RED, color);
	ASSERT_EQ(1, yes);
	/* Compared by value, not by C's usual arithmetic conversions. */
	ASSERT_LT(-1, 0u);
	ASSERT_NE(-1, UINT_MAX);
	ASSERT_GT(big, LLONG_MAX);
	ASSERT_LT(LLONG_MIN, big);
	ASSERT_LE(INT_MIN, INT_MIN);
	ASSERT_GE(0u, 0);
	EXPECT_EQ(UINT64_MAX, big);
	EXPECT_TRUE(three);
	EXPECT_FALSE(0);
}

TEST(args_evaluated_once)
{
	int calls = 0;

	ASSERT_EQ(1, ++calls);
	ASSERT_EQ(1, calls);
}

TEST(pointers_and_strings)
{
	char buf[] = "barebpf";
	const char *none = NULL;

	ASSERT_NULL(none);
	ASSERT_NE(NULL, buf);
	ASSERT_TRUE(buf);
	ASSERT_STREQ("barebpf", buf);
	ASSERT_STRNE("bpf", buf);
	ASSERT_STRNE("bpf", none);
	EXPECT_STREQ(NULL, none);
}

TEST(trailing_statement_only_on_failure)
{
	int ran = 0;

	EXPECT_EQ(0, 0) ran++;
	ASSERT_EQ(0, ran);
	/* A failing EXPECT runs it; then undo the failure to stay green. */
	TH_LOG("the next diagnostic is deliberate");
	EXPECT_EQ(0, 1) ran++;
	ASSERT_EQ(1, ran);
	_metadata->exit_code = KSFT_PASS;
}

static int setup_calls;

FIXTURE(counter) {
	int magic;
	int untouched;
};

FIXTURE_SETUP(counter)
{
	setup_calls++;
	self->magic = 0xb0b;
}

FIXTURE_TEARDOWN(counter)
{
	self->magic = 0;
}

TEST_F(counter, setup_ran)
{
	ASSERT_EQ(0xb0b, self->magic);
	ASSERT_EQ(0, self->untouched);
	ASSERT_EQ(1, setup_calls);
	self->untouched = 1;
}

/* Each test is a fresh child: nothing leaks from the previous one. */
TEST_F(counter, fresh_child)
{
	ASSERT_EQ(1, setup_calls);
	ASSERT_EQ(0, self->untouched);
}

/* ---- the harness seen from outside ----------------------------------- */

struct run {
	int status;
	char out[16384];
};

static int subject_path(char *path, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", path, len - 1);
	char *slash;

	if (n <= 0)
		return -1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) + sizeof("/harness_subject") > len)
		return -1;
	strcpy(slash, "/harness_subject");
	return access(path, X_OK);
}

/* Run the subject with argv, capturing stdout+stderr and the status. */
static void run_subject(struct __test_metadata *_metadata, const char *path,
			struct run *r, char *const argv[])
{
	size_t used = 0;
	int pipefd[2];
	ssize_t n;
	pid_t pid;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execv(path, argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], r->out + used,
			 sizeof(r->out) - 1 - used)) > 0)
		used += n;
	r->out[used] = '\0';
	close(pipefd[0]);
	ASSERT_EQ(pid, waitpid(pid, &r->status, 0));
	ASSERT_TRUE(WIFEXITED(r->status));
}

/*
 * Show captured output on failure with every line prefixed, so that the
 * subject's own "ok"/"not ok" lines cannot be mistaken for ours.
 */
static void dump_output(const char *out)
{
	const char *nl;

	while (*out) {
		nl = strchr(out, '\n');
		if (!nl)
			nl = out + strlen(out);
		fprintf(stderr, "#   | %.*s\n", (int)(nl - out), out);
		out = *nl ? nl + 1 : nl;
	}
}

/* ASSERT_NE()/ASSERT_NULL() with the output shown when they fail. */
#define ASSERT_HAS(out, needle) do {					\
	ASSERT_NE(NULL, strstr(out, needle)) {				\
		TH_LOG("missing text:");				\
		dump_output(needle);					\
		TH_LOG("in output:");					\
		dump_output(out);					\
	}								\
} while (0)
#define ASSERT_LACKS(out, needle) do {					\
	ASSERT_NULL(strstr(out, needle)) {				\
		TH_LOG("unexpected text:");				\
		dump_output(needle);					\
		TH_LOG("in output:");					\
		dump_output(out);					\
	}								\
} while (0)

FIXTURE(subject) {
	char path[PATH_MAX];
	struct run *r;
};

FIXTURE_SETUP(subject)
{
	if (subject_path(self->path, sizeof(self->path)))
		SKIP(return, "harness_subject not found next to this binary");
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
}

FIXTURE_TEARDOWN(subject)
{
	free(self->r);
}

TEST_F(subject, pass)
{
	char *argv[] = { "harness_subject", "-t", "pass", NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_PASS, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "TAP version 13\n1..1\n");
	ASSERT_HAS(self->r->out, "#  RUN           global.pass ...\n");
	ASSERT_HAS(self->r->out, "#            OK  global.pass\n");
	ASSERT_HAS(self->r->out, "\nok 1 global.pass\n");
	ASSERT_HAS(self->r->out, "# PASSED: 1 / 1 tests passed.\n");
	ASSERT_HAS(self->r->out,
		   "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\n");
	ASSERT_LACKS(self->r->out, "printed only on failure");
}

TEST_F(subject, assert_fail)
{
	char *argv[] = { "harness_subject", "-t", "global.assert_fail",
			 NULL };
	const char *diag, *bol;
	char rest[128];
	int line;

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_FAIL, WEXITSTATUS(self->r->status));
	/* "# <path>harness_subject.c:<line>:<test>:Expected ..." */
	ASSERT_HAS(self->r->out, "harness_subject.c:");
	diag = strstr(self->r->out, "harness_subject.c:");
	for (bol = diag; bol > self->r->out && bol[-1] != '\n'; bol--)
		;
	ASSERT_EQ(0, strncmp(bol, "# ", 2));
	ASSERT_EQ(2, sscanf(diag, "harness_subject.c:%d:%127[^\n]", &line,
			    rest));
	ASSERT_LT(0, line);
	ASSERT_STREQ("global.assert_fail:Expected 1 (1) == two (2)", rest);
	ASSERT_HAS(self->r->out, ":global.assert_fail:context 7\n");
	ASSERT_HAS(self->r->out, "#          FAIL  global.assert_fail\n");
	ASSERT_HAS(self->r->out, "\nnot ok 1 global.assert_fail\n");
	ASSERT_HAS(self->r->out, "# FAILED: 0 / 1 tests passed.\n");
	ASSERT_LACKS(self->r->out, "not reached");
}

TEST_F(subject, expect_continues)
{
	char *argv[] = { "harness_subject", "-t", "expect_fail", NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_FAIL, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "Expected -1 (-1) == big (4294967295)\n");
	ASSERT_HAS(self->r->out,
		   "Expected \"abc\" (\"abc\") == s (\"abd\")\n");
	ASSERT_HAS(self->r->out, "Expected &x (0x");
	ASSERT_HAS(self->r->out, "after expect\n");
}

TEST_F(subject, assert_in_helper)
{
	char *argv[] = { "harness_subject", "-t", "helper_fail", NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_FAIL, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "Expected 0 (0) == 1 (1)\n");
	ASSERT_LACKS(self->r->out, "not reached");
}

TEST_F(subject, teardown_after_assert)
{
	char *argv[] = { "harness_subject", "-t", "fx.assert_fail", NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_FAIL, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "setup ran\n");
	ASSERT_HAS(self->r->out, "teardown ran value=6\n");
	ASSERT_LACKS(self->r->out, "not reached");
}

TEST_F(subject, all_skipped)
{
	char *argv[] = { "harness_subject", "-t", "skip", "-f", "skipfx",
			 NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_SKIP, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "\nok 1 global.skip # SKIP not today 42\n");
	ASSERT_HAS(self->r->out,
		   "\nok 2 skipfx.setup_skip # SKIP no widget\n");
	ASSERT_HAS(self->r->out,
		   "# Totals: pass:0 fail:0 xfail:0 xpass:0 skip:2 error:0\n");
	/* A skipping setup runs neither the body nor the teardown. */
	ASSERT_LACKS(self->r->out, "not reached");
}

TEST_F(subject, pass_and_skip)
{
	char *argv[] = { "harness_subject", "-t", "pass", "-t", "skip",
			 NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_PASS, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "# PASSED: 2 / 2 tests passed.\n");
}

TEST_F(subject, signals)
{
	char *argv[] = { "harness_subject", "-t", "abort_ok", "-t",
			 "no_signal", "-t", "crash", NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_FAIL, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "\nok 1 global.abort_ok\n");
	ASSERT_HAS(self->r->out, "\nnot ok 2 global.no_signal\n");
	ASSERT_HAS(self->r->out,
		   "global.crash: Test terminated unexpectedly by signal 15");
	ASSERT_HAS(self->r->out, "\nnot ok 3 global.crash\n");
}

TEST_F_TIMEOUT(subject, timeout_kills, 10)
{
	char *argv[] = { "harness_subject", "-t", "fx.hang", NULL };
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_subject(_metadata, self->path, self->r, argv);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_EQ(KSFT_FAIL, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out,
		   "# fx.hang: Test terminated by timeout after 1 s\n");
	/* The child is SIGKILLed: setup ran, teardown cannot. */
	ASSERT_HAS(self->r->out, "setup ran\n");
	ASSERT_HAS(self->r->out, "\nnot ok 1 fx.hang\n");
	ASSERT_GT(3, t1.tv_sec - t0.tv_sec);
}

TEST_F(subject, list)
{
	char *argv[] = { "harness_subject", "-l", NULL };

	run_subject(_metadata, self->path, self->r, argv);
	ASSERT_EQ(KSFT_PASS, WEXITSTATUS(self->r->status));
	ASSERT_HAS(self->r->out, "global.pass\n");
	ASSERT_HAS(self->r->out, "skipfx.setup_skip\n");
	ASSERT_LACKS(self->r->out, "TAP version");
}

TEST_HARNESS_MAIN
