// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_xdp_attach - attach, replace, query and detach XDP programs.
 *
 * Each test gets two fresh network namespaces named after its pid,
 * bbxdp-<pid>-a holding veth bbv0 and bbxdp-<pid>-b holding its peer
 * bbv1, and runs inside the first. Teardown leaves the namespace and
 * deletes both, which also removes the veth pair and anything attached.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>

#include "kselftest_harness.h"
#include "test_util.h"
#include "xdp.h"

#define DEV	"bbv0"
#define PEER	"bbv1"

FIXTURE(xdp) {
	char ns_a[32];
	char ns_b[32];
	int orig_ns;
	int ifindex;
	struct bb_object *obj;
	int pass_fd;
	int drop_fd;
	__u32 pass_id;
	__u32 drop_id;
};

/* Run a shell command built from @fmt; 0 if it exited with status 0. */
static int run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return st == 0 ? 0 : -1;
}

static void netns_delete(FIXTURE_DATA(xdp) *self)
{
	run("ip netns del %s 2>/dev/null", self->ns_a);
	run("ip netns del %s 2>/dev/null", self->ns_b);
}

static int netns_create(FIXTURE_DATA(xdp) *self)
{
	if (run("ip netns add %s", self->ns_a) ||
	    run("ip netns add %s", self->ns_b) ||
	    run("ip -n %s link add %s type veth peer name %s netns %s",
		self->ns_a, DEV, PEER, self->ns_b) ||
	    run("ip -n %s link set %s up", self->ns_a, DEV) ||
	    run("ip -n %s link set %s up", self->ns_b, PEER))
		return -1;
	return 0;
}

static int netns_enter(const char *name)
{
	char path[64];
	int fd, err;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	err = setns(fd, CLONE_NEWNET);
	close(fd);
	return err;
}

FIXTURE_SETUP(xdp)
{
	int err;

	self->orig_ns = -1;
	snprintf(self->ns_a, sizeof(self->ns_a), "bbxdp-%d-a", getpid());
	snprintf(self->ns_b, sizeof(self->ns_b), "bbxdp-%d-b", getpid());
	if (run("ip -V >/dev/null 2>&1"))
		SKIP(return, "iproute2's ip is needed to create veth pairs");
	ASSERT_EQ(0, bb_test_open_load("xdp_attach", &self->obj));
	self->pass_fd = bb_test_prog_fd(self->obj, "xdp_pass");
	self->drop_fd = bb_test_prog_fd(self->obj, "xdp_drop");
	ASSERT_LE(0, self->pass_fd);
	ASSERT_LE(0, self->drop_fd);
	self->pass_id = bb_test_prog_id(self->pass_fd);
	self->drop_id = bb_test_prog_id(self->drop_fd);
	ASSERT_NE(0, self->pass_id);
	ASSERT_NE(0, self->drop_id);

	/* Teardown does not run after a failed setup: clean up here. */
	self->orig_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	err = self->orig_ns < 0 || netns_create(self) ||
	      netns_enter(self->ns_a);
	if (err) {
		netns_delete(self);
		ASSERT_EQ(0, err) TH_LOG("cannot set up namespaces and veth");
	}
	self->ifindex = bb_ifindex(DEV);
	if (self->ifindex < 0) {
		setns(self->orig_ns, CLONE_NEWNET);
		netns_delete(self);
		ASSERT_LT(0, self->ifindex);
	}
}

FIXTURE_TEARDOWN(xdp)
{
	struct bb_xdp_info info;
	char path[64];

	if (self->ifindex > 0) {
		EXPECT_EQ(0, bb_xdp_query(self->ifindex, &info));
		EXPECT_EQ(XDP_ATTACHED_NONE, info.attach_mode)
			TH_LOG("a program is still attached after the test");
	}
	/* Leave namespace a first, so deleting it frees it at once. */
	if (self->orig_ns >= 0) {
		EXPECT_EQ(0, setns(self->orig_ns, CLONE_NEWNET));
		close(self->orig_ns);
	}
	netns_delete(self);
	snprintf(path, sizeof(path), "/run/netns/%s", self->ns_a);
	EXPECT_NE(0, access(path, F_OK));
	snprintf(path, sizeof(path), "/run/netns/%s", self->ns_b);
	EXPECT_NE(0, access(path, F_OK));
	bb_object__close(self->obj);
}

/* Id of the program attached in the mode @attached names. */
static __u32 mode_prog_id(const struct bb_xdp_info *info, __u8 attached)
{
	switch (attached) {
	case XDP_ATTACHED_SKB:
		return info->skb_prog_id;
	case XDP_ATTACHED_DRV:
		return info->drv_prog_id;
	case XDP_ATTACHED_HW:
		return info->hw_prog_id;
	}
	return 0;
}

static void expect_attached(struct __test_metadata *_metadata,
			    FIXTURE_DATA(xdp) *self, __u8 attached,
			    __u32 id)
{
	struct bb_xdp_info info;

	ASSERT_EQ(0, bb_xdp_query(self->ifindex, &info));
	ASSERT_EQ(attached, info.attach_mode);
	if (attached == XDP_ATTACHED_NONE) {
		ASSERT_EQ(0, info.prog_id);
		ASSERT_EQ(0, info.skb_prog_id);
		ASSERT_EQ(0, info.drv_prog_id);
		return;
	}
	ASSERT_EQ(id, info.prog_id);
	ASSERT_EQ(id, mode_prog_id(&info, attached));
}

/* Run @call with stderr captured; it must fail with @err saying @text. */
#define EXPECT_FAILS_SAYING(err, text, call) do {			\
	struct bb_test_capture __cap = { -1, -1 };			\
	char __msg[1024];						\
	int __ret;							\
									\
	ASSERT_EQ(0, bb_test_capture_start(&__cap));			\
	__ret = (call);							\
	bb_test_capture_end(&__cap, __msg, sizeof(__msg));		\
	EXPECT_EQ(err, __ret);						\
	EXPECT_NE(NULL, strstr(__msg, text))				\
		TH_LOG("message was: %s", __msg);			\
} while (0)

/* The whole life cycle of an attachment in one mode. */
static void life_cycle(struct __test_metadata *_metadata,
		       FIXTURE_DATA(xdp) *self, __u32 mode, __u8 attached)
{
	int ifi = self->ifindex;

	expect_attached(_metadata, self, XDP_ATTACHED_NONE, 0);
	ASSERT_EQ(0, bb_xdp_attach(ifi, self->pass_fd,
				   mode | XDP_FLAGS_UPDATE_IF_NOEXIST, -1));
	expect_attached(_metadata, self, attached, self->pass_id);

	EXPECT_FAILS_SAYING(-EBUSY, "XDP program already attached",
		bb_xdp_attach(ifi, self->drop_fd,
			      mode | XDP_FLAGS_UPDATE_IF_NOEXIST, -1));
	expect_attached(_metadata, self, attached, self->pass_id);

	ASSERT_EQ(0, bb_xdp_attach(ifi, self->drop_fd,
				   mode | XDP_FLAGS_REPLACE, self->pass_fd));
	expect_attached(_metadata, self, attached, self->drop_id);

	/* pass_fd is stale now: neither replace nor detach may happen. */
	EXPECT_FAILS_SAYING(-EEXIST, "Active program does not match expected",
		bb_xdp_attach(ifi, self->pass_fd, mode | XDP_FLAGS_REPLACE,
			      self->pass_fd));
	EXPECT_FAILS_SAYING(-EEXIST, "Active program does not match expected",
		bb_xdp_detach(ifi, mode, self->pass_fd));
	expect_attached(_metadata, self, attached, self->drop_id);

	ASSERT_EQ(0, bb_xdp_detach(ifi, mode, self->drop_fd));
	expect_attached(_metadata, self, XDP_ATTACHED_NONE, 0);
}

TEST_F(xdp, generic_mode)
{
	life_cycle(_metadata, self, XDP_FLAGS_SKB_MODE, XDP_ATTACHED_SKB);
}

TEST_F(xdp, native_mode)
{
	life_cycle(_metadata, self, XDP_FLAGS_DRV_MODE, XDP_ATTACHED_DRV);
}

/* veth has native XDP, so no mode flag means native. */
TEST_F(xdp, auto_mode_is_native_on_veth)
{
	life_cycle(_metadata, self, 0, XDP_ATTACHED_DRV);
}

TEST_F(xdp, generic_and_native_exclude_each_other)
{
	int ifi = self->ifindex;

	ASSERT_EQ(0, bb_xdp_attach(ifi, self->pass_fd,
				   XDP_FLAGS_SKB_MODE |
				   XDP_FLAGS_UPDATE_IF_NOEXIST, -1));
	EXPECT_FAILS_SAYING(-EEXIST, "Native and generic XDP can't be active",
		bb_xdp_attach(ifi, self->drop_fd, XDP_FLAGS_DRV_MODE |
			      XDP_FLAGS_UPDATE_IF_NOEXIST, -1));
	expect_attached(_metadata, self, XDP_ATTACHED_SKB, self->pass_id);
	ASSERT_EQ(0, bb_xdp_detach(ifi, XDP_FLAGS_SKB_MODE, self->pass_fd));
}

TEST(unknown_interface_is_a_clear_error)
{
	struct bb_xdp_info info;

	EXPECT_FAILS_SAYING(-ENODEV, "interface bbnosuch0 does not exist",
			    bb_ifindex("bbnosuch0"));
	EXPECT_FAILS_SAYING(-ENODEV, "interface 2147483000 does not exist",
			    bb_ifindex("2147483000"));
	EXPECT_FAILS_SAYING(-ENODEV, "ifindex 2147483000",
			    bb_xdp_query(2147483000, &info));
	EXPECT_EQ(1, bb_ifindex("lo"));
	EXPECT_EQ(1, bb_ifindex("1"));
}

TEST_HARNESS_MAIN
