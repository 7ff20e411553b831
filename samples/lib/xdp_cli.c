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
#include "escape.h"
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

/* How often xdp_cli_wait() makes sure the interfaces are still there. */
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

/* One more -i: a new interface, or a usage error after a message. */
static int add_iface(struct xdp_cli *cli, const char *arg)
{
	struct xdp_iface *ifc;
	unsigned int i;

	for (i = 0; i < cli->nr_ifaces; i++) {
		if (strcmp(cli->ifaces[i].arg, arg))
			continue;
		fprintf(stderr, "%s: -i %s is given twice; name each interface once.\n",
			cli->tool, arg);
		return -1;
	}
	if (cli->nr_ifaces == XDP_CLI_MAX_IFACES) {
		fprintf(stderr, "%s: -i %s is one interface too many; a run attaches to at most %d.\n",
			cli->tool, arg, XDP_CLI_MAX_IFACES);
		return -1;
	}
	ifc = &cli->ifaces[cli->nr_ifaces++];
	ifc->arg = arg;
	snprintf(ifc->name, sizeof(ifc->name), "%s", arg);
	return 0;
}

int xdp_cli_option(struct xdp_cli *cli, int opt, const char *arg)
{
	switch (opt) {
	case 'i':
		return add_iface(cli, arg) ? -1 : 1;
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

/* Two spellings of one interface ("-i veth1 -i 4"): a usage error. */
static int check_same(const struct xdp_cli *cli, unsigned int n)
{
	const struct xdp_iface *ifc = &cli->ifaces[n];
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (cli->ifaces[i].ifindex != ifc->ifindex)
			continue;
		fprintf(stderr, "%s: -i %s and -i %s are the same interface; name each interface once.\n",
			cli->tool, cli->ifaces[i].arg, ifc->arg);
		return XDP_EXIT_USAGE;
	}
	return 0;
}

int xdp_cli_find_iface(struct xdp_cli *cli)
{
	struct xdp_iface *ifc;
	unsigned int i;

	if (!cli->nr_ifaces) {
		fprintf(stderr,
			"%s: no interface given; use -i IFACE (see --help).\n",
			cli->tool);
		return XDP_EXIT_USAGE;
	}
	for (i = 0; i < cli->nr_ifaces; i++) {
		ifc = &cli->ifaces[i];
		ifc->ifindex = ifindex_of(ifc->arg);
		if (!ifc->ifindex) {
			fprintf(stderr, "%s: interface %s does not exist.\n",
				cli->tool, ifc->arg);
			return XDP_EXIT_FAIL;
		}
		if (!if_indextoname(ifc->ifindex, ifc->name))
			snprintf(ifc->name, sizeof(ifc->name), "%s", ifc->arg);
		if (check_same(cli, i))
			return XDP_EXIT_USAGE;
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
static void learn_mode(const struct xdp_cli *cli, struct xdp_iface *ifc,
		       int prog_fd)
{
	struct bpf_prog_info pi;
	struct bb_xdp_info info;
	__u32 flags, id;

	ifc->att_flags = cli->mode;
	if (prog_info(prog_fd, &pi) || bb_xdp_query(ifc->ifindex, &info))
		return;
	id = attached_prog(&info, &flags);
	if (id == pi.id)
		ifc->att_flags = flags;
}

/* Append @name, escaped, to the list in @buf: "veth1, veth3". */
static void append_name(char *buf, size_t len, const char *name)
{
	char esc[ESC_C_MAX(IF_NAMESIZE)];
	size_t used = strlen(buf);

	escape_c(esc, name, strnlen(name, IF_NAMESIZE));
	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", esc);
}

void xdp_cli_ifnames(const struct xdp_cli *cli, char *buf, size_t len)
{
	unsigned int i;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; i < cli->nr_ifaces; i++)
		append_name(buf, len, cli->ifaces[i].name);
}

const char *xdp_cli_ifname(const struct xdp_cli *cli, __u32 ifindex)
{
	unsigned int i;

	for (i = 0; i < cli->nr_ifaces; i++)
		if ((__u32)cli->ifaces[i].ifindex == ifindex)
			return cli->ifaces[i].name;
	return NULL;
}

void xdp_cli_print_ifaces(const struct xdp_cli *cli, FILE *out)
{
	char names[XDP_CLI_IFLIST_MAX];

	if (cli->nr_ifaces < 2)
		return;
	xdp_cli_ifnames(cli, names, sizeof(names));
	fprintf(out, "interfaces: %s\n", names);
}

void xdp_cli_json_ifaces(const struct xdp_cli *cli, FILE *out)
{
	const struct xdp_iface *ifc;
	char name[ESC_JSON_MAX(IF_NAMESIZE)];
	unsigned int i;

	fputs("\"interfaces\":[", out);
	for (i = 0; i < cli->nr_ifaces; i++) {
		ifc = &cli->ifaces[i];
		escape_json(name, ifc->name, strnlen(ifc->name, IF_NAMESIZE));
		fprintf(out, "%s{\"name\":\"%s\",\"ifindex\":%d}", i ? "," : "",
			name, ifc->ifindex);
	}
	fputc(']', out);
}

void xdp_cli_line_iface(const struct xdp_cli *cli, __u32 ifindex,
			char *buf, size_t len)
{
	const char *name = xdp_cli_ifname(cli, ifindex);
	char esc[ESC_C_MAX(IF_NAMESIZE)];

	if (len)
		buf[0] = '\0';
	if (cli->nr_ifaces < 2)
		return;
	if (!name) {
		snprintf(buf, len, "if%u ", ifindex);
		return;
	}
	escape_c(esc, name, strnlen(name, IF_NAMESIZE));
	snprintf(buf, len, "%s ", esc);
}

/**
 * struct prior - what an interface had before we attached: the program
 * to replace and, should attaching fail elsewhere, to put back
 * @fd:		that program, -1 if none
 * @id:		its id, 0 if none
 * @flags:	the mode it runs in
 * @leftover:	ours, left by a killed run (else replaced for -F)
 * @name:	its name
 */
struct prior {
	int fd;
	__u32 id;
	__u32 flags;
	bool leftover;
	char name[BPF_OBJ_NAME_LEN];
};

/*
 * A program with our name is attached: 0 if it is a leftover that no
 * process holds any more, else -EBUSY after saying who still runs it.
 */
static int check_leftover(const struct xdp_cli *cli,
			  const struct xdp_iface *ifc, const struct prior *pr)
{
	char comm[32];
	pid_t pid;

	pid = bpf_prog_holder(pr->id, comm, sizeof(comm));
	if (!pid)
		return 0;
	if (pid < 0)
		fprintf(stderr,
			"%s: interface %s has XDP program %s (id %u), and from inside a pid namespace we cannot tell whether the run that attached it is still going; not replacing it without -F/--force.\n",
			cli->tool, ifc->name, pr->name, pr->id);
	else
		fprintf(stderr,
			"%s: interface %s has XDP program %s (id %u) of %s (pid %d), which is still running; not replacing it without -F/--force.\n",
			cli->tool, ifc->name, pr->name, pr->id,
			comm[0] ? comm : "a process", pid);
	return -EBUSY;
}

/*
 * Program @pr->id is attached to @ifc: 0 if we may replace it, as a
 * leftover of ours or for -F (its fd then in @pr), else -errno after
 * saying why not.
 */
static int may_replace(const struct xdp_cli *cli,
		       const struct xdp_iface *ifc, const char *prog_name,
		       struct prior *pr)
{
	struct bpf_prog_info old;
	bool ours;

	pr->fd = bb_prog_get_fd_by_id(pr->id);
	if (pr->fd < 0 || prog_info(pr->fd, &old)) {
		fprintf(stderr,
			"%s: cannot inspect XDP program id %u on %s: %s.\n",
			cli->tool, pr->id, ifc->name,
			strerror(pr->fd < 0 ? -pr->fd : errno));
		return -EPERM;
	}
	snprintf(pr->name, sizeof(pr->name), "%s",
		 old.name[0] ? old.name : "<unnamed>");
	ours = !strncmp(old.name, prog_name, BPF_OBJ_NAME_LEN - 1);
	if (!ours && !cli->force) {
		fprintf(stderr,
			"%s: interface %s already has XDP program %s (id %u) attached; not replacing it without -F/--force.\n",
			cli->tool, ifc->name, pr->name, pr->id);
		return -EBUSY;
	}
	pr->leftover = ours && !cli->force;
	if (pr->leftover && check_leftover(cli, ifc, pr))
		return -EBUSY;
	if (cli->mode && cli->mode != pr->flags) {
		fprintf(stderr,
			"%s: XDP program %s (id %u) on %s runs in %s mode; cannot replace it in %s mode; use -m %s or detach it first.\n",
			cli->tool, pr->name, pr->id, ifc->name,
			mode_name(pr->flags), mode_name(cli->mode),
			pr->flags == XDP_FLAGS_SKB_MODE ? "skb" : "native");
		return -EBUSY;
	}
	return 0;
}

/* What @ifc has attached, and whether we may attach there: 0 or -errno. */
static int look_at(const struct xdp_cli *cli, const struct xdp_iface *ifc,
		   const char *prog_name, struct prior *pr)
{
	struct bb_xdp_info info;
	int err;

	err = bb_xdp_query(ifc->ifindex, &info);
	if (err)
		return err;	/* the loader said why */
	pr->id = attached_prog(&info, &pr->flags);
	return pr->id ? may_replace(cli, ifc, prog_name, pr) : 0;
}

/* Put @prog_fd on @ifc, atomically in place of @pr's program if any. */
static int attach_one(const struct xdp_cli *cli, struct xdp_iface *ifc,
		      int prog_fd, const struct prior *pr)
{
	int err;

	if (pr->id)
		err = bb_xdp_attach(ifc->ifindex, prog_fd,
				    pr->flags | XDP_FLAGS_REPLACE, pr->fd);
	else
		err = bb_xdp_attach(ifc->ifindex, prog_fd,
				    cli->mode | XDP_FLAGS_UPDATE_IF_NOEXIST,
				    -1);
	if (err)
		return err;
	ifc->attached = true;
	learn_mode(cli, ifc, prog_fd);
	return 0;
}

/*
 * Undo attach_one(): give @ifc back @pr's program, or nothing; either
 * only while ours is the one attached, so that a program someone put
 * there meanwhile stays.
 */
static void put_back(struct xdp_iface *ifc, int prog_fd,
		     const struct prior *pr)
{
	if (pr->id)
		bb_xdp_attach(ifc->ifindex, pr->fd,
			      pr->flags | XDP_FLAGS_REPLACE, prog_fd);
	else
		bb_xdp_detach(ifc->ifindex, ifc->att_flags, prog_fd);
	ifc->attached = false;
}

/* Room for one message of the loader (BB_MAX_ERRLINE). */
#define LOADER_MSG_MAX	512

/* Keep the loader's last message, to say it in a line of our own. */
static void catch_msg(void *ctx, const char *msg)
{
	snprintf(ctx, LOADER_MSG_MAX, "%s", msg);
}

/*
 * The kernel refused interface @n, saying @msg (the loader's words):
 * say so in one line, with the interfaces before it that were undone.
 */
static void say_refused(const struct xdp_cli *cli, unsigned int n,
			char *msg, int err)
{
	char undone[XDP_CLI_IFLIST_MAX] = "";
	const char *prefix = "barebpf: ";
	char *text = msg;
	size_t len;
	unsigned int i;

	if (!strncmp(text, prefix, strlen(prefix)))
		text += strlen(prefix);
	len = strlen(text);
	if (len && text[len - 1] == '.')
		text[len - 1] = '\0';
	if (!*text) {
		snprintf(msg, LOADER_MSG_MAX, "attaching to %s failed: %s",
			 cli->ifaces[n].name, strerror(-err));
		text = msg;
	}
	for (i = 0; i < n; i++)
		append_name(undone, sizeof(undone), cli->ifaces[i].name);
	if (!n)
		fprintf(stderr, "%s: %s.\n", cli->tool, text);
	else
		fprintf(stderr, "%s: %s; %s put back as it was: our program is attached nowhere.\n",
			cli->tool, text, undone);
}

/*
 * Attach to each interface in turn. The first one the kernel refuses
 * undoes those before it, and one line says which and why.
 */
static int attach_all(struct xdp_cli *cli, int prog_fd,
		      const struct prior *prior)
{
	char msg[LOADER_MSG_MAX] = "";
	unsigned int i, n;
	int err = 0;

	bb_set_print(catch_msg, msg);
	for (n = 0; n < cli->nr_ifaces; n++) {
		err = attach_one(cli, &cli->ifaces[n], prog_fd, &prior[n]);
		if (err)
			break;
	}
	bb_set_print(NULL, NULL);
	if (!err)
		return 0;
	for (i = n; i-- > 0;)
		put_back(&cli->ifaces[i], prog_fd, &prior[i]);
	say_refused(cli, n, msg, err);
	return err;
}

/* What we replaced on @ifc, once it is done. */
static void say_replaced(const struct xdp_cli *cli,
			 const struct xdp_iface *ifc, const struct prior *pr)
{
	if (pr->leftover)
		fprintf(stderr,
			"%s: interface %s still had our program %s (id %u), left attached by an earlier run that was killed (no process holds it); replaced it atomically.\n",
			cli->tool, ifc->name, pr->name, pr->id);
	else
		fprintf(stderr,
			"%s: replaced XDP program %s (id %u) on %s atomically, as -F/--force asks.\n",
			cli->tool, pr->name, pr->id, ifc->name);
}

/* "veth1, veth3 in native mode", or each with its own mode. */
static void describe_modes(const struct xdp_cli *cli, char *buf, size_t len)
{
	const struct xdp_iface *ifc;
	bool same = true;
	unsigned int i;
	size_t used;

	buf[0] = '\0';
	for (i = 1; i < cli->nr_ifaces; i++)
		same &= cli->ifaces[i].att_flags == cli->ifaces[0].att_flags;
	for (i = 0; i < cli->nr_ifaces; i++) {
		ifc = &cli->ifaces[i];
		append_name(buf, len, ifc->name);
		used = strlen(buf);
		if (!same || i == cli->nr_ifaces - 1)
			snprintf(buf + used, len - used, " in %s mode",
				 mode_name(ifc->att_flags));
	}
}

/* Once attached everywhere: what we replaced, and where we run now. */
static void announce(const struct xdp_cli *cli, const char *prog_name,
		     const struct prior *prior)
{
	char where[XDP_CLI_IFLIST_MAX + XDP_CLI_MAX_IFACES * 24];
	unsigned int i;

	for (i = 0; i < cli->nr_ifaces; i++)
		if (prior[i].id)
			say_replaced(cli, &cli->ifaces[i], &prior[i]);
	describe_modes(cli, where, sizeof(where));
	fprintf(stderr, "%s: attached %s to %s.\n", cli->tool, prog_name,
		where);
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
	struct prior prior[XDP_CLI_MAX_IFACES];
	char names[XDP_CLI_IFLIST_MAX];
	const char *sig;
	unsigned int i;
	int err = 0;

	sig = stop_pending();
	if (sig) {
		xdp_cli_ifnames(cli, names, sizeof(names));
		fprintf(stderr, "%s: stopped by %s before attaching to %s; nothing attached.\n",
			cli->tool, sig, names);
		return -EINTR;
	}
	memset(prior, 0, sizeof(prior));
	for (i = 0; i < cli->nr_ifaces; i++)
		prior[i].fd = -1;
	/* Every interface looked at before any is touched. */
	for (i = 0; i < cli->nr_ifaces && !err; i++)
		err = look_at(cli, &cli->ifaces[i], prog_name, &prior[i]);
	if (!err)
		err = attach_all(cli, prog_fd, prior);
	if (!err) {
		cli->prog_fd = prog_fd;
		announce(cli, prog_name, prior);
	}
	for (i = 0; i < cli->nr_ifaces; i++)
		if (prior[i].fd >= 0)
			close(prior[i].fd);
	return err;
}

void xdp_cli_detach(struct xdp_cli *cli)
{
	char done[XDP_CLI_IFLIST_MAX] = "";
	struct xdp_iface *ifc;
	unsigned int i;

	if (cli->prog_fd < 0)
		return;
	for (i = 0; i < cli->nr_ifaces; i++) {
		ifc = &cli->ifaces[i];
		/* -EEXIST: someone replaced us meanwhile; theirs stays. */
		if (ifc->attached &&
		    !bb_xdp_detach(ifc->ifindex, ifc->att_flags, cli->prog_fd))
			append_name(done, sizeof(done), ifc->name);
		ifc->attached = false;
	}
	if (done[0])
		fprintf(stderr, "%s: detached from %s.\n", cli->tool, done);
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
 * Are our interfaces still there? One deleted (or moved to another
 * network namespace) took our program with it: nothing is left to
 * detach there, and the run ends, detaching from the others.
 */
static bool iface_gone(struct xdp_cli *cli)
{
	char name[IF_NAMESIZE];
	struct xdp_iface *ifc;
	unsigned int i;

	for (i = 0; i < cli->nr_ifaces; i++) {
		ifc = &cli->ifaces[i];
		if (!ifc->attached || if_indextoname(ifc->ifindex, name) ||
		    (errno != ENXIO && errno != ENODEV))
			continue;	/* there, or we cannot tell */
		fprintf(stderr, "%s: interface %s disappeared; exiting.\n",
			cli->tool, ifc->name);
		ifc->attached = false;
		return true;
	}
	return false;
}

/*
 * ppoll() in slices of IFACE_CHECK_MS, so that the interfaces are
 * checked that often whatever the caller's timeout (even none): a tool
 * on a deleted interface would otherwise wait forever on events that
 * cannot come. Returns as ppoll() would, 0 on a signal, or -ENODEV after
 * saying an interface disappeared.
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
