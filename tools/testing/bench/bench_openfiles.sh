#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# bench_openfiles.sh - what openfiles costs the processes it watches, how
# fast it can go without losing an event, how long it takes to start,
# and the same figures for the workshop's bpftrace script.
#
# Prints on stdout one line per figure, the fields separated by "|":
# "openfiles.METRIC|UNIT|VALUES|BASELINE|BASE_VALUES|TARGET", VALUES one
# figure per repetition and BASE_VALUES those of the baseline measured
# alternately with them (scripts/bench.sh takes the ratios per
# repetition). The targets are that a traced open costs at most 1.3
# times an untraced one, an untracked one (another process is traced)
# at most 1.1 times, nothing is lost at 1M opens and the command runs
# at most 20 ms after openfiles starts. Progress and notes go to stderr.
#
# How each figure is taken
#
#   ns per open: "bench_openfiles loop PATH N" times only its own loop of
#   open(PATH) + close() with CLOCK_MONOTONIC, so process start-up and
#   the tracer's set-up and teardown (openfiles detaches ten links at
#   40-70 ms each when it ends) are not in the figure. Untraced, traced
#   ("openfiles -- LOOP", paths to /dev/null) and untracked (the loop is
#   not followed while "openfiles -p PID" follows an idle sleep) are each
#   run BENCH_REPS times, each run next to an untraced one (for the
#   untracked figure openfiles is started and stopped around each run):
#   this machine is noisy and a baseline from another time, let alone
#   another run, compares nothing.
#
#   lost: one traced loop of 1M opens with the paths written to a file;
#   "lost" is openfiles' own count of records the ring buffer had no room
#   for, and we also count the lines that name PATH: both must come out
#   right (0 and N). The loop's rate is the event rate that was kept up
#   with.
#
#   attach: "bench_openfiles launch" notes the time and starts
#   "openfiles -- bench_openfiles stamp", whose first statement notes the
#   time again. openfiles holds its command until every program is
#   attached and the command is in the map of followed tasks, so the
#   difference is the time from starting openfiles to the traced command
#   running, traced; that the stamp's one open appears in the output
#   proves it was traced. Each run alternates with one of the stamp
#   started by "bench_openfiles launch" without openfiles, the cost of
#   starting a process at all, as its baseline. The wall time of the
#   whole run is reported too: it is what "time openfiles -- true" would
#   show, teardown included.
#
#   bpftrace: the workshop's openfiles.bt (clone tracking on
#   sys_exit_clone, cleanup on sys_enter_exit_group, openat paired by
#   thread id, "ret > 0") follows a shell that then runs the same loop
#   BENCH_REPS times, against the untraced runs of the first figure.
#   The path is longer than bpftrace's default 64-byte
#   strings, so we count both the opens it reported and the lines that
#   hold the whole path, and the events it says it lost.
#
# Environment: BB_BUILD (build directory, default ./build), BENCH_QUICK=1
# (fewer iterations: the whole script in under 20 s). Needs root. If
# bpftrace is missing it is installed with apt-get (Debian package
# "bpftrace"); if that fails its figures are left out, with a note.

set -u

BUILD=${BB_BUILD:-$(cd "$(dirname "$0")/../../.." && pwd)/build}
OF=$BUILD/bin/openfiles
HELPER=$BUILD/bench/bench_openfiles
LIMIT=300		# seconds any single run may take

if [ "${BENCH_QUICK:-0}" = 1 ]; then
	N=60000		# opens per timed loop
	N_LOST=200000	# opens in the run that counts lost events
	N_BT=50000	# opens per loop under bpftrace
else
	N=500000
	N_LOST=1000000
	N_BT=500000
fi
REPS=${BENCH_REPS:-3}

note()
{
	echo "bench_openfiles: $*" >&2
}

die()
{
	note "$*"
	exit 1
}

[ "$(id -u)" = 0 ] || die "needs root"
[ -x "$OF" ] || die "openfiles is not built: $OF (run make)"
[ -x "$HELPER" ] || die "the helper is not built: $HELPER (make $HELPER)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bb-bench.XXXXXX") ||
	die "cannot create a temporary directory"
# Only our background jobs that still run: no pid that may be reused.
cleanup()
{
	local p

	for p in $(jobs -pr); do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# Longer than bpftrace's default string size (64 bytes with the NUL),
# so that what the workshop's script prints can be checked.
mkdir -p "$tmp/a-directory-name-long-enough-to-pass-bpftrace-64-byte-strings" ||
	die "cannot create the target directory"
target=$tmp/a-directory-name-long-enough-to-pass-bpftrace-64-byte-strings/target
: >"$target" || die "cannot create $target"

# ---- helpers ---------------------------------------------------------------

# emit METRIC UNIT VALUES [BASELINE BASE_VALUES [TARGET]]: one row of
# the table; VALUES and BASE_VALUES are lists of figures.
emit()
{
	printf 'openfiles.%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "${4:-}" \
		"${5:-}" "${6:-}"
}

# median VALUES...: the middle value (the lower middle for an even count).
median()
{
	printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"
}

# calc EXPR: awk arithmetic, printed with up to 3 decimals.
calc()
{
	awk "BEGIN { printf \"%.3f\", $1 }" | sed -E 's/\.?0+$//'
}

# ns_of FILE: the ns/op a "loop" wrote; ends the script if there is none.
ns_of()
{
	local ns count

	read -r ns count <"$1" 2>/dev/null
	[ -n "${ns:-}" ] || die "no result in $1"
	echo "$ns"
}

# summary_field FILE WORD: the number before WORD in openfiles' summary.
summary_field()
{
	sed -n -E "s/^openfiles: .*\\b([0-9]+) $2\\b.*/\\1/p" "$1" | tail -n 1
}

# ---- 1. untraced and traced, interleaved -----------------------------------

note "open+close, untraced and under 'openfiles -- LOOP', ${REPS}x $N opens"
untraced=() traced=()
for ((i = 0; i < REPS; i++)); do
	"$HELPER" loop "$target" "$N" "$tmp/base.$i" ||
		die "the untraced loop failed"
	untraced+=("$(ns_of "$tmp/base.$i")") || exit 1
	timeout "$LIMIT" "$OF" -- "$HELPER" loop "$target" "$N" \
		"$tmp/traced.$i" >/dev/null 2>"$tmp/traced.$i.err" ||
		die "openfiles -- LOOP failed: $(cat "$tmp/traced.$i.err")"
	traced+=("$(ns_of "$tmp/traced.$i")") || exit 1
done
note "untraced ${untraced[*]}; traced ${traced[*]} (ns)"
emit untraced_ns_per_open ns "${untraced[*]}"
emit traced_ns_per_open ns "${traced[*]}" untraced "${untraced[*]}" \
	"<= 1.3x untraced"

# ---- 2. untracked: openfiles follows someone else --------------------------

note "open+close of an untracked process while 'openfiles -p' follows a sleep"
# start_follower: openfiles -p following an idle sleep, its programs
# attached; pids in sleep_pid and of_pid.
start_follower()
{
	local i

	sleep 1000 &
	sleep_pid=$!
	"$OF" -p "$sleep_pid" >/dev/null 2>"$tmp/untracked.err" &
	of_pid=$!
	# The line below is printed after every program is attached.
	for ((i = 0; i < 200; i++)); do
		grep -qs '^openfiles: following process' "$tmp/untracked.err" &&
			return 0
		kill -0 "$of_pid" 2>/dev/null ||
			die "openfiles -p failed: $(cat "$tmp/untracked.err")"
		sleep 0.05
	done
	die "openfiles -p did not start in 10 s"
}

stop_follower()
{
	kill -INT "$of_pid"
	wait "$of_pid" 2>/dev/null
	kill "$sleep_pid" 2>/dev/null
	wait "$sleep_pid" 2>/dev/null
}

untracked=() base2=()
for ((i = 0; i < REPS; i++)); do
	start_follower
	"$HELPER" loop "$target" "$N" "$tmp/untracked.$i" ||
		die "the untracked loop failed"
	untracked+=("$(ns_of "$tmp/untracked.$i")") || exit 1
	stop_follower
	"$HELPER" loop "$target" "$N" "$tmp/base2.$i" ||
		die "the untraced loop failed"
	base2+=("$(ns_of "$tmp/base2.$i")") || exit 1
done
note "untracked ${untracked[*]}; untraced ${base2[*]} (ns)"
emit untracked_ns_per_open ns "${untracked[*]}" untraced "${base2[*]}" \
	"<= 1.1x untraced"

# ---- 3. nothing lost --------------------------------------------------------

note "lost events: $N_LOST traced opens, paths to a file"
timeout "$LIMIT" "$OF" -- "$HELPER" loop "$target" "$N_LOST" "$tmp/lost" \
	>"$tmp/lost.out" 2>"$tmp/lost.err" ||
	die "openfiles -- LOOP failed: $(cat "$tmp/lost.err")"
lost=$(summary_field "$tmp/lost.err" lost)
seen=$(grep -cxF -- "$target" "$tmp/lost.out")
ns=$(ns_of "$tmp/lost") || exit 1
rm -f "$tmp/lost.out"
emit lost_run_opens opens "$N_LOST"
emit lost_run_reported opens "$seen" "" "" "target $N_LOST"
emit lost events "${lost:-}" "" "" "target 0"
emit lost_run_rate opens/s "$(awk "BEGIN { printf \"%d\", 1e9 / $ns }")"

# ---- 4. start to attached ---------------------------------------------------

note "start-to-attached latency, ${REPS} runs, each after a bare start"
attach=() wall=() bare=()
for ((i = 0; i < REPS; i++)); do
	stamp=$tmp/bare.$i
	: >"$stamp"
	"$HELPER" launch "$tmp/barewall.$i" "$HELPER" stamp "$stamp" \
		"$tmp/bareattach.$i" >/dev/null 2>&1 ||
		die "bench_openfiles launch stamp failed"
	bare+=("$(calc "$(cat "$tmp/bareattach.$i") / 1e6")")
	stamp=$tmp/stamp.$i
	: >"$stamp"
	timeout "$LIMIT" "$HELPER" launch "$tmp/wall.$i" \
		"$OF" -- "$HELPER" stamp "$stamp" "$tmp/attach.$i" \
		>"$tmp/attach.$i.out" 2>"$tmp/attach.$i.err" ||
		die "openfiles -- stamp failed: $(cat "$tmp/attach.$i.err")"
	grep -qxF -- "$stamp" "$tmp/attach.$i.out" ||
		die "the stamp's open was not traced: the latency means nothing"
	attach+=("$(calc "$(cat "$tmp/attach.$i") / 1e6")")
	wall+=("$(calc "$(cat "$tmp/wall.$i") / 1e6")")
done
note "attached after ${attach[*]} ms; whole runs ${wall[*]} ms; bare starts ${bare[*]} ms"
emit attach_ms ms "${attach[*]}" "bare start" "${bare[*]}" "<= 20 ms"
emit run_wall_ms ms "${wall[*]}" "" "" \
	"openfiles -- CMD start to end, teardown included"

# ---- 5. the workshop's bpftrace script --------------------------------------

have_bpftrace()
{
	command -v bpftrace >/dev/null && return 0
	if ! command -v apt-get >/dev/null; then
		note "bpftrace is not installed and there is no apt-get"
		return 1
	fi
	note "installing bpftrace (apt-get install -y bpftrace)"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y bpftrace \
			>"$tmp/apt.log" 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get update >>"$tmp/apt.log" 2>&1
		DEBIAN_FRONTEND=noninteractive apt-get install -y bpftrace \
			>>"$tmp/apt.log" 2>&1
	fi
	command -v bpftrace >/dev/null && return 0
	note "could not install bpftrace: $(tail -n 1 "$tmp/apt.log")"
	return 1
}

if ! have_bpftrace; then
	note "skipping the bpftrace comparison"
	exit 0
fi

# The workshop's final openfiles.bt with two changes: BEGIN prints
# "ready" so we know the probes are attached (bpftrace runs BEGIN after
# attaching), and the hard-coded "delete(@exectree[20020]); exit()" on
# the first child's exit is gone: the shell we follow runs several
# children, and we stop bpftrace ourselves when the shell is done.
# bpftrace 0.17 (Debian 12) spells the arguments "args->".
cat >"$tmp/openfiles.bt" <<'EOF'
BEGIN {
	@exectree[$1] = 1;
	printf("ready\n");
}
END {
	clear(@exectree);
}
tracepoint:syscalls:sys_exit_clone /@exectree[pid]/ {
	if (args->ret > 0) {
		@exectree[args->ret] = 1;
	}
}
tracepoint:syscalls:sys_enter_exit_group /@exectree[pid]/ {
	delete(@exectree[pid]);
}
tracepoint:syscalls:sys_enter_openat /@exectree[pid]/ {
	@filename[tid] = args->filename;
}
tracepoint:syscalls:sys_exit_openat /@filename[tid]/ {
	if (args->ret > 0) {
		printf("%s\n", str(@filename[tid]));
	}
	delete(@filename[tid]);
}
EOF

note "the workshop's openfiles.bt on a shell running ${REPS}x $N_BT opens"
mkfifo "$tmp/go" || die "cannot create a fifo"
# The shell waits for the go, then forks each loop (bash's fork() is a
# clone(2), which the script follows).
bt_files=()
for ((i = 0; i < REPS; i++)); do bt_files+=("$tmp/bt.$i"); done
H=$HELPER T=$target NB=$N_BT bash -c \
	'read -r _ <"$1"; shift; for r in "$@"; do "$H" loop "$T" "$NB" "$r"; done' \
	bench "$tmp/go" "${bt_files[@]}" &
sh_pid=$!
timeout "$LIMIT" bpftrace "$tmp/openfiles.bt" "$sh_pid" \
	>"$tmp/bt.out" 2>"$tmp/bt.err" &
bt_pid=$!
for ((i = 0; i < 400; i++)); do
	grep -qx ready "$tmp/bt.out" && break
	kill -0 "$bt_pid" 2>/dev/null || break
	sleep 0.05
done
if ! grep -qx ready "$tmp/bt.out"; then
	note "bpftrace did not start: $(head -n 3 "$tmp/bt.err")"
	exit 0
fi
echo go >"$tmp/go"
wait "$sh_pid"
sleep 0.5	# let bpftrace drain its perf buffers
kill -INT "$bt_pid"
wait "$bt_pid" 2>/dev/null

bt=()
for ((i = 0; i < REPS; i++)); do
	bt+=("$(ns_of "$tmp/bt.$i")") || exit 1
done
note "under bpftrace ${bt[*]} (ns)"
# Opens reported: lines that are the path or its start (a cut string).
expected=$((REPS * N_BT))
reported=$(awk -v p="$target" 'length($0) > 0 && index(p, $0) == 1' \
	"$tmp/bt.out" | wc -l)
whole=$(grep -cxF -- "$target" "$tmp/bt.out")
bt_lost=$(sed -n -E 's/.*Lost ([0-9]+) events.*/\1/p' "$tmp/bt.out" \
	"$tmp/bt.err" | awk '{ s += $1 } END { print s + 0 }')
emit bpftrace_ns_per_open ns "${bt[*]}" "untraced (first figure)" \
	"${untraced[*]}"
emit bpftrace_opens opens "$expected"
emit bpftrace_reported opens "$reported"
emit bpftrace_whole_path opens "$whole" "" "" \
	"path is ${#target} bytes; bpftrace strings hold 63"
emit bpftrace_lost events "$bt_lost"
