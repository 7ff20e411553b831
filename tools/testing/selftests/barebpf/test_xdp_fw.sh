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
# Every drop line starts with the time the packet was dropped, every
# block of counters with a line with the time it was read, and every
# JSON object has a "timestamp": all must fall within the run. What fw
# pins in /sys/fs/bpf for --status is there while it runs, gone however
# it stops but SIGKILL, and replaced by the next run after a SIGKILL;
# --status from another shell shows the rule counts of a running fw,
# says when none runs, and calls a killed run's directory stale.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

FW=$BB_BIN/fw

require_root
require_cmd ip python3 taskset nsenter bpftool
xdp_require_bins "$FW" "$SEND"

ktap_header
ktap_plan 14

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

# drops: the drop lines in $tmp/out, without their times.
drops()
{
	untimed "$tmp/out" | grep "^drop" || true
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
	local v4 v6 t0 t1

	write_deny
	t0=$(now_s)
	start_fw -d "$deny" || return 1
	expect_replies 3 icmp 192.0.2.2 -s 192.0.2.1 -c 3 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 &&
	expect_replies 2 icmp 2001:db8::2 -s 2001:db8::1 -c 2 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 2 || return 1
	udp_from 198.51.100.7 198.51.100.2 2 |
		sed 's|$| rule 198.51.100.0/24|' > "$tmp/want_udp"
	stop_fw || return 1
	t1=$(now_s)
	cat "$tmp/out"
	# 14 + 20 + 8 + 32 bytes; IPv6: 14 + 40 + 8 + 32
	v4='drop 192.0.2.10 -> 192.0.2.2 ICMP 74 rule 192.0.2.10/32'
	v6='drop 2001:db8::dead -> 2001:db8::2 ICMPv6 94'
	v6="$v6 rule 2001:db8::dead/128"
	[ "$(drops | grep -cxF "$v4")" = 3 ] &&
	[ "$(drops | grep -cxF "$v6")" = 2 ] &&
	diff -u "$tmp/want_udp" <(drops | grep "UDP") &&
	[ "$(drops | wc -l)" = 7 ] || return 1
	# Each drop line starts with the time of its drop.
	grep " drop " "$tmp/out" > "$tmp/timed"
	[ "$(check_times text "$tmp/timed" "$t0" "$t1")" = 7 ] || return 1
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
	cat "$tmp/out"
	# Each event starts with the time it was dropped at: not compared.
	diff -u "$want" <(sed -n 's/^[0-9:.]* \(drop .*\)/\1/p' "$tmp/out") &&
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
	lines=$(drops | wc -l)
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
	lines=$(drops | wc -l)
	grep "^events:" "$tmp/out"
	[ "$full" -gt 0 ] && [ "$lines" = "$sent" ] &&
	[ $((sent + full)) -eq 500 ] && [ "$(events_field suppressed)" = 0 ]
}

test_reload_and_sigusr1()
{
	local t0 t1

	write_deny
	t0=$(now_s)
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
	t1=$(now_s)
	[ "$(drops | wc -l)" = 3 ] || return 1
	# Two blocks (SIGUSR1, exit), each after a line with its time.
	[ "$(blocks "$tmp/out" '^(Protocol |No packets|events:)')" = 2 ] &&
	[ "$(grep -c '^total:' "$tmp/out")" = 2 ] &&
	[ "$(check_times text "$tmp/out" "$t0" "$t1")" = 5 ] || return 1
	# The rule the reload removed still has its 2 drops in the summary.
	tail -n 4 "$tmp/out"
	tail -n 4 "$tmp/out" |
		grep -qxF "rule 192.0.2.10/32 ($deny:2, removed at reload): 2 packets, 148 bytes"
}

# -j: every stdout line one JSON object, drops and counters alike, and
# the counters (SIGUSR1 and at exit) agree with the drops.
test_json_lines()
{
	local t0 t1

	write_deny
	t0=$(now_s)
	start_fw -d "$deny" -j || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	kill -USR1 "$xdp_pid"
	wait_for "$tmp/out" '"type":"counters"' >/dev/null || return 1
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 1 || return 1
	stop_fw || return 1
	t1=$(now_s)
	cat "$tmp/out"
	[ "$(check_times json "$tmp/out" "$t0" "$t1")" = 5 ] || return 1
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

# fw_status ARGS...: fw --status -i veth1 ARGS, from another shell.
fw_status()
{
	in_netns "$srv" "$FW" --status -i veth1 "$@"
}

# --status while fw runs: the per-rule counts in text and in JSON, and
# fw runs on undisturbed. Under ip netns exec the pins are out of sight.
test_status_running()
{
	local XDP_SHARED_BPFFS=1 dir t0 t1 head

	write_deny
	dir=$(xdp_pin_dir fw)
	cleanup_push "rm -rf '$dir'"
	start_fw -d "$deny" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 2 || return 1
	t0=$(now_s)
	fw_status > "$tmp/status" && fw_status -j > "$tmp/status.json" ||
		return 1
	t1=$(now_s)
	cat "$tmp/status" "$tmp/status.json"
	head="fw (pid $xdp_pid) on veth1 since .*, attached; 3 rules from $deny,"
	grep -q "^$head matching sources$" "$tmp/status" &&
	grep -qxF "rule 192.0.2.10/32 ($deny:2): 3 packets, 222 bytes" \
		"$tmp/status" &&
	grep -qxF "rule 198.51.100.0/24 ($deny:3): 0 packets, 0 bytes" \
		"$tmp/status" &&
	grep -qxF "rule 2001:db8::dead/128 ($deny:4): 2 packets, 188 bytes" \
		"$tmp/status" &&
	grep -qx "total: 2 of 3 rules matched, 5 packets, 410 bytes dropped" \
		"$tmp/status" &&
	[ "$(check_times text "$tmp/status" "$t0" "$t1")" = 1 ] &&
	[ "$(check_times json "$tmp/status.json" "$t0" "$t1")" = 1 ] ||
		return 1
	python3 - "$tmp/status.json" "$xdp_pid" "$deny" "$dir" <<'PY' || return 1
import json, sys
s = json.load(open(sys.argv[1]))
assert s["type"] == "status" and s["tool"] == "fw"
assert s["interface"] == "veth1" and s["attached"] is True
assert s["pid"] == int(sys.argv[2]) and s["deny_file"] == sys.argv[3]
assert s["pin_dir"] == sys.argv[4] and s["match"] == "source"
assert {r["rule"]: r["packets"] for r in s["rules"]} == \
    {"192.0.2.10/32": 3, "2001:db8::dead/128": 2}
assert s["rules_total"] == 3 and s["dropped_packets"] == 5
assert s["protocols"]["ICMP"]["packets"] == 3
PY
	ip netns exec "$srv" "$FW" --status -i veth1 2>"$tmp/status.err" &&
		return 1
	grep "runs on veth1, but its state is not pinned" "$tmp/status.err" ||
		return 1
	# Undisturbed: still there, and its own summary says the same.
	kill -0 "$xdp_pid" && attached && stop_fw || return 1
	[ "$(rule_packets 192.0.2.10/32)" = 3 ] &&
	[ "$(rule_packets 2001:db8::dead/128)" = 2 ] && [ "$(drops | wc -l)" = 5 ]
}

# pinned_prog DIR: the id of the program pinned in DIR.
pinned_prog()
{
	bpftool prog show pinned "$1/prog" | sed -n 's/^\([0-9]*\):.*/\1/p'
}

# The state is pinned while fw runs, and removed however it stops but
# SIGKILL: SIGTERM, SIGINT, and stdout's reader going away. --status
# then says nothing runs there.
test_pins_removed()
{
	local XDP_SHARED_BPFFS=1 dir sig i rc

	write_deny
	dir=$(xdp_pin_dir fw)
	cleanup_push "rm -rf '$dir'"
	for sig in TERM INT; do
		start_fw -d "$deny" || return 1
		echo "pinned in $dir: $(ls "$dir" | tr '\n' ' ')"
		[ "$(ls "$dir" | tr '\n' ' ')" = "info prog proto_stats rule_stats rules " ] &&
		[ "$(pinned_prog "$dir")" = "$(xdp_prog_id)" ] || return 1
		xdp_stop "$sig" || return 1
		[ ! -e "$dir" ] || { echo "$dir left after SIG$sig"; return 1; }
	done
	# head exits after the first drop; fw detaches, unpins, dies of it.
	xdp_enter "$srv"
	"${xdp_enter[@]}" "$FW" -i veth1 -d "$deny" 2>"$tmp/err" \
		> >(head -n 1 > "$tmp/out") &
	xdp_pid=$!
	cleanup_push "kill -9 $xdp_pid 2>/dev/null"
	wait_for "$tmp/err" "rules from .* in force" && [ -d "$dir" ] &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 1 || return 1
	for ((i = 0; i < 50; i++)); do
		kill -0 "$xdp_pid" 2>/dev/null || break
		sleep 0.1
	done
	wait "$xdp_pid" 2>/dev/null && rc=0 || rc=$?
	xdp_pid=""
	[ "$rc" = 141 ] || { echo "fw exited with $rc, not of SIGPIPE"; return 1; }
	[ ! -e "$dir" ] || { echo "$dir left after its reader went"; return 1; }
	one_line_error 1 fw_status || return 1
	cat "$tmp/err"
	grep -qx "fw: no fw runs on veth1: no XDP program is attached there." \
		"$tmp/err"
}

# SIGKILL leaves the directory behind, which --status calls stale, not
# running; the next run replaces it with its own, and removes that when
# it stops.
test_pins_after_sigkill()
{
	local XDP_SHARED_BPFFS=1 dir old

	write_deny
	dir=$(xdp_pin_dir fw)
	cleanup_push "rm -rf '$dir'"
	start_fw -d "$deny" || return 1
	old=$xdp_pid
	xdp_stop KILL
	[ -d "$dir" ] || { echo "SIGKILL took $dir with it?"; return 1; }
	one_line_error 1 fw_status || return 1
	cat "$tmp/err"
	grep -q "^fw: no fw runs on veth1: $dir is stale, left by fw (pid $old)" \
		"$tmp/err" || return 1
	start_fw -d "$deny" || return 1
	[ "$(pinned_prog "$dir")" = "$(xdp_prog_id)" ] ||
		{ echo "$dir holds $(pinned_prog "$dir"), not $(xdp_prog_id)"; return 1; }
	fw_status | grep -q "^fw (pid $xdp_pid) on veth1 " || return 1
	stop_fw && [ ! -e "$dir" ] && ! attached
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

run_test "denied sources dropped, one exact timed event each, counters match" \
	xdp_reaped test_drops_and_events
run_test "port and protocol rules: events name the most specific rule" \
	xdp_reaped test_port_rule_events
run_test "rate limit in BPF suppresses and counts beyond the burst" \
	xdp_reaped test_rate_limit
run_test "ring buffer full: reserve failures counted" \
	xdp_reaped test_ringbuf_full
run_test "SIGUSR1 counters, timed; deny file reload takes effect" \
	xdp_reaped test_reload_and_sigusr1
run_test "-j: JSON lines only, counters included, every one timed" \
	xdp_reaped test_json_lines
run_test "SIGTERM detaches (generic mode)" xdp_reaped test_sigterm_detaches
run_test "after SIGKILL the next run replaces the stale program" \
	xdp_reaped test_sigkill_then_replace
run_test "--status from another shell: rule counts in text and JSON" \
	xdp_reaped test_status_running
run_test "state pinned while running, removed on SIGTERM, SIGINT, EPIPE" \
	xdp_reaped test_pins_removed
run_test "after SIGKILL: --status says stale; the next run replaces it" \
	xdp_reaped test_pins_after_sigkill
run_test "bad input: one line, exit 1 or 2, nothing attached" \
	xdp_reaped test_bad_input
run_test "--check and --help" bash -c "'$FW' --check -d '$deny' >/dev/null"
run_test "nothing left attached" nothing_attached

ktap_finish
