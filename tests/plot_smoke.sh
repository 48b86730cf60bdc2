#!/bin/sh
# plot_smoke.sh - `rssbench footprint` against the schemes' formulas, and
# `rssbench plot` on a small run: non-empty PNG and SVG files for every plot
# kind, the gnuplot scripts kept beside them, report.md linking them,
# comparison plots for two directories, scripts and report without gnuplot,
# and a bad directory refused with exit 2 and one line.  The image checks are
# skipped when the build has no gnuplot (GNUPLOT=no).
. "${top_srcdir:-.}/tests/lib.sh"
scratch plot
draw=1
[ "${GNUPLOT:-}" = no ] && draw=0

check_draw() {	# as check_run, skipped without gnuplot
	if [ $draw = 1 ]; then
		check_run "$@"
	else
		n=$((n + 1))
		echo "ok $n - $1 # SKIP gnuplot not configured (GNUPLOT=no)"
	fi
}

echo "1..18"

# --- footprint: percpu is 4 inline counters + 4 s32 per CPU; atomic 32 B ---
fp=$("$RSSBENCH" footprint -s percpu,atomic,split-rss --cpus 1,16,256 --tasks 5)
field() {	# field SCHEME CPUS COLUMN (by header name)
	echo "$fp" | awk -F, -v s="$1" -v c="$2" -v name="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$(col["scheme"]) == s && $(col["cpus"]) == c { print $(col[name]) }'
}
inline=$(($(field percpu 1 bytes_per_mm) - 16))
check_run "percpu at 256 CPUs: 16*256 + $inline inline bytes per mm" \
	test "$(field percpu 256 bytes_per_mm)" -eq $((16 * 256 + inline)) -a "$inline" -gt 0
check_run "percpu bound: 496 pages at 16 CPUs, 130816 at 256" \
	test "$(field percpu 16 bound_under)" = 496 -a "$(field percpu 256 bound_over)" = 130816
check_run "atomic: 32 bytes per mm and exact at every CPU count" \
	test "$(field atomic 1 bytes_per_mm)$(field atomic 256 bytes_per_mm)$(field atomic 256 bound_under)" = 32320
check_run "split-rss: 66 pages per task (5 tasks) and fleet = bytes x 100000" \
	test "$(field split-rss 256 bound_under)" = 330 -a \
	     "$(field percpu 256 fleet_bytes)" = "$(($(field percpu 256 bytes_per_mm) * 100000))"
defaults=$("$RSSBENCH" footprint -s atomic | awk -F, 'NR > 1 { printf "%s ", $2 }')
case $defaults in
"1 2 4 8 16 32 64 128 256 384 "*) ok=1 ;;
*) ok=0 ;;
esac
check_run "default CPU counts start 1,2,4,...,256,384 ($defaults)" test $ok = 1
"$RSSBENCH" footprint --cpus 0 >/dev/null 2>"$tmp/err"
check_run "footprint --cpus 0: exit 2, one line" test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1

# --- a small run, then its plots ---
"$RSSBENCH" run -s empty,atomic,percpu -w fault,fork -t 1,max -m none,every:8:random \
	-e 200 -r 2 -q -o "$tmp" >"$tmp/out" 2>"$tmp/err"
dir=$(sed -n 's/^results: //p' "$tmp/out")
if [ -z "$dir" ] || [ ! -s "$dir/footprint.csv" ]; then
	echo "not ok 7 - rssbench run wrote no results with footprint.csv"
	sed 's/^/# /' "$tmp/err"
	exit 1
fi
echo "ok 7 - rssbench run wrote $dir with footprint.csv"
n=7
cp -R "$dir" "$dir-copy"

# --- ratios: atomic's median over percpu's, from cells.csv by hand ---
"$RSSBENCH" ratios "$dir" >"$tmp/ratios" 2>"$tmp/err"
want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["workload"] == "fault" && $c["threads"] == 1 && $c["migration"] == "none" {
		v[$c["scheme"]] = v[$c["scheme"]] " " $c["cycles_per_op"] }
	function med(s,   a, n) { n = split(s, a, " "); return (a[1] + a[2]) / 2 }
	END { printf "%.9g", med(v["atomic"]) / med(v["percpu"]) }' "$dir/cells.csv")
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["workload"] == "fault" && $c["threads"] == 1 && $c["migration"] == "none" && $c["scheme"] == "atomic" { print $c["ratio"], $c["lo"] }' "$tmp/ratios")
# ratios prints 6 significant digits: equal to that precision.
same=$(echo "$got $want" | awk '{ d = $1 - $3; if (d < 0) d = -d; print ($2 == "NA" && d <= 5e-6 * $3) ? 1 : 0 }')
check_run "ratios: atomic/percpu fault at 1 thread = ratio of medians ($got, want $want NA: 2 reps give no interval)" \
	test "$same" = 1 -a "$(grep -c ',percpu,' "$tmp/ratios")" -eq 0
"$RSSBENCH" ratios --metric nope "$dir" >/dev/null 2>"$tmp/err"
check_run "ratios --metric nope: exit 2, one line" test $? -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1

"$RSSBENCH" plot "$dir/" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/err"
check_run "rssbench plot DIR/ exits 0 and names DIR/report.md (one slash)" \
	test $rc -eq 0 -a "$(grep -cxF "report: $dir/report.md" "$tmp/out")" -eq 1

kinds="headline tradeoff scaling cost error errtrace error-vs-cpus footprint"
png_ok=1 svg_ok=1 gp_ok=1 link_ok=1
for k in $kinds; do
	p=$dir/plots/$k
	[ -s "$p.gp" ] || gp_ok=0
	for l in "plots/$k.png" "plots/$k.svg" "plots/$k.gp"; do
		grep -qF "($l)" "$dir/report.md" || link_ok=0
	done
	[ $draw = 1 ] || continue
	[ -s "$p.png" ] && [ "$(od -An -tx1 -N8 "$p.png" | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		{ png_ok=0; echo "# bad or missing $p.png"; }
	[ -s "$p.svg" ] && grep -q '<svg' "$p.svg" || { svg_ok=0; echo "# bad or missing $p.svg"; }
done
check_draw "a non-empty PNG (PNG signature) for each plot kind" test $png_ok = 1
check_draw "a non-empty SVG (<svg) for each plot kind" test $svg_ok = 1
check_run "the gnuplot scripts are kept beside the images" test $gp_ok = 1
check_run "report.md links every image, SVG and script" test $link_ok = 1
check_run "report.md has the headline table: percpu the reference, its bound and bytes at 256 CPUs" \
	grep -q '^| percpu | 1 (reference) | 1 (reference) | 130816 | [0-9]* | [0-9.]* [KMG]iB |$' "$dir/report.md"

GNUPLOT=no "$RSSBENCH" plot "$dir-copy" >"$tmp/out" 2>"$tmp/err"
rc=$?
check_run "GNUPLOT=no: exit 0, says so, writes scripts and report.md but no images" \
	test $rc -eq 0 -a -s "$dir-copy/plots/cost.gp" -a -s "$dir-copy/report.md" \
	     -a ! -e "$dir-copy/plots/cost.png" -a "$(grep -c gnuplot "$tmp/err")" -ge 1

"$RSSBENCH" plot --output "$tmp/cmp" "$dir" "$dir-copy" >"$tmp/out" 2>"$tmp/err"
rc=$?
ok=1
[ $rc -eq 0 ] && [ -s "$tmp/cmp/report.md" ] && [ -s "$tmp/cmp/compare-cost-fault.gp" ] || ok=0
[ $draw = 0 ] || [ -s "$tmp/cmp/compare-cost-fault.png" ] || ok=0
check_run "two directories: comparison plots and report in --output" test $ok = 1

"$RSSBENCH" plot "$tmp" >"$tmp/out" 2>"$tmp/err"
rc=$?
check_run "a directory that is not a results directory: exit 2, one line ($(head -1 "$tmp/err"))" \
	test $rc -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1
