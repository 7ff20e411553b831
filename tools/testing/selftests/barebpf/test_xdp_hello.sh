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
# srv sends, which hello_packet does not see).

source "$(dirname "$0")/../lib.sh"

BB_BUILD=${BB_BUILD:-$(cd "$(dirname "$0")/../../../../build" && pwd)}
HELLO=$BB_BUILD/bin/hello_packet
SEND=$BB_BUILD/selftests/workloads/xdpt_send

require_root
require_cmd ip python3
[ -x "$HELLO" ] && [ -x "$SEND" ] || ktap_skip_all "build hello_packet and xdpt_send first"

ktap_header
ktap_plan 5

tmp=$(mktemp -d)
cleanup_push "rm -rf $tmp"

mac()
{
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

setup_topology()
{
	local m0 m1 a

	netns_create cli srv || return 1
	veth_pair "$cli" veth0 "$srv" veth1 || return 1
	ip -n "$cli" addr add 192.0.2.1/24 dev veth0
	ip -n "$srv" addr add 192.0.2.2/24 dev veth1
	ip -n "$cli" addr add 2001:db8::1/64 dev veth0 nodad
	ip -n "$srv" addr add 2001:db8::2/64 dev veth1 nodad
	m0=$(mac "$cli" veth0)
	m1=$(mac "$srv" veth1)
	for a in 192.0.2.2 2001:db8::2; do
		ip -n "$cli" neigh replace "$a" lladdr "$m1" dev veth0 \
			nud permanent || return 1
	done
	for a in 192.0.2.1 2001:db8::1; do
		ip -n "$srv" neigh replace "$a" lladdr "$m0" dev veth1 \
			nud permanent || return 1
	done
}

# wait_for FILE PATTERN: up to 5 s for PATTERN to show up in FILE.
wait_for()
{
	local i

	for ((i = 0; i < 50; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for '$2' in $1:"
	cat "$1"
	return 1
}

send()
{
	ip netns exec "$cli" "$SEND" "$@"
}

# hello_json MODE: run hello_packet in MODE, send a known mix, stop it
# and leave its last JSON line in $tmp/last.json.
hello_json()
{
	local mode=$1 pid

	ip netns exec "$srv" "$HELLO" -i veth1 -m "$mode" -j -n 1 \
		>"$tmp/out" 2>"$tmp/err" &
	pid=$!
	cleanup_push "kill $pid 2>/dev/null"
	# run_test waits on $!: never return with hello_packet running.
	wait_for "$tmp/err" "attached" || { kill "$pid"; wait "$pid"; return 1; }
	send icmp 192.0.2.2 -c 5 >/dev/null &&
	send udp 192.0.2.2 -c 7 >/dev/null &&
	send tcp 192.0.2.2 -c 3 >/dev/null &&
	send udp 2001:db8::2 -c 4 >/dev/null &&
	send tcp 2001:db8::2 -c 2 >/dev/null &&
	send icmp 2001:db8::2 -c 6 >/dev/null || { kill "$pid"; wait "$pid"; return 1; }
	sleep 0.2
	kill -TERM "$pid"
	wait "$pid" || { echo "hello_packet exited with $?"; return 1; }
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
	! ip -n "$srv" link show veth1 | grep -q "prog/xdp" || {
		echo "a program is still attached"; return 1; }
}

test_text_output()
{
	local line

	ip netns exec "$srv" "$HELLO" -i veth1 -n 1 -c 2 >"$tmp/out" \
		2>"$tmp/err" &
	sleep 0.5
	send icmp 192.0.2.2 -c 2 >/dev/null
	wait $! || return 1
	line=$(tail -n 1 "$tmp/out")
	echo "$line"
	[[ "$line" == *"Protocol ICMP: counter 2 ("*"pkt/s"* ]]
}

test_bad_input()
{
	local rc

	"$HELLO" -i bb-no-such-if0 2>"$tmp/err" && return 1
	rc=$?
	[ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] || {
		echo "unknown interface: exit $rc, $(cat "$tmp/err")"
		return 1; }
	"$HELLO" -i lo -n 0 2>/dev/null
	rc=$?
	[ "$rc" -eq 2 ] || { echo "-n 0 exited $rc, want 2"; return 1; }
	"$HELLO" --help | grep -q "^Exit status" || return 1
}

if ! setup_topology; then
	ktap_skip_all "cannot build the veth topology"
fi

run_test "hello_packet counts exactly (native XDP)" test_mode native
run_test "hello_packet counts exactly (generic XDP)" test_mode skb
run_test "hello_packet text output in the workshop's style" test_text_output
run_test "hello_packet rejects bad input with one line" test_bad_input
run_test "nothing left attached" \
	bash -c "! ip -n $srv link show veth1 | grep -q prog/xdp"

ktap_finish
