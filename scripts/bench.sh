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

# bench_load_vs_bpftool NAME OBJ N: bpfobj load against bpftool loadall.
bench_load_vs_bpftool()
{
	local name=$1 obj=$2 n=$3 ours theirs t0 t1 i

	t0=$(date +%s%N)
	for i in $(seq "$n"); do "$B/bin/bpfobj" load "$obj" >/dev/null; done
	t1=$(date +%s%N)
	ours=$(((t1 - t0) / n / 1000))
	row loader "bpfobj load $name (process)" "$ours" us "1.00x" ""
	command -v bpftool >/dev/null || return 0
	t0=$(date +%s%N)
	for i in $(seq "$n"); do
		bpftool prog loadall "$obj" /sys/fs/bpf/bbbench >/dev/null
		rm -rf /sys/fs/bpf/bbbench
	done
	t1=$(date +%s%N)
	theirs=$(((t1 - t0) / n / 1000))
	row loader "bpftool prog loadall (same object)" "$theirs" us \
		"$(ratio "$theirs" "$ours")" "baseline: bpfobj"
}

bench_loader()
{
	local obj=$B/bpf/openfiles.bpf.o n=$(( QUICK ? 5 : 20 )) ours t

	ours=$("$B/bench/bench_loader" "$obj" "$n" | awk '{ print $2 }')
	row loader "open+load openfiles.bpf.o, in process" "$ours" us "" ""
	# Not openfiles.bpf.o: bpftool's loadall pins every program and
	# fails on the ones a "?" section leaves unloaded, which openfiles
	# has (a choice between programs made at run time).
	bench_load_vs_bpftool fw.bpf.o "$B/bpf/fw.bpf.o" "$n"
	# CO-RE: both read and search the kernel's BTF (6 MB) for task_struct
	bench_load_vs_bpftool "core_reloc.bpf.o (CO-RE)" \
		"$B/selftests/progs/core_reloc.bpf.o" "$n"
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

# ns_per_pkt ARGS...: median of five BPF_PROG_TEST_RUN measurements.
ns_per_pkt()
{
	local i

	for i in 1 2 3 4 5; do
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

# deny_file N PATH: N rules (at least 3), mixed: the host 203.0.113.7
# and the /24 around it, and a /48, that the "match" packets hit, then
# IPv4 /32s from 10/8 and IPv6 /128s and /64s from 2001:db8::/32. Rules
# are map contents only: nothing is sent to them.
deny_file()
{
	awk -v n="$1" 'BEGIN {
		print "203.0.113.7"; print "203.0.113.0/24"
		print "2001:db8:ffff::/48"
		n -= 3
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

bench_filter()
{
	local sizes="3 1000 100000 1000000" n match net miss v6 pps last

	[ "$QUICK" = 1 ] && sizes="3 1000 100000"
	for n in $sizes; do
		deny_file "$n" "$tmp/deny"
		start_tool filter_packet -d "$tmp/deny" || continue
		match=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 203.0.113.7)
		net=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 203.0.113.9)
		miss=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1)
		v6=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 2001:db8:ffff::7)
		[ -n "$match" ] ||
			echo "bench: filter_packet with $n rules: $(cat "$tmp/filter_packet.err")" >&2
		row xdp "filter_packet $n rules, v4 host rule (drop)" "$match" \
			ns/pkt "$(ratio "$match" "$FLOOR_NS")" "<= 3x floor"
		[ -n "${XDPF_MATCH:-}" ] &&
			row xdp "  same, against xdp-filter's match" "$match" ns/pkt \
				"$(ratio "$match" "$XDPF_MATCH")" "<= 0.6x xdp-filter"
		row xdp "filter_packet $n rules, v4 /24 rule (drop)" "$net" \
			ns/pkt "$(ratio "$net" "$FLOOR_NS")" "<= 3x floor"
		row xdp "filter_packet $n rules, v4 no match" "$miss" ns/pkt \
			"$(ratio "$miss" "$FLOOR_NS")" "<= 3x floor"
		[ -n "${XDPF_MISS:-}" ] &&
			row xdp "  same, against xdp-filter's no match" "$miss" \
				ns/pkt "$(ratio "$miss" "$XDPF_MISS")" ""
		row xdp "filter_packet $n rules, v6 /48 rule (drop)" "$v6" ns/pkt \
			"$(ratio "$v6" "$FLOOR_NS")" "<= 3x floor"
		last=$n
		stop_tool
	done
	start_tool filter_packet -d "$tmp/deny" || return 0
	pps=$(live_pps --src 203.0.113.7)
	row xdp-live "filter_packet $last rules, dropping" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" ">= 0.90x floor"
	stop_tool
	"$B/bench/bench_deny_load" "$tmp/deny" >"$tmp/load" || return 0
	row deny "parse $last-rule file" "$(awk '/parse/ { print $2 }' "$tmp/load")" ms "" ""
	local batch single
	batch=$(awk '/batch/ { print $2 }' "$tmp/load")
	single=$(awk '/single/ { print $2 }' "$tmp/load")
	row deny "load $last rules, batch updates" "$batch" ms "1.00x" "<= 1000 ms"
	row deny "load $last rules, one update each" "$single" ms \
		"$(ratio "$single" "$batch")" "baseline: batch"
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

# filter_packet with the largest address list plus port rules: a drop
# by port, a miss, a drop by address that looks past the port rules,
# and a drop by a port rule with an address (a trie of its own); the
# live rates of the first and last; and the load of N rules by port.
bench_filter_ports()
{
	local n port miss host net pps
	local tag="filter_packet $(wc -l <"$tmp/deny") rules + 4 ports"

	cp "$tmp/deny" "$tmp/deny.ports"
	port_rules "$tmp/deny.ports"
	start_tool filter_packet -d "$tmp/deny.ports" || return 0
	port=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1)
	miss=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1 --dport 10)
	host=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 203.0.113.7 --dport 10)
	row xdp "$tag, udp dport 9 rule (drop)" "$port" ns/pkt \
		"$(ratio "$port" "$FLOOR_NS")" ""
	[ -n "${XDPF_PORT:-}" ] &&
		row xdp "  same, against xdp-filter's port match" "$port" \
			ns/pkt "$(ratio "$port" "$XDPF_PORT")" ""
	row xdp "$tag, no match" "$miss" ns/pkt "$(ratio "$miss" "$FLOOR_NS")" ""
	[ -n "${XDPF_PORT_MISS:-}" ] &&
		row xdp "  same, against xdp-filter's port no match" "$miss" \
			ns/pkt "$(ratio "$miss" "$XDPF_PORT_MISS")" ""
	row xdp "$tag, v4 host rule (drop)" "$host" ns/pkt \
		"$(ratio "$host" "$FLOOR_NS")" ""
	pps=$(live_pps --src 192.0.2.1)
	row xdp-live "$tag, dropping by port" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" ">= 0.90x floor"
	pps=$(live_pps --src 203.0.113.7 --dport 10)
	row xdp-live "$tag, dropping by host" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" ">= 0.90x floor"
	stop_tool
	echo "198.51.100.0/24 udp dport 53" >>"$tmp/deny.ports"
	start_tool filter_packet -d "$tmp/deny.ports" || return 0
	net=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 198.51.100.7 --dport 53)
	row xdp "$tag and a /24 one, /24 udp dport 53 rule (drop)" "$net" \
		ns/pkt "$(ratio "$net" "$FLOOR_NS")" ""
	pps=$(live_pps --src 198.51.100.7 --dport 53)
	row xdp-live "  same, dropping" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" ">= 0.90x floor"
	stop_tool
	n=$(wc -l <"$tmp/deny")
	deny_port_file "$n" "$tmp/deny.load"
	"$B/bench/bench_deny_load" "$tmp/deny.load" >"$tmp/load" || return 0
	row deny "parse $n-rule file, a half by port" \
		"$(awk '/parse/ { print $2 }' "$tmp/load")" ms "" ""
	row deny "load $n rules, a half by port, batch updates" \
		"$(awk '/batch/ { print $2 }' "$tmp/load")" ms "" "<= 1000 ms"
}

bench_hello()
{
	local v

	start_tool hello_packet -n 3600 || return 0
	v=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1)
	row xdp "hello_packet (per-CPU counters)" "$v" ns/pkt \
		"$(ratio "$v" "$FLOOR_NS")" ""
	stop_tool
}

# fw on the largest deny list (drop events on, rate limited in BPF, and
# protocol counters), and bubble_packet sending every packet to user
# space through the perf buffer.
bench_fw_bubble()
{
	local match miss pps v

	if start_tool fw -d "$tmp/deny" -q; then
		match=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 203.0.113.7)
		miss=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1)
		row xdp "fw $(wc -l <"$tmp/deny") rules, v4 match (drop+event)" \
			"$match" ns/pkt "$(ratio "$match" "$FLOOR_NS")" ""
		row xdp "fw $(wc -l <"$tmp/deny") rules, v4 no match" "$miss" \
			ns/pkt "$(ratio "$miss" "$FLOOR_NS")" ""
		pps=$(live_pps --src 203.0.113.7)
		row xdp-live "fw $(wc -l <"$tmp/deny") rules, dropping" "$pps" \
			pkt/s "$(ratio "$pps" "$FLOOR_PPS")" ">= 0.90x floor"
		stop_tool
	fi
	local w0=""
	if start_tool bubble_packet -s 1 -r 10 -w 0; then
		w0=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1)
		row xdp "bubble_packet -w 0, an event and a wakeup per packet" \
			"$w0" ns/pkt "$(ratio "$w0" "$FLOOR_NS")" ""
		stop_tool
	fi
	if start_tool bubble_packet -s 1 -r 10; then
		v=$(ns_per_pkt --netns "$NS_RX" --ifname bbrx --src 192.0.2.1)
		row xdp "bubble_packet, an event per packet (watermark)" "$v" \
			ns/pkt "$(ratio "$v" "$FLOOR_NS")" ""
		[ -n "$w0" ] &&
			row xdp "  same, against a wakeup per packet" "$v" ns/pkt \
				"$(ratio "$v" "$w0")" "baseline: -w 0"
		stop_tool
	fi
}

# The same drop with netfilter: a raw-table rule behind XDP_PASS.
bench_iptables()
{
	local pps

	command -v iptables >/dev/null ||
		apt-get install -y -qq iptables >/dev/null 2>&1 || return 0
	ip netns exec "$NS_RX" iptables -t raw -A PREROUTING -s 192.0.2.1 -j DROP ||
		return 0
	pps=$(live_pps --rx-prog xdp_pass --src 192.0.2.1)
	row xdp-live "iptables raw DROP (peer)" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" "filter_packet should beat it"
	ip netns exec "$NS_RX" iptables -t raw -F
}

# xdp-filter (xdp-tools) with the same kind of list: exact addresses
# only (it has no prefixes), added one by one as its CLI requires. Its
# state lives in bpffs, so everything runs in one "ip netns exec".
bench_xdp_filter_peer()
{
	local n=$(( QUICK ? 100 : 1000 ))

	command -v xdp-filter >/dev/null ||
		apt-get install -y -qq xdp-tools >/dev/null 2>&1 || return 0
	awk -v n="$n" 'BEGIN { print "203.0.113.7"
		for (i = 1; i < n; i++) printf "10.0.%d.%d\n", int(i / 256), i % 256 }' \
		>"$tmp/exact"
	ip netns exec "$NS_RX" sh -c '
		mount -t bpf bpf /sys/fs/bpf
		xdp-filter load bbrx -f ipv4,ipv6 -m native || exit 1
		while read -r a; do xdp-filter ip "$a" -m src || exit 1; done <"$1"
		for src in 203.0.113.7 192.0.2.1; do
			for i in 1 2 3; do
				"$2/bench_xdp_run" --netns "$3" --ifname bbrx \
					--src $src --repeat "$4"
			done | sort -n -k2 | sed -n 2p
		done
		"$2/bench_xdp_live" --tx-ns "$5" --tx-if bbtx --rx-ns "$3" \
			--rx-if bbrx --seconds "$6" --src 203.0.113.7
		xdp-filter unload bbrx' sh "$tmp/exact" "$B/bench" "$NS_RX" \
		$(( QUICK ? 200000 : 2000000 )) "$NS_TX" $(( QUICK ? 1 : 3 )) \
		>"$tmp/xf" 2>"$tmp/xf.err" || {
		echo "bench: xdp-filter run failed: $(tail -1 "$tmp/xf.err")" >&2
		return 0
	}
	local match miss pps
	match=$(sed -n 1p "$tmp/xf" | awk '{ print $2 }')
	miss=$(sed -n 2p "$tmp/xf" | awk '{ print $2 }')
	pps=$(sed -n 3p "$tmp/xf" | awk '{ print $6 }')
	row xdp "xdp-filter $n addresses, v4 match (peer)" "$match" ns/pkt \
		"$(ratio "$match" "$FLOOR_NS")" ""
	row xdp "xdp-filter $n addresses, v4 no match (peer)" "$miss" ns/pkt \
		"$(ratio "$miss" "$FLOOR_NS")" ""
	row xdp-live "xdp-filter $n addresses, dropping (peer)" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" ""
	XDPF_MATCH=$match
	XDPF_MISS=$miss
}

# xdp-filter's port filtering on the same frames: the four port rules
# of port_rules (its "port" command), with only its tcp and udp
# features loaded, its fastest program for ports.
bench_xdp_filter_ports()
{
	command -v xdp-filter >/dev/null || return 0
	ip netns exec "$NS_RX" sh -c '
		mount -t bpf bpf /sys/fs/bpf
		xdp-filter load bbrx -f tcp,udp -m native || exit 1
		xdp-filter port 9 --proto udp --mode dst &&
		xdp-filter port 22 --proto tcp --mode dst &&
		xdp-filter port 1024 --proto tcp --mode src &&
		xdp-filter port 5353 --proto udp --mode src || exit 1
		for port in 9 10; do
			for i in 1 2 3; do
				"$1/bench_xdp_run" --netns "$2" --ifname bbrx \
					--src 192.0.2.1 --dport $port --repeat "$3"
			done | sort -n -k2 | sed -n 2p
		done
		"$1/bench_xdp_live" --tx-ns "$4" --tx-if bbtx --rx-ns "$2" \
			--rx-if bbrx --seconds "$5" --src 192.0.2.1
		xdp-filter unload bbrx' sh "$B/bench" "$NS_RX" \
		$(( QUICK ? 200000 : 2000000 )) "$NS_TX" $(( QUICK ? 1 : 3 )) \
		>"$tmp/xfp" 2>"$tmp/xfp.err" || {
		echo "bench: xdp-filter port run failed: $(tail -1 "$tmp/xfp.err")" >&2
		return 0
	}
	local match miss pps
	match=$(sed -n 1p "$tmp/xfp" | awk '{ print $2 }')
	miss=$(sed -n 2p "$tmp/xfp" | awk '{ print $2 }')
	pps=$(sed -n 3p "$tmp/xfp" | awk '{ print $6 }')
	row xdp "xdp-filter 4 ports, udp port 9 match (peer)" "$match" ns/pkt \
		"$(ratio "$match" "$FLOOR_NS")" ""
	row xdp "xdp-filter 4 ports, no match (peer)" "$miss" ns/pkt \
		"$(ratio "$miss" "$FLOOR_NS")" ""
	row xdp-live "xdp-filter 4 ports, dropping (peer)" "$pps" pkt/s \
		"$(ratio "$pps" "$FLOOR_PPS")" ""
	XDPF_PORT=$match
	XDPF_PORT_MISS=$miss
}

bench_xdp()
{
	FLOOR_NS=$(ns_per_pkt --obj "$B/bench/progs/bench_xdp.bpf.o" --prog xdp_floor)
	row xdp "floor (XDP_DROP), BPF_PROG_TEST_RUN" "$FLOOR_NS" ns/pkt "1.00x" ""
	topology
	FLOOR_PPS=$(live_pps --floor)
	row xdp-live "floor (XDP_DROP) on veth" "$FLOOR_PPS" pkt/s "1.00x" ""
	bench_hello
	bench_xdp_filter_peer
	bench_xdp_filter_ports
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
			printf '   * - %s\n     - %s\n     - %s %s\n' "$g" "$m" "$v" "$u"
			printf '     -%s\n' "${x:+ $x}" "${t:+ $t}"
		done
		echo
		cat "$SRC/tools/testing/bench/notes.rst"
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
