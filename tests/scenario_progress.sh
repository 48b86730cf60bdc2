#!/bin/sh
# scenario_progress.sh - a job of several runs is counted as one (progress.h):
# a scenario's runs share one count and one total; under run-all --scenarios
# (RSSBENCH_JOB: a file, empty at first, that each scenario's rssbench reads
# and writes back) the count runs over every scenario, its total the same
# from the first to the last, ending at total/total.  Off a terminal the
# count's line comes every 5 s and at each run's last cell.
. "${top_srcdir:-.}/tests/lib.sh"
scratch scenario_progress
echo "1..9"

# The "[done/total]" of every progress line in @1, one a line ("done total").
counts() { sed -n 's/^\[ *\([0-9]*\)\/\([0-9]*\)\].*/\1 \2/p' "$1"; }
# Rows of a results directory's cells.csv.
rows() { echo $(($(wc -l <"$1/cells.csv") - 1)); }

# --- one scenario of two runs (error-vs-cpus --quick: 16 and 64 CPUs, one matrix) ---
"$RSSBENCH" run --scenario error-vs-cpus --quick --no-plots -o "$tmp/evc" >"$tmp/out" 2>"$tmp/err"
dir=$(sed -n 's/^results: //p' "$tmp/out")
nc=$(rows "$dir")
check_eq "error-vs-cpus --quick: every progress line counts of its $nc cells (both runs)" \
	"$(counts "$tmp/err" | awk '{ print $2 }' | sort -u)" "$nc"
check_eq "... the first run (half the cells) ends at its half, the second at all" \
	"$(sed -n '/run 2 of 2$/q; p' "$tmp/err" | counts /dev/stdin | tail -1)/$(counts "$tmp/err" | tail -1)" \
	"$((nc / 2)) $nc/$nc $nc"
check_run "... its size said once at the start" \
	grep -q "^rssbench: scenario error-vs-cpus (quick): $nc cells in 2 runs; " "$tmp/err"

# --- run-all --scenarios: the table's last two scenarios, as run-all runs them ----
# (kernels boots qemu guests: run-all --scenarios leaves it out, so does this)
set -- $("$RSSBENCH" run --scenario list | awk '$1 != "kernels" { print $1 }' | tail -2)
first=$1 last=$2
job=$tmp/job
: >"$job"
RSSBENCH_JOB=$job "$RSSBENCH" run --scenario "$first" --quick --no-plots -o "$tmp/r" \
	>"$tmp/out1" 2>"$tmp/err1"
d1=$(sed -n 's/^results: //p' "$tmp/out1")
RSSBENCH_JOB=$job "$RSSBENCH" run --scenario "$last" --quick --no-plots -o "$tmp/r" \
	>"$tmp/out2" 2>"$tmp/err2"
d2=$(sed -n 's/^results: //p' "$tmp/out2")
n1=$(rows "$d1")
total=$((n1 + $(rows "$d2")))
check_run "the first ($first) says the job's size: $total cells in 2 scenarios (with $last)" \
	grep -q "^rssbench: the scenarios from $first on (quick): $total cells in 2 scenarios; " "$tmp/err1"
check_eq "every line of both counts of the job's $total cells" \
	"$({ counts "$tmp/err1"; counts "$tmp/err2"; } | awk '{ print $2 }' | sort -u)" "$total"
check_eq "the first ends at its share of the job" "$(counts "$tmp/err1" | tail -1)" "$n1 $total"
check_eq "the second goes on from there and ends at the job's total" \
	"$(counts "$tmp/err2" | head -1 | awk '{ print ($1 > n1) }' n1="$n1")/$(counts "$tmp/err2" | tail -1)" "1/$total $total"
check_run "the second does not announce a job of its own" sh -c '! grep -q "^rssbench: .*cells in" "$1"' sh "$tmp/err2"
check_eq "the job's file after both: all $total cells done, 2 scenarios" \
	"$(awk '{ print $4, $11 }' "$job")" "$total 2"
