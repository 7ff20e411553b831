// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_struct_ops - a TCP congestion control written in BPF: its
 * programs load for the kernel's struct tcp_congestion_ops, registering
 * the map makes it one of the kernel's congestion controls, and
 * unregistering takes it away. A member the kernel's struct lacks is
 * refused by name.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "test_util.h"

#define CC_LIST	"/proc/sys/net/ipv4/tcp_available_congestion_control"

static bool cc_available(const char *name)
{
	char buf[1024] = "";
	FILE *f = fopen(CC_LIST, "r");

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	return strstr(buf, name) != NULL;
}

TEST(congestion_control_registers_and_goes_away)
{
	struct bpf_prog_info info;
	struct bb_object *obj;
	__u32 len = sizeof(info);
	struct bb_map *map;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("struct_ops_cc", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	map = bb_object__find_map(obj, "bb_cc");
	ASSERT_NE(NULL, map);
	EXPECT_EQ(BPF_MAP_TYPE_STRUCT_OPS, bb_map__type(map));
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(0, bb_obj_get_info_by_fd(bb_program__fd(
		bb_object__find_program(obj, "bb_ssthresh")), &info, &len));
	EXPECT_EQ(BPF_PROG_TYPE_STRUCT_OPS, info.type);
	EXPECT_NE(0, info.attach_btf_id);	/* the kernel's struct */
	EXPECT_FALSE(cc_available("bb_test_cc"));
	ASSERT_EQ(0, bb_struct_ops_register(map)) TH_LOG("%s", m.text);
	EXPECT_TRUE(cc_available("bb_test_cc"));
	EXPECT_EQ(0, bb_struct_ops_unregister(map));
	bb_object__close(obj);
	EXPECT_FALSE(cc_available("bb_test_cc"));
}

TEST(member_the_kernel_lacks_is_refused)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("struct_ops_bad", &m, &obj));
	EXPECT_EQ(-EOPNOTSUPP, bb_object__prepare(obj));
	EXPECT_NE(NULL, strstr(m.text, "has no member bb_no_such_op"))
		TH_LOG("%s", m.text);
	bb_object__close(obj);
}

/* libbpf 1.2's .struct_ops.link: refused by name, not half-loaded. */
TEST(struct_ops_links_are_refused)
{
	struct bb_object *obj;
	struct bb_test_msgs m;

	EXPECT_GT(0, bb_test_open_msgs("struct_ops_link", &m, &obj));
	EXPECT_NE(NULL, strstr(m.text, "section .struct_ops.link"))
		TH_LOG("%s", m.text);
}

TEST_HARNESS_MAIN
