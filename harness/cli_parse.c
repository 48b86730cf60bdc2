/* cli_parse.c - option values the commands share. */
#include <errno.h>
#include <stdlib.h>

#include "cli.h"
#include "harness.h"

long rss_parse_long(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		rss_usage_error("bad value \"%s\" for %s: give a whole number from %ld to %ld",
				s, opt, min, max);
	return v;
}
