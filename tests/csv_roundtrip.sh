#!/bin/sh
# csv_roundtrip.sh - what rssbench writes, rssbench reads back: a run with
# each kind of option value the command line takes that reaches a CSV
# (placements with commas, every migration policy and a list of them,
# topologies: a synthetic string with spaces, an XML file whose name has a
# comma; software events; the model) is read by compare, its placement and
# migration back as given, and its ratios CSV quotes them (csv.c on both
# sides).  -p 0,1 and the README's 0-3,8 were written unquoted: every reader
# called the directory damaged.
. "${top_srcdir:-.}/tests/lib.sh"
scratch csvrt

echo "1..8"
report_failure() { sed 's/^/# /' "$tmp/err"; }
topo="pack:1 node:2 core:8 pu:1"
B="run --events none -s atomic,percpu -w update -r 1 -e 100 -q"

# back WHAT PLACEMENT MIGRATION ARGS...: a run with ARGS; compare reads it,
# with PLACEMENT and MIGRATION back as they were given; ratios quotes them.
back() {
	what=$1 place=$2 mig=$3
	shift 3
	rm -rf "$tmp/o"
	"$RSSBENCH" $B "$@" -o "$tmp/o" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	d=$(sed -n 's/^results: //p' "$tmp/out")
	good=0
	[ $rc -eq 0 ] && "$RSSBENCH" compare --format json "$d" "$d" >"$tmp/json" 2>>"$tmp/err" &&
		grep -qF "\"placement\": \"$place\", \"migration\": \"$mig\"" "$tmp/json" &&
		"$RSSBENCH" ratios "$d" >"$tmp/ratios" 2>>"$tmp/err" &&
		case $place$mig in
		*,*) grep -qF "\"$place\"" "$tmp/ratios" || grep -qF "\"$mig\"" "$tmp/ratios" ;;
		*) grep -qF ",$place,$mig," "$tmp/ratios" ;;
		esac && good=1
	report $good "$what: written, read back by compare and ratios as given (run exit $rc)"
}

back "-p 0,1" "0,1" none -T "$topo" -t 2 -p 0,1
back "-p 0-3,8 (the README's)" "0-3,8" none -T "$topo" -t 2 -p 0-3,8
back "-p core:0-1" "core:0-1" none -T "$topo" -t 2 -p core:0-1
back "-p scatter" scatter none -T "$topo" -t 2 -p scatter
# every:K alone is every:K:random, and is written so.
back "-m every:64" compact every:64:random -T "$topo" -t 2 -m every:64
for m in every:64:next every:64:remote-node; do
	back "-m $m" compact "$m" -T "$topo" -t 2 -m "$m"
done
# The last run's topology, as a file whose name holds a comma.
cp "$d/topology.xml" "$tmp/a,b.xml"
back "an XML topology named a,b.xml, events, --model" compact none -T "$tmp/a,b.xml" -t 1 \
	--events perf::PAGE-FAULTS,perf::CPU-MIGRATIONS --model coherence
