/* fail.c - the two ways out: bad input (exit 2, ab: 3) and broken invariants (abort). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int usage_status = RSS_EXIT_USAGE;

void rss_usage_status(int status)
{
	usage_status = status;
}

void rss_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("rssbench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(usage_status);
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
