/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * parsing.h - the one bounds-checked packet parser of the XDP samples.
 *
 * An XDP program sees the frame as two pointers, ctx->data and
 * ctx->data_end. Before it may read a byte it must prove to the verifier
 * that the byte lies before data_end; a read the verifier cannot prove
 * safe gets the whole program rejected at load time. Every function
 * below therefore follows one pattern, the one xdp-tutorial teaches:
 *
 *	hdr = cursor->pos;
 *	if ((void *)(hdr + 1) > data_end)	// is the whole header there?
 *		return -1;			// no: stop parsing here
 *	cursor->pos = hdr + 1;			// yes: step over it
 *
 * and only then dereferences hdr.
 *
 * bb_parse() walks Ethernet, up to two VLAN tags (802.1Q and 802.1ad,
 * "QinQ"), IPv4 (options included, as IHL says) or IPv6 (with up to
 * BB_IPV6_MAX_EXT extension headers skipped) and the first bytes of
 * TCP, UDP, SCTP, ICMP or ICMPv6, and fills a struct bb_pkt. It never fails:
 * it stops at the first header that is not complete, and pkt->layer says
 * how far it got. Callers decide from that what they may rely on. A
 * filter in particular must not drop a packet because of a field the
 * parser never reached (see the field notes: never drop what you do not
 * understand).
 *
 * Everything here is static __always_inline: BPF programs built for
 * older kernels could not call functions, and inlining lets the verifier
 * see the bounds checks and the reads in one function.
 */
#ifndef BB_PARSING_H
#define BB_PARSING_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>

/* Address families as the socket API numbers them (not in the UAPI). */
#define BB_AF_INET	2
#define BB_AF_INET6	10

/* Byte order; the BPF target has the byte order of the host. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define bb_ntohs(x)	__builtin_bswap16(x)
#define bb_htons(x)	__builtin_bswap16(x)
#else
#define bb_ntohs(x)	(x)
#define bb_htons(x)	(x)
#endif

/* IPv4 frag_off bits (kernel-internal names, not in the UAPI). */
#define BB_IP_MF	0x2000
#define BB_IP_OFFSET	0x1fff

/* At most this many VLAN tags are skipped (802.1ad outer + 802.1Q). */
#define BB_VLAN_MAX_DEPTH	2
/* At most this many IPv6 extension headers are skipped. */
#define BB_IPV6_MAX_EXT		6

/* How far bb_parse() got; each layer implies the ones before. */
enum bb_layer {
	BB_LAYER_NONE = 0,	/* not even a whole Ethernet header */
	BB_LAYER_L2,		/* Ethernet (+ VLAN); eth_proto is valid */
	BB_LAYER_L3,		/* whole IP header; family, addresses, proto */
	BB_LAYER_L4,		/* first L4 header; ports or ICMP type/code */
};

/* pkt->flags */
#define BB_PKT_FRAG		0x01	/* a fragment, first or not */
#define BB_PKT_LATER_FRAG	0x02	/* not the first fragment: no L4 */
#define BB_PKT_EXT_LIMIT	0x04	/* IPv6 ext headers too many or cut off */

/**
 * struct bb_pkt - what bb_parse() learnt about one frame
 * @len:	frame length in bytes (data_end - data)
 * @layer:	enum bb_layer, how far parsing got
 * @family:	BB_AF_INET, BB_AF_INET6 or 0
 * @proto:	IPv4 protocol or IPv6 upper-layer header (after extension
 *		headers); with BB_PKT_EXT_LIMIT the header we stopped at
 * @flags:	BB_PKT_*
 * @eth_proto:	EtherType after the VLAN tags, host byte order
 * @vlans:	VLAN tags skipped
 * @l4_off:	offset of the L4 header from the start of the frame
 * @sport:	TCP/UDP/SCTP source port, host order; ICMP/ICMPv6: the type
 * @dport:	TCP/UDP/SCTP destination port, host order; ICMP/ICMPv6: the
 *		code
 * @saddr:	source address, network order; IPv4 in saddr[0]
 * @daddr:	destination address, likewise
 */
struct bb_pkt {
	__u32 len;
	__u8 layer;
	__u8 family;
	__u8 proto;
	__u8 flags;
	__u16 eth_proto;
	__u8 vlans;
	__u8 pad;
	__u16 l4_off;
	__u16 sport;
	__u16 dport;
	__u16 pad2;
	__u32 saddr[4];
	__u32 daddr[4];
};

/* A VLAN tag as it sits after the MAC addresses (no UAPI struct). */
struct bb_vlan_hdr {
	__be16 tci;
	__be16 encap_proto;
};

/* The IPv6 fragment header (RFC 8200 4.5); no UAPI struct either. */
struct bb_ipv6_frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;	/* offset << 3 | M flag */
	__be32 identification;
};

/*
 * The first four bytes of ICMP and ICMPv6, which share them. (The UAPI
 * <linux/icmp.h> drags in libc's <sys/socket.h>, which a BPF build has
 * not got.)
 */
struct bb_icmp_hdr {
	__u8 type;
	__u8 code;
	__be16 checksum;
};

/* The SCTP common header (RFC 9260 3.1); the UAPI has none. */
struct bb_sctp_hdr {
	__be16 source;
	__be16 dest;
	__be32 vtag;
	__le32 checksum;
};

/* Where the parser stands in the frame. */
struct bb_cursor {
	void *pos;
	void *end;
};

static __always_inline int bb_is_vlan(__u16 h_proto)
{
	return h_proto == bb_htons(ETH_P_8021Q) ||
	       h_proto == bb_htons(ETH_P_8021AD);
}

/*
 * Ethernet and VLAN tags. Returns the EtherType in network order, or -1
 * if the frame ends inside them. The loop has a constant bound, which
 * the verifier accepts (and clang may unroll).
 */
static __always_inline int bb_parse_eth(struct bb_cursor *c,
					struct bb_pkt *pkt)
{
	struct ethhdr *eth = c->pos;
	struct bb_vlan_hdr *vlh;
	__u16 h_proto;
	int i;

	if ((void *)(eth + 1) > c->end)
		return -1;
	c->pos = eth + 1;
	h_proto = eth->h_proto;

	for (i = 0; i < BB_VLAN_MAX_DEPTH; i++) {
		if (!bb_is_vlan(h_proto))
			break;
		vlh = c->pos;
		if ((void *)(vlh + 1) > c->end)
			return -1;
		c->pos = vlh + 1;
		h_proto = vlh->encap_proto;
		pkt->vlans++;
	}
	return h_proto;
}

/*
 * IPv4. The header is ihl * 4 bytes (20 to 60): options are skipped,
 * not parsed. Only the first fragment of a datagram carries the L4
 * header; later ones start in the middle of the payload.
 */
static __always_inline int bb_parse_ipv4(struct bb_cursor *c,
					 struct bb_pkt *pkt)
{
	struct iphdr *iph = c->pos;
	__u32 hdrsize;

	if ((void *)(iph + 1) > c->end)
		return -1;
	hdrsize = iph->ihl * 4;
	if (hdrsize < sizeof(*iph))
		return -1;		/* malformed: IHL below 5 */
	if (c->pos + hdrsize > c->end)
		return -1;		/* options cut off */
	c->pos += hdrsize;

	pkt->family = BB_AF_INET;
	pkt->proto = iph->protocol;
	pkt->saddr[0] = iph->saddr;
	pkt->daddr[0] = iph->daddr;
	if (iph->frag_off & bb_htons(BB_IP_MF | BB_IP_OFFSET))
		pkt->flags |= BB_PKT_FRAG;
	if (iph->frag_off & bb_htons(BB_IP_OFFSET))
		pkt->flags |= BB_PKT_LATER_FRAG;
	return 0;
}

static __always_inline int bb_ipv6_is_ext(__u8 nexthdr)
{
	return nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING ||
	       nexthdr == IPPROTO_DSTOPTS || nexthdr == IPPROTO_FRAGMENT;
}

/*
 * Skip one IPv6 extension header; returns the next header's number or
 * -1 if this one is cut off. Hop-by-hop, routing and destination
 * options share a layout: next header, then the length in 8-byte units
 * not counting the first 8. The fragment header is always 8 bytes.
 */
static __always_inline int bb_skip_ipv6_ext(struct bb_cursor *c,
					    struct bb_pkt *pkt, __u8 nexthdr)
{
	struct bb_ipv6_frag_hdr *fh;
	struct ipv6_opt_hdr *oh;
	__u32 len;

	if (nexthdr == IPPROTO_FRAGMENT) {
		fh = c->pos;
		if ((void *)(fh + 1) > c->end)
			return -1;
		c->pos = fh + 1;
		pkt->flags |= BB_PKT_FRAG;
		if (fh->frag_off & bb_htons(0xfff8))
			pkt->flags |= BB_PKT_LATER_FRAG;
		return fh->nexthdr;
	}
	oh = c->pos;
	if ((void *)(oh + 1) > c->end)
		return -1;
	len = (oh->hdrlen + 1) * 8;
	if (c->pos + len > c->end)
		return -1;
	c->pos += len;
	return oh->nexthdr;
}

/*
 * IPv6: the fixed 40-byte header, then extension headers until an
 * upper-layer protocol shows up. A later fragment stops the walk: what
 * follows its fragment header is payload, not a header.
 */
static __always_inline int bb_parse_ipv6(struct bb_cursor *c,
					 struct bb_pkt *pkt)
{
	struct ipv6hdr *ip6h = c->pos;
	int nexthdr, i;

	if ((void *)(ip6h + 1) > c->end)
		return -1;
	c->pos = ip6h + 1;

	pkt->family = BB_AF_INET6;
	__builtin_memcpy(pkt->saddr, &ip6h->saddr, sizeof(pkt->saddr));
	__builtin_memcpy(pkt->daddr, &ip6h->daddr, sizeof(pkt->daddr));
	nexthdr = ip6h->nexthdr;
	pkt->proto = nexthdr;

	for (i = 0; i < BB_IPV6_MAX_EXT; i++) {
		if (!bb_ipv6_is_ext(nexthdr))
			return 0;
		if (pkt->flags & BB_PKT_LATER_FRAG)
			return 0;
		nexthdr = bb_skip_ipv6_ext(c, pkt, nexthdr);
		if (nexthdr < 0)
			return -1;	/* L3 known, L4 unreachable */
		pkt->proto = nexthdr;
	}
	if (bb_ipv6_is_ext(nexthdr))
		pkt->flags |= BB_PKT_EXT_LIMIT;
	return 0;
}

/*
 * The first L4 header: ports for TCP, UDP and SCTP, type and code for
 * ICMP.
 */
static __always_inline int bb_parse_l4(struct bb_cursor *c,
				       struct bb_pkt *pkt)
{
	struct bb_icmp_hdr *icmph;
	struct bb_sctp_hdr *sctph;
	struct udphdr *udph;
	struct tcphdr *tcph;

	if (pkt->flags & (BB_PKT_LATER_FRAG | BB_PKT_EXT_LIMIT))
		return -1;
	switch (pkt->proto) {
	case IPPROTO_TCP:
		tcph = c->pos;
		if ((void *)(tcph + 1) > c->end)
			return -1;
		pkt->sport = bb_ntohs(tcph->source);
		pkt->dport = bb_ntohs(tcph->dest);
		return 0;
	case IPPROTO_UDP:
		udph = c->pos;
		if ((void *)(udph + 1) > c->end)
			return -1;
		pkt->sport = bb_ntohs(udph->source);
		pkt->dport = bb_ntohs(udph->dest);
		return 0;
	case IPPROTO_SCTP:
		sctph = c->pos;
		if ((void *)(sctph + 1) > c->end)
			return -1;
		pkt->sport = bb_ntohs(sctph->source);
		pkt->dport = bb_ntohs(sctph->dest);
		return 0;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (pkt->family == BB_AF_INET6 && pkt->proto == IPPROTO_ICMP)
			return -1;
		if (pkt->family == BB_AF_INET && pkt->proto == IPPROTO_ICMPV6)
			return -1;
		icmph = c->pos;
		if ((void *)(icmph + 1) > c->end)
			return -1;
		pkt->sport = icmph->type;
		pkt->dport = icmph->code;
		return 0;
	}
	return -1;
}

/**
 * bb_parse() - parse one frame as far as its headers are complete
 * @ctx:	the XDP context
 * @pkt:	zeroed by this function, then filled in
 *
 * Returns pkt->layer, an enum bb_layer.
 */
static __always_inline int bb_parse(struct xdp_md *ctx, struct bb_pkt *pkt)
{
	struct bb_cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	void *start = c.pos;
	int h_proto;

	__builtin_memset(pkt, 0, sizeof(*pkt));
	pkt->len = c.end - c.pos;

	h_proto = bb_parse_eth(&c, pkt);
	if (h_proto < 0)
		return pkt->layer = BB_LAYER_NONE;
	pkt->eth_proto = bb_ntohs((__u16)h_proto);
	pkt->layer = BB_LAYER_L2;

	if (h_proto == bb_htons(ETH_P_IP)) {
		if (bb_parse_ipv4(&c, pkt) < 0)
			return pkt->layer;
	} else if (h_proto == bb_htons(ETH_P_IPV6)) {
		/* Addresses are valid even if an ext header is cut off. */
		if (bb_parse_ipv6(&c, pkt) < 0) {
			if (!pkt->family)
				return pkt->layer;
			pkt->flags |= BB_PKT_EXT_LIMIT;
			return pkt->layer = BB_LAYER_L3;
		}
	} else {
		return pkt->layer;
	}
	pkt->layer = BB_LAYER_L3;
	pkt->l4_off = c.pos - start;

	if (bb_parse_l4(&c, pkt) == 0)
		pkt->layer = BB_LAYER_L4;
	return pkt->layer;
}

#endif /* BB_PARSING_H */
