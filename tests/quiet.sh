#!/bin/sh
# quiet.sh - `run -q` does what its help, the man page and README say: on
# stderr nothing but errors, warnings and the failed cells' lines (no
# progress, no unavailable-event lines, no table), on stdout the results:
# line; a scenario the same.  Without -q the events that cannot be counted
# here are named, where there are such.
. "${top_srcdir:-.}/tests/lib.sh"
scratch quiet
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
echo "1..4"

"$RSSBENCH" run -q -s atomic,percpu -w update -t 1 -r 1 -d 0.01 -o "$tmp/q" >"$tmp/out" 2>"$tmp/err"
rc=$?
check_run "run -q: exit 0, nothing on stderr ($(head -1 "$tmp/err"))" \
	sh -c '[ $1 -eq 0 ] && [ ! -s "$2" ]' sh $rc "$tmp/err"
check_run "run -q: stdout is the results: line alone" \
	sh -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "^results: " "$1"' sh "$tmp/out"
"$RSSBENCH" run --scenario update --quick --no-plots -q -o "$tmp/sq" >"$tmp/out" 2>"$tmp/err"
rc=$?
check_run "run --scenario update --quick -q: exit 0, stderr empty, one results: line" \
	sh -c '[ $1 -eq 0 ] && [ ! -s "$2" ] && [ "$(grep -c . "$3")" -eq 1 ] && grep -q "^results: " "$3"' \
	sh $rc "$tmp/err" "$tmp/out"
"$RSSBENCH" run -s atomic -w update -t 1 -r 1 -d 0.01 -o "$tmp/v" >"$tmp/out" 2>"$tmp/err"
dir=$(sed -n 's/^results: //p' "$tmp/out")
missing=$(jq -r '.papi.events[]? | select(.available == false) | .name' "$dir/meta.json" 2>/dev/null | head -1)
if [ -n "$missing" ]; then
	check_run "without -q, an event not counted here ($missing) is named on stderr" \
		grep -q "^rssbench: event $missing unavailable: " "$tmp/err"
else
	check_run "without -q, every event counted here: no unavailable-event line" \
		sh -c '! grep -q "^rssbench: event .* unavailable" "$1"' sh "$tmp/err"
fi
