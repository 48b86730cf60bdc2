#!/bin/sh
# claims.sh - the Claims section of report.md judges the mail thread's claims
# on the measured numbers of scenario directories (doc/plots.md, "Claims").
# Small hand-made results directories: a real tiny run whose cycles, errors
# and meta.json are then set by hand, so every verdict is known in advance:
# a ratio whose 95 % interval excludes 1 (reproduced), one whose interval
# holds 1 but not the claimed ratio (not reproduced), one holding both (not
# measurable here), one NUMA node (not measurable here), a virtual
# topology's timings, a bound below the claimed error, error growth slopes,
# and a directory without a scenario naming the command for each claim;
# verdicts from --quick runs say so, and a full run outranks a quick one;
# fixed facts fed to claims.awk: growth rules that tell N log N from N
# (and say when the CPU range cannot), and rules that a rival explanation
# would pass (a limit no run could break, a cost growing with CPUs, a
# slightly dearer pass, a gigabyte at the wrong machine size);
# a busy run's timings judge no cost claim; the scenario plots (error
# against CPUs, memory, modelled transfers beside cycles) are drawn, their
# images skipped without gnuplot.
. "${top_srcdir:-.}/tests/lib.sh"
scratch claims
echo "1..35"

# run NAME RUN-OPTIONS...: a tiny deterministic run in $tmp/NAME
run() {
	name=$1
	shift
	"$RSSBENCH" run -q -r 5 -e 20 --events none -o "$tmp/r-$name" "$@" >"$tmp/out" 2>"$tmp/err" || { sed 's/^/# /' "$tmp/err"; exit 1; }
	mv "$(sed -n 's/^results: //p' "$tmp/out")" "$tmp/$name"
}
# meta DIR JQ-EXPRESSION: edit meta.json
meta() { jq "$2" "$1/meta.json" >"$1/meta.tmp" && mv "$1/meta.tmp" "$1/meta.json"; }
# cycles DIR SCHEME "C1 C2 C3 C4 C5": set the scheme's cycles_per_op, rep by
# rep, and its ns_per_op at meta.json's clock.hz as the writer does (the
# reader refuses a row whose two disagree)
cycles() {
	awk -F, -v OFS=, -v s="$2" -v c="$3" -v hz="$(jq '.clock.hz' "$1/meta.json")" 'BEGIN { split(c, v, " ") }
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
	$col["scheme"] == s { $col["cycles_per_op"] = v[$col["rep"]]
		$col["ns_per_op"] = sprintf("%.3f", v[$col["rep"]] * 1e9 / hz) } { print }' "$1/cells.csv" >"$1/cells.tmp" && mv "$1/cells.tmp" "$1/cells.csv"
}
# summary DIR SCHEME COLUMN=VALUE...: set summary.csv values of the scheme's rows
summary() {
	d=$1 s=$2
	shift 2
	awk -F, -v OFS=, -v s="$s" -v sets="$*" 'BEGIN { n = split(sets, kv, " ") }
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; print; next }
	$col["scheme"] == s { for (k = 1; k <= n; k++) { split(kv[k], f, "="); $col[f[1]] = f[2] } } { print }' "$d/summary.csv" >"$d/summary.tmp" && mv "$d/summary.tmp" "$d/summary.csv"
}
# verdict DIR "claim text": the verdict column of that claim's row
verdict() { grep -F "| $2" "$1/report.md" | awk -F'|' '{ gsub(/^ *\*\*|\*\* *$/, "", $7); print $7 }'; }
plot() { GNUPLOT=no "$RSSBENCH" plot -q "$@" >/dev/null 2>"$tmp/err" || sed 's/^/# /' "$tmp/err"; }

# --- cost ratios (fork-exit): lazy-atomic 10 % cheaper without overlap, pernode overlapping ---
# v6.6-v6.10's percpu_counter, under its name before or after the rename
v66=$("$RSSBENCH" list | awk '$1 == "percpu-init-many" || $1 == "percpu-6.6" { print $1; exit }')
run fork -s "percpu,$v66,lazy-atomic,pernode,split-rss" -w fork -t 1
meta "$tmp/fork" '. + {scenario: "fork-exit", quick: false} | .noise.busy = false'
cycles "$tmp/fork" percpu "1000 1010 1020 1030 1040"
cycles "$tmp/fork" "$v66" "1000 1010 1020 1030 1040"
cycles "$tmp/fork" lazy-atomic "900 909 918 927 936"
cycles "$tmp/fork" pernode "995 1005 1015 1025 1035"
cycles "$tmp/fork" split-rss "1100 1111 1122 1133 1144"
plot "$tmp/fork"
v=$(verdict "$tmp/fork" "atomic mode until the first thread makes fork cheaper")
check_run "lazy-atomic ÷ $v66 = 0.9, interval below 1: reproduced ($v)" test "$v" = reproduced
v=$(verdict "$tmp/fork" "per-node atomics make fork+exit cheaper")
check_run "pernode ÷ percpu interval holds 1, not the claimed -6.6 %: not reproduced ($v)" \
	test "$v" = "not reproduced (the interval holds 1 and not the claimed -6.6 %)"
v=$(verdict "$tmp/fork" "percpu_counter made short-lived processes slower")
check_run "percpu ÷ split-rss = 0.91 against a claimed slowdown: not reproduced, the opposite sign ($v)" \
	test "$v" = "not reproduced (the opposite sign)"
check_run "the measured figure is printed with its interval" \
	grep -qF "| lazy-atomic ÷ $v66 fork: -10.0 % [" "$tmp/fork/report.md"

# --- published figures (spawn): the robot's machine had 128 CPUs, this one not ---
run spawn -s split-rss,percpu-preempt,percpu-irqsave,percpu-init-many,empty -w fork -t 1
meta "$tmp/spawn" '. + {scenario: "spawn", quick: false} | .noise.busy = false | .topology.cpus.possible = 2'
cycles "$tmp/spawn" split-rss "1000 1010 1020 1030 1040"
cycles "$tmp/spawn" empty "1000 1010 1020 1030 1040"
cycles "$tmp/spawn" percpu-preempt "1300 1313 1326 1339 1352"
cycles "$tmp/spawn" percpu-irqsave "1300 1313 1326 1339 1352"
cycles "$tmp/spawn" percpu-init-many "1200 1212 1224 1236 1248"
cp -R "$tmp/spawn" "$tmp/spawn128"
meta "$tmp/spawn128" '.topology.cpus.possible = 128'
plot "$tmp/spawn" "$tmp/spawn128"
v=$(verdict "$tmp/spawn" "f1a7941243c1 (6.2 percpu_counter) made unixbench spawn slower")
check_run "robot spawn ×1.3 on 2 possible CPUs: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here (2 possible CPUs"*) exit 0 ;; esac; exit 1' - "$v"
v=$(verdict "$tmp/spawn128" "f1a7941243c1 (6.2 percpu_counter) made unixbench spawn slower")
check_run "... the same cells at 128 possible CPUs: reproduced ($v)" test "$v" = reproduced
v=$(verdict "$tmp/spawn128" "in 6.2's spawn profile")
check_run "the counters' share 1 - 1000/1300 = 23.1 %, at or above 8.92 %: reproduced ($v)" \
	sh -c 'test "$1" = reproduced && grep -qF "| 23.1 % [" "$2"' - "$v" "$tmp/spawn128/report.md"
cp -R "$tmp/spawn128" "$tmp/spawn-busy"
meta "$tmp/spawn-busy" '.noise.busy = true'
plot "$tmp/spawn-busy"
v=$(verdict "$tmp/spawn-busy" "in 6.2's spawn profile")
check_run "... and in a busy run: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here (a busy run"*) exit 0 ;; esac; exit 1' - "$v"
v=$(verdict "$tmp/spawn" "in 6.2's spawn profile")
check_run "... on 2 possible CPUs: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here (2 possible CPUs"*) exit 0 ;; esac; exit 1' - "$v"
v=$(verdict "$tmp/spawn" "one per-CPU allocation for the four counters")
check_run "grouped allocation ÷ four allocations = 0.92, interval below 1: reproduced ($v)" test "$v" = reproduced

# --- an interval holding both 1 and the claimed ratio cannot tell either way ---
run wide -s percpu,lazy-atomic -w fault -t 1
meta "$tmp/wide" '. + {scenario: "fault", quick: true} | .noise.busy = false'
# a quick run's verdicts end "quick run: N reps, M CPUs"
q="quick run: 5 reps, $(jq .topology.cpus.possible "$tmp/wide/meta.json") CPU"
[ "$(jq .topology.cpus.possible "$tmp/wide/meta.json")" = 1 ] || q="${q}s"
cycles "$tmp/wide" percpu "1000 1010 1020 1030 1040"
cycles "$tmp/wide" lazy-atomic "700 850 1000 1150 1300"
plot "$tmp/wide"
v=$(verdict "$tmp/wide" "atomic mode until the first thread makes page faults cheaper")
check_run "lazy-atomic ÷ percpu fault interval holds 1 and the claimed -6.7 %: not measurable here ($v)" \
	test "$v" = "not measurable here (the interval holds both 1 and the claimed -6.7 %: this machine's spread is too wide to tell; $q)"

# --- fault on this host: one NUMA node; then the same numbers with 2 nodes in meta.json ---
run fault -s percpu,pernode -w fault -t 1
meta "$tmp/fault" '. + {scenario: "fault", quick: true} | .noise.busy = false | .topology.numa_nodes_with_cpus = 1'
cycles "$tmp/fault" percpu "1000 1010 1020 1030 1040"
cycles "$tmp/fault" pernode "900 909 918 927 936"
cp -R "$tmp/fault" "$tmp/fault2"
meta "$tmp/fault2" '.topology.numa_nodes_with_cpus = 2'
plot "$tmp/fault" "$tmp/fault2"
v=$(verdict "$tmp/fault" "per-node atomics make page faults cheaper")
check_run "per-node claim with 1 NUMA node: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here ("*"1 NUMA node"*) exit 0 ;; esac; exit 1' - "$v"
v=$(verdict "$tmp/fault2" "per-node atomics make page faults cheaper")
check_run "the same numbers with 2 nodes in meta.json, a quick run: reproduced, saying so ($v)" test "$v" = "reproduced ($q)"

# --- a virtual topology's timings are not a machine's ---
cp -R "$tmp/fault2" "$tmp/fault3"
meta "$tmp/fault3" '.topology.kind = "virtual"'
# ... and its rows say so too (the reader refuses rows that contradict meta.json)
for f in cells.csv summary.csv; do
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "topology_kind") k = i; print; next }
		k { $k = "virtual" } { print }' "$tmp/fault3/$f" >"$tmp/fault3/$f.tmp" &&
		mv "$tmp/fault3/$f.tmp" "$tmp/fault3/$f"
done
plot "$tmp/fault3"
v=$(verdict "$tmp/fault3" "per-node atomics make page faults cheaper")
check_run "virtual topology: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here (virtual topology"*) exit 0 ;; esac; exit 1' - "$v"

# --- errors: a bound below the claim; growth with CPU count (over 64 CPUs: hwloc's ",," bitmaps) ---
run seed -T "package:1 core:8 pu:1" -s percpu,split-rss -w fault -t 8 --tasks 5 -m every:4:random
meta "$tmp/seed" '. + {scenario: "seed-error", quick: true}'
plot "$tmp/seed"
v=$(verdict "$tmp/seed" "a 5-thread process of ~100 MB")
check_run "percpu at 8 CPUs cannot be tens of MB off: not measurable here, its bound ($v)" \
	sh -c 'case "$1" in "not measurable here (percpu'"'"'s bound is "*) exit 0 ;; esac; exit 1' - "$v"
for c in 16 96; do
	run "evc$c" -T "package:1 core:$c pu:1" -s percpu,hpcc -w update -t 1 -m every:4:next --model coherence
	meta "$tmp/evc$c" '. + {scenario: "error-vs-cpus", quick: true}'
done
summary "$tmp/evc16" percpu settled_err_max=480
summary "$tmp/evc96" percpu settled_err_max=18240
summary "$tmp/evc16" hpcc settled_err_max=480
summary "$tmp/evc96" hpcc settled_err_max=18240
draw=1
[ "${GNUPLOT:-}" = no ] && draw=0
if [ $draw = 1 ]; then
	"$RSSBENCH" plot -q "$tmp/evc16" "$tmp/evc96" >/dev/null 2>"$tmp/err" || sed 's/^/# /' "$tmp/err"
else
	plot "$tmp/evc16" "$tmp/evc96"
fi
r=$tmp/evc16/plots/compare/report.md
v=$(verdict "$tmp/evc16/plots/compare" "percpu_counter's error grows as N²")
check_run "percpu 480 -> 18240 pages from 16 to 96 CPUs (×38, N² ×36): N² reproduced, quick ($v)" \
	test "$v" = "reproduced (quick run: 5 reps, 16 and 96 CPUs)"
v=$(verdict "$tmp/evc16/plots/compare" "the hierarchical tree's error grows as N log N")
check_run "hpcc from 16 to 96 CPUs: N log N (×9.9) and N (×6) too close to tell: not measurable ($v)" \
	test "$v" = "not measurable here (range too small to tell N log N from N: from 16 to 96 CPUs they grow ×9.9 and ×6.0, less than a factor of 2 apart; that needs 16 to 256 CPUs or more; quick run: 5 reps, 16 and 96 CPUs)"
v=$(verdict "$tmp/evc16" "percpu_counter's error grows as N²")
check_run "one directory, one CPU count: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here ("*) exit 0 ;; esac; exit 1' - "$v"

# --- hpcc v16 at 384 CPUs: percpu's error reaches 1 GiB, hpcc's bound is 192 MiB (exact) ---
run evc384 -T "package:2 numa:1 core:192 pu:1" -s percpu,hpcc -w update -t 1 -m every:4:next
meta "$tmp/evc384" '. + {scenario: "error-vs-cpus", quick: false}'
summary "$tmp/evc384" percpu settled_err_max=294528
summary "$tmp/evc384" hpcc settled_err_max=20000
cp -R "$tmp/evc384" "$tmp/evc384b"
summary "$tmp/evc384b" percpu settled_err_max=200000
plot "$tmp/evc384" "$tmp/evc384b"
v=$(verdict "$tmp/evc384" "at 384 CPUs (2 × EPYC 9654)")
check_run "percpu 294 528 pages (1.12 GiB), hpcc's bound 49 152 pages (192 MiB), hpcc within it: reproduced ($v)" \
	sh -c 'test "$1" = reproduced && grep -qF "of its bound 49152 pages = 192.0 MiB" "$2"' - "$v" "$tmp/evc384/report.md"
v=$(verdict "$tmp/evc384b" "at 384 CPUs (2 × EPYC 9654)")
check_run "... percpu's largest error 200 000 pages, below 1 GiB: not reproduced ($v)" test "$v" = "not reproduced"

# --- a directory without a scenario names the scenario and command for each claim ---
cp -R "$tmp/fault" "$tmp/plain"
meta "$tmp/plain" 'del(.scenario) | del(.quick)'
plot "$tmp/plain"
rows=$(grep -c '| \*\*not run (`rssbench run --scenario [a-z-]*`)\*\* |' "$tmp/plain/report.md")
check_run "no scenario: every claim row says which scenario to run ($rows rows)" test "$rows" -ge 10 -a "$rows" = "$(grep -c '^| .* | `<' "$tmp/plain/report.md")"

# --- the scenario plots of the two error-vs-cpus directories (16 and 96 CPUs, model.csv) ---
cmp=$tmp/evc16/plots/compare
ok=1
for k in error-vs-cpus memory compare-transfers-update; do
	[ -s "$cmp/$k.gp" ] && grep -qF "($k.png)" "$cmp/report.md" || { ok=0; echo "# no $cmp/$k.gp or no link in its report.md"; }
	[ $draw = 0 ] || [ "$(od -An -tx1 -N8 "$cmp/$k.png" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ] || { ok=0; echo "# bad or missing $cmp/$k.png"; }
done
check_run "comparison: error against CPUs, memory against CPUs, transfers beside cycles (scripts, links$([ $draw = 1 ] && echo ', PNGs'))" test $ok = 1
check_run "the transfers plot: x the two directories' CPU counts, the cycles marked virtual" \
	sh -c 'grep -q "^xtics_cmd = .*16.*96\|^xtics_cmd = .*96.*16" "$1" && grep -q "^vnote = .*VIRTUAL" "$1"' - "$cmp/compare-transfers-update.gp"
check_run "the measured memory: percpu at 16 and 96 CPUs, 16 B more per CPU" \
	sh -c 'a=$(grep "^16," "$1" | head -1 | cut -d, -f2); b=$(grep "^96," "$1" | head -1 | cut -d, -f2); test -n "$a" -a $((b - a)) -eq 1280' - "$cmp/memory.gp"

# --- fixed facts, straight to claims.awk: the rule must tell a claim from its rivals ---
# facts NAME: claims.awk's rows for the facts on stdin; row ID's verdict (field 7), dirs (9)
facts() { awk -f "${top_srcdir:-.}/scripts/claims.awk" >"$tmp/$1.rows"; }
row() { awk -F'|' -v id="$2" -v f="${3:-7}" '$1 == id { print $f }' "$tmp/$1.rows"; }
# evc DIR QUICK SCHEME "CPUS:PAGES ...": an error-vs-cpus directory's M, T and S lines
evc() {
	echo "M|$1|error-vs-cpus|$2|virtual|1024|1024|2|2|0"
	for p in $4; do
		echo "T|$1|${p%%:*}|${p%%:*}|2"
		echo "S|$1|update|$3|${p%%:*}|every:31:next|${p#*:}|${p#*:}|1000000|1"
	done
}
evc 1 false hpcc "16:192 64:1152 256:6144 1024:30720" | facts nlogn
check_eq "hpcc 16 to 1024 CPUs growing ×160 (N log N ×159, N ×64): reproduced" "$(row nlogn growth-hpcc)" reproduced
evc 1 false hpcc "16:160 64:640 256:2560 1024:10240" | facts linear
check_eq "hpcc growing as N over 16 to 1024 CPUs: not reproduced, named" "$(row linear growth-hpcc)" "not reproduced (grows as N)"
evc 1 false hpcc "16:100 64:429" | facts narrow
check_run "slope 1.05 from 16 to 64 CPUs: not measurable, the range too small, the range needed named ($(row narrow growth-hpcc))" \
	sh -c 'case "$1" in "not measurable here (range too small to tell N log N from N: "*"that needs 16 to 256 CPUs or more)") exit 0 ;; esac; exit 1' - "$(row narrow growth-hpcc)"
{ evc 1 true hpcc "16:100 64:429"; evc 2 false hpcc "16:160 1024:10240"; } | facts ranked
check_eq "a quick and a full run: the full one judges alone, no quick note" \
	"$(row ranked growth-hpcc):$(row ranked growth-hpcc 9)" "not reproduced (grows as N):2"
{ evc 1 true hpcc "16:192 64:1152 256:6144 1024:30720"; } | facts quick
check_eq "only a quick run: its verdict says so" "$(row quick growth-hpcc)" "reproduced (quick run: 1 rep, 16, 64, 256 and 1024 CPUs)"
# pernode's 32 × nodes: only where percpu in the same runs broke it
{ evc 1 false pernode "16:10 1024:60"; evc 1 false percpu "16:40 1024:50" | grep '^S'; } | facts weak
check_run "pernode within 32 × nodes while percpu is too: not measurable ($(row weak growth-pernode))" \
	sh -c 'case "$1" in "not measurable here (percpu"*) exit 0 ;; esac; exit 1' - "$(row weak growth-pernode)"
# a gigabyte only at 1 024 CPUs is not the claim's at 384
# (percpu's bound N × (2N - 1): 130 816 pages = 511 MiB at 256 CPUs, 8 GiB at 1 024)
evc 1 false percpu "256:130816 1024:2096128" | sed '/|256|every/s/|1000000|1$/|130816|1/; /|1024|every/s/|1000000|1$/|2096128|1/' | facts giga
check_run "percpu's gigabyte reached at 1 024 CPUs only: not measurable at 384 or fewer ($(row giga percpu-gigabyte))" \
	sh -c 'case "$1" in "not measurable here (percpu'"'"'s bound is "*"at 256 CPUs"*) exit 0 ;; esac; exit 1' - "$(row giga percpu-gigabyte)"
# split-rss's 64 × tasks where percpu, in the same runs, stayed within it too
printf '%s\n' "M|1|seed-error|false|virtual|250|250|2|2|0" \
	"S|1|update|split-rss|250|every:499:next|100|100|320|1" "S|1|update|percpu|250|every:499:next|200|200|124750|1" \
	"C|1|update|split-rss|250|every:499:next|1|5|0|0|NA|250|1000" | facts split
check_run "split-rss within 64 × tasks, percpu too: not measurable ($(row split seed-pre-6.2))" \
	sh -c 'case "$1" in "not measurable here (percpu'"'"'s error in the same runs is 200 pages"*) exit 0 ;; esac; exit 1' - "$(row split seed-pre-6.2)"
# cpu-stash's bytes per mm growing with CPUs, under 100 at both counts
printf '%s\n' "M|1|memory|false|virtual|256|256|2|2|0" \
	"C|1|update|cpu-stash|64|none|1|1|40|0|NA|64|10" "C|1|update|cpu-stash|256|none|1|1|90|0|NA|256|10" | facts stash
check_eq "cpu-stash 40 B at 64 CPUs, 90 B at 256: not reproduced" "$(row stash stash-memory)" "not reproduced (grows with CPUs)"
# the precise OOM pass dearer in every repetition, but ×2 against the claimed ×26.7
{ echo "M|1|oom-scan|false|virtual|256|256|2|2|10000"
  for r in 1 2 3 4; do
	echo "C|1|oom-scan|percpu|1|none|$r|1|0|0|$((1000000 + r))|256|0"
	echo "C|1|oom-scan-sum|percpu|1|none|$r|1|0|0|$((2000000 + r))|256|0"
  done; } | facts oom
check_run "precise pass ×2 slower in every repetition: not reproduced, under a third of ×26.7 ($(row oom oom-precise))" \
	sh -c 'case "$1" in "not reproduced (dearer, p = 0.014, but ×2.0, under a third of the claimed ×26.7)") exit 0 ;; esac; exit 1' - "$(row oom oom-precise)"
# a busy run's timings judge no cost claim
cp -R "$tmp/fault2" "$tmp/busy"
meta "$tmp/busy" '.noise.busy = true'
plot "$tmp/busy"
v=$(verdict "$tmp/busy" "per-node atomics make page faults cheaper")
check_run "the same numbers from a busy run: not measurable here ($v)" \
	sh -c 'case "$1" in "not measurable here (a busy run: "*) exit 0 ;; esac; exit 1' - "$v"
