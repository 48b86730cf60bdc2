#!/bin/sh
# plot_hostile.sh - `rssbench plot` and `compare` on results directories from
# an attacker (issue 17 §1-3): copies of one small valid run, each with one
# thing changed.  No byte becomes code (no PWNED file appears, whichever of
# shell, awk or gnuplot the string would have reached); a directory the
# reader refuses gets exit 2, one line and no plots/; nothing is written
# outside the directory or through a link in it; report.md and the terminal
# get no live markup or control bytes; compare's CSV holds no formula.
. "${top_srcdir:-.}/tests/lib.sh"
scratch hostile
top=$(pwd)
case $RSSBENCH in /*) ;; *) RSSBENCH=$top/$RSSBENCH ;; esac
draw=1
[ "${GNUPLOT:-}" = no ] && draw=0

echo "1..41"

for i in 1 2; do
	"$RSSBENCH" run -s atomic,percpu -w fault -t 1 -m none -e 100 -r 1 -q -o "$tmp/run$i" >"$tmp/out" 2>"$tmp/err"
	base=$(sed -n 's/^results: //p' "$tmp/out")
	[ $i = 2 ] || base1=$base
done
if [ -z "$base" ] || [ ! -s "$base/summary.csv" ] || [ ! -s "$base1/summary.csv" ]; then
	echo "Bail out! rssbench run wrote no results directory: $(head -1 "$tmp/err")"
	exit 1
fi
esc=$(printf '\033')

# mk NAME: a fresh copy of the valid run, $d; work in $tmp/w (PWNED would land there).
mk() { d=$tmp/$1; rm -rf "$d"; mkdir -p "$(dirname "$d")"; cp -R "$base" "$d"; }
meta() { jq "$1" "$d/meta.json" >"$d/meta.tmp" && mv "$d/meta.tmp" "$d/meta.json"; }
# csvs SED: the same edit in every CSV file of $d.
csvs() { for f in "$d"/*.csv; do sed "$1" "$f" >"$f.tmp" && mv "$f.tmp" "$f"; done; }
mkdir -p "$tmp/w"
pwned() { find "$tmp" -name PWNED | wc -l; }
# plot_in [ARGS...]: rssbench plot from $tmp/w, exit status in $rc, stderr in $tmp/err.
plot_in() { (cd "$tmp/w" && "$RSSBENCH" plot -q "$@" >"$top/$tmp/pout" 2>"$top/$tmp/err"); rc=$?; }
# refused WHAT: exit 2, one line, no plots/, no report.md, nothing run.
refused() {
	good=1
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -e "$d/plots" ] && [ ! -e "$d/report.md" ] &&
		[ "$(pwned)" -eq 0 ] || good=0
	report $good "$1: exit 2 ($rc), one line, no plots/, no PWNED ($(cut -c1-120 "$tmp/err"))"
}
report_failure() { sed 's/^/# /' "$tmp/err"; }

# --- §1: meta.json numbers that are code -------------------------------------
mk pages
meta '.matrix.pages = "SECONDS[$(touch PWNED)]"'
plot_in "$top/$d"
refused 'meta.json matrix.pages "SECONDS[$(touch PWNED)]"'
bad=0
for v in '"`touch PWNED`"' '"1; touch PWNED"' '1.5' '-3' '"512"' '[1]'; do
	mk pages2
	meta ".matrix.pages = $v"
	plot_in "$top/$d"
	[ $rc -eq 2 ] && [ ! -e "$d/plots" ] || { bad=1; echo "# pages = $v: exit $rc"; }
done
report $((1 - bad)) "matrix.pages as backquotes, a command list, a fraction, negative, a string, a list: exit 2 each"
bad=0
for f in .topology.pus .topology.host_pus .topology.cpus.possible .topology.numa_nodes_with_cpus .matrix.scan_mms; do
	mk num
	meta "$f = \"system('touch PWNED')\""
	plot_in "$top/$d"
	[ $rc -eq 2 ] && [ ! -e "$d/plots" ] && [ "$(pwned)" -eq 0 ] || { bad=1; echo "# $f: exit $rc"; }
done
report $((1 - bad)) "topology.pus, host_pus, cpus.possible, numa_nodes_with_cpus, scan_mms as system(): exit 2 each"
mk scen
meta '.scenario = "fault; touch PWNED"'
plot_in "$top/$d"
refused 'meta.json scenario "fault; touch PWNED" (not a name)'
mk kind
meta '.topology.kind = "virtual`touch PWNED`"'
plot_in "$top/$d"
refused 'meta.json topology.kind with backquotes'

# --- §1: names in the CSV files -------------------------------------------------
mk scheme
csvs 's/atomic/ato`touch PWNED`mic/g'
meta '.matrix.schemes = ["ato`touch PWNED`mic", "percpu"]'
plot_in "$top/$d"
refused 'a scheme name holding backquotes'
bad=0
for nm in "x'y" 'x"y' 'x$(touch PWNED)' 'x@y' 'system(x)' 'X' 'x y'; do
	mk scheme2
	csvs "s/atomic/$nm/g"
	meta ".matrix.schemes = [\"$(echo "$nm" | sed 's/"/\\"/g')\", \"percpu\"]"
	plot_in "$top/$d"
	[ $rc -eq 2 ] && [ ! -e "$d/plots" ] && [ "$(pwned)" -eq 0 ] || { bad=1; echo "# scheme $nm: exit $rc"; }
done
report $((1 - bad)) "scheme names with ' \" \$() @ system( uppercase and a space: exit 2 each"
mk wl
csvs 's#^fault,#/../../../x,#'
meta '.matrix.workloads = ["/../../../x"]'
plot_in "$top/$d"
refused 'a workload named /../../../x'
check_run "... and no x.gp, x.png or x.svg anywhere under the test's directory" \
	test -z "$(find "$tmp" -name 'x.gp' -o -name 'x.png' -o -name 'x.svg')"
mk mig
for f in "$d/summary.csv" "$d/cells.csv" "$d/errtrace.csv"; do
	sed 's/,none,/,none`touch PWNED`,/' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
plot_in "$top/$d"
refused 'a migration policy holding backquotes (summary.csv, cells.csv, errtrace.csv)'
mk sumnum
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "cycles_per_op_median") c = i }
	NR == 2 { $c = "system(\"touch PWNED\")" } { print }' "$base/summary.csv" >"$d/summary.csv"
plot_in "$top/$d"
refused 'summary.csv cycles_per_op_median "system(\"touch PWNED\")"'
mk inf
printf 'workload,scheme,threads,placement,migration,rep,t_s,max_err,read,truth\nfault,atomic,1,compact,none,1,0.000013,1e999,0,0\n' \
	>"$d/errtrace.csv"
plot_in "$top/$d"
refused 'errtrace.csv max_err 1e999 (not a finite number)'
mk fleet
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "fleet_processes") c = i }
	NR == 2 { $c = "`touch PWNED`" } { print }' "$base/footprint.csv" >"$d/footprint.csv"
plot_in "$top/$d"
refused 'footprint.csv fleet_processes in backquotes'

# --- §1: text that reaches gnuplot and report.md: escaped, drawn -----------------
name="it's \$(touch PWNED) \`touch PWNED\` @x \"q\" <b>"
mk "$name"
plot_in "$top/$d"
good=1
[ $rc -eq 0 ] && [ "$(pwned)" -eq 0 ] && [ -s "$d/plots/headline.gp" ] || good=0
# (after "BUSY RUN: ..."'."\n".' on a busy machine: the string goes on)
grep -qF "'"'which scheme wins at what: it\x27s \x24(touch PWNED) \x60touch PWNED\x60 \x40x \x22q\x22 <b>, ' "$d/plots/headline.gp" || good=0
report $good "a directory named with ' \$() backquotes @ \" <b>: plotted (exit $rc), its name escaped in the gnuplot title, no PWNED"
if [ $draw = 1 ]; then
	check_run "... and gnuplot drew its headline from that script" test -s "$d/plots/headline.png"
else
	skip "gnuplot not configured (GNUPLOT=no)"
fi
check_run "... report.md's title has the name as entities: no raw backquote or tag" \
	grep -qF "# rssbench results: it's &#36;(touch PWNED) &#96;touch PWNED&#96; @x \"q\" &#60;b&#62;" "$d/report.md"

# --- §3: meta.json text in report.md ---------------------------------------------
mk text
meta '.cpu_model = "<img src=x onerror=alert(2)>" | .host = "h`<b>`|x\u001b[2J" |
      .kernel.release = "6.1\u001b]0;title\u0007" | .started = "x\n# injected\n[link](javascript:alert(1))" |
      .tool.version = "1 | 2 *b* _i_ $x$" | .papi.status = "ok\r\n<script>alert(1)</script>" |
      .topology.spec = "a`b" | .tool.git_revision = "![i](http://x/y.png)"'
GNUPLOT=no plot_in "$top/$d"
good=1
[ $rc -eq 0 ] && [ -s "$d/report.md" ] || good=0
report $good "meta.json text with tags, ESC, BEL, CR, newlines and Markdown: plotted (exit $rc)"
check_run "report.md has no raw <img or <script" test "$(grep -c '<img\|<script\|<b>' "$d/report.md")" -eq 0
check_run "report.md has no ESC, BEL or CR byte" \
	test "$(LC_ALL=C tr -cd '\033\007\015' <"$d/report.md" | wc -c)" -eq 0
hostline=$(grep '^Host ' "$d/report.md")
check_run "the host's backtick does not break its code span (4 backticks on the line: $(echo "$hostline" | cut -c1-80))" \
	test "$(printf '%s' "$hostline" | tr -cd '`' | wc -c)" -eq 4 -a "$(grep -c '^# injected' "$d/report.md")" -eq 0
check_run "links and images in the text are inert ([ and ! ( escaped)" \
	test "$(grep -c '\[link\](javascript\|!\[i\](http' "$d/report.md")" -eq 0

# --- §2: links in the directory ---------------------------------------------------
mk plotslink
mkdir "$tmp/elsewhere"
ln -s "$top/$tmp/elsewhere" "$d/plots"
plot_in "$top/$d"
good=1
[ $rc -eq 2 ] && [ -z "$(ls -A "$tmp/elsewhere")" ] && [ ! -e "$d/report.md" ] || good=0
report $good "plots -> elsewhere: exit 2 ($rc), nothing written there or anywhere ($(cut -c1-100 "$tmp/err"))"
mk links
mkdir "$d/plots"
for f in plots/headline.gp.tmp plots/headline.png plots/headline.gp plots/headline.log plots/ratios.err \
	 plots/.headline.gp.000000 report.md.tmp report.md; do
	v=$tmp/victim-$(echo "$f" | tr '/.' '__')
	echo "precious $f" >"$v"
	ln -s "$top/$v" "$d/$f"
done
plot_in "$top/$d"
good=1
[ $rc -eq 0 ] || good=0
for v in "$tmp"/victim-*; do
	grep -qx "precious .*" "$v" && [ "$(wc -l <"$v")" -eq 1 ] || { good=0; echo "# $v changed"; }
done
report $good "plots/*.gp.tmp, *.png, *.gp, *.log, ratios.err, report.md(.tmp) as links: plotted (exit $rc), every target untouched"
check_run "... report.md and plots/headline.gp are now files, not links" \
	test -f "$d/report.md" -a ! -L "$d/report.md" -a ! -L "$d/plots/headline.gp" -a -s "$d/plots/headline.gp"
bad=0
for f in cells.csv meta.json summary.csv topology.xml errtrace.csv footprint.csv; do
	mk readlink
	cp "$d/$f" "$tmp/outside-$f"
	printf 'SECRET-TOKEN,x\n' >>"$tmp/outside-$f"
	rm "$d/$f"
	ln -s "$top/$tmp/outside-$f" "$d/$f"
	plot_in "$top/$d"
	[ $rc -eq 2 ] && [ ! -e "$d/plots" ] && ! grep -q SECRET "$tmp/err" || { bad=1; echo "# $f: exit $rc"; }
done
report $((1 - bad)) "cells.csv, meta.json, summary.csv, topology.xml, errtrace.csv, footprint.csv as links out: refused, exit 2, never read"
mk out1
ln -s "$top/$tmp/elsewhere" "$tmp/outlink"
plot_in --output "$top/$tmp/outlink" "$top/$d" "$top/$base"
check_run "--output naming a link: exit 2 ($rc), nothing written there" test $rc -eq 2 -a -z "$(ls -A "$tmp/elsewhere")"

mk cmplink
mkdir "$d/plots"
ln -s "$top/$tmp/elsewhere" "$d/plots/compare"
plot_in "$top/$d" "$top/$base"
check_run "two directories, the first's plots/compare a link: exit 2 ($rc), nothing written there" \
	test $rc -eq 2 -a -z "$(ls -A "$tmp/elsewhere")" -a ! -e "$d/report.md"

# An earlier drawing's plots that this one does not make go; links among
# them go as links (their targets stay); other files and directories stay.
mk stale
mkdir -p "$d/plots/keep.d"
for f in error-fork.gp error-fork.png error-fork.svg errtrace-mmap.log headline.png; do echo old >"$d/plots/$f"; done
echo "precious" >"$tmp/victim-stale"
ln -s "$top/$tmp/victim-stale" "$d/plots/error-mmap.png"
echo mine >"$d/plots/notes.txt"
GNUPLOT=no plot_in "$top/$d"
check_run "replotted undrawn: the plots no longer made (error-fork.*, errtrace-mmap.log) and an image its new script did not draw (headline.png) are gone (exit $rc)" \
	test $rc -eq 0 -a -z "$(cd "$d/plots" && ls error-fork.* errtrace-mmap.* error-mmap.* headline.png 2>/dev/null)" -a -s "$d/plots/headline.gp"
check_run "... a link among them went as a link (its target kept); notes.txt and keep.d/ stay" \
	test "$(cat "$tmp/victim-stale")" = precious -a -s "$d/plots/notes.txt" -a -d "$d/plots/keep.d"

# --output onto a directory's own plots/ (there or to be made) or the directory
# itself: refused before anything is written, for the comparison would
# overwrite its report and plots (and prune its plots/).
mk outown
bad=0
for o in "$top/$d/plots" "$top/$d"; do
	plot_in --output "$o" "$top/$d" "$top/$base"
	[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -e "$d/plots" ] || { bad=1; echo "# --output $o: exit $rc"; }
done
report $((1 - bad)) "--output DIR/plots (not there yet) or DIR itself: exit 2, one line, no plots/ made"
mkdir "$d/plots" && echo mine >"$d/plots/mine.png"
plot_in --output "$top/$d/plots" "$top/$d" "$top/$base"
check_run "--output DIR/plots (there): exit 2 ($rc), its files untouched" \
	test $rc -eq 2 -a "$(cat "$d/plots/mine.png")" = mine -a "$(ls "$d/plots")" = mine.png

# A name plot writes that is a directory in plots/: refused before anything is written.
mk dirname
mkdir -p "$d/plots/headline.gp"
plot_in "$top/$d"
check_run "plots/headline.gp a directory: exit 2 ($rc), one line, nothing else written (no report.md, plots/ as it was)" \
	test $rc -eq 2 -a "$(grep -c 'headline.gp is a directory' "$tmp/err")" -eq 1 -a ! -e "$d/report.md" \
	-a "$(ls "$d/plots")" = headline.gp

# A short run may have no error samples: errtrace.csv's header alone is valid.
mk emptytrace
head -1 "$base/errtrace.csv" >"$d/errtrace.csv"
GNUPLOT=no plot_in "$top/$d"
check_run "errtrace.csv with no rows (a cell too short for a sample): plotted, exit $rc" \
	test $rc -eq 0 -a -s "$d/report.md"

# Interrupted while drawing (a stand-in script that waits): rssbench ends by
# the signal, installs nothing, leaves no plots/ and no temporary directory.
mk sig
mkdir -p "$tmp/td"
printf '#!/bin/sh\ntouch "%s"\nexec sleep 60\n' "$top/$tmp/started" >"$tmp/slow-plot"
chmod +x "$tmp/slow-plot"
TMPDIR=$top/$tmp/td RSS_PLOT=$top/$tmp/slow-plot "$RSSBENCH" plot "$d" >/dev/null 2>&1 &
pid=$!
k=0
while [ ! -e "$tmp/started" ] && [ $k -lt 600 ]; do sleep 0.1; k=$((k + 1)); done
kill -TERM $pid
wait $pid 2>/dev/null
rc=$?
check_run "SIGTERM while the script draws: ends by SIGTERM ($rc), no report.md, no plots/, no temporary directory" \
	test $rc -eq 143 -a ! -e "$d/report.md" -a ! -e "$d/plots" -a -z "$(ls -A "$tmp/td")"

mk scriptfail
printf '#!/bin/sh\necho "plot: failing" >&2\nexit 2\n' >"$tmp/fail-plot"
chmod +x "$tmp/fail-plot"
rm -rf "$tmp/td" && mkdir "$tmp/td"
TMPDIR=$top/$tmp/td RSS_PLOT=$top/$tmp/fail-plot "$RSSBENCH" plot "$d" >/dev/null 2>&1
rc=$?
check_run "the script fails (exit 2): rssbench exits 2 ($rc), no plots/, no report.md, no temporary directory" \
	test $rc -eq 2 -a ! -e "$d/report.md" -a ! -e "$d/plots" -a -z "$(ls -A "$tmp/td")"

# --- §3: the terminal and compare's CSV -----------------------------------------
mk "esc${esc}]0;title${esc}[2Jdir"
(cd "$tmp/w" && GNUPLOT=no "$RSSBENCH" plot "$top/$d" >"$top/$tmp/pout" 2>"$top/$tmp/err")
rc=$?
check_run "a good directory named with ESC: plotted (exit $rc), no ESC in its progress and report lines" \
	test $rc -eq 0 -a "$(cat "$tmp/pout" "$tmp/err" | LC_ALL=C tr -cd '\033' | wc -c)" -eq 0 \
	     -a "$(grep -c 'x1b' "$tmp/pout")" -ge 1
mk "bad${esc}[31mname"
rm "$d/meta.json"
plot_in "$top/$d"
check_run "a refused directory named with ESC: exit 2, the message holds no ESC byte" \
	test $rc -eq 2 -a "$(LC_ALL=C tr -cd '\033' <"$tmp/err" | wc -c)" -eq 0
long=$(printf '%0200d' 0 | tr 0 a)
mk "$long/$long/$long/$long/$long"
rm "$d/cells.csv"
plot_in "$top/$d"
check_run "a refused directory with a 1000-byte name: one bounded line ($(wc -c <"$tmp/err") bytes)" \
	test $rc -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1 -a "$(wc -c <"$tmp/err")" -lt 1200
# Two runs (compare pairs two different runs) under names a spreadsheet takes for formulas.
rm -rf "$tmp/w/=1+2" "$tmp/w/@SUM" "$tmp/w/+x" "$tmp/w/-x"
for nm in "=1+2" "@SUM" "+x" "-x"; do
	case $nm in [=+]*) src=$base ;; *) src=$base1 ;; esac
	cp -R "$src" "$tmp/w/$nm"
done
(cd "$tmp/w" && "$RSSBENCH" compare --format csv "@SUM" "=1+2" && "$RSSBENCH" compare --format csv -- "-x" "+x") \
	>"$tmp/csv" 2>"$tmp/err"
rc=$?
# Fields starting = + - @ (a number such as -0.5 aside), outside and inside quotes.
cells=$(awk -F, 'NR > 1 { for (i = 1; i <= NF; i++) { f = $i; sub(/^"/, "", f)
	if (f ~ /^[=+@]/ || f ~ /^-[^0-9.]/) print f } }' "$tmp/csv" | head -3)
check_run "compare --format csv: no field starts with = + - @ (exit $rc${cells:+; found $cells})" \
	test $rc -eq 0 -a -z "$cells" -a "$(grep -c "^\"'=1+2\"," "$tmp/csv")" -gt 0 -a "$(grep -c "^\"'+x\"," "$tmp/csv")" -gt 0
d=$tmp/w/@SUM
csvs 's/atomic/=HYPERLINK("http:x")/g'
meta '.matrix.schemes = ["=HYPERLINK(\"http:x\")", "percpu"]'
(cd "$tmp/w" && "$RSSBENCH" compare --format csv "=1+2" "@SUM") >"$tmp/csv" 2>"$tmp/err"
rc=$?
check_run "compare on a scheme named =HYPERLINK(...): the reader refuses the name, exit 2 ($rc), one line" \
	test $rc -eq 2 -a "$(wc -l <"$tmp/err")" -eq 1 -a ! -s "$tmp/csv"
check_run "... and no PWNED anywhere after all of the above" test "$(pwned)" -eq 0
