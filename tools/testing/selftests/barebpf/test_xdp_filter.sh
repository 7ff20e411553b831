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
require_cmd ip
xdp_require_bins "$FILTER" "$SEND"

ktap_header
ktap_plan 18

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

test_sigusr1_stats()
{
	write_deny
	start_filter -d "$deny" || return 1
	expect_replies 0 icmp 192.0.2.2 -s 192.0.2.10 -c 2 || return 1
	kill -USR1 "$xdp_pid"
	wait_for "$tmp/out" "^total:" || return 1
	[ "$(rule_packets 192.0.2.10/32)" = 2 ] || return 1
	xdp_stop
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
	[ "$(rule_packets 192.0.2.10/32)" = 3 ] && [ "$(rule_total)" = 3 ]
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
run_test "SIGUSR1 prints per-rule counters" xdp_reaped test_sigusr1_stats
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
run_test "--help and usage errors" test_help
run_test "nothing left attached" nothing_attached

ktap_finish
