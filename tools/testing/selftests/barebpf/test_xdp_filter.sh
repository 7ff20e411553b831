#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_filter.sh - filter_packet drops exactly what its rules deny:
# sources, protocols, ports and ICMP types.
#
# Namespaces "cli" and "srv" joined by veth0/veth1; filter_packet runs on
# srv's veth1. cli owns allowed and denied addresses of both families:
#	allowed	192.0.2.1	2001:db8::1
#	denied	192.0.2.10 (/32)	198.51.100.7 (in a /24)
#		2001:db8::dead (/128)	2001:db8:1::5 (in a /48)
# Static neighbour entries keep ARP and neighbour discovery out of the
# way, so every echo request is either answered or dropped, and the
# per-rule counters must equal what was sent from each address. srv
# does not rate-limit its ICMP errors, so every UDP datagram to a closed
# port is answered too (xdpt_send counts them) unless it is dropped.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

FILTER=$BB_BIN/filter_packet

require_root
require_cmd ip python3 nsenter
xdp_require_bins "$FILTER" "$SEND"

ktap_header
ktap_plan 23

xdp_tmpdir
deny=$tmp/deny

# start_filter ARGS...: run filter_packet on srv:veth1, wait until it
# is attached; its pid in $xdp_pid, output in $tmp/out and $tmp/err.
start_filter()
{
	xdp_start "$srv" attached "$FILTER" -i veth1 "$@"
}

write_deny()
{
	cat > "$deny" <<EOF
# test deny file
192.0.2.10
198.51.100.0/24		# whole net
  2001:db8::dead
2001:db8:1::/48
EOF
}

test_drop_and_pass()
{
	write_deny
	start_filter -d "$deny" || return 1
	expect_replies 3 icmp 192.0.2.2 -s 192.0.2.1 -c 3 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 0 icmp 198.51.100.2 -s 198.51.100.7 -c 4 &&
	expect_replies 2 icmp 2001:db8::2 -s 2001:db8::1 -c 2 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 3 &&
	expect_replies 0 icmp 2001:db8:1::2 -s 2001:db8:1::5 -c 2 &&
	expect_replies 0 udp 2001:db8:1::2 -s 2001:db8:1::5 -c 5 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(rule_packets 192.0.2.10/32)" = 5 ] &&
	[ "$(rule_packets 198.51.100.0/24)" = 4 ] &&
	[ "$(rule_packets 2001:db8::dead/128)" = 3 ] &&
	[ "$(rule_packets 2001:db8:1::/48)" = 7 ] &&
	! attached
}

# SIGUSR1 and exit: a block each, after a line with the time.
test_sigusr1_stats()
{
	local t0 t1

	write_deny
	t0=$(now_s)
	start_filter -d "$deny" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	kill -USR1 "$xdp_pid"
	wait_for "$tmp/out" "^total:" || return 1
	[ "$(rule_packets 192.0.2.10/32)" = 2 ] || return 1
	xdp_stop || return 1
	t1=$(now_s)
	cat "$tmp/out"
	[ "$(blocks "$tmp/out" '^(rule |total:)')" = 2 ] &&
	[ "$(grep -c '^total:' "$tmp/out")" = 2 ] &&
	[ "$(check_times text "$tmp/out" "$t0" "$t1")" = 2 ]
}

# -j: the SIGUSR1 and exit counters as JSON lines, timed.
test_json_counters()
{
	local t0 t1

	write_deny
	t0=$(now_s)
	start_filter -d "$deny" -j || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	kill -USR1 "$xdp_pid"
	wait_for "$tmp/out" '"type":"counters"' >/dev/null || return 1
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 1 || return 1
	xdp_stop || return 1
	t1=$(now_s)
	cat "$tmp/out"
	[ "$(check_times json "$tmp/out" "$t0" "$t1")" = 2 ] || return 1
	python3 - "$tmp/out" <<'PY'
import json, sys
usr1, last = [json.loads(line) for line in open(sys.argv[1])]
assert usr1["type"] == last["type"] == "counters"
assert usr1["dropped_packets"] == 2 and last["dropped_packets"] == 3
assert last["rules_total"] == 4 and last["rules_matched"] == 2
assert {r["rule"]: r["packets"] for r in last["rules"]} == \
    {"192.0.2.10/32": 2, "2001:db8::dead/128": 1}
PY
}

# --status from another shell: every rule in force with its counts, in
# text and JSON, no protocol counters (filter_packet has none); after a
# reload the new rules, a kept one with its counts and its new line;
# once it stopped, its directory is gone and --status says nothing runs.
test_status()
{
	local XDP_SHARED_BPFFS=1 dir

	write_deny
	dir=$(xdp_pin_dir filter_packet)
	cleanup_push "rm -rf '$dir'"
	start_filter -d "$deny" --dst || return 1
	expect_replies 0 icmp 198.51.100.2 -s 198.51.100.7 -c 2 || return 1
	in_netns "$srv" "$FILTER" --status -i veth1 > "$tmp/status" &&
	in_netns "$srv" "$FILTER" --status -i veth1 -j > "$tmp/status.json" ||
		return 1
	cat "$tmp/status" "$tmp/status.json"
	grep -q "^filter_packet (pid $xdp_pid) on veth1 .*; 4 rules from $deny, matching destinations$" \
		"$tmp/status" &&
	grep -qxF "rule 198.51.100.0/24 ($deny:3): 2 packets, 148 bytes" \
		"$tmp/status" &&
	grep -qxF "rule 192.0.2.10/32 ($deny:2): 0 packets, 0 bytes" \
		"$tmp/status" &&
	[ "$(grep -c '^rule ' "$tmp/status")" = 4 ] &&
	! grep -q "^Protocol" "$tmp/status" || return 1
	python3 - "$tmp/status.json" <<'PY' || return 1
import json, sys
s = json.load(open(sys.argv[1]))
assert s["type"] == "status" and s["tool"] == "filter_packet"
assert s["match"] == "destination" and "protocols" not in s
assert [(r["rule"], r["line"], r["packets"]) for r in s["rules"]] == \
    [("198.51.100.0/24", 3, 2)]
assert s["rules_total"] == 4 and s["dropped_bytes"] == 148
PY
	printf '203.0.113.5\n198.51.100.0/24\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded" >/dev/null &&
	in_netns "$srv" "$FILTER" --status -i veth1 > "$tmp/status" || return 1
	cat "$tmp/status"
	grep -q "; 2 rules from $deny, matching destinations$" "$tmp/status" &&
	grep -qxF "rule 198.51.100.0/24 ($deny:2): 2 packets, 148 bytes" \
		"$tmp/status" &&
	grep -qxF "rule 203.0.113.5/32 ($deny:1): 0 packets, 0 bytes" \
		"$tmp/status" &&
	[ "$(grep -c '^rule ' "$tmp/status")" = 2 ] || return 1
	xdp_stop || return 1
	[ ! -e "$dir" ] || { echo "$dir left after SIGTERM"; return 1; }
	one_line_error 1 in_netns "$srv" "$FILTER" --status -i veth1 &&
	grep -q "no filter_packet runs on veth1" "$tmp/err"
}

# --dst: addresses are destinations; ports stay what the rule says.
test_dst_match()
{
	printf '198.51.100.2\n192.0.2.2 tcp dport 22\n' > "$deny"
	start_filter -d "$deny" --dst || return 1
	expect_replies 0 icmp 198.51.100.2 -s 198.51.100.7 -c 2 &&
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 0 tcp 192.0.2.2 -s 198.51.100.7 -p 22 -c 1 &&
	expect_replies 1 tcp 192.0.2.2 -s 198.51.100.7 -P 22 -p 23 -c 1 ||
		return 1
	xdp_stop
}

# rule_total: the dropped packets of the last report in $tmp/out.
rule_total()
{
	grep "^total:" "$tmp/out" | tail -n 1 | num_before "packets"
}

# TCP and UDP by port, v4 and v6, source and destination ports, with
# and without an address: each packet dropped or answered, and counted
# on its rule alone.
test_port_rules()
{
	cat > "$deny" <<-EOF
	tcp dport 22
	udp dport 53
	tcp sport 1024
	udp sport 5353
	198.51.100.0/24 tcp dport 80
	2001:db8:1::/48 udp dport 123
	EOF
	start_filter -d "$deny" || return 1
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 2 &&
	expect_replies 2 tcp 192.0.2.2 -s 192.0.2.1 -p 23 -c 2 &&
	expect_replies 0 tcp 2001:db8::2 -s 2001:db8::1 -p 22 -c 1 &&
	expect_replies 0 udp 192.0.2.2 -s 192.0.2.1 -p 53 -c 3 &&
	expect_replies 0 udp 2001:db8::2 -s 2001:db8::1 -p 53 -c 1 &&
	expect_replies 2 udp 192.0.2.2 -s 192.0.2.1 -p 54 -c 2 &&
	expect_replies 1 udp 2001:db8::2 -s 2001:db8::1 -p 54 -c 1 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -P 1024 -p 23 -c 2 &&
	expect_replies 0 tcp 2001:db8::2 -s 2001:db8::1 -P 1024 -p 23 -c 1 &&
	expect_replies 0 udp 192.0.2.2 -s 192.0.2.1 -P 5353 -p 54 -c 2 &&
	expect_replies 0 udp 2001:db8::2 -s 2001:db8::1 -P 5353 -p 54 -c 1 &&
	expect_replies 0 tcp 198.51.100.2 -s 198.51.100.7 -p 80 -c 2 &&
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.1 -p 80 -c 1 &&
	expect_replies 0 udp 2001:db8:1::2 -s 2001:db8:1::5 -p 123 -c 2 &&
	expect_replies 1 udp 2001:db8::2 -s 2001:db8::1 -p 123 -c 1 &&
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(rule_packets "tcp dport 22")" = 3 ] &&
	[ "$(rule_packets "udp dport 53")" = 4 ] &&
	[ "$(rule_packets "tcp sport 1024")" = 3 ] &&
	[ "$(rule_packets "udp sport 5353")" = 3 ] &&
	[ "$(rule_packets "198.51.100.0/24 tcp dport 80")" = 2 ] &&
	[ "$(rule_packets "2001:db8:1::/48 udp dport 123")" = 2 ] &&
	[ "$(rule_total)" = 17 ]
}

# sctp_to ARGS...: xdpt_send sctp ARGS from $cli; replies not counted.
sctp_to()
{
	ip netns exec "$cli" "$SEND" sctp "$@" -w 0 >/dev/null
}

# A protocol alone, with and without an address, and SCTP ports. This
# kernel may or may not answer SCTP, so its drops are counted only.
# (ICMPv6 goes by prefix: the links' own neighbour discovery and MLD,
# from link-local addresses, would count on a rule for any address.)
test_protocol_rules()
{
	cat > "$deny" <<-EOF
	198.51.100.7 udp
	2001:db8::/64 icmpv6
	tcp
	sctp dport 9
	2001:db8::/64 sctp sport 5000
	EOF
	start_filter -d "$deny" || return 1
	expect_replies 0 udp 198.51.100.2 -s 198.51.100.7 -p 54 -c 2 &&
	expect_replies 1 icmp 198.51.100.2 -s 198.51.100.7 -c 1 &&
	expect_replies 1 udp 192.0.2.2 -s 192.0.2.1 -p 54 -c 1 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::1 -c 2 &&
	expect_replies 1 icmp 2001:db8:1::2 -s 2001:db8:1::5 -c 1 &&
	expect_replies 1 udp 2001:db8::2 -s 2001:db8::1 -p 54 -c 1 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -p 23 -c 2 &&
	expect_replies 0 tcp 198.51.100.2 -s 198.51.100.7 -p 54 -c 1 &&
	expect_replies 0 tcp 2001:db8::2 -s 2001:db8::1 -p 23 -c 1 || return 1
	sctp_to 192.0.2.2 -s 192.0.2.1 -p 9 -c 3 &&
	sctp_to 192.0.2.2 -s 192.0.2.1 -p 10 -c 2 &&
	sctp_to 2001:db8::2 -s 2001:db8::1 -P 5000 -p 10 -c 2 &&
	sctp_to 2001:db8:1::2 -s 2001:db8:1::5 -P 5000 -p 10 -c 2 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(rule_packets "198.51.100.7/32 udp")" = 2 ] &&
	[ "$(rule_packets "2001:db8::/64 icmpv6")" = 2 ] &&
	[ "$(rule_packets tcp)" = 4 ] &&
	[ "$(rule_packets "sctp dport 9")" = 3 ] &&
	[ "$(rule_packets "2001:db8::/64 sctp sport 5000")" = 2 ] &&
	[ "$(rule_total)" = 13 ]
}

# ICMP and ICMPv6 by type: echo requests (8, 128) pass a rule of
# another type and are dropped by their own, after a reload.
test_icmp_types()
{
	printf 'icmp type 13\nicmpv6 type 129\n' > "$deny"
	start_filter -d "$deny" || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 2 icmp 2001:db8::2 -s 2001:db8::1 -c 2 || return 1
	printf 'icmp type 8\nicmpv6 type 128\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 2 added, 2 removed, 0 kept" ||
		return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.1 -c 3 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::1 -c 2 &&
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.1 -c 1 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(rule_packets "icmp type 8")" = 3 ] &&
	[ "$(rule_packets "icmpv6 type 128")" = 2 ]
}

# From addresses alone to rules by port and back, by reload: each list
# takes effect whole, and rules kept keep their counters.
test_reload_address_port_address()
{
	printf '192.0.2.10\n' > "$deny"
	start_filter -d "$deny" || return 1
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 1 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.10 -p 22 -c 1 || return 1
	printf '192.0.2.10\ntcp dport 22\n192.0.2.0/24 udp\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 2 added, 0 removed, 1 kept" ||
		return 1
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 2 &&
	expect_replies 0 udp 192.0.2.2 -s 192.0.2.1 -p 54 -c 1 &&
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.1 -p 23 -c 1 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.10 -p 23 -c 1 || return 1
	printf '192.0.2.10\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 0 added, 2 removed, 1 kept" ||
		return 1
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 1 &&
	expect_replies 1 udp 192.0.2.2 -s 192.0.2.1 -p 54 -c 1 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 1 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	# The port rules the last reload removed keep their counts.
	[ "$(rule_packets 192.0.2.10/32)" = 3 ] &&
	[ "$(rule_packets "tcp dport 22")" = 2 ] &&
	[ "$(rule_packets "192.0.2.0/24 udp")" = 1 ] && [ "$(rule_total)" = 6 ]
}

# Reloads between an address rule and an address-and-type rule for the
# same host, while it floods: no echo request of it may get through.
test_reload_kinds_under_flood()
{
	local i bad good

	printf '192.0.2.10\n' > "$deny"
	start_filter -d "$deny" || return 1
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -s 192.0.2.10 -d 3 \
		-i 2 > "$tmp/bad" &
	bad=$!
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -s 192.0.2.1 -d 3 \
		-i 5 > "$tmp/good" &
	good=$!
	for ((i = 1; i <= 14; i++)); do
		if ((i % 2)); then
			printf '192.0.2.10 icmp type 8\ntcp dport %d\n' \
				"$i" > "$deny.new"
		else
			printf '192.0.2.10\n198.51.100.%d\n' "$i" > "$deny.new"
		fi
		mv "$deny.new" "$deny"
		sleep 0.15
	done
	wait "$bad" "$good"
	xdp_stop || return 1
	echo "denied: $(cat "$tmp/bad"); allowed: $(cat "$tmp/good")"
	echo "reloads: $(grep -c reloaded "$tmp/err")"
	grep -q " replies 0$" "$tmp/bad" &&
	awk '{ exit !($2 == $4 && $2 > 100) }' "$tmp/good" &&
	[ "$(grep -c reloaded "$tmp/err")" -ge 10 ]
}

# bad_line TEXT WHY: a deny file whose third line is TEXT is refused at
# start with exactly "FILE:3: bad entry 'TEXT': WHY.", nothing attached.
bad_line()
{
	printf '192.0.2.10\n# comment\n%s\n' "$1" > "$tmp/bad.deny"
	one_line_error 1 ip netns exec "$srv" "$FILTER" -i veth1 \
		-d "$tmp/bad.deny" || return 1
	[ "$(cat "$tmp/err")" = "filter_packet: $tmp/bad.deny:3: bad entry '$1': $2." ] &&
		! attached && return 0
	echo "got: $(cat "$tmp/err")"
	echo "want: ... $tmp/bad.deny:3: bad entry '$1': $2."
	return 1
}

# Bad rules by port, at start (exact messages) and on reload (the rules
# in force stay).
test_bad_port_lines()
{
	bad_line "tcpp dport 22" \
		"unknown protocol 'tcpp'; known are tcp, udp, sctp, icmp or icmpv6" &&
	bad_line "udp dport 65536" "dport 65536 is out of range (0 to 65535)" &&
	bad_line "dport 22" "dport needs tcp, udp or sctp before it" &&
	bad_line "198.51.100.7 sport 53" \
		"sport needs tcp, udp or sctp before it" &&
	bad_line "tcp type 8" "type goes with icmp or icmpv6, not tcp" &&
	bad_line "icmp dport 8" "icmp has no ports; match its type N" &&
	bad_line "2001:db8::/32 icmp type 8" \
		"icmp is IPv4 only; an IPv6 address takes icmpv6" || return 1
	printf 'tcp dport 22\n192.0.2.10\nudp dport 53\ntcp  dport 22\n' \
		> "$tmp/bad.deny"
	one_line_error 1 ip netns exec "$srv" "$FILTER" -i veth1 \
		-d "$tmp/bad.deny" || return 1
	cat "$tmp/err"
	[ "$(cat "$tmp/err")" = "filter_packet: $tmp/bad.deny:4: duplicate rule 'tcp dport 22', first on line 1." ] &&
		! attached || return 1
	printf 'tcp dport 22\n' > "$deny"
	start_filter -d "$deny" || return 1
	printf 'udp dport 53\nudp dport 99999\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "keeping the 1 rules in force" || return 1
	grep "deny:2: bad entry 'udp dport 99999': dport 99999 is out of range" \
		"$tmp/err" || return 1
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 1 &&
	expect_replies 1 udp 192.0.2.2 -s 192.0.2.1 -p 53 -c 1 || return 1
	printf 'udp dport 53\nudp dport 53\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "deny:2: duplicate rule 'udp dport 53', first on line 1" ||
		return 1
	wait_for "$tmp/err" "keeping the 1 rules in force" || return 1
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 1 || return 1
	xdp_stop
}

# Two deny files that both deny 192.0.2.10 and 2001:db8::dead, through
# different rules, with 2000 filler rules that differ between them.
write_variant()
{
	python3 - "$1" "$2" <<'EOF'
import sys
v, path = int(sys.argv[1]), sys.argv[2]
lines = ["192.0.2.10/32", "2001:db8::dead/128"] if v == 0 else \
	["192.0.2.8/29", "2001:db8::de00/120"]
lines += [f"2001:db8:ff{v}:{i:x}::/64" for i in range(2000)]
if v:
    lines.reverse()
open(path + ".new", "w").write("\n".join(lines) + "\n")
EOF
	mv "$deny.new" "$deny"
}

# Reload 20 times (file changes and SIGHUP) while denied and allowed
# sources send: no denied packet may get through, no allowed one lost.
test_reload_under_traffic()
{
	local i bad good6 bad6 good

	write_variant 0 "$deny"
	start_filter -d "$deny" || return 1
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -s 192.0.2.10 -d 4 \
		-i 2 > "$tmp/bad" &
	bad=$!
	ip netns exec "$cli" "$SEND" icmp 2001:db8::2 -s 2001:db8::dead \
		-d 4 -i 2 > "$tmp/bad6" &
	bad6=$!
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -s 192.0.2.1 -d 4 \
		-i 5 > "$tmp/good" &
	good=$!
	ip netns exec "$cli" "$SEND" icmp 2001:db8::2 -s 2001:db8::1 -d 4 \
		-i 5 > "$tmp/good6" &
	good6=$!
	for ((i = 1; i <= 20; i++)); do
		write_variant $((i % 2)) "$deny"
		[ $((i % 5)) -eq 0 ] && kill -HUP "$xdp_pid"
		sleep 0.15
	done
	wait "$bad" "$bad6" "$good" "$good6"
	xdp_stop || return 1
	echo "denied v4: $(cat "$tmp/bad"); denied v6: $(cat "$tmp/bad6")"
	echo "allowed v4: $(cat "$tmp/good"); allowed v6: $(cat "$tmp/good6")"
	echo "reloads: $(grep -c reloaded "$tmp/err")"
	grep -m 3 reloaded "$tmp/err"
	grep -q " replies 0$" "$tmp/bad" && grep -q " replies 0$" "$tmp/bad6" &&
	awk '{ exit !($2 == $4 && $2 > 100) }' "$tmp/good" &&
	awk '{ exit !($2 == $4 && $2 > 100) }' "$tmp/good6" &&
	[ "$(grep -c reloaded "$tmp/err")" -ge 15 ]
}

# The file rewritten in place, 20 times, while a denied host floods:
# ": > f; echo A >> f; echo B >> f" passes through an empty and a
# half-written file. Not one packet of the host denied throughout may
# get through. (Each partial file used to be loaded, the empty one as 0
# rules: hundreds of packets leaked.)
test_edit_in_place_under_flood()
{
	local i bad

	printf '192.0.2.10\n198.51.100.0/24\n' > "$deny"
	start_filter -d "$deny" || return 1
	ip netns exec "$cli" "$SEND" icmp 192.0.2.2 -s 192.0.2.10 -d 4 \
		-i 1 > "$tmp/bad" &
	bad=$!
	for ((i = 1; i <= 20; i++)); do
		: > "$deny"
		echo 192.0.2.10 >> "$deny"
		echo "198.51.100.$i" >> "$deny"
		sleep 0.15
	done
	wait "$bad"
	xdp_stop || return 1
	echo "denied host: $(cat "$tmp/bad"); reloads: $(grep -c reloaded "$tmp/err")"
	grep -q " replies 0$" "$tmp/bad" && grep -q reloaded "$tmp/err"
}

# -d LINK, a symbolic link into another directory: editing the target
# reloads, and so does pointing the link at another file, whose own
# edits then reload too. (Only the link's directory was watched.)
test_symlinked_deny_file()
{
	local link=$tmp/deny.link

	mkdir -p "$tmp/real" "$tmp/other"
	printf '192.0.2.10\n' > "$tmp/real/deny"
	ln -sfn "$tmp/real/deny" "$link"
	start_filter -d "$link" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	printf '198.51.100.7\n' > "$tmp/real/deny"
	wait_for "$tmp/err" "reloaded .*: 1 added, 1 removed, 0 kept" ||
		return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	printf '192.0.2.10\n203.0.113.5\n' > "$tmp/other/deny"
	ln -sfn "$tmp/other/deny" "$link"
	wait_for "$tmp/err" "reloaded .*: 2 added, 1 removed, 0 kept" ||
		return 1
	printf '192.0.2.10\n203.0.113.5\n203.0.113.6\n' > "$tmp/other/deny"
	wait_for "$tmp/err" "reloaded .*: 1 added, 0 removed, 2 kept" ||
		return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	xdp_stop
}

# An empty file on reload is refused unless it says "# empty".
test_empty_file_on_reload()
{
	printf '192.0.2.10\n' > "$deny"
	start_filter -d "$deny" || return 1
	: > "$deny"
	wait_for "$tmp/err" "has no rules now; if that is meant, say so" ||
		return 1
	wait_for "$tmp/err" "keeping the 1 rules in force" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	printf '# empty\n' > "$deny"
	wait_for "$tmp/err" "0 added, 1 removed" || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	xdp_stop
}

# A bad line at startup: exit 1, FILE:LINE in one line, nothing attached.
test_bad_file_at_start()
{
	local rc

	printf '192.0.2.10\n# fine\n192.0.2.300\n' > "$tmp/bad.deny"
	one_line_error 1 ip netns exec "$srv" "$FILTER" -i veth1 \
		-d "$tmp/bad.deny" || return 1
	cat "$tmp/err"
	grep -q "bad.deny:3: bad entry '192.0.2.300'" "$tmp/err" &&
		! attached || return 1
	ip netns exec "$srv" "$FILTER" -i veth1 -d "$tmp/missing" 2>"$tmp/err"
	rc=$?
	cat "$tmp/err"
	[ "$rc" -eq 1 ] && ! attached || return 1
	printf '192.0.2.1/24\n' > "$tmp/bad.deny"
	"$FILTER" --check -d "$tmp/bad.deny" 2>&1 | grep "did you mean 192.0.2.0/24)"
}

# A bad file on reload changes nothing: the old rules stay in force.
test_bad_file_on_reload()
{
	write_deny
	start_filter -d "$deny" || return 1
	printf '192.0.2.1\n2001:db8::1\nnot-an-address\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "keeping the 4 rules in force" || return 1
	grep "deny:3: bad entry 'not-an-address'" "$tmp/err" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 || return 1
	xdp_stop
}

# --max-rules N means what the help says: any deny file of up to N rules
# loads, at start or on reload, and N + 1 rules are refused by that name.
# (It used to count old and new rules together: 4 new rules after 1 did
# not fit a --max-rules 4 run.)
test_max_rules()
{
	printf '192.0.2.10\n' > "$deny"
	start_filter -d "$deny" --max-rules 4 || return 1
	printf '203.0.113.%s\n' 1 2 3 4 > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 4 added, 1 removed" || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	printf '198.51.100.%s\n' 1 2 3 4 5 > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "5 deny rules are more than the 4 this run takes (--max-rules)" ||
		return 1
	wait_for "$tmp/err" "keeping the 4 rules in force" || return 1
	xdp_stop || return 1
	printf '192.0.2.%s\n' 1 2 3 > "$deny"
	ip netns exec "$srv" "$FILTER" -i veth1 -d "$deny" --max-rules 2 \
		2>"$tmp/err2" && return 1
	cat "$tmp/err2"
	grep -q "has 3 rules, more than --max-rules 2" "$tmp/err2"
}

# The exit summary keeps what a rule dropped after a reload removed it,
# marked so; a rule removed and added back keeps adding up, on one line.
# (A removed rule's counters used to vanish from the summary.)
test_removed_rules_counted()
{
	printf '192.0.2.10\n2001:db8::dead\n198.51.100.0/24\n' > "$deny"
	start_filter -d "$deny" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 2 &&
	expect_replies 0 icmp 198.51.100.2 -s 198.51.100.7 -c 1 || return 1
	printf '198.51.100.0/24\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 0 added, 2 removed, 1 kept" ||
		return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 1 icmp 2001:db8::2 -s 2001:db8::dead -c 1 || return 1
	printf '198.51.100.0/24\n2001:db8::dead\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 1 added, 0 removed, 1 kept" ||
		return 1
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 4 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	grep -qxF "rule 192.0.2.10/32 ($deny:1, removed at reload): 3 packets, 222 bytes" \
		"$tmp/out" &&
	grep -qxF "rule 2001:db8::dead/128 ($deny:2): 6 packets, 564 bytes" \
		"$tmp/out" &&
	[ "$(rule_packets 198.51.100.0/24)" = 1 ] &&
	grep -qxF "total: 2 of 2 rules matched (and 1 removed at reload), 10 packets, 860 bytes dropped" \
		"$tmp/out"
}

# raw6_from SRC COUNT: COUNT ICMPv6 echo requests from SRC to 2001:db8::2,
# written straight onto cli's veth0 (AF_PACKET): no socket sends from an
# IPv4-mapped address like ::ffff:192.0.2.10, which is what this is for.
raw6_from()
{
	ip netns exec "$cli" python3 - "$1" "$2" "$(xdp_mac "$srv" veth1)" \
		"$(xdp_mac "$cli" veth0)" <<'PY'
import socket, struct, sys
src, count, dmac, smac = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
mac = lambda m: bytes.fromhex(m.replace(":", ""))
icmp = struct.pack("!BBHHH", 128, 0, 0, 0x4242, 1) + b"x" * 16
ip6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 64) + \
    socket.inet_pton(socket.AF_INET6, src) + \
    socket.inet_pton(socket.AF_INET6, "2001:db8::2")
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("veth0", 0))
for _ in range(count):
    s.send(mac(dmac) + mac(smac) + b"\x86\xdd" + ip6 + icmp)
PY
}

# An IPv4-mapped rule and a /0 rule are valid, so they load, at start
# and on reload, but each gets a warning with FILE:LINE saying why it is
# probably not what was meant.
test_doubtful_rules_warned()
{
	local w

	printf '# mapped\n::ffff:192.0.2.10\n::ffff:198.51.100.0/120\n' \
		> "$deny"
	start_filter -d "$deny" || return 1
	cat "$tmp/err"
	w="filter_packet: $deny:2: warning: rule ::ffff:192.0.2.10/128 is an"
	w="$w IPv4-mapped IPv6 address: it matches IPv6 packets that carry it,"
	w="$w never the IPv4 packets of 192.0.2.10; to deny those, write"
	w="$w 192.0.2.10."
	grep -qxF "$w" "$tmp/err" || { echo "no line: $w"; return 1; }
	grep -q "^filter_packet: $deny:3: warning: rule ::ffff:198.51.100.0/120 is an IPv4-mapped .* write 198.51.100.0/24\.$" \
		"$tmp/err" || return 1
	grep -q "2 rules from $deny in force" "$tmp/err" &&
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	raw6_from ::ffff:192.0.2.10 3 || return 1
	kill -USR1 "$xdp_pid"
	wait_for "$tmp/out" "^total:" || return 1
	[ "$(rule_packets ::ffff:192.0.2.10/128)" = 3 ] || return 1
	printf '0.0.0.0/0\n2001:db8::dead\n::/0\n' > "$deny.new"
	mv "$deny.new" "$deny"
	wait_for "$tmp/err" "reloaded .*: 3 added, 2 removed" || return 1
	grep -qxF "filter_packet: $deny:1: warning: rule 0.0.0.0/0 denies every IPv4 address: no IPv4 packet gets through." \
		"$tmp/err" &&
	grep -qxF "filter_packet: $deny:3: warning: rule ::/0 denies every IPv6 address: no IPv6 packet gets through." \
		"$tmp/err" || { cat "$tmp/err"; return 1; }
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::1 -c 3 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	# cli's own IPv6 chatter (MLD reports, say) is denied by ::/0 too.
	[ "$(rule_packets 0.0.0.0/0)" -ge 2 ] &&
	[ "$(rule_packets ::/0)" -ge 3 ] || return 1
	printf '::ffff:192.0.2.10\n' > "$deny"
	"$FILTER" --check -d "$deny" 2>"$tmp/err" >/dev/null &&
	grep -q "^filter_packet: $deny:1: warning: rule ::ffff:192.0.2.10/128 is an IPv4-mapped" \
		"$tmp/err"
}

# deny_map_dump NAME: "bpftool -j map dump" of map NAME of the program
# attached to srv:veth1, found through the program's own map ids so that
# another run's maps of the same name are never taken for ours.
deny_map_dump()
{
	local prog id

	prog=$(xdp_prog_id) || return 1
	for id in $(bpftool -j prog show id "$prog" |
		    python3 -c 'import json, sys
print(*json.load(sys.stdin)["map_ids"])'); do
		bpftool -j map show id "$id" | grep -q "\"name\":\"$1\"" ||
			continue
		bpftool -j map dump id "$id"
		return
	done
	echo "no map $1 on program $prog"
	return 1
}

# bpftool shows every slot of the address tables as named fields: the
# prefix length + 1, the rule's index and the address bytes in order.
# With --max-rules 8 a half has 64 slots: the dump is short, and the
# slots in use are exactly the rules (the other half is still empty).
test_bpftool_slots()
{
	local m

	command -v bpftool >/dev/null || return "$KSFT_SKIP"
	write_deny
	start_filter -d "$deny" --max-rules 8 || return 1
	for m in deny_addr_v4 deny_addr_v6; do
		deny_map_dump $m > "$tmp/$m.json" || return 1
	done
	xdp_stop || return 1
	python3 - "$tmp" <<'PY'
import json, socket, sys
want = {
    "deny_addr_v4": {(socket.AF_INET, "192.0.2.10", 32),
                     (socket.AF_INET, "198.51.100.0", 24)},
    "deny_addr_v6": {(socket.AF_INET6, "2001:db8::dead", 128),
                     (socket.AF_INET6, "2001:db8:1::", 48)},
}
for name, rules in want.items():
    entries = json.load(open(f"{sys.argv[1]}/{name}.json"))
    assert len(entries) == 128, f"{name}: {len(entries)} slots"
    used = [e["formatted"]["value"] for e in entries
            if e["formatted"]["value"]["len1"]]
    got = {(tuple(v["addr"]), v["len1"] - 1) for v in used}
    exp = {(tuple(socket.inet_pton(af, a)), plen) for af, a, plen in rules}
    assert got == exp, f"{name}: slots {used}, want {exp}"
    print(f"{name}: {len(used)} slots in use, as named fields")
PY
}

test_help()
{
	local rc

	"$FILTER" --help | grep -q "^Usage: filter_packet" || return 1
	"$FILTER" --help | grep -q "^Exit status" || return 1
	"$FILTER" -i lo --max-rules x 2>/dev/null
	rc=$?
	[ "$rc" -eq 2 ] || { echo "bad --max-rules exited $rc"; return 1; }
}

if ! xdp_topology "192.0.2.1/24 192.0.2.10/24 198.51.100.7/24
		  2001:db8::1/64 2001:db8::dead/64 2001:db8:1::5/64" \
		  "192.0.2.2/24 198.51.100.2/24 2001:db8::2/64 2001:db8:1::2/64"
then
	ktap_skip_all "cannot build the veth topology"
fi
# Every datagram to a closed port gets its ICMP error, not 1 a second.
ip netns exec "$srv" sh -c 'echo 0 > /proc/sys/net/ipv4/icmp_ratelimit &&
	echo 0 > /proc/sys/net/ipv6/icmp/ratelimit' ||
	ktap_skip_all "cannot turn off ICMP rate limits in $srv"

run_test "denied v4/v6/CIDR sources dropped, counted; allowed pass" \
	xdp_reaped test_drop_and_pass
run_test "SIGUSR1 prints per-rule counters, timed" \
	xdp_reaped test_sigusr1_stats
run_test "-j: counters as JSON lines, timed" xdp_reaped test_json_counters
run_test "--status from another shell, text and JSON; none after exit" \
	xdp_reaped test_status
run_test "--dst matches destinations, with and without ports" \
	xdp_reaped test_dst_match
run_test "TCP/UDP dport and sport rules, v4 and v6, with addresses" \
	xdp_reaped test_port_rules
run_test "protocol rules, with and without addresses; SCTP ports" \
	xdp_reaped test_protocol_rules
run_test "ICMP and ICMPv6 type rules; reload between types" \
	xdp_reaped test_icmp_types
run_test "reload from addresses to port rules and back" \
	xdp_reaped test_reload_address_port_address
run_test "reloads between address and port rules never pass the host" \
	xdp_reaped test_reload_kinds_under_flood
run_test "bad port rules: exact FILE:LINE message; reload keeps rules" \
	xdp_reaped test_bad_port_lines
run_test "reloads under traffic never pass a denied source" \
	xdp_reaped test_reload_under_traffic
run_test "deny file edited in place under a flood: nothing leaks" \
	xdp_reaped test_edit_in_place_under_flood
run_test "symlinked deny file: target edits and repointing reload" \
	xdp_reaped test_symlinked_deny_file
run_test "empty deny file on reload: refused unless it says '# empty'" \
	xdp_reaped test_empty_file_on_reload
run_test "bad or missing deny file at start: exit 1, nothing attached" \
	xdp_reaped test_bad_file_at_start
run_test "bad deny file on reload changes nothing" \
	xdp_reaped test_bad_file_on_reload
run_test "--max-rules N: any file of up to N rules, at start or reload" \
	xdp_reaped test_max_rules
run_test "exit summary keeps the counts of rules a reload removed" \
	xdp_reaped test_removed_rules_counted
run_test "IPv4-mapped and /0 rules: warned with FILE:LINE, still in force" \
	xdp_reaped test_doubtful_rules_warned
run_test "bpftool shows the address table slots as named fields" \
	xdp_reaped test_bpftool_slots
run_test "--help and usage errors" test_help
run_test "nothing left attached" nothing_attached

ktap_finish
