#!/bin/sh
# run_limits.sh - resource limits end a run cleanly: a failed operation is
# never timed (every mmap over the address-space limit, every fork over the
# process limit: no rate, FAILED, exit 1 with the cell named), and a limit
# that keeps a cell from starting at all is one line naming the limit and
# what to do, exit 1, no abort, nothing hidden left.
. "${top_srcdir:-.}/tests/lib.sh"
scratch limits

echo "1..7"
report_failure() { sed 's/^/# /' "$tmp/err"; }
# hidden DIR: what a run left in DIR that is not a finished directory (a
# hidden name, or a -partial one: a run that finished no row leaves none).
hidden() { find "$1" -mindepth 1 -maxdepth 1 \( -name '.*' -o -name '*-partial' \) 2>/dev/null | wc -l; }
R="run --events none -r 1 -d 0.05 -t 1 -s atomic"

# The sanitizers' shadow memory does not fit under an address-space limit.
if [ "${RSS_SANITIZERS:-no}" != no ]; then
	for i in 1 2 3 4 5 6 7; do skip "address-space limits under the ${RSS_SANITIZERS} sanitizer"; done
	exit 0
fi

(ulimit -v 500000; "$RSSBENCH" $R -w mmap --mmap-pages 1000000 -o "$tmp/mmap") >"$tmp/out" 2>"$tmp/err"
rc=$?
d=$(sed -n 's/^results: //p' "$tmp/out")
good=0
[ $rc -eq 1 ] && [ -d "$d" ] && [ "$(col "$d/cells.csv" cycles_per_op)" = NA ] &&
	[ "$(col "$d/cells.csv" ops)" = 0 ] && [ "$(col "$d/cells.csv" verify)" = FAILED ] &&
	grep -q '^rssbench: mmap/atomic threads=1 migration=none: FAILED (.* failed operations' "$tmp/err" && good=1
report $good "every mmap over ulimit -v fails: no operation timed, cycles_per_op NA, FAILED, exit 1 naming the cell (exit $rc)"

# Low enough that a cell cannot start, high enough that the loader can map
# the libraries (libxml2's ICU data alone is 30 MB).
for v in 50000 60000; do
	(ulimit -v $v; "$RSSBENCH" $R -w fault -o "$tmp/v$v") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ulimit -v $v" "$tmp/err" &&
		[ "$(hidden "$tmp/v$v")" -eq 0 ] && good=1
	# A limit this run fits under is no error at all.
	[ $rc -eq 0 ] && [ "$(hidden "$tmp/v$v")" -eq 0 ] && good=1
	report $good "ulimit -v $v: exit 0, or 1 with one line naming the limit; no abort, nothing hidden (exit $rc)"
done

# RLIMIT_NPROC does not bind root: run as nobody.
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null || ! command -v prlimit >/dev/null ||
   ! setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	for i in 4 5 6 7; do skip "needs root, setpriv and prlimit to run under another user's process limit"; done
	exit 0
fi
chmod 777 "$tmp"
asnobody() {	# asnobody NPROC CMD...: CMD as nobody under ulimit -u NPROC
	lim=$1
	shift
	setpriv --reuid=65534 --regid=65534 --clear-groups prlimit --nproc="$lim:$lim" -- "$@"
}

asnobody 3 "$RSSBENCH" $R -w fork --real-fork -t 2 -o "$tmp/u3" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ulimit -u 3" "$tmp/err" &&
	[ "$(hidden "$tmp/u3")" -eq 0 ] && good=1
report $good "ulimit -u 3, 2 threads: exit 1, one line naming the limit, nothing hidden (exit $rc)"

# Main thread, worker and watchdog: the fork is the fourth.
asnobody 3 "$RSSBENCH" $R -w fork --real-fork -o "$tmp/u4" >"$tmp/out" 2>"$tmp/err"
rc=$?
d=$(sed -n 's/^results: //p' "$tmp/out")
good=0
[ $rc -eq 1 ] && [ -d "$d" ] && [ "$(col "$d/cells.csv" verify)" = FAILED ] &&
	[ "$(col "$d/cells.csv" cycles_per_op)" = NA ] && grep -q 'fork/atomic threads=1.*FAILED' "$tmp/err" && good=1
# The fork server (one process per task) may take the last slot first: then
# the watchdog cannot start, and that is named.
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "ulimit -u 3" "$tmp/err" && good=1
report $good "every real fork over ulimit -u fails: not timed, FAILED, exit 1 (exit $rc)"

good=0
[ "$(hidden "$tmp/u4")" -eq 0 ] && [ "$(hidden "$tmp/mmap")" -eq 0 ] && good=1
report $good "no hidden directory left by any of them"

# No process left for the fork server itself: a resource limit, not bad input.
asnobody 1 "$RSSBENCH" $R -w fork --real-fork -o "$tmp/u1" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "fork server\|forkd" "$tmp/err" &&
	grep -q "ulimit -u 1" "$tmp/err" && [ ! -e "$tmp/u1" ] && good=1
report $good "ulimit -u 1: the fork server cannot start: exit 1, one line naming the limit, nothing written (exit $rc)"
