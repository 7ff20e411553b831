#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_bpfobj.sh - the bpfobj front end: info, load, run and its errors,
# on our objects and on objects built differently from ours (no BTF,
# other optimisation levels), as clang elsewhere would build them.
source "$(dirname "$0")/lib.sh"

BPFOBJ=$BB_BIN/bpfobj
PROGS=$BB_TESTS/progs

require_root
require_cmd clang
ktap_header
ktap_plan 14

tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"

# expect_out NAME PATTERN CMD...: CMD succeeds and prints PATTERN.
expect_out()
{
	local name=$1 pattern=$2 out rc

	shift 2
	out=$("$@" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -eq 0 ] && grep -qE -- "$pattern" <<<"$out"; then
		ktap_ok "$name"
	else
		ktap_print_msg "$out"
		ktap_fail "$name" "exit $rc, wanted /$pattern/"
	fi
}

# expect_err NAME STATUS PATTERN CMD...: CMD exits STATUS with one line
# on stderr matching PATTERN and nothing on stdout.
expect_err()
{
	local name=$1 status=$2 pattern=$3 rc

	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err" && rc=0 || rc=$?
	if [ "$rc" -eq "$status" ] && [ ! -s "$tmp/out" ] &&
	   grep -qE -- "$pattern" "$tmp/err"; then
		ktap_ok "$name"
	else
		ktap_print_msg "$(cat "$tmp/out" "$tmp/err")"
		ktap_fail "$name" "exit $rc, wanted $status and /$pattern/"
	fi
}

expect_out info_lists_maps_programs_relocs \
	'calc +sched_cls +tc .*insns' "$BPFOBJ" info "$PROGS/loader_maps.bpf.o"
expect_out info_lists_sections '^  \.BTF +[0-9]+  BTF$' \
	"$BPFOBJ" info "$PROGS/loader_maps.bpf.o"
expect_out info_shows_call_relocation 'call +-> add_hundred' \
	"$BPFOBJ" info "$PROGS/loader_maps.bpf.o"
expect_out load_prints_ids '^map hmap id [1-9]' \
	"$BPFOBJ" load "$PROGS/loader_maps.bpf.o"

# The BTF we loaded lets bpftool print global variables by name.
pin=/sys/fs/bpf/bb_test_bpfobj_$$
cleanup_push "rm -rf '$pin'"
if "$BPFOBJ" load "$PROGS/loader_maps.bpf.o" --pin "$pin" >/dev/null &&
   command -v bpftool >/dev/null; then
	expect_out bpftool_pretty_prints_globals '"data_var": 42' \
		bpftool map dump pinned "$pin/_data"
else
	ktap_fail bpftool_pretty_prints_globals "cannot pin, or no bpftool"
fi

# A UDP frame to port 9: Ethernet, IPv4 192.0.2.1 -> 192.0.2.2, UDP.
printf '\0\0\0\0\0\2\0\0\0\0\0\1\10\0' >"$tmp/udp9"
printf '\105\0\0\034\0\0\0\0\100\021\0\0\300\0\2\1\300\0\2\2' >>"$tmp/udp9"
printf '\0\65\0\11\0\10\0\0' >>"$tmp/udp9"
expect_out run_prints_xdp_action '^retval 1 \(XDP_DROP\)$' \
	"$BPFOBJ" run "$PROGS/xdp_udp9.bpf.o" drop_udp9 --data "$tmp/udp9" \
	--repeat 1000

# Objects built without BTF (-O2 alone) and at -O1 still load and run.
for variant in nobtf O1; do
	expect_out "foreign_object_$variant" '^retval 1 \(XDP_DROP\)$' \
		"$BPFOBJ" run "$PROGS/xdp_udp9.$variant.o" drop_udp9 \
		--data "$tmp/udp9"
done

# An object made by the static linker: two static variables named "hits"
# in one .bss. The kernel must take the BTF, and each program count in its
# own variable.
name=linked_object_keeps_statics_apart
if bpftool gen object "$tmp/linked.o" "$PROGS/linked_a.bpf.o" \
	"$PROGS/linked_b.bpf.o" 2>"$tmp/err" &&
   out=$("$BPFOBJ" run "$tmp/linked.o" count_b --data "$tmp/udp9" \
	 --repeat 3 2>&1) &&
   grep -q '^retval 3$' <<<"$out" && ! grep -q 'rejected the BTF' <<<"$out"; then
	ktap_ok "$name"
else
	ktap_print_msg "$(cat "$tmp/err") $out"
	ktap_fail "$name"
fi

expect_err not_an_object 1 'not an ELF file' "$BPFOBJ" info /etc/hostname
expect_err missing_object 1 'cannot read the object: No such file' \
	"$BPFOBJ" info "$tmp/nonexistent.o"
expect_err unknown_program 1 'program nosuch is not in' \
	"$BPFOBJ" run "$PROGS/xdp_udp9.bpf.o" nosuch --data "$tmp/udp9"
expect_err usage_error 2 'must be info, check, core, load or run' "$BPFOBJ" frobnicate x.o

# Pinning by name, in a bpffs of our own (a private mount namespace), so
# that nothing a running tool pinned in /sys/fs/bpf is touched: load says
# what it pinned and what it reused; run uses private maps unless
# --shared, so it cannot change a live tool's maps; info shows it.
pinning_is_said_and_run_is_private()
{
	local pin=/sys/fs/bpf/shared_counter o=$PROGS/pinned_map.bpf.o

	mount -t bpf bpf /sys/fs/bpf || return 1
	"$BPFOBJ" info "$o" | grep -E "shared_counter .* by name$" ||
		{ echo "info does not show the pinning"; return 1; }
	"$BPFOBJ" load "$o" | grep -F "shared_counter id" | tee "$tmp/l1"
	grep -q "pinned by name at $pin (new)" "$tmp/l1" || return 1
	"$BPFOBJ" load "$o" | grep -F "shared_counter id" | tee "$tmp/l2"
	grep -q "pinned by name at $pin (already there: reused)" "$tmp/l2" ||
		return 1
	"$BPFOBJ" run "$o" bump --data "$tmp/udp9" --repeat 5 >/dev/null ||
		return 1
	bpftool map lookup pinned "$pin" key 0 0 0 0 | grep -q '"value": 0' ||
		{ echo "run without --shared changed the pinned map"; return 1; }
	"$BPFOBJ" run "$o" bump --data "$tmp/udp9" --repeat 5 --shared \
		>/dev/null || return 1
	bpftool -j map lookup pinned "$pin" key 0 0 0 0 | grep -q '"value":5' ||
		{ echo "run --shared did not use the pinned map"; return 1; }
}
export BPFOBJ PROGS tmp
export -f pinning_is_said_and_run_is_private
run_test pinning_is_said_and_run_is_private \
	unshare -m bash -c pinning_is_said_and_run_is_private

ktap_finish
