#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_xdp_allow.sh - allow mode (--allow FILE) of filter_packet and fw:
# only what a rule matches passes, the rest is dropped, except ARP and
# IPv6 neighbour discovery (unless --allow-strict); the rules count what
# they pass, "default:" what no rule matched; a warning when the rules
# would cut off the SSH session the tool runs in.
#
# Namespaces "cli" and "srv" joined by veth0/veth1; the filter runs on
# srv's veth1. cli owns 192.0.2.1, 192.0.2.10, 2001:db8::1 and
# 2001:db8::dead. The neighbour entries are static, as in every XDP
# test, except in the tests of ARP and neighbour discovery, which flush
# them (flush_neighs) and put them back afterwards (static_neighs).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/xdp_lib.sh"

FILTER=$BB_BIN/filter_packet
FW=$BB_BIN/fw

require_root
require_cmd ip python3 nsenter
xdp_require_bins "$FILTER" "$FW" "$SEND"

ktap_header
ktap_plan 13

xdp_tmpdir
allow=$tmp/allow
CLI_ADDRS="192.0.2.1/24 192.0.2.10/24 2001:db8::1/64 2001:db8::dead/64"
SRV_ADDRS="192.0.2.2/24 2001:db8::2/64"
# The session of the tests of the SSH warning, not the one we may run in.
unset SSH_CONNECTION SSH_CLIENT

start_filter()
{
	xdp_start "$srv" attached "$FILTER" -i veth1 "$@"
}

# default_drops: packets of the last "default:" line in $tmp/out.
default_drops()
{
	sed -n 's/^default: \([0-9]*\) packets.*/\1/p' "$tmp/out" | tail -n 1
}

# default_kept: packets of ARP and ND the last "default:" line counts.
default_kept()
{
	sed -n 's/^default: .*; \([0-9]*\) packets, [0-9]* bytes of ARP.*/\1/p' \
		"$tmp/out" | tail -n 1
}

# flush_neighs: no neighbour entries on veth0 and veth1.
flush_neighs()
{
	ip -n "$cli" neigh flush dev veth0 nud all &&
	ip -n "$srv" neigh flush dev veth1 nud all
}

# static_neighs: the permanent entries of xdp_topology back.
static_neighs()
{
	local mcli msrv

	mcli=$(xdp_mac "$cli" veth0)
	msrv=$(xdp_mac "$srv" veth1)
	flush_neighs
	# shellcheck disable=SC2086	# split the address lists
	xdp_neighs "$cli" veth0 "$msrv" $SRV_ADDRS &&
	xdp_neighs "$srv" veth1 "$mcli" $CLI_ADDRS
}

# neigh_resolved NS IFACE ADDR: NS has a link-layer address for ADDR.
neigh_resolved()
{
	ip -n "$1" neigh show dev "$2" to "$3" | grep -q lladdr
}

# An allowed host: its ping and TCP pass and count on its rule; other
# hosts' packets are dropped by default and counted there.
test_allow_hosts()
{
	printf '192.0.2.1\n2001:db8::1\n' > "$allow"
	start_filter --allow "$allow" || return 1
	grep -q "in force (allow mode: all else but ARP" "$tmp/err" ||
		return 1
	expect_replies 3 icmp 192.0.2.2 -s 192.0.2.1 -c 3 &&
	expect_replies 2 tcp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 2 icmp 2001:db8::2 -s 2001:db8::1 -c 2 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 0 udp 192.0.2.2 -s 192.0.2.10 -c 2 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::dead -c 2 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(rule_packets 192.0.2.1/32)" = 5 ] &&
	[ "$(rule_packets 2001:db8::1/128)" = 2 ] &&
	grep -q "^total: 2 of 2 rules matched, 7 packets, [0-9]* bytes passed$" \
		"$tmp/out" &&
	[ "$(default_drops)" -ge 9 ] && ! attached
}

# A port rule alone: only TCP to port 22 passes, from any host.
test_allow_port()
{
	printf 'tcp dport 22\n' > "$allow"
	start_filter --allow "$allow" || return 1
	expect_replies 2 tcp 192.0.2.2 -s 192.0.2.1 -p 22 -c 2 &&
	expect_replies 1 tcp 192.0.2.2 -s 192.0.2.10 -p 22 &&
	expect_replies 1 tcp 2001:db8::2 -s 2001:db8::1 -p 22 &&
	expect_replies 0 tcp 192.0.2.2 -s 192.0.2.1 -p 23 -c 2 &&
	expect_replies 0 udp 192.0.2.2 -s 192.0.2.1 -p 22 -c 2 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.1 -c 2 || return 1
	xdp_stop || return 1
	[ "$(rule_packets "tcp dport 22")" = 4 ] &&
	[ "$(default_drops)" -ge 6 ]
}

# Neighbours resolve through the filter: ARP and ND pass before the
# rules are looked up, and count as kept, not on the host's rule.
test_arp_nd_pass()
{
	printf '192.0.2.1\n2001:db8::1\n' > "$allow"
	start_filter --allow "$allow" || return 1
	flush_neighs || return 1
	neigh_resolved "$cli" veth0 192.0.2.2 && return 1
	expect_replies 3 icmp 192.0.2.2 -s 192.0.2.1 -c 3 &&
	neigh_resolved "$cli" veth0 192.0.2.2 || return 1
	neigh_resolved "$cli" veth0 2001:db8::2 && return 1
	expect_replies 3 icmp 2001:db8::2 -s 2001:db8::1 -c 3 &&
	neigh_resolved "$cli" veth0 2001:db8::2 || return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(rule_packets 192.0.2.1/32)" = 3 ] &&
	[ "$(rule_packets 2001:db8::1/128)" = 3 ] &&
	[ "$(default_kept)" -ge 2 ]
}

# --allow-strict: ARP and ND are dropped like the rest, and a host
# without a static neighbour entry cannot be reached. The echo requests
# of 2001:db8::1 pass by their type, not by the host: its neighbour
# solicitations (from 2001:db8::1 too) must not.
test_strict_drops_arp()
{
	printf '192.0.2.1\nicmpv6 type 128\n' > "$allow"
	start_filter --allow "$allow" --allow-strict || return 1
	grep -q "in force (allow mode, strict" "$tmp/err" || return 1
	flush_neighs || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 0 icmp 2001:db8::2 -s 2001:db8::1 -c 2 || return 1
	neigh_resolved "$cli" veth0 192.0.2.2 && return 1
	neigh_resolved "$cli" veth0 2001:db8::2 && return 1
	xdp_stop || return 1
	cat "$tmp/out"
	[ "$(default_kept)" = 0 ] && [ "$(default_drops)" -ge 2 ]
}

# warned ENV RULES...: does --check --allow warn about the SSH session
# ENV ("SSH_CONNECTION=..." or "SSH_CLIENT=...") for a file of RULES?
warned()
{
	local env=$1

	shift
	printf '%s\n' "$@" > "$allow"
	env "$env" "$FILTER" --check --allow "$allow" 2>"$tmp/warn" >/dev/null ||
		return 2
	grep -q "WARNING: .* SSH" "$tmp/warn"
}

# The warning comes exactly when no rule passes the session's packets.
test_ssh_warning()
{
	local c="SSH_CONNECTION=192.0.2.1 50000 192.0.2.2 22"
	local c6="SSH_CLIENT=2001:db8::1 50000 2222" r rc
	local msg="filter_packet: WARNING: no rule of $allow passes TCP from the SSH client 192.0.2.1 to port 22: this SSH session will be cut off."

	warned "$c" 192.0.2.10 || return 1
	[ "$(cat "$tmp/warn")" = "$msg" ] || { cat "$tmp/warn"; return 1; }
	warned "$c" "203.0.113.0/24 tcp dport 22" "udp dport 22" \
		"tcp dport 2222" "192.0.2.1 tcp sport 22" "icmp" ||
		return 1
	# Each of these passes the session; any one of them is enough.
	for r in 192.0.2.1 192.0.2.0/24 "tcp dport 22" tcp \
		 "192.0.2.0/28 tcp dport 22" "tcp sport 50000"; do
		warned "$c" 203.0.113.9 "$r" && { echo "warned: $r"; return 1; }
	done
	warned "SSH_CONNECTION=::ffff:192.0.2.1 50000 ::ffff:192.0.2.2 22" \
		192.0.2.1 && return 1
	warned "$c6" 2001:db8::/64 && return 1
	warned "$c6" "tcp dport 2222" && return 1
	warned "$c6" "tcp dport 22" || return 1
	warned "$c6" 192.0.2.1 || return 1
	# A deny file is not an allow file: no warning.
	SSH_CONNECTION="192.0.2.1 50000 192.0.2.2 22" \
		"$FILTER" --check -d "$allow" 2>&1 | grep -q WARNING && return 1
	# At start, before attaching, and after a reload that cuts it off.
	printf '192.0.2.1\n' > "$allow"
	export SSH_CONNECTION="192.0.2.1 50000 192.0.2.2 22"
	start_filter --allow "$allow"
	rc=$?
	unset SSH_CONNECTION
	[ "$rc" = 0 ] || return 1
	grep -q WARNING "$tmp/err" && return 1
	printf '192.0.2.10\n' > "$allow.new"
	mv "$allow.new" "$allow"
	wait_for "$tmp/err" "WARNING: no rule of .* 192.0.2.1 to port 22" ||
		return 1
	grep -q "reloaded" "$tmp/err" || return 1
	xdp_stop
}

# A reload changes what passes; a bad line keeps the rules in force.
test_reload_and_bad_line()
{
	printf '192.0.2.1\n' > "$allow"
	start_filter --allow "$allow" || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	printf '192.0.2.10\n' > "$allow.new"
	mv "$allow.new" "$allow"
	wait_for "$tmp/err" "reloaded .*: 1 added, 1 removed" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	printf '192.0.2.1\nudp dport 99999\n' > "$allow.new"
	mv "$allow.new" "$allow"
	wait_for "$tmp/err" "keeping the 1 rules in force" || return 1
	grep -q "allow:2: " "$tmp/err" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	xdp_stop
}

# A bad allow file at start: exit 1, FILE:LINE, nothing attached.
test_bad_file_at_start()
{
	printf '192.0.2.1\n\nnot-an-address\n' > "$allow"
	one_line_error 1 in_netns "$srv" "$FILTER" -i veth1 --allow "$allow" ||
		return 1
	grep -q "allow:3: bad entry 'not-an-address'" "$tmp/err" &&
	! attached
}

# -j in allow mode: passed_* for the rules, dropped_* and kept_* for the
# default policy.
test_json()
{
	printf '192.0.2.1\n' > "$allow"
	start_filter --allow "$allow" -j || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 || return 1
	xdp_stop || return 1
	python3 - "$tmp/out" <<'PY'
import json, sys
c = json.loads(open(sys.argv[1]).readlines()[-1])
assert c["mode"] == "allow", c
assert c["passed_packets"] == 2, c
assert c["dropped_packets"] >= 3, c
assert "kept_packets" in c and "kept_bytes" in c, c
assert c["rules"][0]["rule"] == "192.0.2.1/32", c
PY
}

# --status of a filter in allow mode, from another shell: the mode, what
# the rules passed and what the default policy dropped.
test_status()
{
	local XDP_SHARED_BPFFS=1 dir

	printf '192.0.2.1\n' > "$allow"
	dir=$(xdp_pin_dir fw)
	cleanup_push "rm -rf '$dir'"
	xdp_start "$srv" attached "$FW" -i veth1 -q --allow "$allow" \
		--allow-strict || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 || return 1
	in_netns "$srv" "$FW" --status -i veth1 > "$tmp/status" &&
	in_netns "$srv" "$FW" --status -i veth1 -j > "$tmp/status.json" ||
		return 1
	cat "$tmp/status" "$tmp/status.json"
	grep -q "; 1 rules from $allow, matching sources; allow mode, strict$" \
		"$tmp/status" &&
	grep -q "^total: 1 of 1 rules matched, 2 packets, [0-9]* bytes passed$" \
		"$tmp/status" &&
	# At least the 3 pings: strict mode also drops what the namespace
	# sends on its own (IPv6 router and neighbour solicitations).
	grep -qE "^default: ([3-9]|[1-9][0-9]+) packets, [0-9]+ bytes dropped \(no rule matched\); 0 packets" \
		"$tmp/status" || return 1
	python3 - "$tmp/status.json" <<'PY' || return 1
import json, sys
s = json.load(open(sys.argv[1]))
assert s["mode"] == "allow" and s["strict"] is True, s
assert s["passed_packets"] == 2 and s["dropped_packets"] >= 3, s
PY
	xdp_stop
}

# fw: a packet no rule matches is a drop event of the rule "default".
test_fw_default_events()
{
	printf '192.0.2.1\n' > "$allow"
	xdp_start "$srv" attached "$FW" -i veth1 --allow "$allow" || return 1
	expect_replies 2 icmp 192.0.2.2 -s 192.0.2.1 -c 2 &&
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 3 || return 1
	xdp_stop || return 1
	[ "$(grep -c 'drop 192.0.2.10 -> 192.0.2.2 ICMP .* rule default$' \
		"$tmp/out")" = 3 ] &&
	! grep -q 'drop 192.0.2.1 ' "$tmp/out" &&
	[ "$(rule_packets 192.0.2.1/32)" = 2 ] && [ "$(default_drops)" -ge 3 ]
}

# -d with --allow, --allow-strict alone: one-line usage errors.
test_options()
{
	printf '192.0.2.1\n' > "$allow"
	one_line_error 2 "$FILTER" -i lo -d "$allow" --allow "$allow" &&
	grep -q -- "-d and --allow cannot be combined" "$tmp/err" &&
	one_line_error 2 "$FW" -i lo --allow-strict &&
	grep -q -- "--allow-strict needs --allow FILE" "$tmp/err" &&
	"$FILTER" --help | grep -q -- "--allow FILE" &&
	"$FW" --help | grep -q -- "--allow-strict"
}

if ! xdp_topology "$CLI_ADDRS" "$SRV_ADDRS"; then
	ktap_skip_all "cannot build the veth topology"
fi
ip netns exec "$srv" sh -c 'echo 0 > /proc/sys/net/ipv4/icmp_ratelimit &&
	echo 0 > /proc/sys/net/ipv6/icmp/ratelimit' ||
	ktap_skip_all "cannot turn off ICMP rate limits in $srv"

run_test "allowed hosts pass and count; others dropped by default" \
	xdp_reaped test_allow_hosts
run_test "'tcp dport 22' alone: only TCP to port 22 passes" \
	xdp_reaped test_allow_port
run_test "ARP and neighbour discovery pass; neighbours resolve" \
	xdp_reaped test_arp_nd_pass
static_neighs
run_test "--allow-strict drops ARP and neighbour discovery" \
	xdp_reaped test_strict_drops_arp
static_neighs
run_test "SSH peer warning exactly when no rule passes the session" \
	xdp_reaped test_ssh_warning
run_test "allow file reload; bad line keeps the rules in force" \
	xdp_reaped test_reload_and_bad_line
run_test "bad allow file at start: exit 1, FILE:LINE, nothing attached" \
	xdp_reaped test_bad_file_at_start
run_test "-j counters: passed, dropped and kept" xdp_reaped test_json
run_test "fw: drops by default are events of rule 'default'" \
	xdp_reaped test_fw_default_events
run_test "--status in allow mode: mode, passed, default drops" \
	xdp_reaped test_status
run_test "option conflicts and --help" test_options
run_test "static neighbours back" static_neighs
run_test "nothing left attached" nothing_attached

ktap_finish
