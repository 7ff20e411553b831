// SPDX-License-Identifier: GPL-2.0
/*
 * test_xdp_parser - bpf/parsing.h and the XDP samples on crafted frames.
 *
 * Every frame goes through BPF_PROG_TEST_RUN, no interface involved:
 *  - progs/xdpt_parse.bpf.o returns the layer bb_parse() reached and
 *    leaves its struct bb_pkt in a map, so each field can be checked;
 *  - each frame is also cut at every length from 14 bytes (the least
 *    the kernel's XDP test run accepts) to its end: the layer must be
 *    exactly what the bytes present allow, never more;
 *  - bpf/filter_packet.bpf.o with a /24, a /32 and a /48 rule must drop
 *    exactly the frames whose whole IP header is there and whose source
 *    matches, and count them per rule;
 *  - filter_packet.bpf.o filled by the tools' own deny table with rules
 *    by address, protocol, port and ICMP type must count each frame on
 *    exactly the rule Documentation/xdp.rst says comes first;
 *  - bpf/hello_packet.bpf.o must count each frame in the right class.
 * The verifier has proven the programs never read past data_end; these
 * tests show they use what they may read correctly.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "test_util.h"
#include "deny.h"
#include "deny_table.h"
#include "parsing.h"
#include "percpu.h"
#include "xdp_tools.h"

/* A frame under construction and where its layers end. */
struct frame {
	unsigned char buf[512];
	__u32 len;
	__u32 l2_end;	/* Ethernet + VLAN tags */
	__u32 l3_end;	/* whole fixed IP header (+ IPv4 options) */
	__u32 l4_end;	/* first L4 header; 0 if none can be parsed */
};

static void put(struct frame *f, const void *p, size_t n)
{
	memcpy(f->buf + f->len, p, n);
	f->len += n;
}

static void put16(struct frame *f, __u16 v)
{
	v = htons(v);
	put(f, &v, 2);
}

/* Ethernet with @ntags VLAN tags (TPIDs in @tpids), then @proto. */
static void add_eth(struct frame *f, const __u16 *tpids, int ntags,
		    __u16 proto)
{
	static const unsigned char macs[12] = {
		0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1 };
	int i;

	memset(f, 0, sizeof(*f));
	put(f, macs, sizeof(macs));
	for (i = 0; i < ntags; i++) {
		put16(f, tpids[i]);
		put16(f, 100 + i);	/* TCI: VLAN id */
	}
	put16(f, proto);
	f->l2_end = f->len;
}

static void add_ipv4(struct frame *f, __u8 proto, const char *src,
		     const char *dst, int ihl, __u16 frag_off)
{
	struct iphdr iph = {
		.version = 4, .ihl = ihl, .ttl = 64, .protocol = proto,
		.frag_off = htons(frag_off), .tot_len = htons(60),
	};
	unsigned char opts[40];

	inet_pton(AF_INET, src, &iph.saddr);
	inet_pton(AF_INET, dst, &iph.daddr);
	put(f, &iph, sizeof(iph));
	if (ihl > 5) {
		memset(opts, 1, sizeof(opts));	/* IPOPT_NOOP */
		put(f, opts, (ihl - 5) * 4);
	}
	f->l3_end = f->len;
}

static void add_ipv6(struct frame *f, __u8 nexthdr, const char *src,
		     const char *dst)
{
	struct ipv6hdr ip6h = {
		.version = 6, .nexthdr = nexthdr, .hop_limit = 64,
		.payload_len = htons(40),
	};

	inet_pton(AF_INET6, src, &ip6h.saddr);
	inet_pton(AF_INET6, dst, &ip6h.daddr);
	put(f, &ip6h, sizeof(ip6h));
	f->l3_end = f->len;
}

/* Hop-by-hop, routing or destination options: (@len8 + 1) * 8 bytes. */
static void add_ext(struct frame *f, __u8 next, __u8 len8)
{
	unsigned char h[256] = { next, len8 };

	put(f, h, (len8 + 1) * 8);
}

static void add_frag6(struct frame *f, __u8 next, __u16 offset, int more)
{
	struct bb_ipv6_frag_hdr fh = {
		.nexthdr = next,
		.frag_off = htons(offset << 3 | (more ? 1 : 0)),
		.identification = htonl(0x1234),
	};

	put(f, &fh, sizeof(fh));
}

static void add_udp(struct frame *f, __u16 sport, __u16 dport)
{
	struct udphdr uh = { .source = htons(sport), .dest = htons(dport),
			     .len = htons(16) };

	put(f, &uh, sizeof(uh));
	f->l4_end = f->len;
	put(f, "payload!", 8);
}

static void add_tcp(struct frame *f, __u16 sport, __u16 dport)
{
	struct tcphdr th = { .source = htons(sport), .dest = htons(dport),
			     .doff = 5, .syn = 1 };

	put(f, &th, sizeof(th));
	f->l4_end = f->len;
}

static void add_sctp(struct frame *f, __u16 sport, __u16 dport)
{
	struct bb_sctp_hdr sh = { .source = htons(sport), .dest = htons(dport),
				  .vtag = htonl(0x5c7b) };

	put(f, &sh, sizeof(sh));
	f->l4_end = f->len;
	put(f, "\1\0\0\x14init-chunk-body!", 20);	/* an INIT chunk */
}

static void add_icmp(struct frame *f, __u8 type, __u8 code)
{
	unsigned char h[8] = { type, code };

	put(f, h, 4);
	f->l4_end = f->len;
	put(f, h + 4, 4);
}

/* Run @prog_fd on the first @len bytes of @f; returns retval or -errno. */
static int run_frame(int prog_fd, const struct frame *f, __u32 len)
{
	struct bb_test_run_opts o = {
		.data_in = f->buf, .data_size_in = len, .repeat = 1,
	};
	int err = bb_prog_test_run(prog_fd, &o);

	return err ? err : (int)o.retval;
}

/* The layer the first @len bytes of @f allow. */
static int expected_layer(const struct frame *f, __u32 len)
{
	if (len < f->l2_end)
		return BB_LAYER_NONE;
	if (!f->l3_end || len < f->l3_end)
		return BB_LAYER_L2;
	if (!f->l4_end || len < f->l4_end)
		return BB_LAYER_L3;
	return BB_LAYER_L4;
}

static const __u16 one_tag[] = { ETH_P_8021Q };
static const __u16 qinq[] = { ETH_P_8021AD, ETH_P_8021Q };
static const __u16 three_tags[] = { ETH_P_8021AD, ETH_P_8021Q, ETH_P_8021Q };

enum frame_kind {
	F_V4_UDP, F_V4_OPTS_TCP, F_V4_BAD_IHL, F_V4_FIRST_FRAG,
	F_V4_LATER_FRAG, F_VLAN_V4_UDP, F_QINQ_V6_TCP, F_THREE_TAGS,
	F_V6_EXT_UDP, F_V6_LATER_FRAG, F_V6_TOO_MANY_EXT, F_V4_ICMP,
	F_V6_ICMP, F_ARP, F_V6_CIDR_UDP, F_V4_GRE, F_V4_SCTP, F_V6_SCTP,
	F_KINDS,
};

static void build(struct frame *f, enum frame_kind k)
{
	int i;

	switch (k) {
	case F_V4_UDP:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 5, 0);
		add_udp(f, 5353, 53);
		break;
	case F_V4_OPTS_TCP:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_TCP, "198.51.100.7", "192.0.2.2", 8, 0);
		add_tcp(f, 40000, 80);
		break;
	case F_V4_BAD_IHL:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 4, 0);
		f->l3_end = 0;	/* IHL 4 is never a valid header */
		add_udp(f, 1, 2);
		f->l4_end = 0;
		break;
	case F_V4_FIRST_FRAG:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 5,
			 BB_IP_MF);
		add_udp(f, 1000, 2000);
		break;
	case F_V4_LATER_FRAG:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 5, 185);
		add_udp(f, 1000, 2000);
		f->l4_end = 0;	/* payload, not a header */
		break;
	case F_VLAN_V4_UDP:
		add_eth(f, one_tag, 1, ETH_P_IP);
		add_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 5, 0);
		add_udp(f, 5353, 53);
		break;
	case F_QINQ_V6_TCP:
		add_eth(f, qinq, 2, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_TCP, "2001:db8::1", "2001:db8::2");
		add_tcp(f, 40000, 443);
		break;
	case F_THREE_TAGS:
		add_eth(f, three_tags, 3, ETH_P_IP);
		f->l2_end -= 4;	/* we skip two tags, then see 802.1Q */
		add_ipv4(f, IPPROTO_UDP, "192.0.2.1", "192.0.2.2", 5, 0);
		f->l3_end = 0;
		add_udp(f, 1, 2);
		f->l4_end = 0;
		break;
	case F_V6_EXT_UDP:
		add_eth(f, NULL, 0, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_HOPOPTS, "2001:db8::1", "2001:db8::2");
		add_ext(f, IPPROTO_ROUTING, 0);
		add_ext(f, IPPROTO_DSTOPTS, 2);
		add_ext(f, IPPROTO_FRAGMENT, 1);
		add_frag6(f, IPPROTO_UDP, 0, 1);
		add_udp(f, 7, 9);
		break;
	case F_V6_LATER_FRAG:
		add_eth(f, NULL, 0, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_FRAGMENT, "2001:db8::1", "2001:db8::2");
		add_frag6(f, IPPROTO_UDP, 100, 0);
		add_udp(f, 7, 9);
		f->l4_end = 0;
		break;
	case F_V6_TOO_MANY_EXT:
		add_eth(f, NULL, 0, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_DSTOPTS, "2001:db8::1", "2001:db8::2");
		for (i = 0; i < BB_IPV6_MAX_EXT + 1; i++)
			add_ext(f, i == BB_IPV6_MAX_EXT ? IPPROTO_UDP :
				IPPROTO_DSTOPTS, 0);
		add_udp(f, 7, 9);
		f->l4_end = 0;
		break;
	case F_V4_ICMP:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_ICMP, "192.0.2.10", "192.0.2.2", 5, 0);
		add_icmp(f, 8, 0);
		break;
	case F_V6_ICMP:
		add_eth(f, NULL, 0, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_ICMPV6, "2001:db8::dead", "2001:db8::2");
		add_icmp(f, 128, 0);
		break;
	case F_ARP:
		add_eth(f, NULL, 0, ETH_P_ARP);
		put(f, "\0\1\10\0\6\4\0\1arp-request-body-bytes", 28);
		break;
	case F_V6_CIDR_UDP:
		add_eth(f, NULL, 0, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_UDP, "2001:db8:1:2::3", "2001:db8::2");
		add_udp(f, 123, 123);
		break;
	case F_V4_GRE:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, 47, "192.0.2.1", "192.0.2.2", 5, 0);
		put(f, "\0\0\x08\0", 4);
		break;
	case F_V4_SCTP:
		add_eth(f, NULL, 0, ETH_P_IP);
		add_ipv4(f, IPPROTO_SCTP, "192.0.2.1", "192.0.2.2", 5, 0);
		add_sctp(f, 40000, 9);
		break;
	case F_V6_SCTP:
		add_eth(f, NULL, 0, ETH_P_IPV6);
		add_ipv6(f, IPPROTO_SCTP, "2001:db8::1", "2001:db8::2");
		add_sctp(f, 5000, 80);
		break;
	default:
		break;
	}
}

/* Open and load the tool object @name.bpf.o. */
static int open_object(const char *name, struct bb_object **objp)
{
	char path[PATH_MAX + 64], dir[PATH_MAX];
	int err;

	err = bb_test_tool_obj_dir(dir, sizeof(dir));
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/%s.bpf.o", dir, name);
	err = bb_object__open_file(path, NULL, objp);
	if (!err)
		err = bb_object__load(*objp);
	return err;
}

FIXTURE(parser) {
	struct bb_object *obj;
	int prog_fd;
	int map_fd;
};

FIXTURE_SETUP(parser)
{
	ASSERT_EQ(0, bb_test_open_load("xdpt_parse", &self->obj));
	self->prog_fd = bb_test_prog_fd(self->obj, "xdpt_parse");
	self->map_fd = bb_map__fd(bb_object__find_map(self->obj, "result"));
	ASSERT_LE(0, self->prog_fd);
	ASSERT_LE(0, self->map_fd);
}

FIXTURE_TEARDOWN(parser)
{
	bb_object__close(self->obj);
}

/* Parse the whole of @f; check the layer and return the result. */
static void parse(struct __test_metadata *_metadata,
		  FIXTURE_DATA(parser) *self, const struct frame *f,
		  int want_layer, struct bb_pkt *pkt)
{
	__u32 key = 0;

	ASSERT_EQ(want_layer, run_frame(self->prog_fd, f, f->len));
	ASSERT_EQ(0, bb_map_lookup_elem(self->map_fd, &key, pkt, 0));
	ASSERT_EQ(f->len, pkt->len);
}

static __u32 v4(const char *s)
{
	__u32 a;

	inet_pton(AF_INET, s, &a);
	return a;
}

TEST_F(parser, ipv4_udp)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V4_UDP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(BB_AF_INET, p.family);
	EXPECT_EQ(IPPROTO_UDP, p.proto);
	EXPECT_EQ(ETH_P_IP, p.eth_proto);
	EXPECT_EQ(v4("192.0.2.1"), p.saddr[0]);
	EXPECT_EQ(v4("192.0.2.2"), p.daddr[0]);
	EXPECT_EQ(5353, p.sport);
	EXPECT_EQ(53, p.dport);
	EXPECT_EQ(34, p.l4_off);
	EXPECT_EQ(0, p.flags);
}

TEST_F(parser, ipv4_options_honour_ihl)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V4_OPTS_TCP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(14 + 32, p.l4_off);
	EXPECT_EQ(IPPROTO_TCP, p.proto);
	EXPECT_EQ(40000, p.sport);
	EXPECT_EQ(80, p.dport);
}

TEST_F(parser, ipv4_ihl_below_5_is_not_ip)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V4_BAD_IHL);
	parse(_metadata, self, &f, BB_LAYER_L2, &p);
	EXPECT_EQ(0, p.family);
}

TEST_F(parser, ipv4_fragments)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V4_FIRST_FRAG);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(BB_PKT_FRAG, p.flags);
	EXPECT_EQ(1000, p.sport);

	build(&f, F_V4_LATER_FRAG);
	parse(_metadata, self, &f, BB_LAYER_L3, &p);
	EXPECT_EQ(BB_PKT_FRAG | BB_PKT_LATER_FRAG, p.flags);
	EXPECT_EQ(0, p.sport);
	EXPECT_EQ(0, p.dport);
	EXPECT_EQ(IPPROTO_UDP, p.proto);
}

TEST_F(parser, vlan_and_qinq)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_VLAN_V4_UDP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(1, p.vlans);
	EXPECT_EQ(53, p.dport);
	EXPECT_EQ(14 + 4 + 20, p.l4_off);

	build(&f, F_QINQ_V6_TCP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(2, p.vlans);
	EXPECT_EQ(BB_AF_INET6, p.family);
	EXPECT_EQ(443, p.dport);
	EXPECT_EQ(14 + 8 + 40, p.l4_off);

	/* A third tag is more than we skip: the frame stays unparsed. */
	build(&f, F_THREE_TAGS);
	parse(_metadata, self, &f, BB_LAYER_L2, &p);
	EXPECT_EQ(2, p.vlans);
	EXPECT_EQ(ETH_P_8021Q, p.eth_proto);
}

TEST_F(parser, ipv6_extension_headers)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V6_EXT_UDP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(IPPROTO_UDP, p.proto);
	EXPECT_EQ(14 + 40 + 8 + 24 + 16 + 8, p.l4_off);
	EXPECT_EQ(BB_PKT_FRAG, p.flags);
	EXPECT_EQ(7, p.sport);
	EXPECT_EQ(9, p.dport);

	build(&f, F_V6_LATER_FRAG);
	parse(_metadata, self, &f, BB_LAYER_L3, &p);
	EXPECT_EQ(BB_PKT_FRAG | BB_PKT_LATER_FRAG, p.flags);
	EXPECT_EQ(0, p.sport);

	build(&f, F_V6_TOO_MANY_EXT);
	parse(_metadata, self, &f, BB_LAYER_L3, &p);
	EXPECT_EQ(BB_PKT_EXT_LIMIT, p.flags);
	EXPECT_EQ(IPPROTO_DSTOPTS, p.proto);
}

TEST_F(parser, sctp_ports)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V4_SCTP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(IPPROTO_SCTP, p.proto);
	EXPECT_EQ(40000, p.sport);
	EXPECT_EQ(9, p.dport);
	build(&f, F_V6_SCTP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(5000, p.sport);
	EXPECT_EQ(80, p.dport);
	EXPECT_EQ(14 + 40, p.l4_off);
}

TEST_F(parser, icmp_and_arp)
{
	struct frame f;
	struct bb_pkt p;

	build(&f, F_V4_ICMP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(8, p.sport);		/* echo request */
	build(&f, F_V6_ICMP);
	parse(_metadata, self, &f, BB_LAYER_L4, &p);
	EXPECT_EQ(128, p.sport);	/* ICMPv6 echo request */
	EXPECT_EQ(IPPROTO_ICMPV6, p.proto);
	build(&f, F_ARP);
	parse(_metadata, self, &f, BB_LAYER_L2, &p);
	EXPECT_EQ(ETH_P_ARP, p.eth_proto);
}

/* Every frame, cut at every length: exactly the layer the bytes allow. */
TEST_F(parser, truncated_at_every_offset)
{
	struct frame f;
	__u32 len;
	int k, got, want;

	for (k = 0; k < F_KINDS; k++) {
		build(&f, k);
		for (len = 1; len <= f.len; len++) {
			got = run_frame(self->prog_fd, &f, len);
			want = expected_layer(&f, len);
			if (len < ETH_HLEN)
				want = -EINVAL;	/* the kernel's minimum */
			ASSERT_EQ(want, got)
				TH_LOG("frame kind %d cut at %u of %u bytes",
				       k, len, f.len);
		}
	}
}

/* ---- filter_packet.bpf.o ---------------------------------------- */

/* Parse @text as a deny file, as the tools do. */
static int load_rules(const char *text, struct deny_list *l)
{
	char path[] = "/tmp/test_xdp_parser.XXXXXX";
	int fd = mkstemp(path), err = -1;

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) == (ssize_t)strlen(text))
		err = deny_list_load("test_xdp_parser", path, l);
	close(fd);
	unlink(path);
	return err;
}

/* The maps of filter_packet's object, as the tools fill them. */
static void table_maps(struct bb_object *obj, struct deny_maps *maps)
{
	int k;

	for (k = 0; k < DENY_KINDS; k++)
		maps->rules[k] = bb_map__fd(bb_object__find_map(obj,
							deny_kind_map[k]));
	maps->counters = bb_map__fd(bb_object__find_map(obj, "rule_stats"));
	maps->shape = bb_map__fd(bb_object__find_map(obj, ".data.deny"));
	maps->ports = bb_map__fd(bb_object__find_map(obj, "deny_ports"));
}

/* Make @t hold the rules of deny file text @text. */
static int table_apply(struct deny_table *t, const char *text)
{
	struct deny_list l;
	struct deny_diff d;
	int err;

	err = load_rules(text, &l);
	if (!err)
		err = deny_table_apply(t, &l, &d);
	deny_list_free(&l);
	return err;
}

/* The counter slot of the rule in force written as @text, or -1. */
static __s64 table_index(const struct deny_table *t, const char *text)
{
	char buf[DENY_RULE_STRLEN];
	size_t i;

	for (i = 0; i < t->count; i++) {
		deny_rule_format(&t->rules[i], buf, sizeof(buf));
		if (!strcmp(buf, text))
			return t->rules[i].index;
	}
	return -1;
}

FIXTURE(filter) {
	struct bb_object *obj;
	struct deny_table table;
	int prog_fd;
	int ncpus;
};

static const char filter_rules[] =
	"198.51.100.0/24\n192.0.2.10\n2001:db8::dead\n2001:db8:1::/48\n";

FIXTURE_SETUP(filter)
{
	struct deny_maps maps;

	ASSERT_EQ(0, open_object("filter_packet", &self->obj));
	self->prog_fd = bb_test_prog_fd(self->obj, "filter_packet");
	self->ncpus = bb_num_possible_cpus();
	ASSERT_LE(0, self->prog_fd);
	table_maps(self->obj, &maps);
	ASSERT_LE(0, maps.shape);
	ASSERT_LE(0, maps.rules[DENY_ADDR_V4]);
	ASSERT_EQ(0, deny_table_init(&self->table, "test_xdp_parser", &maps,
				     64));
	ASSERT_EQ(0, table_apply(&self->table, filter_rules));
}

FIXTURE_TEARDOWN(filter)
{
	deny_table_free(&self->table);
	bb_object__close(self->obj);
}

/* The packets rule @text counted so far (0 if it is not in force). */
static __u64 rule_packets(struct __test_metadata *_metadata,
			  FIXTURE_DATA(filter) *self, const char *text)
{
	struct bb_count vals[self->ncpus], sum;
	__s64 idx = table_index(&self->table, text);
	__u32 key = idx;

	if (idx < 0)
		return 0;
	EXPECT_EQ(0, bb_map_lookup_elem(self->table.maps.counters, &key,
					vals, 0));
	percpu_sum_counts(vals, self->ncpus, &sum);
	return sum.packets;
}

/* Which frames the rules above deny (by source). */
static bool denied(enum frame_kind k)
{
	return k == F_V4_OPTS_TCP || k == F_V4_ICMP || k == F_V6_ICMP ||
	       k == F_V6_CIDR_UDP;
}

TEST_F(filter, drops_denied_sources_once_the_ip_header_is_whole)
{
	__u64 drops = 0;
	struct frame f;
	__u32 len;
	int k, want;

	for (k = 0; k < F_KINDS; k++) {
		build(&f, k);
		for (len = ETH_HLEN; len <= f.len; len++) {
			want = denied(k) && f.l3_end && len >= f.l3_end ?
			       XDP_DROP : XDP_PASS;
			drops += want == XDP_DROP;
			ASSERT_EQ(want, run_frame(self->prog_fd, &f, len))
				TH_LOG("frame kind %d cut at %u of %u bytes",
				       k, len, f.len);
		}
	}
	EXPECT_EQ(drops, rule_packets(_metadata, self, "198.51.100.0/24") +
		  rule_packets(_metadata, self, "192.0.2.10/32") +
		  rule_packets(_metadata, self, "2001:db8::dead/128") +
		  rule_packets(_metadata, self, "2001:db8:1::/48"));
	EXPECT_LT(0, rule_packets(_metadata, self, "198.51.100.0/24"));
	EXPECT_LT(0, rule_packets(_metadata, self, "192.0.2.10/32"));
	EXPECT_LT(0, rule_packets(_metadata, self, "2001:db8::dead/128"));
	EXPECT_LT(0, rule_packets(_metadata, self, "2001:db8:1::/48"));
}

/*
 * A host rule inside a denied prefix is the longer match: its counters
 * count the drop, and once a reload takes it out, the prefix's do.
 */
TEST_F(filter, host_rule_beats_its_prefix)
{
	struct frame f;

	build(&f, F_V4_OPTS_TCP);		/* from 198.51.100.7 */
	ASSERT_EQ(0, table_apply(&self->table, "198.51.100.7\n198.51.100.0/24\n"));
	ASSERT_EQ(XDP_DROP, run_frame(self->prog_fd, &f, f.len));
	EXPECT_EQ(1, rule_packets(_metadata, self, "198.51.100.7/32"));
	EXPECT_EQ(0, rule_packets(_metadata, self, "198.51.100.0/24"));

	ASSERT_EQ(0, table_apply(&self->table, "198.51.100.0/24\n"));
	ASSERT_EQ(XDP_DROP, run_frame(self->prog_fd, &f, f.len));
	EXPECT_EQ(1, rule_packets(_metadata, self, "198.51.100.0/24"));
}

/*
 * BPF searches one half of an address table, for the lengths listed
 * with that half: a prefix written to the other half, or at a length
 * the list lacks, is not seen. Only the flip of a reload makes a new
 * list of rules count, all at once.
 */
TEST_F(filter, address_rules_change_all_at_once)
{
	struct deny_addr *a4 = &self->table.addr[0];
	struct bb_deny_len lens[BB_LENS_V4];
	__u32 cur, nlens;
	struct deny_list l;
	struct frame f;

	build(&f, F_V4_OPTS_TCP);		/* from 198.51.100.7 */
	ASSERT_EQ(0, table_apply(&self->table, "192.0.2.10\n"));
	ASSERT_EQ(XDP_PASS, run_frame(self->prog_fd, &f, f.len));
	cur = self->table.hints->shape.lens_cur;
	ASSERT_EQ(0, load_rules("192.0.2.10\n198.51.100.0/24\n", &l));
	l.rules[0].index = l.rules[1].index = 5;

	/* the half BPF does not read */
	ASSERT_EQ(0, deny_addr_build(a4, !cur, l.rules, l.count,
				     self->table.seed, lens, &nlens));
	EXPECT_EQ(2, nlens);
	EXPECT_EQ(XDP_PASS, run_frame(self->prog_fd, &f, f.len));

	/* the half it reads, but /24 is not in its list */
	ASSERT_EQ(0, deny_addr_build(a4, cur, l.rules, l.count,
				     self->table.seed, lens, &nlens));
	EXPECT_EQ(XDP_PASS, run_frame(self->prog_fd, &f, f.len));
	deny_list_free(&l);

	/* a reload: the other half, with its list */
	ASSERT_EQ(0, table_apply(&self->table, "198.51.100.0/24\n"));
	EXPECT_EQ(!cur, self->table.hints->shape.lens_cur);
	EXPECT_EQ(XDP_DROP, run_frame(self->prog_fd, &f, f.len));
	EXPECT_EQ(1, rule_packets(_metadata, self, "198.51.100.0/24"));
}

/* Not a pass/fail check: how long one frame takes, for the report. */
TEST_F(filter, ns_per_packet)
{
	struct bb_test_run_opts o = { .repeat = 1000000 };
	struct frame f;

	build(&f, F_V4_UDP);		/* allowed: full lookup, XDP_PASS */
	o.data_in = f.buf;
	o.data_size_in = f.len;
	ASSERT_EQ(0, bb_prog_test_run(self->prog_fd, &o));
	ASSERT_EQ(XDP_PASS, o.retval);
	printf("# filter_packet: %u ns per allowed IPv4/UDP frame\n",
	       o.duration);
	build(&f, F_V6_CIDR_UDP);	/* denied by the /48 */
	memset(&o, 0, sizeof(o));	/* data_size_out came back set */
	o.repeat = 1000000;
	o.data_in = f.buf;
	o.data_size_in = f.len;
	ASSERT_EQ(0, bb_prog_test_run(self->prog_fd, &o));
	ASSERT_EQ(XDP_DROP, o.retval);
	printf("# filter_packet: %u ns per denied IPv6/UDP frame\n",
	       o.duration);
}

/* ---- filter_packet.bpf.o, rules by protocol and port ------------ */

/*
 * The rules of the precedence example of Documentation/xdp.rst, and
 * more of every kind. filter_packet matches sources: every frame below
 * goes to 192.0.2.2 or 2001:db8::2.
 */
static const char precedence_rules[] =
	"203.0.113.0/24\n"
	"203.0.113.7\n"
	"203.0.113.0/24 tcp\n"
	"tcp dport 22\n"
	"tcp sport 1024\n"
	"udp dport 53\n"
	"198.51.100.0/24 udp dport 53\n"
	"198.51.100.0/25 udp dport 53\n"
	"2001:db8::/32 udp\n"
	"icmp type 8\n"
	"203.0.113.0/24 icmp\n"
	"icmpv6 type 128\n"
	"sctp dport 9\n"
	"2001:db8:1::/48 sctp sport 5000\n";

/*
 * A frame and the rule that must count it (NULL: it passes). @port2 is
 * the destination port, or the ICMP type; @frag an IPv4 fragment offset
 * (a later fragment: no L4 header to read); @cut the bytes of L4 header
 * left in the frame (0: all).
 */
struct rule_case {
	__u8 proto;
	const char *src;
	__u16 sport;
	__u16 port2;
	__u16 frag;
	__u8 cut;
	const char *rule;
};

static const struct rule_case rule_cases[] = {
	{ IPPROTO_TCP, "203.0.113.7", 1024, 22, 0, 0, "tcp dport 22" },
	{ IPPROTO_TCP, "203.0.113.7", 1024, 80, 0, 0, "tcp sport 1024" },
	{ IPPROTO_TCP, "203.0.113.7", 40000, 80, 0, 0, "203.0.113.0/24 tcp" },
	{ IPPROTO_UDP, "203.0.113.7", 40000, 80, 0, 0, "203.0.113.7/32" },
	{ IPPROTO_UDP, "203.0.113.9", 40000, 80, 0, 0, "203.0.113.0/24" },
	{ IPPROTO_TCP, "192.0.2.1", 40000, 22, 0, 0, "tcp dport 22" },
	{ IPPROTO_TCP, "192.0.2.1", 40000, 80, 0, 0, NULL },
	{ IPPROTO_UDP, "198.51.100.7", 5000, 53, 0, 0,
	  "198.51.100.0/25 udp dport 53" },
	{ IPPROTO_UDP, "198.51.100.200", 5000, 53, 0, 0,
	  "198.51.100.0/24 udp dport 53" },
	{ IPPROTO_UDP, "192.0.2.1", 5000, 53, 0, 0, "udp dport 53" },
	{ IPPROTO_UDP, "2001:db8::1", 5000, 53, 0, 0, "udp dport 53" },
	{ IPPROTO_UDP, "2001:db8::1", 5000, 54, 0, 0, "2001:db8::/32 udp" },
	{ IPPROTO_ICMP, "203.0.113.9", 0, 8, 0, 0, "icmp type 8" },
	{ IPPROTO_ICMP, "203.0.113.9", 0, 0, 0, 0, "203.0.113.0/24 icmp" },
	{ IPPROTO_ICMP, "192.0.2.1", 0, 0, 0, 0, NULL },
	{ IPPROTO_ICMPV6, "2001:db8::1", 0, 128, 0, 0, "icmpv6 type 128" },
	{ IPPROTO_ICMPV6, "2001:db8::1", 0, 129, 0, 0, NULL },
	{ IPPROTO_SCTP, "192.0.2.1", 40000, 9, 0, 0, "sctp dport 9" },
	{ IPPROTO_SCTP, "2001:db8:1::5", 5000, 80, 0, 0,
	  "2001:db8:1::/48 sctp sport 5000" },
	{ IPPROTO_SCTP, "2001:db8:2::5", 5000, 80, 0, 0, NULL },
	/* A later fragment has a protocol but no ports. */
	{ IPPROTO_TCP, "203.0.113.9", 1024, 22, 185, 0, "203.0.113.0/24 tcp" },
	{ IPPROTO_TCP, "192.0.2.1", 1024, 22, 185, 0, NULL },
	/* So has a header cut short: a port it does not show never matches. */
	{ IPPROTO_UDP, "192.0.2.1", 5000, 53, 0, 3, NULL },
	{ IPPROTO_UDP, "2001:db8::1", 5000, 53, 0, 3, "2001:db8::/32 udp" },
	/* ICMP in IPv6, ICMPv6 in IPv4: neither icmp nor icmpv6 rule. */
	{ IPPROTO_ICMP, "2001:db8::1", 0, 8, 0, 0, NULL },
	{ IPPROTO_ICMPV6, "192.0.2.1", 0, 128, 0, 0, NULL },
};

static void build_case(struct frame *f, const struct rule_case *c)
{
	bool v6 = strchr(c->src, ':');

	add_eth(f, NULL, 0, v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (v6)
		add_ipv6(f, c->proto, c->src, "2001:db8::2");
	else
		add_ipv4(f, c->proto, c->src, "192.0.2.2", 5, c->frag);
	switch (c->proto) {
	case IPPROTO_TCP:
		add_tcp(f, c->sport, c->port2);
		break;
	case IPPROTO_UDP:
		add_udp(f, c->sport, c->port2);
		break;
	case IPPROTO_SCTP:
		add_sctp(f, c->sport, c->port2);
		break;
	default:
		add_icmp(f, c->port2, 0);
		break;
	}
	if (c->cut)
		f->len = f->l3_end + c->cut;
}

FIXTURE(rules) {
	struct bb_object *obj;
	struct deny_table table;
	int prog_fd;
	int ncpus;
};

/* The maps of the object, and the rules in them, by the tools' code. */
FIXTURE_SETUP(rules)
{
	struct deny_maps maps;
	struct deny_list l;
	struct deny_diff d;

	ASSERT_EQ(0, open_object("filter_packet", &self->obj));
	self->prog_fd = bb_test_prog_fd(self->obj, "filter_packet");
	ASSERT_LE(0, self->prog_fd);
	self->ncpus = bb_num_possible_cpus();
	table_maps(self->obj, &maps);
	ASSERT_LE(0, maps.shape);
	ASSERT_LE(0, maps.ports);
	ASSERT_EQ(0, load_rules(precedence_rules, &l));
	ASSERT_EQ(0, deny_table_init(&self->table, "test_xdp_parser", &maps,
				     64));
	ASSERT_EQ(0, deny_table_apply(&self->table, &l, &d));
	deny_list_free(&l);
}

FIXTURE_TEARDOWN(rules)
{
	deny_table_free(&self->table);
	bb_object__close(self->obj);
}

/* The packets each rule of the table counted, in the table's order. */
static void read_counts(struct __test_metadata *_metadata,
			FIXTURE_DATA(rules) *self, __u64 *packets)
{
	struct bb_count vals[self->ncpus], sum;
	size_t i;

	for (i = 0; i < self->table.count; i++) {
		ASSERT_EQ(0, bb_map_lookup_elem(self->table.maps.counters,
						&self->table.rules[i].index,
						vals, 0));
		percpu_sum_counts(vals, self->ncpus, &sum);
		packets[i] = sum.packets;
	}
}

/*
 * Each frame is dropped if a rule matches it and passed if none does,
 * and exactly one counter moves: the first rule in the documented order.
 */
TEST_F(rules, the_most_specific_rule_counts_each_drop)
{
	__u64 before[64], after[64];
	char text[DENY_RULE_STRLEN];
	const struct rule_case *c;
	const char *counted;
	struct frame f;
	size_t i, r;

	ASSERT_EQ(14, self->table.count);
	for (i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++) {
		c = &rule_cases[i];
		build_case(&f, c);
		read_counts(_metadata, self, before);
		EXPECT_EQ(c->rule ? XDP_DROP : XDP_PASS,
			  run_frame(self->prog_fd, &f, f.len))
			TH_LOG("case %zu: proto %u from %s", i, c->proto,
			       c->src);
		read_counts(_metadata, self, after);
		counted = NULL;
		for (r = 0; r < self->table.count; r++) {
			if (after[r] == before[r])
				continue;
			ASSERT_EQ(NULL, counted) TH_LOG("case %zu", i);
			ASSERT_EQ(before[r] + 1, after[r]);
			deny_rule_format(&self->table.rules[r], text,
					 sizeof(text));
			counted = text;
		}
		if (c->rule) {
			ASSERT_NE(NULL, counted) TH_LOG("case %zu", i);
			EXPECT_STREQ(c->rule, counted) TH_LOG("case %zu", i);
		} else {
			EXPECT_EQ(NULL, counted) TH_LOG("case %zu: %s", i,
							 counted);
		}
	}
}

/* Is @port's bit set in bitmap @map of deny_ports, as BPF reads it? */
static int port_named(struct __test_metadata *_metadata,
		      FIXTURE_DATA(rules) *self, __u32 map, __u16 port)
{
	__u32 key = map * BB_PORT_WORDS + port / 64;
	__u64 word = 0;

	EXPECT_EQ(0, bb_map_lookup_elem(self->table.maps.ports, &key, &word,
					0));
	return word >> (port % 64) & 1;
}

/*
 * A reload that takes the rules by protocol away leaves a list of
 * addresses, and BPF stops looking for them: .data.deny and deny_ports
 * say so.
 */
TEST_F(rules, address_rules_alone_skip_the_protocol_maps)
{
	struct bb_deny_shape shape;
	struct deny_list l;
	struct deny_diff d;
	struct frame f;
	__u32 zero = 0;

	ASSERT_EQ(0, bb_map_lookup_elem(self->table.maps.shape, &zero,
					&shape, 0));
	EXPECT_EQ(12, shape.l4_rules);
	EXPECT_EQ(BB_SHAPE_FIRST_ANY | BB_SHAPE_SPORT_ANY | BB_SHAPE_PROTO_NET,
		  shape.l4_v4[IPPROTO_TCP]);
	EXPECT_EQ(BB_SHAPE_FIRST_ANY | BB_SHAPE_SPORT_ANY,
		  shape.l4_v6[IPPROTO_TCP]);
	EXPECT_EQ(BB_SHAPE_FIRST_ANY | BB_SHAPE_FIRST_NET,
		  shape.l4_v4[IPPROTO_UDP]);
	EXPECT_EQ(BB_SHAPE_FIRST_ANY | BB_SHAPE_PROTO_NET,
		  shape.l4_v6[IPPROTO_UDP]);
	EXPECT_EQ(BB_SHAPE_TYPE | BB_SHAPE_FIRST_ANY | BB_SHAPE_PROTO_NET,
		  shape.l4_v4[IPPROTO_ICMP]);
	EXPECT_EQ(0, shape.l4_v6[IPPROTO_ICMP]);
	EXPECT_EQ(BB_SHAPE_TYPE | BB_SHAPE_FIRST_ANY,
		  shape.l4_v6[IPPROTO_ICMPV6]);
	EXPECT_EQ(0, shape.l4_v4[IPPROTO_ICMPV6]);
	EXPECT_EQ(BB_SHAPE_FIRST_ANY | BB_SHAPE_SPORT_NET,
		  shape.l4_v6[IPPROTO_SCTP]);

	/* deny_ports: dport 22 (and 53, type 8, ...) and sport 1024 */
	EXPECT_EQ(1, port_named(_metadata, self, BB_PORTS_FIRST, 22));
	EXPECT_EQ(1, port_named(_metadata, self, BB_PORTS_FIRST, 128));
	EXPECT_EQ(0, port_named(_metadata, self, BB_PORTS_FIRST, 1024));
	EXPECT_EQ(1, port_named(_metadata, self, BB_PORTS_SPORT, 1024));
	EXPECT_EQ(0, port_named(_metadata, self, BB_PORTS_SPORT, 22));

	ASSERT_EQ(0, load_rules("203.0.113.0/24\n203.0.113.7\n", &l));
	ASSERT_EQ(0, deny_table_apply(&self->table, &l, &d));
	deny_list_free(&l);
	EXPECT_EQ(12, d.removed);
	ASSERT_EQ(0, bb_map_lookup_elem(self->table.maps.shape, &zero,
					&shape, 0));
	EXPECT_EQ(0, shape.l4_rules);
	EXPECT_EQ(0, shape.l4_v4[IPPROTO_TCP]);
	EXPECT_EQ(2, shape.lens_v4[shape.lens_cur].nr);	/* /32, /24 */
	EXPECT_EQ(32, shape.lens_v4[shape.lens_cur].v[0].len);
	EXPECT_EQ(24, shape.lens_v4[shape.lens_cur].v[1].len);
	EXPECT_EQ(0, shape.lens_v6[shape.lens_cur].nr);
	EXPECT_EQ(0, port_named(_metadata, self, BB_PORTS_FIRST, 22));
	EXPECT_EQ(0, port_named(_metadata, self, BB_PORTS_SPORT, 1024));
	build_case(&f, &rule_cases[5]);		/* TCP to port 22 */
	EXPECT_EQ(XDP_PASS, run_frame(self->prog_fd, &f, f.len));
	build_case(&f, &rule_cases[0]);		/* the same from .7 */
	EXPECT_EQ(XDP_DROP, run_frame(self->prog_fd, &f, f.len));
}

/* ---- filter_packet.bpf.o, longest prefix against a reference ----- */

/* A small PRNG of our own: the same rules and packets on every run. */
static __u32 lcg_next(__u64 *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return *state >> 33;
}

/*
 * A random address of @family inside the documentation ranges, drawn
 * from few values per byte so that prefixes of all lengths nest; a
 * packet's (@pkt) has a last byte of any value, so that some miss.
 */
static void random_addr(__u64 *st, int family, bool pkt, __u8 *a)
{
	static const __u8 v4_nets[3][3] = {
		{ 192, 0, 2 }, { 198, 51, 100 }, { 203, 0, 113 } };
	int i;

	if (family == AF_INET) {
		memcpy(a, v4_nets[lcg_next(st) % 3], 3);
		a[3] = lcg_next(st) % 4 * 64 + lcg_next(st) % 8;
		if (pkt)
			a[3] = lcg_next(st);
		return;
	}
	memset(a, 0, 16);
	a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = 0xb8;
	for (i = 4; i < 16; i += 3)
		a[i] = lcg_next(st) % 3;
	a[15] |= lcg_next(st) % 4;
	if (pkt)
		a[15] = lcg_next(st);
}

static void mask_addr(__u8 *a, unsigned int len, unsigned int bits)
{
	unsigned int i;

	for (i = len; i < bits; i++)
		a[i / 8] &= ~(0x80 >> (i % 8));
}

/*
 * @n distinct random address rules as deny file text, and in @rules;
 * with @all_lengths from /8 and /32 up, else only from /28 and /120.
 */
static size_t random_rules(__u64 *st, struct deny_rule *rules, size_t n,
			   bool all_lengths, char *text, size_t size)
{
	char buf[INET6_ADDRSTRLEN];
	struct deny_rule r;
	size_t k = 0, i, off = 0;
	unsigned int bits;

	while (k < n) {
		memset(&r, 0, sizeof(r));
		r.family = lcg_next(st) % 2 ? AF_INET : AF_INET6;
		bits = r.family == AF_INET ? 32 : 128;
		if (all_lengths)
			r.prefixlen = bits == 32 ? 8 + lcg_next(st) % 25 :
				      32 + lcg_next(st) % 97;
		else
			r.prefixlen = bits == 32 ? 28 + lcg_next(st) % 5 :
				      120 + lcg_next(st) % 9;
		random_addr(st, r.family, false, r.addr);
		mask_addr(r.addr, r.prefixlen, bits);
		for (i = 0; i < k; i++)
			if (!memcmp(&rules[i], &r, sizeof(r)))
				break;
		if (i < k)
			continue;
		rules[k++] = r;
		inet_ntop(r.family, r.addr, buf, sizeof(buf));
		off += snprintf(text + off, size - off, "%s/%u\n", buf,
				r.prefixlen);
	}
	return k;
}

/* The longest of @rules that holds @a, as the trie would find it. */
static const struct deny_rule *reference_match(const struct deny_rule *rules,
					       size_t n, int family,
					       const __u8 *a)
{
	const struct deny_rule *best = NULL;
	__u8 m[16];
	size_t i;

	for (i = 0; i < n; i++) {
		if (rules[i].family != family)
			continue;
		memcpy(m, a, 16);
		mask_addr(m, rules[i].prefixlen, family == AF_INET ? 32 : 128);
		if (memcmp(m, rules[i].addr, family == AF_INET ? 4 : 16))
			continue;
		if (!best || rules[i].prefixlen > best->prefixlen)
			best = &rules[i];
	}
	return best;
}

/* Send one UDP packet from @src; its verdict. */
static int verdict_from(int prog_fd, const char *src)
{
	struct rule_case c = { IPPROTO_UDP, src, 5000, 80, 0, 0, NULL };
	struct frame f;

	build_case(&f, &c);
	return run_frame(prog_fd, &f, f.len);
}

/*
 * Rules of many prefix lengths, nested, in both families: each packet
 * is dropped exactly when a rule holds its source, and counted on the
 * longest such rule, as a longest-prefix-match trie would have it; then
 * again after a reload to a list of every length.
 */
TEST_F(filter, longest_prefix_wins_against_a_reference)
{
	static struct deny_rule rules[400];
	static char text[400 * 64];
	char src[INET6_ADDRSTRLEN], want[DENY_RULE_STRLEN];
	const struct deny_rule *best;
	struct deny_maps maps = self->table.maps;
	__u64 st = 42, before;
	int round, p, family;
	size_t n, hits = 0, misses = 0;
	__u8 a[16];

	deny_table_free(&self->table);
	ASSERT_EQ(0, deny_table_init(&self->table, "test_xdp_parser", &maps,
				     400));
	for (round = 0; round < 2; round++) {
		n = random_rules(&st, rules, 400, round, text, sizeof(text));
		ASSERT_EQ(0, table_apply(&self->table, text));
		for (p = 0; p < 1000; p++) {
			family = lcg_next(&st) % 2 ? AF_INET : AF_INET6;
			random_addr(&st, family, true, a);
			inet_ntop(family, a, src, sizeof(src));
			best = reference_match(rules, n, family, a);
			if (best)
				deny_rule_format(best, want, sizeof(want));
			before = best ? rule_packets(_metadata, self, want) : 0;
			ASSERT_EQ(best ? XDP_DROP : XDP_PASS,
				  verdict_from(self->prog_fd, src))
				TH_LOG("round %d: %s, want %s", round, src,
				       best ? want : "no rule");
			if (!best) {
				misses++;
				continue;
			}
			ASSERT_EQ(before + 1, rule_packets(_metadata, self, want))
				TH_LOG("round %d: %s not counted on %s", round,
				       src, want);
			hits++;
		}
	}
	printf("# %zu packets matched a rule, %zu none\n", hits, misses);
	/* Both outcomes were tried, many times. */
	EXPECT_LT(100, hits);
	EXPECT_LT(100, misses);
}

/*
 * Addresses in order, as blocklists have them, spread over the table:
 * an eighth full, Robin Hood hashing leaves about nine in ten entries in
 * their home slot. A hash that put them in runs failed this with
 * half of them off home, and every search that met a run paid for it.
 */
TEST_F(filter, hosts_in_order_stay_home)
{
	struct deny_maps maps = self->table.maps;
	struct bb_deny_len lens[BB_LENS_V4];
	static struct deny_rule r[8192];
	__u32 i, nlens, half, used = 0, home = 0;
	struct bb_addr_slot_v4 *s;
	struct deny_addr *a4;

	deny_table_free(&self->table);
	ASSERT_EQ(0, deny_table_init(&self->table, "test_xdp_parser", &maps,
				     20480));
	a4 = &self->table.addr[0];
	ASSERT_EQ(65536, a4->slots);
	half = !self->table.hints->shape.lens_cur;

	for (i = 0; i < 8192; i++) {
		r[i].family = AF_INET;
		r[i].prefixlen = 32;
		r[i].index = i;
		r[i].addr[0] = 10;
		r[i].addr[2] = i >> 8;
		r[i].addr[3] = i;
	}
	ASSERT_EQ(0, deny_addr_build(a4, half, r, 8192, self->table.seed,
				     lens, &nlens));
	s = (struct bb_addr_slot_v4 *)a4->map + half * a4->slots;
	for (i = 0; i < a4->slots; i++) {
		used += !!s[i].len1;
		home += s[i].len1 && !s[i].dist;
	}
	EXPECT_EQ(8192, used);
	printf("# %u of %u hosts in their home slot, in %u slots\n", home,
	       used, a4->slots);
	EXPECT_LE(used * 8 / 10, home);
}

/*
 * Slots of the half BPF reads that are home to two entries or more
 * (the slot heads of both families are alike).
 */
static __u32 shared_homes(const struct deny_table *t, int k)
{
	const struct deny_addr *a = &t->addr[k];
	__u32 i, n = 0, half = t->hints->shape.lens_cur & 1;
	const char *p = (const char *)a->map + half * a->slots * a->slot_size;

	for (i = 0; i < a->slots; i++)
		n += ((const struct bb_addr_slot_v4 *)
		      (p + i * a->slot_size))->homes > 1;
	return n;
}

/*
 * Address @i of 512 in @family: a host of the deny list (@denied) or
 * one next to it that is not.
 */
static void nth_addr(int family, int i, bool denied, char *buf, size_t size)
{
	if (family == AF_INET6)
		snprintf(buf, size, "2001:db8:%x::%d", i, denied ? 1 : 2);
	else if (denied)
		snprintf(buf, size, "%s.%d", i < 256 ? "198.51.100" :
			 "203.0.113", i % 256);
	else
		snprintf(buf, size, "192.0.2.%d", i % 256);
}

/*
 * As full as a table gets (all of --max-rules in one family: half its
 * slots), each family in turn: every host is found, wherever Robin Hood
 * put it, and no other address is, though many searches end at their
 * home slot on its count of entries alone.
 */
TEST_F(filter, a_half_full_table_finds_every_host)
{
	static const int families[] = { AF_INET6, AF_INET };
	static char text[512 * 48];
	struct deny_maps maps = self->table.maps;
	char src[INET6_ADDRSTRLEN];
	int round, i, family;
	size_t off;

	deny_table_free(&self->table);
	ASSERT_EQ(0, deny_table_init(&self->table, "test_xdp_parser", &maps,
				     512));
	ASSERT_EQ(1024, self->table.addr[0].slots);
	for (round = 0; round < 2; round++) {
		family = families[round];
		for (i = 0, off = 0; i < 512; i++) {
			nth_addr(family, i, true, src, sizeof(src));
			off += snprintf(text + off, sizeof(text) - off, "%s\n",
					src);
		}
		ASSERT_EQ(0, table_apply(&self->table, text));
		/* Searches that go past their home slot are tried too. */
		EXPECT_LT(10, shared_homes(&self->table, family == AF_INET ?
					   DENY_ADDR_V4 : DENY_ADDR_V6));
		for (i = 0; i < 512; i++) {
			nth_addr(family, i, true, src, sizeof(src));
			ASSERT_EQ(XDP_DROP, verdict_from(self->prog_fd, src))
				TH_LOG("%s is denied but passed", src);
			nth_addr(family, i, false, src, sizeof(src));
			ASSERT_EQ(XDP_PASS, verdict_from(self->prog_fd, src))
				TH_LOG("%s is not denied but dropped", src);
		}
	}
}

/* ---- hello_packet.bpf.o ----------------------------------------- */

TEST(hello_packet_classes)
{
	static const struct { enum frame_kind k; int pc; } cases[] = {
		{ F_V4_UDP, BB_PC_UDP }, { F_V4_OPTS_TCP, BB_PC_TCP },
		{ F_V4_ICMP, BB_PC_ICMP }, { F_V6_ICMP, BB_PC_ICMPV6 },
		{ F_QINQ_V6_TCP, BB_PC_TCP }, { F_V6_EXT_UDP, BB_PC_UDP },
		{ F_V4_GRE, BB_PC_IPV4_OTHER }, { F_V6_TOO_MANY_EXT,
		BB_PC_IPV6_OTHER }, { F_ARP, BB_PC_NON_IP },
		{ F_V4_BAD_IHL, BB_PC_NON_IP }, { F_V4_SCTP, BB_PC_IPV4_OTHER },
		{ F_V6_SCTP, BB_PC_IPV6_OTHER },
	};
	int ncpus = bb_num_possible_cpus(), prog_fd, map_fd;
	struct bb_count vals[ncpus], sum;
	struct bb_object *obj = NULL;
	__u32 want[BB_PC_MAX] = { 0 }, pc;
	struct frame f;
	size_t i;

	ASSERT_EQ(0, open_object("hello_packet", &obj));
	prog_fd = bb_test_prog_fd(obj, "hello_packet");
	map_fd = bb_map__fd(bb_object__find_map(obj, "proto_stats"));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		build(&f, cases[i].k);
		EXPECT_EQ(XDP_PASS, run_frame(prog_fd, &f, f.len));
		want[cases[i].pc]++;
	}
	for (pc = 0; pc < BB_PC_MAX; pc++) {
		EXPECT_EQ(0, bb_map_lookup_elem(map_fd, &pc, vals, 0));
		percpu_sum_counts(vals, ncpus, &sum);
		EXPECT_EQ(want[pc], sum.packets)
			TH_LOG("protocol class %u", pc);
	}
	bb_object__close(obj);
}

TEST_HARNESS_MAIN
