#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# bench.sh - barebpf's benchmarks, run by "make bench" (BB_BUILD points
# at the build directory). Every figure is several repetitions, each
# measured back to back with its baseline (the floor, a peer tool, the
# untraced run), because this machine is shared and noisy: the table
# shows the median [min-max] of the repetitions and of the ratios taken
# per repetition. It goes to stdout and, with the machine description,
# to Documentation/bench.rst, as JSON to Documentation/bench.json (make
# bench-compare compares two) and, for the XDP filters, as a plot to
# Documentation/bench-filter.png.
#
#   bench.sh [--json FILE]   the JSON table elsewhere (or BENCH_JSON=FILE)
#   BENCH_QUICK=1            fewer repetitions and smaller tables
#   BENCH_CPU=N              the CPU of the in-process figures (below)
#
# Network measurements use only namespaces and veth pairs made here,
# with addresses from 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and
# 2001:db8::/32; the 10.0.0.0/8 addresses of the deny files are map
# contents only, nothing is ever sent to or from them.
set -eu

B=${BB_BUILD:?}
SRC=${BB_SRC:-}
[ -n "$SRC" ] || SRC=$(cd "$(dirname "$0")/.." && pwd)
QUICK=${BENCH_QUICK:-0}
OUT=$SRC/Documentation/bench.rst
PNG=$SRC/Documentation/bench-filter.png
JSON=${BENCH_JSON:-$SRC/Documentation/bench.json}
if [ "${1:-}" = --json ] && [ -n "${2:-}" ]; then
	JSON=$2
elif [ $# -gt 0 ]; then
	echo "usage: bench.sh [--json FILE]" >&2
	exit 2
fi
export BB_BENCH_DIR=$B/bench

# online_cpus: the CPUs the kernel runs, one per line.
online_cpus()
{
	tr ',' '\n' </sys/devices/system/cpu/online |
		awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c }'
}

# pick_cpu: the CPU that ran a short busy loop fastest, and each one's
# time, for the machine description. The figures measured within one
# process (BPF_PROG_TEST_RUN, the loader, the deny list load) run pinned
# to it, so that no repetition moves to a CPU the host runs slower: on
# the VM of Documentation/bench.rst one CPU took 1.8x as long as the
# other for a while, and every ns/pkt figure on it with it.
pick_cpu()
{
	local c t0 t best="" best_t=0

	CPU_TIMES=""
	for c in $(online_cpus); do
		t0=$(date +%s%N)
		taskset -c "$c" bash -c 'for ((i = 0; i < 200000; i++)); do :; done'
		t=$(( ($(date +%s%N) - t0) / 1000000 ))
		CPU_TIMES+="${CPU_TIMES:+, }CPU $c $t ms"
		if [ -z "$best" ] || [ "$t" -lt "$best_t" ]; then
			best=$c best_t=$t
		fi
	done
	CPU=${BENCH_CPU:-$best}
}
pick_cpu
PIN=(taskset -c "$CPU")

# Repetitions of each figure; BPF_PROG_TEST_RUN runs per repetition;
# repetitions and seconds of each live figure.
REPS=$(( QUICK ? 3 : 7 ))
REPEAT=$(( QUICK ? 200000 : 2000000 ))
LIVE_REPS=$(( QUICK ? 3 : 5 ))
LIVE_SECONDS=$(( QUICK ? 1 : 2 ))

tmp=$(mktemp -d)
NS_TX=bbbench-$$-tx
NS_RX=bbbench-$$-rx
NS_XF=bbbench-$$-xf
# xdp-filter keeps its state in a bpffs of ours, not the system's.
export LIBXDP_BPFFS=$tmp/bpffs
cleanup()
{
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	ip netns del "$NS_TX" 2>/dev/null
	ip netns del "$NS_RX" 2>/dev/null
	ip netns del "$NS_XF" 2>/dev/null
	umount "$tmp/bpffs" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

ROWS=$tmp/rows

# summ VALUES: "median [min-max]" of the figures in VALUES, to print.
summ()
{
	# shellcheck disable=SC2086  # one figure per word
	printf '%s\n' $1 | sort -g |
		awk 'function f(x) {
			return x >= 100 ? sprintf("%.0f", x) : sprintf("%.3g", x)
		}
		{ v[NR] = $1 } END {
			if (NR == 0) { print "-"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			if (NR == 1) { print f(m); exit }
			printf "%s [%s-%s]", f(m), f(v[1]), f(v[NR]) }'
}

# ratios VALUES BASE: the ratio of each repetition, value over baseline.
ratios()
{
	# shellcheck disable=SC2086  # one figure per word
	paste -d' ' <(printf '%s\n' $1) <(printf '%s\n' $2) |
		awk 'NF == 2 && $2 > 0 { printf "%.3f\n", $1 / $2 }'
}

# rec GROUP MEASUREMENT UNIT VALUES [BASELINE BASE_VALUES [TARGET [PLOT]]]:
# one row of the table. VALUES holds one figure per repetition, and
# BASE_VALUES the baseline's of the same repetitions, in the same order;
# PLOT ("SERIES@X") makes the row a point of the plot. Rows without
# figures (a measurement that failed) are left out, with a message.
rec()
{
	local r=""

	if [ -z "$(printf '%s' "$4" | tr -d ' ')" ]; then
		echo "bench: no figures for \"$2\"; the row is left out." >&2
		return 0
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
		"${5:-}" "${6:-}" "${7:-}" "${8:-}" >>"$ROWS"
	[ -n "${6:-}" ] && r="$(summ "$(ratios "$4" "$6")")x vs $5"
	printf '%-8s %-50s %22s %-6s %s\n' "$1" "$2" "$(summ "$4")" "$3" "$r"
}

# ---- the loader ----------------------------------------------------------

# time_us N CMD...: average microseconds of N runs of CMD.
time_us()
{
	local n=$1 t0 t1 i

	shift
	t0=$(date +%s%N)
	for i in $(seq "$n"); do "$@" >/dev/null; done
	t1=$(date +%s%N)
	echo $(((t1 - t0) / n / 1000))
}

# bpftool_loadall OBJ: what "bpftool prog loadall" costs, pins and all.
bpftool_loadall()
{
	bpftool prog loadall "$1" /sys/fs/bpf/bbbench-$$ >/dev/null
	rm -rf /sys/fs/bpf/bbbench-$$
}

# bench_load_vs_bpftool NAME OBJ: bpfobj load against bpftool loadall
# on the same object, a few processes of each per repetition, the two
# alternated so that both see the same machine.
bench_load_vs_bpftool()
{
	local name=$1 obj=$2 k=$(( QUICK ? 2 : 4 )) ours="" theirs="" r

	command -v bpftool >/dev/null || {
		echo "bench: bpftool is not installed; bpfobj load $name has no peer." >&2
		return 0
	}
	for r in $(seq "$REPS"); do
		if [ $((r % 2)) = 1 ]; then
			ours+="$(time_us "$k" "$B/bin/bpfobj" load "$obj") "
			theirs+="$(time_us "$k" bpftool_loadall "$obj") "
		else
			theirs+="$(time_us "$k" bpftool_loadall "$obj") "
			ours+="$(time_us "$k" "$B/bin/bpfobj" load "$obj") "
		fi
	done
	rec loader "bpftool prog loadall $name (peer, process)" us "$theirs"
	rec loader "bpfobj load $name (process)" us "$ours" \
		"bpftool loadall" "$theirs" "<= 1.00x bpftool"
}

bench_loader()
{
	local obj=$B/bpf/openfiles.bpf.o v="" r t n=$(( QUICK ? 3 : 5 ))

	for r in $(seq "$REPS"); do
		v+="$("${PIN[@]}" "$B/bench/bench_loader" "$obj" "$n" |
			awk '{ print $2 }') "
	done
	rec loader "open+load openfiles.bpf.o, in process" us "$v"
	# Not openfiles.bpf.o: bpftool's loadall pins every program and
	# fails on the ones a "?" section leaves unloaded, which openfiles
	# has (a choice between programs made at run time).
	bench_load_vs_bpftool fw.bpf.o "$B/bpf/fw.bpf.o"
	# CO-RE: both read and search the kernel's BTF (6 MB) for task_struct
	bench_load_vs_bpftool "core_reloc.bpf.o (CO-RE)" \
		"$B/selftests/progs/core_reloc.bpf.o"
	for t in "$B"/bin/*; do
		rec size "$(basename "$t") binary" bytes "$(stat -c %s "$t")"
	done
}

# ---- XDP -----------------------------------------------------------------

# Two veth pairs from NS_TX to NS_RX: the tools run on bbrx, the live
# floor on bbrx2, so that a live figure and its floor alternate without
# a tool being stopped; and a pair of its own for xdp-filter, so that
# it is loaded while filter_packet is, and one process measures both.
topology()
{
	ip netns add "$NS_TX"
	ip netns add "$NS_RX"
	ip netns add "$NS_XF"
	ip link add bbtx netns "$NS_TX" type veth peer name bbrx netns "$NS_RX"
	ip link add bbtx2 netns "$NS_TX" type veth peer name bbrx2 netns "$NS_RX"
	ip link add bbxftx netns "$NS_XF" type veth peer name bbxf netns "$NS_XF"
	ip -n "$NS_TX" addr add 192.0.2.1/24 dev bbtx
	ip -n "$NS_RX" addr add 192.0.2.2/24 dev bbrx
	ip -n "$NS_TX" addr add 198.51.100.1/24 dev bbtx2
	ip -n "$NS_RX" addr add 198.51.100.2/24 dev bbrx2
	ip -n "$NS_XF" addr add 203.0.113.201/24 dev bbxftx
	ip -n "$NS_XF" addr add 203.0.113.202/24 dev bbxf
	local l
	for l in "$NS_TX bbtx" "$NS_RX bbrx" "$NS_TX bbtx2" "$NS_RX bbrx2" \
		 "$NS_XF bbxftx" "$NS_XF bbxf"; do
		# shellcheck disable=SC2086  # "namespace interface"
		ip -n ${l% *} link set ${l#* } up
	done
	mkdir -p "$tmp/bpffs"
	mount -t bpf bpf "$tmp/bpffs"
}

# prog_id NS IF: id of the XDP program attached to IF in NS.
prog_id()
{
	ip -n "$1" link show "$2" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p'
}

FLOOR_SPEC=

# xdp_run OUT SPEC...: BPF_PROG_TEST_RUN of the floor and every SPEC
# (LABEL=PROG,SRC[,DPORT], see bench_xdp_run.c) in one process,
# interleaved, REPS repetitions; "LABEL ACTION NS..." lines into OUT.
xdp_run()
{
	local out=$1

	shift
	"${PIN[@]}" "$B/bench/bench_xdp_run" --reps "$REPS" \
		--repeat "$REPEAT" "$FLOOR_SPEC" "$@" >"$out" || {
		echo "bench: BPF_PROG_TEST_RUN of $* failed." >&2
		: >"$out"
	}
}

# figs OUT LABEL: the figures of LABEL in OUT, one per repetition.
figs()
{
	awk -v l="$2" '$1 == l { $1 = ""; $2 = ""; print }' "$1" | xargs
}

# drops OUT LABEL: check that LABEL's frame was dropped (XDP_DROP is 1),
# so that a "hit" row measures what it says.
drops()
{
	awk -v l="$2" '$1 == l && $2 != 1 { exit 1 }' "$1" || {
		echo "bench: the frame of \"$2\" was not dropped: the row measures something else." >&2
		return 1
	}
}

# live_one ARGS...: packets per second of one live run.
live_one()
{
	"$B/bench/bench_xdp_live" --seconds "$LIVE_SECONDS" "$@" |
		awk '{ print $6 }'
}

# live_reps ARGS...: LIVE_REPS live runs of the program on the receiver
# ARGS name (--tx-ns ... --rx-if ..., --src ...), alternated with runs
# of the floor on the second veth pair; sets LIVE and LIVE_FLOOR.
live_reps()
{
	local r f v

	LIVE="" LIVE_FLOOR=""
	for r in $(seq "$LIVE_REPS"); do
		if [ $((r % 2)) = 1 ]; then
			f=$(live_one --tx-ns "$NS_TX" --tx-if bbtx2 \
				--rx-ns "$NS_RX" --rx-if bbrx2 --floor)
			v=$(live_one "$@")
		else
			v=$(live_one "$@")
			f=$(live_one --tx-ns "$NS_TX" --tx-if bbtx2 \
				--rx-ns "$NS_RX" --rx-if bbrx2 --floor)
		fi
		LIVE+="$v " LIVE_FLOOR+="$f "
	done
}

# live_rx ARGS...: live_reps with the tool on bbrx as the receiver.
live_rx()
{
	live_reps --tx-ns "$NS_TX" --tx-if bbtx --rx-ns "$NS_RX" \
		--rx-if bbrx "$@"
}

# deny_file N PATH: N rules (at least 4), mixed: the host 203.0.113.7
# and the /24 around it, a /48 and the host 2001:db8:eeee::7, that the
# "hit" packets come from, then IPv4 /32s from 10/8 and IPv6 /128s and
# /64s from 2001:db8::/32 (its halves 2001:db8:0-7fff: for /64s and
# 2001:db8:8000-: for hosts; the "no match" packet comes from
# 2001:db8:4000::9, outside all of them). Rules are map contents only:
# nothing is sent to them.
deny_file()
{
	awk -v n="$1" 'BEGIN {
		print "203.0.113.7"; print "203.0.113.0/24"
		print "2001:db8:ffff::/48"; print "2001:db8:eeee::7"
		n -= 4
		for (i = 0; i < int(n / 2); i++)
			printf "10.%d.%d.%d\n", int(i / 65536) % 256,
				int(i / 256) % 256, i % 256
		for (i = 0; i < n - int(n / 2); i++)
			if (i % 10 == 0)
				printf "2001:db8:%x:%x::/64\n", int(i / 65536),
					i % 65536
			else
				printf "2001:db8:%x:%x::1\n",
					int(i / 65536) + 32768, i % 65536
	}' >"$2"
}

# start_tool NAME ARGS...: run a tool on the receiver and wait until it
# is ready: its program attached to bbrx (the kernel says so, not only
# the tool) and, for the filters, its rules in force. Pid in TOOL_PID.
start_tool()
{
	local name=$1 ready='attached' i

	shift
	case "$name" in filter_packet|fw) ready='rules from .* in force' ;; esac
	ip netns exec "$NS_RX" "$B/bin/$name" -i bbrx "$@" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" &
	TOOL_PID=$!
	for i in $(seq 600); do
		if grep -q "$ready" "$tmp/$name.err" &&
		   ip -n "$NS_RX" link show bbrx | grep -q 'prog/xdp'; then
			return 0
		fi
		kill -0 "$TOOL_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "bench: $name did not get ready: $(cat "$tmp/$name.err")" >&2
	stop_tool
	return 1
}

stop_tool()
{
	kill "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null || true
}

# xf NS_XF-ARGS...: xdp-filter in its namespace, state in our bpffs.
xf()
{
	ip netns exec "$NS_XF" xdp-filter "$@"
}

# xf_load FEATURES: load xdp-filter on bbxf with FEATURES (its -f).
xf_load()
{
	command -v xdp-filter >/dev/null ||
		apt-get install -y -qq xdp-tools >/dev/null 2>&1 || {
		echo "bench: xdp-filter (xdp-tools) cannot be installed; its rows are left out." >&2
		return 1
	}
	xf load bbxf -f "$1" -m native 2>"$tmp/xf.err" || {
		echo "bench: xdp-filter load failed: $(tail -1 "$tmp/xf.err")" >&2
		return 1
	}
}

xf_unload()
{
	xf unload bbxf 2>/dev/null || true
}

# fp_row LABEL TEXT XF-LABEL XF-TEXT: a row of bench_filter_at (whose
# n, tag, floor and xfid it reads) for filter_packet's LABEL, against
# the xdp-filter lookup XF-LABEL, or against the floor without it.
fp_row()
{
	local target="<= 1.00x xdp-filter (aim 0.70x)"

	if [ -n "$xfid" ]; then
		rec xdp "$tag, $2" ns/pkt "$(figs "$tmp/f" "$1")" \
			"xdp-filter $4" "$(figs "$tmp/f" "$3")" \
			"$target" "filter_packet $2@$n"
	else
		rec xdp "$tag, $2" ns/pkt "$(figs "$tmp/f" "$1")" \
			floor "$floor" "" "filter_packet $2@$n"
	fi
}

# xf_row LABEL TEXT: the row of bench_filter_at (whose n, floor and
# xfname it reads) for xdp-filter's lookup LABEL, against the floor.
xf_row()
{
	rec xdp "$xfname, $2 (peer, $n rules)" ns/pkt "$(figs "$tmp/f" "$1")" \
		floor "$floor" "" "xdp-filter $2@$n"
}

# filter_packet against xdp-filter at one rule count N: filter_packet
# with N rules on bbrx, xdp-filter with N exact addresses (half IPv4,
# half IPv6, as many as its maps hold) on bbxf, both measured with the
# floor in one process. Each row of filter_packet has the xdp-filter
# lookup of the same kind as its baseline: a hit against its hit, a
# miss against its miss, IPv6 against IPv6.
bench_filter_at()
{
	local n=$1 fp xfid nv4 nv6 got xfn xfname l

	deny_file "$n" "$tmp/deny"
	start_tool filter_packet -d "$tmp/deny" || return 0
	fp=$(prog_id "$NS_RX" bbrx)
	nv4=$(( (n + 1) / 2 )) nv6=$(( n / 2 ))
	xfid=""
	if xf_load ipv4,ipv6; then
		got=$("$B/bench/bench_xf_fill" "$LIBXDP_BPFFS/xdp-filter" \
			"$nv4" "$nv6") || got=""
		xfid=$(prog_id "$NS_XF" bbxf)
		[ -n "$got" ] || xfid=""
	fi
	xdp_run "$tmp/f" \
		${xfid:+"xf4hit=id:$xfid,203.0.113.7"} \
		${xfid:+"xf4miss=id:$xfid,192.0.2.1"} \
		${xfid:+"xf6hit=id:$xfid,2001:db8:eeee::7"} \
		${xfid:+"xf6miss=id:$xfid,2001:db8:4000::9"} \
		"fp4hit=id:$fp,203.0.113.7" "fp4net=id:$fp,203.0.113.9" \
		"fp4miss=id:$fp,192.0.2.1" "fp6hit=id:$fp,2001:db8:eeee::7" \
		"fp6net=id:$fp,2001:db8:ffff::7" \
		"fp6miss=id:$fp,2001:db8:4000::9"
	xf_unload
	stop_tool
	local floor tag="filter_packet $n rules"
	floor=$(figs "$tmp/f" floor)
	for l in fp4hit fp4net fp6hit fp6net ${xfid:+xf4hit xf6hit}; do
		drops "$tmp/f" "$l" || true
	done
	if [ -n "$xfid" ]; then
		xfn=$(( $(echo "$got" | awk '{ print $2 + $4 }') ))
		xfname="xdp-filter $xfn addresses"
		[ "$xfn" -lt "$n" ] &&
			xfname="xdp-filter $xfn addresses (all it holds)"
		xf_row xf4hit "v4 host hit"
		xf_row xf4miss "v4 no match"
		xf_row xf6hit "v6 host hit"
		xf_row xf6miss "v6 no match"
	fi
	fp_row fp4hit "v4 host hit (drop)" xf4hit "v4 hit"
	fp_row fp4net "v4 /24 prefix hit (drop)" xf4hit "v4 hit"
	fp_row fp4miss "v4 no match" xf4miss "v4 no match"
	fp_row fp6hit "v6 host hit (drop)" xf6hit "v6 hit"
	fp_row fp6net "v6 /48 prefix hit (drop)" xf6hit "v6 hit"
	fp_row fp6miss "v6 no match" xf6miss "v6 no match"
}

# filter_packet at every rule count, then the live drop rate and the
# load time of the largest list.
bench_filter()
{
	local sizes="4 1000 100000 1000000" n last

	[ "$QUICK" = 1 ] && sizes="4 1000 100000"
	for n in $sizes; do
		bench_filter_at "$n"
		last=$n
	done
	if start_tool filter_packet -d "$tmp/deny"; then
		live_rx --src 203.0.113.7
		rec xdp-live "filter_packet $last rules, dropping" pkt/s \
			"$LIVE" floor "$LIVE_FLOOR" ">= 0.90x floor"
		stop_tool
	fi
	bench_deny_load "$last" "" "$tmp/deny" batch
}

# bench_deny_load N WHAT FILE [batch]: parse and load times of FILE,
# N rules, WHAT they are, into fresh maps (bench_deny_load), REPS
# times; with "batch", the batch load against one update per rule.
bench_deny_load()
{
	local p="" b="" s="" r

	for r in $(seq "$REPS"); do
		"${PIN[@]}" "$B/bench/bench_deny_load" "$3" >"$tmp/load" ||
			return 0
		p+="$(awk '/parse/ { print $2 }' "$tmp/load") "
		b+="$(awk '/batch/ { print $2 }' "$tmp/load") "
		s+="$(awk '/single/ { print $2 }' "$tmp/load") "
	done
	rec deny "parse $1-rule file$2" ms "$p"
	if [ "${4:-}" = batch ]; then
		rec deny "load $1 rules$2, one update each" ms "$s"
		rec deny "load $1 rules$2, batch updates" ms "$b" \
			"one update each" "$s" "<= 1000 ms"
	else
		rec deny "load $1 rules$2, batch updates" ms "$b" "" "" \
			"<= 1000 ms"
	fi
}

# port_rules PATH: append the rules by protocol of the port rows to a
# deny file. "udp dport 9" drops the frames the benchmarks send (UDP
# 4242 -> 9); the other three make the lookups look past rules of
# the same protocol and of TCP. xdp-filter gets the same four.
port_rules()
{
	printf '%s\n' "udp dport 9" "tcp dport 22" "tcp sport 1024" \
		"udp sport 5353" >>"$1"
}

# deny_port_file N PATH: N rules, a half of them by port: the addresses
# of deny_file, IPv4 hosts with a TCP port, IPv6 /64s with a UDP port,
# and 2000 ports without an address. For the load time of port rules.
deny_port_file()
{
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= 1000; i++)
			printf "tcp sport %d\nudp sport %d\n", 20000 + i,
				20000 + i
		n -= 2000
		for (i = 0; i < n; i++) {
			k = i % 4
			if (k < 2)
				printf "10.%d.%d.%d\n", int(i / 65536) % 256,
					int(i / 256) % 256, i % 256
			else if (k == 2)
				printf "10.%d.%d.%d tcp dport 22\n",
					128 + int(i / 65536) % 128,
					int(i / 256) % 256, i % 256
			else
				printf "2001:db8:%x:%x::/64 udp dport 53\n",
					int(i / 65536), i % 65536
		}
	}' >"$2"
}

# xdp-filter with the four port rules of port_rules (its "port"
# command), its tcp and udp features only (its fastest program for
# ports); 0 if it is loaded and its program id in XFID.
xf_ports()
{
	XFID=""
	xf_load tcp,udp || return 1
	if xf port 9 --proto udp --mode dst && xf port 22 --proto tcp --mode dst &&
	   xf port 1024 --proto tcp --mode src &&
	   xf port 5353 --proto udp --mode src; then
		XFID=$(prog_id "$NS_XF" bbxf)
		return 0
	fi
	echo "bench: xdp-filter did not take the port rules." >&2
	xf_unload
	return 1
}

# filter_packet with the largest address list plus port rules, next to
# xdp-filter with the same four port rules: a drop by port, a miss, a
# drop by address that looks past the port rules, and a drop by a port
# rule with an address (a trie of its own); the live rates; and the
# load of N rules by port.
bench_filter_ports()
{
	local n fp floor tag="filter_packet $(wc -l <"$tmp/deny") rules + 4 ports"

	cp "$tmp/deny" "$tmp/deny.ports"
	port_rules "$tmp/deny.ports"
	start_tool filter_packet -d "$tmp/deny.ports" || return 0
	fp=$(prog_id "$NS_RX" bbrx)
	xf_ports || true
	xdp_run "$tmp/p" \
		${XFID:+"xfport=id:$XFID,192.0.2.1,9"} \
		${XFID:+"xfmiss=id:$XFID,192.0.2.1,10"} \
		"port=id:$fp,192.0.2.1,9" "miss=id:$fp,192.0.2.1,10" \
		"host=id:$fp,203.0.113.7,10"
	floor=$(figs "$tmp/p" floor)
	if [ -n "$XFID" ]; then
		rec xdp "xdp-filter 4 ports, udp port 9 hit (peer)" ns/pkt \
			"$(figs "$tmp/p" xfport)" floor "$floor"
		rec xdp "xdp-filter 4 ports, no match (peer)" ns/pkt \
			"$(figs "$tmp/p" xfmiss)" floor "$floor"
		rec xdp "$tag, udp dport 9 rule (drop)" ns/pkt \
			"$(figs "$tmp/p" port)" "xdp-filter port hit" \
			"$(figs "$tmp/p" xfport)" "<= 1.00x xdp-filter"
		rec xdp "$tag, no match" ns/pkt "$(figs "$tmp/p" miss)" \
			"xdp-filter port no match" "$(figs "$tmp/p" xfmiss)" \
			"<= 1.00x xdp-filter"
		live_reps --tx-ns "$NS_XF" --tx-if bbxftx --rx-ns "$NS_XF" \
			--rx-if bbxf --src 192.0.2.1
		rec xdp-live "xdp-filter 4 ports, dropping (peer)" pkt/s \
			"$LIVE" floor "$LIVE_FLOOR"
		xf_unload
	else
		rec xdp "$tag, udp dport 9 rule (drop)" ns/pkt \
			"$(figs "$tmp/p" port)" floor "$floor"
		rec xdp "$tag, no match" ns/pkt "$(figs "$tmp/p" miss)" \
			floor "$floor"
	fi
	rec xdp "$tag, v4 host rule (drop)" ns/pkt "$(figs "$tmp/p" host)" \
		floor "$floor"
	live_rx --src 192.0.2.1
	rec xdp-live "$tag, dropping by port" pkt/s "$LIVE" floor \
		"$LIVE_FLOOR" ">= 0.90x floor"
	live_rx --src 203.0.113.7 --dport 10
	rec xdp-live "$tag, dropping by host" pkt/s "$LIVE" floor \
		"$LIVE_FLOOR" ">= 0.90x floor"
	stop_tool
	echo "198.51.100.0/24 udp dport 53" >>"$tmp/deny.ports"
	start_tool filter_packet -d "$tmp/deny.ports" || return 0
	fp=$(prog_id "$NS_RX" bbrx)
	xdp_run "$tmp/p" "net=id:$fp,198.51.100.7,53"
	rec xdp "$tag and a /24 one, /24 udp dport 53 rule (drop)" ns/pkt \
		"$(figs "$tmp/p" net)" floor "$(figs "$tmp/p" floor)"
	live_rx --src 198.51.100.7 --dport 53
	rec xdp-live "  same, dropping" pkt/s "$LIVE" floor "$LIVE_FLOOR" \
		">= 0.90x floor"
	stop_tool
	n=$(wc -l <"$tmp/deny")
	deny_port_file "$n" "$tmp/deny.load"
	bench_deny_load "$n" ", a half by port" "$tmp/deny.load"
}

# bench_tool_ns TEXT SRC: ns/pkt of the tool on bbrx for a frame from
# SRC, against the floor.
bench_tool_ns()
{
	local id

	id=$(prog_id "$NS_RX" bbrx)
	xdp_run "$tmp/t" "t=id:$id,$2"
	rec xdp "$1" ns/pkt "$(figs "$tmp/t" t)" floor "$(figs "$tmp/t" floor)"
}

bench_hello()
{
	start_tool hello_packet -n 3600 || return 0
	bench_tool_ns "hello_packet (per-CPU counters)" 192.0.2.1
	stop_tool
}

# fw on the largest deny list (drop events on, rate limited in BPF, and
# protocol counters), and bubble_packet sending every packet to user
# space through the perf buffer.
bench_fw_bubble()
{
	local n w0="" id

	n=$(wc -l <"$tmp/deny")
	if start_tool fw -d "$tmp/deny" -q; then
		id=$(prog_id "$NS_RX" bbrx)
		xdp_run "$tmp/t" "m=id:$id,203.0.113.7" "x=id:$id,192.0.2.1"
		rec xdp "fw $n rules, v4 host hit (drop+event)" ns/pkt \
			"$(figs "$tmp/t" m)" floor "$(figs "$tmp/t" floor)"
		rec xdp "fw $n rules, v4 no match" ns/pkt \
			"$(figs "$tmp/t" x)" floor "$(figs "$tmp/t" floor)"
		live_rx --src 203.0.113.7
		rec xdp-live "fw $n rules, dropping" pkt/s "$LIVE" floor \
			"$LIVE_FLOOR" ">= 0.90x floor"
		stop_tool
	fi
	# Both bubble_packet modes at once: -w 0 on bbrx, the watermark on
	# bbrx2 (the live floor's pair, not in use here), so that their
	# repetitions interleave.
	if start_tool bubble_packet -s 1 -r 10 -w 0; then
		w0=$(prog_id "$NS_RX" bbrx)
		ip netns exec "$NS_RX" "$B/bin/bubble_packet" -i bbrx2 -s 1 \
			-r 10 >"$tmp/bubble2.out" 2>"$tmp/bubble2.err" &
		local pid2=$! id2="" _
		for _ in $(seq 100); do
			id2=$(prog_id "$NS_RX" bbrx2)
			[ -n "$id2" ] && break
			sleep 0.1
		done
		xdp_run "$tmp/t" "w0=id:$w0,192.0.2.1" \
			${id2:+"wm=id:$id2,192.0.2.1"}
		kill "$pid2" 2>/dev/null
		wait "$pid2" 2>/dev/null || true
		stop_tool
		rec xdp "bubble_packet -w 0, an event and a wakeup per packet" \
			ns/pkt "$(figs "$tmp/t" w0)" floor \
			"$(figs "$tmp/t" floor)"
		[ -n "$id2" ] &&
			rec xdp "bubble_packet, an event per packet (watermark)" \
				ns/pkt "$(figs "$tmp/t" wm)" "-w 0" \
				"$(figs "$tmp/t" w0)"
	fi
}

# The same drop with netfilter: a raw-table rule behind XDP_PASS.
bench_iptables()
{
	command -v iptables >/dev/null ||
		apt-get install -y -qq iptables >/dev/null 2>&1 || return 0
	ip netns exec "$NS_RX" iptables -t raw -A PREROUTING -s 192.0.2.1 -j DROP ||
		return 0
	live_rx --rx-prog xdp_pass --src 192.0.2.1
	rec xdp-live "iptables raw DROP (peer)" pkt/s "$LIVE" floor \
		"$LIVE_FLOOR" "filter_packet should beat it"
	ip netns exec "$NS_RX" iptables -t raw -F
}

# xdp-filter dropping live, with 1000 addresses (fewer with
# BENCH_QUICK=1), on its own pair.
bench_xdp_filter_live()
{
	local n=$(( QUICK ? 100 : 1000 ))

	xf_load ipv4,ipv6 || return 0
	"$B/bench/bench_xf_fill" "$LIBXDP_BPFFS/xdp-filter" "$n" 0 >/dev/null &&
		live_reps --tx-ns "$NS_XF" --tx-if bbxftx --rx-ns "$NS_XF" \
			--rx-if bbxf --src 203.0.113.7 &&
		rec xdp-live "xdp-filter $n addresses, dropping (peer)" pkt/s \
			"$LIVE" floor "$LIVE_FLOOR"
	xf_unload
}

bench_xdp()
{
	FLOOR_SPEC="floor=obj:$B/bench/progs/bench_xdp.bpf.o:xdp_floor,192.0.2.1"
	topology
	xdp_run "$tmp/t"
	rec xdp "floor (XDP_DROP), BPF_PROG_TEST_RUN" ns/pkt \
		"$(figs "$tmp/t" floor)"
	bench_hello
	bench_xdp_filter_live
	bench_filter
	bench_filter_ports
	bench_fw_bubble
	bench_iptables
}

machine()
{
	echo "- kernel: $(uname -r)"
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "- memory: $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- clang: $(clang --version | head -1)"
	echo "- mode: $([ "$QUICK" = 1 ] && echo 'BENCH_QUICK=1' || echo full)"
	echo "- in-process figures on CPU $CPU (a busy loop took: $CPU_TIMES)"
}

# have_gnuplot: gnuplot is there or can be installed (gnuplot-nox);
# without it the report goes without the plot, and says so.
have_gnuplot()
{
	command -v gnuplot >/dev/null && return 0
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  apt-get install -y -qq gnuplot-nox >/dev/null 2>&1; } ||
		true
	command -v gnuplot >/dev/null && return 0
	echo "bench: gnuplot (gnuplot-nox) cannot be installed; bench.rst goes without the plot." >&2
	return 1
}

# The JSON table, bench.rst and the plot, all from the rows file.
write_report()
{
	local png=()

	machine >"$tmp/machine"
	have_gnuplot && png=(--png "$PNG")
	python3 "$SRC/scripts/bench-report.py" --rows "$ROWS" \
		--machine "$tmp/machine" \
		--notes "$SRC/tools/testing/bench/notes.rst" --rst "$OUT" \
		--json "$JSON" "${png[@]}" \
		--mode "$([ "$QUICK" = 1 ] && echo quick || echo full)" \
		--reps "$REPS"
}

machine >&2
: >"$ROWS"
bench_loader
bench_xdp
# Other benchmarks print rows as "GROUP.MEASUREMENT|UNIT|VALUES|BASELINE|
# BASE_VALUES|TARGET" (the fields of rec, figures separated by spaces).
for extra in "$SRC"/tools/testing/bench/bench_*.sh; do
	[ -x "$extra" ] || continue
	while IFS='|' read -r name unit vals bname bvals target; do
		rec "${name%%.*}" "${name#*.}" "$unit" "$vals" "$bname" \
			"$bvals" "$target"
	done < <(BB_BUILD=$B BENCH_QUICK=$QUICK BENCH_REPS=$REPS "$extra")
done
write_report
