// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pkt_format.c - text and JSON forms of a packet event; see pkt_format.h.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "escape.h"
#include "pkt_format.h"
#include "wallclock.h"

const char *pkt_event_proto_name(const struct bb_pkt_event *ev)
{
	switch (ev->protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	case IPPROTO_ICMP:
		return ev->family == AF_INET ? "ICMP" : NULL;
	case IPPROTO_ICMPV6:
		return ev->family == AF_INET6 ? "ICMPv6" : NULL;
	}
	return NULL;
}

/* "192.0.2.1", "192.0.2.1:53", "[2001:db8::1]:53" */
static void endpoint(const struct bb_pkt_event *ev, const __u8 *addr,
		     __u16 port, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	bool v6 = ev->family == AF_INET6;

	inet_ntop(v6 ? AF_INET6 : AF_INET, addr, a, sizeof(a));
	if (!(ev->flags & BB_EV_PORTS))
		snprintf(buf, len, "%s", a);
	else
		snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", a, port);
}

void pkt_event_format(const struct bb_pkt_event *ev, char *buf, size_t len)
{
	char src[64], dst[64], num[16];
	const char *proto = pkt_event_proto_name(ev);

	if (ev->family != AF_INET && ev->family != AF_INET6) {
		snprintf(buf, len, "non-IP ethertype 0x%04x %u",
			 ev->eth_proto, ev->len);
		return;
	}
	endpoint(ev, ev->saddr, ev->sport, src, sizeof(src));
	endpoint(ev, ev->daddr, ev->dport, dst, sizeof(dst));
	if (!proto) {
		snprintf(num, sizeof(num), "proto %u", ev->protocol);
		proto = num;
	}
	snprintf(buf, len, "%s -> %s %s %u%s", src, dst, proto, ev->len,
		 ev->flags & BB_EV_FRAG ? " frag" : "");
}

int pkt_event_json(const struct bb_pkt_event *ev, const char *ifname,
		   const char *rule, __s64 wall_off_ns, FILE *out)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const char *proto = pkt_event_proto_name(ev);
	char stamp[WALLCLOCK_LEN], name[ESC_JSON_MAX(IF_NAMESIZE)];
	int fam = ev->family;

	wallclock_str(ev->ts_ns, wall_off_ns, true, stamp, sizeof(stamp));
	/* fw's events name their rule: they are drops, said as a type */
	fprintf(out, "{%s\"timestamp\":\"%s\",\"ifindex\":%u",
		rule ? "\"type\":\"drop\"," : "", stamp, ev->ifindex);
	if (ifname) {
		escape_json(name, ifname, strnlen(ifname, IF_NAMESIZE));
		fprintf(out, ",\"interface\":\"%s\"", name);
	}
	fprintf(out, ",\"length\":%u", ev->len);
	if (fam != AF_INET && fam != AF_INET6)
		return fprintf(out, ",\"ethertype\":%u}", ev->eth_proto);
	inet_ntop(fam, ev->saddr, src, sizeof(src));
	inet_ntop(fam, ev->daddr, dst, sizeof(dst));
	fprintf(out, ",\"family\":\"%s\",\"src\":\"%s\",\"dst\":\"%s\"",
		fam == AF_INET ? "ipv4" : "ipv6", src, dst);
	if (proto)
		fprintf(out, ",\"protocol\":\"%s\"", proto);
	else
		fprintf(out, ",\"protocol\":%u", ev->protocol);
	if (ev->flags & BB_EV_PORTS)
		fprintf(out, ",\"sport\":%u,\"dport\":%u", ev->sport,
			ev->dport);
	if (ev->flags & BB_EV_ICMP)
		fprintf(out, ",\"icmp_type\":%u,\"icmp_code\":%u", ev->sport,
			ev->dport);
	if (ev->flags & BB_EV_FRAG)
		fprintf(out, ",\"fragment\":true");
	if (rule)
		fprintf(out, ",\"rule\":\"%s\"", rule);
	return fprintf(out, "}");
}
