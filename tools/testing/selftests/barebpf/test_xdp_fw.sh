#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_fw.sh - fw drops the denied sources and says so, once per
# dropped packet, within its rate limit, and counts everything else.
#
# Namespaces "cli" and "srv" joined by veth0/veth1; fw runs on srv's
# veth1. cli owns allowed and denied addresses:
#	allowed	192.0.2.1	2001:db8::1
#	denied	192.0.2.10 (/32)	198.51.100.7 (in a /24)
#		2001:db8::dead (/128)
# Static neighbour entries keep ARP and neighbour discovery out of the
# way, so every packet is either answered or dropped, and the drop
# events, the per-rule and the protocol counters can be checked exactly.

source "$(dirname "$0")/../lib.sh"

BB_BUILD=${BB_BUILD:-$(cd "$(dirname "$0")/../../../../build" && pwd)}
FW=$BB_BUILD/bin/fw
SEND=$BB_BUILD/selftests/workloads/xdpt_send

require_root
require_cmd ip python3 taskset
[ -x "$FW" ] && [ -x "$SEND" ] || ktap_skip_all "build fw and xdpt_send first"

ktap_header
ktap_plan 9

tmp=$(mktemp -d)
cleanup_push "rm -rf $tmp"
deny=$tmp/deny

mac()
{
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

setup_topology()
{
	local m0 m1 a

	netns_create cli srv || return 1
	veth_pair "$cli" veth0 "$srv" veth1 || return 1
	for a in 192.0.2.1/24 192.0.2.10/24 198.51.100.7/24; do
		ip -n "$cli" addr add "$a" dev veth0 || return 1
	done
	for a in 2001:db8::1/64 2001:db8::dead/64; do
		ip -n "$cli" addr add "$a" dev veth0 nodad || return 1
	done
	ip -n "$srv" addr add 192.0.2.2/24 dev veth1
	ip -n "$srv" addr add 198.51.100.2/24 dev veth1
	ip -n "$srv" addr add 2001:db8::2/64 dev veth1 nodad
	m0=$(mac "$cli" veth0)
	m1=$(mac "$srv" veth1)
	for a in 192.0.2.2 198.51.100.2 2001:db8::2; do
		ip -n "$cli" neigh replace "$a" lladdr "$m1" dev veth0 \
			nud permanent || return 1
	done
	for a in 192.0.2.1 192.0.2.10 198.51.100.7 2001:db8::1 \
		 2001:db8::dead; do
		ip -n "$srv" neigh replace "$a" lladdr "$m0" dev veth1 \
			nud permanent || return 1
	done
}

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

write_deny()
{
	cat > "$deny" <<-DENY
	# fw test
	192.0.2.10
	198.51.100.0/24
	2001:db8::dead
	DENY
}

# expect_replies WANT ARGS...: xdpt_send from cli must see WANT replies.
expect_replies()
{
	local want=$1 out

	shift
	out=$(ip netns exec "$cli" "$SEND" "$@" -w 300)
	[[ "$out" == *" replies $want" ]] && return 0
	echo "xdpt_send $*: $out, want $want replies"
	return 1
}

# start_fw ARGS...: run fw on srv:veth1 until attached; pid in $fpid,
# output in $tmp/out and $tmp/err.
start_fw()
{
	: > "$tmp/err"
	ip netns exec "$srv" "$FW" -i veth1 "$@" >"$tmp/out" 2>"$tmp/err" &
	fpid=$!
	cleanup_push "kill -9 $fpid 2>/dev/null"
	wait_for "$tmp/err" "rules from .* in force" || return 1
}

stop_fw()
{
	sleep 0.2
	kill -TERM "$fpid"
	wait "$fpid" || { echo "fw exited with $?"; return 1; }
	fpid=""
}

# reaped TEST...: never leave an fw behind for run_test to wait on.
reaped()
{
	local rc

	fpid=""
	"$@" && rc=0 || rc=$?
	if [ -n "$fpid" ]; then
		kill -CONT "$fpid" 2>/dev/null
		kill -9 "$fpid" 2>/dev/null
		wait "$fpid" 2>/dev/null
	fi
	return "$rc"
}

attached()
{
	ip -n "$srv" link show veth1 | grep -q "prog/xdp"
}

# events_field WORD: the number before WORD in the last "events:" line.
events_field()
{
	grep "^events:" "$tmp/out" | tail -n 1 |
		sed -n "s/.* \([0-9]*\) $1.*/\1/p"
}

rule_packets()
{
	grep "^rule $1 " "$tmp/out" | tail -n 1 |
		sed -n 's/.*: \([0-9]*\) packets.*/\1/p'
}

# udp_from SRC DST COUNT: datagrams from port 41000+i to 5300+i with
# 32 bytes; prints the drop line fw must show for each, less the rule.
udp_from()
{
	ip netns exec "$cli" python3 - "$@" <<'PY'
import socket, sys
src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 41000 + i))
    s.sendto(b"f" * 32, (dst, 5300 + i))
    s.close()
    print(f"drop {src}:{41000 + i} -> {dst}:{5300 + i} UDP 74")
PY
}

test_drops_and_events()
{
	local v4 v6

	write_deny
	start_fw -d "$deny" || return 1
	expect_replies 3 icmp 192.0.2.2 -s 192.0.2.1 -c 3 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 &&
	expect_replies 2 icmp 2001:db8::2 -s 2001:db8::1 -c 2 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 2 || return 1
	udp_from 198.51.100.7 198.51.100.2 2 |
		sed 's|$| rule 198.51.100.0/24|' > "$tmp/want_udp"
	stop_fw || return 1
	grep "^drop" "$tmp/out"
	grep -v "^drop" "$tmp/out"
	# 14 + 20 + 8 + 32 bytes; IPv6: 14 + 40 + 8 + 32
	v4='drop 192.0.2.10 -> 192.0.2.2 ICMP 74 rule 192.0.2.10/32'
	v6='drop 2001:db8::dead -> 2001:db8::2 ICMPv6 94'
	v6="$v6 rule 2001:db8::dead/128"
	[ "$(grep -cxF "$v4" "$tmp/out")" = 3 ] &&
	[ "$(grep -cxF "$v6" "$tmp/out")" = 2 ] &&
	diff -u "$tmp/want_udp" <(grep "UDP" "$tmp/out" | grep "^drop") &&
	[ "$(grep -c '^drop' "$tmp/out")" = 7 ] || return 1
	[ "$(events_field sent)" = 7 ] && [ "$(events_field received)" = 7 ] &&
	[ "$(events_field suppressed)" = 0 ] &&
	[ "$(rule_packets 192.0.2.10/32)" = 3 ] &&
	[ "$(rule_packets 198.51.100.0/24)" = 2 ] &&
	[ "$(rule_packets 2001:db8::dead/128)" = 2 ] &&
	grep -q "Protocol ICMP: counter 6 " "$tmp/out" &&
	grep -q "Protocol UDP: counter 2 " "$tmp/out" && ! attached
}

# 40 drops from one CPU against a bucket of 5 refilled at 1/s: about
# 5 events (6 if a second passes; 12 at most if the drops were spread
# over both CPUs), the rest counted as suppressed.
test_rate_limit()
{
	local sent supp lines

	write_deny
	start_fw -d "$deny" -r 1 -B 5 || return 1
	taskset -c 0 ip netns exec "$cli" "$SEND" icmp 192.0.2.2 \
		-s 192.0.2.10 -c 40 -i 1 -w 0 >/dev/null || return 1
	stop_fw || return 1
	sent=$(events_field sent)
	supp=$(events_field suppressed)
	lines=$(grep -c "^drop" "$tmp/out")
	grep "^events:" "$tmp/out"
	[ "$sent" -ge 5 ] && [ "$sent" -le 12 ] && [ "$lines" = "$sent" ] &&
	[ $((sent + supp)) -eq 40 ] &&
	[ "$(rule_packets 192.0.2.10/32)" = 40 ]
}

# A one-page ring and a stopped reader: the reserve fails and is
# counted; with -r 0 nothing is suppressed, so sent + full = drops.
test_ringbuf_full()
{
	local sent full lines

	write_deny
	start_fw -d "$deny" -r 0 -b 4096 || return 1
	kill -STOP "$fpid"
	ip netns exec "$cli" "$SEND" udp 192.0.2.2 -s 192.0.2.10 -c 500 \
		-i 0 >/dev/null
	kill -CONT "$fpid"
	stop_fw || return 1
	sent=$(events_field sent)
	full=$(events_field "ring buffer full")
	lines=$(grep -c "^drop" "$tmp/out")
	grep "^events:" "$tmp/out"
	[ "$full" -gt 0 ] && [ "$lines" = "$sent" ] &&
	[ $((sent + full)) -eq 500 ] && [ "$(events_field suppressed)" = 0 ]
}

test_reload_and_sigusr1()
{
	write_deny
	start_fw -d "$deny" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	kill -USR1 "$fpid"
	wait_for "$tmp/out" "^total:" || return 1
	grep -q "^events: 2 sent, 2 received" "$tmp/out" || return 1
	printf '198.51.100.0/24\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded" || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 0 icmp 198.51.100.2 -s 198.51.100.7 -c 1 || return 1
	stop_fw || return 1
	grep -c "^drop" "$tmp/out" | grep -qx 3
}

test_sigterm_detaches()
{
	write_deny
	start_fw -d "$deny" -m skb || return 1
	attached || { echo "not attached while running"; return 1; }
	kill -TERM "$fpid"
	wait "$fpid" || { echo "exit code $? after SIGTERM"; return 1; }
	fpid=""
	grep -q "detached from veth1" "$tmp/err" && ! attached
}

test_sigkill_then_replace()
{
	write_deny
	start_fw -d "$deny" || return 1
	kill -KILL "$fpid"
	wait "$fpid" 2>/dev/null
	attached || { echo "SIGKILL left nothing attached?"; return 1; }
	start_fw -d "$deny" || return 1
	grep "left attached by an earlier run" "$tmp/err" || return 1
	stop_fw && ! attached
}

test_bad_input()
{
	local rc bad

	printf '192.0.2.10\n192.0.2.300\n' > "$tmp/bad.deny"
	ip netns exec "$srv" "$FW" -i veth1 -d "$tmp/bad.deny" 2>"$tmp/err"
	rc=$?
	cat "$tmp/err"
	[ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	grep -q "bad.deny:2: bad entry '192.0.2.300'" "$tmp/err" &&
	! attached || return 1
	for bad in "-b 5000" "-B 0" "-r x" "--bogus" "extra"; do
		# shellcheck disable=SC2086
		ip netns exec "$srv" "$FW" -i veth1 -d "$deny" $bad 2>"$tmp/err"
		rc=$?
		[ "$rc" -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] || {
			echo "$bad: exit $rc: $(cat "$tmp/err")"; return 1; }
	done
	"$FW" --check -d "$deny" | grep -q "3 rules (2 IPv4, 1 IPv6)" &&
	"$FW" --help | grep -q "^Usage: fw" &&
	"$FW" --help | grep -q "^Exit status" && ! attached
}

if ! setup_topology; then
	ktap_skip_all "cannot build the veth topology"
fi

run_test "denied sources dropped, one exact event each, counters match" \
	reaped test_drops_and_events
run_test "rate limit in BPF suppresses and counts beyond the burst" \
	reaped test_rate_limit
run_test "ring buffer full: reserve failures counted" \
	reaped test_ringbuf_full
run_test "SIGUSR1 counters; deny file reload takes effect" \
	reaped test_reload_and_sigusr1
run_test "SIGTERM detaches (generic mode)" reaped test_sigterm_detaches
run_test "after SIGKILL the next run replaces the stale program" \
	reaped test_sigkill_then_replace
run_test "bad input: one line, exit 1 or 2, nothing attached" \
	reaped test_bad_input
run_test "--check and --help" bash -c "'$FW' --check -d '$deny' >/dev/null"
run_test "nothing left attached" bash -c "! ip -n $srv link show veth1 | grep -q prog/xdp"

ktap_finish
