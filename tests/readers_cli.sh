#!/bin/sh
# readers_cli.sh - compare and gate on inputs no file can carry (issue 8
# §5; the file contents are tests/corpus/resdir, replayed by
# tests/replay_resdir): FIFOs, partial directory names with a trailing / or
# /., --allow-partial, a CRLF file whose FAILED row still fails the gate, a
# run gated against itself, directory names with commas, control bytes and
# invalid UTF-8 in CSV and JSON; the topology CPU limit; and the small
# things of §6 (list --help, "did you mean", a scheme named twice).
: "${top_srcdir:=.}"
. "${top_srcdir:-.}/tests/lib.sh"
scratch readers

report_failure() {
	sed 's/^/# out: /' "$tmp/out" | head -20
	sed 's/^/# err: /' "$tmp/err" | head -20
}

# unpack CORPUS_FILE DIR: a corpus input (tests/fuzz_one.h) as a directory.
unpack() {
	mkdir -p "$2" &&
	awk -v dir="$2" '/^--8<-- / { f = dir "/" substr($0, 8); printf "" >f; next }
		f { print >f }' "$top_srcdir/tests/corpus/resdir/$1"
}

# refused WHAT RC "words" CMD...: exit RC, exactly one line on stderr with the words, nothing raw.
refused() {
	what=$1 want=$2 words=$3
	shift 3
	timeout 20 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	good=0
	[ "$rc" -eq "$want" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$words" "$tmp/err" &&
		! LC_ALL=C grep -q '[[:cntrl:]]' "$tmp/err" && good=1
	report $good "$what: exit $want, one line (got $rc: $(head -c 300 "$tmp/err"))"
}

unpack good-v1 "$tmp/base" && unpack good-v1 "$tmp/cand" || { echo "Bail out! cannot unpack"; exit 1; }

echo "1..25"

# FIFOs in place of each file: refused at once, never read (timeout 20 = hung).
for f in cells.csv meta.json topology.xml; do
	rm -rf "$tmp/fifo" && cp -r "$tmp/cand" "$tmp/fifo" && rm "$tmp/fifo/$f" &&
		mkfifo "$tmp/fifo/$f"
	refused "gate: a FIFO as $f" 3 "fifo/$f: a FIFO, not a regular file" \
		"$RSSBENCH" gate --baseline "$tmp/base" "$tmp/fifo"
done
refused "compare: a FIFO as cells.csv" 2 "a FIFO, not a regular file" \
	"$RSSBENCH" compare "$tmp/base" "$tmp/fifo"

# Partial by name, with / and /. after it; --allow-partial accepts.
cp -r "$tmp/cand" "$tmp/h-20260101-000000-partial"
for suffix in "" / /. /./; do
	refused "gate: a partial directory named \"...-partial$suffix\"" 3 \
		"an interrupted run (its name says partial); rerun it, or give --allow-partial" \
		"$RSSBENCH" gate --baseline "$tmp/base" "$tmp/h-20260101-000000-partial$suffix"
done
"$RSSBENCH" compare --allow-partial "$tmp/base" "$tmp/h-20260101-000000-partial/." >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q "^note: the candidate is an interrupted run (--allow-partial)" "$tmp/out" && good=1
report $good "compare --allow-partial compares a partial directory and says so (got $rc)"

# Partial by meta.json, and rows missing: --allow-partial takes what is there.
unpack partial-meta "$tmp/pmeta" && unpack good-v2 "$tmp/v2"
refused "gate: meta.json \"complete\": false" 3 '"complete": false, an interrupted run' \
	"$RSSBENCH" gate --baseline "$tmp/v2" "$tmp/pmeta"
unpack missing-row "$tmp/missing"
"$RSSBENCH" gate --allow-partial --min-reps 2 --baseline "$tmp/base" "$tmp/missing" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -le 2 ] && grep -q "^gate: " "$tmp/out" && good=1
report $good "gate --allow-partial judges a directory with a missing row (got $rc)"

# CRLF: accepted, and its FAILED row still fails the gate.
unpack crlf-failed-row "$tmp/crlf"
"$RSSBENCH" gate --baseline "$tmp/base" "$tmp/crlf" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 1 ] && grep -q "^REGRESSION fault/atomic threads=1 compact none verify: verify rep 2: FAILED (settled error above bound)$" "$tmp/out" && good=1
report $good "gate: a CRLF cells.csv is read, its FAILED row is a regression (got $rc)"

# A run against itself: gate refuses (it would always pass), compare says so.
refused "gate --baseline X X" 3 "are the same directory: a run compared with itself always passes" \
	"$RSSBENCH" gate --baseline "$tmp/base" "$tmp/base/./"
"$RSSBENCH" compare "$tmp/base" "$tmp/base/" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q "^note: the baseline and the candidate are the same directory" "$tmp/out" && good=1
report $good "compare X X: a note that it is one directory (got $rc)"

# Directory names with a comma, a quote, a control byte and invalid UTF-8.
odd=$(printf '%s/a,b "q" \033[31m \377x' "$tmp")
cp -r "$tmp/cand" "$odd"
"$RSSBENCH" compare -f csv "$tmp/base" "$odd" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
if [ $rc -eq 0 ] && ! LC_ALL=C grep -q "$(printf '\033')" "$tmp/out" && command -v python3 >/dev/null; then
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) > 10 and all(len(r) == 21 for r in rows), set(len(r) for r in rows)
assert rows[1][0].endswith("a,b \"q\" \\x1b[31m \\xffx"), rows[1][0]
' "$tmp/out" && good=1
elif [ $rc -eq 0 ]; then
	good=1
fi
report $good "compare --format csv: a comma, quote, control byte and bad byte in a name stay one field of 21, escaped (got $rc)"
"$RSSBENCH" compare -f json "$tmp/base" "$odd" >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
if [ $rc -eq 0 ] && command -v python3 >/dev/null; then
	python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("ascii")
d = json.loads(raw)
c = d["comparisons"][0]["candidate"]
assert c.endswith("a,b \"q\" \x1b[31m \ufffdx"), c
' "$tmp/out" && good=1
elif [ $rc -eq 0 ]; then
	good=1
fi
report $good "compare --format json: valid ASCII JSON, the bad byte as U+FFFD (got $rc)"
refused "gate: a missing directory named with control bytes" 3 'x\\x1b\[31m' \
	"$RSSBENCH" gate --baseline "$tmp/base" "$(printf '%s/x\033[31m' "$tmp")"

# Topologies larger than RSS_MAX_CPUS are refused before hwloc builds them.
refused "topo: package:1000 core:1000 pu:1000" 2 "has more than 8192 CPUs" \
	"$RSSBENCH" topo -T "package:1000 core:1000 pu:1000"
refused "run: 8193 CPUs" 2 "has more than 8192 CPUs" \
	"$RSSBENCH" run -T "8193" -s atomic -w fault -t 1 -o "$tmp/res"
refused "topo -t beyond the limit" 2 'bad value "9000" for --threads: give a whole number from 1 to 8192' \
	"$RSSBENCH" topo -T "pack:2 pu:2" -t 9000

# Small things: list --help, did you mean, a scheme given twice.
"$RSSBENCH" list --help >"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && grep -q "^usage: rssbench list" "$tmp/out" && good=1
report $good "list --help: exit 0 with usage (got $rc)"
refused "run -w falut" 2 'unknown workload "falut"; did you mean "fault"?' \
	"$RSSBENCH" run -w falut -o "$tmp/res"
refused "run -s percpuu" 2 'did you mean "percpu"?' \
	"$RSSBENCH" run -s percpuu -o "$tmp/res"
refused "rssbench compre" 2 'unknown command "compre"; did you mean "compare"?' \
	"$RSSBENCH" compre
"$RSSBENCH" run -s atomic,atomic -w fault -t 1 -r 1 -e 50 --events none -q -o "$tmp/res" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
dir=$(sed -n 's/^results: //p' "$tmp/out")
[ $rc -eq 0 ] && [ -n "$dir" ] && [ "$(grep -c '^fault,atomic,' "$dir/cells.csv")" -eq 1 ] && good=1
report $good "run -s atomic,atomic runs the scheme once (got $rc)"
