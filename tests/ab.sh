#!/bin/sh
# ab.sh - `rssbench ab`: this binary as A and as B (an A/A run) on a tiny
# deterministic plan (serialized virtual CPUs, fixed events, slices in
# operations) writes two ordinary results directories with the same cells,
# the round order in meta.json and on stderr, each repetition in the order
# run, and the same deterministic figures on both sides; then a judged
# verdict.  Bad input
# (a missing binary, a file that is not rssbench, a build that refuses the
# plan, a bad run or gate option) exits 3 with its line, nothing left.
. "${top_srcdir:-.}/tests/lib.sh"
scratch ab

echo "1..19"

# The plan: 8 virtual CPUs, 3 schemes, migration every 15 updates.
set -- -T "package:2 numa:1 core:4 pu:1" -s percpu,atomic,pernode -w update -t 8 \
	-m every:15:next -e 300 --slice 15ops --serialize --events none --seed 3
"$RSSBENCH" ab --a "$RSSBENCH" --b . --rounds 3 -o "$tmp/out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
a=$(sed -n 's/^results: \(.*\/a\)$/\1/p' "$tmp/stdout")
b=$(sed -n 's/^results: \(.*\/b\)$/\1/p' "$tmp/stdout")
if [ $rc -le 2 ] && grep -q '^gate: ' "$tmp/stdout"; then
	ok "A/A: a gate verdict (exit $rc)"
else
	not_ok "A/A exited $rc"
	sed 's/^/# /' "$tmp/stderr"
fi
if [ -n "$a" ] && [ -s "$a/cells.csv" ] && [ -s "$a/summary.csv" ] && [ -s "$b/cells.csv" ] &&
   [ "$(dirname "$a")" = "$(dirname "$b")" ]; then
	ok "both directories, side by side in one"
else
	not_ok "directories '$a' '$b'"
fi
case $(basename "$(dirname "$a")") in
*-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]-ab) ok "named <host>-<stamp>-ab" ;;
*) not_ok "bad name $(dirname "$a")" ;;
esac
check_eq "nothing else left in the output directory" "$(ls -A "$tmp/out" | wc -l)" 1
# The key columns (workload..rep) and the deterministic ones: settled and
# precise error, bounds, bytes per mm.
keys() { cut -d, -f1-10 "$1/cells.csv"; }
det() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
		{ print $c["scheme"], $c["rep"], $c["settled_err"], $c["precise_err"], $c["bound_under"],
			$c["bound_over"], $c["bytes_per_mm"], $c["pcpu_bytes_per_mm"], $c["ops"] }' "$1/cells.csv"
}
check_eq "the same cells on both sides" "$(keys "$a" | md5sum)" "$(keys "$b" | md5sum)"
check_eq "3 schemes x 3 rounds of rows" "$(($(wc -l <"$a/cells.csv") - 1))" 9
check_eq "every round is a repetition, in order" "$(col "$a/cells.csv" rep | tr -d '\n')" 111222333
check_eq "the deterministic figures are identical" "$(det "$a" | md5sum)" "$(det "$b" | md5sum)"
# percpu on 8 CPUs, every slot left 15 x (2 x 8 - 1)... nonzero, the same each round.
check_eq "percpu's settled error repeats in every round" \
	"$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["scheme"] == "percpu" { print $c["settled_err"] }' \
	"$a/cells.csv" | sort -u | wc -l)" 1
# The driver's order (the pacing itself: tests/test_ab_pace).
check_eq "the rounds ran A B, B A, A B" \
	"$(sed -n 's/^rssbench ab: round [0-9] of 3: \([AB]\) .*/\1/p' "$tmp/stderr" | tr -d '\n')" ABBAAB
meta() { tr -d ' \n' <"$1/meta.json"; }
if meta "$a" | grep -q '"order":\["AB","BA","AB"\]' && meta "$a" | grep -q '"side":"A"' &&
   meta "$b" | grep -q '"side":"B"' && meta "$b" | grep -q '"first_in_rounds":\[2\]' &&
   meta "$a" | grep -q '"first_in_rounds":\[1,3\]'; then
	ok "meta.json: each side, the round order AB BA AB, and the rounds each ran first"
else
	not_ok "meta.json's ab: $(meta "$a" | grep -o '"ab":{[^}]*}')"
fi
# What tells the gate the two are one interleaved pair (doc/compare.md).
check_eq "each side's other_run_id is the other's run_id" \
	"$(jq -r '.ab.other_run_id' "$a/meta.json") $(jq -r '.ab.other_run_id' "$b/meta.json")" \
	"$(jq -r '.run_id' "$b/meta.json") $(jq -r '.run_id' "$a/meta.json")"
if meta "$a" | grep -q '"--reps=3"' && [ "$(meta "$a" | grep -o '"command_line":\[[^]]*\]' | sed 's/--output=[^"]*//; s/--ab-pace=[0-9]*//')" = \
   "$(meta "$b" | grep -o '"command_line":\[[^]]*\]' | sed 's/--output=[^"]*//; s/--ab-pace=[0-9]*//')" ]; then
	ok "both sides ran the same rendered plan, --reps the rounds"
else
	not_ok "command lines differ"
fi

# Bad input: exit 3 (gate's error), one line, no output directory.
printf '#!/bin/sh\n[ "$1" = --version ] && echo "rssbench 0.0 (git fake)" && exit 0\necho "rssbench: unknown option" >&2\nexit 2\n' >"$tmp/fake"
chmod +x "$tmp/fake"
printf 'not a program\n' >"$tmp/text"
bad() {
	what=$1
	shift
	"$RSSBENCH" ab "$@" -o "$tmp/bad" -s atomic -w update -t 1 -e 10 --events none >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 3 ] && [ "$(wc -l <"$tmp/err")" -eq "${lines:-1}" ] && [ ! -e "$tmp/bad" ]; then
		ok "$what: exit 3, ${lines:-1} line(s), nothing written"
	else
		not_ok "$what: exit $rc, $(wc -l <"$tmp/err") lines, $(ls -A "$tmp/bad" 2>/dev/null)"
		sed 's/^/# /' "$tmp/err"
	fi
}
bad "a missing binary" --a "$tmp/nope" --b "$RSSBENCH"
bad "a file that is not rssbench" --a "$RSSBENCH" --b /bin/true
bad "a text file" --a "$tmp/text" --b "$RSSBENCH"
bad "a bad run option" --a "$RSSBENCH" --b "$RSSBENCH" --scheme nosuch
bad "a bad gate option" --a "$RSSBENCH" --b "$RSSBENCH" -- --threshold lots
# The build's own line, then ab's naming the side.
lines=2 bad "A refuses the plan (an rssbench without --ab-pace)" --a "$tmp/fake" --b "$RSSBENCH"
