#!/bin/sh
# ratios_busy.sh - `rssbench ratios` says when the run was busy or noisy, with
# the line run's table and report.md open with (rss_busy_line), made again
# from meta.json's numbers, on stderr: the CSV on stdout is the same either
# way.  A quiet run gets no line.
. "${top_srcdir:-.}/tests/lib.sh"
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
scratch ratios_busy
echo "1..5"

meta() { jq "$2" "$1/meta.json" >"$1/meta.tmp" && mv "$1/meta.tmp" "$1/meta.json"; }
"$RSSBENCH" run -s atomic,percpu -w update -t 1 -r 2 -e 100 -q -o "$tmp/r" >"$tmp/out" 2>&1
dir=$(sed -n 's/^results: //p' "$tmp/out")
cp -r "$dir" "$tmp/idle"
meta "$tmp/idle" '.host_state.online_cpus = 2 | .host_state.load_before = [0.5, 0.5, 0.5] | .host_state.load_after = [0.7, 0.5, 0.5] | .noise.noisy_cells = 0 | .noise.cells = 2'
cp -r "$tmp/idle" "$tmp/busy"
meta "$tmp/busy" '.host_state.load_after = [99, 0.5, 0.5]'
cp -r "$tmp/idle" "$tmp/noisy"
meta "$tmp/noisy" '.noise.noisy_cells = 1'

"$RSSBENCH" ratios -r atomic "$tmp/idle" >"$tmp/idle.csv" 2>"$tmp/idle.err"
check_run "an idle run: exit 0, nothing on stderr" sh -c '[ $1 -eq 0 ] && [ ! -s "$2" ]' sh $? "$tmp/idle.err"
"$RSSBENCH" ratios -r atomic "$tmp/busy" >"$tmp/busy.csv" 2>"$tmp/busy.err"
check_run "a busy run (load 99 after, 2 CPUs): exit 0, the BUSY RUN line with both loads" \
	sh -c '[ $1 -eq 0 ] && [ "$(wc -l <"$2")" -eq 1 ] && grep -q "BUSY RUN: load average 0.50 before, 99.00 after, on 2 online CPUs" "$2"' sh $? "$tmp/busy.err"
check_run "... and the same CSV on stdout" cmp -s "$tmp/idle.csv" "$tmp/busy.csv"
"$RSSBENCH" ratios -r atomic "$tmp/noisy" >/dev/null 2>"$tmp/noisy.err"
check_run "a noisy run (1 of 2 cells): the NOISY RUN line with its share" \
	grep -q "NOISY RUN: .* 1 of 2 cells noisy (50 %" "$tmp/noisy.err"
meta "$tmp/busy" '.noise.line = "BUSY RUN: `touch PWNED`\u001b[2J"'
"$RSSBENCH" ratios -r atomic "$tmp/busy" >/dev/null 2>"$tmp/busy.err"
check_run "the line is made from the numbers, never meta.json's text (noise.line forged)" \
	sh -c '! grep -q PWNED "$1" && grep -q "99.00 after" "$1"' sh "$tmp/busy.err"
