#!/bin/sh
# run_stop.sh - a run stopped keeps its finished work: SIGTERM or SIGINT to
# rssbench, to run-all alone (a CI timeout) or to the whole group stops the
# running cell; every finished row is on disk, whole; the directory is
# kept as <host>-<stamp>-partial with meta.json "complete": false and
# "last_cell"; one line says where; exit 143 / 130; no orphan.  A full disk is
# named, with its file, at the cell where it happens; an --output path too
# long for the system is refused before any cell runs; -o a/b/c makes its
# parents, and results directories get the umask's mode, not 0700.
. "${top_srcdir:-.}/tests/lib.sh"
: "${RUN_ALL:=./run-all}"
scratch stop 'umount "$tmp/full" 2>/dev/null'
export RSSBENCH

echo "1..9"
report_failure() { sed 's/^/# /' "$tmp/err"; }
# Many short cells: the run is still going when the signal comes.
A="--events none -s atomic -w fault -t 1 -r 100 -d 0.05 -q"
R="run $A"


# check_partial DIR RC WANT_RC: the stopped run's directory is whole and marked.
check_partial() {
	d=$(find "$1" -maxdepth 1 -name '*-partial' | head -1)
	[ "$2" -eq "$3" ] && [ -n "$d" ] && [ -z "$(find "$1" -mindepth 1 -maxdepth 1 -name '.*')" ] &&
		grep -q '"complete": false' "$d/meta.json" && grep -q '"last_cell": "fault,atomic,[0-9]*,' "$d/meta.json" &&
		[ "$(awk -F, 'FNR == 1 { n = NF } NF != n' "$d/cells.csv" "$d/workers.csv" | wc -l)" -eq 0 ] &&
		[ "$(tail -c 1 "$d/cells.csv" | od -An -c | tr -d ' ')" = '\n' ] &&
		[ "$(wc -l <"$d/cells.csv")" -ge 3 ] && [ -s "$d/summary.csv" ]
}

# stopped SIGNAL DIR: rssbench run into DIR, sent SIGNAL after its second row; rc its exit.
stopped() {
	"$RSSBENCH" $R -o "$2" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	wait_rows "$2" 2
	kill -"$1" $pid
	wait $pid
	rc=$?
}

stopped TERM "$tmp/term"
good=0
check_partial "$tmp/term" $rc 143 && grep -q "interrupted by .* at cell fault,atomic,1,compact,none rep .*; the .* finished rows are in .*-partial" "$tmp/err" &&
	[ "$(grep -c 'interrupted by' "$tmp/err")" -eq 1 ] && good=1
report $good "SIGTERM: exit 143, every finished row whole in <name>-partial, meta.json complete false + last_cell, one line says where (exit $rc)"

stopped INT "$tmp/int"
good=0
check_partial "$tmp/int" $rc 130 && good=1
report $good "SIGINT: exit 130, the same (exit $rc)"

# run-all alone gets SIGTERM, as from a CI timeout: it passes it on.
"$RUN_ALL" --output "$tmp/ra" $A >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_rows "$tmp/ra" 2
child=$(ps -o pid= --ppid $pid | tr -d ' ' | head -1)
kill -TERM $pid
wait $pid
rc=$?
sleep 0.2
good=0
check_partial "$tmp/ra" $rc 143 && [ -n "$child" ] && ! kill -0 "$child" 2>/dev/null && good=1
report $good "SIGTERM to run-all alone: passed on, exit 143, partial results, no orphan rssbench (exit $rc, child $child)"

# The terminal's Ctrl-C: SIGINT to the whole process group.
if command -v setsid >/dev/null; then
	# The new session's id is the shell's pid, written before it becomes run-all.
	setsid sh -c 'echo $$ >"$0"; exec "$@"' "$tmp/pgid" "$RUN_ALL" --output "$tmp/grp" $A \
		>"$tmp/out" 2>"$tmp/err" &
	pid=$!
	wait_rows "$tmp/grp" 2
	# kill(1), not dash's builtin, takes a negative pid: the group.
	env kill -s INT -- -"$(cat "$tmp/pgid")"
	wait $pid
	rc=$?
	good=0
	check_partial "$tmp/grp" $rc 130 && good=1
	report $good "SIGINT to run-all's process group: exit 130, partial results (exit $rc)"
else
	skip "no setsid"
fi

# A full disk: a tmpfs of 16 KiB (root only).
mkdir -p "$tmp/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16k tmpfs "$tmp/full" 2>/dev/null; then
	"$RSSBENCH" run --events none -s atomic -w fault -t 1 -r 100 -d 0.01 -q -o "$tmp/full" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ $rc -eq 1 ] && [ "$(grep -c 'No space left on device' "$tmp/err")" -eq 1 ] &&
		grep -q 'cannot write .*/[a-z]*\.\(csv\|json\|xml\)' "$tmp/err" && good=1
	report $good "full disk: exit 1, one line naming the file and No space left on device (exit $rc)"
	umount "$tmp/full"
else
	skip "needs root to mount a small tmpfs"
fi

# Paths longer than the system takes: refused before any cell runs.
long=$(printf '%0300d' 0)
"$RSSBENCH" $R -r 1 -o "$tmp/$long" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'too long for this system' "$tmp/err" &&
	[ ! -e "$tmp/$long" ] && good=1
report $good "a 300-byte name in --output: exit 2, one line, nothing made (exit $rc)"

deep=$tmp
for i in $(seq 1 25); do deep="$deep/$(printf '%0200d' $i)"; done
"$RSSBENCH" $R -r 1 -o "$deep" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'too long for this system' "$tmp/err" && good=1
report $good "a 5 KiB --output path: exit 2, one line (exit $rc)"

(umask 022; "$RSSBENCH" run --events none -s atomic -w fault -t 1 -r 1 -e 200 -q -o "$tmp/a/b/c") >"$tmp/out" 2>"$tmp/err"
rc=$?
d=$(sed -n 's/^results: //p' "$tmp/out")
good=0
[ $rc -eq 0 ] && [ -d "$d" ] && case $d in "$tmp/a/b/c/"*) good=1 ;; esac
report $good "-o a/b/c makes the missing parents (exit $rc)"
good=0
[ -d "$d" ] && [ "$(stat -c %a "$d")" = 755 ] && good=1
report $good "the results directory has the umask's mode (umask 022: $(stat -c %a "$d" 2>/dev/null), not 700)"
