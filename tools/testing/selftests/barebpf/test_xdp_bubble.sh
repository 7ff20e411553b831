#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_bubble.sh - bubble_packet reports exactly the packets sent.
#
# Namespaces "cli" and "srv" joined by veth0/veth1; bubble_packet runs on
# srv's veth1. Static neighbour entries keep ARP and neighbour discovery
# out of the way. The checks look only at the lines of our own packets,
# since the kernel may still send an MLD report of its own.
#  - K datagrams with distinct ports and lengths, IPv4 and IPv6: exactly
#    those K lines, with the right addresses, ports and frame lengths;
#    ICMP without ports; -j gives JSON with the same fields;
#  - every line starts with the time of day the packet was seen, every
#    JSON object has its RFC 3339 "timestamp", within the run;
#  - -c N exits by itself after N events;
#  - -s 2: about half, and the kernel's counters add up;
#  - -r N: at most N lines a second, the rest counted as suppressed;
#  - a one-page perf ring and a stopped reader: the flood is reported
#    lost (PERF_RECORD_LOST), periodically and at exit;
#  - bad input: one line, exit 1 or 2, nothing attached.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

BUBBLE=$BB_BIN/bubble_packet

require_root
require_cmd ip python3 taskset
xdp_require_bins "$BUBBLE" "$SEND"

ktap_header
ktap_plan 8

xdp_tmpdir

# start_bubble ARGS...: run bubble_packet on srv:veth1 until attached;
# pid in $xdp_pid, output in $tmp/out and $tmp/err.
start_bubble()
{
	xdp_start "$srv" attached "$BUBBLE" -i veth1 "$@"
}

stop_bubble()
{
	sleep 0.2
	xdp_stop
}

# udp_burst SRC DST COUNT [PAYLOAD]: from cli, COUNT datagrams from port
# 41000+i to port 5300+i with PAYLOAD+i bytes; prints the line
# bubble_packet must show for each.
udp_burst()
{
	ip netns exec "$cli" python3 - "$@" <<'PY'
import socket, sys
src, dst, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
payload = int(sys.argv[4]) if len(sys.argv) > 4 else 32
v6 = ":" in dst
fam = socket.AF_INET6 if v6 else socket.AF_INET
hdr = 14 + (40 if v6 else 20) + 8
for i in range(count):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((src, 41000 + i))
    s.sendto(b"b" * (payload + i), (dst, 5300 + i))
    s.close()
    a, b = (f"[{src}]", f"[{dst}]") if v6 else (src, dst)
    print(f"{a}:{41000 + i} -> {b}:{5300 + i} UDP {hdr + payload + i}")
PY
}

# The lines of udp_burst's datagrams in FILE, without their times.
our_lines()
{
	untimed "$1" | grep -E ':41[0-9]{3} -> .*:5[0-9]{3} UDP ' || true
}

# summary_field WORDS: the number before WORDS in the exit summary.
summary_field()
{
	num_before "$1" < "$tmp/err"
}

test_events_match()
{
	local i t0 t1 times

	t0=$(now_s)
	start_bubble || return 1
	{ udp_burst 192.0.2.1 192.0.2.2 6 &&
	  udp_burst 2001:db8::1 2001:db8::2 4 20; } > "$tmp/want" || return 1
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -c 2 >/dev/null
	# The packets reach XDP in the peer's softirq, which a loaded
	# machine may run late: stop only once every line is out (or after
	# 5 s, and then the diff says what is missing).
	for ((i = 0; i < 50; i++)); do
		[ "$(our_lines "$tmp/out" | wc -l)" -ge "$(wc -l < "$tmp/want")" ] &&
			break
		sleep 0.1
	done
	stop_bubble || return 1
	t1=$(now_s)
	our_lines "$tmp/out" > "$tmp/got"
	# One perf ring per CPU: events keep their order within a CPU, not
	# across CPUs, and the two bursts may be received on different ones.
	diff -u <(sort "$tmp/want") <(sort "$tmp/got") || return 1
	cat "$tmp/got"
	# 14 Ethernet + 20 IPv4 + 8 ICMP + 32 payload bytes
	untimed "$tmp/out" > "$tmp/lines"
	[ "$(grep -c '^192.0.2.1 -> 192.0.2.2 ICMP 74$' "$tmp/lines")" = 2 ] ||
		{ echo "ICMP lines:"; grep ICMP "$tmp/out"; return 1; }
	# Every line starts with the time its packet was seen.
	times=$(check_times text "$tmp/out" "$t0" "$t1") || return 1
	[ "$times" = "$(wc -l < "$tmp/out")" ] ||
		{ echo "$times of $(wc -l < "$tmp/out") lines have a time"; return 1; }
	! attached
}

test_json()
{
	local t0 t1

	t0=$(now_s)
	start_bubble -j || return 1
	udp_burst 2001:db8::1 2001:db8::2 3 >/dev/null || return 1
	stop_bubble || return 1
	t1=$(now_s)
	check_times json "$tmp/out" "$t0" "$t1" >/dev/null || return 1
	python3 - "$tmp/out" <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
ours = [e for e in evs if e.get("protocol") == "UDP"]
want = [{"src": "2001:db8::1", "dst": "2001:db8::2", "family": "ipv6",
         "sport": 41000 + i, "dport": 5300 + i, "length": 94 + i}
        for i in range(3)]
got = [{k: e.get(k) for k in want[0]} for e in ours]
print(got)
sys.exit(0 if got == want else 1)
PY
}

test_count_exits()
{
	start_bubble -c 3 || return 1
	udp_burst 192.0.2.1 192.0.2.2 5 >/dev/null
	# -c makes it exit by itself: no signal.
	xdp_wait_exit || return 1
	cat "$tmp/out"
	[ "$(wc -l < "$tmp/out")" -eq 3 ] && ! attached
}

# -s 2 keeps every second packet of each CPU. The sender is pinned to
# one CPU, so without other traffic it is exactly half; the bounds
# allow for a stray packet per CPU shifting the phase.
test_sampling()
{
	local got seen sampled received

	start_bubble -s 2 || return 1
	taskset -c 0 ip netns exec "$cli" "$SEND" udp 192.0.2.2 -c 40 -i 0 \
		>/dev/null || return 1
	stop_bubble || return 1
	got=$(grep -c ' -> 192.0.2.2:9 UDP ' "$tmp/out")
	seen=$(summary_field "packets seen")
	sampled=$(summary_field sampled)
	received=$(summary_field "events received")
	tail -n 1 "$tmp/err"
	echo "UDP lines with -s 2 for 40 packets: $got"
	[ "$got" -ge 18 ] && [ "$got" -le 22 ] &&
	[ "$sampled" = "$received" ] && [ "$seen" -ge 40 ] &&
	[ "$sampled" -le $(((seen + 2) / 2)) ]
}

test_rate_limit()
{
	local got supp received printed

	start_bubble -r 5 || return 1
	ip netns exec "$cli" "$SEND" udp 192.0.2.2 -c 30 -i 0 >/dev/null
	stop_bubble || return 1
	got=$(grep -c ' -> 192.0.2.2:9 UDP ' "$tmp/out")
	supp=$(summary_field "suppressed")
	received=$(summary_field "events received")
	printed=$(summary_field printed)
	tail -n 1 "$tmp/err"
	echo "lines printed with -r 5 for 30 packets: $got"
	[ "$got" -le 10 ] && [ "$supp" -ge 20 ] &&
	[ $((printed + supp)) -eq "$received" ]
}

# One page per CPU holds about 50 records: a stopped reader must lose
# some of 3000, and hear of it once the ring has room again.
test_lost()
{
	local lost sampled received

	start_bubble -p 1 -r 0 -n 1 || return 1
	kill -STOP "$xdp_pid"
	taskset -c 0 ip netns exec "$cli" "$SEND" udp 192.0.2.2 -c 3000 \
		-i 0 >/dev/null
	kill -CONT "$xdp_pid"
	sleep 0.3
	# The kernel writes PERF_RECORD_LOST before the ring's next record.
	taskset -c 0 ip netns exec "$cli" "$SEND" udp 192.0.2.2 -c 5 \
		>/dev/null
	wait_for "$tmp/err" "events lost (perf ring full)" || return 1
	stop_bubble || return 1
	grep "lost" "$tmp/err"
	lost=$(summary_field "lost (perf ring full)")
	sampled=$(summary_field sampled)
	received=$(summary_field "events received")
	# Every record the kernel tried to send arrived or was reported lost.
	[ "${lost:-0}" -gt 0 ] && [ $((received + lost)) -eq "$sampled" ]
}

test_bad_input()
{
	local bad

	one_line_error 1 "$BUBBLE" -i bb-no-such-if0 || return 1
	for bad in "-s 0" "-p 3" "-r x" "-c 0" "--bogus" "extra"; do
		# shellcheck disable=SC2086
		one_line_error 2 ip netns exec "$srv" "$BUBBLE" -i veth1 $bad ||
			return 1
	done
	"$BUBBLE" --help | grep -q "^Usage: bubble_packet" &&
	"$BUBBLE" --help | grep -q "^Exit status" && ! attached
}

if ! xdp_topology "192.0.2.1/24 2001:db8::1/64" \
		  "192.0.2.2/24 2001:db8::2/64"; then
	ktap_skip_all "cannot build the veth topology"
fi

run_test "events match the packets sent (v4/v6 UDP, ICMP), each timed" \
	xdp_reaped test_events_match
run_test "-j: JSON lines with the same fields and a timestamp" \
	xdp_reaped test_json
run_test "-c N exits after N events" xdp_reaped test_count_exits
run_test "-s 2 reports about half, counters add up" xdp_reaped test_sampling
run_test "-r limits lines per second and counts the rest" \
	xdp_reaped test_rate_limit
run_test "stopped reader, tiny ring: lost events reported" xdp_reaped test_lost
run_test "bad input: one line, exit 1 or 2" xdp_reaped test_bad_input
run_test "nothing left attached" nothing_attached

ktap_finish
