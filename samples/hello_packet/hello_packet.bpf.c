// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hello_packet - count the packets and bytes an interface receives, per
 * protocol. The XDP version of the workshop's lizrice.py.
 *
 * The workshop counts in a BPF_HASH: every packet does a lookup, then an
 * update of the same key from whichever CPU received it. Two CPUs doing
 * that at once both read 12 and both write 13: an increment is lost.
 * Here the counters live in a BPF_MAP_TYPE_PERCPU_ARRAY instead. Every
 * CPU has its own copy of each element, so a CPU only ever touches its
 * own counter and a plain "+=" is safe; user space adds the copies up
 * when it reads them. An array rather than a hash also means no element
 * is ever created at run time: lookups of a key below max_entries
 * cannot fail (the verifier still wants the NULL check).
 */
#include "bb_helpers.h"
#include "parsing.h"
#include "proto_stats.h"	/* the proto_stats map and bb_proto_count() */

SEC("xdp")
int hello_packet(struct xdp_md *ctx)
{
	struct bb_pkt pkt;

	bb_parse(ctx, &pkt);
	bb_proto_count(&pkt);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
