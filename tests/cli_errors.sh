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
echo "1..$((22 + 87))"
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
check "unknown option for topo" 'unknown option "--frob"' topo --frob
check "footprint: unknown scheme" 'unknown scheme "nosuch"' footprint -s nosuch
check "footprint: native has no formula" 'native has no footprint formula' footprint -s native
check "footprint: bad CPU count" 'bad value "0" for --cpus' footprint --cpus 64,0
check "unknown event name" 'unknown event "NO_SUCH_EVENT"' $R --events NO_SUCH_EVENT
check "pmu-check: same CPU twice" 'bad --cpus "0,0"' pmu-check --cpus 0,0
check "events takes no arguments" "'events' takes no arguments" events extra

# Issue 17 §7: the command line refuses what it cannot mean, the same way
# for every option of every subcommand: wrapped or overflowing numbers,
# empty values and list items, trailing or leading junk, hex and exponent
# floats, out-of-range values, unknown names.  Each is exit 2 (gate: 3)
# with one line that echoes no control byte and at most RSS_SHOWN_MAX
# bytes of a value (a 100 KB value is never repeated whole).
LONG=$(awk 'BEGIN { while (n++ < 100000) printf "A"; }')
LONGSP=$(awk 'BEGIN { while (n++ < 20000) printf "A B "; }')
ESC=$(printf 'x\033[2J\033]0;pwned\007y')
NL=$(printf 'fa\nult')
refuse() {	# refuse RC "what" args...
	want=$1 what=$2
	shift 2
	"$RSSBENCH" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	bytes=$(wc -c <"$tmp/err")
	ctl=$(tr -d '\n' <"$tmp/err" | LC_ALL=C tr -d '[:print:]' | wc -c)
	left=$(find "$tmp/results" -mindepth 1 2>/dev/null | wc -l)
	if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && [ "$ctl" -eq 0 ] && [ "$bytes" -le 1100 ] &&
	   ! grep -q 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' "$tmp/err" &&
	   ! grep -q '\(A B \)\{50\}' "$tmp/err" && [ "$left" -eq 0 ]; then
		ok "refused: $what: $(cut -c1-160 "$tmp/err")"
	else
		not_ok "refused: $what: exit $rc (want $want), $lines lines, $bytes bytes, $ctl control bytes, $left files left"
		cut -c1-300 "$tmp/err" | sed 's/^/# /'
	fi
}
X=$tmp/nosuch-dir
refuse 2 "run -p 4294967297 (would wrap to CPU 1)" $R -p 4294967297
refuse 2 "run -p -1" $R -p -1
refuse 2 "run -p 0,,1" $R -p 0,,1
refuse 2 "run -p 1, (trailing comma)" $R -p 1,
refuse 2 "run -p 3-1 (backwards)" $R -p 3-1
refuse 2 "run -p 99999999999999999999" $R -p 99999999999999999999
refuse 2 "run -p core:" $R -p core:
refuse 2 'run -s ""' $R -s ""
refuse 2 'run -w ""' $R -w ""
refuse 2 'run -t ""' $R -t ""
refuse 2 'run -m ""' $R -m ""
refuse 2 'run --scheme=' $R --scheme=
refuse 2 'run -s atomic, (empty item)' $R -s atomic,
refuse 2 'run -w ,fault' $R -w ,fault
refuse 2 'run -t 1,,2' $R -t 1,,2
refuse 2 'run -t 4294967297' $R -t 4294967297
refuse 2 'run -t +1' $R -t +1
refuse 2 'run -d 1e-12' $R -d 1e-12
refuse 2 'run -d 0x1p-3' $R -d 0x1p-3
refuse 2 'run -d " 1"' $R -d " 1"
refuse 2 'run -d 1s (trailing junk)' $R -d 1s
refuse 2 'run -d inf' $R -d inf
refuse 2 'run -d nan' $R -d nan
refuse 2 'run -d 0.0001 (below 1 ms)' $R -d 0.0001
refuse 2 'run -d 3601' $R -d 3601
refuse 2 'run -r +3' $R -r +3
refuse 2 'run -r " 3"' $R -r " 3"
refuse 2 'run -r 3x' $R -r 3x
refuse 2 'run -r 99999999999999999999' $R -r 99999999999999999999
refuse 2 'run -e 0x10' $R -e 0x10
refuse 2 'run --seed -1' $R --seed -1
refuse 2 'run --pages 1e3' $R --pages 1e3
refuse 2 'run --tasks-per-mm ""' $R --tasks-per-mm ""
refuse 2 'run -T "numa:2000 pu:1" (beyond MAX_NUMNODES)' $R -T "numa:2000 pu:1"
refuse 2 'run -T ""' $R -T ""
refuse 2 'run -o ""' run -d 0.01 -r 1 -o ""
refuse 2 'run --events perf::NO-SUCH (no such software event)' $R --events perf::NO-SUCH
refuse 2 'run --events ""' $R --events ""
refuse 2 'run --slice 1e3ops' $R --slice 1e3ops
refuse 2 'run --slice 0x10ops' $R --slice 0x10ops
refuse 2 'run --slice ""' $R --slice ""
refuse 2 'run -m every:-1' $R -m every:-1
refuse 2 'run -m every:+5' $R -m every:+5
refuse 2 'run -m every:99999999999' $R -m every:99999999999
refuse 2 'run --model ""' $R --model ""
refuse 2 'run -s <100 KB>' $R -s "$LONG"
refuse 2 'run -s <80 KB with spaces>' $R -s "$LONGSP"
refuse 2 'run -p <100 KB>' $R -p "$LONG"
refuse 2 'run -T <100 KB>' $R -T "$LONG"
refuse 2 'run -m <100 KB>' $R -m "$LONG"
refuse 2 'run --slice <100 KB>' $R --slice "$LONG"
refuse 2 'run --events <100 KB>' $R --events "$LONG"
refuse 2 'run -r <100 KB>' $R -r "$LONG"
refuse 2 'run <100 KB option>' $R "--$LONG"
refuse 2 'run -s <escape sequences>' $R -s "$ESC"
refuse 2 'run -w <a newline>' $R -w "$NL"
refuse 2 'topo -t ""' topo -t ""
refuse 2 'topo -p 4294967297' topo -p 4294967297
refuse 2 'topo --export ""' topo --export ""
refuse 2 'topo -p <100 KB>' topo -p "$LONG"
refuse 2 'compare --alpha 0x0.1' compare --alpha 0x0.1 "$X" "$X"
refuse 2 'compare --alpha 1e-2' compare --alpha 1e-2 "$X" "$X"
refuse 2 'compare -f ""' compare -f "" "$X" "$X"
refuse 2 'compare -f <100 KB>' compare -f "$LONG" "$X" "$X"
refuse 3 'gate --threshold 5e0' gate -b "$X" --threshold 5e0 "$X"
refuse 3 'gate --min-reps 5.5' gate -b "$X" --min-reps 5.5 "$X"
refuse 3 'gate --min-reps 0x5' gate -b "$X" --min-reps 0x5 "$X"
refuse 3 'gate -b ""' gate -b "" "$X"
refuse 3 'gate --metric <100 KB>' gate -b "$X" --metric "$LONG" "$X"
refuse 3 'gate <escape sequences as a directory>' gate -b "$X" "$ESC"
refuse 2 'ratios -r nosuch' ratios -r nosuch "$X"
refuse 2 'ratios -r ""' ratios -r "" "$X"
refuse 2 'ratios --level 9e-1' ratios --level 9e-1 "$X"
refuse 2 'ratios -m <100 KB>' ratios -m "$LONG" "$X"
refuse 2 'footprint --cpus 64,,1' footprint --cpus 64,,1
refuse 2 'footprint --nodes 0x4' footprint --nodes 0x4
refuse 2 'footprint --fleet 1e6' footprint --fleet 1e6
refuse 2 'pmu-check --cpus "0, 1"' pmu-check --cpus "0, 1"
refuse 2 'pmu-check --writes 1e6' pmu-check --writes 1e6
refuse 2 'list <100 KB>' list "$LONG"
refuse 2 'ratios <a 3 KB directory name>' ratios "$tmp/$(echo "$LONG" | cut -c1-3000)"
refuse 3 'gate <a 3 KB directory name>' gate -b "$X" "$tmp/$(echo "$LONG" | cut -c1-3000)"
refuse 2 'run --scenario fault <100 KB>' run --scenario fault "$LONG"
refuse 2 'run --scenario <100 KB>' run --scenario "$LONG"
refuse 2 'run --scenario=' run --scenario=
refuse 2 'run --scenario fault --output ""' run --scenario fault --output ""
refuse 2 'run --scenario fault --outputx DIR (junk after the name)' run --scenario fault --outputx "$tmp/results"
