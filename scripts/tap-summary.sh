#!/bin/sh
# tap-summary.sh - the one-line verdict of "make check":
#   N passed, N failed, N skipped
# counted per TAP test point over the .trs files given as arguments, as
# automake's own summary counts them: PASS+XFAIL passed, FAIL+XPASS+ERROR
# failed, SKIP skipped.  Missing or unreadable .trs files are ignored.

# Keep only the readable files (the for list is expanded before the loop
# appends to "$@"; the shift then drops the original arguments).
n=$#
for f
do
	test -f "$f" && test -r "$f" && set -- "$@" "$f"
done
shift "$n"
# With no file at all awk would read stdin.
test $# -gt 0 || set -- /dev/null

exec ${AWK:-awk} '
	$1 == ":test-result:" {
		if ($2 == "PASS" || $2 == "XFAIL")
			pass++
		else if ($2 == "FAIL" || $2 == "XPASS" || $2 == "ERROR")
			fail++
		else if ($2 == "SKIP")
			skip++
	}
	END { printf "%d passed, %d failed, %d skipped\n", pass, fail, skip }
' "$@"
