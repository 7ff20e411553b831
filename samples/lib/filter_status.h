/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * filter_status.h - "--status": what the filter_packet or fw running on
 * an interface is doing, read from any shell out of what it pinned
 * (filter_pin.h), without stopping, signalling or slowing it.
 *
 *	fw --status -i veth1 [-j]
 *
 * prints who runs there since when, with which deny file, its protocol
 * counters if it has them, and every rule in force with what it dropped:
 *
 *	--- 19:04:58.201377 ---
 *	fw (pid 4242) on veth1 since 2026-12-02 19:04:55, program id 87,
 *	attached; 3 rules from /etc/deny, matching sources
 *	Protocol ICMP: counter 3 (0.8 pkt/s, 222 bytes, 56 B/s)
 *	rule 192.0.2.10/32 (/etc/deny:2): 3 packets, 222 bytes
 *	rule 198.51.100.0/24 (/etc/deny:3): 0 packets, 0 bytes
 *	total: 1 of 3 rules matched, 3 packets, 222 bytes dropped
 *
 * (the header is one line), or with -j one JSON object of "type":"status"
 * with the members of the tool's own counters. The rates are averages
 * since the start. Rules a reload removed are not shown: only the
 * running tool keeps their counts.
 *
 * A filter on several interfaces shows the same from each of them: the
 * header names them all ("on veth1, veth3"), and says on which the
 * program is no longer attached if it is not on all ("still attached to
 * veth1, no longer to veth3"); the JSON lists them in "interfaces".
 *
 * When nothing runs there it says so in one line on stderr, naming what
 * it found instead (no program, someone else's, or a directory left by
 * a run that was killed), and exits 1.
 */
#ifndef BB_FILTER_STATUS_H
#define BB_FILTER_STATUS_H

#include <stdbool.h>

struct xdp_cli;

/*
 * The status of @tool on the interface of @cli (-i), as text or with
 * @json a JSON line. Returns the exit code: XDP_EXIT_OK when it runs
 * there, XDP_EXIT_FAIL when not or when its state cannot be read.
 */
int filter_status(const char *tool, struct xdp_cli *cli, bool json);

#endif /* BB_FILTER_STATUS_H */
