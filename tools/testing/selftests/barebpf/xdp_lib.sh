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
# veth1 (in $srv); the tool under test runs on veth1. A test of a tool on
# two interfaces adds a second client, xdp_topology2: namespace $cli2
# joined to $srv by veth2 (in $cli2) and veth3 (in $srv). One tool at a
# time runs in the background: its pid is $xdp_pid, its stdout $tmp/out
# and its stderr $tmp/err.
#
# Tools run in a namespace with "ip netns exec", which gives each command
# a /sys of its own, without the bpffs at /sys/fs/bpf. A test of what a
# filter pins there for --status sets XDP_SHARED_BPFFS=1: in_netns then
# enters the network namespace only (nsenter --net), so that the tool
# and "--status" see the same /sys/fs/bpf. Pin directories are named
# after the network namespace too, so parallel runs cannot collide.

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

# xdp_link NS_A IF_A NS_B IF_B "A_ADDRS" "B_ADDRS": a veth pair IF_A (in
# NS_A) and IF_B (in NS_B) with those addresses (ADDR/LEN, blank
# separated), and on each side a permanent neighbour entry for every
# address of the other: no ARP and no neighbour discovery, so every
# packet a test counts is one it sent.
xdp_link()
{
	local ns_a=$1 if_a=$2 ns_b=$3 if_b=$4
	# shellcheck disable=SC2206	# split on any blank, newlines too
	local -a aa=($5) ba=($6)
	local ma mb

	veth_pair "$ns_a" "$if_a" "$ns_b" "$if_b" || return 1
	xdp_addrs "$ns_a" "$if_a" "${aa[@]}" || return 1
	xdp_addrs "$ns_b" "$if_b" "${ba[@]}" || return 1
	ma=$(xdp_mac "$ns_a" "$if_a")
	mb=$(xdp_mac "$ns_b" "$if_b")
	xdp_neighs "$ns_a" "$if_a" "$mb" "${ba[@]}" &&
	xdp_neighs "$ns_b" "$if_b" "$ma" "${aa[@]}"
}

# xdp_topology "CLI_ADDRS" "SRV_ADDRS": namespaces $cli and $srv joined
# by veth0/veth1 with those addresses (xdp_link).
# shellcheck disable=SC2154	# netns_create sets $cli and $srv
xdp_topology()
{
	netns_create cli srv || return 1
	xdp_link "$cli" veth0 "$srv" veth1 "$1" "$2"
}

# xdp_topology2 "CLI2_ADDRS" "SRV_ADDRS": after xdp_topology, a second
# client: namespace $cli2 joined to $srv by veth2/veth3 (xdp_link).
# shellcheck disable=SC2154	# netns_create sets $cli2
xdp_topology2()
{
	netns_create cli2 || return 1
	xdp_link "$cli2" veth2 "$srv" veth3 "$1" "$2"
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

# xdp_enter NS: set the array xdp_enter to the command that runs another
# in the network namespace NS: ip netns exec, or with XDP_SHARED_BPFFS=1
# nsenter (see above). Both exec the command, so that "${xdp_enter[@]}"
# CMD & leaves CMD's pid in $!.
xdp_enter()
{
	if [ -n "${XDP_SHARED_BPFFS:-}" ]; then
		xdp_enter=(nsenter --net="/run/netns/$1")
	else
		xdp_enter=(ip netns exec "$1")
	fi
}

# in_netns NS CMD [ARGS...]: CMD in the network namespace NS, in the
# foreground (xdp_enter).
in_netns()
{
	xdp_enter "$1"
	shift
	"${xdp_enter[@]}" "$@"
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
	xdp_enter "$netns"
	"${xdp_enter[@]}" "$@" >"$tmp/out" 2>"$tmp/err" &
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
	if [ "$rc" -ne 0 ] && [ "$sig" != KILL ]; then
		echo "$xdp_name exited with $rc after SIG$sig; its stderr:"
		tail -n 20 "$tmp/err"
	fi
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

# xdp_prog_id [NS [IFACE]]: id of the XDP program on IFACE (default
# veth1) in NS (default $srv); nothing if there is none.
xdp_prog_id()
{
	ip -n "${1:-$srv}" -d link show "${2:-veth1}" |
		sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p'
}

# xdp_pin_dir TOOL [IFACE]: where TOOL running on IFACE (default veth1)
# of $srv pins its state (samples/lib/filter_pin.h): its ifindex and
# the namespace's inode.
xdp_pin_dir()
{
	local ifindex netns

	ifindex=$(ip -n "$srv" -o link show "${2:-veth1}" | cut -d: -f1)
	netns=$(stat -L -c %i "/run/netns/$srv")
	echo "/sys/fs/bpf/barebpf/$1/if${ifindex}_net$netns"
}

# attached [NS [IFACE]]: is an XDP program attached to IFACE (default
# veth1) in NS (default $srv)?
attached()
{
	ip -n "${1:-$srv}" link show "${2:-veth1}" | grep -q "prog/xdp"
}

# nothing_attached [NS]: the opposite, for run_test.
nothing_attached()
{
	! attached "$@"
}

# expect_replies_in NS WANT ARGS...: xdpt_send ARGS from NS must see
# WANT replies.
expect_replies_in()
{
	local netns=$1 want=$2 out

	shift 2
	out=$(ip netns exec "$netns" "$SEND" "$@" -w 300)
	[[ "$out" == *" replies $want" ]] && return 0
	echo "xdpt_send $* in $netns: $out, want $want replies"
	return 1
}

# expect_replies WANT ARGS...: the same from $cli.
expect_replies()
{
	expect_replies_in "$cli" "$@"
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

# ---- times ----------------------------------------------------------------

# now_s: the wall-clock time in seconds since the epoch, to nanoseconds;
# taken before a tool starts and after it stops, it bounds every time
# the tool can print.
now_s()
{
	date +%s.%N
}

# untimed FILE: FILE without the time of day that starts its lines.
untimed()
{
	sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} //' "$1"
}

# blocks FILE FIRST: print how many separator lines "--- HH:MM:SS.uuuuuu ---"
# FILE has, and fail unless each is followed by a line that matches the
# extended regex FIRST, the first line of a block of counters.
blocks()
{
	awk -v first="$2" '
		sep { n++; if ($0 !~ first) bad = 1 }
		{ sep = $0 ~ /^--- [0-9][0-9]:[0-9][0-9]:[0-9][0-9][.][0-9]+ ---$/ }
		END { print n + 0; exit bad }' "$1"
}

# check_times text|json FILE T0 T1: print how many times FILE carries,
# and fail unless each is well formed and within T0..T1 (now_s) and
# there is at least one. In text a time is the local time of day,
# HH:MM:SS.uuuuuu, that starts a line or stands in a separator line
# "--- HH:MM:SS.uuuuuu ---"; other lines are not looked at. In JSON
# every line is an object and must have a "timestamp", RFC 3339 UTC
# with microseconds. Times are not compared with each other: events of
# different CPUs need not come in order.
check_times()
{
	python3 - "$@" <<'PY'
import datetime, json, re, sys
mode, path, t0, t1 = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:5])
RFC3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"
TEXT = r"(?:--- )?(\d\d):(\d\d):(\d\d)\.(\d{6})(?: ---$| )"
bad, n = [], 0
for line in open(path):
    line = line.rstrip("\n")
    if mode == "json":
        ts = json.loads(line).get("timestamp")
        if not isinstance(ts, str) or not re.fullmatch(RFC3339, ts):
            bad.append(f"no RFC 3339 UTC timestamp: {line}")
            continue
        t = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%S.%fZ")
        t = t.replace(tzinfo=datetime.timezone.utc).timestamp()
    else:
        m = re.match(TEXT, line)
        if not m:
            continue
        h, mi, s, us = map(int, m.groups())
        day = datetime.datetime.fromtimestamp(t0)
        t = day.replace(hour=h, minute=mi, second=s, microsecond=us)
        t = t.timestamp()
        if t < t0 - 43200:
            t += 86400	# the run went past midnight
    n += 1
    if not t0 <= t <= t1:
        bad.append(f"{t:.6f} not within {t0:.6f}..{t1:.6f}: {line}")
print(n)
for b in bad[:5]:
    print(b, file=sys.stderr)
sys.exit(1 if bad or not n else 0)
PY
}
