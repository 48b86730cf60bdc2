#!/bin/sh
# durable.sh - no finished row is ever lost, however a run ends: a full disk
# (a small tmpfs, at eight sizes: before the first row, mid-matrix, at
# summary.csv and at meta.json), every catchable terminating signal (ends
# as SIGINT does: exit 128+sig, <name>-partial, meta.json "complete": false),
# the file size limit (SIGXFSZ), SIGKILL and a crash (what cannot be
# caught: the directory already says it is partial), and a stack limit
# below what rssbench needs (raised when the hard limit allows, else one
# line, exit 1, nothing written).  Each directory left is one the readers
# open with --allow-partial, its rows whole and the same in every file.
. "${top_srcdir:-.}/tests/lib.sh"
scratch durable 'umount "$tmp/full" 2>/dev/null'

echo "1..19"
report_failure() { sed 's/^/# /' "$tmp/err"; }
# Many short cells: the run is still going when the signal comes.
R="run --events none -s atomic -w fault -t 1 -r 100 -d 0.05 -q"

# readable DIR: whole rows (each of cells.csv's cells in workers.csv too: a
# run killed between two files has at most workers.csv rows of the cell it
# was writing), a partial meta.json, and compare --allow-partial takes it.
readable() {
	[ -d "$1" ] && grep -q '"complete": false' "$1/meta.json" &&
		[ "$(tail -c 1 "$1/cells.csv" | od -An -c | tr -d ' ')" = '\n' ] &&
		[ "$(awk -F, 'FNR == 1 { n = NF } NF != n' "$1/cells.csv" "$1/workers.csv" | wc -l)" -eq 0 ] &&
		awk -F, 'NR > 1 { print $1, $2, $3, $5, $10 }' "$1/cells.csv" | sort -u >"$tmp/cells" &&
		awk -F, 'NR > 1 { print $1, $2, $3, $5, $6 }' "$1/workers.csv" | sort -u >"$tmp/workers" &&
		[ -s "$tmp/cells" ] && [ -z "$(comm -23 "$tmp/cells" "$tmp/workers")" ] &&
		"$RSSBENCH" compare --allow-partial "$1" "$1" >/dev/null 2>>"$tmp/err"
}
# signum NAME: the number of signal NAME (dash's kill -l maps only numbers to names).
signum() {
	i=1
	while [ $i -lt 65 ]; do
		[ "$(kill -l $i 2>/dev/null)" = "$1" ] && echo $i && return
		i=$((i + 1))
	done
}
# rows DIR: its cells.csv's rows.
rows() { echo $(($(wc -l <"$1/cells.csv") - 1)); }
# stopped SIGNAL DIR: rssbench run into DIR, sent SIGNAL after its second
# row; rc its exit status, d the directory it left.
stopped() {
	"$RSSBENCH" $R -o "$2" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	wait_rows "$2" 2
	kill -"$1" $pid
	wait $pid
	rc=$?
	d=$(find "$2" -mindepth 1 -maxdepth 1 -name '*-partial' | head -1)
}

# A full disk at eight sizes (root only): from no room for the first row to
# room for everything.  Rows are never deleted; an error names the file and
# ENOSPC; a directory left is partial and readable, or complete.
mkdir -p "$tmp/full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16k tmpfs "$tmp/full" 2>/dev/null; then
	umount "$tmp/full"
	for size in 16 20 22 24 26 28 32 96; do
		mount -t tmpfs -o size=${size}k tmpfs "$tmp/full"
		"$RSSBENCH" run --events none -s atomic,percpu -w update -t 1 -e 100 -r 30 -q \
			-o "$tmp/full" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		d=$(sed -n 's/^results: //p' "$tmp/out")
		left=$(find "$tmp/full" -mindepth 1 -maxdepth 1 | wc -l)
		good=0
		if [ $rc -eq 0 ]; then
			# Room for it all: complete, nothing else left.
			[ -d "$d" ] && grep -q '"complete": true' "$d/meta.json" && [ "$(rows "$d")" -eq 60 ] &&
				[ "$left" -eq 1 ] && good=1
		elif [ -z "$d" ]; then
			# No row finished: nothing left, the file and ENOSPC named.
			[ $rc -eq 1 ] && [ "$left" -eq 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
				grep -q 'cannot write .*/[a-z]*\.\(csv\|json\|xml\): No space left on device' "$tmp/err" &&
				good=1
		else
			# Rows finished: every one of them kept, partial and readable.
			kept=$(sed -n 's/.*the \([0-9]*\) finished rows are in .*/\1/p' "$tmp/err")
			[ $rc -eq 1 ] && [ "$left" -eq 1 ] && case $d in *-partial) true ;; *) false ;; esac &&
				grep -q 'cannot write .*/[a-z]*\.\(csv\|json\|xml\): No space left on device' "$tmp/err" &&
				[ "$(rows "$d")" = "$kept" ] && readable "$d" && good=1
		fi
		report $good "full disk of $size KiB: exit $rc, $(cat "$d/cells.csv" 2>/dev/null | wc -l) lines kept; each finished row kept, the file and ENOSPC named, partial and readable"
		umount "$tmp/full"
	done
else
	for size in 16 20 22 24 26 28 32 96; do skip "needs root to mount a ${size} KiB tmpfs"; done
fi

# Every catchable terminating signal: as SIGINT.
for sig in HUP USR1 USR2 QUIT ALRM XCPU; do
	stopped $sig "$tmp/$sig"
	want=$((128 + $(signum $sig)))
	good=0
	[ $rc -eq $want ] && [ -n "$d" ] && readable "$d" && grep -q '"last_cell": "fault,atomic,' "$d/meta.json" &&
		grep -q "interrupted by .* at cell .*; the .* finished rows are in .*-partial" "$tmp/err" && good=1
	report $good "SIG$sig: exit $want (got $rc), rows kept in <name>-partial, meta.json complete false + last_cell, readable"
done

# What cannot be caught: the directory says it is partial from the start.
stopped KILL "$tmp/kill"
good=0
[ $rc -eq 137 ] && [ -n "$d" ] && readable "$d" && [ "$(rows "$d")" -ge 2 ] && good=1
report $good "SIGKILL: the <name>-partial directory left has meta.json complete false and its rows, readable (exit $rc)"

if [ "${RSS_SANITIZERS:-no}" = no ]; then
	stopped SEGV "$tmp/segv"
	good=0
	[ $rc -eq 139 ] && [ -n "$d" ] && readable "$d" && grep -q "crashed.*$d" "$tmp/err" && good=1
	report $good "SIGSEGV: dies of it (exit $rc), one line names the partial directory, which is readable"
else
	skip "a crash under the ${RSS_SANITIZERS} sanitizer is the sanitizer's to report"
fi

# The file size limit: SIGXFSZ and EFBIG, the file named, rows kept.
# Deterministic cells (-e): every one has operations, so no other line.
(ulimit -f 40; exec "$RSSBENCH" run --events none -s atomic,percpu -w fault,update -t 1 -r 100 -e 200 -q -o "$tmp/fsize") \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
d=$(sed -n 's/^results: //p' "$tmp/out")
good=0
[ $rc -eq 153 ] && [ -n "$d" ] && readable "$d" && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	grep -q 'cannot write .*\.csv: .*ulimit -f.*finished rows are in' "$tmp/err" && good=1
report $good "ulimit -f 40: exit 153 (SIGXFSZ; got $rc), one line naming the file and the limit, rows kept and readable"

# The stack: a soft limit is raised, a hard one refused before anything.
(ulimit -S -s 64; exec "$RSSBENCH" run --events none -s atomic -w fault -t 1 -r 1 -e 100 -q -o "$tmp/stack") \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 0 ] && [ -d "$(sed -n 's/^results: //p' "$tmp/out")" ] && good=1
report $good "ulimit -S -s 64: raised to what rssbench needs, the run completes (exit $rc)"
(ulimit -s 64; exec "$RSSBENCH" run --events none -s atomic -w fault -t 1 -r 1 -e 100 -q -o "$tmp/stack2") \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
good=0
[ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'ulimit -s' "$tmp/err" && [ ! -e "$tmp/stack2" ] &&
	good=1
report $good "ulimit -s 64 (hard): exit 1 (got $rc), one line naming the limit, nothing written"
