#!/bin/sh
# model_repeat.sh - model.csv is the same across identical runs and does not
# depend on the cells run before it (issue 18), for every workload: each
# workload's model cells are run (1) after the others' with the schemes in
# one order, (2) again, identically, (3) alone with the schemes reversed,
# and (4) under --model, after each cell's timed pass.  Before the model
# build had its own heap, fork's child mm landed on lines glibc's heap
# state chose, so its figures moved with the cells before it.
. "${top_srcdir:-.}/tests/lib.sh"
scratch model-repeat

# Every workload the build has.
workloads=$("$RSSBENCH" list | awk '/^workloads:/ { w = 1; next } w && NF { print $1 }')
nw=$(echo $workloads | wc -w)
echo "1..$((3 * nw + 1))"
check_eq "rssbench list names the 9 workloads" "$nw" 9

run() {	# run NAME SCHEMES WORKLOADS [MODEL_OPTION]
	"$RSSBENCH" run -T "package:2 core:2 pu:2" -s "$2" -w "$3" -t 1,max -e 150 --seed 7 \
		--slice 40ops -r 1 --events none --scan-mms 40 -d 0.02 -q \
		"${4:---model-only}" coherence -o "$tmp/$1" >/dev/null 2>"$tmp/$1.err" || {
		sed 's/^/# /' "$tmp/$1.err"
		return 1
	}
}
# rows WORKLOAD NAME: NAME's model.csv rows of WORKLOAD without model_s (a
# wall time), sorted.
rows() {
	awk -F, -v w="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "model_s") s = i; next }
		$1 == w { out = ""; for (i = 1; i <= NF; i++) if (i != s) out = out "," $i; print out }' \
		"$tmp"/$2/*/model.csv | sort
}

all=$(echo $workloads | tr ' ' ',')
run first "percpu,atomic,cpu-stash" "$all" &&
run again "percpu,atomic,cpu-stash" "$all" &&
run timed "percpu,atomic,cpu-stash" "$all" --model || exit 1
for w in $workloads; do
	run "alone-$w" "cpu-stash,atomic,percpu" "$w" || exit 1
	rows "$w" first >"$tmp/a"
	rows "$w" again >"$tmp/b"
	rows "$w" "alone-$w" >"$tmp/c"
	rows "$w" timed >"$tmp/d"
	if [ "$(wc -l <"$tmp/a")" -eq 6 ] && cmp -s "$tmp/a" "$tmp/b"; then
		ok "$w: model.csv identical across two identical runs (6 cells)"
	else
		not_ok "$w: two identical runs differ: $(diff "$tmp/a" "$tmp/b" | head -3)"
	fi
	if cmp -s "$tmp/a" "$tmp/c"; then
		ok "$w: the same alone with the schemes reversed (no cell before it matters)"
	else
		not_ok "$w: depends on the cells before: $(diff "$tmp/a" "$tmp/c" | head -3)"
	fi
	if cmp -s "$tmp/a" "$tmp/d"; then
		ok "$w: the same under --model, after each cell's timed pass"
	else
		not_ok "$w: the timed pass changes the model: $(diff "$tmp/a" "$tmp/d" | head -3)"
	fi
done
