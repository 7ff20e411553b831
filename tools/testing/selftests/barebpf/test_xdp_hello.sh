#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_hello.sh - hello_packet counts exactly what it receives.
#
# Two namespaces, "cli" and "srv", joined by a veth pair; hello_packet
# runs on srv's end. Static neighbour entries on both sides mean no ARP
# and no neighbour discovery, so every IPv4, UDP and TCP packet srv
# receives is one xdpt_send sent and the counts can be checked exactly.
# ICMPv6 is checked as "at least": the kernel sends MLD reports of its
# own. Each TCP count is one SYN to a closed port (answered by a RST that
# srv sends, which hello_packet does not see). Every report says when it
# was taken: a separator line with the time in text, a "timestamp" in
# JSON, within the run.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

HELLO=$BB_BIN/hello_packet

require_root
require_cmd ip python3
xdp_require_bins "$HELLO" "$SEND"

ktap_header
ktap_plan 5
xdp_tmpdir

send()
{
	ip netns exec "$cli" "$SEND" "$@"
}

# hello_json MODE: run hello_packet in MODE, send a known mix, stop it
# and leave its last JSON line in $tmp/last.json.
hello_json()
{
	local t0 t1

	t0=$(now_s)
	xdp_start "$srv" attached "$HELLO" -i veth1 -m "$1" -j -n 1 ||
		return 1
	send icmp 192.0.2.2 -c 5 >/dev/null &&
	send udp 192.0.2.2 -c 7 >/dev/null &&
	send tcp 192.0.2.2 -c 3 >/dev/null &&
	send udp 2001:db8::2 -c 4 >/dev/null &&
	send tcp 2001:db8::2 -c 2 >/dev/null &&
	send icmp 2001:db8::2 -c 6 >/dev/null || return 1
	sleep 0.2
	xdp_stop || return 1
	t1=$(now_s)
	check_times json "$tmp/out" "$t0" "$t1" >/dev/null || return 1
	tail -n 1 "$tmp/out" > "$tmp/last.json"
}

# check_counts: exact IPv4/UDP/TCP counts and bytes, at least for ICMPv6.
check_counts()
{
	python3 - "$tmp/last.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))["protocols"]
want = {"ICMP": 5, "UDP": 11, "TCP": 5, "IPv4-other": 0, "IPv6-other": 0}
bad = [f"{k}: got {p[k]['packets']}, want {v}" for k, v in want.items()
       if p[k]["packets"] != v]
# 14 Ethernet + 20 IPv4 + 8 ICMP + 32 payload bytes per echo request
if p["ICMP"]["bytes"] != 5 * 74:
    bad.append(f"ICMP bytes: got {p['ICMP']['bytes']}, want 370")
if p["ICMPv6"]["packets"] < 6:
    bad.append(f"ICMPv6: got {p['ICMPv6']['packets']}, want >= 6")
print("\n".join(bad) or "counts as expected: " + json.dumps(p))
sys.exit(1 if bad else 0)
EOF
}

test_mode()
{
	hello_json "$1" && check_counts || return 1
	grep -q "detached from veth1" "$tmp/err" || {
		echo "no detach message"; cat "$tmp/err"; return 1; }
	! attached || { echo "a program is still attached"; return 1; }
}

# Two reports, each a separator line with the time, then the counters.
test_text_output()
{
	local line t0 t1

	t0=$(now_s)
	xdp_start "$srv" attached "$HELLO" -i veth1 -n 1 -c 2 || return 1
	send icmp 192.0.2.2 -c 2 >/dev/null
	xdp_wait_exit 10 || return 1
	t1=$(now_s)
	cat "$tmp/out"
	line=$(tail -n 1 "$tmp/out")
	[[ "$line" == *"Protocol ICMP: counter 2 ("*"pkt/s"* ]] &&
	[ "$(blocks "$tmp/out" '^(Protocol |No packets)')" = 2 ] &&
	[ "$(grep -cE '^(Protocol |No packets)' "$tmp/out")" = 2 ] &&
	[ "$(check_times text "$tmp/out" "$t0" "$t1")" = 2 ]
}

test_bad_input()
{
	local rc

	one_line_error 1 "$HELLO" -i bb-no-such-if0 || return 1
	"$HELLO" -i lo -n 0 2>/dev/null
	rc=$?
	[ "$rc" -eq 2 ] || { echo "-n 0 exited $rc, want 2"; return 1; }
	"$HELLO" --help | grep -q "^Exit status" || return 1
}

if ! xdp_topology "192.0.2.1/24 2001:db8::1/64" \
		  "192.0.2.2/24 2001:db8::2/64"; then
	ktap_skip_all "cannot build the veth topology"
fi

run_test "hello_packet counts exactly (native XDP)" \
	xdp_reaped test_mode native
run_test "hello_packet counts exactly (generic XDP)" \
	xdp_reaped test_mode skb
run_test "hello_packet text output in the workshop's style, timed" \
	xdp_reaped test_text_output
run_test "hello_packet rejects bad input with one line" test_bad_input
run_test "nothing left attached" nothing_attached

ktap_finish
