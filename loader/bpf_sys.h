/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bpf_sys.h - one thin wrapper per bpf(2) command.
 *
 * Each wrapper zeroes the whole union bpf_attr (the kernel rejects
 * non-zero bytes past the fields a command knows), fills in what the
 * command needs and returns the syscall's result or -errno. Nothing here
 * prints or keeps state: these are the building blocks the rest of the
 * loader, the samples and the tests use directly.
 */
#ifndef BB_BPF_SYS_H
#define BB_BPF_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

/**
 * struct bb_map_create_opts - arguments of BPF_MAP_CREATE beyond the basics
 * @map_flags:		BPF_F_* flags (BPF_F_NO_PREALLOC, BPF_F_RDONLY_PROG, ...)
 * @numa_node:		NUMA node, used only if BPF_F_NUMA_NODE is in @map_flags
 * @btf_fd:		BTF object describing key and value, or 0
 * @btf_key_type_id:	BTF type id of the key (0: none)
 * @btf_value_type_id:	BTF type id of the value (0: none)
 * @inner_map_fd:	template map for map-in-map types
 * @map_extra:		bloom filter hash count, arena address, ...
 * @btf_vmlinux_value_type_id: struct_ops: the kernel's value type
 */
struct bb_map_create_opts {
	__u32 map_flags;
	__u32 numa_node;
	int btf_fd;
	__u32 btf_key_type_id;
	__u32 btf_value_type_id;
	int inner_map_fd;
	__u64 map_extra;
	__u32 btf_vmlinux_value_type_id;
};

/**
 * struct bb_prog_load_opts - arguments of BPF_PROG_LOAD beyond the basics
 * @expected_attach_type: enum bpf_attach_type the program will attach as
 * @kern_version:	value of the "version" section (kprobes on old kernels)
 * @prog_flags:		BPF_F_* load flags
 * @prog_ifindex:	device for offloaded programs, else 0
 * @attach_btf_id:	BTF id of the attach target (tp_btf, fentry, ...)
 * @attach_btf_obj_fd:	BTF object holding @attach_btf_id, 0 for vmlinux
 * @btf_fd:		program BTF, needed for func_info and line_info
 * @func_info:		array of struct bpf_func_info (insn_off in insns)
 * @func_info_cnt:	entries in @func_info
 * @line_info:		array of struct bpf_line_info (insn_off in insns)
 * @line_info_cnt:	entries in @line_info
 * @log_buf:		verifier log buffer, or NULL
 * @log_size:		size of @log_buf
 * @log_level:		verifier log level (1: per-insn on failure, 2: all)
 * @log_true_size:	out: bytes the whole log needs (Linux 6.4+, else 0)
 */
struct bb_prog_load_opts {
	__u32 expected_attach_type;
	__u32 kern_version;
	__u32 prog_flags;
	__u32 prog_ifindex;
	__u32 attach_btf_id;
	int attach_btf_obj_fd;
	int btf_fd;
	const void *func_info;
	__u32 func_info_cnt;
	const void *line_info;
	__u32 line_info_cnt;
	char *log_buf;
	__u32 log_size;
	__u32 log_level;
	__u32 log_true_size;
};

/**
 * struct bb_test_run_opts - BPF_PROG_TEST_RUN input and output
 * @data_in:	packet (or other input) the program sees
 * @data_size_in: bytes in @data_in
 * @data_out:	where the kernel copies the (possibly modified) packet
 * @data_size_out: in: room in @data_out; out: bytes written
 * @ctx_in:	context (struct xdp_md, struct __sk_buff, ...) or NULL
 * @ctx_size_in: bytes in @ctx_in
 * @ctx_out:	where the kernel copies the context after the run
 * @ctx_size_out: in: room in @ctx_out; out: bytes written
 * @repeat:	number of runs (0 means 1)
 * @flags:	BPF_F_TEST_* flags
 * @cpu:	CPU to run on with BPF_F_TEST_RUN_ON_CPU
 * @batch_size:	frames per batch with BPF_F_TEST_XDP_LIVE_FRAMES
 * @retval:	out: the program's return value (of the last run)
 * @duration:	out: average run time in nanoseconds
 */
struct bb_test_run_opts {
	const void *data_in;
	__u32 data_size_in;
	void *data_out;
	__u32 data_size_out;
	const void *ctx_in;
	__u32 ctx_size_in;
	void *ctx_out;
	__u32 ctx_size_out;
	__u32 repeat;
	__u32 flags;
	__u32 cpu;
	__u32 batch_size;
	__u32 retval;
	__u32 duration;
};

int bb_map_create(enum bpf_map_type type, const char *name, __u32 key_size,
		  __u32 value_size, __u32 max_entries,
		  const struct bb_map_create_opts *opts);
int bb_map_lookup_elem(int fd, const void *key, void *value, __u64 flags);
int bb_map_update_elem(int fd, const void *key, const void *value,
		       __u64 flags);
int bb_map_delete_elem(int fd, const void *key);
int bb_map_get_next_key(int fd, const void *key, void *next_key);
int bb_map_freeze(int fd);
int bb_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys,
			void *values, __u32 *count, __u64 elem_flags);
int bb_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
				   void *keys, void *values, __u32 *count,
				   __u64 elem_flags);
int bb_map_update_batch(int fd, const void *keys, const void *values,
			__u32 *count, __u64 elem_flags);
int bb_map_delete_batch(int fd, const void *keys, __u32 *count,
			__u64 elem_flags);

int bb_prog_load(enum bpf_prog_type type, const char *name,
		 const char *license, const struct bpf_insn *insns,
		 __u32 insn_cnt, struct bb_prog_load_opts *opts);
int bb_prog_test_run(int prog_fd, struct bb_test_run_opts *opts);

int bb_btf_load(const void *data, __u32 size, char *log_buf, __u32 log_size,
		__u32 log_level);

int bb_obj_pin(int fd, const char *path);
int bb_obj_get(const char *path);
int bb_obj_get_info_by_fd(int fd, void *info, __u32 *info_len);
int bb_prog_get_fd_by_id(__u32 id);
int bb_map_get_fd_by_id(__u32 id);
int bb_prog_get_next_id(__u32 start_id, __u32 *next_id);

int bb_link_create(int prog_fd, int target_fd, enum bpf_attach_type type,
		   __u32 flags);
int bb_raw_tracepoint_open(const char *name, int prog_fd);

int bb_enable_stats(enum bpf_stats_type type);

int bb_num_possible_cpus(void);

#endif /* BB_BPF_SYS_H */
