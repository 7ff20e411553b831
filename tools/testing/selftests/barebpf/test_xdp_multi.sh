#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_multi.sh - one XDP tool on several interfaces at once: one
# program attached to all of them, its maps, rules and counters shared,
# attached to all or to none, detached from all on the way out.
#
# Two clients send to one server namespace, each over its own veth pair:
#	$cli  veth0 -- veth1  $srv	192.0.2.1 -> 192.0.2.2
#	$cli2 veth2 -- veth3  $srv	198.51.100.1 -> 198.51.100.2
# and each owns a denied address as well, 203.0.113.1 and 203.0.113.2,
# both in the one rule 203.0.113.0/24. The tools run on veth1 and veth3.
# Static neighbour entries keep ARP and neighbour discovery out of the
# way, so every packet is answered or dropped, and counted exactly.
# A filter pins its state under each interface (samples/lib/filter_pin.h):
# --status on either shows the whole filter. The counters, shared, are
# printed once, naming both interfaces; each packet event (fw's drops,
# bubble_packet's lines) names the interface it came in on.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

HELLO=$BB_BIN/hello_packet
BUBBLE=$BB_BIN/bubble_packet
FILTER=$BB_BIN/filter_packet
FW=$BB_BIN/fw

require_root
require_cmd ip python3 nsenter
xdp_require_bins "$HELLO" "$BUBBLE" "$FILTER" "$FW" "$SEND"

ktap_header
ktap_plan 15

xdp_tmpdir
deny=$tmp/deny
printf '# test_xdp_multi\n203.0.113.0/24\n192.0.2.99\n' > "$deny"

# both TOOL ARGS...: run TOOL on veth1 and veth3 of $srv until attached.
both()
{
	xdp_start "$srv" "attached" "$1" -i veth1 -i veth3 "${@:2}"
}

# neither: no XDP program on veth1 or veth3.
neither()
{
	local dev

	for dev in veth1 veth3; do
		! attached "$srv" "$dev" ||
			{ echo "a program is still attached to $dev"; return 1; }
	done
}

# One program on both, a denied source dropped on either, and both
# counted by the one rule that denies them.
test_filter_both()
{
	both "$FILTER" -d "$deny" || return 1
	cat "$tmp/err"
	grep -qx "filter_packet: attached filter_packet to veth1, veth3 in native mode." \
		"$tmp/err" || return 1
	[ -n "$(xdp_prog_id "$srv" veth1)" ] &&
	[ "$(xdp_prog_id "$srv" veth1)" = "$(xdp_prog_id "$srv" veth3)" ] ||
		{ echo "not one program on both"; return 1; }
	expect_replies_in "$cli" 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies_in "$cli2" 2 icmp 198.51.100.2 -s 198.51.100.1 -c 2 &&
	expect_replies_in "$cli" 0 icmp 192.0.2.2 -s 203.0.113.1 -c 3 &&
	expect_replies_in "$cli2" 0 icmp 198.51.100.2 -s 203.0.113.2 -c 2 ||
		return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(blocks "$tmp/out" '^interfaces: veth1, veth3$')" = 1 ] &&
	[ "$(rule_packets 203.0.113.0/24)" = 5 ] &&
	grep -qx "total: 1 of 2 rules matched, 5 packets, 370 bytes dropped" \
		"$tmp/out" &&
	grep -qx "filter_packet: detached from veth1, veth3." "$tmp/err" &&
	neither
}

# filter_status ARGS...: filter_packet --status ARGS, from another shell.
filter_status()
{
	in_netns "$srv" "$FILTER" --status "$@"
}

# --status on either interface shows the one filter on both, with the
# drops of both; with its program taken off one, it says where it
# still runs. Each directory is gone once the filter stops.
test_status_from_either()
{
	local XDP_SHARED_BPFFS=1 d1 d3 head

	d1=$(xdp_pin_dir filter_packet veth1)
	d3=$(xdp_pin_dir filter_packet veth3)
	cleanup_push "rm -rf '$d1' '$d3'"
	both "$FILTER" -d "$deny" || return 1
	expect_replies_in "$cli" 0 icmp 192.0.2.2 -s 203.0.113.1 -c 2 &&
	expect_replies_in "$cli2" 0 icmp 198.51.100.2 -s 203.0.113.2 -c 1 &&
	filter_status -i veth1 > "$tmp/s1" &&
	filter_status -i veth3 > "$tmp/s3" &&
	filter_status -i veth3 -j > "$tmp/s3.json" || return 1
	cat "$tmp/s3" "$tmp/s3.json"
	head="filter_packet (pid $xdp_pid) on veth1, veth3 since .*, attached;"
	head="$head 2 rules from $deny, matching sources"
	diff <(sed 1d "$tmp/s1") <(sed 1d "$tmp/s3") &&
	grep -q "^$head$" "$tmp/s3" &&
	grep -qx "rule 203.0.113.0/24 ($deny:2): 3 packets, 222 bytes" \
		"$tmp/s3" || return 1
	python3 - "$tmp/s3.json" "$(xdp_prog_id "$srv" veth1)" "$d3" <<'PY' || return 1
import json, sys
s = json.load(open(sys.argv[1]))
assert s["interface"] == "veth3" and s["attached"] is True
assert s["prog_id"] == int(sys.argv[2]) and s["pin_dir"] == sys.argv[3]
assert [(i["name"], i["attached"]) for i in s["interfaces"]] == \
    [("veth1", True), ("veth3", True)]
assert s["dropped_packets"] == 3
PY
	ip -n "$srv" link set veth3 xdp off
	filter_status -i veth1 | grep -q "still attached to veth1, no longer to veth3;" ||
		return 1
	xdp_stop || return 1
	[ ! -e "$d1" ] && [ ! -e "$d3" ] ||
		{ echo "pin directories left: $(ls -d "$d1" "$d3" 2>&1)"; return 1; }
	grep -qx "filter_packet: detached from veth1." "$tmp/err" && neither
}

# SIGKILL leaves both directories, which --status on either calls
# stale; the next run replaces both and removes them when it stops.
test_status_after_sigkill()
{
	local XDP_SHARED_BPFFS=1 d1 d3 old

	d1=$(xdp_pin_dir filter_packet veth1)
	d3=$(xdp_pin_dir filter_packet veth3)
	cleanup_push "rm -rf '$d1' '$d3'"
	both "$FILTER" -d "$deny" || return 1
	old=$xdp_pid
	xdp_stop KILL
	[ -d "$d1" ] && [ -d "$d3" ] || { echo "SIGKILL took a directory"; return 1; }
	one_line_error 1 filter_status -i veth3 || return 1
	cat "$tmp/err"
	grep -q "^filter_packet: no filter_packet runs on veth3: $d3 is stale, left by filter_packet (pid $old)" \
		"$tmp/err" || return 1
	both "$FILTER" -d "$deny" || return 1
	filter_status -i veth1 | grep -q "^filter_packet (pid $xdp_pid) on veth1, veth3 " &&
	filter_status -i veth3 | grep -q "^filter_packet (pid $xdp_pid) on veth1, veth3 " ||
		return 1
	xdp_stop && [ ! -e "$d1" ] && [ ! -e "$d3" ] && neither
}

# hello_packet counts what both interfaces receive, in one set of
# counters.
test_hello_both()
{
	both "$HELLO" -j -n 1 || return 1
	ip netns exec "$cli" "$SEND" udp 192.0.2.2 -c 4 >/dev/null &&
	ip netns exec "$cli2" "$SEND" udp 198.51.100.2 -c 3 >/dev/null &&
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -c 1 >/dev/null &&
	ip netns exec "$cli2" "$SEND" icmp 198.51.100.2 -c 2 >/dev/null ||
		return 1
	sleep 0.2
	xdp_stop || return 1
	tail -n 1 "$tmp/out"
	python3 - "$tmp/out" <<'PY' || return 1
import json, sys
last = json.loads(open(sys.argv[1]).readlines()[-1])
assert [i["name"] for i in last["interfaces"]] == ["veth1", "veth3"]
p = last["protocols"]
assert p["UDP"]["packets"] == 7, p["UDP"]
assert p["ICMP"]["packets"] == 3, p["ICMP"]
PY
	grep -qx "hello_packet: detached from veth1, veth3." "$tmp/err" &&
	neither
}

# fw_send: the drops test_fw_both and test_fw_json expect, 3 on veth1
# and 2 on veth3, and a packet allowed on each.
fw_send()
{
	expect_replies_in "$cli" 0 icmp 192.0.2.2 -s 203.0.113.1 -c 3 &&
	expect_replies_in "$cli2" 0 icmp 198.51.100.2 -s 203.0.113.2 -c 2 &&
	expect_replies_in "$cli" 1 icmp 192.0.2.2 -s 192.0.2.1 -c 1 &&
	expect_replies_in "$cli2" 1 icmp 198.51.100.2 -s 198.51.100.1 -c 1
}

# fw on both: each drop line names the interface after the time; one
# block of counters, which names both, counts the drops of both.
test_fw_both()
{
	local v1 v3

	both "$FW" -d "$deny" || return 1
	fw_send || return 1
	sleep 0.2
	xdp_stop || return 1
	cat "$tmp/out"
	v1="veth1 drop 203.0.113.1 -> 192.0.2.2 ICMP 74 rule 203.0.113.0/24"
	v3="veth3 drop 203.0.113.2 -> 198.51.100.2 ICMP 74 rule 203.0.113.0/24"
	[ "$(untimed "$tmp/out" | grep -cxF "$v1")" = 3 ] &&
	[ "$(untimed "$tmp/out" | grep -cxF "$v3")" = 2 ] &&
	[ "$(untimed "$tmp/out" | grep -c " drop ")" = 5 ] &&
	[ "$(blocks "$tmp/out" '^interfaces: veth1, veth3$')" = 1 ] &&
	[ "$(rule_packets 203.0.113.0/24)" = 5 ] &&
	grep -q "^Protocol ICMP: counter 7 " "$tmp/out" && neither
}

# fw -j on both: every drop has its "interface", the counters list both.
test_fw_json()
{
	both "$FW" -d "$deny" -j || return 1
	fw_send || return 1
	sleep 0.2
	xdp_stop || return 1
	python3 - "$tmp/out" "$(ip -n "$srv" -o link show veth3 | cut -d: -f1)" <<'PY'
import json, sys
objs = [json.loads(line) for line in open(sys.argv[1])]
drops = [o for o in objs if o["type"] == "drop"]
last = [o for o in objs if o["type"] == "counters"][-1]
got = sorted((d["interface"], d["src"]) for d in drops)
assert got == [("veth1", "203.0.113.1")] * 3 + [("veth3", "203.0.113.2")] * 2, got
assert all(d["ifindex"] == int(sys.argv[2]) for d in drops if d["interface"] == "veth3")
assert [i["name"] for i in last["interfaces"]] == ["veth1", "veth3"]
assert last["interfaces"][1]["ifindex"] == int(sys.argv[2])
assert last["dropped_packets"] == 5 and last["events"]["sent"] == 5
PY
}

# bubble_packet on both: a line per packet, naming the interface, and
# the exit summary names both.
test_bubble_both()
{
	both "$BUBBLE" -w 0 || return 1
	ip netns exec "$cli" "$SEND" udp 192.0.2.2 -c 3 -p 5301 >/dev/null &&
	ip netns exec "$cli2" "$SEND" udp 198.51.100.2 -c 2 -p 5303 >/dev/null ||
		return 1
	sleep 0.5
	xdp_stop || return 1
	untimed "$tmp/out" | grep "UDP" || true
	cat "$tmp/err"
	[ "$(untimed "$tmp/out" | grep -c "^veth1 192.0.2.1:[0-9]* -> 192.0.2.2:5301 UDP 74$")" = 3 ] &&
	[ "$(untimed "$tmp/out" | grep -c "^veth3 198.51.100.1:[0-9]* -> 198.51.100.2:5303 UDP 74$")" = 2 ] &&
	grep -q "^bubble_packet: [0-9]* packets seen on veth1, veth3, " \
		"$tmp/err" && neither
}

# A run SIGKILLed on both leaves its program on both; the next run finds
# it held by nobody on each, and replaces it there.
test_leftover_on_both()
{
	local old

	both "$HELLO" || return 1
	old=$(xdp_prog_id "$srv" veth1)
	xdp_stop KILL
	[ "$(xdp_prog_id "$srv" veth3)" = "$old" ] ||
		{ echo "SIGKILL left $old on veth1 only?"; return 1; }
	both "$HELLO" || return 1
	cat "$tmp/err"
	grep -q "interface veth1 still had our program hello_packet (id $old), left attached by an earlier run" \
		"$tmp/err" &&
	grep -q "interface veth3 still had our program hello_packet (id $old), left attached by an earlier run" \
		"$tmp/err" || return 1
	[ "$(xdp_prog_id "$srv" veth1)" != "$old" ] || return 1
	xdp_stop INT && neither
}

# The second -i names no interface: one line naming it, and the first
# has no program (ip link says).
test_second_missing()
{
	one_line_error 1 ip netns exec "$srv" "$FILTER" -i veth1 \
		-i bb-nosuchif -d "$deny" || return 1
	cat "$tmp/err"
	grep -qx "filter_packet: interface bb-nosuchif does not exist." \
		"$tmp/err" && neither
}

# Someone else's program on the second: refused before anything is
# attached, theirs untouched.
test_second_taken()
{
	local theirs

	xdp_start "$srv" attached "$HELLO" -i veth3 || return 1
	xdp_stop KILL
	theirs=$(xdp_prog_id "$srv" veth3)
	one_line_error 1 ip netns exec "$srv" "$FILTER" -i veth1 -i veth3 \
		-d "$deny" || return 1
	cat "$tmp/err"
	grep -q "^filter_packet: interface veth3 already has XDP program hello_packet (id $theirs) attached; not replacing it without -F/--force.$" \
		"$tmp/err" || return 1
	! attached "$srv" veth1 &&
	[ "$(xdp_prog_id "$srv" veth3)" = "$theirs" ] || return 1
	ip -n "$srv" link set veth3 xdp off
}

# The driver refuses the second (veth cannot run a program without
# multi-buffer support with a peer MTU over a page): the first is put
# back as it was, empty, or with the program -F had replaced there.
test_second_refused()
{
	local theirs

	ip -n "$cli2" link set veth2 mtu 9000 || return 1
	cleanup_push ip -n "$cli2" link set veth2 mtu 1500
	one_line_error 1 ip netns exec "$srv" "$FILTER" -i veth1 -i veth3 \
		-d "$deny" || return 1
	cat "$tmp/err"
	grep -q "^filter_packet: attaching an XDP program to interface veth3 .* failed: .*; veth1 put back as it was: our program is attached nowhere.$" \
		"$tmp/err" && neither || return 1
	xdp_start "$srv" attached "$HELLO" -i veth1 || return 1
	xdp_stop KILL
	theirs=$(xdp_prog_id "$srv" veth1)
	one_line_error 1 ip netns exec "$srv" "$FILTER" -F -i veth1 \
		-i veth3 -d "$deny" || return 1
	cat "$tmp/err"
	[ "$(xdp_prog_id "$srv" veth1)" = "$theirs" ] &&
	! attached "$srv" veth3 || return 1
	ip -n "$srv" link set veth1 xdp off
	ip -n "$cli2" link set veth2 mtu 1500
}

test_same_twice()
{
	one_line_error 2 ip netns exec "$srv" "$FILTER" -i veth3 -i veth1 \
		-i veth3 -d "$deny" || return 1
	cat "$tmp/err"
	grep -qx "filter_packet: -i veth3 is given twice; name each interface once." \
		"$tmp/err" && neither
}

# "hello_packet -j | head -1" on both: detached from both, then SIGPIPE.
test_reader_gone()
{
	local out rc

	out=$(timeout 20 ip netns exec "$srv" "$HELLO" -i veth1 -i veth3 \
		-j -n 1 2>"$tmp/err" | head -1; exit "${PIPESTATUS[0]}")
	rc=$?
	cat "$tmp/err"
	[ "${out:0:1}" = "{" ] && [ "$rc" = 141 ] &&
	grep -qx "hello_packet: detached from veth1, veth3." "$tmp/err" &&
	neither
}

# One interface deleted under a run: it says so, detaches from the
# other and exits 1.
test_one_disappears()
{
	local rc

	veth_pair "$srv" veth4 "$srv" veth5 || return 1
	xdp_start "$srv" attached "$HELLO" -i veth1 -i veth4 || return 1
	ip -n "$srv" link del veth4
	xdp_wait_exit 5 && rc=0 || rc=$?
	cat "$tmp/err"
	[ "$rc" = 1 ] || return 1
	grep -qx "hello_packet: interface veth4 disappeared; exiting." \
		"$tmp/err" &&
	grep -qx "hello_packet: detached from veth1." "$tmp/err" && neither
}

if ! xdp_topology "192.0.2.1/24 203.0.113.1/32" "192.0.2.2/24" ||
   ! xdp_topology2 "198.51.100.1/24 203.0.113.2/32" "198.51.100.2/24"; then
	ktap_skip_all "cannot build the veth topology"
fi

run_test "filter_packet on two interfaces: drops on both, one rule counter" \
	xdp_reaped test_filter_both
run_test "--status on either interface shows the filter on both" \
	xdp_reaped test_status_from_either
run_test "after SIGKILL: both directories stale; the next run replaces both" \
	xdp_reaped test_status_after_sigkill
run_test "hello_packet counts what both interfaces receive" \
	xdp_reaped test_hello_both
run_test "fw on both: drop lines name the interface, one set of counters" \
	xdp_reaped test_fw_both
run_test "fw -j on both: drops carry the interface, counters list both" \
	xdp_reaped test_fw_json
run_test "bubble_packet on both: each line names its interface" \
	xdp_reaped test_bubble_both
run_test "a SIGKILLed run's program is replaced on each interface" \
	xdp_reaped test_leftover_on_both
run_test "second interface missing: one line, nothing attached" \
	xdp_reaped test_second_missing
run_test "second interface taken: refused, nothing attached, theirs kept" \
	xdp_reaped test_second_taken
run_test "driver refuses the second: the first is put back as it was" \
	xdp_reaped test_second_refused
run_test "the same interface twice: usage error naming it" \
	xdp_reaped test_same_twice
run_test "a reader that goes away: detached from both, then SIGPIPE" \
	xdp_reaped test_reader_gone
run_test "one interface disappears: detach from the other, exit 1" \
	xdp_reaped test_one_disappears
run_test "nothing left attached" neither

ktap_finish
