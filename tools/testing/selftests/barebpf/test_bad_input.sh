#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_bad_input.sh - every tool meets bad input the same way: exactly
# one line on stderr naming the thing and the reason, a documented exit
# status (2 for usage errors, 1 for everything else, 127 for a command
# openfiles cannot run), nothing on stdout, and nothing left behind.
source "$(dirname "$0")/../lib.sh"

B=${BB_BUILD:?BB_BUILD must point at the build directory}
BIN=$B/bin
PROGS=$B/selftests/progs

require_root
require_cmd capsh
tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"
head -c 100000 /dev/urandom >"$tmp/garbage"
cp "$PROGS/loader_maps.bpf.o" "$tmp/cut.o"
truncate -s 1000 "$tmp/cut.o"
NOCAPS="capsh --drop=cap_bpf,cap_perfmon,cap_net_admin,cap_sys_admin --"

# name | status | stderr pattern | command
cases=(
"bpfobj_no_arguments|2|a command and an object are needed|$BIN/bpfobj"
"bpfobj_unknown_option|2|option --frob is unknown|$BIN/bpfobj --frob info x.o"
"bpfobj_unknown_command|2|must be info, load or run|$BIN/bpfobj frob x.o"
"bpfobj_missing_object|1|$tmp/none.o: cannot read the object: No such file|$BIN/bpfobj info $tmp/none.o"
"bpfobj_binary_garbage|1|garbage: not an ELF file|$BIN/bpfobj info $tmp/garbage"
"bpfobj_not_bpf|1|ELF machine 62 is not EM_BPF|$BIN/bpfobj info /bin/true"
"bpfobj_truncated|1|cut.o: section header table lies outside the file|$BIN/bpfobj load $tmp/cut.o"
"bpfobj_bad_repeat|2|--repeat 0 is not a count|$BIN/bpfobj run x.o p --data x --repeat 0"
"bpfobj_no_privilege|1|needs CAP_BPF|$NOCAPS -c '$BIN/bpfobj load $PROGS/loader_maps.bpf.o'"
"openfiles_no_arguments|2|give either -p PID or a command|$BIN/openfiles"
"openfiles_unknown_option|2|option --frob is unknown|$BIN/openfiles --frob"
"openfiles_missing_argument|2|option -p is unknown or lacks its argument|$BIN/openfiles -p"
"openfiles_bad_pid|2|\"abc\" for --pid: not a process id|$BIN/openfiles -p abc"
"openfiles_unknown_pid|1|no process with pid 99999999|$BIN/openfiles -p 99999999"
"openfiles_bad_buffer|2|\"1000\" for --buffer-size|$BIN/openfiles -b 1000 -- true"
"openfiles_long_and_json|2|--long and --json cannot be combined|$BIN/openfiles -l -j -- true"
"openfiles_cmd_not_found|127|cannot run nosuchcmd_bb: command not found|$BIN/openfiles -- nosuchcmd_bb"
"openfiles_no_privilege|1|CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN|$NOCAPS -c '$BIN/openfiles -- true'"
)

ktap_header
ktap_plan ${#cases[@]}
for c in "${cases[@]}"; do
	IFS='|' read -r name status pattern cmd <<<"$c"
	eval "$cmd" >"$tmp/out" 2>"$tmp/err" && rc=0 || rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -eq "$status" ] && [ "$lines" -eq 1 ] &&
	   [ ! -s "$tmp/out" ] && grep -qE -- "$pattern" "$tmp/err"; then
		ktap_ok "$name"
	else
		ktap_print_msg "exit $rc (want $status), $lines stderr lines:"
		ktap_print_msg "$(head -5 "$tmp/err")"
		ktap_fail "$name" "wanted one line matching /$pattern/"
	fi
done
ktap_finish
