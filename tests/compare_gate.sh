#!/bin/sh
# compare_gate.sh - rssbench compare and gate on synthetic results
# directories built here (never timings from this machine): the gate's exit
# status for a slowdown, for noise, for too few repetitions, for a memory
# change and for damaged input; compare's level-matched table across two
# topologies and its CSV and JSON.
. "${top_srcdir:-.}/tests/lib.sh"
scratch cmp

# mkres DIR TOPOLOGY REPS SLOWDOWN NOISE "THREADS" [BYTES_EXTRA [SALT]]
# Two schemes, one row per cell and repetition; a value's noise is a
# deterministic spread of +-NOISE around the cell's base.  future_col and
# future_key stand for what a later format version may add.
mkres() {
	dir=$1
	mkdir -p "$dir" &&
	"$RSSBENCH" topo -T "$2" --export "$dir/topology.xml" || return 1
	printf '{"format_version": 1, "host": "synthetic", "cpu_model": "none", "topology": {"kind": "host"}, "future_key": {"x": 1}}\n' \
		>"$dir/meta.json"
	awk -v reps="$3" -v slow="$4" -v noise="$5" -v threads="$6" -v extra="${7:-0}" \
	    -v salt="${8:-0}" 'BEGIN {
		print "workload,scheme,threads,placement,migration,rep,cycles_per_op,ns_per_op," \
		      "ops_per_sec,future_col,ev:PAPI_L1_DCM,err_max,err_p99,settled_err," \
		      "precise_err,bound_under,bound_over,bytes_per_mm,pcpu_bytes_per_mm,failures,verify"
		nt = split(threads, t, " ")
		ns = split("atomic percpu", s, " ")
		for (i = 1; i <= ns; i++) for (j = 1; j <= nt; j++) for (r = 1; r <= reps; r++) {
			k = (r * 7919 + (i * 31 + j) * 104729 + salt * 4513) % 1000
			c = (1000 * i + 100 * t[j]) * slow * (1 + noise * (k / 500 - 1))
			printf "fault,%s,%d,compact,none,%d,%.2f,%.3f,%.1f,zzz,unavailable (no PMU)," \
			       "%d,%d,%d,0,%d,%d,%d,0,0,ok\n", s[i], t[j], r, c, c / 2.6, 2.6e9 / c,
			       k % 50, k % 40, k % 30, 32 * i, 32 * i, 64 * i + extra
		}
	}' >"$dir/cells.csv"
}

report_failure() {
	sed 's/^/# out: /' "$tmp/out"
	sed 's/^/# err: /' "$tmp/err"
}

gate() {	# gate "what" EXPECTED_RC "expected stdout words" DIR [BASELINE]
	what=$1 want=$2 words=$3
	"$RSSBENCH" gate --baseline "${5:-$tmp/base}" "$4" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ "$rc" -eq "$want" ] && grep -q -- "$words" "$tmp/out" && good=1
	report $good "gate: $what exits $want (got $rc)"
}

gate_error() {	# gate_error "what" "expected message words" DIR [options]
	what=$1 words=$2 dir=$3
	shift 3
	"$RSSBENCH" gate --baseline "$tmp/base" "$@" "$dir" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ "$rc" -eq 3 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$words" "$tmp/err" &&
		good=1
	report $good "gate: $what exits 3 with one line (got $rc: $(cat "$tmp/err"))"
}

T1="pack:1 l3:1 core:2 pu:1"
mkres "$tmp/base" "$T1" 9 1 0.02 "1 2" 0 0 &&
mkres "$tmp/slow" "$T1" 9 1.3 0.02 "1 2" 0 1 &&
mkres "$tmp/noise" "$T1" 9 1 0.02 "1 2" 0 2 &&
mkres "$tmp/base3" "$T1" 3 1 0.02 "1 2" 0 7 &&
mkres "$tmp/three" "$T1" 3 1.3 0.02 "1 2" 0 3 &&
mkres "$tmp/mem" "$T1" 9 1 0.02 "1 2" 8 4 &&
mkres "$tmp/fast" "$T1" 9 0.7 0.02 "1 2" 0 5 || { echo "Bail out! cannot build directories"; exit 1; }

echo "1..24"
gate "a 30% slowdown, 9 repetitions" 1 "REGRESSION fault/atomic threads=1 compact none cycles_per_op: 2[89].[0-9]% worse (threshold 5%), p = 4.1e-05" "$tmp/slow"
gate "2% noise, 9 repetitions (unknown columns and keys ignored)" 0 "gate: no regression" "$tmp/noise"
gate "3 repetitions, 30% slower" 2 "INCONCLUSIVE .* 3/3 repetitions, the gate needs 5" "$tmp/three" "$tmp/base3"
gate "8 more bytes per mm, no slowdown" 1 "REGRESSION .*bytes_per_mm 128 -> 136 (deterministic" "$tmp/mem"
gate "a 30% speed-up" 0 "gate: no regression" "$tmp/fast"

# One measurement, one verdict: cycles, ns and ops/s of a cell are not three.
"$RSSBENCH" gate --baseline "$tmp/base" "$tmp/slow" >"$tmp/out" 2>"$tmp/err"
good=0
[ "$(grep -c '^REGRESSION' "$tmp/out")" -eq 4 ] && ! grep -q '^REGRESSION.* ns_per_op' "$tmp/out" &&
grep -q "gate: REGRESSION: 4 of 4 cells regressed, .*(time gated on cycles_per_op" "$tmp/out" && good=1
report $good "gate: 4 slower cells are 4 regressions, on cycles_per_op only by default"
"$RSSBENCH" gate --metric ops --baseline "$tmp/base" "$tmp/slow" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 1 ] && [ "$(grep -c '^REGRESSION.* ops_per_sec' "$tmp/out")" -eq 4 ] &&
[ "$(grep -c '^REGRESSION' "$tmp/out")" -eq 4 ] && good=1
report $good "gate --metric ops: the same 4 cells, judged on ops_per_sec (got $rc)"
gate_error "an unknown --metric" 'bad --metric "joules": use cycles, ns or ops' "$tmp/noise" --metric joules

# Damaged copies of the noise directory.
damage() {	# damage NAME: a fresh copy in $tmp/NAME
	rm -rf "${tmp:?}/$1" && cp -r "$tmp/noise" "$tmp/$1"
}
damage trunc && head -c -7 "$tmp/noise/cells.csv" >"$tmp/trunc/cells.csv"
gate_error "truncated cells.csv" "cells.csv:37: truncated row" "$tmp/trunc"
damage garbled && sed '5s/,zzz,/,zzz,/; 5s/^\([^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*\),[^,]*,/\1,12x4,/' \
	"$tmp/noise/cells.csv" >"$tmp/garbled/cells.csv"
gate_error "a non-numeric value" 'cells.csv:5: cycles_per_op is "12x4", not a number' "$tmp/garbled"
damage ragged && sed '7s/,zzz,/,/' "$tmp/noise/cells.csv" >"$tmp/ragged/cells.csv"
gate_error "a ragged row" "cells.csv:7: 20 values, the header has 21" "$tmp/ragged"
damage nometa && rm "$tmp/nometa/meta.json"
gate_error "a missing meta.json" "meta.json: missing" "$tmp/nometa"
damage v2 && sed 's/"format_version": 1/"format_version": 99/' "$tmp/noise/meta.json" >"$tmp/v2/meta.json"
gate_error "an unknown format version" "format_version 99, this rssbench reads 1 to 2" "$tmp/v2"
damage badjson && echo '{"format_version": 1,' >"$tmp/badjson/meta.json"
gate_error "meta.json that is not JSON" "meta.json:.*not valid JSON" "$tmp/badjson"
damage nokey && cut -d, -f2- "$tmp/noise/cells.csv" >"$tmp/nokey/cells.csv"
gate_error "cells.csv without a key column" 'cells.csv:1: no "workload" column' "$tmp/nokey"
gate_error "a directory that is not there" "not a results directory" "$tmp/nosuch"
damage failed && sed '9s/,ok$/,FAILED (settled error above bound)/' "$tmp/noise/cells.csv" \
	>"$tmp/failed/cells.csv"
gate "a candidate that fails verify" 1 "REGRESSION .* verify rep .*: FAILED (settled error above bound)" "$tmp/failed"
gate_error "an unknown option" 'unknown option "--frob"' "$tmp/noise" --frob

# compare on the same topology: a table, geometric means per scheme.
"$RSSBENCH" compare "$tmp/base" "$tmp/slow" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && ! grep -q "topologies differ" "$tmp/out" &&
grep -Eq '^fault +atomic +1 +- +compact +none +cycles_per_op +9/9 +1[0-9]{3} +1[0-9]{3} +1\.2[89][0-9] +\[1\.2[0-9]*, 1\.3[0-9]*\] +4\.1e-05 +worse$' "$tmp/out" &&
grep -Eq '^atomic +2 +1\.2[89][0-9] +1\.2[89][0-9] +0\.7[0-9]* +2 +0$' "$tmp/out" && good=1
report $good "compare: per-metric row with ratio, interval and U verdict; geometric mean per scheme"

# compare across topologies: lined up by level.
T2="pack:2 numa:1 l3:1 core:2 pu:2"
mkres "$tmp/big" "$T2" 9 1 0.02 "1 2 4 8" 0 6
"$RSSBENCH" compare "$tmp/base" "$tmp/big" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q "^note: the topologies differ (baseline core:1 cache:2 node:2 machine:2; candidate core:2 cache:4 node:4 machine:8)" "$tmp/out" &&
grep -Eq '^fault +atomic +1 +pu +compact +none +cycles_per_op ' "$tmp/out" &&
grep -Eq '^fault +atomic +1->2 +core +compact +none +cycles_per_op ' "$tmp/out" &&
grep -Eq '^fault +atomic +2->4 +cache/node +compact +none +cycles_per_op ' "$tmp/out" &&
grep -Eq '^fault +atomic +2->8 +machine +compact +none +cycles_per_op ' "$tmp/out" && good=1
report $good "compare: two topologies are lined up by level (pu, core, cache/node, machine)"

"$RSSBENCH" compare --format csv "$tmp/base" "$tmp/slow" "$tmp/noise" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && [ "$(grep -c '^candidate,workload,' "$tmp/out")" -eq 1 ] &&
grep -Eq "^$tmp/slow,fault,atomic,compact,none,1,1,,cycles_per_op,time,9,9,[0-9.]+,[0-9.]+,1\.2[89][0-9]*,.*,worse,regression$" "$tmp/out" &&
grep -Eq "^$tmp/noise,\*,atomic,\*,\*,,,,cycles_per_op,geomean,2,2,,,[01]\.[0-9]*,,,," "$tmp/out" &&
[ "$(awk -F, '{ print NF }' "$tmp/out" | sort -u)" = 20 ] && good=1
report $good "compare --format csv: one header, 20 columns on every row, geometric means as rows"

"$RSSBENCH" compare -f json "$tmp/base" "$tmp/big" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q '"same_topology": false' "$tmp/out" &&
grep -q '"level": "cache/node"' "$tmp/out" && good=1
if [ $good = 1 ] && command -v python3 >/dev/null; then
	python3 -m json.tool "$tmp/out" >/dev/null || good=0
fi
report $good "compare --format json: valid JSON with the level of each row"

"$RSSBENCH" compare "$tmp/base" "$tmp/v2" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "format_version 99" "$tmp/err" && good=1
report $good "compare: bad input exits 2 with one line, like the other commands (got $rc)"

# Different workload parameters: said plainly, the cells still compared.
mkdir -p "$tmp/params" && cp "$tmp/noise/cells.csv" "$tmp/noise/topology.xml" "$tmp/params/" &&
sed 's/"future_key"/"matrix": {"pages": 512, "child_pages": 0, "mm_cid": false}, "future_key"/' \
	"$tmp/noise/meta.json" >"$tmp/params/meta.json"
"$RSSBENCH" compare "$tmp/base" "$tmp/params" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q "^note: the workload parameters differ (baseline none recorded; candidate pages=512 mmap_pages=? child_pages=0 child_threads=? real_fork=? mm_cid=false scan_mms=? pages_per_fault=?)" "$tmp/out" &&
grep -Eq '^fault +atomic +1 +- +compact +none +cycles_per_op ' "$tmp/out" && good=1
report $good "compare: different workload parameters get a note naming both sides"
