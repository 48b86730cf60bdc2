/* fail.c - the two ways out: bad input (exit 2, ab: 3) and broken invariants (abort). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "infile.h"

/* Longest usage error line: whatever a value held, one bounded line. */
#define MSG_MAX	1024

void rss_error_exit(int status, const char *prefix, const char *fmt, va_list ap)
{
	char msg[MSG_MAX + 1];
	size_t len, i, n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	len = strlen(msg);
	fprintf(stderr, "rssbench: %s", prefix);
	/* A control byte (a newline too) or invalid UTF-8 from any value is shown as \xNN. */
	for (i = 0; i < len; i += n) {
		n = rss_utf8_seq((const unsigned char *)msg + i, len - i);
		if (!n || (unsigned char)msg[i] < 0x20 || msg[i] == 0x7f) {
			fprintf(stderr, "\\x%02x", (unsigned char)msg[i]);
			n = 1;
		} else {
			fwrite(msg + i, 1, n, stderr);
		}
	}
	fputs(len == MSG_MAX ? "...\n" : "\n", stderr);
	exit(status);
}

static int usage_status = RSS_EXIT_USAGE;

void rss_usage_status(int status)
{
	usage_status = status;
}

void rss_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rss_error_exit(usage_status, "", fmt, ap);
}

void rss__die(const char *file, int line, int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rssbench: (%s:%d) ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err < 0 ? -err : err));
	abort();
}

/*
 * Under a sanitizer, a report must never read as a verdict: gate exits 0
 * to 3, and the runtimes' default exit status (1) is gate's REGRESSION.
 * These hooks, which the runtimes call at start (ASAN_OPTIONS and the like
 * still override them), make a report exit RSS_EXIT_SANITIZER and leave
 * the libraries' own leaks out by library name: hwloc 2.9 leaks objects
 * and bitmaps on its XML import error paths, PAPI 7.0 the names it strdups
 * while listing events (rssbench events), which is theirs, not ours (the
 * same suppressions as tests/fuzz-lsan.supp, which make fuzz and make
 * check also give LeakSanitizer).
 */
#if defined(RSS_SAN_ADDRESS) || defined(RSS_SAN_UNDEFINED)
#define RSS_STR(x) RSS_STR2(x)
#define RSS_STR2(x) #x
#endif
#ifdef RSS_SAN_ADDRESS
const char *__asan_default_options(void);
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *__asan_default_options(void)
{
	return "exitcode=" RSS_STR(RSS_EXIT_SANITIZER);
}

/* Silent about what it suppressed: a refusal stays one line on stderr. */
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void)
{
	return "leak:libhwloc.so\nleak:libpapi.so\nleak:libpfm.so\n";
}
#endif
#ifdef RSS_SAN_UNDEFINED
const char *__ubsan_default_options(void);

const char *__ubsan_default_options(void)
{
	return "exitcode=" RSS_STR(RSS_EXIT_SANITIZER);
}
#endif
