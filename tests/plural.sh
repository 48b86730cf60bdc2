#!/bin/sh
# plural.sh - a count of one takes the singular ("1 thread", "1 CPU", "1 cell
# x 1 rep"), wherever rssbench prints a count: run's table and estimate, the
# serialized table and its timing note, topo's placement, compare, gate and
# db import, report.md.  Each output is also checked for the singular it should have,
# so the test cannot pass on output that lost the count.
. "${top_srcdir:-.}/tests/lib.sh"
scratch plural
echo "1..8"
# "1 cells.csv row" is a file's name, not a plural.
plural='(^|[^0-9.])1 (threads|CPUs|cells|reps|repetitions|tasks|runs|rows|PUs|mms|nodes|pages|events|schemes|scenarios)([^a-z.]|[.]([^a-z]|$)|$)'

# check_one "what" FILE SINGULAR: FILE has SINGULAR and no "1 <plural>".
check_one() {
	if grep -Eq "$plural" "$2"; then
		not_ok "$1: $(grep -Eo "$plural" "$2" | head -1)"
	elif ! grep -q "$3" "$2"; then
		not_ok "$1: no '$3' in: $(head -c 300 "$2")"
	else
		ok "$1 ('$3', no '1 ...s')"
	fi
}
"$RSSBENCH" run -s atomic -w update -t 1 -r 1 -d 0.01 -o "$tmp/one" >"$tmp/one.out" 2>"$tmp/one.err"
check_one "run's estimate, 1 cell x 1 rep" "$tmp/one.err" "1 cell x 1 rep of"
# Two repetitions for the gate (its fewest).
"$RSSBENCH" run -s atomic -w update -t 1 -r 2 -d 0.01 -o "$tmp/a" >"$tmp/a.out" 2>"$tmp/a.err"
check_one "run's table, 1 thread" "$tmp/a.err" " 1 thread"
"$RSSBENCH" run -T "package:1 core:1 pu:1" --serialize -s atomic -w update -t 1 -r 1 -e 20 \
	-o "$tmp/s" >"$tmp/s.out" 2>"$tmp/s.err"
check_one "the serialized table and its note, 1 CPU" "$tmp/s.err" "the 1 CPU ran in turn"
"$RSSBENCH" topo -t 1 >"$tmp/topo" 2>&1
check_one "topo -t 1" "$tmp/topo" " 1 thread: cpus"
a=$(sed -n 's/^results: //p' "$tmp/a.out")
"$RSSBENCH" run -s atomic -w update -t 1 -r 2 -d 0.01 -q -o "$tmp/b" >"$tmp/b.out" 2>&1
b=$(sed -n 's/^results: //p' "$tmp/b.out")
"$RSSBENCH" compare --changed-only "$a" "$b" >"$tmp/cmp" 2>&1
check_one "compare of 1 cell" "$tmp/cmp" "of 1 cell shown"
"$RSSBENCH" gate --min-reps 2 --baseline "$a" "$b" >"$tmp/gate" 2>&1
check_one "gate of 1 cell" "$tmp/gate" "of 1 cell regressed"
one=$(sed -n 's/^results: //p' "$tmp/one.out")
"$RSSBENCH" db --db "$tmp/s.db" import "$one" >"$tmp/db" 2>&1
check_one "db import of a 1-row run" "$tmp/db" ": 1 cells.csv row$"
# Two schemes, percpu the cost plots' reference, one repetition.
"$RSSBENCH" run -s atomic,percpu -w update -t 1 -r 1 -d 0.01 -q -o "$tmp/two" >"$tmp/two.out" 2>&1
two=$(sed -n 's/^results: //p' "$tmp/two.out")
GNUPLOT=no "$RSSBENCH" plot -q "$two" >/dev/null 2>&1
cat "$two/report.md" "$two"/plots/*.gp >"$tmp/drawn" 2>/dev/null
check_one "report.md and the plots' scripts of a 1-thread run of 1 repetition" "$tmp/drawn" "cycles/op, 1 thread"
