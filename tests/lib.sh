# lib.sh - sourced by the shell tests (tests/*.sh) for what they share: the
# scratch directory, TAP lines and CSV columns.  Tests run from the top
# build directory; they source this as . "${top_srcdir:-.}/tests/lib.sh".
: "${RSSBENCH:=./rssbench}"

# scratch NAME [CLEANUP]: $tmp is tests/tmp-NAME-<pid>, empty, removed on
# exit after the shell command CLEANUP (if given).
scratch() {
	tmp=tests/tmp-$1-$$
	rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
	trap "${2:+$2; }"'rm -rf "$tmp"' EXIT
}

# TAP lines, numbered by n.
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
check_run() {	# check_run "what" command...: ok when the command succeeds
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fi
}
check_quiet() {	# check_quiet "what" command...: as check_run; the command's
	# output goes to $tmp/check, shown as TAP comments when it fails
	what=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/check" 2>&1; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what"
		sed 's/^/# /' "$tmp/check"
	fi
}
check_eq() {	# check_eq "what" GOT EXPECTED
	if [ "$2" = "$3" ]; then ok "$1 ($2)"; else not_ok "$1: $2, expected $3"; fi
}
# report GOOD "what": ok when GOOD is 1, else not ok followed by what the
# test's report_failure prints (by default nothing; a test redefines it to
# show its captured output as TAP comments).
report() {
	if [ "$1" = 1 ]; then ok "$2"; else not_ok "$2"; report_failure; fi
}
report_failure() { :; }

# col FILE NAME: column NAME (by header) of CSV FILE, every data row, one a line.
col() {
	awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ print $c[col] }' "$1"
}

# wait_rows DIR N: until a running run's -partial directory in DIR has N
# rows (60 s at most); 1 when it never did.
wait_rows() {
	i=0
	while [ $i -lt 600 ]; do
		f=$(find "$1" -maxdepth 2 -path '*-partial/cells.csv' 2>/dev/null | head -1)
		[ -n "$f" ] && [ "$(wc -l <"$f")" -gt "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
