/* fail.c - the two ways out: bad input (exit 2) and broken invariants (abort). */
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

void rss_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rss_error_exit(RSS_EXIT_USAGE, "", fmt, ap);
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
