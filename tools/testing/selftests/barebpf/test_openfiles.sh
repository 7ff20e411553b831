#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# test_openfiles.sh - openfiles against strace, and its other promises.
#
# Each comparison runs the same deterministic workload twice, once under
# "openfiles -- CMD" and once under "strace -f CMD", and compares the
# successful opens as multisets of paths. strace is the reference: it
# stops every task at every system call, so it should miss nothing (see
# strace_missed for the one time it did).
#
# Needs: root, strace (Debian package "strace"; comparisons are skipped
# without it), timeout (coreutils), python3 for the JSON check (skipped
# without it). Paths: see "where things are" in lib.sh.

source "$(dirname "$0")/lib.sh"

OF=$BB_BIN/openfiles
W=$BB_TESTS/workloads
LIMIT=120	# seconds any single run may take

require_root
require_cmd timeout
[ -x "$OF" ] || ktap_skip_all "openfiles is not built: $OF"
[ -x "$W/of_loop" ] || ktap_skip_all "the workloads are not built: $W"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bb-openfiles.XXXXXX") ||
	ktap_skip_all "cannot create a temporary directory"
cleanup_push rm -rf "$tmp"

# ---- helpers ---------------------------------------------------------------

# of_run DIR CMD...: openfiles -- CMD, stdout to DIR/of.out, stderr to
# DIR/of.err; returns openfiles' exit code.
of_run()
{
	local dir=$1

	shift
	timeout "$LIMIT" "$OF" -- "$@" >"$dir/of.out" 2>"$dir/of.err"
}

# strace_paths DIR CMD...: the paths strace saw opened successfully,
# sorted, in DIR/st.paths. -ff gives each thread its own file, so no
# call is split into "unfinished" and "resumed" halves.
strace_paths()
{
	local dir=$1

	shift
	rm -f "$dir"/st.*
	timeout "$LIMIT" strace -f -ff -qq -s 65536 -e signal=none \
		-e trace=open,openat,openat2,creat -e status=successful \
		-o "$dir/st" "$@" >/dev/null 2>&1 || return 1
	cat "$dir"/st.[0-9]* |
		sed -n -E 's/^(open|openat|openat2|creat)\([^"]*"(([^"\\]|\\.)*)".*/\2/p' |
		sort >"$dir/st.paths"
}

# new_dir NAME: a fresh directory for one test case.
new_dir()
{
	mkdir -p "$tmp/$1" && echo "$tmp/$1"
}

# summary_field DIR WORD: the number before WORD in the summary line.
summary_field()
{
	sed -n -E "s/^openfiles: .*\\b([0-9]+) $2\\b.*/\\1/p" "$1/of.err" |
		tail -n 1
}

# strace_missed DIR CMD...: the paths openfiles reported beyond strace's
# (DIR/diff) are strace's loss: it has none of its own, and a second
# strace run sees exactly what openfiles did. On CI, strace once lost
# the one open of a thread that of_threads starts after its main thread
# has exited; 150 runs here never did. A path openfiles lacks is never
# excused, nor one that strace misses twice.
strace_missed()
{
	local dir=$1 first

	shift
	grep -q '^-[^-]' "$dir/diff" && return 1
	first=$(sed -n 's/^+\([^+]\)/\1/p' "$dir/diff" | tr '\n' ' ')
	strace_paths "$dir" "$@" || return 1
	cmp -s "$dir/st.paths" "$dir/of.paths" || return 1
	echo "strace missed ${first}on its first run; a second run agrees"
}

# compare DIR CMD...: openfiles and strace agree on CMD.
compare()
{
	local dir=$1 rc

	shift
	command -v strace >/dev/null || return "$KSFT_SKIP"
	of_run "$dir" "$@"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "openfiles exited with $rc:"
		cat "$dir/of.err"
		return 1
	fi
	sort "$dir/of.out" >"$dir/of.paths"
	if ! strace_paths "$dir" "$@"; then
		echo "strace could not run the workload"
		return 1
	fi
	if ! diff -u "$dir/st.paths" "$dir/of.paths" >"$dir/diff" &&
	   ! strace_missed "$dir" "$@"; then
		echo "openfiles (+) and strace (-) disagree:"
		head -n 40 "$dir/diff"
		return 1
	fi
	if [ "$(summary_field "$dir" lost)" != 0 ]; then
		echo "events were lost:"
		cat "$dir/of.err"
		return 1
	fi
	echo "$(wc -l <"$dir/of.paths") paths agree"
}

# expect_count DIR COUNT PATH: PATH is printed exactly COUNT times.
expect_count()
{
	local n

	n=$(grep -cxF -- "$3" "$1/of.out")
	[ "$n" -eq "$2" ] && return 0
	echo "expected $2 lines \"$3\", got $n"
	return 1
}

# ---- comparisons with strace -----------------------------------------------

test_syscalls()
{
	local d

	d=$(new_dir syscalls) || return 1
	compare "$d" "$W/of_syscalls" "$d" || return 1
	# fd 0 is a success like any other.
	expect_count "$d" 1 "$d/fd0"
}

test_shell()
{
	local d

	d=$(new_dir shell) || return 1
	echo hello >"$d/in"
	cat >"$d/script.sh" <<-EOF
	cat "$d/in" | sort | head -n 1 >"$d/out1"
	( cat "$d/in" >"$d/out2" ) &
	cat "$d/in" | wc -l >/dev/null &
	{ cat "$d/in"; cat "$d/out1"; } >"$d/out3" &
	wait
	EOF
	compare "$d" bash "$d/script.sh"
}

test_threads()
{
	local d

	d=$(new_dir threads) || return 1
	compare "$d" "$W/of_threads" "$d" 8 25 || return 1
	expect_count "$d" 25 "$d/thread-7" && expect_count "$d" 1 "$d/helper-7"
}

test_spawn()
{
	local d how

	d=$(new_dir spawn) || return 1
	compare "$d" "$W/of_spawn" "$d" || return 1
	for how in fork vfork spawn clone clone3; do
		expect_count "$d" 1 "$d/$how" || return 1
	done
}

test_daemon()
{
	local d

	d=$(new_dir daemon) || return 1
	compare "$d" "$W/of_daemon" "$d" || return 1
	# Opened after the command had exited: openfiles waited for it.
	expect_count "$d" 1 "$d/daemon-2"
}

test_chain()
{
	local d

	d=$(new_dir chain) || return 1
	compare "$d" "$W/of_chain" "$d" 50 || return 1
	expect_count "$d" 1 "$d/chain-50"
}

test_long_path()
{
	local d path

	d=$(new_dir long) || return 1
	path=$("$W/of_longpath" "$d" 4000 2>&1 >/dev/null) || return 1
	compare "$d" "$W/of_longpath" "$d" 4000 || return 1
	expect_count "$d" 1 "$path"
}

# ---- openfiles on its own ------------------------------------------------

# The longest path open() accepts: 4095 bytes and the NUL, not cut.
test_longest_path()
{
	local d path

	d=$(new_dir longest) || return 1
	path=$("$W/of_longpath" "$d" 4095 2>&1 >/dev/null) || return 1
	of_run "$d" "$W/of_longpath" "$d" 4095 || return 1
	[ ${#path} -eq 4095 ] && expect_count "$d" 1 "$path"
}

# A failed open of a 5000-byte path: shown with -x, marked as cut.
test_cut_path()
{
	local d line path

	d=$(new_dir cut) || return 1
	timeout "$LIMIT" "$OF" -x -- "$W/of_longpath" "$d" 5000 \
		>"$d/of.out" 2>"$d/of.err" || return 1
	line=$(grep -F "$d/ddd" "$d/of.out" | grep -F ENAMETOOLONG)
	# The path, a TAB, the errno name, a TAB, "cut".
	path=${line%%$'\t'*}
	if [ "${line#"$path"}" = $'\t'ENAMETOOLONG$'\t'cut ] &&
	   [ ${#path} -eq 4095 ]; then
		return 0
	fi
	echo "no 4095-byte line marked ENAMETOOLONG and cut:"
	cut -c 1-100 "$d/of.out" | tail -n 3
	return 1
}

# Microseconds since the epoch, from bash 5's EPOCHREALTIME.
now_us()
{
	echo "${EPOCHREALTIME/./}"
}

test_many_opens()
{
	local d start ms

	d=$(new_dir many) || return 1
	start=$(now_us)
	of_run "$d" "$W/of_loop" "$d/file" 200000 || return 1
	ms=$((($(now_us) - start) / 1000))
	echo "traced 200000 opens in $ms ms: $(tail -n 1 "$d/of.err")"
	expect_count "$d" 200000 "$d/file" || return 1
	[ "$(summary_field "$d" lost)" = 0 ] || {
		cat "$d/of.err"
		return 1
	}
}

test_outside()
{
	local d busy rc

	d=$(new_dir outside) || return 1
	"$W/of_loop" "$d/outside" 1000000000 &
	busy=$!
	of_run "$d" "$W/of_loop" "$d/inside" 1000
	rc=$?
	kill "$busy"
	wait "$busy" 2>/dev/null
	[ "$rc" -eq 0 ] || return 1
	expect_count "$d" 0 "$d/outside" && expect_count "$d" 1000 "$d/inside"
}

# wait_for FILE [PATTERN]: up to 30 s for FILE to exist, and to hold
# a line matching PATTERN if one is given.
wait_for()
{
	local i

	for ((i = 0; i < 300; i++)); do
		if [ $# -eq 1 ]; then
			[ -e "$1" ] && return 0
		else
			grep -q -- "$2" "$1" 2>/dev/null && return 0
		fi
		sleep 0.1
	done
	return 1
}

# -p: a child that existed at start and one made later are both seen.
test_follow_pid()
{
	local d target of rc=0

	d=$(new_dir pid) || return 1
	touch "$d/old-child" "$d/new-child"
	bash -c '
		( touch "$1/ready"
		  while [ ! -e "$1/go" ]; do sleep 0.05; done
		  cat "$1/old-child" ) &
		while [ ! -e "$1/go" ]; do sleep 0.05; done
		cat "$1/new-child"
		wait' _ "$d" &
	target=$!
	wait_for "$d/ready" || rc=1
	timeout "$LIMIT" "$OF" -p "$target" >"$d/of.out" 2>"$d/of.err" &
	of=$!
	wait_for "$d/of.err" "following process" || rc=1
	touch "$d/go"
	wait "$target"
	wait "$of" || rc=1
	if [ "$rc" -ne 0 ]; then
		cat "$d/of.err"
		return 1
	fi
	expect_count "$d" 1 "$d/old-child" && expect_count "$d" 1 "$d/new-child"
}

# "openfiles -p $$" from a shell: openfiles is then one of the shell's
# children, and must not report its own opens (of /proc, say).
test_excludes_itself()
{
	local d of

	d=$(new_dir self) || return 1
	touch "$d/from-shell"
	timeout "$LIMIT" bash -c '
		"$2" -l -p $$ >"$1/of.out" 2>"$1/of.err" &
		echo $! >"$1/of.pid"
		while ! grep -q "following process" "$1/of.err"; do
			sleep 0.05
		done
		cat "$1/from-shell"
		sleep 1.5	# openfiles sweeps /proc meanwhile
		kill -INT $!
		wait $!' _ "$d" "$OF" || { cat "$d/of.err"; return 1; }
	of=$(cat "$d/of.pid")
	grep -q " $d/from-shell\$" "$d/of.out" ||
		{ echo "the shell's child was not reported"; return 1; }
	! awk -v p="$of" '$2 == p' "$d/of.out" | grep . ||
		{ echo "openfiles (pid $of) reported itself"; return 1; }
}

# "openfiles -- CMD | head -1": once head is gone, openfiles stops
# tracing, says that CMD runs on untraced, and dies of SIGPIPE (141) as
# any writer would; CMD finishes its work. (It used to die of SIGPIPE at
# whatever write came next, without a word.)
test_reader_gone()
{
	local d rc i

	d=$(new_dir pipe) || return 1
	touch "$d/f"
	timeout "$LIMIT" "$OF" -- sh -c 'for i in 1 2 3 4 5 6 7 8; do
		cat "$1" >/dev/null; sleep 0.2; done; touch "$1.done"' \
		_ "$d/f" 2>"$d/of.err" | head -1 >"$d/first"
	rc=${PIPESTATUS[0]}
	cat "$d/of.err"
	[ -s "$d/first" ] || { echo "no first line"; return 1; }
	[ "$rc" -eq 141 ] || { echo "exit status $rc, want 141"; return 1; }
	grep -q "reader of its output went away; tracing stopped, and [0-9]* runs on untraced" \
		"$d/of.err" || return 1
	for ((i = 0; i < 50; i++)); do
		[ -e "$d/f.done" ] && return 0
		sleep 0.1
	done
	echo "CMD did not run to its end"
	return 1
}

# Opens show up as they happen, not when the ring fills or a process
# exits: CMD opens a file, then idles 2 s; the path must be in the output
# well before CMD ends. (The BPF side wakes the reader only for batches;
# the reader did not drain the ring on its timeouts.)
test_live_output()
{
	local d of i

	d=$(new_dir live) || return 1
	touch "$d/f"
	# Opens by the shell itself: no process exits (an exit record
	# wakes the reader at once) until sleep ends.
	timeout "$LIMIT" "$OF" -- sh -c 'exec 3<"$1"; : >"$1.opened"
		sleep 2; : >"$1.done"' _ "$d/f" >"$d/of.out" 2>"$d/of.err" &
	of=$!
	wait_for "$d/f.opened" || return 1
	for ((i = 0; i < 10; i++)); do
		grep -qxF "$d/f" "$d/of.out" && break
		sleep 0.1
	done
	[ -e "$d/f.done" ] && { echo "CMD ended before the check"; return 1; }
	grep -qxF "$d/f" "$d/of.out" ||
		{ echo "the open was not shown within 1 s"; return 1; }
	wait "$of"
}

# -l: the header's columns stand over the values (PID and COMM were two
# characters off).
test_long_header_aligned()
{
	local d head line

	d=$(new_dir long) || return 1
	touch "$d/f"
	timeout "$LIMIT" "$OF" -l -- cat "$d/f" >"$d/of.out" 2>"$d/of.err" ||
		return 1
	head=$(head -1 "$d/of.err")
	line=$(grep -F " $d/f" "$d/of.out" | head -1)
	echo "$head"; echo "$line"
	python3 - "$head" "$line" <<'PY'
import re, sys
head, line = sys.argv[1], sys.argv[2]
m = re.match(r"\S+\s+(\S+)\s+\S+\s+(\S+)", line)
# right-aligned numbers end under their title; COMM starts under its own
assert m.end(1) == head.index("PID") + 3, "PID"
assert m.start(2) == head.index("COMM"), "COMM"
PY
}

test_exit_status()
{
	local d rc

	d=$(new_dir status) || return 1
	of_run "$d" sh -c 'exit 7'
	rc=$?
	[ "$rc" -eq 7 ] || { echo "exit 7 became $rc"; return 1; }
	of_run "$d" "$d/no-such-command"
	rc=$?
	[ "$rc" -eq 127 ] || { echo "a missing command gave $rc"; return 1; }
	grep -q "cannot run $d/no-such-command" "$d/of.err" || {
		cat "$d/of.err"
		return 1
	}
}

test_bad_pid()
{
	local d rc

	d=$(new_dir badpid) || return 1
	timeout "$LIMIT" "$OF" -p 2147483 >"$d/of.out" 2>"$d/of.err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "no process with pid 2147483" "$d/of.err" &&
		return 0
	echo "exit code $rc:"
	cat "$d/of.err"
	return 1
}

# A zombie has exited: there is nothing left to follow.
test_exited_pid()
{
	local d parent zombie rc

	d=$(new_dir exited) || return 1
	"$W/of_zombie" "$d/zombie" &
	parent=$!
	wait_for "$d/zombie"
	zombie=$(cat "$d/zombie")
	timeout "$LIMIT" "$OF" -p "$zombie" >"$d/of.out" 2>"$d/of.err"
	rc=$?
	kill "$parent"
	wait "$parent" 2>/dev/null
	[ "$rc" -eq 1 ] &&
		grep -q "process $zombie exited before tracing could start" \
			"$d/of.err" && return 0
	echo "exit code $rc:"
	cat "$d/of.err"
	return 1
}

# A newline, a backslash, a byte that is not UTF-8, and valid UTF-8.
test_escaping()
{
	local d

	d=$(new_dir escape) || return 1
	of_run "$d" touch "$d/a"$'\n'"b" "$d/c\\d" "$d/"$'\xff' "$d/é" ||
		return 1
	expect_count "$d" 1 "$d/a\\nb" && expect_count "$d" 1 "$d/c\\\\d" &&
		expect_count "$d" 1 "$d/\\xff" && expect_count "$d" 1 "$d/é" ||
		return 1
	timeout "$LIMIT" "$OF" -j -- touch "$d/"$'\xff' >"$d/of.out" \
		2>"$d/of.err" || return 1
	grep -qF "\"path\":\"$d/\\u00ff\"" "$d/of.out" || {
		grep -F "$d" "$d/of.out"
		return 1
	}
}

test_json()
{
	local d

	command -v python3 >/dev/null || return "$KSFT_SKIP"
	d=$(new_dir json) || return 1
	timeout "$LIMIT" "$OF" -j -x -- "$W/of_syscalls" "$d" >"$d/of.out" \
		2>"$d/of.err" || return 1
	python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
fd0 = [r for r in recs if r["path"].endswith("/fd0")]
assert len(fd0) == 1 and fd0[0]["fd"] == 0, fd0
assert {r["syscall"] for r in recs} >= {"open", "openat", "openat2", "creat"}
' "$d/of.out"
}

# --cmd-exit stops with CMD, without waiting for what it left behind.
test_cmd_exit()
{
	local d start end rc

	d=$(new_dir cmdexit) || return 1
	start=$(date +%s)
	timeout "$LIMIT" "$OF" --cmd-exit -- \
		sh -c '(sleep 6; cat "$1") >/dev/null 2>&1 & echo $! >"$2"; exit 3' \
		_ "$d/late" "$d/late.pid" >"$d/of.out" 2>"$d/of.err"
	rc=$?
	end=$(date +%s)
	kill "$(cat "$d/late.pid")" 2>/dev/null	# it is not ours to wait for
	[ "$rc" -eq 3 ] || { echo "exit code $rc"; return 1; }
	[ $((end - start)) -lt 5 ] || { echo "took $((end - start)) s"; return 1; }
	expect_count "$d" 0 "$d/late"
}

test_tree()
{
	local d n

	d=$(new_dir tree) || return 1
	timeout "$LIMIT" "$OF" --tree -- "$W/of_chain" "$d" 3 >"$d/of.out" \
		2>"$d/of.err" || return 1
	# Three of_chain lines, each indented two more spaces; the first
	# also counts ld.so.cache and libc, the others just their own file.
	n=$(grep -cE '^(|  |    )[0-9]+ of_chain [0-9]+$' "$d/of.err")
	[ "$n" -eq 3 ] && grep -qE '^    [0-9]+ of_chain 1$' "$d/of.err" &&
		return 0
	cat "$d/of.err"
	return 1
}

# -o FILE: the records go to FILE, CMD keeps stdout and never sees FILE.
test_output_file()
{
	local d

	d=$(new_dir output) || return 1
	echo hello >"$d/in"
	timeout "$LIMIT" "$OF" -o "$d/records" -- \
		sh -c 'cat "$1"; ls -l /proc/$$/fd/' _ "$d/in" >"$d/stdout" \
		2>"$d/of.err" || { cat "$d/of.err"; return 1; }
	grep -qx hello "$d/stdout" ||
		{ echo "CMD's output is not on stdout"; return 1; }
	! grep -q "$d/records" "$d/stdout" ||
		{ echo "CMD inherited the records file"; return 1; }
	grep -qx "$d/in" "$d/records" ||
		{ echo "the records file lacks $d/in"; return 1; }
	! grep -q "^/" "$d/stdout" || { echo "records on stdout"; return 1; }
	# A name that cannot be opened is refused before CMD runs.
	"$OF" -o "$d/no/such/dir" -- touch "$d/ran" 2>"$d/of.err" && return 1
	[ ! -e "$d/ran" ] &&
		grep -qx "openfiles: cannot open $d/no/such/dir for the records: No such file or directory." \
			"$d/of.err"
}

# --comm, --path (prefix and glob) and --uid choose what is printed;
# the summary counts the rest.
test_filters()
{
	local d s

	d=$(new_dir filters) || return 1
	mkdir -p "$d/etc/sub" "$d/etcetera"
	touch "$d/etc/a.conf" "$d/etc/sub/b.conf" "$d/etcetera/c.conf" \
		"$d/x.txt"
	chmod -R a+rX "$d" && chmod a+x "$tmp"	# for uid 65534
	s="cat $d/etc/a.conf $d/etc/sub/b.conf $d/etcetera/c.conf;"
	s+="head -c0 $d/x.txt;"
	s+="setpriv --reuid=65534 --regid=65534 --clear-groups cat $d/x.txt"
	"$OF" --path "$d/etc" -- sh -c "$s" >"$d/prefix" 2>/dev/null &&
	"$OF" --path "$d/*.conf" --comm cat -- sh -c "$s" >"$d/glob" \
		2>"$d/of.err" &&
	"$OF" --uid nobody --path "$d" -- sh -c "$s" >"$d/uid" 2>/dev/null &&
	"$OF" --comm head --comm nobody-here --path "$d" -- sh -c "$s" \
		>"$d/comm" 2>/dev/null || return 1
	printf '%s\n' "$d/etc/a.conf" "$d/etc/sub/b.conf" |
		diff -u - "$d/prefix" || return 1
	printf '%s\n' "$d/etc/a.conf" "$d/etc/sub/b.conf" \
		"$d/etcetera/c.conf" | diff -u - "$d/glob" || return 1
	echo "$d/x.txt" | diff -u - "$d/uid" || return 1
	echo "$d/x.txt" | diff -u - "$d/comm" || return 1
	grep -qE '^openfiles: [0-9]+ more opens did not match the filters\.$' \
		"$d/of.err"
}

# -t prints the time of day; JSON's timestamp is UTC wall-clock time.
test_wall_time()
{
	local d t0 t1

	command -v python3 >/dev/null || return "$KSFT_SKIP"
	d=$(new_dir wall) || return 1
	t0=$(date +%s.%N)
	"$OF" -l -t -- cat /dev/null >"$d/long" 2>"$d/of.err" &&
	"$OF" -j -- cat /dev/null >"$d/json" 2>/dev/null &&
	"$OF" -t -- cat /dev/null >"$d/path" 2>/dev/null || return 1
	t1=$(date +%s.%N)
	grep -qE '^TIME +PID +TID COMM' "$d/of.err" &&
	grep -qE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6} +[0-9]+ +[0-9]+ cat .* /dev/null$' \
		"$d/long" &&
	grep -qE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6} /dev/null$' \
		"$d/path" || { cat "$d/long" "$d/path"; return 1; }
	python3 -c '
import datetime, json, sys
t0, t1 = float(sys.argv[2]), float(sys.argv[3])
for line in open(sys.argv[1]):
    r = json.loads(line)
    ts = datetime.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ")
    t = ts.replace(tzinfo=datetime.timezone.utc).timestamp()
    assert t0 - 0.01 <= t <= t1 + 0.01, (t0, t, t1)
    assert r["uid"] == 0, r
' "$d/json" "$t0" "$t1"
}

# Opens made inside io_uring (IORING_OP_OPENAT, IORING_OP_OPENAT2) pass
# through no open system call: strace and the syscall tracepoints miss
# them. openfiles reports each with its result, whichever thread runs it:
# the submitter, an io-wq worker (IOSQE_ASYNC) or the SQPOLL thread.
test_io_uring()
{
	local d mode

	command -v python3 >/dev/null || return "$KSFT_SKIP"
	d=$(new_dir uring) || return 1
	touch "$d"/uring-{a,b,async,rel,fixed}
	for mode in "" sqpoll; do
		timeout "$LIMIT" "$OF" -x -j -o "$d/of.json$mode" -- \
			"$W/of_uring" "$d" $mode >"$d/wl$mode" \
			2>"$d/of.err" || { cat "$d/of.err"; return 1; }
		python3 - "$d" "$d/of.json$mode" "$d/wl$mode" <<-'EOF' || return 1
		import json, sys
		d, recs = sys.argv[1], [json.loads(l) for l in open(sys.argv[2])]
		res = dict(map(int, l.split()) for l in open(sys.argv[3]))
		got = {r["path"]: r for r in recs if r["syscall"].startswith("io_uring")}
		want = {f"{d}/uring-a": ("io_uring_openat", 1),
			f"{d}/uring-b": ("io_uring_openat2", 2),
			f"{d}/uring-missing": ("io_uring_openat", 3),
			f"{d}/uring-async": ("io_uring_openat", 4),
			"uring-rel": ("io_uring_openat", 5),
			f"{d}/uring-fixed": ("io_uring_openat", 6)}
		assert set(got) == set(want), sorted(got)
		# The fixed-file open completes with 0; openfiles says which slot.
		assert res[6] == 0, res
		res[6] = 2
		for path, (sc, ud) in want.items():
		    r = got[path]
		    assert r["syscall"] == sc and r["ret"] == res[ud], (r, res[ud])
		    assert "O_LARGEFILE" in r["flags"], r
		assert got[f"{d}/uring-missing"]["errno"] == "ENOENT"
		assert got[f"{d}/uring-fixed"]["fixed_file_slot"] == 2
		assert "fd" not in got[f"{d}/uring-fixed"]
		EOF
	done
	# -F resolves them too: by the new fd, or for the fixed-file slot
	# (no fd) by the directory and the name.
	(cd "$d" && timeout "$LIMIT" "$OF" -F -o "$d/of.out" -- \
		"$W/of_uring" . >/dev/null 2>"$d/of.err") || return 1
	for f in uring-a uring-b uring-async uring-rel ./uring-fixed; do
		expect_count "$d" 1 "$d/$f" || return 1
	done
	# --no-io-uring leaves them out, and only them.
	timeout "$LIMIT" "$OF" --no-io-uring -- "$W/of_uring" "$d" \
		>"$d/off" 2>"$d/of.err" || return 1
	grep -qx "$d" "$d/off" && ! grep -q uring- "$d/off"
}

# -F: the full path of what each open opened, whatever the process
# passed: relative to its working directory or to a dirfd, through a
# symlink, across a mount; for a failed relative open, its directory's
# full path and the name.
test_full_path()
{
	local d

	command -v python3 >/dev/null || return "$KSFT_SKIP"
	d=$(new_dir full) || return 1
	mkdir -p "$d/sub" "$d/mnt" "$d/real"
	echo x >"$d/sub/rel"
	echo x >"$d/sub/byfd"
	echo x >"$d/real/target"
	ln -s ../real/target "$d/sub/link"
	mount -t tmpfs bb-openfiles "$d/mnt" || return 1
	cleanup_push umount "$d/mnt"
	echo x >"$d/mnt/onmount"
	timeout "$LIMIT" "$OF" -F -x -o "$d/of.out" -- python3 -c '
import os, sys
os.chdir(sys.argv[1] + "/sub")
for name in ("rel", "link", "../mnt/onmount", "missing"):
    try:
        os.close(os.open(name, os.O_RDONLY))
    except OSError:
        pass
fd = os.open(sys.argv[1] + "/sub", os.O_RDONLY | os.O_DIRECTORY)
os.chdir("/")
os.close(os.open("byfd", os.O_RDONLY, dir_fd=fd))
try:
    os.open("missing-at", os.O_RDONLY, dir_fd=fd)
except OSError:
    pass
' "$d" 2>"$d/of.err" || { cat "$d/of.err"; return 1; }
	umount "$d/mnt"
	expect_count "$d" 1 "$d/sub/rel" &&
		expect_count "$d" 1 "$d/real/target" &&
		expect_count "$d" 1 "$d/mnt/onmount" &&
		expect_count "$d" 1 "$d/sub/byfd" &&
		expect_count "$d" 1 "$d/sub/missing	ENOENT" &&
		expect_count "$d" 1 "$d/sub/missing-at	ENOENT" || return 1
	# None is printed as passed.
	! grep -qE '^(rel|link|byfd|missing)' "$d/of.out"
}

# Linux 6.1's sched_process_exit has no group_dead: openfiles reads the
# format file, loads of_exit_live instead of of_exit, and still waits
# for every process, including threads that outlive the main thread and
# a daemon that outlives CMD.
FORMATS=$(dirname "$0")/formats

test_linux61_exit()
{
	local d t p

	d=$(new_dir linux61) || return 1
	t=$(new_dir linux61-threads) || return 1
	p=$(new_dir linux61-prog) || return 1
	export OPENFILES_EXIT_FORMAT=$FORMATS/linux-6.1/sched_process_exit
	compare "$t" "$W/of_threads" "$t" 4 10 &&
		compare "$d" "$W/of_daemon" "$d" &&
		expect_count "$d" 1 "$d/daemon-2" &&
		of_run "$p" bpftool -j prog show name of_exit_live
	unset OPENFILES_EXIT_FORMAT
	grep -q '"name":"of_exit_live"' "$p/of.out" && return 0
	echo "of_exit_live was not the exit program:"
	cat "$p/of.out" "$p/of.err"
	return 1
}

# A field that moved is refused by name, before anything is loaded.
test_moved_field()
{
	local d

	d=$(new_dir moved) || return 1
	sed 's/^\tfield:int prio;.*/&\n\tfield:bool group_dead;\toffset:40;\tsize:1;\tsigned:0;/' \
		"$FORMATS/linux-6.1/sched_process_exit" >"$d/format"
	OPENFILES_EXIT_FORMAT=$d/format of_run "$d" true && return 1
	grep -qx "openfiles: tracepoint sched/sched_process_exit has field group_dead at offset 40, size 1; openfiles.bpf.c reads offset 32, size 1." \
		"$d/of.err" && return 0
	cat "$d/of.err"
	return 1
}

ktap_header
ktap_plan 30
run_test "openfiles: open, openat, openat2, creat and fd 0 match strace" test_syscalls
run_test "openfiles: shell pipelines and background jobs match strace" test_shell
run_test "openfiles: threads after the main thread exited match strace" test_threads
run_test "openfiles: fork, vfork, posix_spawn, clone, clone3 match strace" test_spawn
run_test "openfiles: a double-forked daemon is waited for and matches strace" test_daemon
run_test "openfiles: a chain of 50 processes matches strace" test_chain
run_test "openfiles: a 4000-byte path matches strace" test_long_path
run_test "openfiles: a 4095-byte path is printed whole" test_longest_path
run_test "openfiles: a path over 4095 bytes is marked as cut" test_cut_path
run_test "openfiles: 200000 opens, none lost" test_many_opens
run_test "openfiles: opens outside the tree are not reported" test_outside
run_test "openfiles: -p follows existing and new children" test_follow_pid
run_test "openfiles: opens are shown as they happen" test_live_output
run_test "openfiles: -l header stands over its columns" \
	test_long_header_aligned
run_test "openfiles: a reader that goes away: CMD runs on, status 141" \
	test_reader_gone
run_test "openfiles: -p \$\$ does not report openfiles itself" \
	test_excludes_itself
run_test "openfiles: exit status of CMD, 127 when not found" test_exit_status
run_test "openfiles: an unknown pid is an error" test_bad_pid
run_test "openfiles: a pid that has already exited is an error" test_exited_pid
run_test "openfiles: newlines and non-UTF-8 bytes are escaped" test_escaping
run_test "openfiles: JSON output parses" test_json
run_test "openfiles: --cmd-exit stops when CMD exits" test_cmd_exit
run_test "openfiles: --tree shows the process tree" test_tree
run_test "openfiles: -o FILE keeps the records apart from CMD's output" \
	test_output_file
run_test "openfiles: --comm, --path and --uid choose what is printed" \
	test_filters
run_test "openfiles: -t and JSON timestamps are wall-clock time" \
	test_wall_time
run_test "openfiles: io_uring opens, inline, io-wq, SQPOLL and fixed files" \
	test_io_uring
run_test "openfiles: -F prints full paths: cwd, dirfd, symlink, mount" \
	test_full_path
run_test "openfiles: on Linux 6.1's sched_process_exit (no group_dead)" \
	test_linux61_exit
run_test "openfiles: a tracepoint field that moved is refused by name" \
	test_moved_field
ktap_finish
