// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_loader - the loader core against the running kernel: objects
 * load, maps round-trip (one by one and in batches, per-CPU too), global
 * data is shared between user space and the program, subprogram calls
 * are linked correctly, and a verifier failure explains itself with a
 * source line.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "test_util.h"

static int open_prog(const char *name, bb_print_fn print, void *ctx,
		     struct bb_object **objp)
{
	struct bb_object_opts opts = { .print = print, .print_ctx = ctx };

	return bb_test_open_opts(name, &opts, objp);
}

static void quiet(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

TEST(every_tool_object_loads)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct bb_object *obj;
	struct dirent *de;
	int loaded = 0;
	DIR *d;

	ASSERT_EQ(0, bb_test_tool_obj_dir(dir, sizeof(dir)));
	d = opendir(dir);
	ASSERT_NE(NULL, d) TH_LOG("no %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		if (!strstr(de->d_name, ".bpf.o"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		ASSERT_EQ(0, bb_object__open_file(path, NULL, &obj))
			TH_LOG("open %s", path);
		EXPECT_EQ(0, bb_object__load(obj)) TH_LOG("load %s", path);
		bb_object__close(obj);
		loaded++;
	}
	closedir(d);
	ASSERT_LT(0, loaded);
}

FIXTURE(maps) {
	struct bb_object *obj;
	int hmap, pcpu;
};

FIXTURE_SETUP(maps)
{
	ASSERT_EQ(0, open_prog("loader_maps", NULL, NULL, &self->obj));
	ASSERT_EQ(0, bb_object__load(self->obj));
	self->hmap = bb_map__fd(bb_object__find_map(self->obj, "hmap"));
	self->pcpu = bb_map__fd(bb_object__find_map(self->obj, "pcpu"));
	ASSERT_LE(0, self->hmap);
	ASSERT_LE(0, self->pcpu);
}

FIXTURE_TEARDOWN(maps)
{
	bb_object__close(self->obj);
}

TEST_F(maps, btf_definitions)
{
	struct bb_map *m = bb_object__find_map(self->obj, "sized");

	ASSERT_NE(NULL, m);
	EXPECT_EQ(BPF_MAP_TYPE_ARRAY, bb_map__type(m));
	EXPECT_EQ(4, bb_map__key_size(m));
	EXPECT_EQ(16, bb_map__value_size(m));
	EXPECT_EQ(2, bb_map__max_entries(m));
	m = bb_object__find_map(self->obj, "hmap");
	EXPECT_EQ(BPF_MAP_TYPE_HASH, bb_map__type(m));
	EXPECT_EQ(8, bb_map__value_size(m));
	EXPECT_EQ(256, bb_map__max_entries(m));
}

TEST_F(maps, crud)
{
	__u32 key = 7, next;
	__u64 val = 1234, out = 0;

	ASSERT_EQ(-ENOENT, bb_map_lookup_elem(self->hmap, &key, &out, 0));
	ASSERT_EQ(0, bb_map_update_elem(self->hmap, &key, &val, BPF_NOEXIST));
	ASSERT_EQ(-EEXIST, bb_map_update_elem(self->hmap, &key, &val,
					      BPF_NOEXIST));
	ASSERT_EQ(0, bb_map_lookup_elem(self->hmap, &key, &out, 0));
	EXPECT_EQ(1234, out);
	ASSERT_EQ(0, bb_map_get_next_key(self->hmap, NULL, &next));
	EXPECT_EQ(7, next);
	EXPECT_EQ(-ENOENT, bb_map_get_next_key(self->hmap, &next, &next));
	ASSERT_EQ(0, bb_map_delete_elem(self->hmap, &key));
	EXPECT_EQ(-ENOENT, bb_map_delete_elem(self->hmap, &key));
}

TEST_F(maps, batch_round_trip)
{
	__u32 keys[200], okeys[256], count, i, batch;
	__u64 vals[200], ovals[256];

	for (i = 0; i < 200; i++) {
		keys[i] = i * 3;
		vals[i] = (__u64)i << 32 | i;
	}
	count = 200;
	ASSERT_EQ(0, bb_map_update_batch(self->hmap, keys, vals, &count, 0));
	ASSERT_EQ(200, count);
	count = 256;
	/* One call reads the whole map and reports -ENOENT at the end. */
	ASSERT_EQ(-ENOENT, bb_map_lookup_batch(self->hmap, NULL, &batch,
					       okeys, ovals, &count, 0));
	ASSERT_EQ(200, count);
	for (i = 0; i < count; i++) {
		ASSERT_EQ((__u64)(okeys[i] / 3) << 32 | okeys[i] / 3,
			  ovals[i]);
	}
	count = 100;
	ASSERT_EQ(0, bb_map_delete_batch(self->hmap, keys, &count, 0));
	ASSERT_EQ(100, count);
	EXPECT_EQ(-ENOENT, bb_map_lookup_elem(self->hmap, &keys[0], vals, 0));
	EXPECT_EQ(0, bb_map_lookup_elem(self->hmap, &keys[150], vals, 0));
}

TEST_F(maps, percpu_values)
{
	int ncpu = bb_num_possible_cpus(), i;
	__u64 *vals;
	__u32 key = 1;

	ASSERT_LT(0, ncpu);
	vals = calloc(ncpu, sizeof(*vals));
	ASSERT_NE(NULL, vals);
	for (i = 0; i < ncpu; i++)
		vals[i] = 100 + i;
	ASSERT_EQ(0, bb_map_update_elem(self->pcpu, &key, vals, BPF_ANY));
	memset(vals, 0, ncpu * sizeof(*vals));
	ASSERT_EQ(0, bb_map_lookup_elem(self->pcpu, &key, vals, 0));
	for (i = 0; i < ncpu; i++) {
		EXPECT_EQ(100 + i, vals[i]);
	}
	free(vals);
}

static __u32 run_calc(struct __test_metadata *_metadata,
		      struct bb_object *obj, __u32 len)
{
	static char pkt[1500];
	struct bb_test_run_opts o = { .data_in = pkt, .data_size_in = len };
	struct bb_program *p = bb_object__find_program(obj, "calc");

	EXPECT_NE(NULL, p);
	if (!p)
		return 0;
	EXPECT_EQ(0, bb_prog_test_run(bb_program__fd(p), &o));
	return o.retval;
}

/* calc returns len * ro_mult + 100 + data_var through two subprograms. */
TEST(subprograms_and_global_data)
{
	struct bb_object *obj;
	struct bb_map *rodata;
	__u64 data = 0, runs = 0;
	__u32 zero = 0, *ro;
	size_t size = 0;
	int fd;

	ASSERT_EQ(0, open_prog("loader_maps", NULL, NULL, &obj));
	rodata = bb_object__find_map(obj, ".rodata");
	ASSERT_NE(NULL, rodata);
	ro = bb_map__initial_value(rodata, &size);
	ASSERT_NE(NULL, ro);
	ASSERT_EQ(sizeof(__u32), size);
	EXPECT_EQ(3, *ro);
	*ro = 5;			/* before load: the verifier sees 5 */
	ASSERT_EQ(0, bb_object__load(obj));
	EXPECT_EQ(NULL, bb_map__initial_value(rodata, NULL));

	EXPECT_EQ(64 * 5 + 100 + 42, run_calc(_metadata, obj, 64));
	fd = bb_map__fd(bb_object__find_map(obj, ".data"));
	data = 1000;
	ASSERT_EQ(0, bb_map_update_elem(fd, &zero, &data, BPF_ANY));
	EXPECT_EQ(64 * 5 + 100 + 1000, run_calc(_metadata, obj, 64));

	fd = bb_map__fd(bb_object__find_map(obj, ".bss"));
	ASSERT_EQ(0, bb_map_lookup_elem(fd, &zero, &runs, 0));
	EXPECT_EQ(2, runs);
	/* .rodata is frozen: user space can no longer write it either. */
	fd = bb_map__fd(rodata);
	EXPECT_EQ(-EPERM, bb_map_update_elem(fd, &zero, &zero, BPF_ANY));
	bb_object__close(obj);
}

/* Open progs/@name.bpf.o in place from a read-only mapping of it. */
static int open_read_only(struct __test_metadata *_metadata,
			  const char *name, void **map, size_t *size,
			  struct bb_object **objp)
{
	const struct bb_object_opts o = { .name = name, .keep_buf = true };
	char path[PATH_MAX];
	struct stat st;
	int fd;

	EXPECT_EQ(0, bb_test_prog_path(name, path, sizeof(path)));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		return -errno;
	*size = st.st_size;
	*map = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*map == MAP_FAILED)
		return -errno;
	return bb_object__open_mem(*map, *size, &o, objp);
}

/*
 * keep_buf: the object is read where the caller keeps it, and a load
 * (relocations, global data, CO-RE) writes nothing there: a write to
 * this read-only mapping would end the test with SIGSEGV.
 */
TEST(kept_buffer_is_only_read)
{
	static const char *const names[] = { "loader_maps", "core_reloc",
					     NULL };
	struct bb_object *obj;
	size_t i, size;
	void *map;

	for (i = 0; names[i]; i++) {
		ASSERT_EQ(0, open_read_only(_metadata, names[i], &map, &size,
					    &obj));
		EXPECT_EQ(0, bb_object__load(obj)) TH_LOG("%s", names[i]);
		if (i == 0) {
			EXPECT_EQ(64 * 3 + 100 + 42,
				  run_calc(_metadata, obj, 64));
		}
		bb_object__close(obj);
		munmap(map, size);
	}
}

/* The kernel's name of a map, from its fd. */
static void kernel_map_name(int fd, char name[BPF_OBJ_NAME_LEN])
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	name[0] = '\0';
	if (!bb_obj_get_info_by_fd(fd, &info, &len))
		memcpy(name, info.name, BPF_OBJ_NAME_LEN);
}

/*
 * Global data maps are named for the kernel as libbpf names them, so that
 * bpftool tells one object's .rodata from another's: the object's file
 * name up to its first '.', cut to fit, before the section name.
 */
TEST(global_data_maps_carry_the_object_name)
{
	char name[BPF_OBJ_NAME_LEN];
	struct bb_object *obj;

	ASSERT_EQ(0, open_prog("loader_maps", NULL, NULL, &obj));
	ASSERT_EQ(0, bb_object__load(obj));
	kernel_map_name(bb_map__fd(bb_object__find_map(obj, ".rodata")), name);
	EXPECT_STREQ("loader_m.rodata", name);
	kernel_map_name(bb_map__fd(bb_object__find_map(obj, ".bss")), name);
	EXPECT_STREQ("loader_m.bss", name);
	kernel_map_name(bb_map__fd(bb_object__find_map(obj, "hmap")), name);
	EXPECT_STREQ("hmap", name);
	bb_object__close(obj);
}

/* A callback passed to bpf_loop() is linked as BPF_PSEUDO_FUNC. */
TEST(callback_address_is_linked)
{
	static char pkt[64];
	struct bb_test_run_opts o = { .data_in = pkt };
	struct bb_object *obj;
	__u32 len, n;
	int fd;

	ASSERT_EQ(0, open_prog("callback", NULL, NULL, &obj));
	ASSERT_EQ(0, bb_object__load(obj));
	fd = bb_program__fd(bb_object__find_program(obj, "loop_sum"));
	for (len = 14; len < 64; len += 7) {
		o.data_size_in = len;
		o.data_size_out = 0;	/* the kernel wrote it back last time */
		ASSERT_EQ(0, bb_prog_test_run(fd, &o));
		n = len % 16;
		EXPECT_EQ(n * (n + 1) / 2, o.retval) TH_LOG("len %u", len);
	}
	bb_object__close(obj);
}

TEST(legacy_maps_section)
{
	struct bb_object *obj;
	struct bb_map *m;
	char pkt[64] = { 0 };
	struct bb_test_run_opts o = { .data_in = pkt, .data_size_in = 61 };
	__u32 key = (61 - ETH_HLEN) & 7;	/* the skb starts past Ethernet */
	__u64 count = 0;

	ASSERT_EQ(0, open_prog("legacy_maps", NULL, NULL, &obj));
	EXPECT_EQ(0x060c00, bb_object__kversion(obj));
	m = bb_object__find_map(obj, "counts");
	ASSERT_NE(NULL, m);
	EXPECT_EQ(BPF_MAP_TYPE_ARRAY, bb_map__type(m));
	EXPECT_EQ(8, bb_map__max_entries(m));
	ASSERT_EQ(0, bb_object__load(obj));
	ASSERT_EQ(0, bb_prog_test_run(bb_program__fd(
		bb_object__find_program(obj, "count_len")), &o));
	ASSERT_EQ(0, bb_map_lookup_elem(bb_map__fd(m), &key, &count, 0));
	EXPECT_EQ(1, count);
	bb_object__close(obj);
}

/*
 * Ethernet + IPv4 + UDP to @dport, @len bytes in all. The headers are
 * built aside and copied in: after 14 bytes of Ethernet the IP header is
 * not 4-byte aligned in the buffer.
 */
static size_t udp_frame(char *buf, __u16 dport, size_t len)
{
	struct ethhdr eth = { .h_proto = htons(ETH_P_IP) };
	struct iphdr ip = {
		.version = 4,
		.ihl = 5,
		.protocol = IPPROTO_UDP,
		.saddr = htonl(0xc0000201),	/* 192.0.2.1 */
		.daddr = htonl(0xc0000202),	/* 192.0.2.2 */
	};
	struct udphdr udp = { .dest = htons(dport) };

	memset(buf, 0, len);
	memcpy(buf, &eth, sizeof(eth));
	memcpy(buf + sizeof(eth), &ip, sizeof(ip));
	memcpy(buf + sizeof(eth) + sizeof(ip), &udp, sizeof(udp));
	return len;
}

TEST(xdp_actions_for_crafted_packets)
{
	struct bb_test_run_opts o = { 0 };
	struct bb_object *obj;
	char pkt[128];
	int fd;

	ASSERT_EQ(0, open_prog("xdp_udp9", NULL, NULL, &obj));
	ASSERT_EQ(0, bb_object__load(obj));
	fd = bb_program__fd(bb_object__find_program(obj, "drop_udp9"));
	o.data_in = pkt;
	o.data_size_in = udp_frame(pkt, 9, 64);
	ASSERT_EQ(0, bb_prog_test_run(fd, &o));
	EXPECT_EQ(XDP_DROP, o.retval);
	o.data_size_in = udp_frame(pkt, 53, 64);
	ASSERT_EQ(0, bb_prog_test_run(fd, &o));
	EXPECT_EQ(XDP_PASS, o.retval);
	/* Cut inside the UDP header: not understood, so passed. */
	o.data_size_in = udp_frame(pkt, 9, 64) - 64 + 38;
	ASSERT_EQ(0, bb_prog_test_run(fd, &o));
	EXPECT_EQ(XDP_PASS, o.retval);
	bb_object__close(obj);
}

TEST(verifier_failure_names_program_and_line)
{
	static struct bb_test_msgs m;
	struct bb_object *obj;

	ASSERT_EQ(0, open_prog("verifier_fail", bb_test_collect, &m, &obj));
	EXPECT_EQ(-EACCES, bb_object__load(obj));
	EXPECT_NE(NULL, strstr(m.text, "program missing_null_check"))
		TH_LOG("messages:\n%s", m.text);
	EXPECT_NE(NULL, strstr(m.text, "verifier_fail.bpf.c:"))
		TH_LOG("messages:\n%s", m.text);
	EXPECT_NE(NULL, strstr(m.text, "BUG_MARKER"));
	/* A failed load leaves nothing behind. */
	EXPECT_EQ(-1, bb_map__fd(bb_object__find_map(obj, "arr")));
	bb_object__close(obj);
}

TEST(pin_and_unpin)
{
	const char *dir = "/sys/fs/bpf/barebpf_test_pin";
	struct bb_object *obj;
	struct stat st;
	int fd;

	ASSERT_EQ(0, open_prog("loader_maps", quiet, NULL, &obj));
	ASSERT_EQ(0, bb_object__load(obj));
	ASSERT_EQ(0, bb_object__pin(obj, dir));
	fd = bb_obj_get("/sys/fs/bpf/barebpf_test_pin/hmap");
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
	EXPECT_EQ(0, stat("/sys/fs/bpf/barebpf_test_pin/calc", &st));
	bb_object__unpin(obj, dir);
	EXPECT_EQ(-1, stat("/sys/fs/bpf/barebpf_test_pin/hmap", &st));
	rmdir(dir);
	bb_object__close(obj);
}

TEST(section_names_give_program_types)
{
	static const struct {
		const char *prog;
		enum bpf_prog_type type;
		const char *target;
	} want[] = {
		{ "s_xdp", BPF_PROG_TYPE_XDP, "" },
		{ "s_tp", BPF_PROG_TYPE_TRACEPOINT, "syscalls/sys_enter_getpid" },
		{ "s_tp_short", BPF_PROG_TYPE_TRACEPOINT,
		  "sched/sched_process_fork" },
		{ "s_raw", BPF_PROG_TYPE_RAW_TRACEPOINT, "sys_enter" },
		{ "s_raw_short", BPF_PROG_TYPE_RAW_TRACEPOINT, "sys_exit" },
		{ "s_socket", BPF_PROG_TYPE_SOCKET_FILTER, "" },
		{ "s_socket2", BPF_PROG_TYPE_SOCKET_FILTER, "" },
		{ "s_tc", BPF_PROG_TYPE_SCHED_CLS, "" },
		{ "s_cls", BPF_PROG_TYPE_SCHED_CLS, "" },
		{ "s_perf", BPF_PROG_TYPE_PERF_EVENT, "" },
	};
	struct bb_program *p;
	struct bb_object *obj;
	size_t i;

	ASSERT_EQ(0, open_prog("sections", NULL, NULL, &obj));
	EXPECT_EQ(sizeof(want) / sizeof(want[0]),
		  bb_object__program_count(obj));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		p = bb_object__find_program(obj, want[i].prog);
		ASSERT_NE(NULL, p) TH_LOG("no program %s", want[i].prog);
		EXPECT_EQ(want[i].type, bb_program__type(p))
			TH_LOG("%s", want[i].prog);
		EXPECT_STREQ(want[i].target, bb_program__attach_target(p));
	}
	EXPECT_EQ(BPF_XDP, bb_program__expected_attach_type(
		bb_object__find_program(obj, "s_xdp")));
	ASSERT_EQ(0, bb_object__load(obj));
	bb_object__close(obj);
}

/* The kernel got our BTF: maps and programs carry type information. */
TEST(btf_reaches_the_kernel)
{
	struct bpf_prog_info pinfo;
	struct bpf_map_info minfo;
	struct bb_object *obj;
	__u32 len;

	ASSERT_EQ(0, open_prog("loader_maps", NULL, NULL, &obj));
	ASSERT_EQ(0, bb_object__load(obj));
	ASSERT_LE(0, bb_object__btf_fd(obj));
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	ASSERT_EQ(0, bb_obj_get_info_by_fd(bb_map__fd(
		bb_object__find_map(obj, "hmap")), &minfo, &len));
	EXPECT_NE(0, minfo.btf_id);
	EXPECT_NE(0, minfo.btf_key_type_id);
	EXPECT_NE(0, minfo.btf_value_type_id);
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	ASSERT_EQ(0, bb_obj_get_info_by_fd(bb_map__fd(
		bb_object__find_map(obj, ".data")), &minfo, &len));
	EXPECT_NE(0, minfo.btf_value_type_id);
	memset(&pinfo, 0, sizeof(pinfo));
	len = sizeof(pinfo);
	ASSERT_EQ(0, bb_obj_get_info_by_fd(bb_program__fd(
		bb_object__find_program(obj, "calc")), &pinfo, &len));
	EXPECT_NE(0, pinfo.btf_id);
	/* calc plus its two subprograms */
	EXPECT_EQ(3, pinfo.nr_func_info);
	EXPECT_LT(10, pinfo.nr_line_info);
	bb_object__close(obj);
}

/* Two objects with the same pinned-by-name map share one kernel map. */
TEST(pinning_by_name_shares_a_map)
{
	const char *root = "/sys/fs/bpf/barebpf_test_pinroot";
	struct bb_object_opts opts = { .pin_root = root };
	char path[PATH_MAX];
	struct bb_object *a, *b;
	__u64 val = 77, out = 0;
	__u32 key = 0;

	ASSERT_EQ(0, bb_mount_bpffs("/sys/fs/bpf"));
	mkdir(root, 0700);
	ASSERT_EQ(0, bb_test_open_opts("pinned_map", &opts, &a));
	ASSERT_EQ(0, bb_object__load(a));
	ASSERT_EQ(0, bb_map_update_elem(bb_map__fd(
		bb_object__find_map(a, "shared_counter")), &key, &val, 0));
	ASSERT_EQ(0, bb_test_open_opts("pinned_map", &opts, &b));
	ASSERT_EQ(0, bb_object__load(b));
	ASSERT_EQ(0, bb_map_lookup_elem(bb_map__fd(
		bb_object__find_map(b, "shared_counter")), &key, &out, 0));
	EXPECT_EQ(77, out);
	bb_object__close(a);
	bb_object__close(b);
	snprintf(path, sizeof(path), "%s/shared_counter", root);
	EXPECT_EQ(0, unlink(path));
	rmdir(root);
}

TEST_HARNESS_MAIN
