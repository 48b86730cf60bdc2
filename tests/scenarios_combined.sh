#!/bin/sh
# scenarios_combined.sh - ./run-all --scenarios ends with one combined report
# (doc/scenarios.md): one `rssbench plot --output <host>-<stamp>-scenarios
# DIR...` over every scenario directory kept, printed as "report: PATH", with
# a line per scenario (its directory's report, or "not run") and the claims
# with their verdicts, a quick run's saying so; stopped part way (SIGTERM),
# it still draws what finished and exits 143; --no-plots prints the command.
# Three quick scenarios (a wrapper lists only those), GNUPLOT=no: seconds.
. "${top_srcdir:-.}/tests/lib.sh"
scratch combined
echo "1..9"
GNUPLOT=no
export GNUPLOT
real=$(cd "$(dirname "$RSSBENCH")" && pwd)/$(basename "$RSSBENCH")
# The wrapper: `run --scenario list` gives three scenarios; STOP_AT=NAME
# signals run-all (SIGTERM) as that scenario starts.
cat >"$tmp/rsb" <<EOW
#!/bin/sh
if [ "\$1 \$2 \$3" = "run --scenario list" ]; then
	printf '%s\n' "seed-error a" "seed-error-thp b" "memory c"
	exit 0
fi
[ "\$1" = run ] && [ "\$3" = "\${STOP_AT:-}" ] && kill -TERM "\$RSSBENCH_PARENT_PID"
exec "$real" "\$@"
EOW
chmod +x "$tmp/rsb"
all() {	# all OUT [OPTIONS...]: run-all --scenarios --quick; rc, $out (stdout), $rep
	o=$1
	shift
	RSSBENCH=$tmp/rsb "${top_srcdir:-.}/run-all" --scenarios --quick -q --output "$tmp/$o" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	rep=$(sed -n 's/^report: //p' "$tmp/out")
}
report_failure() { sed 's/^/# /' "$tmp/err"; }

all whole
good=0
case $rep in "$tmp/whole/"*-scenarios/report.md) [ -s "$rep" ] && good=1 ;; esac
report $good "whole: exit $rc, one 'report: <host>-<stamp>-scenarios/report.md' ($rep)"
check_eq "whole: exit 0, three scenario directories, each with its report.md" \
	"$rc:$(ls -d "$tmp"/whole/*-seed-error "$tmp"/whole/*-seed-error-thp "$tmp"/whole/*-memory 2>/dev/null | wc -l):$(ls "$tmp"/whole/*/report.md | wc -l)" "0:3:4"
sd=$(basename "$(ls -d "$tmp"/whole/*-seed-error)")
check_run "a line per scenario: seed-error linked to its report, quick, fault not run" \
	sh -c 'grep -qF -e "$2: [$1](../$1/report.md) (quick; " "$3" && grep -qF "**fault**: not run (\`rssbench run --scenario fault\`)" "$3"' - "$sd" "- **seed-error**" "$rep"
check_run "the claims table: seed-error's claim judged on it, quick, linked" \
	sh -c 'grep "^| a 5-thread process of ~100 MB" "$2" | grep -qF "(quick run: 1 rep, 250 CPUs)" &&
		grep "^| a 5-thread process of ~100 MB" "$2" | grep -qF "[$1](../$1/report.md)"' - "$sd" "$rep"
check_run "claims of scenarios not run say which to run" \
	sh -c 'grep "^| an OOM scan" "$1" | grep -qF "**not run (\`rssbench run --scenario oom-scan\`)**"' - "$rep"

STOP_AT=seed-error-thp all stopped
good=0
[ $rc -eq 143 ] && [ -s "$rep" ] && grep -qF "**seed-error**: [" "$rep" &&
	grep -q '^- \*\*seed-error-thp\*\*: \(not run\|.*\*\*partial\*\*\)' "$rep" && grep -qF '**memory**: not run' "$rep" && good=1
report $good "SIGTERM as the second scenario starts: exit $rc, the combined report of the first, the rest not run"
check_eq "stopped: nothing half-written left (no hidden staging)" "$(ls -a "$tmp/stopped" | grep -c '^\.scenario-')" 0

all noplots --no-plots
check_eq "--no-plots: exit 0, no report.md anywhere, no report: line" \
	"$rc:$(find "$tmp/noplots" -name report.md | wc -l):$(grep -c '^report: ' "$tmp/out")" "0:0:0"
check_run "--no-plots: the one plot command that draws them all is printed" \
	grep -q "plot --output .*-scenarios .*-seed-error .*-seed-error-thp .*-memory" "$tmp/err"
