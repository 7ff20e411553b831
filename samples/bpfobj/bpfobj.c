// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpfobj - look inside a BPF ELF object, load it, run its programs.
 *
 *   bpfobj info OBJ                 sections, programs, maps, relocations
 *   bpfobj check OBJ [--btf FILE]   would it load exactly? (no privileges)
 *   bpfobj core OBJ [--btf FILE]    each CO-RE relocation, worked out
 *   bpfobj load OBJ [--pin DIR]     load everything, print kernel ids
 *   bpfobj run OBJ PROG --data FILE [--repeat N] [--shared]
 *                                   BPF_PROG_TEST_RUN on FILE's bytes
 *
 * A learning and debugging front end to the barebpf loader: everything
 * it prints comes from the loader's public API.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "barebpf.h"

#define MAX_PACKET	(1 << 16)
/* The kernel's own "not supported", which it returns as is (no libc name). */
#define KERNEL_ENOTSUPP	524

/* libbpf's names for the program and map types, by enum value. */
static const char *const prog_types[] = {
	"unspec", "socket_filter", "kprobe", "sched_cls", "sched_act",
	"tracepoint", "xdp", "perf_event", "cgroup_skb", "cgroup_sock",
	"lwt_in", "lwt_out", "lwt_xmit", "sock_ops", "sk_skb",
	"cgroup_device", "sk_msg", "raw_tracepoint", "cgroup_sock_addr",
	"lwt_seg6local", "lirc_mode2", "sk_reuseport", "flow_dissector",
	"cgroup_sysctl", "raw_tracepoint_writable", "cgroup_sockopt",
	"tracing", "struct_ops", "ext", "lsm", "sk_lookup", "syscall",
};

static const char *const map_types[] = {
	"unspec", "hash", "array", "prog_array", "perf_event_array",
	"percpu_hash", "percpu_array", "stack_trace", "cgroup_array",
	"lru_hash", "lru_percpu_hash", "lpm_trie", "array_of_maps",
	"hash_of_maps", "devmap", "sockmap", "cpumap", "xskmap", "sockhash",
	"cgroup_storage", "reuseport_sockarray", "percpu_cgroup_storage",
	"queue", "stack", "sk_storage", "devmap_hash", "struct_ops",
	"ringbuf", "inode_storage", "task_storage", "bloom_filter",
	"user_ringbuf", "cgrp_storage",
};

#define NAME_OF(table, i) \
	((size_t)(i) < sizeof(table) / sizeof(table[0]) ? table[i] : "unknown")

static const char *prog_type_name(enum bpf_prog_type t)
{
	return NAME_OF(prog_types, t);
}

static const char *map_type_name(enum bpf_map_type t)
{
	return NAME_OF(map_types, t);
}

static const char *xdp_action_name(__u32 ret)
{
	static const char *const names[] = {
		"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"
	};

	return ret < sizeof(names) / sizeof(names[0]) ? names[ret] : NULL;
}

static const char *reloc_kind_name(enum bb_reloc_kind k)
{
	switch (k) {
	case BB_RELOC_MAP_FD: return "map";
	case BB_RELOC_MAP_VALUE: return "global data";
	case BB_RELOC_CALL: return "call";
	case BB_RELOC_FUNC: return "func address";
	case BB_RELOC_EXTERN: return "extern";
	}
	return "?";
}

static void print_program(const struct bb_program *prog)
{
	const struct bb_reloc_info *r;
	size_t i;

	printf("  %-24s %-16s %-40s %5zu insns%s\n", bb_program__name(prog),
	       prog_type_name(bb_program__type(prog)),
	       bb_program__section(prog), bb_program__insn_count(prog),
	       bb_program__section(prog)[0] == '?' ?
	       " (not loaded by default)" : "");
	if (bb_program__core_relo_count(prog))
		printf("    %zu CO-RE relocations (bpfobj core shows them)\n",
		       bb_program__core_relo_count(prog));
	for (i = 0; i < bb_program__reloc_count(prog); i++) {
		r = bb_program__reloc(prog, i);
		printf("    insn %-5u %-12s -> ", r->insn_idx,
		       reloc_kind_name(r->kind));
		if (r->kind == BB_RELOC_EXTERN)
			printf("%s (%s)", r->sym_name, r->target);
		else
			printf("%s", r->target);
		if (r->kind == BB_RELOC_MAP_VALUE)
			printf("+%u", r->offset);
		printf("\n");
	}
}

static void print_sections(const struct bb_object *obj)
{
	struct bb_section_info si;
	size_t i;

	printf("sections (name, size, what the loader does with it):\n");
	for (i = 0; bb_object__section(obj, i, &si) == 0; i++)
		printf("  %-28s %8llu  %s\n", si.name,
		       (unsigned long long)si.size, si.role);
}

static int cmd_info(struct bb_object *obj)
{
	const struct bb_map *map;
	size_t i;

	printf("object %s: license \"%s\", %zu programs, %zu maps\n",
	       bb_object__name(obj), bb_object__license(obj),
	       bb_object__program_count(obj), bb_object__map_count(obj));
	print_sections(obj);
	printf("programs (name, type, section, size; relocations below):\n");
	for (i = 0; i < bb_object__program_count(obj); i++)
		print_program(bb_object__program(obj, i));
	printf("maps (name, type, key, value, max entries, flags, section, pinning):\n");
	for (i = 0; i < bb_object__map_count(obj); i++) {
		map = bb_object__map(obj, i);
		printf("  %-24s %-16s %5u %6u %8u  0x%x  %s  %s\n",
		       bb_map__name(map), map_type_name(bb_map__type(map)),
		       bb_map__key_size(map), bb_map__value_size(map),
		       bb_map__max_entries(map), bb_map__flags(map),
		       bb_map__section(map),
		       bb_map__pinning(map) == BB_PIN_BY_NAME ? "by name" : "none");
	}
	return 0;
}

static __u32 fd_id(int fd)
{
	struct bpf_prog_info info;	/* id comes first in map info too */
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (fd < 0 || bb_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

static int cmd_load(struct bb_object *obj, const char *pin_dir)
{
	size_t i;
	int err;

	err = bb_object__load(obj);
	if (err)
		return err;
	for (i = 0; i < bb_object__program_count(obj); i++) {
		struct bb_program *p = bb_object__program(obj, i);

		printf("program %s id %u\n", bb_program__name(p),
		       fd_id(bb_program__fd(p)));
	}
	for (i = 0; i < bb_object__map_count(obj); i++) {
		struct bb_map *m = bb_object__map(obj, i);
		const char *pinned;
		bool reused;

		printf("map %s id %u", bb_map__name(m), fd_id(bb_map__fd(m)));
		pinned = bb_map__pin_path(m, &reused);
		if (pinned)
			printf(", pinned by name at %s (%s)", pinned,
			       reused ? "already there: reused" : "new");
		printf("\n");
	}
	if (pin_dir) {
		err = bb_object__pin(obj, pin_dir);
		if (!err)
			printf("pinned under %s\n", pin_dir);
	}
	return err;
}

/*
 * The CO-RE view: for each relocation, what the object's types say, what
 * the kernel's say, and the value the instruction gets.
 */
static int cmd_core(struct bb_object *obj)
{
	const struct bb_core_result *r;
	int err = bb_object__prepare(obj);
	size_t i, n;

	if (err)
		return err;
	n = bb_object__core_result_count(obj);
	printf("%zu CO-RE relocations\n", n);
	for (i = 0; i < n; i++) {
		r = bb_object__core_result(obj, i);
		printf("%s, insn %u of %s: %s\n", r->func, r->insn_idx,
		       r->section, r->kind);
		printf("  object: %s\n", r->local);
		if (r->target[0])
			printf("  kernel: %s (%u candidate%s)\n", r->target,
			       r->nr_cands, r->nr_cands == 1 ? "" : "s");
		else
			printf("  kernel: no match among %u candidate%s\n",
			       r->nr_cands, r->nr_cands == 1 ? "" : "s");
		if (r->poisoned)
			printf("  value:  %llu -> poisoned (fails if reached)\n",
			       (unsigned long long)r->orig_val);
		else
			printf("  value:  %llu -> %llu\n",
			       (unsigned long long)r->orig_val,
			       (unsigned long long)r->new_val);
	}
	return 0;
}

/* Everything bb_object__load() does before its first bpf(2) call. */
static int cmd_check(struct bb_object *obj)
{
	int err = bb_object__prepare(obj);

	if (!err)
		printf("%s: the loader applies everything this object asks for.\n",
		       bb_object__name(obj));
	return err;
}

static int read_data(const char *path, void *buf, __u32 *len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bpfobj: cannot open data file %s: %s.\n",
			path, strerror(errno));
		return -errno;
	}
	n = read(fd, buf, MAX_PACKET);
	close(fd);
	if (n < 0) {
		fprintf(stderr, "bpfobj: cannot read data file %s: %s.\n",
			path, strerror(errno));
		return -EIO;
	}
	*len = n;
	return 0;
}

/* Why BPF_PROG_TEST_RUN refused, in the terms a user can act on. */
static void explain_test_run_error(const struct bb_program *prog,
				   __u32 size, int err)
{
	enum bpf_prog_type type = bb_program__type(prog);
	const char *name = bb_program__name(prog);
	bool packet = type == BPF_PROG_TYPE_XDP ||
		      type == BPF_PROG_TYPE_SCHED_CLS ||
		      type == BPF_PROG_TYPE_SCHED_ACT ||
		      type == BPF_PROG_TYPE_SOCKET_FILTER ||
		      type == BPF_PROG_TYPE_CGROUP_SKB;

	if (err == -KERNEL_ENOTSUPP || err == -EOPNOTSUPP)
		fprintf(stderr, "bpfobj: %s is of type %s, which the kernel cannot test-run (BPF_PROG_TEST_RUN has no runner for it).\n",
			name, prog_type_name(type));
	else if (err == -EINVAL && packet && size < 14)
		fprintf(stderr, "bpfobj: the data is %u bytes; %s (type %s) runs on packets, which start with a 14-byte Ethernet header.\n",
			size, name, prog_type_name(type));
	else
		fprintf(stderr, "bpfobj: BPF_PROG_TEST_RUN of %s failed: %s.\n",
			name, bb_strerror(err));
}

/*
 * A test run gets maps of its own: a map the object pins by name would
 * otherwise be one that a running tool (an xdp-filter, say) uses too, and
 * the run would read and change its state. --shared keeps the pinning.
 */
static void make_maps_private(struct bb_object *obj)
{
	size_t i;

	for (i = 0; i < bb_object__map_count(obj); i++)
		bb_map__set_pinning(bb_object__map(obj, i), BB_PIN_NONE);
}

static int cmd_run(struct bb_object *obj, const char *name,
		   const char *data_path, __u32 repeat, bool shared)
{
	struct bb_test_run_opts o = { .repeat = repeat };
	static char in[MAX_PACKET], out[MAX_PACKET + 256];
	struct bb_program *prog;
	const char *action;
	int err;

	prog = bb_object__find_program(obj, name);
	if (!prog) {
		fprintf(stderr, "bpfobj: program %s is not in %s.\n", name,
			bb_object__name(obj));
		return -ENOENT;
	}
	err = read_data(data_path, in, &o.data_size_in);
	if (err)
		return err;
	if (!shared)
		make_maps_private(obj);
	err = bb_object__load(obj);
	if (err)
		return err;
	o.data_in = in;
	o.data_out = out;
	o.data_size_out = sizeof(out);
	err = bb_prog_test_run(bb_program__fd(prog), &o);
	if (err) {
		explain_test_run_error(prog, o.data_size_in, err);
		return err;
	}
	action = bb_program__type(prog) == BPF_PROG_TYPE_XDP ?
		 xdp_action_name(o.retval) : NULL;
	if (action)
		printf("retval %u (%s)\n", o.retval, action);
	else
		printf("retval %u\n", o.retval);
	printf("duration %u ns (average of %u runs)\n", o.duration,
	       repeat ? repeat : 1);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: bpfobj info OBJ\n"
		"       bpfobj check OBJ [--btf FILE]\n"
		"       bpfobj core OBJ [--btf FILE]\n"
		"       bpfobj load OBJ [--pin DIR] [--log]\n"
		"       bpfobj run OBJ PROG --data FILE [--repeat N] [--shared] [--log]\n"
		"\n"
		"Inspect, load and test-run a BPF ELF object with the barebpf loader.\n"
		"  info   list sections' programs, maps and relocations\n"
		"  check  link every program and check the loader applies all the\n"
		"         object asks for, without loading anything (no privileges)\n"
		"  core   show each CO-RE relocation: the object's view, the kernel's\n"
		"         and the value patched in\n"
		"  load   load every map and program; print their kernel ids;\n"
		"         maps the object pins by name are pinned (or reused) under\n"
		"         /sys/fs/bpf, and each says where and which;\n"
		"         --pin DIR pins them in bpffs (they then outlive bpfobj)\n"
		"  run    run PROG once (or N times) with BPF_PROG_TEST_RUN on the\n"
		"         bytes of FILE and print its return value and duration;\n"
		"         its maps are its own, even those the object pins by name,\n"
		"         unless --shared\n"
		"  --log  print the whole verifier log of a rejected program, not\n"
		"         only its last lines\n"
		"  --btf FILE  relocate CO-RE against this kernel BTF (a copy of a\n"
		"         kernel's /sys/kernel/btf/vmlinux) instead of the running one\n"
		"\n"
		"Exit status: 0 success, 1 failure, 2 usage error.\n");
}

static int usage_error(const char *why)
{
	fprintf(stderr, "bpfobj: %s; see bpfobj --help.\n", why);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pin", required_argument, NULL, 'p' },
		{ "data", required_argument, NULL, 'd' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "log", no_argument, NULL, 'l' },
		{ "btf", required_argument, NULL, 'b' },
		{ "shared", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *pin = NULL, *data = NULL, *cmd;
	struct bb_object_opts oopts = { };
	struct bb_object *obj;
	unsigned long repeat = 1;
	bool shared = false;
	char *end;
	int c, err;

	opterr = 0;	/* our own one-line message instead of getopt's */
	while ((c = getopt_long(argc, argv, "p:d:r:lb:sh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			shared = true;
			break;
		case 'b':
			oopts.kernel_btf = optarg;
			break;
		case 'l':
			oopts.log_whole = true;
			break;
		case 'p':
			pin = optarg;
			break;
		case 'd':
			data = optarg;
			break;
		case 'r':
			errno = 0;
			repeat = strtoul(optarg, &end, 0);
			if (errno || *end || !repeat || repeat > UINT32_MAX) {
				fprintf(stderr, "bpfobj: --repeat %s is not a count.\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "bpfobj: option %s is unknown or lacks its argument.\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (argc - optind < 2)
		return usage_error("a command and an object are needed");
	cmd = argv[optind];
	if (strcmp(cmd, "info") && strcmp(cmd, "check") &&
	    strcmp(cmd, "core") && strcmp(cmd, "load") && strcmp(cmd, "run"))
		return usage_error("the command must be info, check, core, load or run");
	if (!strcmp(cmd, "run") && (argc - optind != 3 || !data))
		return usage_error("run needs OBJ, PROG and --data FILE");
	if (strcmp(cmd, "run") && argc - optind != 2)
		return usage_error("too many arguments");
	err = bb_object__open_file(argv[optind + 1], &oopts, &obj);
	if (err)
		return 1;
	if (!strcmp(cmd, "info"))
		err = cmd_info(obj);
	else if (!strcmp(cmd, "check"))
		err = cmd_check(obj);
	else if (!strcmp(cmd, "core"))
		err = cmd_core(obj);
	else if (!strcmp(cmd, "load"))
		err = cmd_load(obj, pin);
	else
		err = cmd_run(obj, argv[optind + 2], data, repeat, shared);
	bb_object__close(obj);
	return err ? 1 : 0;
}
