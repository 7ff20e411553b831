// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdp_cli.c - common options, attach/detach and the signal-aware wait of
 * the XDP samples; see xdp_cli.h for the rules they follow.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/capability.h>

#include "barebpf.h"
#include "xdp.h"
#include "pipe_out.h"
#include "prog_holder.h"
#include "xdp_cli.h"
#include "xdp_tools.h"

const struct option xdp_cli_longopts[] = {
	{ "interface",	required_argument,	NULL, 'i' },
	{ "mode",	required_argument,	NULL, 'm' },
	{ "force",	no_argument,		NULL, 'F' },
	{ "help",	no_argument,		NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

volatile sig_atomic_t xdp_cli_stop;
volatile sig_atomic_t xdp_cli_reload;
volatile sig_atomic_t xdp_cli_dump;

#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif
#ifndef CAP_BPF
#define CAP_BPF		39
#endif

/* How often xdp_cli_wait() makes sure the interface is still there. */
#define IFACE_CHECK_MS	500

void xdp_cli_init(struct xdp_cli *cli, const char *tool)
{
	memset(cli, 0, sizeof(*cli));
	cli->tool = tool;
	cli->prog_fd = -1;
	sigemptyset(&cli->waitmask);
}

static int parse_mode(struct xdp_cli *cli, const char *arg)
{
	if (!strcmp(arg, "auto"))
		cli->mode = 0;
	else if (!strcmp(arg, "native") || !strcmp(arg, "drv"))
		cli->mode = XDP_FLAGS_DRV_MODE;
	else if (!strcmp(arg, "skb") || !strcmp(arg, "generic"))
		cli->mode = XDP_FLAGS_SKB_MODE;
	else {
		fprintf(stderr,
			"%s: unknown XDP mode '%s'; use auto, native or skb.\n",
			cli->tool, arg);
		return -1;
	}
	return 0;
}

int xdp_cli_option(struct xdp_cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'i':
		if (cli->ifname) {
			fprintf(stderr, "%s: -i given twice (%s, %s); one interface per run.\n",
				cli->tool, cli->ifname, arg);
			return -1;
		}
		cli->ifname = arg;
		return 1;
	case 'm':
		return parse_mode(cli, arg) ? -1 : 1;
	case 'F':
		cli->force = true;
		return 1;
	case 'h':
		cli->help = true;
		return 1;
	}
	return 0;
}

/* "eth0" or "2" to an ifindex, 0 if there is no such interface. */
static int ifindex_of(const char *s)
{
	char name[IF_NAMESIZE];
	unsigned long v;
	char *end;

	if (isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (!errno && !*end && v && v <= INT_MAX &&
		    if_indextoname(v, name))
			return v;
	}
	if (!*s || strlen(s) >= IF_NAMESIZE)
		return 0;
	return if_nametoindex(s);
}

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1U << (cap % 32));
}

/*
 * Attaching XDP takes CAP_NET_ADMIN; loading the programs CAP_BPF, and
 * CAP_PERFMON for their packet pointer arithmetic, or CAP_SYS_ADMIN for
 * both. Name what is missing up front, rather than let the first map,
 * the verifier or netlink fail on it with a bare EPERM.
 */
static int check_caps(const struct xdp_cli *cli)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	char missing[64] = "";
	bool admin;

	if (syscall(SYS_capget, &hdr, d))
		return 0;		/* cannot tell: let the kernel decide */
	admin = has_cap(d, CAP_SYS_ADMIN);
	if (!has_cap(d, CAP_NET_ADMIN))
		strcat(missing, ", CAP_NET_ADMIN");
	if (!admin && !has_cap(d, CAP_BPF))
		strcat(missing, ", CAP_BPF");
	if (!admin && !has_cap(d, CAP_PERFMON))
		strcat(missing, ", CAP_PERFMON");
	if (!missing[0])
		return 0;
	fprintf(stderr,
		"%s: attaching XDP needs CAP_NET_ADMIN and CAP_BPF with CAP_PERFMON (or CAP_SYS_ADMIN); missing %s.\n",
		cli->tool, missing + 2);
	return XDP_EXIT_FAIL;
}

int xdp_cli_find_iface(struct xdp_cli *cli)
{
	if (!cli->ifname) {
		fprintf(stderr,
			"%s: no interface given; use -i IFACE (see --help).\n",
			cli->tool);
		return XDP_EXIT_USAGE;
	}
	cli->ifindex = ifindex_of(cli->ifname);
	if (!cli->ifindex) {
		fprintf(stderr, "%s: interface %s does not exist.\n",
			cli->tool, cli->ifname);
		return XDP_EXIT_FAIL;
	}
	return 0;
}

int xdp_cli_resolve(struct xdp_cli *cli)
{
	int ret = xdp_cli_find_iface(cli);

	return ret ? ret : check_caps(cli);
}

static const char *mode_name(__u32 flags)
{
	if (flags & XDP_FLAGS_SKB_MODE)
		return "generic (skb)";
	if (flags & XDP_FLAGS_DRV_MODE)
		return "native";
	return "auto";
}

/* The one program attached to the interface and the mode flag it is in. */
static __u32 attached_prog(const struct bb_xdp_info *info, __u32 *flags)
{
	*flags = 0;
	if (info->drv_prog_id) {
		*flags = XDP_FLAGS_DRV_MODE;
		return info->drv_prog_id;
	}
	if (info->skb_prog_id) {
		*flags = XDP_FLAGS_SKB_MODE;
		return info->skb_prog_id;
	}
	if (info->hw_prog_id) {
		*flags = XDP_FLAGS_HW_MODE;
		return info->hw_prog_id;
	}
	return 0;
}

static int prog_info(int fd, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, len);
	return bb_obj_get_info_by_fd(fd, info, &len);
}

__u32 xdp_cli_attached_prog(int ifindex, char *name, size_t len)
{
	struct bpf_prog_info pi;
	struct bb_xdp_info info;
	__u32 flags, id;
	int fd;

	if (len)
		name[0] = '\0';
	if (bb_xdp_query(ifindex, &info))
		return 0;
	id = attached_prog(&info, &flags);
	fd = id ? bb_prog_get_fd_by_id(id) : -1;
	if (fd < 0)
		return id;
	if (!prog_info(fd, &pi) && len)
		snprintf(name, len, "%s", pi.name);
	close(fd);
	return id;
}

/* Which mode the kernel put our program in ("auto" resolves to one). */
static void learn_mode(struct xdp_cli *cli, int prog_fd)
{
	struct bpf_prog_info pi;
	struct bb_xdp_info info;
	__u32 flags, id;

	cli->att_flags = cli->mode;
	if (prog_info(prog_fd, &pi) || bb_xdp_query(cli->ifindex, &info))
		return;
	id = attached_prog(&info, &flags);
	if (id == pi.id)
		cli->att_flags = flags;
}

/*
 * A program with our name is attached: 0 if it is a leftover that no
 * process holds any more, else -EBUSY after saying who still runs it.
 */
static int check_leftover(const struct xdp_cli *cli, const char *name,
			  __u32 id)
{
	char comm[32];
	pid_t pid;

	pid = bpf_prog_holder(id, comm, sizeof(comm));
	if (!pid)
		return 0;
	if (pid < 0)
		fprintf(stderr,
			"%s: interface %s has XDP program %s (id %u), and from inside a pid namespace we cannot tell whether the run that attached it is still going; not replacing it without -F/--force.\n",
			cli->tool, cli->ifname, name, id);
	else
		fprintf(stderr,
			"%s: interface %s has XDP program %s (id %u) of %s (pid %d), which is still running; not replacing it without -F/--force.\n",
			cli->tool, cli->ifname, name, id,
			comm[0] ? comm : "a process", pid);
	return -EBUSY;
}

/*
 * Something is attached already (@old_id in mode @old_flags): replace it
 * if it is a leftover of ours or -F was given, atomically either way.
 */
static int replace_existing(struct xdp_cli *cli, int prog_fd,
			    const char *prog_name, __u32 old_id,
			    __u32 old_flags)
{
	struct bpf_prog_info old;
	int old_fd, err;
	bool ours;

	old_fd = bb_prog_get_fd_by_id(old_id);
	if (old_fd < 0 || prog_info(old_fd, &old)) {
		fprintf(stderr,
			"%s: cannot inspect XDP program id %u on %s: %s.\n",
			cli->tool, old_id, cli->ifname,
			strerror(old_fd < 0 ? -old_fd : errno));
		err = -EPERM;
		goto close_old;
	}
	ours = !strncmp(old.name, prog_name, BPF_OBJ_NAME_LEN - 1);
	if (!ours && !cli->force) {
		fprintf(stderr,
			"%s: interface %s already has XDP program %s (id %u) attached; not replacing it without -F/--force.\n",
			cli->tool, cli->ifname, old.name[0] ? old.name :
			"<unnamed>", old_id);
		err = -EBUSY;
		goto close_old;
	}
	if (ours && !cli->force) {
		err = check_leftover(cli, old.name, old_id);
		if (err)
			goto close_old;
	}
	if (cli->mode && cli->mode != old_flags) {
		fprintf(stderr,
			"%s: XDP program %s (id %u) on %s runs in %s mode; cannot replace it in %s mode; use -m %s or detach it first.\n",
			cli->tool, old.name, old_id, cli->ifname,
			mode_name(old_flags), mode_name(cli->mode),
			old_flags == XDP_FLAGS_SKB_MODE ? "skb" : "native");
		err = -EBUSY;
		goto close_old;
	}
	if (ours && !cli->force)
		fprintf(stderr,
			"%s: interface %s still has our program %s (id %u), left attached by an earlier run that was killed (no process holds it); replacing it atomically.\n",
			cli->tool, cli->ifname, old.name, old_id);
	else
		fprintf(stderr,
			"%s: replacing XDP program %s (id %u) on %s as -F/--force asks.\n",
			cli->tool, old.name, old_id, cli->ifname);
	err = bb_xdp_attach(cli->ifindex, prog_fd,
			    old_flags | XDP_FLAGS_REPLACE, old_fd);
close_old:
	if (old_fd >= 0)
		close(old_fd);
	return err;
}

/*
 * The signal that asked us to stop while we were loading, or NULL.
 * SIGINT and SIGTERM are blocked until xdp_cli_wait(), so one that came
 * during a long load (a big deny file) is still pending: better not to
 * attach at all than to attach and detach at once.
 */
static const char *stop_pending(void)
{
	sigset_t set;

	if (xdp_cli_stop)
		return "a signal";
	if (sigpending(&set))
		return NULL;
	if (sigismember(&set, SIGTERM))
		return "SIGTERM";
	return sigismember(&set, SIGINT) ? "SIGINT" : NULL;
}

int xdp_cli_attach(struct xdp_cli *cli, int prog_fd, const char *prog_name)
{
	struct bb_xdp_info info;
	__u32 old_id, old_flags;
	const char *sig;
	int err;

	sig = stop_pending();
	if (sig) {
		fprintf(stderr, "%s: stopped by %s before attaching to %s; nothing attached.\n",
			cli->tool, sig, cli->ifname);
		return -EINTR;
	}
	err = bb_xdp_query(cli->ifindex, &info);
	if (err)
		return err;
	old_id = attached_prog(&info, &old_flags);
	if (old_id)
		err = replace_existing(cli, prog_fd, prog_name, old_id,
				       old_flags);
	else
		err = bb_xdp_attach(cli->ifindex, prog_fd,
				    cli->mode | XDP_FLAGS_UPDATE_IF_NOEXIST,
				    -1);
	if (err)
		return err;
	cli->prog_fd = prog_fd;
	learn_mode(cli, prog_fd);
	fprintf(stderr, "%s: attached %s to %s in %s mode.\n", cli->tool,
		prog_name, cli->ifname, mode_name(cli->att_flags));
	return 0;
}

void xdp_cli_detach(struct xdp_cli *cli)
{
	if (cli->prog_fd < 0)
		return;
	/* -EEXIST: someone replaced us meanwhile; theirs stays. */
	if (!bb_xdp_detach(cli->ifindex, cli->att_flags, cli->prog_fd))
		fprintf(stderr, "%s: detached from %s.\n", cli->tool,
			cli->ifname);
	cli->prog_fd = -1;
}

static void on_signal(int sig)
{
	switch (sig) {
	case SIGHUP:
		xdp_cli_reload = 1;
		break;
	case SIGUSR1:
		xdp_cli_dump = 1;
		break;
	default:
		xdp_cli_stop = 1;
	}
}

int xdp_cli_signals(struct xdp_cli *cli)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGUSR1 };
	struct sigaction sa;
	sigset_t block;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL))
			return -errno;
		sigaddset(&block, sigs[i]);
	}
	if (sigprocmask(SIG_BLOCK, &block, &cli->waitmask))
		return -errno;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigdelset(&cli->waitmask, sigs[i]);
	/*
	 * A reader that goes away ("| head -1") must not kill us while XDP
	 * is attached: see pipe_out.h.
	 */
	return pipe_out_ignore_sigpipe();
}

/*
 * Is our interface still there? Deleted (or moved to another namespace)
 * it took our program with it: nothing is left to detach.
 */
static bool iface_gone(struct xdp_cli *cli)
{
	char name[IF_NAMESIZE];

	if (if_indextoname(cli->ifindex, name) ||
	    (errno != ENXIO && errno != ENODEV))
		return false;	/* there, or we cannot tell */
	fprintf(stderr, "%s: interface %s disappeared; exiting.\n",
		cli->tool, cli->ifname);
	cli->prog_fd = -1;
	return true;
}

/*
 * ppoll() in slices of IFACE_CHECK_MS, so that the interface is checked
 * that often whatever the caller's timeout (even none): a tool on a
 * deleted interface would otherwise wait forever on events that cannot
 * come. Returns as ppoll() would, 0 on a signal, or -ENODEV after saying
 * the interface disappeared.
 */
int xdp_cli_wait(struct xdp_cli *cli, struct pollfd *fds, nfds_t nfds,
		 int timeout_ms)
{
	static __u64 next_check;
	__u64 now = xdp_cli_now_ns(), end = 0, slice;
	struct timespec ts;
	int n;

	if (timeout_ms >= 0)
		end = now + (__u64)timeout_ms * 1000000;
	for (;;) {
		if (now >= next_check) {
			if (iface_gone(cli))
				return -ENODEV;
			next_check = now + IFACE_CHECK_MS * 1000000ULL;
		}
		slice = next_check - now;
		if (timeout_ms >= 0 && end < next_check)
			slice = end > now ? end - now : 0;
		ts.tv_sec = slice / 1000000000;
		ts.tv_nsec = slice % 1000000000;
		n = ppoll(fds, nfds, &ts, &cli->waitmask);
		if (n < 0 && errno == EINTR)
			return 0;
		if (n)
			return n < 0 ? -errno : n;
		now = xdp_cli_now_ns();
		if (timeout_ms >= 0 && now >= end)
			return 0;
	}
}

int xdp_cli_parse_ulong(const char *tool, const char *opt, const char *arg,
			unsigned long min, unsigned long max,
			unsigned long *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v < min ||
	    v > max) {
		fprintf(stderr,
			"%s: option %s wants a whole number from %lu to %lu, not '%s'.\n",
			tool, opt, min, max, arg);
		return -1;
	}
	*out = v;
	return 0;
}

__u64 xdp_cli_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int xdp_cli_map_fd(const struct xdp_cli *cli, struct bb_object *obj,
		   const char *name)
{
	struct bb_map *map = bb_object__find_map(obj, name);

	if (map && bb_map__fd(map) >= 0)
		return bb_map__fd(map);
	fprintf(stderr, "%s: the BPF object has no loaded map %s.\n",
		cli->tool, name);
	return -1;
}

int xdp_cli_prog_fd(const struct xdp_cli *cli, struct bb_object *obj,
		    const char *name)
{
	struct bb_program *prog = bb_object__find_program(obj, name);

	if (prog && bb_program__fd(prog) >= 0)
		return bb_program__fd(prog);
	fprintf(stderr, "%s: the BPF object has no loaded program %s.\n",
		cli->tool, name);
	return -1;
}

int xdp_cli_set_cfg(const struct xdp_cli *cli, struct bb_object *obj,
		    const struct bb_xdp_cfg *cfg)
{
	struct bb_map *map = bb_object__find_map(obj, ".rodata");
	void *data;
	size_t size;

	data = map ? bb_map__initial_value(map, &size) : NULL;
	if (!data || size != sizeof(*cfg)) {
		fprintf(stderr,
			"%s: the BPF object's .rodata is not one struct bb_xdp_cfg; rebuild it.\n",
			cli->tool);
		return -1;
	}
	memcpy(data, cfg, sizeof(*cfg));
	return 0;
}

int xdp_cli_resize(const struct xdp_cli *cli, struct bb_object *obj,
		   const char *name, __u32 max_entries)
{
	struct bb_map *map = bb_object__find_map(obj, name);
	int err;

	err = map ? bb_map__set_max_entries(map, max_entries) : -ENOENT;
	if (err)
		fprintf(stderr, "%s: cannot size map %s to %u entries: %s.\n",
			cli->tool, name, max_entries, strerror(-err));
	return err ? -1 : 0;
}
