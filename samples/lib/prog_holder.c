// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * prog_holder.c - is a BPF program still held by a running process? See
 * prog_holder.h.
 *
 * /proc/PID/fd/N of a BPF program reads "anon_inode:bpf-prog", and
 * /proc/PID/fdinfo/N then names it: "prog_id:\t42".
 */
#include <ctype.h>
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "prog_holder.h"

/* The initial pid namespace's inode number (PROC_PID_INIT_INO). */
#define INIT_PID_NS_INO	0xEFFFFFFCU

/* Does fd @fd of @pid hold program @prog_id? */
static bool fd_holds(const char *pid, const char *fd, __u32 prog_id)
{
	char path[600], target[32], line[64];
	unsigned int id;
	bool found = false;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	if (strcmp(target, "anon_inode:bpf-prog"))
		return false;
	snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid, fd);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "prog_id: %u", &id) == 1 && id == prog_id;
	fclose(f);
	return found;
}

/* Does process @pid hold program @prog_id? */
static bool pid_holds(const char *pid, __u32 prog_id)
{
	char path[300];
	struct dirent *de;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	if (!d)
		return false;	/* gone, or a kernel thread */
	while (!found && (de = readdir(d)))
		found = de->d_name[0] != '.' && fd_holds(pid, de->d_name,
							  prog_id);
	closedir(d);
	return found;
}

static void read_comm(pid_t pid, char *comm, size_t len)
{
	char path[300];
	FILE *f;

	comm[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

pid_t bpf_prog_holder(__u32 prog_id, char *comm, size_t len)
{
	struct dirent *de;
	pid_t self = getpid(), pid = 0;
	struct stat st;
	DIR *d;

	if (stat("/proc/self/ns/pid", &st) || st.st_ino != INIT_PID_NS_INO)
		return -EPERM;
	d = opendir("/proc");
	if (!d)
		return -errno;
	while (!pid && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]) ||
		    atoi(de->d_name) == self)
			continue;
		if (pid_holds(de->d_name, prog_id))
			pid = atoi(de->d_name);
	}
	closedir(d);
	if (pid > 0)
		read_comm(pid, comm, len);
	return pid;
}

bool bpf_prog_held_by(pid_t pid, __u32 prog_id)
{
	char name[16];

	snprintf(name, sizeof(name), "%d", pid);
	return pid > 0 && pid_holds(name, prog_id);
}
