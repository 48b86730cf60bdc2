#!/bin/sh
# scenarios.sh - `rssbench run --scenario NAME --quick` for every scenario:
# each writes one results directory <host>-<stamp>-NAME with meta.json's
# scenario and quick; the deterministic figures (settled error for a fixed
# seed and topology, bytes per mm) are the hand-derived ones exactly, and
# a second run repeats every settled error; bad input is refused.
. "${top_srcdir:-.}/tests/lib.sh"
scratch scenarios

# The column @2 of cells.csv's rows where scheme = @3, threads = @4, migration = @5.
cell() {
	awk -F, -v col="$2" -v s="$3" -v t="$4" -v m="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["scheme"] == s && $c["threads"] == t && $c["migration"] == m { print $c[col] }' "$1/cells.csv"
}

echo "1..44"

names=$("$RSSBENCH" run --scenario list | awk '{ print $1 }' | tr '\n' ' ')
check_eq "--scenario list names every scenario" "$names" \
	"seed-error error-vs-cpus memory fork-exit fault mmap update oom-scan seed-error-thp spawn "

"$RSSBENCH" run --scenario seed-eror -o "$tmp/bad" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'did you mean "seed-error"' "$tmp/err" && [ ! -e "$tmp/bad" ]; then
	ok "an unknown scenario: exit 2, the near name, nothing written"
else
	not_ok "unknown scenario: exit $rc, $(cat "$tmp/err")"
fi
"$RSSBENCH" run --scenario seed-error --quick --reps 5 -o "$tmp/bad" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q '"--reps" cannot be given with --scenario' "$tmp/err" && [ ! -e "$tmp/bad" ]; then
	ok "a matrix option with --scenario: exit 2 naming it, nothing written"
else
	not_ok "--reps with --scenario: exit $rc, $(cat "$tmp/err")"
fi

# Runs scenario @1 --quick into $tmp/@2; the directory in $dir.
run() {
	"$RSSBENCH" run --scenario "$1" --quick -q --no-plots -o "$tmp/$2" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	dir=$(sed -n 's/^results: //p' "$tmp/out")
	if [ $rc -eq 0 ] && [ -d "$dir" ] && [ "$(ls -A "$tmp/$2" | wc -l)" -eq 1 ] &&
	   grep -q "\"scenario\": \"$1\"" "$dir/meta.json" && grep -q '"quick": true' "$dir/meta.json" &&
	   grep -q '"complete": true' "$dir/meta.json" && [ -s "$dir/cells.csv" ] &&
	   [ -s "$dir/summary.csv" ]; then
		case $(basename "$dir") in
		*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]-"$1")
			ok "$1 --quick: $(basename "$dir"), meta.json scenario and quick, nothing else left" ;;
		*) not_ok "$1 --quick: bad name $(basename "$dir")" ;;
		esac
	else
		not_ok "$1 --quick exited $rc, dir '$dir'"
		sed 's/^/# /' "$tmp/err"
	fi
}

# seed-error: 5 tasks, 250 CPUs, K = 499, 246 x 499 updates each.  The
# adversary's convoy visits CPU j c_j times (1..5 at the ends, 5 between),
# and a slot keeps (499 c_j) mod 500 = 500 - c_j: percpu's error is
# 250 x 500 - 5 x 246 = 123770 (its bound is 250 x 499 = 124750).
run seed-error seed
seed=$dir
check_eq "seed-error: percpu adversarial settled error" "$(cell "$seed" settled_err percpu 250 every:499:next)" 123770
check_eq "seed-error: percpu's bound is online CPUs x (batch - 1)" "$(cell "$seed" bound_over percpu 250 every:499:next)" 124750
check_eq "seed-error: atomic is exact" "$(cell "$seed" settled_err atomic 250 every:499:random)" 0
check_eq "seed-error: the RSS (5 x 246 x 499) is recorded as above the bound" \
	"$(grep -c 'RSS 613770 pages' "$seed/meta.json")" 1
check_eq "seed-error: percpu would be capped at 100 MB" "$(grep -c '"percpu: bound 124750 pages"' "$seed/meta.json")" 1
for s in hpcc pernode split-rss; do
	e=$(cell "$seed" settled_err $s 250 every:499:random)
	b=$(cell "$seed" bound_under $s 250 every:499:random)
	if [ -n "$e" ] && [ "$e" -le "$b" ]; then ok "seed-error: $s random settled error $e within its bound $b"
	else not_ok "seed-error: $s settled error '$e' above its bound '$b'"; fi
done
if "$RSSBENCH" ratios -m settled_err "$seed" >/dev/null 2>"$tmp/err"; then
	ok "seed-error: its directory reads back (250-CPU topology.xml, hwloc's empty bitmap groups)"
else
	not_ok "seed-error: ratios refused it: $(cat "$tmp/err")"
fi
run seed-error seed2
if [ "$(cut -d, -f1-5,19 "$seed/cells.csv")" = "$(cut -d, -f1-5,19 "$dir/cells.csv")" ]; then
	ok "seed-error: every settled error repeats exactly in a second run"
else
	not_ok "seed-error: settled errors differ between two runs"
fi

# error-vs-cpus: one task round every CPU (four rounds at 16), K = 2N - 1:
# at 64 every slot keeps 127, percpu's whole bound 64 x 127 = 8128; at 16
# (K = 31) each slot saw 4 x 31, keeping 124 mod 32 = 28: 16 x 28 = 448.
run error-vs-cpus evc
if "$RSSBENCH" ratios -m settled_err "$dir" >/dev/null 2>"$tmp/err"; then
	ok "error-vs-cpus: the joined directory reads back"
else
	not_ok "error-vs-cpus: ratios refused it: $(cat "$tmp/err")"
fi
check_eq "error-vs-cpus: percpu at 64 CPUs reaches its bound" "$(cell "$dir" settled_err percpu 64 every:127:next)" 8128
check_eq "error-vs-cpus: ... the bound" "$(cell "$dir" bound_under percpu 64 every:127:next)" 8128
check_eq "error-vs-cpus: percpu at 16 CPUs after four rounds" "$(cell "$dir" settled_err percpu 16 every:31:next)" 448
check_eq "error-vs-cpus: topologies.csv, one row per run" "$(cut -d, -f1,4 "$dir/topologies.csv" | tr '\n' ' ')" \
	"threads,pus 16,16 64,64 "
check_eq "error-vs-cpus: model.csv rows for both topologies" "$(cut -d, -f3 "$dir/model.csv" | sort -u | tr '\n' ' ')" \
	"16 64 threads "
check_eq "error-vs-cpus: meta.json matrix threads" \
	"$(tr -d ' \n' <"$dir/meta.json" | grep -o '"threads":\[[0-9,]*\]' | head -1)" '"threads":[16,64]'

# memory: percpu_counter is 4 x 40 B inline and 4 x 4 B per possible CPU
# (schemes.md): 160 + 16 x 256 = 4256 bytes per mm at 256 CPUs, 4096 of them
# through the per-CPU allocator; atomic is 4 x 8 = 32.
run memory mem
check_eq "memory: percpu bytes per mm at 256 CPUs" "$(cell "$dir" bytes_per_mm percpu 256 none)" 4256
check_eq "memory: ... per-CPU bytes measured through the allocator" "$(cell "$dir" pcpu_bytes_per_mm percpu 256 none)" 4096
check_eq "memory: atomic bytes per mm" "$(cell "$dir" bytes_per_mm atomic 64 none)" 32
check_eq "memory: fleet.csv percpu at 256 CPUs for 100 000 processes, 1 task or 256" \
	"$(awk -F, '$1 == "percpu" && $2 == 256 && $8 == 100000 { print $4 ":" $9 }' "$dir/fleet.csv" | tr '\n' ' ')" \
	"1:425600000 256:425600000 "
check_eq "memory: fleet.csv has both fleets at 64 200 256 384 CPUs, single-threaded rows first" \
	"$(awk -F, '$1 == "percpu" { print $2 "/" $8 "/" $4 }' "$dir/fleet.csv" | tr '\n' ' ')" \
	"64/10000/1 200/10000/1 256/10000/1 384/10000/1 64/10000/64 200/10000/200 256/10000/256 384/10000/384 64/100000/1 200/100000/1 256/100000/1 384/100000/1 64/100000/64 200/100000/200 256/100000/256 384/100000/384 "
# cid-counter's memory follows the mm's tasks: the scenario's mms have one
# task, so its cells are fleet.csv's single-threaded figure at every CPU count.
one=$(awk -F, '$1 == "cid-counter" && $2 == 256 && $4 == 1 && $8 == 10000 { print $5 }' "$dir/fleet.csv")
all=$(awk -F, '$1 == "cid-counter" && $2 == 256 && $4 == 256 && $8 == 10000 { print $5 }' "$dir/fleet.csv")
check_eq "memory: cid-counter bytes per mm of its single-threaded mms at 64 and 256 CPUs" \
	"$(cell "$dir" bytes_per_mm cid-counter 64 none)/$(cell "$dir" bytes_per_mm cid-counter 256 none)" "$one/$one"
check_run "memory: ... fewer than one task per CPU's $all ($one)" test "$one" -lt "$all"

run seed-error-thp thp
check_eq "seed-error-thp: 66 events of 512 pages" "$(cell "$dir" ops split-rss 250 every:1:next)" 66
# A THP fault is add_mm_counter(+512), never split-rss's per-task cache.
check_eq "seed-error-thp: split-rss's settled error with THP" "$(cell "$dir" settled_err split-rss 250 every:1:next)" 0
# One task of 66 x 512 pages is below percpu's bound 250 x 499: NA, noted.
check_eq "seed-error-thp --quick: percpu's error capped by the RSS of one task" \
	"$(cell "$dir" settled_err percpu 250 every:1:next)/$(cell "$dir" notes percpu 250 every:1:next | grep -c 'settled_err: capped by RSS (33792 pages < bound 124750)')" "NA/1"

for s in fork-exit fault mmap update oom-scan; do
	run $s $s
done
check_eq "fork-exit: model.csv written" "$(test -s "$tmp/fork-exit"/*/model.csv && echo yes)" yes
# spawn: a real fork beside each scheme's fork, no mm_cid area, 1 thread
run spawn spawn
check_eq "spawn: 2 repetitions of 32 real forks for split-rss, percpu-preempt and empty" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["scheme"] ":" $c["ops"] }' "$dir/cells.csv" | sort -u | tr '\n' ' ')" \
	"empty:32 percpu-preempt:32 split-rss:32 "
check_run "spawn: the plan asked for the real fork and no mm_cid area" \
	sh -c 'tr -d " \n" <"$1" | grep -q "\"real_fork\":true" && tr -d " \n" <"$1" | grep -q "\"mm_cid\":false"' - "$dir/meta.json"
