#!/bin/sh
# stop_children.sh - a stop reaches every process and every directory says
# what it holds: a scenario stopped keeps <...>-NAME-partial with meta.json
# "complete": false and no .scenario-* staging left, even when the scenario
# process itself is SIGKILLed (its running child keeps what finished); a
# renamed copy of a scenario directory with a row missing fails gate; a
# signal to run-all while it plots ends the plot and run-all (128+sig); and
# SIGKILL to run-all leaves no rssbench or rssbench-forkd running.
. "${top_srcdir:-.}/tests/lib.sh"
: "${RUN_ALL:=./run-all}"
scratch children
export RSSBENCH

echo "1..7"
report_failure() { sed 's/^/# /' "$tmp/err"; }

# alive PID: the process runs (a zombie has ended).
alive() {
	s=$(ps -o stat= -p "$1" 2>/dev/null) && case $s in Z*) false ;; *) true ;; esac
}
# gone PID...: until none of them runs (60 s at most).
gone() {
	i=0
	while [ $i -lt 600 ]; do
		left=
		for p in "$@"; do alive "$p" && left=1; done
		[ -z "$left" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# until_file PATTERN: until a path matches find's -path PATTERN under $tmp (60 s at most).
until_file() {
	i=0
	while [ $i -lt 600 ]; do
		f=$(find "$tmp" -path "$1" 2>/dev/null | head -1)
		[ -n "$f" ] && [ "$(wc -l <"$f")" -gt 2 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# partial_kept DIR: one -partial directory in DIR, meta.json complete false,
# readable with --allow-partial, nothing hidden left beside it.
partial_kept() {
	d=$(find "$1" -mindepth 1 -maxdepth 1 -name '*-partial')
	[ -n "$d" ] && [ "$(find "$1" -mindepth 1 -maxdepth 1 | wc -l)" -eq 1 ] &&
		grep -q '"complete": false' "$d/meta.json" &&
		"$RSSBENCH" compare --allow-partial "$d" "$d" >/dev/null 2>>"$tmp/err"
}

# A two-run scenario stopped once its second run starts (or just before).
"$RSSBENCH" run --scenario error-vs-cpus --quick -o "$tmp/sc" >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ $i -lt 600 ] && ! grep -q "run 2 of 2" "$tmp/err"; do sleep 0.05; i=$((i + 1)); done
kill -TERM $pid
wait $pid
rc=$?
good=0
[ $rc -eq 143 ] && partial_kept "$tmp/sc" && good=1
report $good "a scenario stopped at its second run: exit 143, <...>-partial says complete false, readable, no staging left (exit $rc)"

# A whole scenario directory, renamed, with its last row gone: not whole.
"$RSSBENCH" run --scenario error-vs-cpus --quick -q --no-plots -o "$tmp/whole" >"$tmp/out" 2>"$tmp/err"
d=$(sed -n 's/^results: //p' "$tmp/out")
cp -r "$d" "$tmp/copy"
sed '$d' "$d/cells.csv" >"$tmp/copy/cells.csv"
"$RSSBENCH" gate --baseline "$d" "$tmp/copy" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 3 ] && grep -q "no row for .*matrix promises" "$tmp/err" && good=1
report $good "gate on a renamed scenario copy missing a row: exit 3, the row named (exit $rc)"

# The scenario process killed outright: its running child keeps the rows.
"$RSSBENCH" run --scenario fault -o "$tmp/sk" >"$tmp/out" 2>"$tmp/err" &
pid=$!
until_file "$tmp/sk/.scenario-*/r0/*-partial/cells.csv"
kids=$(ps -o pid= --ppid $pid)
kill -KILL $pid
wait $pid
good=0
gone $kids && [ -z "$(find "$tmp/sk" -maxdepth 1 -name '.scenario-*')" ] && partial_kept "$tmp/sk" && good=1
report $good "SIGKILL to a scenario: its children end, -fault-partial kept (complete false, readable), no .scenario-* left"

# run-all while it plots: a stand-in rssbench whose plot sleeps (its pid in $tmp/plot).
cat >"$tmp/stub" <<EOF
#!/bin/sh
if [ "\$1" = plot ]; then echo \$\$ >"$tmp/plot"; exec sleep 60; fi
exec "$RSSBENCH" "\$@"
EOF
chmod +x "$tmp/stub"
# plotting SIGNAL WANT: run-all sent SIGNAL once its plot runs.
plotting() {
	rm -f "$tmp/plot"
	RSSBENCH=$tmp/stub $env_sig "$RUN_ALL" --output "$tmp/p$1" --events none -s atomic -w update -t 1 \
		--reps 1 -e 100 -q >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	i=0
	while [ $i -lt 600 ] && [ ! -s "$tmp/plot" ]; do sleep 0.1; i=$((i + 1)); done
	kill -"$1" $pid
	wait $pid
	rc=$?
	good=0
	[ $rc -eq "$2" ] && [ -s "$tmp/plot" ] && gone "$(cat "$tmp/plot")" && good=1
	report $good "SIG$1 to run-all while it plots: the plot ends, exit $2 (got $rc)"
}
# A signal ignored when a shell starts can never be trapped in it: a shell's
# background job has SIGINT ignored, and a test run under nohup SIGHUP.  Every
# signal is reset to its default for run-all where env can (coreutils 8.31).
if env --default-signal true 2>/dev/null; then
	env_sig="env --default-signal"
	plotting TERM 143
	plotting HUP 129
	plotting INT 130
else
	env_sig=
	plotting TERM 143
	skip "env --default-signal (coreutils 8.31) is needed to give run-all a SIGHUP it can trap, under nohup"
	skip "env --default-signal (coreutils 8.31) is needed to give run-all a SIGINT it can trap"
fi

# SIGKILL to run-all mid-matrix: rssbench (SIGTERM: keeps its rows) and forkd go too.
"$RUN_ALL" --output "$tmp/ra" --no-plots --events none -s atomic -w fault -t 1 --reps 100 -d 0.05 -q \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
until_file "$tmp/ra/*-partial/cells.csv"
kids=$(ps -o pid= --ppid $pid)
grandkids=$(for k in $kids; do ps -o pid= --ppid "$k"; done)
kill -KILL $pid
wait $pid
good=0
[ -n "$kids" ] && [ -n "$grandkids" ] && gone $kids $grandkids && partial_kept "$tmp/ra" && good=1
report $good "SIGKILL to run-all: no rssbench ($kids) or rssbench-forkd ($grandkids) left running, rows kept"
