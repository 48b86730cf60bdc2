#!/bin/sh
# kernels_scenario.sh - the kernels scenario without qemu: `rssbench guest`
# is a stub (RSS_GUEST) that runs the rendered plan here, marked as a guest
# the way the guest's init marks it (RSSBENCH_GUEST_FACTS), with the
# release of the image it was given (RSSBENCH_KERNELS holds empty images).
# Checked: the argv each guest got, the joined view's kernel columns (one
# key per kernel: two guests at 8 vCPUs are two cells; each guest's clock
# its own), meta.json's
# kernels[] and guests/, that every reader takes the view (resdir
# validation, compare, plot export, db import), a missing image and a
# failing guest recorded as not measured, nothing written when no guest
# ran; then the claims rows from fixed facts (reproduced, not reproduced,
# not measurable).
. "${top_srcdir:-.}/tests/lib.sh"
scratch kernels
echo "1..40"

here=$(cd "$(dirname "$0")" && pwd)
abs_rss=$(cd "$(dirname "$RSSBENCH")" && pwd)/$(basename "$RSSBENCH")
kdir=$tmp/kernels
for r in 6.1.0-57-cloud-amd64 6.1.0-50-cloud-amd64 6.12.117+deb12-cloud-amd64; do
	mkdir -p "$kdir/linux-image-$r/boot" && : >"$kdir/linux-image-$r/boot/vmlinuz-$r"
done
# The stub: logs its argv, runs `rssbench run` on it as the guest's init
# would, sets the release to the image's and prints the results line.
cat >"$tmp/guest" <<'EOF'
#!/bin/sh
[ -z "$STUB_FAIL" ] || case $* in *"$STUB_FAIL"*) echo "rssbench guest: the guest kernel panicked after 3 s: stub (console tail in /gone/console.log)" >&2; exit 2;; esac
echo "$*" >>"$STUB_LOG"
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) k=$2; shift 2;;
	--cpus) c=$2; shift 2;;
	-o) o=$2; shift 2;;
	--) shift; break;;
	*) shift;;
	esac
done
rel=$(basename "$k"); rel=${rel#vmlinuz-}
mkdir -p "$o/in" || exit 2
printf '{"accelerator": "tcg", "vcpus": %s, "nodes": 1, "memory_mib": 640}\n' "$c" >"$o/facts.json"
RSSBENCH_GUEST_FACTS=$o/facts.json "$RSSBENCH" run "$@" -q -o "$o/in" >"$o/out" 2>"$o/err"
rc=$?
d=$(sed -n 's/^results: //p' "$o/out")
[ -d "$d" ] || { echo "rssbench guest: no results frame came back (stub: $(tail -1 "$o/err"))" >&2; exit 2; }
# Each guest calibrates its own clock: the 6.12 one runs 1.5 times as fast here.
case $rel in 6.12*) f=1.5 ;; *) f=1 ;; esac
hz=$(jq ".clock.hz * $f" "$d/meta.json")
jq --arg r "$rel" --argjson hz "$hz" '.kernel.release = $r | .clock.hz = $hz' "$d/meta.json" >"$o/m" && mv "$o/m" "$d/meta.json"
awk -F, -v OFS=, -v hz="$hz" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; print; next }
	$h["cycles_per_op"] != "NA" { $h["ns_per_op"] = sprintf("%.3f", $h["cycles_per_op"] * 1e9 / hz) } { print }' \
	"$d/cells.csv" >"$o/c" && mv "$o/c" "$d/cells.csv"
# One name for every guest, as two guests done in one second would have.
mv "$d" "$o/guest-stub" && echo "results: $o/guest-stub"
exit $rc
EOF
chmod +x "$tmp/guest"
export RSS_GUEST="$tmp/guest" RSSBENCH="$abs_rss" RSSBENCH_KERNELS="$kdir" STUB_LOG="$tmp/argv"
col() {	# col FILE COLUMN: that column of every row
	awk -F, -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print $h[c] }' "$1"
}

"$RSSBENCH" run --scenario kernels --quick --no-plots -q -o "$tmp/out" >"$tmp/sc.out" 2>"$tmp/sc.err"
rc=$?
dir=$(sed -n 's/^results: //p' "$tmp/sc.out")
case $(basename "$dir") in
*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]-kernels) good=1 ;;
*) good=0 ;;
esac
[ $rc -le 1 ] && [ -d "$dir" ] && [ "$(ls -A "$tmp/out")" = "$(basename "$dir")" ] || good=0
report "$good" "kernels --quick: one directory <host>-<stamp>-kernels, the staging gone (exit $rc)"
[ $good = 1 ] || sed 's/^/# /' "$tmp/sc.err"

check_eq "the guests booted: the newest 6.1 image, then 6.12, 8 vCPUs each" \
	"$(awk '{ print $2, $4 }' "$tmp/argv" | sed "s|$kdir/||" | tr '\n' ' ')" \
	"linux-image-6.1.0-57-cloud-amd64/boot/vmlinuz-6.1.0-57-cloud-amd64 8 linux-image-6.12.117+deb12-cloud-amd64/boot/vmlinuz-6.12.117+deb12-cloud-amd64 8 "
check_eq "the 6.1 guest's run options: rendered from its plan (native and split-rss, fault, max threads, 2000 events)" \
	"$(head -1 "$tmp/argv" | sed 's/.* -- //')" \
	"--scheme=native,split-rss --workload=fault --threads=max --placement=compact --migrate=none --events-per-task=2000 --reps=1 --events=none --seed=1"
check_eq "the joined cells.csv ends with the kernel columns" \
	"$(head -1 "$dir/cells.csv" | awk -F, '{ print $(NF-2) "," $(NF-1) "," $NF }')" "kernel,vcpus,kernel_era"
check_eq "each guest's rows carry its kernel and vCPUs" \
	"$(awk -F, 'NR > 1 { print $(NF-2) " " $(NF-1) }' "$dir/cells.csv" | sort -u | tr '\n' ' ')" \
	"6.1.0-57-cloud-amd64 8 6.12.117+deb12-cloud-amd64 8 "
era=$(col "$dir/cells.csv" kernel_era | sort -u)
case $era in
split-rss|percpu_counter|percpu_counter+precise_status) ok "the era native found here is named ($era)" ;;
*) not_ok "kernel_era '$era'" ;;
esac
check_eq "summary.csv has the kernel per row too: 4 rows, 2 kernels" \
	"$(col "$dir/summary.csv" kernel | sort | uniq -c | awk '{ print $1 }' | tr '\n' ' ')" "2 2 "
check_eq "meta.json kernels[]: both guests ok, their directories in guests/" \
	"$(jq -r '[.kernels[] | .series + ":" + (.vcpus | tostring) + ":" + .result] | join(" ")' "$dir/meta.json")" \
	"6.1:8:ok 6.12:8:ok"
good=1
for g in $(jq -r '.kernels[].dir' "$dir/meta.json"); do [ -s "$dir/$g/cells.csv" ] || good=0; done
[ "$(jq -r '.topologies[0].file' "$dir/meta.json")" = topology-6.1.0-57-cloud-amd64-8.xml ] &&
	[ -s "$dir/topology-6.1.0-57-cloud-amd64-8.xml" ] || good=0
[ "$(jq -r '.kernels[1].dir' "$dir/meta.json")" = guests/guest-stub-2 ] || good=0
report "$good" "each guest's own directory is kept (a second of the same name as -2); each topology under its kernel's name"

# Every reader takes the view: the same cell at 8 vCPUs on two kernels is two
# cells, each guest's ns_per_op at its own clock.
if "$RSSBENCH" ratios -m settled_err "$dir" >"$tmp/ratios" 2>"$tmp/err"; then
	ok "the reader takes the joined view (ratios)"
else
	not_ok "ratios refused it: $(cat "$tmp/err")"
fi
"$RSSBENCH" run --scenario kernels --quick --no-plots -q -o "$tmp/again" >"$tmp/sc2.out" 2>/dev/null
"$RSSBENCH" compare "$dir" "$(sed -n 's/^results: //p' "$tmp/sc2.out")" >"$tmp/cmp" 2>"$tmp/err"
rc=$?
grep -q 'native  *[0-9]* 6\.1\.0-57-cloud-amd64 ' "$tmp/cmp" && grep -q 'native  *[0-9]* 6\.12\.117+deb12-cloud-amd64 ' "$tmp/cmp"
check_eq "compare pairs each kernel's cells and names the kernel (exit $rc)" "$?$([ $rc -le 1 ] && echo ok)" 0ok
# The summary pools no kernels: a line per scheme and kernel, in table, CSV and JSON.
awk '/^per scheme:/ { on = 1; next } on && NF == 0 { exit } on' "$tmp/cmp" >"$tmp/sum"
check_eq "compare's per-scheme summary: native on each kernel its own line" \
	"$(grep -c '^native 6\.1\.0-57-cloud-amd64 ' "$tmp/sum"):$(grep -c '^native 6\.12\.117+deb12-cloud-amd64 ' "$tmp/sum")" "1:1"
"$RSSBENCH" compare -f csv "$dir" "$(sed -n 's/^results: //p' "$tmp/sc2.out")" >"$tmp/cmp.csv" 2>"$tmp/err"
"$RSSBENCH" compare -f json "$dir" "$(sed -n 's/^results: //p' "$tmp/sc2.out")" >"$tmp/cmp.json" 2>>"$tmp/err"
check_eq "compare CSV and JSON: each row and geometric mean names its kernel" \
	"$(awk -F, 'NR == 1 { print $NF } $10 == "geomean" && $3 == "native" && $4 == "*" { print $NF }' "$tmp/cmp.csv" | sort | uniq -c | awk '{ printf "%s %s;", $1, $2 }') $(jq -r '[.comparisons[0].rows[] | select(.scheme == "native") | .kernel] | unique | join(" ")' "$tmp/cmp.json")" \
	"3 6.1.0-57-cloud-amd64;3 6.12.117+deb12-cloud-amd64;1 kernel; 6.1.0-57-cloud-amd64 6.12.117+deb12-cloud-amd64"
"$RSSBENCH" gate --baseline "$dir" "$(sed -n 's/^results: //p' "$tmp/sc2.out")" >/dev/null 2>"$tmp/err"
rc=$?
check_eq "gate judges the view (no verdict on a guest's timings, never an error)" "$([ $rc -le 2 ] && echo judged)" judged
"$RSSBENCH" gate -f json --baseline "$dir" "$(sed -n 's/^results: //p' "$tmp/sc2.out")" >"$tmp/gate.json" 2>/dev/null
check_eq "gate's JSON cells name their kernel (the same cell on two kernels told apart)" \
	"$(jq -r '[.cells[] | select(.scheme == "native") | .kernel] | join(" ")' "$tmp/gate.json")" \
	"6.1.0-57-cloud-amd64 6.12.117+deb12-cloud-amd64"
# Kernel names of 64 bytes (the most a name has), alike to their last byte:
# compare's summary and rows show each whole, never cut to one shown name.
l1=6.1.0-57-cloud-amd64-$(printf '%042d' 0)1 l2=6.1.0-57-cloud-amd64-$(printf '%042d' 0)2
for s in a b; do
	[ $s = a ] && src=$dir || src=$(sed -n 's/^results: //p' "$tmp/sc2.out")
	rm -rf "$tmp/long$s" && cp -r "$src" "$tmp/long$s"
	for f in cells.csv summary.csv meta.json topologies.csv workers.csv errtrace.csv; do
		[ -f "$tmp/long$s/$f" ] && sed -i "s/6\.1\.0-57-cloud-amd64/$l1/g; s/6\.12\.117+deb12-cloud-amd64/$l2/g" "$tmp/long$s/$f"
	done
done
"$RSSBENCH" compare -s native "$tmp/longa" "$tmp/longb" >"$tmp/cmp" 2>"$tmp/err"
check_eq "64-byte kernel names shown whole: the summary's and the rows' (exit $?)" \
	"$(grep -c "^native $l1 " "$tmp/cmp"):$(grep -c "^native $l2 " "$tmp/cmp"):$(grep -c "^fault  *native  *2 $l2 " "$tmp/cmp")" "1:1:13"
GNUPLOT=no "$RSSBENCH" plot -q "$dir" >/dev/null 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q '^## Kernels' "$dir/report.md" && grep -q '| 6.1.0-57-cloud-amd64 | 8 |' "$dir/report.md" &&
	grep -q 'the split-rss port matches the 6.1 kernel' "$dir/report.md" && good=1
report "$good" "plot: report.md has the Kernels table and the port-matches-kernel claims (exit $rc)"
grep -F 'the split-rss port matches the 6.1 kernel' "$dir/report.md" | grep -q '64 vCPUs.*not measurable here (the --quick form boots 8 vCPUs only'
check_eq "a --quick run's 64-vCPU row is not measurable, with the reason" "$?" 0
"$RSSBENCH" db import --db "$tmp/s.db" "$dir" >/dev/null 2>"$tmp/err"
rc=$?
check_eq "db import takes it: its 4 cells under their kernels (exit $rc)" \
	"$(sqlite3 "$tmp/s.db" "SELECT count(*) FROM cells WHERE kernel <> ''")" 4
# A guest's own directory (no kernel columns; its run_id not the view's) imports beside it.
"$RSSBENCH" db import --db "$tmp/s.db" "$dir/$(jq -r '.kernels[1].dir' "$dir/meta.json")" >/dev/null 2>"$tmp/err"
check_eq "a directory without the columns imports beside it, kernel ''" \
	"$(sqlite3 "$tmp/s.db" "SELECT count(*) FROM runs") $(sqlite3 "$tmp/s.db" "SELECT count(*) FROM cells WHERE kernel = ''")" "2 2"

# A hostile kernel column: not a name, refused by the reader.
cp -r "$dir" "$tmp/bad"
sed -i '2s/6\.1\.0-57-cloud-amd64/$(touch PWNED)/' "$tmp/bad/cells.csv"
"$RSSBENCH" ratios "$tmp/bad" >/dev/null 2>"$tmp/err"
check_eq "a kernel value that is not a name is refused (exit 2, one line)" "$?:$(wc -l <"$tmp/err")" "2:1"

# A guest's vcpus is a whole number of CPUs as rssbench writes it: not 8.5, 1e300, 0 or 08.
for v in 8.5 1e300 0 08; do
	rm -rf "$tmp/badv" && cp -r "$dir" "$tmp/badv"
	awk -F, -v OFS=, -v v="$v" 'NR == 2 { $(NF - 1) = v } { print }' "$dir/cells.csv" >"$tmp/badv/cells.csv"
	"$RSSBENCH" compare "$tmp/badv" "$dir" >/dev/null 2>"$tmp/err"
	r=$?:$(wc -l <"$tmp/err")
	check_eq "cells.csv's vcpus $v is refused, naming the column (exit 2, one line)" \
		"$r:$(grep -c 'vcpus is "'"$v"'", not a whole number from 1 to 8192' "$tmp/err")" "2:1:1"
done

# The guest columns hang together: all three or none, and a row's vcpus is a
# guest's that ran (meta.json's kernels[], result ok).
rm -rf "$tmp/badv" && cp -r "$dir" "$tmp/badv"
sed -i '1s/,vcpus,/,cpus_of_guest,/' "$tmp/badv/cells.csv"
"$RSSBENCH" compare "$tmp/badv" "$dir" >/dev/null 2>"$tmp/err"
check_eq "a kernel column without vcpus is refused (exit 2, one line, naming the columns)" \
	"$?:$(wc -l <"$tmp/err"):$(grep -c 'not all three' "$tmp/err")" "2:1:1"
rm -rf "$tmp/badv" && cp -r "$dir" "$tmp/badv"
awk -F, -v OFS=, 'NR == 2 { $(NF - 1) = 64 } { print }' "$dir/cells.csv" >"$tmp/badv/cells.csv"
"$RSSBENCH" ratios "$tmp/badv" >/dev/null 2>"$tmp/err"
check_eq "a row's vcpus 64 where no guest ran 64 vCPUs is refused (exit 2, one line)" \
	"$?:$(wc -l <"$tmp/err"):$(grep -c 'no guest that ran with 64 vCPUs' "$tmp/err")" "2:1:1"

# kernels[] of the wrong shape: every reader refuses it as plot does (one
# line, exit 2), db import too (compare and the store took it).
jq '.kernels[0].vcpus = "8"' "$dir/meta.json" >"$tmp/m" && cp -r "$dir" "$tmp/badk" && mv "$tmp/m" "$tmp/badk/meta.json"
"$RSSBENCH" compare "$tmp/badk" "$dir" >/dev/null 2>"$tmp/err"
r1=$?:$(wc -l <"$tmp/err")
"$RSSBENCH" db import --db "$tmp/badk.db" "$tmp/badk" >/dev/null 2>"$tmp/err"
check_eq "a kernels[] entry of vcpus \"8\" is refused by compare and db import (exit 2, one line)" \
	"$r1 $?:$(wc -l <"$tmp/err"):$(sqlite3 "$tmp/badk.db" "SELECT count(*) FROM runs" 2>/dev/null || echo 0)" "2:1 2:1:0"

# A hostile reason in kernels[]: escaped in report.md, never run or rendered.
jq '.kernels[0].result = "failed" | .kernels[0].why = "$(touch PWNED) <b>x</b> `y` |z"' "$tmp/bad/meta.json" >"$tmp/m" 2>/dev/null &&
	mv "$tmp/m" "$tmp/bad/meta.json"
git_cells=$(sed -n 2p "$dir/cells.csv")
sed -i "2s/.*/$(printf '%s' "$git_cells" | sed 's/[&/\\]/\\&/g')/" "$tmp/bad/cells.csv"
(cd "$tmp" && GNUPLOT=no "$abs_rss" plot -q bad >/dev/null 2>&1)
good=0
[ ! -e PWNED ] && [ ! -e "$tmp/PWNED" ] && [ -s "$tmp/bad/report.md" ] && ! grep -q '<b>' "$tmp/bad/report.md" &&
	grep -q 'not measurable here (failed: ' "$tmp/bad/report.md" && good=1
report "$good" "a hostile reason in kernels[] is escaped in report.md's Kernels table, nothing run"
# ... and once in the dashboard's claims table: the engine's escapes (&#124;)
# are put as they are, not escaped again into a visible "&#38;#124;".
"$RSSBENCH" db import --db "$tmp/bad.db" "$tmp/bad" >/dev/null 2>&1 &&
	"$RSSBENCH" db site --db "$tmp/bad.db" "$tmp/site" >/dev/null 2>&1
good=0
[ -s "$tmp/site/index.html" ] && ! grep -q '<b>x\|&#38;#' "$tmp/site/index.html" &&
	grep -q 'the guest failed: &#36;(touch PWNED) &#60;b&#62;x&#60;/b&#62; &#96;y&#96; &#124;z' "$tmp/site/index.html" && good=1
report "$good" "... and escaped once in db site's claims table (no <b>, no &#38;#124;)"

# A series without an image, and a guest that fails: recorded, never a verdict.
rm -rf "$kdir/linux-image-6.1.0"*
: >"$tmp/argv"
STUB_FAIL=6.12 "$RSSBENCH" run --scenario kernels --quick -q -o "$tmp/out2" >"$tmp/sc.out" 2>"$tmp/sc.err"
rc=$?
check_eq "no guest brought results back: exit 2, nothing written" "$rc:$(ls -A "$tmp/out2" 2>/dev/null | wc -l)" "2:0"
mkdir -p "$kdir/linux-image-6.1.0-57-cloud-amd64/boot" && : >"$kdir/linux-image-6.1.0-57-cloud-amd64/boot/vmlinuz-6.1.0-57-cloud-amd64"
# One guest fails: the other kept; its why without the staging directory's console path.
STUB_FAIL=vmlinuz-6.1.0 GNUPLOT=no "$RSSBENCH" run --scenario kernels --quick -q -o "$tmp/out4" >"$tmp/sc.out" 2>"$tmp/sc.err"
rc=$?
d4=$(sed -n 's/^results: //p' "$tmp/sc.out")
check_eq "a failed 6.1 guest: exit 1, kernels[] says failed with the guest's line, not the gone console path" \
	"$rc $(jq -r '.kernels[0].result + ": " + .kernels[0].why + "; " + .kernels[1].result' "$d4/meta.json")" \
	"1 failed: rssbench guest: the guest kernel panicked after 3 s: stub; ok"
rm -rf "$kdir/linux-image-6.12"*
GNUPLOT=no "$RSSBENCH" run --scenario kernels --quick -q -o "$tmp/out3" >"$tmp/sc.out" 2>"$tmp/sc.err"
rc=$?
d3=$(sed -n 's/^results: //p' "$tmp/sc.out")
check_eq "6.12 not installed: the 6.1 guest kept, exit 1, kernels[] says why" \
	"$rc $(jq -r '.kernels[0].result + ", " + .kernels[1].result + ": " + .kernels[1].why' "$d3/meta.json" | sed "s/ in .*/ in/")" "1 ok, not run: no 6.12 kernel image in"
grep -F 'the percpu port matches the 6.12 kernel' "$d3/report.md" | grep '(8 vCPUs)' | grep -q 'not measurable here (no guest: no 6.12 kernel image'
check_eq "its 6.12 claim row: not measurable here, with the reason" "$?" 0

# --- the claims rule, from fixed facts ------------------------------------
# facts LINES...: claims.awk's rows for a kernels directory "k" (quick false).
facts() {
	{ echo "M|k|kernels|false|guest|8|8|1|0|0"; printf '%s\n' "$@"; } | awk -f "$here/../scripts/claims.awk" 2>/dev/null |
		awk -F'|' '$1 == "kernel-6.1-8" { print $7 }'
}
base="G|k|6.1|8|ok|"
kt="KT|k|6.1.0-57|native|8|8|split-rss
KT|k|6.1.0-57|split-rss|8|8|split-rss"
v=$(facts "$base" "$kt" "K|k|6.1.0-57|8|native|8|none|24|322|660|ok" "K|k|6.1.0-57|8|split-rss|8|none|24|306|528|ok")
check_eq "24 against 24 pages, both within their bounds: reproduced" "$v" "reproduced (split-rss ÷ native 1.00)"
v=$(facts "$base" "$kt" "K|k|6.1.0-57|8|native|8|none|372|400|660|ok" "K|k|6.1.0-57|8|split-rss|8|none|24|306|528|ok")
check_eq "372 against 24 (issue 19's first comparison): not reproduced" "$v" "not reproduced (split-rss ÷ native 0.06)"
v=$(facts "$base" "$kt" "K|k|6.1.0-57|8|native|8|none|500|600|660|ok" "K|k|6.1.0-57|8|split-rss|8|none|600|700|528|ok")
check_eq "within the factor but the port above its bound and native not: not reproduced" "$v" \
	"not reproduced (one is within its bound, the other above)"
v=$(facts "G|k|6.1|8|failed|the guest kernel panicked after 3 s" "$kt")
check_eq "a failed guest: not measurable here, with its reason" "$v" \
	"not measurable here (the guest failed: the guest kernel panicked after 3 s)"
v=$(facts "$base" "KT|k|6.1.0-57|native|8|16|split-rss" "KT|k|6.1.0-57|split-rss|8|16|split-rss" \
	"K|k|6.1.0-57|8|native|8|none|24|322|660|ok" "K|k|6.1.0-57|8|split-rss|8|none|24|306|528|ok")
case $v in "not measurable here (the cells migrate tasks or run other than one task per worker"*) ok "two tasks per worker: not measurable here" ;;
*) not_ok "two tasks per worker: '$v'" ;; esac
# A kernel called 6.1 whose native found percpu_counter (this stub's host, a patched kernel).
v=$(facts "$base" "KT|k|6.1.0-57|native|8|8|percpu_counter" "KT|k|6.1.0-57|split-rss|8|8|percpu_counter" \
	"K|k|6.1.0-57|8|native|8|none|24|322|660|ok" "K|k|6.1.0-57|8|split-rss|8|none|24|306|528|ok")
check_eq "native found another era than the series': not measurable here" "$v" \
	"not measurable here (native found percpu_counter in kernel 6.1.0-57, not 6.1's split-rss: the port is not this kernel's scheme)"
