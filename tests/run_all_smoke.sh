#!/bin/sh
# run_all_smoke.sh - ./run-all --quick (with very short cells) produces a
# complete results directory: every file, the documented columns, one row per
# cell and repetition, rectangular CSV, every cell verified, and report.md
# with plots/ (images where the build has gnuplot).
: "${RSSBENCH:=./rssbench}" "${RUN_ALL:=./run-all}"
tmp=tests/tmp-smoke-$$
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
export RSSBENCH

echo "1..11"
# Operations per task, not seconds: on a loaded machine a 30 ms window may
# see no operation of a cell at all, and such a cell is unverified (exit 1).
RSSBENCH="$RSSBENCH" "$RUN_ALL" --quick --output "$tmp" --events-per-task 8 --reps 2 --scan-mms 200 -q \
	>"$tmp.out" 2>"$tmp.err"
rc=$?
dir=$(sed -n 's/^results: //p' "$tmp.out")
rm -f "$tmp.out"
# Under sanitizers native's cells are unverified, so run-all exits 1; test 10
# checks that they are the only ones.
ok_rc=0
[ "${RSS_SANITIZERS:-no}" = no ] || [ $rc -ne 1 ] || ok_rc=1
if [ $rc -ne $ok_rc ] || [ ! -d "$dir" ]; then
	echo "not ok 1 - run-all --quick exited $rc"
	sed 's/^/# /' "$tmp.err"
	rm -f "$tmp.err"
	exit 1
fi
rm -f "$tmp.err"
echo "ok 1 - run-all --quick wrote $dir"

case $(basename "$dir") in
*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]) echo "ok 2 - named <host>-<YYYYmmdd-HHMMSS>" ;;
*) echo "not ok 2 - bad directory name $(basename "$dir")" ;;
esac

missing=
for f in meta.json topology.xml cells.csv summary.csv workers.csv errtrace.csv footprint.csv; do
	[ -s "$dir/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && echo "ok 3 - all files present and non-empty" || echo "not ok 3 - missing:$missing"

leftover=$(find "$tmp" -mindepth 1 -maxdepth 1 \( -name '.*' -o -name '*-partial' \) | wc -l)
[ "$leftover" -eq 0 ] && echo "ok 4 - no temporary directory left" || echo "not ok 4 - $leftover temporary directories left"

grep -q '"format_version": 2' "$dir/meta.json" && grep -q '"papi"' "$dir/meta.json" &&
	grep -q '"hz"' "$dir/meta.json" && grep -q '"git_revision"' "$dir/meta.json" &&
	echo "ok 5 - meta.json has format version, clock, PAPI status and revision" ||
	echo "not ok 5 - meta.json incomplete"

head -c 5 "$dir/topology.xml" | grep -q '<?xml' && echo "ok 6 - topology.xml is hwloc XML" ||
	echo "not ok 6 - topology.xml is not XML"

want="workload,scheme,threads,placement,migration,topology_kind,tasks,tasks_per_mm,mms,rep,ops,window_s,cycles_per_op,ns_per_op,ops_per_sec"
tail_want="err_max,err_p99,err_samples,settled_err,precise_err,bound_under,bound_over,bytes_per_mm,pcpu_bytes_per_mm,switches,migrations,failures,verify,notes"
header=$(head -1 "$dir/cells.csv")
case $header in
"$want",*",$tail_want") echo "ok 7 - cells.csv has the documented columns" ;;
*) echo "not ok 7 - cells.csv header: $header" ;;
esac

schemes=$("$RSSBENCH" list | awk '/^schemes:/ {s=1; next} /^workloads:/ {s=0} s && /^  [a-z]/ && !/origin:/' | wc -l)
workloads=$("$RSSBENCH" list | awk '/^workloads:/ {w=1; next} w && /^  [a-z]/' | wc -l)
threads=$(awk -F, 'NR > 1 {print $3}' "$dir/cells.csv" | sort -u | wc -l)
expect=$((workloads * schemes * threads * 2 * 2))
rows=$(($(wc -l <"$dir/cells.csv") - 1))
[ "$rows" -eq "$expect" ] && echo "ok 8 - $rows rows: $workloads workloads x $schemes schemes x $threads thread counts x 2 migrations x 2 reps" ||
	echo "not ok 8 - $rows rows, expected $expect"

bad=$(for f in cells.csv summary.csv workers.csv errtrace.csv footprint.csv; do
	awk -F, -v f="$f" 'NR == 1 {n = NF} NF != n {print f ":" NR}' "$dir/$f"
done | head -3)
[ -z "$bad" ] && echo "ok 9 - every CSV is rectangular" || echo "not ok 9 - ragged rows: $bad"

# Under sanitizers the process RSS includes the sanitizer's own memory, so
# the native scheme (the kernel's count of this process) cannot be exact.
skip_native=0
[ "${RSS_SANITIZERS:-no}" = no ] || skip_native=1
notok=$(awk -F, -v skip="$skip_native" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "verify") c = i; next }
	$c != "ok" && !(skip && $2 == "native" && $c == "unverified")' "$dir/cells.csv" | head -3)
[ -z "$notok" ] && echo "ok 10 - every cell verified (exact precise read, settled error within bound)" ||
	{ echo "not ok 10 - cells failed verification"; echo "$notok" | sed 's/^/# /'; }

plots_ok=1
[ -s "$dir/report.md" ] && [ -s "$dir/plots/headline.gp" ] || plots_ok=0
[ "${GNUPLOT:-no}" = no ] || [ -s "$dir/plots/headline.png" ] || plots_ok=0
[ $plots_ok = 1 ] && echo "ok 11 - run-all wrote report.md and plots/" ||
	echo "not ok 11 - no report.md or plots/ in $dir"
