#!/bin/sh
# gate_trust.sh - what the gate may judge (doc/compare.md, "What the gate
# judges"), on synthetic results directories built here: a busy-marked run,
# a virtual topology, another CPU model or a guest against bare metal make a
# 30% slowdown inconclusive, never a regression; a noisy cell likewise; a
# deterministic figure that changed is a finding whatever the load; and the
# JSON and JUnit XML verdicts are well formed and count cells.
. "${top_srcdir:-.}/tests/lib.sh"
scratch gate

# mkres DIR SLOWDOWN NOISE [META_JQ [COLUMN=VALUE ...]]: 2 schemes x 2 thread
# counts x 7 repetitions; cycles spread +-NOISE; meta.json an idle 2-CPU
# bare-metal host edited by the jq filter META_JQ; COLUMN set to VALUE in
# every row (COLUMN=VALUE pairs, blank-separated: "precise_err=3 verify=FAILED").
mkres() {
	dir=$1
	mkdir -p "$dir" &&
	"$RSSBENCH" topo -T "pack:1 l3:1 core:2 pu:1" --export "$dir/topology.xml" || return 1
	printf '%s\n' '{"format_version": 2, "complete": true, "host": "synthetic", "cpu_model": "Model X",
	  "clock": {"source": "rdtsc", "hz": 2.6e9}, "topology": {"kind": "host"},
	  "host_state": {"online_cpus": 2, "hypervisor": "none",
	    "load_before": [0.5, 0.5, 0.5], "load_after": [0.7, 0.6, 0.5]},
	  "matrix": {"events_per_task": 0, "seed": 1, "serialize": false, "slice_ops": null,
	    "tasks": 0, "tasks_per_mm": 0, "pages": 512}}' |
		jq "${4:-.}" >"$dir/meta.json" || return 1
	awk -v slow="$2" -v noise="$3" -v set="${5:-}" 'BEGIN {
		nset = split(set, sets, " ")
		ncol = split("workload,scheme,threads,placement,migration,rep,cycles_per_op," \
			     "ns_per_op,ops_per_sec,err_max,err_p99,settled_err,precise_err," \
			     "bound_under,bound_over,bytes_per_mm,pcpu_bytes_per_mm,failures,verify,notes", h, ",")
		for (i = 1; i <= ncol; i++) printf "%s%s", h[i], i < ncol ? "," : "\n"
		ns = split("atomic percpu", s, " ")
		for (i = 1; i <= ns; i++) for (t = 1; t <= 2; t++) for (r = 1; r <= 7; r++) {
			k = (r * 7919 + (i * 31 + t) * 104729) % 1000
			c = (1000 * i + 100 * t) * slow * (1 + noise * (k / 500 - 1))
			v["workload"] = "fault"; v["scheme"] = s[i]; v["threads"] = t
			v["placement"] = "compact"; v["migration"] = "none"; v["rep"] = r
			v["cycles_per_op"] = sprintf("%.2f", c); v["ns_per_op"] = sprintf("%.3f", c / 2.6)
			v["ops_per_sec"] = sprintf("%.1f", 2.6e9 / c)
			v["err_max"] = k % 50; v["err_p99"] = int(k % 50 * 0.8); v["settled_err"] = 17
			v["precise_err"] = 0; v["bound_under"] = 32 * i; v["bound_over"] = 32 * i
			v["bytes_per_mm"] = 64 * i; v["pcpu_bytes_per_mm"] = 0; v["failures"] = 0
			v["verify"] = "ok"; v["notes"] = ""
			for (q = 1; q <= nset; q++) { split(sets[q], kv, "="); v[kv[1]] = kv[2] }
			for (j = 1; j <= ncol; j++) printf "%s%s", v[h[j]], j < ncol ? "," : "\n"
		}
	}' >"$dir/cells.csv"
}

report_failure() {
	sed 's/^/# out: /' "$tmp/out"
	sed 's/^/# err: /' "$tmp/err"
}

# gate "what" RC "words on stdout" "words never on stdout" CANDIDATE [BASELINE]
gate() {
	"$RSSBENCH" gate --baseline "${6:-$tmp/base}" "$5" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ "$rc" -eq "$2" ] && grep -q -- "$3" "$tmp/out" &&
		{ [ -z "$4" ] || ! grep -q -- "$4" "$tmp/out"; } && good=1
	report $good "$1: exit $2 (got $rc)"
}

echo "1..29"
busy='.host_state.load_after = [9.0, 7.0, 3.0]'
mkres "$tmp/base" 1 0.01 &&
mkres "$tmp/slow" 1.3 0.01 &&
mkres "$tmp/slow-busy" 1.3 0.01 "$busy" &&
mkres "$tmp/base-busy" 1 0.01 '.host_state.load_before = [23.0, 9.0, 5.0]' &&
mkres "$tmp/slow-virt" 1.3 0.01 '.topology.kind = "virtual"' &&
mkres "$tmp/slow-cpu" 1.3 0.01 '.cpu_model = "Model Y"' &&
mkres "$tmp/slow-guest" 1.3 0.01 '.host_state.hypervisor = "kvm"' &&
mkres "$tmp/slow-noisy" 1.3 0.4 &&
mkres "$tmp/err-busy" 1 0.01 "$busy" "precise_err=3 verify=FAILED" &&
mkres "$tmp/mem-less" 1 0.01 "" pcpu_bytes_per_mm=0 &&
mkres "$tmp/mem-busy" 1.3 0.01 "$busy" bytes_per_mm=200 || exit 1

gate "a 30% slowdown on an idle machine is a regression" 1 \
	"^REGRESSION fault/atomic threads=1 compact none cycles_per_op: 30.0% worse" "" "$tmp/slow"
gate "the same slowdown in a run busy by its own load_after is inconclusive" 2 \
	"INCONCLUSIVE .*cycles_per_op: timings not comparable: the candidate run was busy: load average 9.00 after it" \
	"^REGRESSION" "$tmp/slow-busy"
gate "a busy baseline (load before 23 > 2 CPUs) makes it inconclusive too" 2 \
	"the baseline run was busy: load average 23.00 before it" "^REGRESSION" "$tmp/slow" "$tmp/base-busy"
gate "a virtual topology against a host: inconclusive, per cell" 2 \
	"INCONCLUSIVE fault/percpu threads=2 compact none cycles_per_op: timings not comparable: a virtual topology" \
	"^REGRESSION" "$tmp/slow-virt"
gate "another CPU model: inconclusive" 2 "different CPU models (baseline Model X, candidate Model Y)" \
	"^REGRESSION" "$tmp/slow-cpu"
gate "a guest against bare metal: inconclusive" 2 "hypervisor: baseline none, candidate kvm" \
	"^REGRESSION" "$tmp/slow-guest"
gate "a cell noisy on one side (40% spread) is inconclusive, not a regression" 2 \
	"INCONCLUSIVE .*the candidate cell is noisy" "^REGRESSION" "$tmp/slow-noisy"
# An interleaved A/B pair (rssbench ab): each side names the other's run_id;
# the load fell on both alike, so a busy machine does not silence the time
# verdict, a noisy cell still does, and a pair that does not name each other
# is two busy runs.
ida=0123456789abcdef0123456789abcdef idb=fedcba9876543210fedcba9876543210
abm() { echo ".run_id = \"$1\" | .ab = {side: \"$2\", rounds: 7, other_run_id: \"$3\"} | $busy"; }
mkres "$tmp/ab-a" 1 0.01 "$(abm $ida A $idb)" &&
mkres "$tmp/ab-b" 1.3 0.01 "$(abm $idb B $ida)" &&
mkres "$tmp/ab-b-noisy" 1.3 0.4 "$(abm $idb B $ida)" &&
mkres "$tmp/ab-b-other" 1.3 0.01 "$(abm $idb B ffffffffffffffffffffffffffffffff)" || exit 1
# Sides other than "A" and "B", or rounds out of ab's 1..100, are no pair.
mkres "$tmp/ab-x" 1 0.01 "$(abm $ida X $idb)" &&
mkres "$tmp/ab-y" 1.3 0.01 "$(abm $idb Y $ida)" &&
mkres "$tmp/ab-a0" 1 0.01 "$(abm $ida A $idb) | .ab.rounds = -1" &&
mkres "$tmp/ab-b0" 1.3 0.01 "$(abm $idb B $ida) | .ab.rounds = -1" || exit 1
gate "a 30% slowdown in a busy interleaved A/B pair is a regression" 1 \
	"^REGRESSION fault/atomic threads=1 compact none cycles_per_op: 30.0% worse" "INCONCLUSIVE" \
	"$tmp/ab-b" "$tmp/ab-a"
gate "... and the note says the load was waived for the pair and why" 1 \
	"note: timings are gated although the baseline run was busy: load average 9.00 after it.*interleaved A/B pair" \
	"" "$tmp/ab-b" "$tmp/ab-a"
gate "a noisy cell of a busy A/B pair is inconclusive" 2 \
	"INCONCLUSIVE .*the candidate cell is noisy" "^REGRESSION.*cycles_per_op" "$tmp/ab-b-noisy" "$tmp/ab-a"
gate "A/B sides that do not name each other's run are busy runs: inconclusive" 2 \
	"timings not comparable: the baseline run was busy" "^REGRESSION" "$tmp/ab-b-other" "$tmp/ab-a"
gate "A/B sides named X and Y are no pair: busy runs, inconclusive" 2 \
	"timings not comparable: the baseline run was busy" "^REGRESSION" "$tmp/ab-y" "$tmp/ab-x"
gate "A/B sides of B and X are no pair: inconclusive" 2 \
	"timings not comparable: the baseline run was busy" "^REGRESSION" "$tmp/ab-b" "$tmp/ab-x"
gate "A/B sides of rounds -1 are no pair: inconclusive" 2 \
	"timings not comparable: the baseline run was busy" "^REGRESSION" "$tmp/ab-b0" "$tmp/ab-a0"
gate "precise_err 0 -> 3 in a busy run is a finding with both values" 1 \
	"^REGRESSION fault/atomic threads=1 compact none precise_err: precise_err 0 -> 3 (deterministic" "" "$tmp/err-busy"
gate "more bytes per mm in a busy, slower run: a regression of memory, never of time" 1 \
	"^REGRESSION fault/percpu threads=2 compact none bytes_per_mm: bytes_per_mm 128 -> 200" \
	"^REGRESSION.*cycles_per_op" "$tmp/mem-busy"
mkres "$tmp/base-mem" 1 0.01 "" pcpu_bytes_per_mm=64 || exit 1
gate "fewer per-CPU bytes: a finding (changed), not a failure" 0 \
	"^CHANGED fault/atomic threads=1 compact none pcpu_bytes_per_mm: pcpu_bytes_per_mm 64 -> 0" \
	"^REGRESSION" "$tmp/mem-less" "$tmp/base-mem"

# settled_err: exact only between serialized, event-counted runs.
ser='.matrix.serialize = true | .matrix.events_per_task = 1000 | .matrix.slice_ops = 1'
mkres "$tmp/ser-base" 1 0.01 "$ser" &&
mkres "$tmp/ser-err" 1 0.01 "$ser | $busy" settled_err=20 &&
mkres "$tmp/time-err" 1 0.01 "" settled_err=20 || exit 1
gate "settled_err 17 -> 20 of serialized -e runs is gated exactly, busy or not" 1 \
	"^REGRESSION .*settled_err: settled_err 17 -> 20 (deterministic" "" "$tmp/ser-err" "$tmp/ser-base"
gate "settled_err of timed runs is not gated" 0 "gate: no regression" "settled_err" "$tmp/time-err"

# Machine-read verdicts: counted in cells.
"$RSSBENCH" gate --format json --baseline "$tmp/base" "$tmp/slow-busy" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 2 ] && jq -e '.counts.cells == 4 and .counts.inconclusive == 4 and
	.counts.regression == 0 and .exit_status == 2 and .verdict == "inconclusive" and
	.timing.gated == false and (.cells | length) == 4 and
	(.cells[0].findings[0].reason | test("busy"))' "$tmp/out" >/dev/null && good=1
report $good "gate --format json: valid, 4 cells inconclusive with the reason (got $rc)"
"$RSSBENCH" gate -f json --baseline "$tmp/base" "$tmp/err-busy" >"$tmp/out" 2>"$tmp/err"
good=0
jq -e '.counts.regression == 4 and ([.cells[].findings[] | select(.metric == "precise_err" and
	.verdict == "regression" and .baseline == 0 and .candidate == 3)] | length) == 4' \
	"$tmp/out" >/dev/null && good=1
report $good "gate --format json: each error change a finding with both values"
"$RSSBENCH" gate --format junit --baseline "$tmp/base" "$tmp/slow" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "${XMLLINT:-no}" = no ] && ! command -v xmllint >/dev/null 2>&1; then
	skip "gate --format junit well-formed: no xmllint (libxml2-utils)"
else
	good=0
	[ $rc -eq 1 ] && "${XMLLINT:-xmllint}" --noout "$tmp/out" 2>"$tmp/err" &&
	[ "$("${XMLLINT:-xmllint}" --xpath 'count(//testcase)' "$tmp/out")" = 4 ] &&
	[ "$("${XMLLINT:-xmllint}" --xpath 'count(//testcase/failure)' "$tmp/out")" = 4 ] &&
	[ "$("${XMLLINT:-xmllint}" --xpath 'string(/testsuites/@failures)' "$tmp/out")" = 4 ] &&
		good=1
	report $good "gate --format junit: well-formed JUnit XML, one testcase per cell, 4 failures (got $rc)"
fi
"$RSSBENCH" gate --format yaml --baseline "$tmp/base" "$tmp/slow" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 3 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ] && good=1
report $good "gate --format yaml: an error, exit 3, one line (got $rc)"
"$RSSBENCH" gate --help >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q "busy" "$tmp/out" && grep -q "virtual" "$tmp/out" &&
	grep -q "noisy" "$tmp/out" && grep -q "gated exactly whatever the load" "$tmp/out" && good=1
report $good "gate --help states the rules: busy, virtual, noisy, exact (got $rc)"

# model.csv: two runs of one -e matrix on a virtual topology; the candidate's
# transfers of one cell raised by hand, as a changed scheme would.
mrun() {
	"$RSSBENCH" run -T "package:1 core:2 pu:2" -s percpu,atomic -w fork -t 1,4 -e 100 -r 1 \
		--events none --seed 3 -q --model coherence -o "$tmp/$1" >/dev/null 2>"$tmp/err" &&
	ls -d "$tmp/$1"/*/
}
ma=$(mrun model-a) && mb=$(mrun model-b) || exit 1
"$RSSBENCH" gate --baseline "$ma" "$mb" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 2 ] && grep -q "model.csv's figures are gated exactly" "$tmp/out" &&
	! grep -q "^REGRESSION\|^CHANGED" "$tmp/out" && good=1
report $good "two -e --model runs: model.csv gated exactly and identical, time inconclusive (virtual) (got $rc)"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
	NR > 1 && $2 == "percpu" && $3 == 4 { $c["transfers_per_op"] = $c["transfers_per_op"] + 0.25 }
	{ print }' OFS=, "$mb/model.csv" >"$tmp/model.csv" && cat "$tmp/model.csv" >"$mb/model.csv"
"$RSSBENCH" gate --format json --baseline "$ma" "$mb" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 1 ] && jq -e '.model_exact and .counts.regression == 1 and
	([.cells[] | select(.verdict == "regression") | .scheme, .threads_baseline,
	  (.findings[] | select(.verdict == "regression") | .metric)] ==
	 ["percpu", 4, "model:transfers_per_op"])' "$tmp/out" >/dev/null && good=1
report $good "a modelled transfer changed by 0.25/op: one cell regressed, named with the figure (got $rc)"
mc=$("$RSSBENCH" run -T "package:1 core:2 pu:2" -s percpu,atomic -w fork -t 1,4 -d 0.05 -r 1 \
	--events none --seed 3 -q --model coherence -o "$tmp/model-d" 2>/dev/null | sed 's/^results: //')
"$RSSBENCH" gate --baseline "$ma" "$mc" >"$tmp/out" 2>"$tmp/err"
good=0
grep -q "model.csv is not gated: the runs are not event-counted" "$tmp/out" &&
	! grep -q "^REGRESSION.*model:" "$tmp/out" && good=1
report $good "a timed (no -e) model pass is not gated exactly, and says so"

# The benchmark's slowdown knob: refused when bad, recorded when used.
RSSBENCH_SLOWDOWN=nosuch:5 "$RSSBENCH" run -s percpu -w fault -t 1 -e 10 -r 1 --events none -q \
	-o "$tmp/knob-bad" >/dev/null 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -e "$tmp/knob-bad" ] && good=1
report $good "RSSBENCH_SLOWDOWN naming no scheme: exit 2, one line, nothing written (got $rc)"
RSSBENCH_SLOWDOWN=percpu:100 "$RSSBENCH" run -s percpu -w fault -t 1 -e 10 -r 1 --events none -q \
	-o "$tmp/knob" >/dev/null 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && jq -e '.test_slowdown | test("percpu: \\+100 cycles")' "$tmp"/knob/*/meta.json >/dev/null &&
	grep -q "RSSBENCH_SLOWDOWN" "$tmp/err" && good=1
report $good "RSSBENCH_SLOWDOWN=percpu:100: said on stderr and in meta.json test_slowdown (got $rc)"
