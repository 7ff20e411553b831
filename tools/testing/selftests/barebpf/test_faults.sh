#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_faults.sh - the loader and openfiles under faults: signals in
# steady state and SIGKILL leave no program behind; a stopped consumer
# loses events, says how many, and then carries on; a full task map is
# reported; tracefs and bpffs are mounted when missing.
source "$(dirname "$0")/../lib.sh"

B=${BB_BUILD:?BB_BUILD must point at the build directory}
OF=$B/bin/openfiles
LOOP=$B/selftests/workloads/of_loop

require_root
require_cmd bpftool
tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
ktap_header
ktap_plan 7

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
   "$B/bin/bpfobj" load "$B/selftests/progs/xdp_udp9.bpf.o" \
	--pin /sys/fs/bpf/bb_faults >/dev/null 2>"$tmp/err" &&
   [ -e /sys/fs/bpf/bb_faults/drop_udp9 ]; then
	ktap_ok "bpffs_is_mounted_when_missing"
else
	ktap_print_msg "$(cat "$tmp/err")"
	ktap_fail "bpffs_is_mounted_when_missing"
fi
rm -rf /sys/fs/bpf/bb_faults
ktap_finish
