/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * filter_pin.h - the state of a running filter_packet or fw, pinned in
 * bpffs so that "--status" can read it from another shell.
 *
 * Once attached, a filter pins in one directory per interface,
 *
 *	/sys/fs/bpf/barebpf/TOOL/ifIFINDEX_netNETNS
 *
 * IFINDEX being the interface's index and NETNS the inode number of its
 * network namespace (the number "ls -l /proc/self/ns/net" shows):
 * interface names are unique only within a namespace, and bpffs refuses
 * names with a dot, which VLAN interfaces (eth0.100) have. A filter on
 * several interfaces pins the same program and maps in the directory of
 * each, so that --status on any of them shows all of it, and "info"
 * lists them all. In each:
 *
 *	prog		the XDP program
 *	rule_stats	the per-CPU counters of the rules, by slot
 *	rules		array of struct deny_rule: the rules in force, in
 *			order, the first info.nr_rules entries
 *	info		array of one struct filter_pin_info: who runs, since
 *			when, with which deny file
 *	proto_stats	the protocol counters, if the program has them (fw)
 *	default_stats	allow mode: what the default policy dropped and kept
 *
 * Each directory is filled under a name of its own and then renamed
 * into place, so that a reader finds all of it or nothing, and it is
 * removed on every way out but SIGKILL. One left behind by a killed run
 * is told from a live one by its owner (info.pid), who no longer holds
 * the program (prog_holder.h); the next run on the interface replaces
 * it. A run that was replaced meanwhile (-F) on an interface leaves its
 * successor's directory there alone.
 *
 * Pinning is a convenience: when it fails the filter says so in one
 * line and runs on without it.
 */
#ifndef BB_FILTER_PIN_H
#define BB_FILTER_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "deny_table.h"

struct xdp_cli;

#define FILTER_PIN_MNT		"/sys/fs/bpf"
#define FILTER_PIN_ROOT		FILTER_PIN_MNT "/barebpf"
/* Room for FILTER_PIN_ROOT/TOOL/ifIFINDEX_netNETNS/NAME and a suffix. */
#define FILTER_PIN_PATH_MAX	160
#define FILTER_PIN_DENY_MAX	4096
/* The most interfaces of one run: XDP_CLI_MAX_IFACES. */
#define FILTER_PIN_IFACES	64

/**
 * struct filter_pin_iface - one interface the filter runs on
 * @ifindex:	its index
 * @name:	its name when the filter started
 */
struct filter_pin_iface {
	__u32 ifindex;
	char name[16];
};

/**
 * struct filter_pin_info - the value of the "info" map
 * @pid:	the running tool
 * @pidns:	inode number of the pid namespace @pid belongs to
 * @nr_ifaces:	the interfaces it runs on: the first entries of @ifaces
 * @nr_rules:	rules in force: the first entries of "rules"
 * @match_dst:	--dst
 * @mode:	0 deny file (-d), 1 allow file (--allow), 2 --allow-strict
 * @started_ns:	CLOCK_REALTIME when the program was attached
 * @tool:	"filter_packet" or "fw"
 * @ifaces:	the interfaces, in the order of -i
 * @deny_path:	the deny file, made absolute if it could be
 */
struct filter_pin_info {
	__u32 pid;
	__u32 pidns;
	__u32 nr_ifaces;
	__u32 nr_rules;
	__u32 match_dst;
	__u32 mode;
	__u64 started_ns;
	char tool[16];
	struct filter_pin_iface ifaces[FILTER_PIN_IFACES];
	char deny_path[FILTER_PIN_DENY_MAX];
};

/**
 * struct filter_pin - what a running filter pins, and where
 * @tool:	for messages and the directory's name
 * @rules_fd:	the "rules" map, -1 if none
 * @info_fd:	the "info" map, -1 if none
 * @counters_fd: rule_stats
 * @proto_fd:	proto_stats, -1 if the program has none
 * @defaults_fd: default_stats in allow mode, else -1 (not pinned)
 * @prog_id:	our program, once pinned
 * @info:	what @info_fd holds
 * @dirs:	where it is all pinned, one directory per interface of
 *		@info; "" where it is not
 */
struct filter_pin {
	const char *tool;
	int rules_fd;
	int info_fd;
	int counters_fd;
	int proto_fd;
	int defaults_fd;
	__u32 prog_id;
	struct filter_pin_info info;
	char dirs[FILTER_PIN_IFACES][FILTER_PIN_PATH_MAX];
};

/*
 * The directory of @tool for interface @ifindex of the caller's network
 * namespace into @buf; 0, or -errno if the namespace cannot be told.
 */
int filter_pin_dir(char *buf, size_t len, const char *tool, int ifindex);

/* Nothing made yet: filter_pin_end() is safe. */
void filter_pin_clear(struct filter_pin *p, const char *tool);
/*
 * Before attaching: make the "rules" and "info" maps for a run of up to
 * @limit rules from @deny_path, counted in @counters_fd (and @proto_fd,
 * or -1). On failure say so; --status then does not see this run.
 */
void filter_pin_init(struct filter_pin *p, const char *deny_path,
		     __u32 limit, bool match_dst, int counters_fd,
		     int proto_fd);
/* After every change of the rules in force: write them to "rules". */
void filter_pin_rules(struct filter_pin *p, const struct deny_table *t);
/*
 * Once attached: pin it all in the filter_pin_dir() of every interface.
 * Failing says why, once per interface it failed on.
 */
void filter_pin_publish(struct filter_pin *p, const struct xdp_cli *cli);
/* Remove each directory that is still ours; close the maps. */
void filter_pin_end(struct filter_pin *p);

/* Remove a pin directory and what is in it: 0 or -errno. */
int filter_pin_remove_dir(const char *dir);

#endif /* BB_FILTER_PIN_H */
