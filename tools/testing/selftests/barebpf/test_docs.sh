#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_docs.sh - Documentation/ stays buildable and true: every page
# builds with rst2html --strict (warnings are errors), every command
# shown in a literal block exists (make targets in the Makefile, tools in
# samples/, scripts in scripts/, test programs in the selftests), and
# every file of this tree a page names (``samples/fw/fw_user.c``) exists.
source "$(dirname "$0")/lib.sh"

SRC=${BB_SRC:-$(cd "$(dirname "$0")/../../../.." && pwd)}
require_cmd rst2html

pages=("$SRC"/Documentation/*.rst)
ktap_header
ktap_plan $((${#pages[@]} * 3))

# Commands in literal blocks: lines indented by a tab or starting "$ ".
commands_in()
{
	sed -n 's/^\t\(\$ \)\{0,1\}//p' "$1" |
		grep -E '^(make|build/|scripts/|tools/|[A-Z_]+=[^ ]* )|^(bpfobj|openfiles|hello_packet|bubble_packet|filter_packet|fw)( |$)' ||
		true
}

# check_command LINE: does the command LINE starts with exist?
check_command()
{
	local words cmd

	read -r -a words <<<"$1"
	while [[ ${words[0]} == *=* ]]; do words=("${words[@]:1}"); done
	cmd=${words[0]}
	case "$cmd" in
	make)
		[ ${#words[@]} -eq 1 ] && return 0
		[[ ${words[1]} == -* || ${words[1]} == *=* ]] && return 0
		grep -qE "^${words[1]}:" "$SRC/Makefile" ;;
	build/bin/*|bpfobj|openfiles|hello_packet|bubble_packet|filter_packet|fw)
		cmd=${cmd#build/bin/}
		[ -f "$SRC/samples/$cmd/$cmd.c" ] ||
			[ -f "$SRC/samples/$cmd/${cmd}_user.c" ] ;;
	build/selftests/*)
		cmd=${cmd#build/selftests/}
		[ -f "$SRC/tools/testing/selftests/barebpf/$cmd.c" ] ;;
	build/bench/*)
		[ -f "$SRC/tools/testing/bench/${cmd#build/bench/}.c" ] ;;
	*)
		[ -e "$SRC/$cmd" ] ;;
	esac
}

# Paths of this tree in inline literals: ``samples/lib/xdp_tool.c``.
paths_in()
{
	grep -oE '``(loader|bpf|samples|tools|scripts|Documentation)/[^` ]*``' "$1" |
		tr -d '`' | sort -u || true
}

# check_path P: P exists (a glob must match something). Placeholders
# (test_NAME.c) and what lives in a kernel tree (the kernel's own selftests,
# our copy in samples/bpf/) are not ours to check.
check_path()
{
	[[ $1 =~ [A-Z]{3,} || $1 == tools/testing/selftests/bpf/* ||
	   $1 == samples/bpf/* ]] && return 0
	compgen -G "$SRC/$1" >/dev/null
}

for page in "${pages[@]}"; do
	name=$(basename "$page" .rst)
	if out=$(rst2html --strict "$page" 2>&1 >/dev/null); then
		ktap_ok "${name}_builds_strict"
	else
		ktap_print_msg "$out"
		ktap_fail "${name}_builds_strict"
	fi
	missing=""
	while IFS= read -r line; do
		check_command "$line" || missing="$missing; $line"
	done < <(commands_in "$page")
	if [ -z "$missing" ]; then
		ktap_ok "${name}_commands_exist"
	else
		ktap_fail "${name}_commands_exist" "not found:${missing#;}"
	fi
	missing=""
	for p in $(paths_in "$page"); do
		check_path "$p" || missing="$missing $p"
	done
	if [ -z "$missing" ]; then
		ktap_ok "${name}_paths_exist"
	else
		ktap_fail "${name}_paths_exist" "no such file:$missing"
	fi
done
ktap_finish
