#!/bin/sh
# events_cli.sh - `rssbench events` agrees with itself: no event is listed
# both as counted and as not counted, each default event is listed once and
# marked, and an event it lists as counted is one a run counts (its column
# is not NA).  The same holds with or without a PMU.
: "${top_srcdir:=.}"
. "${top_srcdir:-.}/tests/lib.sh"
scratch events
echo "1..5"

"$RSSBENCH" events >"$tmp/out" 2>"$tmp/err"
check_run "rssbench events exits 0" test $? -eq 0
# The counted section's columns: every source starts where the others do,
# after the longest name (a name never runs into its source).
cols=$(sed -n '2,/^not counted here/p' "$tmp/out" | sed '$d' |
	awk '{ r = substr($0, 5); match(r, /^[^ ]+ +/); print RLENGTH }' | sort -u | tr '\n' ' ')
check_run "the counted events' source column starts at one place, past every name (${cols:-none})" \
	sh -c 'set -- $1; [ $# -le 1 ]' sh "$cols"
# The counted section: one event a line; the other: names after the reason lines.
sed -n '2,/^not counted here/p' "$tmp/out" | sed '$d' |
	awk '{ n = $1 == "*" ? $2 : $1; print n }' | sort >"$tmp/counted"
sed -n '/^not counted here/,$p' "$tmp/out" | sed '1d' | grep -v '^  unavailable (' |
	tr ' ' '\n' | sed 's/^\*//' | grep . | sort >"$tmp/uncounted"
both=$(comm -12 "$tmp/counted" "$tmp/uncounted" | head -3 | tr '\n' ' ')
check_run "no event is both counted and not counted here${both:+ ($both)}" test -z "$both"
dups=$(sort "$tmp/counted" "$tmp/uncounted" | uniq -d | head -3 | tr '\n' ' ')
marked=$(( $(grep -c '^  \* ' "$tmp/out") +
	    $(sed -n '/^not counted here/,$p' "$tmp/out" | grep -o '\*[A-Za-z]' | wc -l) ))
check_run "each event listed once (${dups:-no repeats}), the 4 default events marked ($marked)" \
	test -z "$dups" -a "$marked" -eq 4
# A counted event (the first software one, or the first listed) measured by a run.
ev=$(grep -xm1 'perf::PAGE-FAULTS' "$tmp/counted" || head -1 "$tmp/counted")
if [ -n "$ev" ]; then
	"$RSSBENCH" run -s percpu -w update -t 1 -e 200 -r 1 --events "$ev" -q -o "$tmp/res" \
		>"$tmp/run" 2>"$tmp/err"
	dir=$(sed -n 's/^results: //p' "$tmp/run")
	v=$(col "$dir/cells.csv" "ev:$ev" 2>/dev/null | head -1)
	check_run "$ev, listed as counted, is counted by a run (ev:$ev = ${v:-missing})" \
		sh -c '[ -n "$1" ] && [ "$1" != NA ]' sh "$v"
else
	skip "nothing is counted here"
fi
