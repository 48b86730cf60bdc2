#!/bin/sh
# scenario_report.sh - `rssbench run --scenario NAME` ends with the
# scenario directory's report.md and plots/, drawn as `rssbench plot DIR`
# draws them (doc/scenarios.md): printed as "report: DIR/report.md";
# --no-plots leaves them out; a plot that fails never fails the scenario
# (exit 0, the results kept, one line naming the command that draws them);
# SIGTERM while it plots ends the plot too (exit 143, the results kept).
# seed-error --quick (seconds); GNUPLOT=no: the scripts and report.md, no images.
. "${top_srcdir:-.}/tests/lib.sh"
scratch scenario_report
echo "1..5"
GNUPLOT=no
export GNUPLOT

# sc NAME [OPTIONS...]: seed-error --quick into $tmp/NAME; rc, $dir
sc() {
	d=$1
	shift
	"$RSSBENCH" run --scenario seed-error --quick -q -o "$tmp/$d" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	dir=$(sed -n 's/^results: //p' "$tmp/out")
}

sc plotted
good=0
[ $rc -eq 0 ] && [ -s "$dir/report.md" ] && [ -s "$dir/plots/headline.gp" ] &&
	grep -q '"scenario": "seed-error"' "$dir/meta.json" &&
	[ "$(sed -n 's/^report: //p' "$tmp/out")" = "$dir/report.md" ] &&
	grep -q '^# rssbench results: ' "$dir/report.md" && good=1
report_failure() { sed 's/^/# /' "$tmp/err"; }
report $good "a scenario writes its report.md and plots/ and prints report: DIR/report.md (exit $rc)"

sc none --no-plots
good=0
[ $rc -eq 0 ] && [ -s "$dir/summary.csv" ] && [ ! -e "$dir/report.md" ] && [ ! -e "$dir/plots" ] &&
	! grep -q '^report: ' "$tmp/out" && good=1
report $good "--no-plots: the results, no report.md, no plots/ (exit $rc)"

RSS_PLOT=/bin/false sc failed
good=0
[ $rc -eq 0 ] && [ -s "$dir/summary.csv" ] && grep -q '"complete": true' "$dir/meta.json" &&
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "'rssbench plot $dir'" "$tmp/err" && good=1
report $good "the plot fails: the scenario exits 0, its results whole, one line naming 'rssbench plot DIR' (exit $rc)"

# A plot that hangs (its pid in $tmp/plot), then SIGTERM to the scenario.
printf '#!/bin/sh\necho $$ >"%s/plot"\nexec sleep 60\n' "$tmp" >"$tmp/hang"
chmod +x "$tmp/hang"
RSS_PLOT=$tmp/hang "$RSSBENCH" run --scenario seed-error --quick -q -o "$tmp/term" >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ $i -lt 600 ] && [ ! -s "$tmp/plot" ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $pid
wait $pid
rc=$?
dir=$(sed -n 's/^results: //p' "$tmp/out")
check_run "SIGTERM while it plots: exit 143, the results kept whole (exit $rc)" \
	test $rc -eq 143 -a -s "$dir/summary.csv" -a ! -e "$dir/report.md"
i=0
while [ $i -lt 100 ] && kill -0 "$(cat "$tmp/plot")" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
check_run "... and the plot's process ended with it" test $i -lt 100
