// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * filter_packet - drop the packets a rule of the deny file matches, by
 * source (or destination) address or prefix, protocol, port or ICMP
 * type; let everything else through.
 *
 * The maps, the per-rule counters and the lookup live in filter.h,
 * which fw.bpf.c shares; see there for how the address tables find the
 * longest prefix and in what order the rules are looked up.
 *
 * What the parser did not fully understand passes: ARP, IPv6 neighbour
 * discovery of hosts not denied, and IP headers cut short. A filter
 * that drops what it cannot read cuts hosts off their network.
 *
 * In allow mode (cfg.allow) it is the other way round: what a rule
 * matches passes, the rest is dropped, ARP and neighbour discovery
 * excepted (see filter.h). The verifier prunes the mode not chosen.
 */
#include "bb_helpers.h"
#include "parsing.h"
#include "filter.h"
#include "xdp_tools.h"

const volatile struct bb_xdp_cfg cfg = {};

/*
 * Allow mode, a function of its own: inlined, it changed how the
 * compiler laid out the deny path, which then cost a deny list 3 ns a
 * packet although the verifier removed the allow code.
 */
static __noinline int filter_allow(const struct bb_pkt *pkt)
{
	__u32 *rule;

	return bb_allow_verdict(pkt, cfg.match_dst, cfg.allow_strict, &rule);
}

SEC("xdp")
int filter_packet(struct xdp_md *ctx)
{
	int layer;
	struct bb_pkt pkt;
	__u32 *rule;

	layer = bb_parse(ctx, &pkt);
	if (cfg.allow)
		return filter_allow(&pkt);
	/* Only a whole IP header gives addresses we can trust. */
	if (layer < BB_LAYER_L3)
		return XDP_PASS;
	rule = bb_deny_lookup(&pkt, cfg.match_dst);
	if (!rule)
		return XDP_PASS;
	bb_rule_count(rule, pkt.len);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
