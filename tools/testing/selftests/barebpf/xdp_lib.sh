# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# xdp_lib.sh - what the XDP tool tests (test_xdp_*.sh) share: the
# two-namespace veth topology with static neighbours, running a tool in
# a namespace until it has attached, stopping and reaping it, and
# reading its counters back.
#
# Source it after lib.sh:
#
#	source "$(dirname "$0")/lib.sh"
#	source "$(dirname "$0")/xdp_lib.sh"
#	FILTER=$BB_BIN/filter_packet
#	require_root
#	xdp_require_bins "$FILTER" "$SEND"
#	ktap_header
#	ktap_plan 1
#	xdp_tmpdir
#	xdp_topology "192.0.2.1/24 2001:db8::1/64" \
#		     "192.0.2.2/24 2001:db8::2/64" || ktap_skip_all "..."
#	t() { xdp_start "$srv" attached "$FILTER" -i veth1 && xdp_stop; }
#	run_test "starts and stops" xdp_reaped t
#
# The topology is namespaces $cli and $srv joined by veth0 (in $cli) and
# veth1 (in $srv); the tool under test runs on veth1. One tool at a time
# runs in the background: its pid is $xdp_pid, its stdout $tmp/out and
# its stderr $tmp/err.

SEND=$BB_TESTS/workloads/xdpt_send

xdp_pid=""
xdp_name=""

# xdp_require_bins PROG...: skip the whole test unless each PROG is built.
xdp_require_bins()
{
	local p names=""

	for p in "$@"; do
		names+="${names:+ and }$(basename "$p")"
	done
	for p in "$@"; do
		[ -x "$p" ] || ktap_skip_all "build $names first"
	done
}

# xdp_tmpdir: a scratch directory in $tmp, removed at exit.
xdp_tmpdir()
{
	tmp=$(mktemp -d)
	cleanup_push "rm -rf $tmp"
}

# ---- topology -------------------------------------------------------------

# xdp_mac NS IFACE: the MAC address of IFACE in NS.
xdp_mac()
{
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

# xdp_addrs NS IFACE ADDR/LEN...: add the addresses, IPv6 without DAD.
xdp_addrs()
{
	local netns=$1 dev=$2 a

	shift 2
	for a in "$@"; do
		if [[ "$a" == *:* ]]; then
			ip -n "$netns" addr add "$a" dev "$dev" nodad || return 1
		else
			ip -n "$netns" addr add "$a" dev "$dev" || return 1
		fi
	done
}

# xdp_neighs NS IFACE LLADDR ADDR[/LEN]...: permanent neighbour entries.
xdp_neighs()
{
	local netns=$1 dev=$2 lladdr=$3 a

	shift 3
	for a in "$@"; do
		ip -n "$netns" neigh replace "${a%/*}" lladdr "$lladdr" \
			dev "$dev" nud permanent || return 1
	done
}

# xdp_topology "CLI_ADDRS" "SRV_ADDRS": namespaces $cli and $srv joined
# by veth0/veth1 with those addresses (ADDR/LEN, blank separated), and
# on each side a permanent neighbour entry for every address of the
# other: no ARP and no neighbour discovery, so every packet a test
# counts is one it sent.
# shellcheck disable=SC2154	# netns_create sets $cli and $srv
xdp_topology()
{
	# shellcheck disable=SC2206	# split on any blank, newlines too
	local -a ca=($1) sa=($2)
	local m0 m1

	netns_create cli srv || return 1
	veth_pair "$cli" veth0 "$srv" veth1 || return 1
	xdp_addrs "$cli" veth0 "${ca[@]}" || return 1
	xdp_addrs "$srv" veth1 "${sa[@]}" || return 1
	m0=$(xdp_mac "$cli" veth0)
	m1=$(xdp_mac "$srv" veth1)
	xdp_neighs "$cli" veth0 "$m1" "${sa[@]}" &&
	xdp_neighs "$srv" veth1 "$m0" "${ca[@]}"
}

# ---- running a tool -------------------------------------------------------

# wait_for FILE PATTERN: up to 5 s for PATTERN to show up in FILE.
wait_for()
{
	local i

	for ((i = 0; i < 50; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for '$2' in $1:"
	cat "$1"
	return 1
}

# xdp_start NS PATTERN CMD [ARGS...]: run CMD in NS in the background
# and wait until its stderr shows PATTERN ("attached", say). If it does
# not within 5 s the tool is killed and 1 returned.
xdp_start()
{
	local netns=$1 pattern=$2

	shift 2
	# Empty now: wait_for must not see the previous run's output.
	: > "$tmp/out"
	: > "$tmp/err"
	ip netns exec "$netns" "$@" >"$tmp/out" 2>"$tmp/err" &
	xdp_pid=$!
	xdp_name=$(basename "$1")
	cleanup_push "kill -9 $xdp_pid 2>/dev/null"
	wait_for "$tmp/err" "$pattern" && return 0
	xdp_kill
	return 1
}

# xdp_stop [SIG]: send SIG (default TERM) to the tool and reap it.
# Returns the tool's exit status and, unless 0 or SIG is KILL, says it.
xdp_stop()
{
	local sig=${1:-TERM} rc

	kill -"$sig" "$xdp_pid"
	wait "$xdp_pid" 2>/dev/null && rc=0 || rc=$?
	xdp_pid=""
	[ "$rc" -eq 0 ] || [ "$sig" = KILL ] ||
		echo "$xdp_name exited with $rc after SIG$sig"
	return "$rc"
}

# xdp_wait_exit [SECS]: up to SECS (default 3) for the tool to exit by
# itself; returns its exit status (after a SIGKILL if it did not).
xdp_wait_exit()
{
	local i rc

	for ((i = 0; i < ${1:-3} * 10; i++)); do
		kill -0 "$xdp_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$xdp_pid" 2>/dev/null
	wait "$xdp_pid" 2>/dev/null && rc=0 || rc=$?
	xdp_pid=""
	[ "$rc" -eq 0 ] || echo "$xdp_name: exit code $rc"
	return "$rc"
}

# xdp_kill: end the tool, stopped or not, whatever state it is in: a
# SIGTERM first so that it detaches, SIGKILL if that takes over 2 s.
xdp_kill()
{
	local i

	[ -n "$xdp_pid" ] || return 0
	kill -CONT "$xdp_pid" 2>/dev/null
	kill -TERM "$xdp_pid" 2>/dev/null
	for ((i = 0; i < 20; i++)); do
		kill -0 "$xdp_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$xdp_pid" 2>/dev/null
	wait "$xdp_pid" 2>/dev/null
	xdp_pid=""
}

# xdp_reaped TEST [ARGS...]: run a test, then end the tool it left
# running if it failed half-way, so none outlives its test.
xdp_reaped()
{
	local rc

	xdp_pid=""
	"$@" && rc=0 || rc=$?
	xdp_kill
	return "$rc"
}

# ---- checking -------------------------------------------------------------

# xdp_prog_id [NS]: id of the XDP program on veth1 in NS (default
# $srv); nothing if there is none.
xdp_prog_id()
{
	ip -n "${1:-$srv}" -d link show veth1 |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p'
}

# attached [NS]: is an XDP program attached to veth1 in NS (default $srv)?
attached()
{
	ip -n "${1:-$srv}" link show veth1 | grep -q "prog/xdp"
}

# nothing_attached [NS]: the opposite, for run_test.
nothing_attached()
{
	! attached "$@"
}

# expect_replies WANT ARGS...: xdpt_send ARGS from $cli must see WANT
# replies.
expect_replies()
{
	local want=$1 out

	shift
	out=$(ip netns exec "$cli" "$SEND" "$@" -w 300)
	[[ "$out" == *" replies $want" ]] && return 0
	echo "xdpt_send $*: $out, want $want replies"
	return 1
}

# one_line_error STATUS CMD [ARGS...]: CMD must exit with STATUS and
# write exactly one line to stderr (kept in $tmp/err).
one_line_error()
{
	local want=$1 rc

	shift
	"$@" 2>"$tmp/err" && rc=0 || rc=$?
	[ "$rc" -eq "$want" ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
		return 0
	echo "$*: exit $rc (want $want): $(cat "$tmp/err")"
	return 1
}

# rule_packets RULE: packets of that deny rule ("192.0.2.0/24", "tcp
# dport 22") in the last report in $tmp/out (filter_packet, fw); empty
# if the rule has none there.
rule_packets()
{
	awk -v r="rule $1 (" 'index($0, r) == 1' "$tmp/out" | tail -n 1 |
		sed -n 's/.*: \([0-9]*\) packets.*/\1/p'
}

# num_before WORDS: the number just before WORDS, from the last line of
# stdin that has one ("3 sent, 2 received" | num_before received: 2).
num_before()
{
	sed -n "s/.* \([0-9]*\) $1.*/\1/p" | tail -n 1
}
