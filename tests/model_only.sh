#!/bin/sh
# model_only.sh - `rssbench run --model-only coherence` (issue 12): the
# model pass alone.  On a small virtual topology with -e, --seed and
# --slice Nops its model.csv figures are exactly those of a --model run of
# the same cells (the model pass does not depend on the timed pass);
# cells.csv's and summary.csv's timed columns are NA with "not timed
# (--model-only)" in notes, verify unverified; meta.json says model_only;
# compare and gate refuse the directory (no timings); options only the
# timed pass uses are refused.
. "${top_srcdir:-.}/tests/lib.sh"
scratch model-only

echo "1..12"

run() {	# run OPTIONS...: the same cells each time
	"$RSSBENCH" run -T "package:2 core:2 pu:2" -s percpu,atomic,pernode -w fault,mmap -t 1,max \
		-e 300 --seed 7 --slice 40ops -r 2 --events none -q "$@"
}
run --model-only coherence -o "$tmp/only" >/dev/null 2>"$tmp/err1"
rc1=$?
run --model coherence -o "$tmp/both" >/dev/null 2>"$tmp/err2"
rc2=$?
check_eq "--model-only run exits 0" "$rc1" 0
check_eq "--model run exits 0" "$rc2" 0
only=$(ls -d "$tmp"/only/*/)
both=$(ls -d "$tmp"/both/*/)

# model.csv without model_s (a wall time): identical, 24 rows.
strip() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "model_s") s = i }
	{ out = ""; for (i = 1; i <= NF; i++) if (i != s) out = out (i > 1 ? "," : "") $i; print out }' "$1"; }
strip "$only/model.csv" >"$tmp/m1"
strip "$both/model.csv" >"$tmp/m2"
check_eq "model.csv rows" "$(($(wc -l <"$tmp/m1") - 1))" 24
if cmp -s "$tmp/m1" "$tmp/m2"; then
	ok "model.csv figures are exactly those of the --model run"
else
	not_ok "model.csv differs from the --model run: $(diff "$tmp/m1" "$tmp/m2" | head -4)"
fi
check_eq "the figures are modelled (atomic/fault at 4 CPUs moves lines)" \
	"$(awk -F, '$1 == "fault" && $2 == "atomic" && $3 == 8 && $6 == 1 { print ($12 > 0.5) }' "$tmp/m1")" 1

for c in ops cycles_per_op ns_per_op ops_per_sec err_max settled_err failures; do
	vals="$vals$(col "$only/cells.csv" $c | sort -u | tr '\n' ' ')"
done
check_eq "cells.csv: timed and error columns are NA" "$vals" "NA NA NA NA NA NA NA "
check_eq "cells.csv: verify is unverified" "$(col "$only/cells.csv" verify | sort -u)" unverified
check_eq "cells.csv: every row notes cycles_per_op not timed" \
	"$(grep -c 'cycles_per_op: not timed (--model-only);.*verify: not verified' "$only/cells.csv")" 24
check_eq "summary.csv: cycles_per_op_median NA with the note in every row" \
	"$(col "$only/summary.csv" cycles_per_op_median | sort -u) $(grep -c 'cycles_per_op_median: not timed (--model-only).*verify: not verified' "$only/summary.csv")" "NA 12"
check_eq "meta.json says model_only" "$(grep -c '"model_only": true' "$only/meta.json")" 1

"$RSSBENCH" compare "$both" "$only" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'a --model-only run.*no timings to compare' "$tmp/err" && [ ! -s "$tmp/out" ]; then
	ok "compare refuses a --model-only directory: exit 2, one line"
else
	not_ok "compare on a --model-only directory: exit $rc, $(cat "$tmp/err")"
fi
"$RSSBENCH" gate --baseline "$both" "$only" >"$tmp/out" 2>"$tmp/err"
rc=$?
run --model-only coherence --real-fork -o "$tmp/bad" >/dev/null 2>"$tmp/err2"
rc2=$?
if [ $rc -eq 3 ] && grep -q 'no timings to compare' "$tmp/err" && [ $rc2 -eq 2 ] &&
   grep -q 'drop one of them' "$tmp/err2" && [ ! -e "$tmp/bad" ]; then
	ok "gate refuses it (exit 3); --real-fork with --model-only is refused (exit 2), nothing written"
else
	not_ok "gate: exit $rc $(cat "$tmp/err"); --real-fork: exit $rc2 $(cat "$tmp/err2")"
fi
