// SPDX-License-Identifier: GPL-2.0
/*
 * harness_subject - tests that pass, fail, skip, crash and hang on
 * purpose.  It is not a selftest itself: test_harness_selftest runs it
 * with -t/-f to pick one behaviour at a time and checks the exit code
 * and output the harness produces.  Markers printed on stdout ("setup
 * ran", "not reached", ...) let the caller see which code was executed.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

TEST(pass)
{
	ASSERT_EQ(1, 1) TH_LOG("printed only on failure");
	printf("pass body done\n");
}

TEST(assert_fail)
{
	int two = 2;

	ASSERT_EQ(1, two) TH_LOG("context %d", 7);
	printf("not reached\n");
}

TEST(expect_fail)
{
	unsigned int big = 4294967295u;
	const char *s = "abd";
	int x = 1;

	EXPECT_EQ(-1, big);
	EXPECT_STREQ("abc", s);
	EXPECT_NULL(&x);
	printf("after expect\n");
}

static void helper_asserts(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, 1);
}

TEST(helper_fail)
{
	helper_asserts(_metadata);
	printf("not reached\n");
}

TEST(skip)
{
	SKIP(return, "not today %d", 42);
	printf("not reached\n");
}

TEST_SIGNAL(abort_ok, SIGABRT)
{
	abort();
}

TEST_SIGNAL(no_signal, SIGABRT)
{
}

TEST(crash)
{
	kill(getpid(), SIGTERM);
}

FIXTURE(fx) {
	int value;
};

FIXTURE_SETUP(fx)
{
	self->value = 5;
	printf("setup ran\n");
}

FIXTURE_TEARDOWN(fx)
{
	printf("teardown ran value=%d\n", self->value);
}

TEST_F(fx, assert_fail)
{
	self->value = 6;
	ASSERT_TRUE(0);
	printf("not reached\n");
}

TEST_F_TIMEOUT(fx, hang, 1)
{
	for (;;)
		pause();
}

FIXTURE(skipfx) {
	int unused;
};

FIXTURE_SETUP(skipfx)
{
	SKIP(return, "no widget");
}

FIXTURE_TEARDOWN(skipfx)
{
	printf("not reached: teardown\n");
}

TEST_F(skipfx, setup_skip)
{
	printf("not reached: body\n");
}

TEST_HARNESS_MAIN
