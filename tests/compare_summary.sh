#!/bin/sh
# compare_summary.sh - what `rssbench compare` leads with and what it shows
# (issue 20 §3): one summary line per scheme with the geometric mean of its
# cells' ratios worked out by hand, the events a side could not count in one
# note, each filter narrowing the output, a bad filter exiting 2 with one
# line, and gate printing the same summary first.  Synthetic directories
# with hand-made numbers: no timing of this machine.
. "${top_srcdir:-.}/tests/lib.sh"
scratch sum

# mkres DIR KIND "FACTORS": 2 schemes x 2 workloads at 1 thread, 5
# repetitions each at 0.98 .. 1.02 of the cell's base; FACTORS multiplies
# the cells in the order atomic/fault atomic/mmap percpu/fault percpu/mmap.
# Three PAPI events no side could count.
mkres() {
	mkdir -p "$1" && "$RSSBENCH" topo -T "pack:1 core:2 pu:1" --export "$1/topology.xml" ||
		return 1
	printf '{"format_version": 1, "host": "synthetic", "cpu_model": "none", "topology": {"kind": "%s"}}\n' \
		"$2" >"$1/meta.json"
	awk -v factors="$3" 'BEGIN {
		print "workload,scheme,threads,placement,migration,rep,cycles_per_op," \
		      "ev:PAPI_L1_DCM,ev:PAPI_L2_DCM,ev:PAPI_TOT_INS,verify"
		split(factors, f, " ")
		split("1 1.01 1.02 0.99 0.98", spread, " ")
		k = 0
		for (s = 1; s <= 2; s++) for (w = 1; w <= 2; w++) {
			k++
			for (r = 1; r <= 5; r++)
				printf "%s,%s,1,compact,none,%d,%.4f,unavailable (no PMU)," \
				       "unavailable (no PMU),unavailable (no PMU),ok\n",
				       w == 1 ? "fault" : "mmap", s == 1 ? "atomic" : "percpu", r,
				       1000 * k * spread[r] * f[k]
		}
	}' >"$1/cells.csv"
}

report_failure() {
	sed 's/^/# out: /' "$tmp/out"
	sed 's/^/# err: /' "$tmp/err"
}

# atomic: 2 and 1.125 -> sqrt(2.25) = 1.5; percpu: 0.5 and 1 -> sqrt(0.5) = 0.707.
mkres "$tmp/base" host "1 1 1 1" &&
mkres "$tmp/cand" host "2 1.125 0.5 1" &&
mkres "$tmp/vbase" virtual "1 1 1 1" &&
mkres "$tmp/vcand" virtual "2 1.125 0.5 1" || { echo "Bail out! cannot build directories"; exit 1; }

echo "1..18"

cmp_run() {	# cmp_run OPTIONS...: compare base cand into $tmp/out, $tmp/err; $rc
	"$RSSBENCH" compare "$@" "$tmp/base" "$tmp/cand" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}
# rows: the detail rows of $tmp/out (lines after the first blank one, header aside).
rows() { awk 'seen && !/^workload / { print } /^$/ { seen = 1 }' "$tmp/out"; }
# summary SCHEME: its summary line's fields 2-8 (cells geomean worse better same unclear verdict).
summary() { awk -v s="$1" '$1 == s && NF == 8 { $1 = ""; sub(/^ /, ""); print; exit }' "$tmp/out"; }

cmp_run
good=0
[ $rc -eq 0 ] && sed -n 3p "$tmp/out" | grep -q "^per scheme: cycles_per_op, geometric mean of candidate/baseline" &&
[ "$(sed -n 4p "$tmp/out" | tr -s ' ')" = "scheme cells geomean worse better same unclear verdict" ] &&
[ "$(sed -n 5p "$tmp/out" | awk '{ print $1 }')" = atomic ] &&
[ "$(sed -n 6p "$tmp/out" | awk '{ print $1 }')" = percpu ] &&
sed -n 7p "$tmp/out" | grep -q "^note: " && good=1
report $good "compare: the summary comes first, one line per scheme, then the notes (got $rc)"
check_eq "atomic: cells x2 and x1.125 give geomean 1.5, both worse" "$(summary atomic)" \
	"2 1.500 2 0 0 0 worse"
check_eq "percpu: cells x0.5 and x1 give geomean 0.707, one better, one the same" \
	"$(summary percpu)" "2 0.707 0 1 1 0 better"
check_eq "three unavailable events: one note, no row" "$(grep -c PAPI "$tmp/out")" 1
good=0
grep -q "^note: 3 metrics not compared in 4 cells, baseline unavailable (no PMU): ev:PAPI_L1_DCM, ev:PAPI_L2_DCM, ev:PAPI_TOT_INS$" \
	"$tmp/out" &&
grep -q "^note: 6 metrics not compared in 4 cells, both sides no such column: bound_over, bound_under, bytes_per_mm, failures, pcpu_bytes_per_mm, precise_err$" \
	"$tmp/out" && ! rows | grep -q "not compared\|unavailable" && good=1
report $good "one note per reason names the metrics, the side, the reason and the cells; no row says it again"

cmp_run --scheme atomic
check_eq "--scheme atomic: only atomic rows and summary (rows by scheme)" \
	"$(rows | awk '{ print $2 }' | sort | uniq -c | tr -s ' ')$(summary percpu)" " 4 atomic"
cmp_run -w mmap
check_eq "--workload mmap: only mmap rows; the summary over mmap cells" \
	"$(rows | awk '{ print $1 }' | sort -u) $(summary atomic) / $(summary percpu)" \
	"mmap 1 1.125 1 0 0 0 worse / 1 1.000 0 0 1 0 same"
cmp_run --metric cycles
check_eq "--metric cycles: only cycles_per_op rows, one per cell" \
	"$(rows | awk '{ print $7 }' | sort | uniq -c | tr -s ' ')" " 4 cycles_per_op"
cmp_run --changed-only
good=0
[ $rc -eq 0 ] && ! rows | grep -q "^mmap  *percpu" && [ "$(rows | awk '{ print $1 "/" $2 }' | sort -u | wc -l)" -eq 3 ] &&
grep -q "^note: --changed-only: 3 of 4 cells shown, the other 1 is the same on cycles_per_op" "$tmp/out" &&
[ "$(summary percpu)" = "2 0.707 0 1 1 0 better" ] && good=1
report $good "--changed-only: the unchanged cell percpu/mmap left out, said so; the summary still counts it"
cmp_run -s percpu,atomic -w fault --metric cycles_per_op --changed-only
check_eq "the filters together: the fault cells' cycles_per_op rows" \
	"$(rows | awk '{ print $1, $2, $7, $NF }' | tr '\n' ';')" \
	"fault atomic cycles_per_op worse;fault percpu cycles_per_op better;"

# Bad filter values: exit 2, one line, nothing on stdout.
refused() {	# refused "what" OPTIONS...
	what=$1
	shift
	cmp_run "$@"
	good=0
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ] && good=1
	report $good "compare $what exits 2 with one line, prints nothing (got $rc: $(cat "$tmp/err"))"
}
refused "--scheme percpux (no cell of the baseline)" --scheme atomic,percpux
refused "--workload fork (not in the baseline)" -w fork
refused "--metric joules" --metric joules
refused "--scheme with an empty item" -s atomic,

# gate: the same summary on its metric first; its verdict unchanged.
cmp_run
sed -n 3,6p "$tmp/out" >"$tmp/want"
"$RSSBENCH" gate --baseline "$tmp/base" "$tmp/cand" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
head -n 4 "$tmp/out" | cmp -s - "$tmp/want" && [ $rc -eq 1 ] &&
grep -q "^gate: REGRESSION: 2 of 4 cells regressed" "$tmp/out" && good=1
report $good "gate prints compare's summary first, then its own verdict (exit $rc)"

# Virtual topologies: the time ratios are shown, no verdict is called on them.
"$RSSBENCH" compare "$tmp/vbase" "$tmp/vcand" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && [ "$(summary atomic)" = "2 1.500 2 0 0 0 unclear" ] &&
grep -q "^(no verdict on cycles_per_op: timings not comparable: " "$tmp/out" && good=1
report $good "virtual topologies: the summary's verdict is unclear, with the reason (got $rc)"

# CSV and JSON stay complete, filtered alike; JSON carries the summary as "schemes".
cmp_run -f csv -s atomic
good=0
[ $rc -eq 0 ] && [ "$(awk -F, 'NR > 1 { print $3 }' "$tmp/out" | sort -u)" = atomic ] &&
[ "$(grep -c ',ev:PAPI_L1_DCM,' "$tmp/out")" -eq 2 ] && [ "$(grep -c ',geomean,' "$tmp/out")" -eq 3 ] && good=1
report $good "compare -f csv -s atomic: every atomic row, the unavailable ones too; its geometric means (got $rc)"
cmp_run -f json
good=0
[ $rc -eq 0 ] && grep -q '"schemes": \[{"scheme": "atomic", "metric": "cycles_per_op", "cells": 2, "geomean": 1.5, "worse": 2, "better": 0, "same": 0, "unclear": 0, "verdict": "worse", "kernel": ""}' "$tmp/out" &&
[ "$(grep -c '"metric": "ev:PAPI_TOT_INS"' "$tmp/out")" -eq 4 ] && good=1
if [ $good = 1 ] && command -v python3 >/dev/null; then
	python3 -m json.tool "$tmp/out" >/dev/null || good=0
fi
report $good "compare -f json: valid, a \"schemes\" summary, every row (got $rc)"
