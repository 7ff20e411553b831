/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * openfiles_ktypes.bpf.h - the kernel's own structures openfiles.bpf.c
 * reads, declared with only the fields it uses.
 *
 * None of these is UAPI: their layout changes between kernel versions
 * and configurations. Each is marked preserve_access_index, so clang
 * records every access to them in .BTF.ext and the loader moves it to
 * the offset the running kernel's BTF gives for the field of that name
 * (CO-RE). A field nested in an anonymous union in the kernel (qstr.len,
 * io_kiocb.cmd) is found by name all the same. Declared here, a struct
 * needs no vmlinux.h, and a reader sees exactly what the program reads.
 */
#ifndef OPENFILES_KTYPES_BPF_H
#define OPENFILES_KTYPES_BPF_H

#define PAI	__attribute__((preserve_access_index))

typedef struct {
	int counter;
} atomic_t;

/* ---- a task and what it has open ------------------------------------ */

struct signal_struct {
	atomic_t live;		/* threads that have not started exiting */
} PAI;

struct vfsmount {
	struct dentry *mnt_root;
} PAI;

/* The mount a struct vfsmount is embedded in (fs/mount.h). */
struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
} PAI;

struct qstr {
	__u32 len;
	const unsigned char *name;
} PAI;

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
} PAI;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} PAI;

struct file {
	struct path f_path;
} PAI;

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} PAI;

struct files_struct {
	struct fdtable *fdt;
} PAI;

struct fs_struct {
	struct path root;
	struct path pwd;
} PAI;

struct task_struct {
	struct signal_struct *signal;
	struct fs_struct *fs;
	struct files_struct *files;
} PAI;

/* ---- an io_uring open request --------------------------------------- */

struct filename {
	const char *name;	/* the kernel's copy of the user's path */
} PAI;

struct io_open {
	int dfd;
	__u32 file_slot;
	struct filename *filename;
	struct {
		__u64 flags;
	} how;
} PAI;

struct io_cmd_data {
	__u64 data[8];
} PAI;

struct io_kiocb {
	struct io_cmd_data cmd;	/* for an open, a struct io_open */
} PAI;

#undef PAI

#endif /* OPENFILES_KTYPES_BPF_H */
