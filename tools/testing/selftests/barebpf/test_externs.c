// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * test_externs - externs get the running kernel's values: .kconfig ones
 * from its configuration and the loader's own LINUX_ values, untyped
 * .ksyms from /proc/kallsyms, kfuncs by BTF id; __weak ones the kernel
 * lacks are 0, strong ones fail the load by name. Expected values are
 * read here from the same sources, independently of the loader.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "kselftest_harness.h"
#include "barebpf.h"
#include "test_util.h"

/* out[] of externs.bpf.c */
enum { OUT_VERSION, OUT_BPF_SYSCALL, OUT_HZ, OUT_JIT, OUT_HOSTNAME0,
       OUT_MISSING, OUT_BPF_CHECK, OUT_NO_VAR, OUT_NO_KFUNC, OUT_NR };

/* "CONFIG_@name=" value in the running kernel's configuration, or "". */
static void kernel_config(const char *name, char *val, size_t size)
{
	char line[512], path[300];
	size_t n = strlen(name);
	struct utsname u;
	gzFile f;

	val[0] = '\0';
	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	f = gzopen(path, "r");
	if (!f)
		f = gzopen("/proc/config.gz", "r");
	while (f && gzgets(f, line, sizeof(line))) {
		if (!strncmp(line, name, n) && line[n] == '=') {
			snprintf(val, size, "%s", line + n + 1);
			val[strcspn(val, "\n")] = '\0';
			break;
		}
	}
	if (f)
		gzclose(f);
}

static unsigned long long kallsyms_addr(const char *name)
{
	unsigned long long addr, found = 0;
	char line[512], sym[256];
	FILE *f = fopen("/proc/kallsyms", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %*c %255s", &addr, sym) == 2 &&
		    !strcmp(sym, name) && !found)
			found = addr;
	if (f)
		fclose(f);
	return found;
}

static void run(struct __test_metadata *_metadata, struct bb_object *obj,
		const char *prog, __u64 *out)
{
	struct bb_test_run_opts o = { 0 };
	char buf[64] = { 0 };
	__u32 zero = 0;

	if (bb_program__type(bb_object__find_program(obj, prog)) ==
	    BPF_PROG_TYPE_SOCKET_FILTER) {
		o.data_in = buf;
		o.data_size_in = sizeof(buf);
	}
	ASSERT_EQ(0, bb_prog_test_run(bb_program__fd(
		bb_object__find_program(obj, prog)), &o));
	ASSERT_EQ(0, bb_map_lookup_elem(bb_map__fd(bb_object__find_map(obj,
		".bss")), &zero, out, 0));
}

TEST(kconfig_values_are_the_kernels)
{
	char hz[64], jit[64], host[64];
	unsigned int a, b, c;
	struct bb_object *obj;
	struct utsname u;
	__u64 out[OUT_NR];
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("externs", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	run(_metadata, obj, "uses_kconfig", out);
	uname(&u);
	ASSERT_EQ(3, sscanf(u.release, "%u.%u.%u", &a, &b, &c));
	EXPECT_EQ(a << 16 | b << 8 | (c > 255 ? 255 : c), out[OUT_VERSION]);
	EXPECT_EQ(1, out[OUT_BPF_SYSCALL]);
	kernel_config("CONFIG_HZ", hz, sizeof(hz));
	EXPECT_EQ(strtoull(hz, NULL, 0), out[OUT_HZ]);
	kernel_config("CONFIG_BPF_JIT", jit, sizeof(jit));
	EXPECT_EQ(jit[0] == 'y' ? 1 : jit[0] == 'm' ? 2 : 0, out[OUT_JIT]);
	kernel_config("CONFIG_DEFAULT_HOSTNAME", host, sizeof(host));
	EXPECT_EQ(host[0] == '"' ? host[1] : 0, out[OUT_HOSTNAME0]);
	EXPECT_EQ(0, out[OUT_MISSING]);		/* __weak, unknown */
	bb_object__close(obj);
}

TEST(ksyms_addresses_and_kfuncs)
{
	struct bb_object *obj;
	__u64 out[OUT_NR];
	struct bb_test_msgs m;

	ASSERT_EQ(0, bb_test_open_msgs("externs", &m, &obj));
	ASSERT_EQ(0, bb_object__load(obj)) TH_LOG("%s", m.text);
	run(_metadata, obj, "uses_addresses", out);
	EXPECT_EQ(kallsyms_addr("bpf_check"), out[OUT_BPF_CHECK]);
	EXPECT_NE(0, out[OUT_BPF_CHECK]);
	EXPECT_EQ(0, out[OUT_NO_VAR]);		/* __weak, unknown */
	/* the kernel checked both kfunc calls' BTF ids and prototypes */
	run(_metadata, obj, "uses_kfunc", out);
	EXPECT_EQ(0, out[OUT_NO_KFUNC]);	/* __weak, unknown */
	bb_object__close(obj);
}

/*
 * A typed variable: the loader names it by BTF id, and the kernel needs
 * its address, which /proc/kallsyms lists for data only with
 * CONFIG_KALLSYMS_ALL.
 */
TEST(typed_ksym_reaches_the_kernel)
{
	struct bb_object *obj;
	struct bb_test_msgs m;
	int err;

	ASSERT_EQ(0, bb_test_open_msgs("externs", &m, &obj));
	bb_program__set_autoload(bb_object__find_program(obj, "uses_ksym"),
				 true);
	err = bb_object__load(obj);
	if (kallsyms_addr("bpf_prog_active")) {
		EXPECT_EQ(0, err) TH_LOG("%s", m.text);
	} else {
		EXPECT_EQ(-ENOENT, err);
		EXPECT_NE(NULL, strstr(m.text, "kernel symbol 'bpf_prog_active'"))
			TH_LOG("%s", m.text);
	}
	bb_object__close(obj);
}

TEST(strong_missing_externs_fail_by_name)
{
	static const char *const objs[] = { "externs_no_option",
					    "externs_no_kfunc" };
	static const char *const names[] = { "CONFIG_BB_NO_SUCH_OPTION",
					     "bb_no_such_kfunc" };
	struct bb_object *obj;
	struct bb_test_msgs m;
	int i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, bb_test_open_msgs(objs[i], &m, &obj));
		EXPECT_GT(0, bb_object__prepare(obj));
		EXPECT_NE(NULL, strstr(m.text, names[i])) TH_LOG("%s", m.text);
		bb_object__close(obj);
	}
}

TEST_HARNESS_MAIN
