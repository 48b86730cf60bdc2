#!/bin/sh
# cli_errors.sh - every bad input exits 2 with one line on stderr that names
# the problem, and leaves no results directory behind.
. "${top_srcdir:-.}/tests/lib.sh"
scratch cli
touch "$tmp/a-file"

check() {	# check "what" "expected words" args...
	what=$1 words=$2
	shift 2
	n=$((n + 1))
	"$RSSBENCH" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	left=$(find "$tmp/results" -mindepth 1 2>/dev/null | wc -l)
	if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && grep -q -- "$words" "$tmp/err" &&
	   [ "$left" -eq 0 ]; then
		echo "ok $n - $what: $(cat "$tmp/err")"
	else
		echo "not ok $n - $what: exit $rc, $lines stderr lines, $left files left"
		sed 's/^/# /' "$tmp/err"
	fi
}

R="run -d 0.01 -r 1 -o $tmp/results"
echo "1..22"
check "unknown scheme" 'unknown scheme "nosuch"' $R -s nosuch
check "unknown workload" 'unknown workload "nosuch"' $R -w fault,nosuch
check "bad topology string" 'bad topology "pack:two"' $R -T pack:two
check "bad CPU list" 'bad CPU list "0-x"' $R -p 0-x
check "CPU not in topology" 'CPU 4096 is not in the topology' $R -p 0,4096
check "too many threads" 'cannot run 9 threads' $R -T "pack:2 core:2 pu:2" -t 9
check "bad migration policy" 'bad migration policy "every:0"' $R -m every:0
check "bad slice" 'bad slice "3"' $R --slice 3
check "unknown model" 'unknown model "mesi"' $R --model mesi
check "pages not a multiple of pages per fault" 'is not a multiple of --pages-per-fault 512' $R --pages 500 --pages-per-fault 512
check "bad number" 'bad value "many" for --reps' $R -r many
check "unknown option" 'unknown option "--frobnicate"' $R --frobnicate
check "unwritable results directory" 'cannot write results directory' \
	run -d 0.01 -r 1 -o "$tmp/a-file/results"
check "bad PAPI event list" 'empty' $R --events "PAPI_L1_DCM,,x"
check "unknown command" 'unknown command "frob"' frob
check "bad option for topo" "bad option" topo --frob
check "footprint: unknown scheme" 'unknown scheme "nosuch"' footprint -s nosuch
check "footprint: native has no formula" 'native has no footprint formula' footprint -s native
check "footprint: bad CPU count" 'bad value "0" for --cpus' footprint --cpus 64,0
check "unknown event name" 'unknown event "NO_SUCH_EVENT"' $R --events NO_SUCH_EVENT
check "pmu-check: same CPU twice" 'bad --cpus "0,0"' pmu-check --cpus 0,0
check "events takes no arguments" "'events' takes no arguments" events extra
