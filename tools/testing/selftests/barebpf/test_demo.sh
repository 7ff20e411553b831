#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_demo.sh - "make demo" keeps working: the tour runs to the end and
# each tool in it shows what it is there to show.
source "$(dirname "$0")/lib.sh"

B=${BB_BUILD:?BB_BUILD must point at the build directory}
SRC=${BB_SRC:-}
[ -n "$SRC" ] || SRC=$(cd "$(dirname "$0")/../../../.." && pwd)

require_root
require_cmd ping
out=$(mktemp)
cleanup_push "rm -f '$out'"
ktap_header
ktap_plan 6

BB_BUILD=$B "$SRC/scripts/demo.sh" >"$out" 2>&1 && rc=0 || rc=$?
expect_line()
{
	if grep -qE -- "$2" "$out"; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "no line matching /$2/"
	fi
}
if [ "$rc" -eq 0 ]; then
	ktap_ok "demo_runs_to_the_end"
else
	ktap_print_msg "$(tail -20 "$out")"
	ktap_fail "demo_runs_to_the_end" "exit status $rc"
fi
expect_line bpfobj_runs_xdp '^retval 1 \(XDP_DROP\)'
expect_line openfiles_sees_the_child '^/etc/os-release$'
expect_line hello_packet_counts_icmp '^Protocol ICMP: counter 5 '
expect_line bubble_packet_prints_packets '^[0-9:]{8}\.[0-9]{6} 192\.0\.2\.1 -> 192\.0\.2\.2 ICMP 98$'
expect_line fw_drops_and_reports '^[0-9:]{8}\.[0-9]{6} drop 192\.0\.2\.1 -> 192\.0\.2\.2 ICMP 98 rule 192\.0\.2\.0/24$'
ktap_finish
