#!/bin/sh
# plot_figs.sh - the plots that choose a scheme (issue 20 §2), on runs of
# each kind that broke them: one scheme alone, a --model-only run, a small
# matrix of every scheme and every workload, a virtual and a guest
# topology, a capped cell and a ratio far off percpu's.  Asserted: exit
# statuses, every image report.md links drawn, gnuplot silent (no .log
# left, no warning line), the faceted figures in place of the per-workload
# ones, and the export's rows in the gnuplot scripts (the scaling curve
# holds every timed repetition, the error trace's peak is the cell's
# err_max, its time axis the drawn series', every scheme its own colour, a
# clipped ratio printed).  Images are checked only where gnuplot is.
. "${top_srcdir:-.}/tests/lib.sh"
scratch figs
draw=1
[ "${GNUPLOT:-}" = no ] && draw=0
report_failure() { cat "$tmp/check" "$tmp/err" 2>/dev/null | sed 's/^/# /' | head -20; }

echo "1..21"

# run NAME ARGS...: a results directory in $tmp/NAME, its path in $d.
run() {
	name=$1
	shift
	"$RSSBENCH" run -q -o "$tmp/$name" "$@" >"$tmp/out" 2>"$tmp/err"
	d=$(sed -n 's/^results: //p' "$tmp/out")
	[ -n "$d" ] && [ -s "$d/summary.csv" ] || { echo "Bail out! rssbench run $* wrote no results: $(head -1 "$tmp/err")"; exit 1; }
}
# plot DIR: rssbench plot, exit status in $rc, stderr in $tmp/err.
plot() { "$RSSBENCH" plot -q "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
# drawn DIR: every image report.md links was drawn (PNG signature, <svg),
# with its script, and gnuplot said nothing (no .log kept, no line on stderr).
drawn() {
	dgood=1
	for k in $(sed -n 's/^- \[\([a-z0-9-]*\)\](plots\/.*/\1/p' "$1/report.md"); do
		[ -s "$1/plots/$k.gp" ] || { dgood=0; echo "# no $k.gp"; }
		[ $draw = 1 ] || continue
		[ "$(od -An -tx1 -N8 "$1/plots/$k.png" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ] || { dgood=0; echo "# no $k.png"; }
		grep -q '<svg' "$1/plots/$k.svg" 2>/dev/null || { dgood=0; echo "# no $k.svg"; }
	done
	[ -z "$(ls "$1"/plots/*.log 2>/dev/null)" ] && [ ! -s "$tmp/err" ] || { dgood=0; ls "$1"/plots/*.log 2>/dev/null | sed 's/^/# log: /'; }
	[ $dgood = 1 ]
}
# garray FILE NAME: the values of gnuplot array NAME in FILE, one a line.
garray() {
	sed -n "s/^array $2\[[0-9]*\] = \[\(.*\)\]\$/\1/p" "$1" | tr -d "'" | sed 's/, /\n/g'
}
# block FILE NAME: the rows of data block $NAME in FILE.
block() {
	awk -v b="\$$2 << EOD" '$0 == b { f = 1; next } f && $0 == "EOD" { exit } f' "$1"
}

# --- one scheme alone (gnuplot once failed: "expecting array[size>0]") -------
for s in percpu empty atomic; do
	run "one-$s" -s $s -w fault,fork -t 1,max -m none -e 100 -r 2
	plot "$d"
	drawn "$d" >"$tmp/check"
	good=$?
	[ $rc -eq 0 ] && [ $good = 0 ] || good=1
	report $((1 - good)) "-s $s alone: plot exits 0 ($rc), every linked image drawn, gnuplot silent"
done
check_run "... percpu alone: report.md says the cost plot is unavailable, and why" \
	grep -q '^- cost: unavailable (no scheme but percpu' "$tmp/one-percpu/"*/report.md

# --- a --model-only run: every timing NA ---------------------------------------
run model -T "package:1 core:4 pu:1" -s percpu,atomic -w fault -t 1,max -e 200 --seed 3 -r 1 --events none --model-only coherence
plot "$d"
drawn "$d" >"$tmp/check"
good=$?
[ $rc -eq 0 ] && [ $good = 0 ] && [ -s "$d/plots/transfers-fault.gp" ] || good=1
report $((1 - good)) "--model-only: plot exits 0 ($rc), transfers drawn, gnuplot silent"
check_run "... the cycles panel says unavailable (not timed), scaling, tradeoff and cost are named unavailable" \
	test "$(grep -c "^cwhy = 'unavailable (not timed: --model-only)'" "$d/plots/transfers-fault.gp")" -eq 1 -a \
	     "$(grep -c '^- \(scaling\|tradeoff\|cost\): unavailable (.*not timed: a --model-only run)' "$d/report.md")" -eq 3

# --- a matrix: every scheme on three workloads, every workload with two schemes ---
schemes=$("$RSSBENCH" list | awk '/^schemes:/ { f = 1; next } /^workloads:/ { f = 0 } f && $1 != "origin:" { printf "%s%s", s, $1; s = "," }')
workloads=$("$RSSBENCH" list | awk '/^workloads:/ { f = 1; next } f { printf "%s%s", s, $1; s = "," }')
run matrix -s "$schemes" -w fault,mmap,update -t max -m every:8:random -e 40 -r 2 --pages 64
m=$d
plot "$m"
drawn "$m" >"$tmp/check"
good=$?
run wls -s percpu,atomic -w "$workloads" -t max -m every:8:random -e 40 -r 1 --pages 64
w8=$d
[ $good = 0 ] && [ $rc -eq 0 ] && plot "$w8" && drawn "$w8" >>"$tmp/check" || good=1
[ $rc -eq 0 ] && [ $good = 0 ] || good=1
report $((1 - good)) "every scheme, every workload: plot exits 0 ($rc), every linked image drawn, gnuplot silent"
nw=$(echo "$workloads" | tr ',' '\n' | wc -l)
check_eq "error and errtrace: one figure each, a panel per workload" \
	"$(garray "$w8/plots/error.gp" wname | wc -l) $(garray "$w8/plots/errtrace.gp" wname | wc -l)" "$nw $nw"
check_eq "... and no per-workload error-*.gp or errtrace-*.gp" \
	"$(ls "$w8/plots" | grep '^\(error\|errtrace\)-[a-z]' | grep -vc '^error-vs-cpus\.')" 0
for k in scaling tradeoff cost headline error errtrace footprint error-vs-cpus; do
	grep -qF "(plots/$k.png)" "$m/report.md" || echo "# report.md has no $k" >>"$tmp/missing"
done
check_run "report.md links scaling, tradeoff, cost, headline, error, errtrace, footprint, error-vs-cpus" test ! -s "$tmp/missing"
# A linear cost axis past 10 000 reads 10k, 15k as scaling's does, never
# 1e+04: the matrix's tradeoff.gp redrawn with a linear 10 000..25 000 range.
if [ $draw = 1 ]; then
	mkdir "$tmp/lin" && sed 's/^xlo = .*/xlo = 10000/; s/^xhi = .*/xhi = 25000/; s/^xlog = .*/xlog = 0/; s/^formats = .*/formats = '"'svg'"'/' \
		"$m/plots/tradeoff.gp" >"$tmp/lin/tradeoff.gp" && (cd "$tmp/lin" && "$GNUPLOT" tradeoff.gp 2>/dev/null)
	check_eq "a linear cycles axis past 10 000 has no tick label in e-notation (tradeoff printed 1e+04)" \
		"$(grep -c '>[0-9.]*e[-+][0-9]*<' "$tmp/lin/tradeoff.svg" 2>/dev/null; grep -c '>15k<' "$tmp/lin/tradeoff.svg" 2>/dev/null)" "0
2"
else
	skip "a linear cycles axis past 10 000 has no tick label in e-notation (no gnuplot)"
fi
cols=$(garray "$m/plots/scaling.gp" scol)
ns=$(echo "$schemes" | tr ',' '\n' | wc -l)
check_eq "every registry scheme has its own colour (distinct, none the grey of an unknown)" \
	"$(echo "$cols" | sort -u | grep -vc '#666666')" "$ns"
# The scaling curve holds every timed repetition (cells.csv at the timing policy).
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["cycles_per_op"] != "NA" { n++ } END { print n + 0 }' "$m/cells.csv")
check_eq "scaling.gp: one \$reps row per timed cell of cells.csv" "$(block "$m/plots/scaling.gp" reps | grep -c '^[0-9]')" "$want"
# Each trace point is the largest error of its millisecond: the series' peak
# is the cell's err_max (cells.csv), wherever it has one and under 2000 points.
bad=$(awk -F, 'FNR == 1 { f++; delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ k = $c["workload"] "," $c["scheme"] "," $c["threads"] "," $c["migration"] "," $c["rep"] }
	f == 1 { if ($c["max_err"] + 0 > pk[k]) pk[k] = $c["max_err"] + 0; np[k]++; next }
	$c["err_max"] != "NA" && (k in np) && np[k] < 2000 && pk[k] != $c["err_max"] + 0 { print k ": peak " pk[k] ", err_max " $c["err_max"]; n++ }
	END { exit n > 0 }' "$m/errtrace.csv" "$m/cells.csv" | head -3)
check_run "errtrace.csv: each cell's peak is its err_max${bad:+ ($bad)}" test -z "$bad"
# The time axis of each errtrace panel ends at the last point with an error
# of its drawn series (3 % more), not at a long tail of zeros.
bad=$( (garray "$m/plots/errtrace.gp" thi | sed 's/^/H,/'; garray "$m/plots/errtrace.gp" wfirst | sed 's/^/F,/'
	garray "$m/plots/errtrace.gp" wlast | sed 's/^/L,/'; block "$m/plots/errtrace.gp" tr | sed 's/^/T,/') | awk -F, '
	$1 == "H" { h[++nh] = $2; next } $1 == "F" { f[++nf] = $2; next } $1 == "L" { l[++nl] = $2; next }
	$2 == "" { if (!blank++) j++; next }
	{ if (!j) j = 1; blank = 0; if ($3 != "NA" && $3 + 0 > 0 && $2 + 0 > t[j]) t[j] = $2 + 0 }
	END { for (w = 1; w <= nh; w++) { m = 0; for (k = f[w]; k <= l[w]; k++) if (t[k] > m) m = t[k]
		if (f[w] <= l[w] && (h[w] < m || h[w] > m * 1.04 + 0.51)) printf "panel %d: axis to %s ms, last error at %s ms; ", w, h[w], m }
		if (!nh) print "no panels" }')
check_run "errtrace.gp: each panel's time axis ends at its series' last error${bad:+ ($bad)}" test -z "$bad"

# --- virtual and guest topologies: the timings marked ---------------------------
run virt -T "package:1 core:4 pu:1" -s percpu,atomic -w fault -t 1,max -m none -e 100 -r 2
plot "$d"
check_run "a virtual topology: scaling and tradeoff say VIRTUAL (exit $rc)" \
	test $rc -eq 0 -a "$(grep -c "^head = .*VIRTUAL topology" "$d/plots/scaling.gp" "$d/plots/tradeoff.gp" | grep -c ':1$')" -eq 2 \
	     -a "$(grep -c "^ylab = 'cycles/op (VIRTUAL)'" "$d/plots/scaling.gp")" -eq 1
g=$tmp/guest
cp -R "$tmp/one-atomic/"*/ "$g"
jq '.topology.kind = "guest"' "$g/meta.json" >"$g/m" && mv "$g/m" "$g/meta.json"
sed 's/,host,/,guest,/' "$g/cells.csv" >"$g/c" && mv "$g/c" "$g/cells.csv"
GNUPLOT=no plot "$g"
check_run "a guest topology: scaling says GUEST (exit $rc)" \
	test $rc -eq 0 -a "$(grep -c "^head = .*GUEST" "$g/plots/scaling.gp")" -eq 1

# --- a ratio far off percpu's (native's system calls): clipped, its value printed ---
x=$tmp/far
cp -R "$tmp/virt/"*/ "$x"
# (each figure the reader checks against another scaled with it)
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	$c["scheme"] == "atomic" { $c["cycles_per_op"] *= 1000; $c["ns_per_op"] *= 1000; $c["ops_per_sec"] /= 1000; $c["window_s"] *= 1000 } { print }' \
	"$x/cells.csv" >"$x/c" && mv "$x/c" "$x/cells.csv"
GNUPLOT=no plot "$x"
clip=$(block "$x/plots/cost.gp" cost | awk -F, '$6 == 1 && $7 + 0 > 100 { n++ } END { print n + 0 }')
rhi=$(garray "$x/plots/cost.gp" rhi | sort -g | tail -1)
check_run "atomic at ×1000: drawn clipped with its ratio ($clip rows), the axis kept near 1 (up to $rhi)" \
	awk -v c="$clip" -v h="$rhi" 'BEGIN { exit !(c >= 1 && h + 0 < 40) }'
check_run "... and the title says no interval bars with 2 repetitions" \
	grep -q "^head = .*no interval bars: 2 repetitions give none" "$x/plots/cost.gp"

# --- a capped cell: the mm held fewer pages than the bound ------------------------
run capped -s percpu,atomic -w mmap,fault -t max -m every:8:random -e 100 -r 1 --mmap-pages 2 --pages 4
plot "$d"
drawn "$d" >"$tmp/check"
good=$?
[ $rc -eq 0 ] && [ $good = 0 ] || good=1
report $((1 - good)) "capped cells: plot exits 0 ($rc), every linked image drawn, gnuplot silent"
capped=$(grep -c 'capped by RSS' "$d/summary.csv")
check_run "... error.gp names the capped rows ($capped in summary.csv) and both figures draw the RSS line" \
	test "$capped" -ge 1 -a "$(block "$d/plots/error.gp" b | grep -c 'bound [0-9]* (capped)')" -ge 1 \
	     -a "$(garray "$d/plots/error.gp" wcap | awk '$1 > 0' | wc -l)" -eq 2 \
	     -a "$(garray "$d/plots/errtrace.gp" wcap | awk '$1 > 0' | wc -l)" -eq 2
