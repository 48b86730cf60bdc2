#!/bin/sh
# report_notes.sh - what report.md and the headline say about how far to
# trust a run (doc/plots.md, "What it writes"): a busy or noisy run opens
# report.md with run's own line (meta.json noise.line, escaped for
# Markdown) or one from its figures, and marks the headline's and cost
# plot's titles; a quiet run says nothing; a noise field of the wrong type
# refuses the directory; a "minus empty" figure below the harness's own
# spread (empty's max - min), or negative, is said to be so, never printed
# as a number; a run stopped early says it is partial; one killed outright
# (no summary.csv) is refused with one line naming it.  Small hand-made
# directories: a real tiny run whose meta.json and summary.csv are then set.
. "${top_srcdir:-.}/tests/lib.sh"
scratch report_notes
echo "1..12"

"$RSSBENCH" run -q -r 3 -e 20 --events none -s empty,atomic,percpu,hpcc -w fault -t 1 \
	-o "$tmp/r" >"$tmp/out" 2>"$tmp/err" || { sed 's/^/# /' "$tmp/err"; exit 1; }
base=$(sed -n 's/^results: //p' "$tmp/out")
# mk NAME JQ-EXPRESSION: a copy of the run as $tmp/NAME, meta.json edited
mk() { cp -R "$base" "$tmp/$1" && jq "$2" "$base/meta.json" >"$tmp/$1/meta.json"; }
# summary DIR SCHEME MEDIAN MIN MAX: set the scheme's cycles/op in summary.csv
summary() {
	awk -F, -v OFS=, -v s="$2" -v md="$3" -v lo="$4" -v hi="$5" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
	$col["scheme"] == s { $col["cycles_per_op_median"] = md; $col["cycles_per_op_min"] = lo; $col["cycles_per_op_max"] = hi }
	{ print }' "$1/summary.csv" >"$1/summary.tmp" && mv "$1/summary.tmp" "$1/summary.csv"
}
plot() { GNUPLOT=no "$RSSBENCH" plot -q "$1" >/dev/null 2>"$tmp/err"; }
minus() {	# minus DIR SCHEME: the "minus empty" cell of SCHEME's row
	grep -F "| $2 |" "$1/report.md" | sed -n 2p | awk -F'|' '{ gsub(/^ +| +$/, "", $5); print $5 }'
}

# --- busy: run's line, escaped; the headline marked ---
mk busy '.noise = {busy: true, noisy_cells: 2, cells: 4, line: "BUSY RUN: load average 9.00 before <b>*x*</b> | [l](http://e)"}'
plot "$tmp/busy"
check_run "busy: plot exits 0" test $? -eq 0
first=$(sed -n 3p "$tmp/busy/report.md")
case $first in
'**BUSY RUN: load average 9.00 before &#60;b&#62;&#42;x&#42;&#60;/b&#62; &#124; &#91;l&#93;(http://e).**') ok=1 ;;
*) ok=0; echo "# $first" ;;
esac
check_run "busy: report.md opens with run's line, bold, Markdown escaped" test $ok = 1
check_run "busy: the headline's and cost plot's titles say BUSY RUN" \
	test "$(grep -l "^head = 'BUSY RUN: timings unreliable'" "$tmp/busy/plots/headline.gp")" -a \
	     "$(grep -c "^head = 'BUSY RUN: timings unreliable'" "$tmp/busy/plots/cost.gp")" = 1

# --- noisy, no line of run's own: one from the figures ---
mk noisy '.noise = {busy: false, noisy_cells: 2, cells: 4, line: null}'
plot "$tmp/noisy"
check_run "noisy without a line: report.md opens with 2 of 4 cells noisy" \
	test "$(sed -n 3p "$tmp/noisy/report.md")" = "**NOISY RUN (2 of 4 cells): timings unreliable.**"
check_run "noisy: the headline's title says NOISY RUN" grep -q "^head = 'NOISY RUN (2 of 4 cells)" "$tmp/noisy/plots/headline.gp"

# --- quiet: nothing said; a wrong type refused ---
mk quiet '.noise = {busy: false, noisy_cells: 0, cells: 4, line: null} | .complete = true'
plot "$tmp/quiet"
check_run "quiet: no BUSY/NOISY/Partial anywhere in report.md or the headline" \
	test "$(cat "$tmp/quiet/report.md" "$tmp/quiet/plots/headline.gp" | grep -c 'BUSY\|NOISY\|Partial')" = 0
mk wrong '.noise.busy = "yes"'
GNUPLOT=no "$RSSBENCH" plot -q "$tmp/wrong" >/dev/null 2>"$tmp/err"
check_run "noise.busy a string: refused, exit 2, one line" test $? -eq 2 -a "$(wc -l <"$tmp/err")" = 1

# --- minus empty: below the harness's spread (200), or negative, said so ---
summary "$tmp/quiet" empty 1000 900 1100
summary "$tmp/quiet" atomic 1150 1100 1200
summary "$tmp/quiet" percpu 1500 1400 1600
summary "$tmp/quiet" hpcc 950 900 1000
plot "$tmp/quiet"
check_eq "150 over empty, spread 200: below it" "$(minus "$tmp/quiet" atomic)" "below the harness's spread (±200)"
check_eq "500 over empty: the number" "$(minus "$tmp/quiet" percpu)" "500.0"
check_eq "-50 (below empty): below the spread, no negative number" "$(minus "$tmp/quiet" hpcc)" "below the harness's spread (±200)"

# --- partial: stopped early (summary written) says so; killed outright refused ---
mk stopped '.complete = false | .last_cell = "fault/hpcc/1"'
mv "$tmp/stopped" "$tmp/stopped-partial"
plot "$tmp/stopped-partial"
check_run "complete false: report.md says Partial run and names the last cell" \
	grep -q '^\*\*Partial run:\*\* interrupted after cell `fault/hpcc/1`' "$tmp/stopped-partial/report.md"
mk killed '.complete = false | .finished = null'
rm "$tmp/killed/summary.csv" "$tmp/killed/footprint.csv"
mv "$tmp/killed" "$tmp/killed-partial"
GNUPLOT=no "$RSSBENCH" plot -q "$tmp/killed-partial" >/dev/null 2>"$tmp/err"
check_run "killed outright (no summary.csv): exit 2, one line naming summary.csv, nothing written" \
	test $? -eq 2 -a "$(wc -l <"$tmp/err")" = 1 -a "$(grep -c 'summary\.csv' "$tmp/err")" = 1 -a ! -e "$tmp/killed-partial/report.md" -a ! -e "$tmp/killed-partial/plots"
