#!/bin/sh
# store_cli.sh - rssbench db (doc/store.md) on a real tiny run and copies of
# it edited with jq and awk: import, the same run again (skipped, also as a
# copy), an edited copy (another run), damaged and crafted directories
# refused with nothing imported, a refused directory among good ones,
# kill -9 during an import (every run whole or absent), two imports at once,
# merge, and trends: a lasting step is a regression, not when the runs are
# busy or virtual; across kernels; hostile names never become file names;
# the dashboard's claims: the store's latest scenario run of each machine
# judged by claims.awk's rules, each verdict linked to its run, a quick run
# saying so, hostile names escaped, and "unavailable" without the engine.
. "${top_srcdir:-.}/tests/lib.sh"
scratch store "${KEEP_TMP:+cp -r \"$tmp\" /tmp/keep-store}"
echo "1..41"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }

"$RSSBENCH" run -q -r 3 -e 20 --events none -s atomic -w fault -t 1 -o "$tmp/r" >"$tmp/out" 2>"$tmp/err" ||
	{ sed 's/^/# /' "$tmp/err"; exit 1; }
base=$(sed -n 's/^results: //p' "$tmp/out")
db=$tmp/s.db

# meta DIR JQ: edit meta.json
meta() { jq "$2" "$1/meta.json" >"$1/meta.tmp" && mv "$1/meta.tmp" "$1/meta.json"; }
# scale DIR F: every cycles and ns figure of cells.csv and summary.csv times F
scale() {
	for f in cells.csv summary.csv; do
		awk -F, -v OFS=, -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) s[i] = $i ~ /^(cycles_per_op|ns_per_op)/; print; next }
		{ for (i = 1; i <= NF; i++) if (s[i] && $i != "NA") $i = sprintf("%.3f", $i * f); print }' \
			"$1/$f" >"$1/$f.tmp" && mv "$1/$f.tmp" "$1/$f"
	done
}
# flat DIR: the one cell's repetitions at 1001, 1002, 1003 cycles (ns by the
# clock's rate), summary.csv to match: a quiet run whatever this machine did
flat() {
	hz=$(jq .clock.hz "$1/meta.json")
	awk -F, -v OFS=, -v hz="$hz" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	{ $c["cycles_per_op"] = sprintf("%.3f", 1000 + $c["rep"]); $c["ns_per_op"] = sprintf("%.3f", (1000 + $c["rep"]) * 1e9 / hz); print }' \
		"$1/cells.csv" >"$1/c.tmp" && mv "$1/c.tmp" "$1/cells.csv"
	awk -F, -v OFS=, -v hz="$hz" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	{ $c["cycles_per_op_median"] = "1002.000"; $c["cycles_per_op_min"] = "1001.000"; $c["cycles_per_op_max"] = "1003.000"
	  $c["ns_per_op_median"] = sprintf("%.3f", 1002e9 / hz); $c["ns_per_op_min"] = sprintf("%.3f", 1001e9 / hz)
	  $c["ns_per_op_max"] = sprintf("%.3f", 1003e9 / hz); $c["cycles_spread"] = "0.0020"; $c["noisy"] = 0; print }' \
		"$1/summary.csv" >"$1/s.tmp" && mv "$1/s.tmp" "$1/summary.csv"
}
# copy NAME STARTED: a copy of the run, quiet, idle (load 0.1), its own start
# time and run id (another run, as the reader sees it)
copies=0
copy() {
	cp -a "$base" "$tmp/$1"
	flat "$tmp/$1"
	copies=$((copies + 1))
	meta "$tmp/$1" ".host_state.load_before = [0.1, 0.1, 0.1] | .host_state.load_after = [0.1, 0.1, 0.1] | .started = \"$2\" | .run_id = \"$(printf '%032x' "$copies")\""
}
info() { "$RSSBENCH" db info --db "$db" | awk -v k="$1" '$1 == k { print $2 }'; }
# counts: runs:cells:rows of the store, from one db info
counts() { "$RSSBENCH" db info --db "$db" | awk '$1 != "schema" { printf "%s%s", n++ ? ":" : "", $2 }'; }
rows_per_run=$(($(wc -l <"$base/cells.csv") - 1))

"$RSSBENCH" db import --db "$db" "$base" >"$tmp/o" 2>"$tmp/e"
check_eq "a fresh run is imported, exit 0" "$?:$(grep -c '^imported' "$tmp/o")" "0:1"
"$RSSBENCH" db import --db "$db" "$base" >"$tmp/o" 2>"$tmp/e"
check_eq "the same run again is skipped, exit 0" "$?:$(grep -c '^skipped' "$tmp/o")" "0:1"
cp -a "$base" "$tmp/copy-of-base"
"$RSSBENCH" db import --db "$db" "$tmp/copy-of-base" >"$tmp/o" 2>"$tmp/e"
check_eq "a copy under another name is the same run" "$(grep -c '^skipped' "$tmp/o"):$(info runs)" "1:1"
copy edited 2026-01-01T00:00:00Z
"$RSSBENCH" db import --db "$db" "$tmp/edited" >"$tmp/o" 2>"$tmp/e"
check_eq "an edited copy is another run" "$(grep -c '^imported' "$tmp/o"):$(info runs):$(info cells)" \
	"1:2:$((2 * rows_per_run))"

# Damaged and crafted directories: refused, one line, exit 2, nothing imported.
refused() {	# refused "what" DIR: exit 2, one stderr line, the store unchanged
	before=$(counts)
	"$RSSBENCH" db import --db "$db" "$2" >"$tmp/o" 2>"$tmp/e"
	st=$?
	check_eq "$1: refused, one line, nothing imported" "$st:$(wc -l <"$tmp/e"):$(counts)" "2:1:$before"
}
copy trunc 2026-01-02T00:00:00Z
printf 'fault,atomic,1' >>"$tmp/trunc/cells.csv"
refused "a truncated cells.csv" "$tmp/trunc"
copy ctl 2026-01-03T00:00:00Z
printf 'fault,atomic,1,compact,none,host,1,1,1,9,20,0.1,1\033[2J,1,1,0,0,4,0,0,0,0,32,0,1,0,0,ok,\n' >>"$tmp/ctl/cells.csv"
refused "a control byte in cells.csv" "$tmp/ctl"
copy badsum 2026-01-04T00:00:00Z
sed -i '2s/$/,extra/' "$tmp/badsum/summary.csv"
refused "a damaged summary.csv (cells.csv good)" "$tmp/badsum"
copy badfoot 2026-01-05T00:00:00Z
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
	NR == 2 { $c["bytes_per_mm"] = -5 } { print }' "$tmp/badfoot/footprint.csv" >"$tmp/f.tmp" &&
	mv "$tmp/f.tmp" "$tmp/badfoot/footprint.csv"
refused "a negative number in footprint.csv" "$tmp/badfoot"
copy newer 2026-01-06T00:00:00Z
meta "$tmp/newer" '.format_version = 99'
refused "a newer format_version" "$tmp/newer"
copy link 2026-01-07T00:00:00Z
rm "$tmp/link/cells.csv" && ln -s /etc/passwd "$tmp/link/cells.csv"
before=$(info runs)
"$RSSBENCH" db import --db "$db" "$tmp/link" >"$tmp/o" 2>"$tmp/e"
st=$?
check_eq "cells.csv a link out of the directory: refused or not followed" \
	"$st:$(info runs):$(grep -c 'root:' "$tmp/e")" "2:$before:0"
cp -a "$base" "$tmp/x-partial"
refused "an interrupted run (-partial)" "$tmp/x-partial"

# Into a new store, an import that refuses every directory makes no store.
"$RSSBENCH" db import --db "$tmp/new.db" "$tmp/trunc" "$tmp/newer" >"$tmp/o" 2>"$tmp/e"
check_eq "every directory refused: exit 2, a line each, no store file made" \
	"$?:$(wc -l <"$tmp/e"):$(ls "$tmp" | grep -c '^new\.db')" "2:2:0"
# ... also where the reader takes cells.csv and the store refuses the
# directory's other tables (summary.csv, footprint.csv): no store, no -wal.
"$RSSBENCH" db import --db "$tmp/new.db" "$tmp/badsum" "$tmp/badfoot" >"$tmp/o" 2>"$tmp/e"
check_eq "every directory refused by the store's checks: exit 2, a line each, no store file made" \
	"$?:$(wc -l <"$tmp/e"):$(grep -c 'not imported' "$tmp/e"):$(ls "$tmp" | grep -c '^new\.db')" "2:2:2:0"

copy good1 2026-01-08T00:00:00Z
scale "$tmp/good1" 1.01
copy good2 2026-01-09T00:00:00Z
scale "$tmp/good2" 1.02
"$RSSBENCH" db import --db "$db" "$tmp/good1" "$tmp/trunc" "$tmp/good2" >"$tmp/o" 2>"$tmp/e"
check_eq "a refused directory among good ones: exit 2, the good ones imported" \
	"$?:$(grep -c '^imported' "$tmp/o"):$(wc -l <"$tmp/e")" "2:2:1"

# Trends: three runs at 1x, then three at 1.3x: a lasting step.
rm -f "$db"*
for i in 1 2 3 4 5 6; do
	copy t$i 2026-02-0${i}T00:00:00Z
	f=1.0$i
	[ $i -ge 4 ] && f=1.3$i
	scale "$tmp/t$i" "$f"
done
"$RSSBENCH" db import --db "$db" "$tmp"/t[1-6] >/dev/null 2>"$tmp/e"
"$RSSBENCH" db trend --db "$db" >"$tmp/trend" 2>"$tmp/e"
check_eq "a lasting +30 % step over six idle runs is a regression" \
	"$(head -1 "$tmp/trend" | grep -c ': regression')" 1
"$RSSBENCH" db trend --db "$db" --regressions >"$tmp/o" 2>"$tmp/e"
check_eq "--regressions lists it and exits 1" "$?:$(grep -c ': regression' "$tmp/o")" "1:1"
"$RSSBENCH" db trend --db "$db" --metric ops --regressions >"$tmp/o" 2>"$tmp/e"
check_eq "ops per second unchanged: nothing listed with --regressions, exit 0" "$?:$(wc -l <"$tmp/o")" "0:0"
rm -f "$db"*
for i in 4 5 6; do meta "$tmp/t$i" '.host_state.load_before = [9.0, 9.0, 9.0]'; done
"$RSSBENCH" db import --db "$db" "$tmp"/t[1-6] >/dev/null 2>"$tmp/e"
"$RSSBENCH" db trend --db "$db" >"$tmp/trend" 2>"$tmp/e"
check_eq "the same step on busy runs is not judged: the three idle ones are ok" \
	"$(head -1 "$tmp/trend" | grep -c ': ok'):$(grep -c 'busy (not judged)' "$tmp/trend")" "1:3"
rm -f "$db"*
for i in 4 5 6; do
	meta "$tmp/t$i" '.host_state.load_before = [0.1, 0.1, 0.1] | .topology.kind = "virtual"'
	sed -i '2,$s/,host,/,virtual,/' "$tmp/t$i/cells.csv"	# the rows say so too
done
"$RSSBENCH" db import --db "$db" "$tmp"/t[1-6] >/dev/null 2>"$tmp/e"
"$RSSBENCH" db trend --db "$db" >"$tmp/trend" 2>"$tmp/e"
check_eq "nor on virtual runs" \
	"$(head -1 "$tmp/trend" | grep -c ': ok'):$(grep -c 'virtual (not judged)' "$tmp/trend")" "1:3"

# Across kernels: one series, in version order (6.10 after 6.9).
rm -f "$db"*
for i in 1 2 3; do meta "$tmp/t$i" ".kernel.release = \"6.$((i + 8)).0\""; done
"$RSSBENCH" db import --db "$db" "$tmp"/t[1-3] >/dev/null 2>"$tmp/e"
"$RSSBENCH" db trend --db "$db" --order kernel >"$tmp/trend" 2>"$tmp/e"
check_eq "--order kernel: one series over three kernels, 6.9 before 6.10" \
	"$(grep -c 'all kernels' "$tmp/trend"):$(awk '/^  [0-9]/ { printf "%s ", $4 }' "$tmp/trend")" \
	"1:6.9.0 6.10.0 6.11.0 "
"$RSSBENCH" db trend --db "$db" >"$tmp/trend" 2>"$tmp/e"
check_eq "by time: a series per kernel" "$(grep -c '^vm\|^[^ ]' "$tmp/trend")" 3

# merge: a store of t1-t3 and one of t2-t4.
"$RSSBENCH" db import --db "$tmp/m.db" "$tmp"/t[2-4] >/dev/null 2>"$tmp/e"
"$RSSBENCH" db merge --db "$db" "$tmp/m.db" >"$tmp/o" 2>"$tmp/e"
check_eq "merge adds the one run missing, skips two" "$?:$(cat "$tmp/o" | sed 's/.*: //'):$(info runs)" \
	"0:1 run added, 2 already there:4"
"$RSSBENCH" db merge --db "$db" "$tmp/t1" >"$tmp/o" 2>"$tmp/e"
check_eq "merge of a directory (not a store): exit 2, one line" "$?:$(wc -l <"$tmp/e"):$(info runs)" "2:1:4"

# kill -9 during an import of 12 runs: each run whole or absent.
rm -f "$db"*
mkdir "$tmp/many"
for i in $(seq 1 12); do
	cp -a "$base" "$tmp/many/k$i"
	flat "$tmp/many/k$i"
	meta "$tmp/many/k$i" ".run_id = \"$(printf 'abc%029x' "$i")\""
	scale "$tmp/many/k$i" "1.$(printf %03d "$i")"
done
"$RSSBENCH" db import --db "$db" "$tmp"/many/* >/dev/null 2>&1 &
pid=$!
# Killed once some runs are in: whatever row it is at then.
while kill -0 $pid 2>/dev/null; do
	have=$(info runs 2>/dev/null)
	[ "${have:-0}" -ge 3 ] && break
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
runs=$(info runs)
check_eq "after kill -9 the store opens and every run in it is whole" \
	"$(info cells)" "$((runs * rows_per_run))"
"$RSSBENCH" db import --db "$db" "$tmp"/many/* >"$tmp/o" 2>"$tmp/e"
check_eq "importing again completes it: 12 runs" "$?:$(info runs):$(grep -c '^skipped' "$tmp/o")" \
	"0:12:$runs"

# Two imports at once into a new store, in opposite orders.
rm -f "$db"*
"$RSSBENCH" db import --db "$db" $(ls -d "$tmp"/many/* | sort) >"$tmp/o1" 2>"$tmp/e1" &
p1=$!
"$RSSBENCH" db import --db "$db" $(ls -d "$tmp"/many/* | sort -r) >"$tmp/o2" 2>"$tmp/e2" &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
check_eq "two imports at once: both exit 0, each run once" \
	"$s1:$s2:$(info runs):$(cat "$tmp/o1" "$tmp/o2" | grep -c '^imported')" "0:0:12:12"

# Hostile names are refused by the reader; hostile free text is imported and escaped.
copy evilname 2026-03-01T00:00:00Z
for f in cells.csv summary.csv; do
	sed -i '2,$s#^fault,atomic,#../../pwn<b>,`x`$(id),#' "$tmp/evilname/$f"
done
meta "$tmp/evilname" '.matrix.workloads = ["../../pwn<b>"] | .matrix.schemes = ["`x`$(id)"]'
refused "a workload and scheme named like paths and markup" "$tmp/evilname"
copy evil 2026-03-02T00:00:00Z
meta "$tmp/evil" '.cpu_model = "<script>alert(1)</script>" | .host = "h<b>x</b>"'
"$RSSBENCH" db import --db "$db" "$tmp/evil" >"$tmp/o" 2>"$tmp/e"
"$RSSBENCH" db site --db "$db" "$tmp/site" >"$tmp/o" 2>"$tmp/e"
check_eq "a site of hostile text: written, exit 0" "$?" 0
check_eq "markup escaped: no <script> or <b> from the store in the HTML" \
	"$(cat "$tmp/site"/*.html | grep -c '<script\|h<b>'):$(cat "$tmp/site"/index.html | grep -c '&#60;script')" "0:1"
if [ -f "$tmp/site/plots/site.gp" ]; then
	check_eq "gnuplot's script holds no stored string" \
		"$(grep -c 'script\|h<b>\|vm' <"$tmp/site/plots/site.gp")" 0
else
	skip "no gnuplot: no plot script to check"
fi

# The dashboard's claims, in a store of their own: two quick fault scenario runs
# of this machine (the later judged: its directory named with markup) and one of a
# machine named with markup; a plain run is no scenario run.
copy 'sc<i>n' 2026-07-02T00:00:00Z
meta "$tmp/sc<i>n" '. + {scenario: "fault", quick: true} | .noise.busy = false'
copy scold 2026-07-01T00:00:00Z
meta "$tmp/scold" '. + {scenario: "fault", quick: true}'
copy scevil 2026-07-03T00:00:00Z
meta "$tmp/scevil" '. + {scenario: "fault", quick: true} | .host = "h<b>y</b>"'
"$RSSBENCH" db import --db "$tmp/c.db" "$tmp/sc<i>n" "$tmp/scold" "$tmp/scevil" "$base" >"$tmp/o" 2>"$tmp/e"
"$RSSBENCH" db site --db "$tmp/c.db" "$tmp/csite" >"$tmp/o" 2>"$tmp/e"
st=$?
ix=$tmp/csite/index.html
check_eq "claims: the site is written, a claims table per machine with scenario runs" \
	"$st:$(grep -c '<table class="claims">' "$ix"):$(grep -c 'unavailable (' "$ix")" "0:2:0"
late=$(grep -o 'run-[0-9]*"><td>[0-9]*</td><td>2026-07-02' "$ix" | sed 's/run-\([0-9]*\).*/\1/')
old=$(grep -o 'run-[0-9]*"><td>[0-9]*</td><td>2026-07-01' "$ix" | sed 's/run-\([0-9]*\).*/\1/')
check_eq "claims: judged on the machine's latest scenario run, linked to its row, not the older one" \
	"$(grep -c "<a href=\"#run-$late\">run $late</a> (fault, quick)</td></tr>" "$ix"):$(grep -c "href=\"#run-$old\"" "$ix")" "2:0"
check_run "claims: a verdict of the quick run says so (lazy-atomic's fault claim: no such cells)" \
	grep -q '<td class="na">not measurable here (the run has no lazy-atomic cells; quick run: 3 reps&#44; ' "$ix"
check_run "claims: a scenario not run names its command, as code" \
	grep -q '<td class="na">not run (<code>rssbench run --scenario seed-error</code>)</td>' "$ix"
check_eq "claims: the hostile directory and host names escaped, never raw" \
	"$(grep -c 'sc<i>n\|h<b>y' "$ix"):$(grep -c "run $late</a> (fault, quick, <code>sc&#60;i&#62;n</code>)" "$ix"):$(grep -c '<h3>h&#60;b&#62;y&#60;/b&#62; (' "$ix")" "0:1:1"
# The same engine: the site's first table (the newest machine's, scevil's) has the
# verdicts of the combined report of the same run.
GNUPLOT=no "$RSSBENCH" plot -q --output "$tmp/cmb" "$tmp/scevil" >/dev/null 2>"$tmp/e"
grep '^| ' "$tmp/cmb/report.md" | awk -F'|' 'NR > 1 { v = $7; gsub(/^ *\*\*|\*\* *$/, "", v); gsub(/`/, "", v); print v }' >"$tmp/v.md"
awk '/<table class="claims">/ { on = 1 } on { print } on && /<\/table>/ { exit }' "$ix" |
	grep -o '<td class="\(v2\|v4\|na\)">[^/]*\(/code>[^/]*\)\{0,1\}</td>' | sed 's/<td class="[a-z0-9]*">//; s/<\/td>$//; s/<\/\{0,1\}code>//g; s/&#44;/,/g; s/&#39;/'"'"'/g' >"$tmp/v.html"
check_eq "claims: the site's verdicts are those of rssbench plot's combined report on the same run" \
	"$([ -s "$tmp/v.md" ] && echo rows):$(cmp -s "$tmp/v.md" "$tmp/v.html" && echo same)" "rows:same"
RSS_PLOT=$tmp/no-such-engine "$RSSBENCH" db site --db "$tmp/c.db" "$tmp/csite" >"$tmp/o" 2>"$tmp/e"
check_eq "claims without the engine: the site is written, the claims unavailable with why" \
	"$?:$(grep -c '<h2>Claims</h2>' "$ix"):$(grep -c 'unavailable (the claims engine ' "$ix")" "0:1:1"

# The site replaced in place (a trailing / too); a directory it did not write is refused.
"$RSSBENCH" db site --db "$db" "$tmp/site/" >"$tmp/o" 2>"$tmp/e"
check_eq "db site over its own site: replaced, nothing left beside it" \
	"$?:$(ls -a "$tmp" | grep -c 'site\.\(tmp\|old\)-'):$(ls "$tmp/site" | grep -c index.html)" "0:0:1"
mkdir "$tmp/notsite" && echo keep >"$tmp/notsite/mine"
"$RSSBENCH" db site --db "$db" "$tmp/notsite" >"$tmp/o" 2>"$tmp/e"
check_eq "db site over a directory it did not write: exit 2, left alone" \
	"$?:$(cat "$tmp/notsite/mine"):$(ls "$tmp/notsite" | wc -l)" "2:keep:1"

# gate --baseline-db: the store's latest earlier idle run of the machine.
"$RSSBENCH" db import --db "$tmp/g.db" "$tmp/t1" "$tmp/t2" >/dev/null 2>"$tmp/e"
copy cand 2026-05-01T00:00:00Z
"$RSSBENCH" gate --baseline-db "$tmp/g.db" "$tmp/cand" >"$tmp/o" 2>"$tmp/e"
st=$?
check_eq "gate --baseline-db: judged against the latest earlier run (t2), not an error" \
	"$([ $st -le 2 ] && echo judged):$(grep -c '^note: baseline: run 2 ' "$tmp/o"):$(ls "${TMPDIR:-/tmp}" | grep -c "rssbench-baseline-")" \
	"judged:1:0"
meta "$tmp/cand" '.host = "elsewhere"'
"$RSSBENCH" gate --baseline-db "$tmp/g.db" "$tmp/cand" >"$tmp/o" 2>"$tmp/e"
check_eq "no run of the candidate's machine in the store: exit 3, one line" "$?:$(wc -l <"$tmp/e")" "3:1"
