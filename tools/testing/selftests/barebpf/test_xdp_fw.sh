#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_fw.sh - fw drops what its rules deny and says so, once per
# dropped packet, naming the rule, within its rate limit, and counts
# everything else.
#
# Namespaces "cli" and "srv" joined by veth0/veth1; fw runs on srv's
# veth1. cli owns allowed and denied addresses:
#	allowed	192.0.2.1	2001:db8::1
#	denied	192.0.2.10 (/32)	198.51.100.7 (in a /24)
#		2001:db8::dead (/128)
# Static neighbour entries keep ARP and neighbour discovery out of the
# way, so every packet is either answered or dropped, and the drop
# events, the per-rule and the protocol counters can be checked exactly.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

FW=$BB_BIN/fw

require_root
require_cmd ip python3 taskset
xdp_require_bins "$FW" "$SEND"

ktap_header
ktap_plan 11

xdp_tmpdir
deny=$tmp/deny

write_deny()
{
	cat > "$deny" <<-DENY
	# fw test
	192.0.2.10
	198.51.100.0/24
	2001:db8::dead
	DENY
}

# start_fw ARGS...: run fw on srv:veth1 until its rules are in force;
# pid in $xdp_pid, output in $tmp/out and $tmp/err.
start_fw()
{
	xdp_start "$srv" "rules from .* in force" "$FW" -i veth1 "$@"
}

stop_fw()
{
	sleep 0.2
	xdp_stop
}

# events_field WORD: the number before WORD in the last "events:" line.
events_field()
{
	grep "^events:" "$tmp/out" | tail -n 1 | num_before "$1"
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

# Rules by port and protocol name themselves in drop events and in the
# counters, and each drop names the most specific rule that matches it
# (the example of Documentation/xdp.rst).
test_port_rule_events()
{
	local want=$tmp/want_events

	cat > "$deny" <<-EOF
	198.51.100.0/24
	198.51.100.7
	198.51.100.0/24 tcp
	tcp dport 22
	tcp sport 1024
	EOF
	start_fw -d "$deny" || return 1
	tcp_from() { expect_replies 0 tcp "$@" -c 1; }
	tcp_from 198.51.100.2 -s 198.51.100.7 -P 1024 -p 22 &&
	tcp_from 198.51.100.2 -s 198.51.100.7 -P 1024 -p 80 &&
	tcp_from 198.51.100.2 -s 198.51.100.7 -P 40000 -p 80 &&
	expect_replies 0 udp 198.51.100.2 -s 198.51.100.7 -P 40000 -p 80 \
		-c 1 &&
	tcp_from 192.0.2.2 -s 192.0.2.1 -P 40000 -p 22 &&
	tcp_from 2001:db8::2 -s 2001:db8::1 -P 1024 -p 23 &&
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.1 -P 40000 -p 23 -c 1 ||
		return 1
	stop_fw || return 1
	cat > "$want" <<-EOF
	drop 198.51.100.7:1024 -> 198.51.100.2:22 TCP 74 rule tcp dport 22
	drop 198.51.100.7:1024 -> 198.51.100.2:80 TCP 74 rule tcp sport 1024
	drop 198.51.100.7:40000 -> 198.51.100.2:80 TCP 74 rule 198.51.100.0/24 tcp
	drop 198.51.100.7:40000 -> 198.51.100.2:80 UDP 74 rule 198.51.100.7/32
	drop 192.0.2.1:40000 -> 192.0.2.2:22 TCP 74 rule tcp dport 22
	drop [2001:db8::1]:1024 -> [2001:db8::2]:23 TCP 94 rule tcp sport 1024
	EOF
	grep "^drop" "$tmp/out"
	grep -v "^drop" "$tmp/out"
	diff -u "$want" <(grep "^drop" "$tmp/out") &&
	[ "$(rule_packets "tcp dport 22")" = 2 ] &&
	[ "$(rule_packets "tcp sport 1024")" = 2 ] &&
	[ "$(rule_packets "198.51.100.0/24 tcp")" = 1 ] &&
	[ "$(rule_packets 198.51.100.7/32)" = 1 ] &&
	[ -z "$(rule_packets 198.51.100.0/24)" ]
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
	kill -STOP "$xdp_pid"
	ip netns exec "$cli" "$SEND" udp 192.0.2.2 -s 192.0.2.10 -c 500 \
		-i 0 >/dev/null
	kill -CONT "$xdp_pid"
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
	kill -USR1 "$xdp_pid"
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

# -j: every stdout line one JSON object, drops and counters alike, and
# the counters (SIGUSR1 and at exit) agree with the drops.
test_json_lines()
{
	write_deny
	start_fw -d "$deny" -j || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	kill -USR1 "$xdp_pid"
	wait_for "$tmp/out" '"type":"counters"' >/dev/null || return 1
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 1 || return 1
	stop_fw || return 1
	cat "$tmp/out"
	python3 - "$tmp/out" <<'PY'
import json, sys
objs = [json.loads(line) for line in open(sys.argv[1])]
drops = [o for o in objs if o.get("type") == "drop"]
counters = [o for o in objs if o.get("type") == "counters"]
assert len(drops) + len(counters) == len(objs), "untyped objects"
assert [d["src"] for d in drops] == ["192.0.2.10"] * 2 + ["2001:db8::dead"]
assert len(counters) == 2, "want SIGUSR1 and exit counters"
usr1, last = counters
assert usr1["events"]["sent"] == 2 and usr1["dropped_packets"] == 2
assert last["events"] == {"sent": 3, "received": 3, "suppressed": 0,
                          "ringbuf_full": 0}
assert last["dropped_packets"] == 3 and last["rules_matched"] == 2
assert {r["rule"]: r["packets"] for r in last["rules"]} == \
    {"192.0.2.10/32": 2, "2001:db8::dead/128": 1}
assert last["protocols"]["ICMP"]["packets"] == 2
PY
}

test_sigterm_detaches()
{
	write_deny
	start_fw -d "$deny" -m skb || return 1
	attached || { echo "not attached while running"; return 1; }
	xdp_stop || return 1
	grep -q "detached from veth1" "$tmp/err" && ! attached
}

test_sigkill_then_replace()
{
	write_deny
	start_fw -d "$deny" || return 1
	xdp_stop KILL
	attached || { echo "SIGKILL left nothing attached?"; return 1; }
	start_fw -d "$deny" || return 1
	grep "left attached by an earlier run" "$tmp/err" || return 1
	stop_fw && ! attached
}

test_bad_input()
{
	local bad

	printf '192.0.2.10\n192.0.2.300\n' > "$tmp/bad.deny"
	one_line_error 1 ip netns exec "$srv" "$FW" -i veth1 \
		-d "$tmp/bad.deny" || return 1
	cat "$tmp/err"
	grep -q "bad.deny:2: bad entry '192.0.2.300'" "$tmp/err" &&
	! attached || return 1
	for bad in "-b 5000" "-B 0" "-r x" "--bogus" "extra"; do
		# shellcheck disable=SC2086
		one_line_error 2 ip netns exec "$srv" "$FW" -i veth1 \
			-d "$deny" $bad || return 1
	done
	"$FW" --check -d "$deny" | grep -q "3 rules (2 IPv4, 1 IPv6, 0 any address; 0 by protocol)" &&
	"$FW" --help | grep -q "^Usage: fw" &&
	"$FW" --help | grep -q "^Exit status" && ! attached
}

if ! xdp_topology "192.0.2.1/24 192.0.2.10/24 198.51.100.7/24
		  2001:db8::1/64 2001:db8::dead/64" \
		  "192.0.2.2/24 198.51.100.2/24 2001:db8::2/64"; then
	ktap_skip_all "cannot build the veth topology"
fi

run_test "denied sources dropped, one exact event each, counters match" \
	xdp_reaped test_drops_and_events
run_test "port and protocol rules: events name the most specific rule" \
	xdp_reaped test_port_rule_events
run_test "rate limit in BPF suppresses and counts beyond the burst" \
	xdp_reaped test_rate_limit
run_test "ring buffer full: reserve failures counted" \
	xdp_reaped test_ringbuf_full
run_test "SIGUSR1 counters; deny file reload takes effect" \
	xdp_reaped test_reload_and_sigusr1
run_test "-j: JSON lines only, counters included" xdp_reaped test_json_lines
run_test "SIGTERM detaches (generic mode)" xdp_reaped test_sigterm_detaches
run_test "after SIGKILL the next run replaces the stale program" \
	xdp_reaped test_sigkill_then_replace
run_test "bad input: one line, exit 1 or 2, nothing attached" \
	xdp_reaped test_bad_input
run_test "--check and --help" bash -c "'$FW' --check -d '$deny' >/dev/null"
run_test "nothing left attached" nothing_attached

ktap_finish
