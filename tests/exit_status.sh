#!/bin/sh
# exit_status.sh - every command exits as the man page's EXIT STATUS says
# (doc/rssbench.1): each command it lists gives its documented bad-input
# status for an unknown option (and nothing is written), a representative
# good call gives a status the entry documents, and every command that
# 'rssbench help' lists (db: each of its commands) has an entry.
. "${top_srcdir:-.}/tests/lib.sh"
scratch exit_status
man=${top_srcdir:-.}/doc/rssbench.1

# The EXIT STATUS section's entries, one a line: NAME, its bad-input status.
awk '
function flush(  n, i, a, bad) {
	if (names == "")
		return
	bad = "none"
	if (match(text, /[0-9]+ for bad input/))
		bad = substr(text, RSTART, RLENGTH - 14)
	n = split(names, a, /, /)
	for (i = 1; i <= n; i++)
		print a[i] "\t" bad
	names = ""
}
/^\.SH / { flush(); on = $0 == ".SH EXIT STATUS"; next }
!on { next }
/^\.TP/ { flush(); getline; sub(/^\.B /, ""); gsub(/\\-/, "-"); names = $0; text = ""; next }
names != "" { text = text " " $0 }
END { flush() }' "$man" >"$tmp/entries"
bad_status() { awk -F'\t' -v c="$1" '$1 == c { print $2 }' "$tmp/entries"; }

# --- every command has an entry ----------------------------------------------
missing=
for c in $("$RSSBENCH" help | awk 'NR > 1 { print $1 }') import merge trend site info; do
	case $c in
	db) continue ;;
	import|merge|trend|site|info) c="db $c" ;;
	esac
	[ -n "$(bad_status "$c")" ] || missing="$missing $c"
done
check_eq "every command of 'rssbench help' (and of db) has an EXIT STATUS entry" "${missing:-none}" none

# --- an unknown option: the documented bad-input status, nothing written -----
# Runs "$@" in $tmp/cwd (empty); $rc its status; good when it is $1 and
# nothing appeared there.
in_empty() {
	want=$1
	shift
	rm -rf "$tmp/cwd" && mkdir "$tmp/cwd"
	(cd "$tmp/cwd" && "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = "$want" ] && [ -z "$(ls -A "$tmp/cwd")" ]
}
abs=$(cd "$(dirname "$RSSBENCH")" && pwd)/$(basename "$RSSBENCH")
while IFS="	" read -r name bad; do
	case $name in
	help) set -- "$abs" no-such-command ;;
	rssbench-run-all) set -- env RSSBENCH="$abs" "$(cd "${top_srcdir:-.}" && pwd)/run-all" --no-such-option ;;
	*) set -- "$abs" $name --no-such-option ;;
	esac
	# run-all's banner line comes before rssbench's error.
	if [ "$bad" != none ] && in_empty "$bad" "$@" &&
	   [ "$(grep -vc '^run-all: [a-z]* matrix with ' "$tmp/err")" -eq 1 ]; then
		ok "$name ($(echo "$@" | sed 's|^.*/||')): exit $bad as documented, one line, nothing written"
	else
		not_ok "$name ($(echo "$@" | sed 's|^.*/||')): exit $rc, documented '$bad'; stderr: $(head -3 "$tmp/err")"
	fi
done <"$tmp/entries"

# --- errors that are not options -----------------------------------------------
check_run "gate on a directory that is not there: exit 3 (documented: error)" \
	sh -c '"$1" gate --baseline "$2/none" "$2/none2" 2>/dev/null; test $? -eq 3' sh "$RSSBENCH" "$tmp"
check_run "ab without --a: exit 3 (documented: bad input)" \
	sh -c '"$1" ab --b "$1" -o "$2/ab0" 2>/dev/null; test $? -eq 3' sh "$RSSBENCH" "$tmp"
check_run "ratios on a directory that is not there: exit 2" \
	sh -c '"$1" ratios "$2/none" 2>/dev/null; test $? -eq 2' sh "$RSSBENCH" "$tmp"

# --- representative good calls ----------------------------------------------------
# Runs "$@"; ok when its status is one of the words in $1.
status_in() {
	what=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case " $want " in
	*" $rc "*) ok "$what: exit $rc (documented: $want)" ;;
	*) not_ok "$what: exit $rc, documented $want; stderr: $(head -3 "$tmp/err")" ;;
	esac
}
run1() {	# a small exact run into $tmp/$1; its directory in $dir
	"$RSSBENCH" run -s atomic,percpu -w update -t 1 -r 2 -e 100 -q -o "$tmp/$1" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	dir=$(sed -n 's/^results: //p' "$tmp/out")
}
run1 a
a=$dir
check_eq "run: a small run exits 0" "$rc" 0
run1 b
b=$dir
status_in "list" 0 "$RSSBENCH" list
status_in "topo" 0 "$RSSBENCH" topo
status_in "footprint" 0 "$RSSBENCH" footprint
status_in "events" 0 "$RSSBENCH" events
status_in "help" 0 "$RSSBENCH" help
status_in "compare A B" 0 "$RSSBENCH" compare "$a" "$b"
status_in "gate --baseline A B" "0 1 2" "$RSSBENCH" gate --baseline "$a" "$b"
status_in "ratios -r atomic A" 0 "$RSSBENCH" ratios -r atomic "$a"
status_in "plot A (GNUPLOT=no)" 0 env GNUPLOT=no "$RSSBENCH" plot -q "$a"
status_in "pmu-check --writes 1000" "0 1" "$RSSBENCH" pmu-check --writes 1000
status_in "db import A B" 0 "$RSSBENCH" db --db "$tmp/s1.db" import "$a" "$b"
status_in "db merge" 0 "$RSSBENCH" db --db "$tmp/s2.db" merge "$tmp/s1.db"
status_in "db trend" 0 "$RSSBENCH" db --db "$tmp/s2.db" trend
status_in "db trend --regressions" "0 1" "$RSSBENCH" db --db "$tmp/s2.db" trend --regressions
status_in "db site" 0 "$RSSBENCH" db --db "$tmp/s2.db" site "$tmp/site"
status_in "db info" 0 "$RSSBENCH" db --db "$tmp/s2.db" info
status_in "ab A/A, 2 rounds" "0 1 2" "$RSSBENCH" ab --a "$abs" --b "$abs" --rounds 2 -q \
	-s atomic -w update -t 1 -e 100 -o "$tmp/ab"
echo "1..$n"
