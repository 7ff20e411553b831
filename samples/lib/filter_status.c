// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_status.c - the status of a running filter from another shell;
 * see filter_status.h. Everything is read from the pins of filter_pin.c:
 * the running tool is not asked anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/bpf.h>

#include "bpf_sys.h"
#include "deny_table.h"
#include "escape.h"
#include "filter_pin.h"
#include "filter_status.h"
#include "prog_holder.h"
#include "proto_report.h"
#include "wallclock.h"
#include "xdp_cli.h"

/**
 * struct status - what one --status found
 * @tool:	the tool asked about
 * @cli:	the command line
 * @ifc:	its one -i, resolved
 * @dir:	its pin directory for the interface
 * @prog_fd:	the pinned program, -1 if none
 * @info_fd:	"info"
 * @rules_fd:	"rules"
 * @counters_fd: "rule_stats"
 * @proto_fd:	"proto_stats", -1 if the tool has none
 * @defaults_fd: "default_stats", -1 unless in allow mode
 * @prog_id:	the pinned program's id
 * @info:	what "info" holds
 * @attached:	whether the program is still attached to each interface
 *		of @info
 * @wall_off_ns: CLOCK_REALTIME - CLOCK_MONOTONIC, now
 */
struct status {
	const char *tool;
	const struct xdp_cli *cli;
	const struct xdp_iface *ifc;
	char dir[FILTER_PIN_PATH_MAX];
	int prog_fd;
	int info_fd;
	int rules_fd;
	int counters_fd;
	int proto_fd;
	int defaults_fd;
	__u32 prog_id;
	struct filter_pin_info info;
	bool attached[FILTER_PIN_IFACES];
	__s64 wall_off_ns;
};

/* Room for the names of every interface of a run, escaped, ", " apart. */
#define IFLIST_MAX	(FILTER_PIN_IFACES * (ESC_C_MAX(16) + 2))

/* ---- nothing pinned: say what runs there instead --------------------- */

/* The pin directory is not there: nothing of @tool runs, or not here. */
static int not_running(const struct status *st)
{
	const char *tool = st->tool, *ifname = st->ifc->name;
	char name[BPF_OBJ_NAME_LEN], comm[32];
	__u32 id;
	pid_t pid;

	id = xdp_cli_attached_prog(st->ifc->ifindex, name, sizeof(name));
	if (!id) {
		fprintf(stderr, "%s: no %s runs on %s: no XDP program is attached there.\n",
			tool, tool, ifname);
		return XDP_EXIT_FAIL;
	}
	if (strncmp(name, tool, BPF_OBJ_NAME_LEN - 1)) {
		fprintf(stderr, "%s: no %s runs on %s: XDP program %s (id %u) is attached there.\n",
			tool, tool, ifname, name[0] ? name : "<unnamed>", id);
		return XDP_EXIT_FAIL;
	}
	pid = bpf_prog_holder(id, comm, sizeof(comm));
	if (pid > 0)
		fprintf(stderr, "%s: %s (pid %d) runs on %s, but its state is not pinned under %s as this shell sees it (a mount namespace of its own, as under ip netns exec?).\n",
			tool, tool, pid, ifname, FILTER_PIN_ROOT);
	else if (!pid)
		fprintf(stderr, "%s: no %s runs on %s: its program (id %u) was left attached by a run that was killed.\n",
			tool, tool, ifname, id);
	else
		fprintf(stderr, "%s: no state of %s is pinned for %s, and from this pid namespace we cannot tell who holds its program (id %u).\n",
			tool, tool, ifname, id);
	return XDP_EXIT_FAIL;
}

/* ---- opening what is pinned ------------------------------------------ */

/* @st->dir/@name, or -errno. */
static int open_pin(const struct status *st, const char *name)
{
	char path[FILTER_PIN_PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/%s", st->dir, name);
	return bb_obj_get(path);
}

/* The value size of map @fd is @size: 0, or -1 after a message. */
static int check_value_size(const struct status *st, int fd,
			    const char *name, size_t size,
			    __u32 *max_entries)
{
	struct bpf_map_info mi;
	__u32 len = sizeof(mi);

	memset(&mi, 0, sizeof(mi));
	if (!bb_obj_get_info_by_fd(fd, &mi, &len) && mi.value_size == size) {
		if (max_entries)
			*max_entries = mi.max_entries;
		return 0;
	}
	fprintf(stderr, "%s: %s/%s is not what this %s pins (another version?); cannot read it.\n",
		st->tool, st->dir, name, st->tool);
	return -1;
}

/* What "info" says, made safe to print whatever it holds. */
static void terminate_info(struct filter_pin_info *i)
{
	struct filter_pin_iface *ifc;
	__u32 n;

	i->tool[sizeof(i->tool) - 1] = '\0';
	i->deny_path[sizeof(i->deny_path) - 1] = '\0';
	if (i->nr_ifaces > FILTER_PIN_IFACES)
		i->nr_ifaces = FILTER_PIN_IFACES;
	for (n = 0; n < i->nr_ifaces; n++) {
		ifc = &i->ifaces[n];
		ifc->name[sizeof(ifc->name) - 1] = '\0';
	}
}

/* The maps beside the program, and "info" read: 0 or an exit code. */
static int open_maps(struct status *st)
{
	static const char *const names[] = { "info", "rules", "rule_stats" };
	int *fds[] = { &st->info_fd, &st->rules_fd, &st->counters_fd };
	__u32 zero = 0;
	size_t i;
	int err;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		*fds[i] = open_pin(st, names[i]);
		if (*fds[i] < 0) {
			fprintf(stderr, "%s: %s is incomplete: cannot open %s: %s.\n",
				st->tool, st->dir, names[i],
				strerror(-*fds[i]));
			return XDP_EXIT_FAIL;
		}
	}
	st->proto_fd = open_pin(st, "proto_stats");
	st->defaults_fd = open_pin(st, "default_stats");
	if (check_value_size(st, st->info_fd, "info", sizeof(st->info), NULL) ||
	    check_value_size(st, st->rules_fd, "rules",
			     sizeof(struct deny_rule), NULL))
		return XDP_EXIT_FAIL;
	err = bb_map_lookup_elem(st->info_fd, &zero, &st->info, 0);
	if (err) {
		fprintf(stderr, "%s: cannot read %s/info: %s.\n", st->tool,
			st->dir, strerror(-err));
		return XDP_EXIT_FAIL;
	}
	terminate_info(&st->info);
	return 0;
}

/* The pinned program and maps: 0, or an exit code after a message. */
static int open_pins(struct status *st)
{
	struct bpf_prog_info pi;
	__u32 len = sizeof(pi);
	int err;

	err = filter_pin_dir(st->dir, sizeof(st->dir), st->tool,
			     st->ifc->ifindex);
	if (err) {
		fprintf(stderr, "%s: cannot name the pin directory of %s: %s.\n",
			st->tool, st->ifc->name, strerror(-err));
		return XDP_EXIT_FAIL;
	}
	st->prog_fd = open_pin(st, "prog");
	if (st->prog_fd == -ENOENT || st->prog_fd == -ENOTDIR)
		return not_running(st);
	memset(&pi, 0, sizeof(pi));
	err = st->prog_fd < 0 ? st->prog_fd :
	      bb_obj_get_info_by_fd(st->prog_fd, &pi, &len);
	if (err) {
		fprintf(stderr, "%s: cannot open %s/prog: %s.\n", st->tool,
			st->dir, strerror(-err));
		return XDP_EXIT_FAIL;
	}
	st->prog_id = pi.id;
	return open_maps(st);
}

static void close_pins(struct status *st)
{
	int *fds[] = {
		&st->prog_fd, &st->info_fd, &st->rules_fd, &st->counters_fd,
		&st->proto_fd, &st->defaults_fd,
	};
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

/* ---- is its owner alive? --------------------------------------------- */

static __u32 pidns_inode(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) ? 0 : st.st_ino;
}

/*
 * The tool that pinned @st->dir still holds its program: 0, else an
 * exit code after saying the directory is a killed run's leftover.
 */
static int check_owner(const struct status *st)
{
	const struct filter_pin_info *i = &st->info;
	char comm[32];
	bool attached;
	pid_t holder;

	if (pidns_inode() == i->pidns)
		holder = bpf_prog_held_by(i->pid, st->prog_id) ? (pid_t)i->pid : 0;
	else
		holder = bpf_prog_holder(st->prog_id, comm, sizeof(comm));
	if (holder > 0)
		return 0;
	if (holder < 0) {
		fprintf(stderr, "%s: cannot tell whether %s (pid %u) behind %s still runs: it is in another pid namespace.\n",
			st->tool, st->tool, i->pid, st->dir);
		return XDP_EXIT_FAIL;
	}
	attached = xdp_cli_attached_prog(st->ifc->ifindex, NULL, 0) ==
		   st->prog_id;
	fprintf(stderr, "%s: no %s runs on %s: %s is stale, left by %s (pid %u), which was killed before it could remove it%s; the next %s there replaces it.\n",
		st->tool, st->tool, st->ifc->name, st->dir, st->tool, i->pid,
		attached ? ", and its program is still attached, dropping what the rules match" : "",
		st->tool);
	return XDP_EXIT_FAIL;
}

/* ---- where it runs --------------------------------------------------- */

/* Is the program still attached to each interface "info" lists? */
static void find_attached(struct status *st)
{
	const struct filter_pin_info *i = &st->info;
	__u32 n;

	for (n = 0; n < i->nr_ifaces; n++)
		st->attached[n] = xdp_cli_attached_prog(i->ifaces[n].ifindex,
							NULL, 0) ==
				  st->prog_id;
}

/*
 * The interfaces of "info", escaped, ", " apart, into @buf (IFLIST_MAX
 * bytes): all of them, or with @only those whose attached flag is @on.
 */
static void list_ifaces(const struct status *st, bool only, bool on,
			char *buf)
{
	const struct filter_pin_info *i = &st->info;
	char esc[ESC_C_MAX(16)];
	size_t used = 0;
	__u32 n;

	buf[0] = '\0';
	for (n = 0; n < i->nr_ifaces; n++) {
		if (only && st->attached[n] != on)
			continue;
		escape_c(esc, i->ifaces[n].name, strlen(i->ifaces[n].name));
		used += snprintf(buf + used, IFLIST_MAX - used, "%s%s",
				 used ? ", " : "", esc);
	}
}

/*
 * "attached", "no longer attached", or where it still is and is not:
 * "still attached to veth1, no longer to veth3".
 */
static void attach_state(const struct status *st, char *buf, size_t len)
{
	char on[IFLIST_MAX], off[IFLIST_MAX];

	list_ifaces(st, true, true, on);
	list_ifaces(st, true, false, off);
	if (!off[0])
		snprintf(buf, len, "attached");
	else if (!on[0])
		snprintf(buf, len, "no longer attached");
	else
		snprintf(buf, len, "still attached to %s, no longer to %s",
			 on, off);
}

/* The entry of "info" for the interface --status was asked about. */
static int asked_index(const struct status *st)
{
	__u32 n;

	for (n = 0; n < st->info.nr_ifaces; n++)
		if (st->info.ifaces[n].ifindex == (__u32)st->ifc->ifindex)
			return n;
	return -1;
}

/* ---- printing -------------------------------------------------------- */

/* The rules in force, in a table that reads the pinned counters. */
static int load_table(const struct status *st, struct deny_table *t)
{
	struct deny_maps maps = { .counters = st->counters_fd, .shape = -1,
				  .ports = -1 };
	__u32 i, n = st->info.nr_rules, slots = 0;
	int k, err;

	if (check_value_size(st, st->counters_fd, "rule_stats",
			     sizeof(struct bb_count), &slots))
		return -EINVAL;
	for (k = 0; k < DENY_KINDS; k++)
		maps.rules[k] = -1;
	err = deny_table_init(t, st->tool, &maps, slots / 2);
	if (err)
		return err;
	t->rules = calloc(n + 1, sizeof(*t->rules));
	if (!t->rules)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		err = bb_map_lookup_elem(st->rules_fd, &i, &t->rules[i], 0);
		if (err)
			return err;
	}
	t->count = n;
	t->allow = st->info.mode != 0;
	if (t->allow)
		t->defaults = st->defaults_fd >= 0 ? st->defaults_fd : -1;
	return 0;
}

/* Protocol counters with average rates since the start; 0 or -errno. */
static int read_protocols(const struct status *st, struct proto_report *r)
{
	int err;

	err = proto_report_init(r, st->wall_off_ns);
	if (!err)
		err = proto_report_read(r, st->proto_fd);
	r->prev_ns = st->info.started_ns - st->wall_off_ns;
	return err;
}

static void json_str(FILE *out, const char *key, const char *s)
{
	char esc[ESC_JSON_MAX(FILTER_PIN_DENY_MAX)];

	escape_json(esc, s, strnlen(s, FILTER_PIN_DENY_MAX));
	fprintf(out, ",\"%s\":\"%s\"", key, esc);
}

/* "interfaces":[{"name":"veth1","ifindex":4,"attached":true},...] */
static void json_ifaces(const struct status *st)
{
	const struct filter_pin_iface *ifc;
	char name[ESC_JSON_MAX(16)];
	__u32 n;

	printf(",\"interfaces\":[");
	for (n = 0; n < st->info.nr_ifaces; n++) {
		ifc = &st->info.ifaces[n];
		escape_json(name, ifc->name, strlen(ifc->name));
		printf("%s{\"name\":\"%s\",\"ifindex\":%u,\"attached\":%s}",
		       n ? "," : "", name, ifc->ifindex,
		       st->attached[n] ? "true" : "false");
	}
	putchar(']');
}

static void print_json(const struct status *st, struct proto_report *proto,
		       struct deny_table *t)
{
	const struct filter_pin_info *i = &st->info;
	char now[WALLCLOCK_LEN], since[WALLCLOCK_LEN];
	int asked = asked_index(st);

	wallclock_str(xdp_cli_now_ns(), st->wall_off_ns, true, now,
		      sizeof(now));
	wallclock_str(i->started_ns - st->wall_off_ns, st->wall_off_ns, true,
		      since, sizeof(since));
	printf("{\"type\":\"status\",\"timestamp\":\"%s\"", now);
	json_str(stdout, "tool", i->tool);
	json_str(stdout, "interface",
		 asked < 0 ? st->ifc->name : i->ifaces[asked].name);
	printf(",\"ifindex\":%d,\"pid\":%u,\"prog_id\":%u,\"attached\":%s,\"started\":\"%s\"",
	       st->ifc->ifindex, i->pid, st->prog_id,
	       asked >= 0 && st->attached[asked] ? "true" : "false", since);
	json_ifaces(st);
	json_str(stdout, "deny_file", i->deny_path);
	printf(",\"match\":\"%s\"", i->match_dst ? "destination" : "source");
	if (i->mode)
		printf(",\"strict\":%s", i->mode == 2 ? "true" : "false");
	json_str(stdout, "pin_dir", st->dir);
	putchar(',');
	if (proto) {
		proto_report_json_members(proto, stdout);
		putchar(',');
	}
	if (deny_table_json_members(t, stdout))
		printf("\"rules\":null");
	printf("}\n");
}

static void print_text(const struct status *st, struct proto_report *proto,
		       struct deny_table *t)
{
	const struct filter_pin_info *i = &st->info;
	char path[ESC_C_MAX(FILTER_PIN_DENY_MAX)], where[IFLIST_MAX];
	char state[2 * IFLIST_MAX + 64];
	time_t start = i->started_ns / 1000000000;
	char since[32];
	struct tm tm;

	escape_c(path, i->deny_path, strlen(i->deny_path));
	list_ifaces(st, false, false, where);
	attach_state(st, state, sizeof(state));
	localtime_r(&start, &tm);
	strftime(since, sizeof(since), "%Y-%m-%d %H:%M:%S", &tm);
	wallclock_print_separator(stdout, xdp_cli_now_ns(), st->wall_off_ns);
	printf("%s (pid %u) on %s since %s, program id %u, %s; %zu rules from %s, matching %s%s\n",
	       i->tool, i->pid, where, since, st->prog_id, state, t->count,
	       path, i->match_dst ? "destinations" : "sources",
	       !i->mode ? "" : i->mode == 1 ? "; allow mode" :
	       "; allow mode, strict");
	if (proto)
		proto_report_print_line(proto, stdout);
	deny_table_print_stats(t, stdout, path, true);
}

static int print_status(struct status *st, bool json)
{
	struct proto_report proto = { .percpu = NULL };
	struct deny_table t = { .rules = NULL };
	bool with_proto = false;
	int err;

	err = load_table(st, &t);
	if (!err && st->proto_fd >= 0) {
		err = read_protocols(st, &proto);
		with_proto = true;
	}
	if (err) {
		fprintf(stderr, "%s: cannot read the rules and counters in %s: %s.\n",
			st->tool, st->dir, strerror(-err));
		goto free_all;
	}
	find_attached(st);
	if (json)
		print_json(st, with_proto ? &proto : NULL, &t);
	else
		print_text(st, with_proto ? &proto : NULL, &t);
	fflush(stdout);
free_all:
	proto_report_free(&proto);
	deny_table_free(&t);
	return err ? XDP_EXIT_FAIL : XDP_EXIT_OK;
}

int filter_status(const char *tool, struct xdp_cli *cli, bool json)
{
	struct status st = {
		.tool = tool,
		.cli = cli,
		.prog_fd = -1,
		.info_fd = -1,
		.rules_fd = -1,
		.counters_fd = -1,
		.proto_fd = -1,
		.defaults_fd = -1,
	};
	int ret;

	if (cli->nr_ifaces > 1) {
		fprintf(stderr, "%s: --status shows one interface; give one -i.\n",
			tool);
		return XDP_EXIT_USAGE;
	}
	ret = xdp_cli_find_iface(cli);
	if (ret)
		return ret;	/* it said why */
	st.ifc = &cli->ifaces[0];
	st.wall_off_ns = wallclock_offset_ns();
	ret = open_pins(&st);
	if (!ret)
		ret = check_owner(&st);
	if (!ret)
		ret = print_status(&st, json);
	close_pins(&st);
	return ret;
}
