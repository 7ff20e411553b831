/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xdp_cli.h - what every XDP sample does the same way: the common
 * options, attaching without trampling on someone else's program,
 * detaching on exit, and waiting for events and signals.
 *
 * Common options (add XDP_CLI_SHORTOPTS and xdp_cli_longopts to the
 * tool's own, pass each option to xdp_cli_option() first):
 *
 *	-i, --interface IFACE	interface name or index (required); given
 *				again, another interface (at most
 *				XDP_CLI_MAX_IFACES, each once)
 *	-m, --mode MODE		auto (default), native or skb
 *	-F, --force		replace another program attached there
 *	-h, --help		the tool's help
 *
 * One program is attached to every interface of -i, so its maps, and
 * with them the rules and counters, are shared by all of them.
 *
 * Attaching (xdp_cli_attach) follows three cases on each interface:
 *  1. nothing attached: attach with XDP_FLAGS_UPDATE_IF_NOEXIST, so a
 *     program attached by someone else in the meantime makes it fail
 *     instead of being replaced;
 *  2. a program with our program's name is attached and no process
 *     holds it (prog_holder.h): an earlier run was killed (SIGKILL,
 *     OOM) before it could detach. Replace it atomically with
 *     XDP_FLAGS_REPLACE and the stale program's fd, so the interface is
 *     never without a program in between, and say so. If a process does
 *     hold it, another instance is running there: refuse and name it;
 *  3. another program is attached: refuse and explain.
 * With -F the program of case 2 or 3 is replaced, the same atomic way.
 *
 * It is all or nothing. Every interface is looked at first, and a
 * refusal on any of them attaches nothing. Should the kernel then
 * refuse one (a driver that cannot run the program, an interface gone
 * meanwhile), the interfaces done so far get back what they had, our
 * program taken off or the program we replaced put back, atomically,
 * and one line names the interface and the reason.
 *
 * Detaching (xdp_cli_detach) uses XDP_FLAGS_REPLACE with our fd too,
 * so it never removes a program someone attached after us.
 *
 * Signals: xdp_cli_signals() routes SIGINT and SIGTERM to xdp_cli_stop,
 * SIGHUP to xdp_cli_reload and SIGUSR1 to xdp_cli_dump. The handlers
 * only set those flags; main() looks at them and does the work. The
 * signals stay blocked except inside xdp_cli_wait(), so one arriving
 * just before the wait still interrupts it (ppoll(2)).
 */
#ifndef BB_XDP_CLI_H
#define BB_XDP_CLI_H

#include <getopt.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/* Exit codes of every tool. */
#define XDP_EXIT_OK	0
#define XDP_EXIT_FAIL	1	/* runtime failure */
#define XDP_EXIT_USAGE	2	/* bad command line */

#define XDP_CLI_SHORTOPTS	"i:m:Fh"
/* Their long forms, zero-terminated. */
extern const struct option xdp_cli_longopts[];

#define XDP_CLI_HELP							\
"  -i, --interface IFACE  attach to IFACE (name or ifindex); required;\n" \
"                         again for more interfaces, at most 64, each\n" \
"                         once: one program on all, counters shared\n"  \
"  -m, --mode MODE        auto (default: native if the driver can),\n" \
"                         native, or skb (generic XDP, any device)\n"   \
"  -F, --force            replace an XDP program someone else attached\n"\
"  -h, --help             show this help and exit\n"

#define XDP_CLI_EXIT_HELP						\
"Exit status: 0 on success, 1 on a runtime failure (no such interface,\n"\
"program already attached, kernel refused, interface gone while running,\n"\
"stopped before attaching), 2 on a usage error.\n"

extern volatile sig_atomic_t xdp_cli_stop;
extern volatile sig_atomic_t xdp_cli_reload;
extern volatile sig_atomic_t xdp_cli_dump;

/* The most interfaces one run attaches to (-i given that many times). */
#define XDP_CLI_MAX_IFACES	64
/* Room for one name, escaped, and a blank after it. */
#define XDP_CLI_IFACE_MAX	(4 * IF_NAMESIZE + 2)
/* Room for the names of them all, escaped, ", " between them. */
#define XDP_CLI_IFLIST_MAX	(XDP_CLI_MAX_IFACES * XDP_CLI_IFACE_MAX)

/**
 * struct xdp_iface - one interface of -i
 * @arg:	-i as given
 * @name:	its name, as the kernel had it when resolved (@arg before)
 * @ifindex:	resolved by xdp_cli_find_iface()
 * @att_flags:	mode flag the kernel actually used, for detaching
 * @attached:	our program is attached here
 */
struct xdp_iface {
	const char *arg;
	char name[IF_NAMESIZE];
	int ifindex;
	__u32 att_flags;
	bool attached;
};

/**
 * struct xdp_cli - state of the common options and of the attachment
 * @tool:	tool name, the first word of every message
 * @ifaces:	the interfaces of -i, in the order given
 * @nr_ifaces:	how many of @ifaces are in use
 * @mode:	XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE or 0 (auto)
 * @force:	-F given
 * @help:	-h given
 * @prog_fd:	our program while it is attached, -1 otherwise
 * @waitmask:	signal mask to wait with (signals unblocked)
 */
struct xdp_cli {
	const char *tool;
	struct xdp_iface ifaces[XDP_CLI_MAX_IFACES];
	unsigned int nr_ifaces;
	__u32 mode;
	bool force;
	bool help;
	int prog_fd;
	sigset_t waitmask;
};

void xdp_cli_init(struct xdp_cli *cli, const char *tool);
/*
 * Handle one option from getopt_long(). Returns 1 if it was a common
 * option, 0 if it is the tool's, -1 after printing a usage error.
 */
int xdp_cli_option(struct xdp_cli *cli, int opt, const char *arg);
/*
 * Check -i was given, that each interface exists and that no two name
 * the same one: 0, or an exit code after a message.
 */
int xdp_cli_find_iface(struct xdp_cli *cli);
/* The same, and the capabilities attaching takes: 0 or an exit code. */
int xdp_cli_resolve(struct xdp_cli *cli);

/*
 * Attach @prog_fd to every interface, or to none (see above): 0, or
 * -errno after one line that names the interface and the reason.
 */
int xdp_cli_attach(struct xdp_cli *cli, int prog_fd, const char *prog_name);
/* Detach from every interface we are still attached to. */
void xdp_cli_detach(struct xdp_cli *cli);

/*
 * The names of the interfaces, escaped for a line of text and joined by
 * ", ", into @buf (XDP_CLI_IFLIST_MAX bytes are always enough).
 */
void xdp_cli_ifnames(const struct xdp_cli *cli, char *buf, size_t len);
/* The name of interface @ifindex of ours, or NULL if it is not one. */
const char *xdp_cli_ifname(const struct xdp_cli *cli, __u32 ifindex);

/*
 * The counters are the program's, shared by all its interfaces, so the
 * tools print them once and say where they were counted:
 *
 * xdp_cli_print_ifaces() - with several interfaces, the line after the
 * separator of a block of counters, "interfaces: veth1, veth3"; nothing
 * with one, which the command line names.
 */
void xdp_cli_print_ifaces(const struct xdp_cli *cli, FILE *out);
/*
 * xdp_cli_json_ifaces() - the member of a JSON object of counters,
 * always: "interfaces":[{"name":"veth1","ifindex":4},...]
 */
void xdp_cli_json_ifaces(const struct xdp_cli *cli, FILE *out);
/*
 * xdp_cli_line_iface() - with several interfaces, the name of interface
 * @ifindex and a blank into @buf, to start the line of a packet it
 * received ("veth3 "); "" with one.
 */
void xdp_cli_line_iface(const struct xdp_cli *cli, __u32 ifindex,
			char *buf, size_t len);
/*
 * The id of the XDP program attached to @ifindex, 0 if none (or the
 * kernel would not say), and its name in @name (@len bytes; "" unless
 * it could be read).
 */
__u32 xdp_cli_attached_prog(int ifindex, char *name, size_t len);

/* Install the handlers and block the signals; 0 or -errno. */
int xdp_cli_signals(struct xdp_cli *cli);

/*
 * ppoll() on @fds with the signals unblocked (see ppoll(2)), in slices
 * of at most 500 ms so the interfaces are checked on each: -ENODEV
 * after a message when one has disappeared.
 */
int xdp_cli_wait(struct xdp_cli *cli, struct pollfd *fds, nfds_t nfds,
		 int timeout_ms);

/* Parse "N" with min <= N <= max for option @opt; -1 after a message. */
int xdp_cli_parse_ulong(const char *tool, const char *opt, const char *arg,
			unsigned long min, unsigned long max,
			unsigned long *out);
/* CLOCK_MONOTONIC in nanoseconds. */
__u64 xdp_cli_now_ns(void);

/*
 * The fd of map or program @name of a loaded object, or -1 after saying
 * the object lacks it.
 */
struct bb_object;
int xdp_cli_map_fd(const struct xdp_cli *cli, struct bb_object *obj,
		   const char *name);
int xdp_cli_prog_fd(const struct xdp_cli *cli, struct bb_object *obj,
		    const char *name);

/* Write @cfg into the object's .rodata (before load); 0 or -1. */
struct bb_xdp_cfg;
int xdp_cli_set_cfg(const struct xdp_cli *cli, struct bb_object *obj,
		    const struct bb_xdp_cfg *cfg);
/* Resize map @name before load; 0 or -1 after a message. */
int xdp_cli_resize(const struct xdp_cli *cli, struct bb_object *obj,
		   const char *name, __u32 max_entries);

#endif /* BB_XDP_CLI_H */
