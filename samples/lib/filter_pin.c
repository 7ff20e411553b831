// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_pin.c - pin the state of a running filter for --status; see
 * filter_pin.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/bpf.h>

#include "barebpf.h"
#include "bpf_sys.h"
#include "filter_pin.h"
#include "xdp_cli.h"

/* The kernel's internal "not supported" (include/linux/errno.h). */
#define BB_ENOTSUPP	524

/* The inode number of our namespace of kind @ns ("net", "pid"). */
static int ns_inode(const char *ns, __u32 *ino)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	if (stat(path, &st))
		return -errno;
	*ino = st.st_ino;
	return 0;
}

int filter_pin_dir(char *buf, size_t len, const char *tool, int ifindex)
{
	__u32 netns = 0;
	int err, n;

	err = ns_inode("net", &netns);
	if (err)
		return err;
	n = snprintf(buf, len, FILTER_PIN_ROOT "/%s/if%d_net%u", tool,
		     ifindex, netns);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int filter_pin_remove_dir(const char *dir)
{
	struct dirent *de;
	int err = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' &&
		    unlinkat(dirfd(d), de->d_name, 0) && !err)
			err = -errno;
	closedir(d);
	if (!err && rmdir(dir))
		err = -errno;
	return err;
}

void filter_pin_clear(struct filter_pin *p, const char *tool)
{
	memset(p, 0, sizeof(*p));
	p->tool = tool;
	p->rules_fd = -1;
	p->info_fd = -1;
	p->counters_fd = -1;
	p->proto_fd = -1;
	p->defaults_fd = -1;
}

static void close_maps(struct filter_pin *p)
{
	if (p->rules_fd >= 0)
		close(p->rules_fd);
	if (p->info_fd >= 0)
		close(p->info_fd);
	p->rules_fd = -1;
	p->info_fd = -1;
}

/* @path made absolute if it fits, for a reader in another directory. */
static void absolute_path(const char *path, char *buf, size_t len)
{
	char cwd[FILTER_PIN_DENY_MAX];
	int n;

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd))) {
		n = snprintf(buf, len, "%s/%s", cwd, path);
		if (n >= 0 && (size_t)n < len)
			return;
	}
	snprintf(buf, len, "%s", path);
}

void filter_pin_init(struct filter_pin *p, const char *deny_path,
		     __u32 limit, bool match_dst, int counters_fd,
		     int proto_fd)
{
	struct filter_pin_info *i = &p->info;
	int err;

	p->counters_fd = counters_fd;
	p->proto_fd = proto_fd;
	snprintf(i->tool, sizeof(i->tool), "%s", p->tool);
	absolute_path(deny_path, i->deny_path, sizeof(i->deny_path));
	i->match_dst = match_dst;
	p->rules_fd = bb_map_create(BPF_MAP_TYPE_ARRAY, "filter_rules",
				    sizeof(__u32), sizeof(struct deny_rule),
				    limit ? limit : 1, NULL);
	p->info_fd = bb_map_create(BPF_MAP_TYPE_ARRAY, "filter_info",
				   sizeof(__u32), sizeof(*i), 1, NULL);
	if (p->rules_fd >= 0 && p->info_fd >= 0)
		return;
	err = p->rules_fd < 0 ? p->rules_fd : p->info_fd;
	fprintf(stderr, "%s: cannot make the maps that show its state: %s; --status will not see this run.\n",
		p->tool, strerror(-err));
	close_maps(p);
}

/* Entries 0..@n-1 of array @fd: one batch, or one by one if need be. */
static int write_rules(int fd, const struct deny_rule *rules, __u32 n)
{
	__u32 *keys, cnt = n, i;
	int err;

	if (!n)
		return 0;
	keys = calloc(n, sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		keys[i] = i;
	err = bb_map_update_batch(fd, keys, rules, &cnt, 0);
	/* Refused outright by a kernel without batch ops for arrays. */
	if (err && !cnt && (err == -EINVAL || err == -EOPNOTSUPP ||
			    err == -BB_ENOTSUPP))
		for (i = 0, err = 0; i < n && !err; i++)
			err = bb_map_update_elem(fd, &keys[i], &rules[i], 0);
	free(keys);
	return err;
}

void filter_pin_rules(struct filter_pin *p, const struct deny_table *t)
{
	__u32 zero = 0;
	int err;

	if (p->rules_fd < 0)
		return;
	err = write_rules(p->rules_fd, t->rules, t->count);
	p->info.nr_rules = t->count;
	if (!err)
		err = bb_map_update_elem(p->info_fd, &zero, &p->info, 0);
	if (err)
		fprintf(stderr, "%s: writing the rules in force for --status failed: %s; it may show others.\n",
			p->tool, strerror(-err));
}

_Static_assert(FILTER_PIN_IFACES == XDP_CLI_MAX_IFACES,
	       "info lists every interface a run may have");

/* Who runs, where, since when: the "info" map, once attached. */
static int describe_run(struct filter_pin *p, const struct xdp_cli *cli)
{
	struct filter_pin_info *i = &p->info;
	struct filter_pin_iface *pi_if;
	struct bpf_prog_info pi;
	__u32 len = sizeof(pi), zero = 0, n;
	struct timespec now;
	int err;

	memset(&pi, 0, sizeof(pi));
	err = bb_obj_get_info_by_fd(cli->prog_fd, &pi, &len);
	if (!err)
		err = ns_inode("pid", &i->pidns);
	if (err)
		return err;
	p->prog_id = pi.id;
	i->pid = getpid();
	i->nr_ifaces = cli->nr_ifaces;
	for (n = 0; n < cli->nr_ifaces; n++) {
		pi_if = &i->ifaces[n];
		pi_if->ifindex = cli->ifaces[n].ifindex;
		snprintf(pi_if->name, sizeof(pi_if->name), "%s",
			 cli->ifaces[n].name);
	}
	clock_gettime(CLOCK_REALTIME, &now);
	i->started_ns = now.tv_sec * 1000000000ULL + now.tv_nsec;
	return bb_map_update_elem(p->info_fd, &zero, i, 0);
}

/* bpffs mounted, and FILTER_PIN_ROOT/TOOL in it. */
static int make_tool_dir(const struct filter_pin *p)
{
	char tool_dir[FILTER_PIN_PATH_MAX];
	int err;

	err = bb_mount_bpffs(FILTER_PIN_MNT);
	if (err)
		return err;
	snprintf(tool_dir, sizeof(tool_dir), FILTER_PIN_ROOT "/%s", p->tool);
	if ((mkdir(FILTER_PIN_ROOT, 0700) && errno != EEXIST) ||
	    (mkdir(tool_dir, 0700) && errno != EEXIST))
		return -errno;
	return 0;
}

/* @dir named for @ifindex, and @tmp (@dir with our pid) made to fill. */
static int make_dir(const struct filter_pin *p, int ifindex, char *dir,
		    char *tmp, size_t len)
{
	int err, n;

	err = filter_pin_dir(dir, FILTER_PIN_PATH_MAX, p->tool, ifindex);
	if (err)
		return err;
	n = snprintf(tmp, len, "%s_%d", dir, getpid());
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return mkdir(tmp, 0700) ? -errno : 0;
}

static int pin_one(const char *dir, const char *name, int fd)
{
	char path[FILTER_PIN_PATH_MAX + 16];

	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return bb_obj_pin(fd, path);
}

static int pin_all(const struct filter_pin *p, const struct xdp_cli *cli,
		   const char *dir)
{
	int err;

	err = pin_one(dir, "prog", cli->prog_fd);
	if (!err)
		err = pin_one(dir, "rule_stats", p->counters_fd);
	if (!err)
		err = pin_one(dir, "rules", p->rules_fd);
	if (!err)
		err = pin_one(dir, "info", p->info_fd);
	if (!err)
		err = pin_one(dir, "proto_stats", p->proto_fd);
	if (!err)
		err = pin_one(dir, "default_stats", p->defaults_fd);
	return err;
}

/*
 * Rename @tmp to @dir. A directory already there is a killed run's, or
 * one of a run we replaced (-F): this interface is ours now.
 */
static int move_into_place(const char *tmp, const char *dir)
{
	int err;

	if (!rename(tmp, dir))
		return 0;
	if (errno != ENOTEMPTY && errno != EEXIST)
		return -errno;
	err = filter_pin_remove_dir(dir);
	if (err)
		return err;
	return rename(tmp, dir) ? -errno : 0;
}

/* The directory of interface @n: filled, then moved into place. */
static void publish_one(struct filter_pin *p, const struct xdp_cli *cli,
			unsigned int n)
{
	char tmp[FILTER_PIN_PATH_MAX], *dir = p->dirs[n];
	int err;

	tmp[0] = '\0';
	err = make_dir(p, cli->ifaces[n].ifindex, dir, tmp, sizeof(tmp));
	if (!err)
		err = pin_all(p, cli, tmp);
	if (!err)
		err = move_into_place(tmp, dir);
	if (!err)
		return;
	fprintf(stderr, "%s: cannot pin its state in %s: %s; --status -i %s will not see this run.\n",
		p->tool, dir[0] ? dir : FILTER_PIN_ROOT, strerror(-err),
		cli->ifaces[n].name);
	if (tmp[0])
		filter_pin_remove_dir(tmp);
	dir[0] = '\0';
}

void filter_pin_publish(struct filter_pin *p, const struct xdp_cli *cli)
{
	unsigned int n;
	int err;

	if (p->info_fd < 0 || cli->prog_fd < 0)
		return;
	err = describe_run(p, cli);
	if (!err)
		err = make_tool_dir(p);
	if (err) {
		fprintf(stderr, "%s: cannot pin its state in %s: %s; --status will not see this run.\n",
			p->tool, FILTER_PIN_ROOT, strerror(-err));
		return;
	}
	for (n = 0; n < cli->nr_ifaces; n++)
		publish_one(p, cli, n);
}

/* Does directory @dir still hold our program, or a successor's? */
static bool still_ours(const struct filter_pin *p, const char *dir)
{
	char path[FILTER_PIN_PATH_MAX + 8];
	struct bpf_prog_info pi;
	__u32 len = sizeof(pi);
	bool ours;
	int fd;

	snprintf(path, sizeof(path), "%s/prog", dir);
	fd = bb_obj_get(path);
	if (fd < 0)
		return false;
	memset(&pi, 0, sizeof(pi));
	ours = !bb_obj_get_info_by_fd(fd, &pi, &len) && pi.id == p->prog_id;
	close(fd);
	return ours;
}

/* Remove @dir if it is still ours, out of sight first. */
static void unpublish_one(const struct filter_pin *p, char *dir)
{
	char tmp[FILTER_PIN_PATH_MAX + 16];
	int err;

	if (dir[0] && still_ours(p, dir)) {
		/* A reader finds all of it or nothing. */
		snprintf(tmp, sizeof(tmp), "%s_%d", dir, getpid());
		err = filter_pin_remove_dir(rename(dir, tmp) ? dir : tmp);
		if (err)
			fprintf(stderr, "%s: cannot remove %s: %s.\n", p->tool,
				dir, strerror(-err));
	}
	dir[0] = '\0';
}

void filter_pin_end(struct filter_pin *p)
{
	unsigned int n;

	for (n = 0; n < FILTER_PIN_IFACES; n++)
		unpublish_one(p, p->dirs[n]);
	close_maps(p);
}
