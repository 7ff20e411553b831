#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_bad_input.sh - every tool meets bad input the same way: exactly
# one line on stderr naming the thing and the reason, a documented exit
# status (2 for usage errors, 1 for everything else; as in bash, 127 for
# a command openfiles cannot find and 126 for one it cannot execute),
# nothing on stdout, no raw control or binary bytes from the input
# echoed to the terminal, and nothing left behind: in particular no XDP
# program on any interface the XDP tools were given, not even on the
# first of two -i when the second is wrong.
source "$(dirname "$0")/lib.sh"

BIN=$BB_BIN
PROGS=$BB_TESTS/progs

require_root
require_cmd capsh ip
tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
head -c 100000 /dev/urandom >"$tmp/garbage"
cp "$PROGS/loader_maps.bpf.o" "$tmp/cut.o"
truncate -s 1000 "$tmp/cut.o"
NOCAPS="capsh --drop=cap_bpf,cap_perfmon,cap_net_admin,cap_sys_admin --"

# The XDP tools get bbx0, one end of a veth pair in a namespace of ours.
netns_create xdpns || ktap_skip_all "cannot create a network namespace"
# shellcheck disable=SC2154  # netns_create sets it
veth_pair "$xdpns" bbx0 "$xdpns" bbx1 || ktap_skip_all "cannot create veth"
IN="ip netns exec $xdpns"
# bbx0 by its index, and 65 interfaces, one more than a run may have.
BBX0=$(ip -n "$xdpns" -o link show bbx0 | cut -d: -f1)
MANY_IFACES=$(printf -- '-i if%d ' $(seq 65))
printf '192.0.2.10\n192.0.2.300\n' >"$tmp/bad.deny"
python3 -c 'print("1" * (1 << 20))' >"$tmp/long.deny"
printf '2001:db8::1\nfe80::1%%eth0\n' >"$tmp/scope.deny"
printf '# host bits\n192.0.2.1/24\n' >"$tmp/host.deny"
printf 'udp dport 53\ntcpp dport 22\n' >"$tmp/proto.deny"
printf 'udp dport 53\ntcp dport 65536\n' >"$tmp/port.deny"
printf 'udp dport 53\n192.0.2.1 dport 22\n' >"$tmp/noproto.deny"
printf 'udp dport 53\ntcp type 8\n' >"$tmp/type.deny"
printf 'tcp dport 22\nudp dport 53\ntcp  dport 22 # again\n' >"$tmp/dup.deny"
mkfifo "$tmp/fifo.deny"
head -c 10 /dev/zero >"$tmp/short.bin"

# name | status | stderr pattern | command
cases=(
"bpfobj_no_arguments|2|a command and an object are needed|$BIN/bpfobj"
"bpfobj_unknown_option|2|option --frob is unknown|$BIN/bpfobj --frob info x.o"
"bpfobj_unknown_command|2|must be info, check, core, load or run|$BIN/bpfobj frob x.o"
"bpfobj_missing_object|1|$tmp/none.o: cannot read the object: No such file|$BIN/bpfobj info $tmp/none.o"
"bpfobj_binary_garbage|1|garbage: not an ELF file|$BIN/bpfobj info $tmp/garbage"
"bpfobj_not_bpf|1|ELF machine 62 is not EM_BPF|$BIN/bpfobj info /bin/true"
"bpfobj_truncated|1|cut.o: section header table lies outside the file|$BIN/bpfobj load $tmp/cut.o"
"bpfobj_bad_repeat|2|--repeat 0 is not a count|$BIN/bpfobj run x.o p --data x --repeat 0"
"bpfobj_directory|1|^$tmp: is a directory, not an object file\\.$|$BIN/bpfobj info $tmp"
"bpfobj_fifo|1|^$tmp/fifo.deny: is not a regular file|timeout 10 $BIN/bpfobj info $tmp/fifo.deny"
"bpfobj_short_data|1|^bpfobj: the data is 10 bytes; drop_udp9 \\(type xdp\\) runs on packets|$BIN/bpfobj run $PROGS/xdp_udp9.bpf.o drop_udp9 --data $tmp/short.bin"
"bpfobj_no_test_run|1|^bpfobj: count_getpid is of type tracepoint, which the kernel cannot test-run|$BIN/bpfobj run $PROGS/tp_getpid.bpf.o count_getpid --data $tmp/short.bin"
"bpfobj_no_privilege|1|needs CAP_BPF|$NOCAPS -c '$BIN/bpfobj load $PROGS/loader_maps.bpf.o'"
"bubble_packet_wakeup_past_ring|2|^bubble_packet: -w 8192 is not less than the 8192-byte ring of -p 2 pages|$BIN/bubble_packet -i bbx0 -p 2 -w 8192"
"openfiles_no_arguments|2|give either -p PID or a command|$BIN/openfiles"
"openfiles_unknown_option|2|option --frob is unknown|$BIN/openfiles --frob"
"openfiles_missing_argument|2|option -p is unknown or lacks its argument|$BIN/openfiles -p"
"openfiles_bad_pid|2|\"abc\" for --pid: not a process id|$BIN/openfiles -p abc"
"openfiles_unknown_pid|1|no process with pid 99999999|$BIN/openfiles -p 99999999"
"openfiles_bad_buffer|2|\"1000\" for --buffer-size|$BIN/openfiles -b 1000 -- true"
"openfiles_long_and_json|2|--long and --json cannot be combined|$BIN/openfiles -l -j -- true"
"openfiles_cmd_not_found|127|cannot run nosuchcmd_bb: command not found|$BIN/openfiles -- nosuchcmd_bb"
"openfiles_cmd_not_executable|126|cannot run /etc/passwd: Permission denied|$BIN/openfiles -- /etc/passwd"
"openfiles_cmd_directory|126|cannot run /etc: Is a directory|$BIN/openfiles -- /etc"
"openfiles_cmd_no_such_path|127|cannot run /nonexistent/bb: No such file or directory|$BIN/openfiles -- /nonexistent/bb"
"openfiles_no_privilege|1|CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN|$NOCAPS -c '$BIN/openfiles -- true'"
)
for t in hello_packet bubble_packet filter_packet fw; do
	cases+=(
"${t}_unknown_interface|1|^$t: interface nosuchif0 does not exist|$IN $BIN/$t -i nosuchif0"
"${t}_missing_interface|2|^$t: no interface given; use -i IFACE|$IN $BIN/$t"
"${t}_unknown_mode|2|^$t: unknown XDP mode 'turbo'; use auto, native or skb|$IN $BIN/$t -i bbx0 -m turbo"
"${t}_interface_twice|2|^$t: -i bbx0 is given twice; name each interface once\\.$|$IN $BIN/$t -i bbx0 -i bbx1 -i bbx0"
"${t}_interface_twice_by_index|2|^$t: -i bbx0 and -i $BBX0 are the same interface; name each interface once\\.$|$IN $BIN/$t -i bbx0 -i $BBX0"
"${t}_too_many_interfaces|2|^$t: -i if65 is one interface too many; a run attaches to at most 64\\.$|$IN $BIN/$t $MANY_IFACES"
"${t}_second_interface_missing|1|^$t: interface nosuchif0 does not exist\\.$|$IN $BIN/$t -i bbx0 -i nosuchif0"
"${t}_unknown_option|2|^$t: option --frob is unknown or lacks its argument; see $t --help\\.$|$IN $BIN/$t -i bbx0 --frob"
"${t}_no_privilege|1|^$t: attaching XDP needs CAP_NET_ADMIN.*; missing CAP_NET_ADMIN, CAP_BPF, CAP_PERFMON|$IN $NOCAPS -c '$BIN/$t -i bbx0'"
	)
done
# The deny file of filter_packet and fw: FILE:LINE, the text, the reason.
for t in filter_packet fw; do
	d="$IN $BIN/$t -i bbx0 -d"
	cases+=(
"${t}_deny_missing|1|^$t: cannot open deny file $tmp/none.deny: No such file|$d $tmp/none.deny"
"${t}_deny_fifo|1|^$t: deny file $tmp/fifo.deny is a FIFO, not a regular file|timeout 10 $d $tmp/fifo.deny"
"${t}_deny_directory|1|^$t: deny file $tmp is a directory, not a regular file|$d $tmp"
"${t}_deny_bad_line|1|^$t: $tmp/bad.deny:2: bad entry '192.0.2.300': not an IPv4|$d $tmp/bad.deny"
"${t}_deny_binary_garbage|1|^$t: $tmp/garbage:[0-9]+: bad entry '|$d $tmp/garbage"
"${t}_deny_elf_binary|1|^$t: /bin/true:1: bad entry '.x7fELF.*: control characters, not a text file|$d /bin/true"
"${t}_deny_1mb_line|1|^$t: $tmp/long.deny:1: bad entry '1{57}[.]{3}': line too long|$d $tmp/long.deny"
"${t}_deny_ipv6_scope_id|1|^$t: $tmp/scope.deny:2: bad entry 'fe80::1%eth0': scope id %eth0 not allowed|$d $tmp/scope.deny"
"${t}_deny_host_bits|1|^$t: $tmp/host.deny:2: bad entry '192.0.2.1/24': host bits set [(]did you mean 192.0.2.0/24[)]|$d $tmp/host.deny"
"${t}_status_no_interface|2|^$t: no interface given; use -i IFACE|$IN $BIN/$t --status"
"${t}_status_unknown_interface|1|^$t: interface nosuchif0 does not exist|$IN $BIN/$t --status -i nosuchif0"
"${t}_status_two_interfaces|2|^$t: --status shows one interface; give one -i\\.$|$IN $BIN/$t --status -i bbx0 -i bbx1"
"${t}_status_and_check|2|^$t: --check and --status cannot be combined\\.$|$IN $BIN/$t --status --check -i bbx0"
"${t}_status_nothing_runs|1|^$t: no $t runs on bbx0: no XDP program is attached there\\.$|$IN $BIN/$t --status -i bbx0"
"${t}_deny_unknown_protocol|1|^$t: $tmp/proto.deny:2: bad entry 'tcpp dport 22': unknown protocol 'tcpp'|$d $tmp/proto.deny"
"${t}_deny_port_range|1|^$t: $tmp/port.deny:2: bad entry 'tcp dport 65536': dport 65536 is out of range [(]0 to 65535[)]\\.$|$d $tmp/port.deny"
"${t}_deny_port_no_protocol|1|^$t: $tmp/noproto.deny:2: bad entry '192.0.2.1 dport 22': dport needs tcp, udp or sctp before it\\.$|$d $tmp/noproto.deny"
"${t}_deny_type_with_tcp|1|^$t: $tmp/type.deny:2: bad entry 'tcp type 8': type goes with icmp or icmpv6, not tcp\\.$|$d $tmp/type.deny"
"${t}_deny_duplicate_rule|1|^$t: $tmp/dup.deny:3: duplicate rule 'tcp dport 22', first on line 1\\.$|$d $tmp/dup.deny"
	)
done

# xdp_attached: is an XDP program left on an interface of our namespace?
xdp_attached()
{
	ip -n "$xdpns" link show | grep -q "prog/xdp"
}

ktap_header
ktap_plan ${#cases[@]}
for c in "${cases[@]}"; do
	IFS='|' read -r name status pattern cmd <<<"$c"
	eval "$cmd" >"$tmp/out" 2>"$tmp/err" && rc=0 || rc=$?
	lines=$(wc -l <"$tmp/err")
	if xdp_attached; then
		ktap_print_msg "$(ip -n "$xdpns" link show | grep prog/xdp)"
		ktap_fail "$name" "left an XDP program attached"
		ip -n "$xdpns" link set bbx0 xdp off
	elif [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] &&
	   [ ! -s "$tmp/out" ] && grep -qE -- "$pattern" "$tmp/err" &&
	   ! LC_ALL=C grep -q '[^[:print:]]' "$tmp/err"; then
		ktap_ok "$name"
	else
		ktap_print_msg "exit $rc (want $status), $lines stderr lines:"
		ktap_print_msg "$(head -5 "$tmp/err" | cut -c1-200)"
		ktap_fail "$name" "wanted one line matching /$pattern/"
	fi
done
ktap_finish
