#!/bin/sh
# sanitized.sh TEST [ARGS...] - runs one test of make check (LOG_COMPILER,
# SH_LOG_COMPILER).  In a build without sanitizers it is the test itself.
#
# Under the sanitizers, Address-, Leak- and ThreadSanitizer write to files
# in $RSS_SAN_DIR (log_path), not to the stderr the tests measure: a test
# asserting "one line on stderr" of rssbench judges rssbench's own lines.
# LeakSanitizer's "Unable to get registers from thread N." is such a line,
# printed when its ptrace of a thread at exit fails (seen under load:
# cli_errors.sh counted two lines; LLVM made it a verbose-only note,
# llvm-project #116555).  Every report still fails the test: the runtimes
# end the process with a non-zero status (RSS_EXIT_SANITIZER,
# ThreadSanitizer's 66), and a file here holding an error report turns the
# test into an ERROR (Bail out!) with the report in its log, whatever the
# test asserted.  Files holding only a runtime's notes are shown in the log
# as comments.  UndefinedBehaviorSanitizer (GCC 12's) ignores log_path: its
# reports stay on stderr, and end the process (-fno-sanitize-recover).
[ "${RSS_SANITIZERS:-no}" = no ] || [ -z "${RSS_SAN_DIR:-}" ] && exec "$@"

rm -rf "$RSS_SAN_DIR" && mkdir -p "$RSS_SAN_DIR" || exit 99
for v in ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS; do
	eval "$v=\"log_path=\$RSS_SAN_DIR/report:\${$v-}\"; export $v"
done
"$@"
rc=$?
bad=
for f in "$RSS_SAN_DIR"/report.*; do
	[ -f "$f" ] || continue
	if grep -q 'ERROR: \|WARNING: ThreadSanitizer\|runtime error\|SUMMARY: ' "$f"; then
		bad=$f
		sed 's/^/# /' "$f"
	else
		sed 's/^/# sanitizer note (not an error): /' "$f"
	fi
done
if [ -n "$bad" ]; then
	echo "Bail out! a sanitizer reported an error in this test: $(grep -m1 'ERROR: \|WARNING: ThreadSanitizer\|runtime error' "$bad" | cut -c1-200)"
	[ "$rc" -ne 0 ] || rc=99
fi
exit $rc
