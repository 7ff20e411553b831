// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_tool.c - the deny file side of filter_packet and fw; see
 * filter_tool.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "barebpf.h"
#include "filter_status.h"
#include "filter_tool.h"
#include "xdp_cli.h"

#define DEFAULT_MAX_RULES	65536
#define NSEC_PER_SEC		1000000000ULL

const struct option filter_longopts[] = {
	{ "deny",	required_argument,	NULL, 'd' },
	{ "stats",	no_argument,		NULL, 's' },
	{ "interval",	required_argument,	NULL, 'n' },
	{ "dst",	no_argument,		NULL, FILTER_OPT_DST },
	{ "max-rules",	required_argument,	NULL, FILTER_OPT_MAX_RULES },
	{ "check",	no_argument,		NULL, FILTER_OPT_CHECK },
	{ "status",	no_argument,		NULL, FILTER_OPT_STATUS },
	{ "allow",	required_argument,	NULL, FILTER_OPT_ALLOW },
	{ "allow-strict", no_argument,		NULL, FILTER_OPT_ALLOW_STRICT },
	{ NULL, 0, NULL, 0 },
};

void filter_opts_init(struct filter_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->deny_path = "./deny";
	o->max_rules = DEFAULT_MAX_RULES;
	o->interval = 2;
}

int filter_option(const char *tool, struct filter_opts *o, int opt,
		  const char *arg)
{
	switch (opt) {
	case 'd':
		o->deny_path = arg;
		o->deny_set = true;
		return 1;
	case FILTER_OPT_ALLOW:
		o->deny_path = arg;
		o->allow = true;
		return 1;
	case FILTER_OPT_ALLOW_STRICT:
		o->allow_strict = true;
		return 1;
	case 's':
		o->stats = true;
		return 1;
	case 'n':
		return xdp_cli_parse_ulong(tool, "-n", arg, 1, 3600,
					   &o->interval) ? -1 : 1;
	case FILTER_OPT_DST:
		o->match_dst = true;
		return 1;
	case FILTER_OPT_MAX_RULES:
		o->max_rules_set = true;
		return xdp_cli_parse_ulong(tool, "--max-rules", arg, 1,
					   1UL << 24, &o->max_rules) ? -1 : 1;
	case FILTER_OPT_CHECK:
		o->check = true;
		return 1;
	case FILTER_OPT_STATUS:
		o->status = true;
		return 1;
	}
	return 0;
}

/* Rules per address family (0: none), and those naming a protocol. */
static void count_rules(const struct deny_list *l, size_t *n4, size_t *n6,
			size_t *nany, size_t *nproto)
{
	size_t i;

	*n4 = *n6 = *nany = *nproto = 0;
	for (i = 0; i < l->count; i++) {
		if (l->rules[i].family == AF_INET)
			++*n4;
		else if (l->rules[i].family == AF_INET6)
			++*n6;
		else
			++*nany;
		*nproto += l->rules[i].proto != 0;
	}
}

int filter_check_options(const char *tool, const struct filter_opts *o)
{
	if (o->deny_set && o->allow) {
		fprintf(stderr, "%s: -d and --allow cannot be combined: a file denies or allows.\n",
			tool);
		return -1;
	}
	if (o->allow_strict && !o->allow) {
		fprintf(stderr, "%s: --allow-strict needs --allow FILE.\n", tool);
		return -1;
	}
	if (!o->check || !o->status)
		return 0;
	fprintf(stderr, "%s: --check and --status cannot be combined.\n", tool);
	return -1;
}

/**
 * struct ssh_peer - the SSH session we run in, from the environment
 * @family:	AF_INET or AF_INET6
 * @client:	the client's address, network order
 * @server:	the server's address (SSH_CONNECTION only)
 * @has_server:	@server is known
 * @cport:	the client's port
 * @sport:	the server's port
 * @name:	the client's address as the environment gave it
 */
struct ssh_peer {
	int family;
	__u8 client[16];
	__u8 server[16];
	bool has_server;
	__u16 cport;
	__u16 sport;
	char name[INET6_ADDRSTRLEN];
};

/* @text as an address of @p's family, IPv4-mapped IPv6 as IPv4. */
static int ssh_addr(const char *text, __u8 *addr)
{
	struct in6_addr a6;

	memset(addr, 0, 16);
	if (inet_pton(AF_INET, text, addr) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, text, &a6) != 1)
		return 0;
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		memcpy(addr, &a6.s6_addr[12], 4);
		return AF_INET;
	}
	memcpy(addr, &a6, 16);
	return AF_INET6;
}

/* SSH_CONNECTION, else SSH_CLIENT; false if neither makes sense. */
static bool ssh_peer_get(struct ssh_peer *p)
{
	char client[INET6_ADDRSTRLEN], server[INET6_ADDRSTRLEN];
	unsigned int cport, sport;
	const char *env;

	memset(p, 0, sizeof(*p));
	env = getenv("SSH_CONNECTION");
	if (env && sscanf(env, "%45s %u %45s %u", client, &cport, server,
			  &sport) == 4) {
		p->has_server = true;
	} else {
		env = getenv("SSH_CLIENT");
		if (!env || sscanf(env, "%45s %u %u", client, &cport,
				   &sport) != 3)
			return false;
	}
	if (cport > 65535 || sport > 65535)
		return false;
	p->family = ssh_addr(client, p->client);
	if (!p->family)
		return false;
	if (p->has_server && ssh_addr(server, p->server) != p->family)
		p->has_server = false;
	p->cport = cport;
	p->sport = sport;
	snprintf(p->name, sizeof(p->name), "%s", client);
	return true;
}

/* Does @prefixlen bits of @net hold @addr? */
static bool prefix_holds(const __u8 *net, unsigned int prefixlen,
			 const __u8 *addr)
{
	unsigned int whole = prefixlen / 8, bits = prefixlen % 8;

	if (memcmp(net, addr, whole))
		return false;
	return !bits || !((net[whole] ^ addr[whole]) & (0xff00 >> bits));
}

/*
 * Would @r match a TCP packet of the session, from the client to the
 * server? With --dst the rule's address is the server's; without it
 * known, the address part is taken to match (no false alarm).
 */
static bool ssh_rule_passes(const struct deny_rule *r,
			    const struct ssh_peer *p, bool match_dst)
{
	if (r->family) {
		if (r->family != p->family)
			return false;
		if (!match_dst &&
		    !prefix_holds(r->addr, r->prefixlen, p->client))
			return false;
		if (match_dst && p->has_server &&
		    !prefix_holds(r->addr, r->prefixlen, p->server))
			return false;
	}
	if (!r->proto)
		return true;
	if (r->proto != IPPROTO_TCP)
		return false;
	switch (r->kind) {
	case BB_L4_DPORT:
		return r->port == p->sport;
	case BB_L4_SPORT:
		return r->port == p->cport;
	case BB_L4_PROTO:
		return true;
	}
	return false;
}

bool filter_ssh_warn(const char *tool, const struct filter_opts *o,
		     const struct deny_rule *rules, size_t n)
{
	struct ssh_peer p;
	size_t i;

	if (!o->allow || !ssh_peer_get(&p))
		return false;
	for (i = 0; i < n; i++)
		if (ssh_rule_passes(&rules[i], &p, o->match_dst))
			return false;
	fprintf(stderr, "%s: WARNING: no rule of %s passes TCP from the SSH client %s to port %u: this SSH session will be cut off.\n",
		tool, o->deny_path, p.name, p.sport);
	return true;
}

static int check_only(const char *tool, const struct filter_opts *o)
{
	size_t n4, n6, nany, nproto;
	struct deny_list l;

	if (deny_list_load(tool, o->deny_path, &l))
		return XDP_EXIT_FAIL;
	filter_ssh_warn(tool, o, l.rules, l.count);
	count_rules(&l, &n4, &n6, &nany, &nproto);
	printf("%s: %zu rules (%zu IPv4, %zu IPv6, %zu any address; %zu by protocol).\n",
	       o->deny_path, l.count, n4, n6, nany, nproto);
	deny_list_free(&l);
	return XDP_EXIT_OK;
}

int filter_standalone(const char *tool, const struct filter_opts *o,
		      struct xdp_cli *cli, bool json)
{
	if (o->check)
		return check_only(tool, o);
	return o->status ? filter_status(tool, cli, json) : -1;
}

int filter_begin(struct filter_state *f, const char *tool,
		 const struct filter_opts *o)
{
	memset(f, 0, sizeof(*f));
	f->tool = tool;
	f->opts = o;
	f->watch.fd = -1;
	filter_pin_clear(&f->pin, tool);
	if (deny_list_load(tool, o->deny_path, &f->first))
		return -1;
	filter_ssh_warn(tool, o, f->first.rules, f->first.count);
	f->limit = o->max_rules;
	if (f->first.count > f->limit) {
		if (o->max_rules_set) {
			fprintf(stderr, "%s: %s has %zu rules, more than --max-rules %lu.\n",
				tool, o->deny_path, f->first.count,
				o->max_rules);
			goto free_first;
		}
		f->limit = f->first.count;
	}
	/* Old and new rules side by side during a reload: twice the limit. */
	f->cap = 2 * f->limit;
	f->by_index = calloc(f->cap, sizeof(*f->by_index));
	if (!f->by_index) {
		fprintf(stderr, "%s: out of memory for %u rule slots.\n", tool,
			f->cap);
		goto free_first;
	}
	if (deny_watch_open(&f->watch, tool, o->deny_path))
		goto free_index;
	f->next_ns = xdp_cli_now_ns() + o->interval * NSEC_PER_SEC;
	return 0;
free_index:
	free(f->by_index);
	f->by_index = NULL;
free_first:
	deny_list_free(&f->first);
	return -1;
}

int filter_size_maps(struct filter_state *f, const struct xdp_cli *cli,
		     struct bb_object *obj)
{
	size_t i;

	__u32 n;

	for (i = 0; i < DENY_KINDS; i++) {
		/* An address table has two halves, each at most half full. */
		n = i == DENY_ADDR_V4 || i == DENY_ADDR_V6 ?
		    2 * deny_addr_slots(f->cap) : f->cap;
		if (xdp_cli_resize(cli, obj, deny_kind_map[i], n))
			return -1;
	}
	return xdp_cli_resize(cli, obj, "rule_stats", f->cap) ? -1 : 0;
}

/*
 * Which rule each counter slot belongs to, after every apply; and the
 * rules as --status shows them.
 */
static void index_rules(struct filter_state *f)
{
	const struct deny_table *t = &f->table;
	size_t i;

	memset(f->by_index, 0, f->cap * sizeof(*f->by_index));
	for (i = 0; i < t->count; i++)
		if (t->rules[i].index < f->cap)
			f->by_index[t->rules[i].index] = &t->rules[i];
	filter_pin_rules(&f->pin, t);
}

int filter_fill(struct filter_state *f, const struct xdp_cli *cli,
		struct bb_object *obj)
{
	struct bb_map *proto = bb_object__find_map(obj, "proto_stats");
	struct deny_maps maps;
	size_t i;
	int err;

	for (i = 0; i < DENY_KINDS; i++) {
		maps.rules[i] = xdp_cli_map_fd(cli, obj, deny_kind_map[i]);
		if (maps.rules[i] < 0)
			return -1;
	}
	maps.counters = xdp_cli_map_fd(cli, obj, "rule_stats");
	maps.shape = xdp_cli_map_fd(cli, obj, ".data.deny");
	maps.ports = xdp_cli_map_fd(cli, obj, "deny_ports");
	if (maps.counters < 0 || maps.shape < 0 || maps.ports < 0)
		return -1;
	err = deny_table_init(&f->table, f->tool, &maps, f->limit);
	if (err == -ENOMEM)
		fprintf(stderr, "%s: out of memory for %u rule slots.\n",
			f->tool, f->cap);
	if (err)	/* else deny_table_init() said why */
		return -1;
	if (f->opts->allow) {
		f->table.allow = true;
		f->table.defaults = xdp_cli_map_fd(cli, obj, "default_stats");
		if (f->table.defaults < 0)
			return -1;
	}
	if (deny_table_apply(&f->table, &f->first, &f->loaded))
		return -1;	/* deny_table_apply() said why */
	filter_pin_init(&f->pin, f->opts->deny_path, f->limit,
			f->opts->match_dst, maps.counters,
			proto ? bb_map__fd(proto) : -1);
	if (f->opts->allow) {
		f->pin.info.mode = f->opts->allow_strict ? 2 : 1;
		f->pin.defaults_fd = f->table.defaults;
	}
	index_rules(f);
	return 0;
}

void filter_attached(struct filter_state *f, const struct xdp_cli *cli)
{
	fprintf(stderr, "%s: %zu rules from %s in force%s; loading them took %.1f ms (%s updates).\n",
		f->tool, f->loaded.added, f->opts->deny_path,
		!f->opts->allow ? "" : f->opts->allow_strict ?
		" (allow mode, strict: all else dropped)" :
		" (allow mode: all else but ARP and neighbour discovery dropped)",
		f->loaded.usecs / 1000.0,
		f->table.batch ? "batch" : "per-element");
	filter_pin_publish(&f->pin, cli);
}

void filter_end(struct filter_state *f)
{
	filter_pin_end(&f->pin);
	deny_table_free(&f->table);
	deny_list_free(&f->first);
	free(f->by_index);
	f->by_index = NULL;
	deny_watch_close(&f->watch);
}

/* Milliseconds from @now until @when, rounded up; 0 if it has passed. */
static int ms_until(__u64 now, __u64 when)
{
	return now >= when ? 0 : (int)((when - now + 999999) / 1000000);
}

int filter_timeout_ms(const struct filter_state *f)
{
	__u64 now = xdp_cli_now_ns();
	int stats = -1, settle;

	if (f->opts->stats)
		stats = ms_until(now, f->next_ns);
	if (!f->settle_ns)
		return stats;
	settle = ms_until(now, f->settle_ns);
	return stats < 0 || settle < stats ? settle : stats;
}

bool filter_after_wait(struct filter_state *f, bool watch_ready)
{
	bool due;

	/*
	 * A change is read once the file has been quiet for DENY_SETTLE_MS:
	 * ": > f; echo A >> f; echo B >> f" is one change, not three (the
	 * first of which would load an empty file). SIGHUP reads at once.
	 */
	if (watch_ready && deny_watch_changed(&f->watch,
					      f->opts->deny_path))
		f->settle_ns = xdp_cli_now_ns() +
			       DENY_SETTLE_MS * 1000000ULL;
	if (f->settle_ns && xdp_cli_now_ns() >= f->settle_ns)
		xdp_cli_reload = 1;
	if (xdp_cli_reload) {
		xdp_cli_reload = 0;
		f->settle_ns = 0;
		if (!deny_table_reload(&f->table, f->opts->deny_path)) {
			index_rules(f);
			filter_ssh_warn(f->tool, f->opts, f->table.rules,
					f->table.count);
		}
	}
	due = xdp_cli_dump ||
	      (f->opts->stats && xdp_cli_now_ns() >= f->next_ns);
	if (due) {
		xdp_cli_dump = 0;
		f->next_ns = xdp_cli_now_ns() +
			     f->opts->interval * NSEC_PER_SEC;
	}
	return due;
}

const struct deny_rule *filter_rule(const struct filter_state *f,
				    __u32 index)
{
	return index < f->cap ? f->by_index[index] : NULL;
}

int filter_print_stats(struct filter_state *f)
{
	return deny_table_print_stats(&f->table, stdout, f->opts->deny_path,
				      false);
}
