#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# bench.sh - barebpf's benchmarks, run by "make bench" (BB_BUILD points
# at the build directory). Every figure is reported next to a baseline
# measured in the same run, as a ratio, because this machine is shared
# and noisy; the table goes to stdout and, with the machine description,
# to Documentation/bench.rst.
#
#   BENCH_QUICK=1   fewer repetitions and smaller tables: under a minute
#
# Network measurements use only namespaces and veth pairs made here,
# with addresses from 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32.
set -eu

B=${BB_BUILD:?}
SRC=${BB_SRC:-}
[ -n "$SRC" ] || SRC=$(cd "$(dirname "$0")/.." && pwd)
QUICK=${BENCH_QUICK:-0}
OUT=$SRC/Documentation/bench.rst
export BB_BENCH_DIR=$B/bench

tmp=$(mktemp -d)
NS_TX=bbbench-$$-tx
NS_RX=bbbench-$$-rx
cleanup()
{
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	ip netns del "$NS_TX" 2>/dev/null
	ip netns del "$NS_RX" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ROWS=()
# row GROUP MEASUREMENT VALUE UNIT RATIO TARGET
row()
{
	ROWS+=("$1|$2|$3|$4|$5|$6")
	printf '%-10s %-44s %12s %-8s %8s  %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# ---- the loader ----------------------------------------------------------

bench_loader()
{
	local obj=$B/bpf/openfiles.bpf.o n=$(( QUICK ? 5 : 20 )) ours theirs t0 t1 i

	ours=$("$B/bench/bench_loader" "$obj" "$n" | awk '{ print $2 }')
	row loader "open+load openfiles.bpf.o, in process" "$ours" us "" ""
	t0=$(date +%s%N)
	for i in $(seq "$n"); do "$B/bin/bpfobj" load "$obj" >/dev/null; done
	t1=$(date +%s%N)
	ours=$(((t1 - t0) / n / 1000))
	row loader "bpfobj load openfiles.bpf.o (process)" "$ours" us "1.00x" ""
	if command -v bpftool >/dev/null; then
		t0=$(date +%s%N)
		for i in $(seq "$n"); do
			bpftool prog loadall "$obj" /sys/fs/bpf/bbbench >/dev/null
			rm -rf /sys/fs/bpf/bbbench
		done
		t1=$(date +%s%N)
		theirs=$(((t1 - t0) / n / 1000))
		row loader "bpftool prog loadall (same object)" "$theirs" us \
			"$(ratio "$theirs" "$ours")" "baseline: bpfobj"
	fi
	for t in "$B"/bin/*; do
		row size "$(basename "$t") binary" "$(stat -c %s "$t")" bytes "" ""
	done
}

# ---- XDP -----------------------------------------------------------------

topology()
{
	ip netns add "$NS_TX"
	ip netns add "$NS_RX"
	ip link add bbtx netns "$NS_TX" type veth peer name bbrx netns "$NS_RX"
	ip -n "$NS_TX" addr add 192.0.2.1/24 dev bbtx
	ip -n "$NS_RX" addr add 192.0.2.2/24 dev bbrx
	ip -n "$NS_TX" link set bbtx up
	ip -n "$NS_RX" link set bbrx up
}

# ns_per_pkt ARGS...: median of three BPF_PROG_TEST_RUN measurements.
ns_per_pkt()
{
	local i

	for i in 1 2 3; do
		"$B/bench/bench_xdp_run" --repeat $(( QUICK ? 200000 : 2000000 )) "$@" |
			awk '{ print $2 }'
	done | median
}

live_pps()
{
	"$B/bench/bench_xdp_live" --tx-ns "$NS_TX" --tx-if bbtx \
		--rx-ns "$NS_RX" --rx-if bbrx --seconds $(( QUICK ? 1 : 3 )) "$@" |
		awk '{ print $6 }'
}

bench_xdp()
{
	local floor floor_pps

	floor=$(ns_per_pkt --obj "$B/bench/progs/bench_xdp.bpf.o" --prog xdp_floor)
	row xdp "floor (XDP_DROP), BPF_PROG_TEST_RUN" "$floor" ns/pkt "1.00x" ""
	topology
	floor_pps=$(live_pps --floor)
	row xdp-live "floor (XDP_DROP) on veth" "$floor_pps" pkt/s "1.00x" ""
	FLOOR_NS=$floor
	FLOOR_PPS=$floor_pps
}

machine()
{
	echo "- kernel: $(uname -r)"
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "- memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- clang: $(clang --version | head -1)"
	echo "- mode: $([ "$QUICK" = 1 ] && echo 'BENCH_QUICK=1' || echo full)"
}

write_report()
{
	local r g m v u x t

	{
		echo ".. SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause"
		echo
		echo "=================="
		echo "barebpf benchmarks"
		echo "=================="
		echo
		echo "Written by \`\`make bench\`\` on $(date -u +%Y-%m-%d). Ratios compare"
		echo "figures measured in the same run; absolute numbers vary with the"
		echo "machine and its load."
		echo
		machine
		echo
		echo ".. list-table::"
		echo "   :header-rows: 1"
		echo
		echo "   * - group"
		echo "     - measurement"
		echo "     - value"
		echo "     - ratio"
		echo "     - target / note"
		for r in "${ROWS[@]}"; do
			IFS='|' read -r g m v u x t <<<"$r"
			echo "   * - $g"
			echo "     - $m"
			echo "     - $v $u"
			echo "     - ${x:-}"
			echo "     - ${t:-}"
		done
	} >"$OUT"
	echo "bench: report written to $OUT" >&2
}

machine >&2
bench_loader
bench_xdp
for extra in "$SRC"/tools/testing/bench/bench_*.sh; do
	[ -x "$extra" ] || continue
	while read -r name value unit; do
		row "${name%%.*}" "${name#*.}" "$value" "$unit" "" ""
	done < <(BB_BUILD=$B BENCH_QUICK=$QUICK "$extra")
done
write_report
