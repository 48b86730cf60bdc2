#!/bin/sh
# formula_facts.sh - the readers hold cells.csv's bytes_per_mm, bound_under
# and bound_over to the schemes' own formulas for topology.xml's machine
# (resdir_formula.c): a real run's rows with a zeroed bound or a wrong
# bytes_per_mm are refused by gate (3) and compare (2), with one line naming
# file:line, the column and both values; what run writes, for every scheme,
# virtual topologies, several tasks per mm and process mode, always loads;
# and a directory of another build is not held to this build's formulas.
: "${top_srcdir:=.}"
. "${top_srcdir:-.}/tests/lib.sh"
scratch formula

report_failure() {
	sed 's/^/# out: /' "$tmp/out" | head -20
	sed 's/^/# err: /' "$tmp/err" | head -20
}

# run NAME ARGS...: a run into $tmp/NAME; its directory in $dir.  Under a
# sanitizer native's cells are unverified (its shadow memory is in the RSS),
# so run exits 1 there: the directory is what the test reads.
run() {
	name=$1
	shift
	"$RSSBENCH" run "$@" -e 100 -r 1 --events none -q -o "$tmp/$name" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 0 ] || { [ $rc -eq 1 ] && [ "${RSS_SANITIZERS:-no}" != no ]; } ||
		{ echo "Bail out! rssbench run $* failed: $(cat "$tmp/err")"; exit 1; }
	dir=$(sed -n 's/^results: //p' "$tmp/out")
}

# edit SRC DST SCHEME COL=VALUE...: DST is a copy of SRC whose SCHEME rows have the values.
edit() {
	src=$1 dst=$2 scheme=$3
	shift 3
	cp -r "$src" "$dst" &&
	awk -F, -v OFS=, -v scheme="$scheme" -v sets="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; n = split(sets, s, " ") }
		NR > 1 && $col["scheme"] == scheme {
			for (k = 1; k <= n; k++) { split(s[k], kv, "="); $col[kv[1]] = kv[2] }
		}
		{ print }' "$src/cells.csv" >"$dst/cells.csv"
}

# refused WHAT RC "words" CMD...: exit RC, exactly one line on stderr with the words.
refused() {
	what=$1 want=$2 words=$3
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ "$rc" -eq "$want" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$words" "$tmp/err" &&
		good=1
	report $good "$what: exit $want, one line (got $rc: $(head -c 300 "$tmp/err"))"
}

# accepted WHAT BASE DIR: compare reads both (exit 0).
accepted() {
	"$RSSBENCH" compare "$2" "$3" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ "$rc" -eq 0 ] && good=1
	report $good "$1: compare accepts it (got $rc: $(head -c 300 "$tmp/err"))"
}

echo "1..10"

run base -s percpu,atomic -w fault -t 1
base=$dir
run cand -s percpu,atomic -w fault -t 1
cand=$dir
accepted "a run of percpu and atomic" "$base" "$cand"

# A build that knows no revision ("unknown": a tarball without .gitrev)
# checks no directory: the refusals below are skipped there, not failed.
if grep -q '"git_revision": *"unknown"' "$cand/meta.json"; then
	for i in 1 2 3 4; do skip "this build has no git revision"; done
	norev=1
else
	norev=0
fi

# The tester's cases: percpu's bound zeroed (settled_err too, so no other
# check sees it), percpu's bytes_per_mm 1, atomic's bound 5 (its formula's is 0).
edit "$cand" "$tmp/zero" percpu bound_under=0 bound_over=0 settled_err=0
[ $norev -eq 1 ] || refused "gate: percpu's bound zeroed" 3 "zero/cells.csv:[0-9]*: bound_under is 0 but percpu's formula gives [1-9]" \
	"$RSSBENCH" gate --baseline "$base" "$tmp/zero"
edit "$cand" "$tmp/bytes" percpu bytes_per_mm=1 pcpu_bytes_per_mm=0
[ $norev -eq 1 ] || refused "gate: percpu's bytes_per_mm 1" 3 "bytes/cells.csv:[0-9]*: bytes_per_mm is 1 but percpu's formula gives [1-9]" \
	"$RSSBENCH" gate --baseline "$base" "$tmp/bytes"
[ $norev -eq 1 ] || refused "compare: percpu's bytes_per_mm 1" 2 "bytes_per_mm is 1 but percpu's formula" \
	"$RSSBENCH" compare "$base" "$tmp/bytes"
edit "$cand" "$tmp/over" atomic bound_over=5
[ $norev -eq 1 ] || refused "compare: atomic's bound_over 5" 2 "bound_over is 5 but atomic's formula gives 0" \
	"$RSSBENCH" compare "$base" "$tmp/over"

# Another build's directory: its formulas may have been others, not checked.
mkdir -p "$tmp/other"
edit "$cand" "$tmp/other/d" percpu bytes_per_mm=1
sed 's/"git_revision": *"[^"]*"/"git_revision": "0000000"/' "$cand/meta.json" >"$tmp/other/d/meta.json"
accepted "another build's bytes_per_mm" "$base" "$tmp/other/d"

# Whatever run writes loads: every scheme (native's and owner-lazy's bounds
# are not recomputed), 5 tasks in mms of 4, process mode, a virtual NUMA topology.
all=$("$RSSBENCH" list | awk '/^schemes:/ { f = 1; next } /^[a-z]/ { f = 0 } f && /^  [a-z]/ { print $1 }' |
	paste -sd, -)
run all1 -s "$all" -w fault -t 1,2 --tasks 5 --tasks-per-mm 4
a=$dir
run all2 -s "$all" -w fault -t 1,2 --tasks 5 --tasks-per-mm 4
accepted "every scheme, 5 tasks, 4 per mm" "$a" "$dir"
run proc1 -s "$all" -w fault,mmap -t 2 --tasks-per-mm 1
a=$dir
run proc2 -s "$all" -w fault,mmap -t 2 --tasks-per-mm 1
accepted "every scheme, process mode" "$a" "$dir"
run virt1 -s "$all" -w fault -t 3 -T "numa:2 core:3 pu:1" -p scatter
a=$dir
run virt2 -s "$all" -w fault -t 3 -T "numa:2 core:3 pu:1" -p scatter
accepted "every scheme, virtual topology numa:2 core:3 pu:1" "$a" "$dir"
run ser1 -s percpu,pernode,cid-counter,hpcc,cpu-stash-cpumask -w fault -t 3 -T "pu:4" --serialize
a=$dir
run ser2 -s percpu,pernode,cid-counter,hpcc,cpu-stash-cpumask -w fault -t 3 -T "pu:4" --serialize
accepted "--serialize on pu:4" "$a" "$dir"
