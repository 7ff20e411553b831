#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_hygiene.sh - the XDP samples clean up after themselves and
# never trample on someone else's program.
#
#  - SIGTERM: the program is detached, nothing stays on the interface;
#  - SIGKILL leaves the program attached; the next run recognises its
#    own program by name, says so and replaces it atomically;
#  - another tool's program attached: refuse without -F (exit 1, one
#    line naming the program), replace it with -F.
# One namespace with a veth pair is enough: no traffic is needed.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

HELLO=$BB_BIN/hello_packet
FILTER=$BB_BIN/filter_packet

require_root
require_cmd ip
xdp_require_bins "$HELLO" "$FILTER"

ktap_header
ktap_plan 7

xdp_tmpdir
echo "192.0.2.10" > "$tmp/deny"

prog_id()
{
	xdp_prog_id "$hns"
}

# start TOOL ARGS...: run TOOL on veth1 in the background, wait for it
# to attach; pid in $xdp_pid.
start()
{
	xdp_start "$hns" attached "$1" -i veth1 "${@:2}"
}

test_sigterm_detaches()
{
	start "$HELLO" || return 1
	[ -n "$(prog_id)" ] || { echo "nothing attached while running"; return 1; }
	xdp_stop || return 1
	[ -z "$(prog_id)" ] || { echo "program $(prog_id) still attached"; return 1; }
}

# A second instance on the same interface finds our program name there,
# but the first still holds it: refuse, name the first, touch nothing.
test_live_instance_refused()
{
	local rc first id

	start "$FILTER" -d "$tmp/deny" || return 1
	first=$xdp_pid
	id=$(prog_id)
	# (timeout: before the fix the second one attached and ran on)
	timeout 10 ip netns exec "$hns" "$FILTER" -i veth1 -d "$tmp/deny" \
		2>"$tmp/err2"
	rc=$?
	cat "$tmp/err2"
	[ "$rc" -eq 1 ] || { echo "second instance exited $rc, want 1"; return 1; }
	grep -q "filter_packet (id $id) of filter_packet (pid $first), which is still running" \
		"$tmp/err2" || return 1
	[ "$(wc -l < "$tmp/err2")" -eq 1 ] || return 1
	[ "$(prog_id)" = "$id" ] || { echo "program $id replaced"; return 1; }
	kill -0 "$first" || { echo "first instance died"; return 1; }
	xdp_stop || return 1
	grep -q "failed\|cannot" "$tmp/err" && { echo "first instance: $(cat "$tmp/err")"; return 1; }
	[ -z "$(prog_id)" ] || { echo "program $(prog_id) left attached"; return 1; }
}

test_sigkill_then_replace()
{
	local stale

	start "$HELLO" || return 1
	xdp_stop KILL
	stale=$(prog_id)
	[ -n "$stale" ] || { echo "SIGKILL left nothing attached?"; return 1; }
	start "$HELLO" || return 1
	cat "$tmp/err"
	grep -q "left attached by an earlier run" "$tmp/err" || return 1
	[ "$(prog_id)" != "$stale" ] || { echo "stale program $stale kept"; return 1; }
	xdp_stop || return 1
	[ -z "$(prog_id)" ]
}

# Leave a stale hello_packet behind: a program that is not ours for
# filter_packet.
test_foreign_refused()
{
	local rc foreign

	start "$HELLO" || return 1
	xdp_stop KILL
	foreign=$(prog_id)
	ip netns exec "$hns" "$FILTER" -i veth1 -d "$tmp/deny" 2>"$tmp/err"
	rc=$?
	cat "$tmp/err"
	[ "$rc" -eq 1 ] || { echo "exit code $rc, want 1"; return 1; }
	grep -q "already has XDP program hello_packet (id $foreign)" \
		"$tmp/err" || return 1
	grep -q "without -F/--force" "$tmp/err" || return 1
	[ "$(wc -l < "$tmp/err")" -eq 1 ] || return 1
	[ "$(prog_id)" = "$foreign" ] || { echo "foreign program touched"; return 1; }
}

test_force_replaces()
{
	local foreign=$(prog_id)

	[ -n "$foreign" ] || { echo "no foreign program to replace"; return 1; }
	start "$FILTER" -d "$tmp/deny" -F || return 1
	cat "$tmp/err"
	grep -q "replaced XDP program hello_packet (id $foreign)" "$tmp/err" ||
		return 1
	xdp_stop || return 1
	[ -z "$(prog_id)" ]
}

# "hello_packet -j | head -1": the reader goes away after one line. The
# tool must detach before it dies of SIGPIPE like any other writer.
test_reader_gone_detaches()
{
	local out rc

	out=$(timeout 20 ip netns exec "$hns" "$HELLO" -i veth1 -j -n 1 \
		2>"$tmp/err2" | head -1; exit "${PIPESTATUS[0]}")
	rc=$?
	cat "$tmp/err2"
	[ "${out:0:1}" = "{" ] || { echo "first line: $out"; return 1; }
	[ "$rc" -eq 141 ] || { echo "exit status $rc, want 141 (SIGPIPE)"; return 1; }
	grep -q "detached from veth1" "$tmp/err2" || return 1
	[ -z "$(prog_id)" ] || { echo "program $(prog_id) left attached"; return 1; }
}

test_generic_mode_cleanup()
{
	start "$FILTER" -d "$tmp/deny" -m skb || return 1
	ip -n "$hns" link show veth1 | grep -q "xdpgeneric" ||
		{ echo "not in generic mode"; return 1; }
	xdp_stop INT || return 1
	[ -z "$(prog_id)" ]
}

netns_create hns || ktap_skip_all "cannot create a network namespace"
veth_pair "$hns" veth0 "$hns" veth1 || ktap_skip_all "cannot create veth"

run_test "SIGTERM detaches" xdp_reaped test_sigterm_detaches
run_test "a running instance is never replaced by a second one" \
	xdp_reaped test_live_instance_refused
run_test "after SIGKILL the next run replaces the stale program" \
	xdp_reaped test_sigkill_then_replace
run_test "another program attached and no -F: refuse, explain" \
	xdp_reaped test_foreign_refused
run_test "-F replaces another program atomically" \
	xdp_reaped test_force_replaces
run_test "a reader that goes away: detach, then die of SIGPIPE" \
	xdp_reaped test_reader_gone_detaches
run_test "SIGINT detaches in generic mode too" \
	xdp_reaped test_generic_mode_cleanup

ktap_finish
