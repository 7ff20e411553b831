#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_faults.sh - the loader and openfiles under faults: signals in
# steady state and SIGKILL leave no program behind; a stopped consumer
# loses events, says how many, and then carries on; a full task map is
# reported; tracefs and bpffs are mounted when missing.
#
# The XDP tools under faults:
#  - their interface is deleted while they run: within a second or so
#    they say "TOOL: interface IFACE disappeared; exiting." (one line, no
#    other complaint) and exit 1, leaving no program behind;
#  - SIGTERM while filter_packet or fw still loads a big deny file: the
#    signal is held until loading is done, then instead of attaching
#    they say "TOOL: stopped by SIGTERM before attaching to IFACE;
#    nothing attached." and exit 1 (SIGINT likewise). Once attached,
#    SIGINT and SIGTERM detach and exit 0, as the other tests check. In
#    the first milliseconds, before the tool has installed its handlers,
#    the signal simply kills it: nothing can be attached then either.
source "$(dirname "$0")/lib.sh"

OF=$BB_BIN/openfiles
LOOP=$BB_TESTS/workloads/of_loop

require_root
require_cmd bpftool ip python3
tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
ktap_header
ktap_plan 13

nr_progs() { bpftool prog show | grep -cE '^[0-9]+: '; }

# wait_progs N: the kernel frees programs shortly after the last fd.
wait_progs()
{
	local i

	for i in $(seq 50); do
		[ "$(nr_progs)" -le "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# signal_leaves_nothing NAME SIG: openfiles -p on an idle process gets SIG.
signal_leaves_nothing()
{
	local name=$1 sig=$2 before target of rc

	before=$(nr_progs)
	sleep 30 &
	target=$!
	"$OF" -p "$target" >/dev/null 2>"$tmp/err" &
	of=$!
	sleep 1
	kill -"$sig" "$of"
	wait "$of" && rc=0 || rc=$?
	kill "$target"
	wait "$target" 2>/dev/null
	if wait_progs "$before" && { [ "$sig" = KILL ] ||
	   grep -q 'events, 0 lost' "$tmp/err"; }; then
		ktap_ok "$name"
	else
		ktap_print_msg "exit $rc; $(nr_progs) programs, $before before"
		ktap_print_msg "$(cat "$tmp/err")"
		ktap_fail "$name"
	fi
}

signal_leaves_nothing openfiles_sigterm_detaches TERM
signal_leaves_nothing openfiles_sigint_detaches INT
signal_leaves_nothing openfiles_sigkill_leaves_nothing KILL

# A consumer stopped under load: events are lost and counted, and the
# ones around the stop still arrive; every open is an event or a loss.
"$OF" -b 16K -- "$LOOP" "$tmp/f" 300000 >"$tmp/out" 2>"$tmp/err" &
of=$!
sleep 0.3
kill -STOP "$of"
sleep 1
kill -CONT "$of"
wait "$of"
got=$(grep -cx "$tmp/f" "$tmp/out")
lost=$(sed -n 's/.* events, \([0-9]*\) lost.*/\1/p' "$tmp/err")
if [ "${lost:-0}" -gt 0 ] && [ "$got" -gt 0 ] &&
   [ $((got + lost)) -ge 300000 ] && grep -q 'raise -b' "$tmp/err"; then
	ktap_ok "openfiles_stopped_consumer_counts_losses"
else
	ktap_print_msg "got $got, lost ${lost:-?}: $(cat "$tmp/err")"
	ktap_fail "openfiles_stopped_consumer_counts_losses"
fi

"$OF" -m 2 -- sh -c '(true &); (true &); (true &); wait' \
	>/dev/null 2>"$tmp/err"
if grep -q 'not followed: task map full; raise -m' "$tmp/err"; then
	ktap_ok "openfiles_full_task_map_is_reported"
else
	ktap_print_msg "$(cat "$tmp/err")"
	ktap_fail "openfiles_full_task_map_is_reported"
fi

# Unmount tracefs (and the debugfs copy): openfiles mounts it again.
umount /sys/kernel/debug/tracing 2>/dev/null
umount /sys/kernel/tracing 2>/dev/null
if ! mountpoint -q /sys/kernel/tracing &&
   "$OF" -- cat /etc/hostname >"$tmp/out" 2>"$tmp/err" &&
   grep -qx /etc/hostname "$tmp/out" && mountpoint -q /sys/kernel/tracing; then
	ktap_ok "tracefs_is_mounted_when_missing"
else
	ktap_print_msg "$(cat "$tmp/err")"
	ktap_fail "tracefs_is_mounted_when_missing"
fi

# Same for bpffs when pinning.
umount /sys/fs/bpf 2>/dev/null
if ! mountpoint -q /sys/fs/bpf &&
   "$BB_BIN/bpfobj" load "$BB_TESTS/progs/xdp_udp9.bpf.o" \
	--pin /sys/fs/bpf/bb_faults >/dev/null 2>"$tmp/err" &&
   [ -e /sys/fs/bpf/bb_faults/drop_udp9 ]; then
	ktap_ok "bpffs_is_mounted_when_missing"
else
	ktap_print_msg "$(cat "$tmp/err")"
	ktap_fail "bpffs_is_mounted_when_missing"
fi
rm -rf /sys/fs/bpf/bb_faults

# ---- XDP tools --------------------------------------------------------------

netns_create fns || ktap_skip_all "cannot create a network namespace"
printf '192.0.2.10\n2001:db8::dead\n' >"$tmp/deny"

# new_iface: a fresh veth pair bbf0/bbf1 in $fns for each test.
# shellcheck disable=SC2154  # netns_create sets $fns
new_iface()
{
	ip -n "$fns" link del bbf0 2>/dev/null
	veth_pair "$fns" bbf0 "$fns" bbf1
}

# reap PID SECS: wait up to SECS for PID to exit, SIGKILL it if it does
# not; its exit status in $rc (137 after the SIGKILL).
reap()
{
	local pid=$1 i

	for ((i = 0; i < $2 * 20; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null && rc=0 || rc=$?
}

now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# iface_deleted TOOL ARGS...: TOOL runs on bbf0, then bbf0 is deleted.
iface_deleted()
{
	local tool=$1 name before pid i t0 ms

	shift
	name=$(basename "$tool")
	before=$(nr_progs)
	new_iface
	# Emptied here, not by the redirection below: that happens in the
	# background job, maybe after the first grep saw the last tool's
	# "attached".
	: >"$tmp/err"
	ip netns exec "$fns" "$tool" -i bbf0 "$@" >/dev/null 2>>"$tmp/err" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q attached "$tmp/err" && break
		sleep 0.05
	done
	t0=$(now_ms)
	ip -n "$fns" link del bbf0
	reap "$pid" 5
	ms=$(($(now_ms) - t0))
	if [ "$rc" -eq 1 ] && [ "$ms" -lt 3000 ] &&
	   [ "$(grep -c "^$name: interface bbf0 disappeared; exiting.$" \
		"$tmp/err")" -eq 1 ] &&
	   ! grep -qE "failed|cannot" "$tmp/err" &&
	   wait_progs "$before"; then
		ktap_ok "${name}_interface_deleted_exits"
	else
		ktap_print_msg "exit $rc after $ms ms; $(nr_progs) programs, $before before:"
		sed 's/^/# /' "$tmp/err"
		ktap_fail "${name}_interface_deleted_exits"
	fi
}

iface_deleted "$BB_BIN/hello_packet"
iface_deleted "$BB_BIN/bubble_packet"
iface_deleted "$BB_BIN/filter_packet" -d "$tmp/deny"
iface_deleted "$BB_BIN/fw" -d "$tmp/deny"

# 2^20 rules: about a second and a half to parse and put in the tries.
python3 - "$tmp/big.deny" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(1 << 20):
        f.write(f"2001:db8:{i >> 16:x}:{i & 0xffff:x}::1\n")
PY

# handlers_installed PID NAME: PID has become NAME (exec'd) and catches
# SIGTERM (bit 15 of SigCgt): from now on SIGTERM is the tool's to handle.
handlers_installed()
{
	local cgt

	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] || return 1
	cgt=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
	[ -n "$cgt" ] && (((0x$cgt >> 14) & 1))
}

# sigterm_during_load TOOL: SIGTERM as soon as TOOL handles it, while it
# is still loading the big deny file.
sigterm_during_load()
{
	local tool=$1 name before pid i want

	name=$(basename "$tool")
	before=$(nr_progs)
	new_iface
	ip netns exec "$fns" "$tool" -i bbf0 -d "$tmp/big.deny" \
		>"$tmp/out" 2>"$tmp/err" &
	pid=$!
	for ((i = 0; i < 1000; i++)); do
		handlers_installed "$pid" "$name" && break
		sleep 0.002
	done
	kill -TERM "$pid"
	reap "$pid" 20
	want="$name: stopped by SIGTERM before attaching to bbf0; nothing attached."
	if [ "$rc" -eq 1 ] && [ "$(cat "$tmp/err")" = "$want" ] &&
	   [ ! -s "$tmp/out" ] &&
	   ! ip -n "$fns" link show bbf0 | grep -q prog/xdp &&
	   wait_progs "$before"; then
		ktap_ok "${name}_sigterm_during_load_attaches_nothing"
	else
		ktap_print_msg "exit $rc; $(nr_progs) programs, $before before:"
		sed 's/^/# /' "$tmp/err"
		ip -n "$fns" link show bbf0 | grep prog/xdp | sed 's/^/# /'
		ktap_fail "${name}_sigterm_during_load_attaches_nothing"
	fi
}

sigterm_during_load "$BB_BIN/filter_packet"
sigterm_during_load "$BB_BIN/fw"
ktap_finish
