// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_sys.c - one thin wrapper per bpf(2) command; see bpf_sys.h.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "bpf_sys.h"

#define ptr_to_u64(p)	((__u64)(unsigned long)(p))

static int sys_bpf(enum bpf_cmd cmd, union bpf_attr *attr)
{
	long ret = syscall(__NR_bpf, cmd, attr, sizeof(*attr));

	return ret < 0 ? -errno : (int)ret;
}

/* Kernel object names: at most BPF_OBJ_NAME_LEN - 1 bytes, NUL-padded. */
static void copy_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name)
{
	if (name)
		strncpy(dst, name, BPF_OBJ_NAME_LEN - 1);
}

int bb_map_create(enum bpf_map_type type, const char *name, __u32 key_size,
		  __u32 value_size, __u32 max_entries,
		  const struct bb_map_create_opts *opts)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	copy_obj_name(attr.map_name, name);
	if (opts) {
		attr.map_flags = opts->map_flags;
		attr.numa_node = opts->numa_node;
		attr.btf_fd = opts->btf_fd;
		attr.btf_key_type_id = opts->btf_key_type_id;
		attr.btf_value_type_id = opts->btf_value_type_id;
		attr.inner_map_fd = opts->inner_map_fd;
		attr.map_extra = opts->map_extra;
		attr.btf_vmlinux_value_type_id =
			opts->btf_vmlinux_value_type_id;
	}
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int map_elem_cmd(enum bpf_cmd cmd, int fd, const void *key,
			const void *value, __u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr_to_u64(key);
	attr.value = ptr_to_u64(value);
	attr.flags = flags;
	return sys_bpf(cmd, &attr);
}

int bb_map_lookup_elem(int fd, const void *key, void *value, __u64 flags)
{
	return map_elem_cmd(BPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

int bb_map_update_elem(int fd, const void *key, const void *value,
		       __u64 flags)
{
	return map_elem_cmd(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

int bb_map_delete_elem(int fd, const void *key)
{
	return map_elem_cmd(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0);
}

int bb_map_get_next_key(int fd, const void *key, void *next_key)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = ptr_to_u64(key);
	attr.next_key = ptr_to_u64(next_key);
	return sys_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
}

int bb_map_freeze(int fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	return sys_bpf(BPF_MAP_FREEZE, &attr);
}

/*
 * The batch commands report how many elements they handled in
 * attr.batch.count even when they fail part way (for example -ENOENT at
 * the end of a lookup), so the count is always copied back.
 */
static int map_batch_cmd(enum bpf_cmd cmd, int fd, void *in_batch,
			 void *out_batch, const void *keys, const void *values,
			 __u32 *count, __u64 elem_flags)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.batch.map_fd = fd;
	attr.batch.in_batch = ptr_to_u64(in_batch);
	attr.batch.out_batch = ptr_to_u64(out_batch);
	attr.batch.keys = ptr_to_u64(keys);
	attr.batch.values = ptr_to_u64(values);
	attr.batch.count = *count;
	attr.batch.elem_flags = elem_flags;
	ret = sys_bpf(cmd, &attr);
	*count = attr.batch.count;
	return ret;
}

int bb_map_lookup_batch(int fd, void *in_batch, void *out_batch, void *keys,
			void *values, __u32 *count, __u64 elem_flags)
{
	return map_batch_cmd(BPF_MAP_LOOKUP_BATCH, fd, in_batch, out_batch,
			     keys, values, count, elem_flags);
}

int bb_map_lookup_and_delete_batch(int fd, void *in_batch, void *out_batch,
				   void *keys, void *values, __u32 *count,
				   __u64 elem_flags)
{
	return map_batch_cmd(BPF_MAP_LOOKUP_AND_DELETE_BATCH, fd, in_batch,
			     out_batch, keys, values, count, elem_flags);
}

int bb_map_update_batch(int fd, const void *keys, const void *values,
			__u32 *count, __u64 elem_flags)
{
	return map_batch_cmd(BPF_MAP_UPDATE_BATCH, fd, NULL, NULL, keys,
			     values, count, elem_flags);
}

int bb_map_delete_batch(int fd, const void *keys, __u32 *count,
			__u64 elem_flags)
{
	return map_batch_cmd(BPF_MAP_DELETE_BATCH, fd, NULL, NULL, keys, NULL,
			     count, elem_flags);
}

/*
 * Linux 6.4 reports the size the whole verifier log needs in
 * log_true_size, the word after core_relo_cnt. The UAPI headers of older
 * distributions do not name it yet, so it is read at that offset.
 */
#define LOG_TRUE_SIZE_OFF	(offsetof(union bpf_attr, core_relo_cnt) + \
				 sizeof(__u32))

int bb_prog_load(enum bpf_prog_type type, const char *name,
		 const char *license, const struct bpf_insn *insns,
		 __u32 insn_cnt, struct bb_prog_load_opts *opts)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = ptr_to_u64(insns);
	attr.insn_cnt = insn_cnt;
	attr.license = ptr_to_u64(license);
	copy_obj_name(attr.prog_name, name);
	if (opts) {
		attr.expected_attach_type = opts->expected_attach_type;
		attr.kern_version = opts->kern_version;
		attr.prog_flags = opts->prog_flags;
		attr.prog_ifindex = opts->prog_ifindex;
		attr.attach_btf_id = opts->attach_btf_id;
		attr.attach_btf_obj_fd = opts->attach_btf_obj_fd;
		attr.prog_btf_fd = opts->btf_fd;
		attr.func_info = ptr_to_u64(opts->func_info);
		attr.func_info_cnt = opts->func_info_cnt;
		attr.func_info_rec_size = opts->func_info_cnt ?
			sizeof(struct bpf_func_info) : 0;
		attr.line_info = ptr_to_u64(opts->line_info);
		attr.line_info_cnt = opts->line_info_cnt;
		attr.line_info_rec_size = opts->line_info_cnt ?
			sizeof(struct bpf_line_info) : 0;
		attr.log_buf = ptr_to_u64(opts->log_buf);
		attr.log_size = opts->log_size;
		attr.log_level = opts->log_level;
	}
	ret = sys_bpf(BPF_PROG_LOAD, &attr);
	if (opts)
		memcpy(&opts->log_true_size, (char *)&attr + LOG_TRUE_SIZE_OFF,
		       sizeof(opts->log_true_size));
	return ret;
}

int bb_prog_test_run(int prog_fd, struct bb_test_run_opts *opts)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = prog_fd;
	attr.test.data_in = ptr_to_u64(opts->data_in);
	attr.test.data_size_in = opts->data_size_in;
	attr.test.data_out = ptr_to_u64(opts->data_out);
	attr.test.data_size_out = opts->data_size_out;
	attr.test.ctx_in = ptr_to_u64(opts->ctx_in);
	attr.test.ctx_size_in = opts->ctx_size_in;
	attr.test.ctx_out = ptr_to_u64(opts->ctx_out);
	attr.test.ctx_size_out = opts->ctx_size_out;
	attr.test.repeat = opts->repeat;
	attr.test.flags = opts->flags;
	attr.test.cpu = opts->cpu;
	attr.test.batch_size = opts->batch_size;
	ret = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	opts->data_size_out = attr.test.data_size_out;
	opts->ctx_size_out = attr.test.ctx_size_out;
	opts->retval = attr.test.retval;
	opts->duration = attr.test.duration;
	return ret;
}

int bb_btf_load(const void *data, __u32 size, char *log_buf, __u32 log_size,
		__u32 log_level)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.btf = ptr_to_u64(data);
	attr.btf_size = size;
	attr.btf_log_buf = ptr_to_u64(log_buf);
	attr.btf_log_size = log_size;
	attr.btf_log_level = log_level;
	return sys_bpf(BPF_BTF_LOAD, &attr);
}

int bb_obj_pin(int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr_to_u64(path);
	attr.bpf_fd = fd;
	return sys_bpf(BPF_OBJ_PIN, &attr);
}

int bb_obj_get(const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = ptr_to_u64(path);
	return sys_bpf(BPF_OBJ_GET, &attr);
}

int bb_obj_get_info_by_fd(int fd, void *info, __u32 *info_len)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = *info_len;
	attr.info.info = ptr_to_u64(info);
	ret = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
	*info_len = attr.info.info_len;
	return ret;
}

static int get_fd_by_id(enum bpf_cmd cmd, __u32 id)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_id = id;	/* shares storage with map_id */
	return sys_bpf(cmd, &attr);
}

int bb_prog_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_PROG_GET_FD_BY_ID, id);
}

int bb_map_get_fd_by_id(__u32 id)
{
	return get_fd_by_id(BPF_MAP_GET_FD_BY_ID, id);
}

int bb_prog_get_next_id(__u32 start_id, __u32 *next_id)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.start_id = start_id;
	ret = sys_bpf(BPF_PROG_GET_NEXT_ID, &attr);
	if (!ret)
		*next_id = attr.next_id;
	return ret;
}

int bb_link_create(int prog_fd, int target_fd, enum bpf_attach_type type,
		   __u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = prog_fd;
	attr.link_create.target_fd = target_fd;
	attr.link_create.attach_type = type;
	attr.link_create.flags = flags;
	return sys_bpf(BPF_LINK_CREATE, &attr);
}

int bb_raw_tracepoint_open(const char *name, int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = ptr_to_u64(name);
	attr.raw_tracepoint.prog_fd = prog_fd;
	return sys_bpf(BPF_RAW_TRACEPOINT_OPEN, &attr);
}

/*
 * Returns an fd; while it is open the kernel counts run_cnt and
 * run_time_ns of every program (BPF_OBJ_GET_INFO_BY_FD reports them).
 */
int bb_enable_stats(enum bpf_stats_type type)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.enable_stats.type = type;
	return sys_bpf(BPF_ENABLE_STATS, &attr);
}

/*
 * Per-CPU maps hold one value per *possible* CPU, so user space needs
 * this count (not the online count) to size its buffers.
 * /sys/devices/system/cpu/possible reads like "0-3" or "0,2-5".
 */
int bb_num_possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int lo, hi, n, cpus = 0;
	char sep;

	if (!f)
		return -errno;
	for (;;) {
		n = fscanf(f, "%d", &lo);
		if (n != 1)
			break;
		hi = lo;
		n = fscanf(f, "%c", &sep);
		if (n == 1 && sep == '-') {
			if (fscanf(f, "%d", &hi) != 1)
				break;
			n = fscanf(f, "%c", &sep);
		}
		if (hi >= lo)
			cpus += hi - lo + 1;
		if (n != 1 || sep != ',')
			break;
	}
	fclose(f);
	return cpus > 0 ? cpus : -EINVAL;
}
