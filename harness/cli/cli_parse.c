/* cli_parse.c - option values the commands share. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"
#include "harness.h"

void rss_option_error(int c, char **argv, const char *cmd)
{
	if (c == ':')
		rss_usage_error("option \"%s\" needs a value; 'rssbench %s --help' lists the options",
				argv[optind - 1], cmd);
	rss_usage_error("unknown option \"%s\"; 'rssbench %s --help' lists the options",
			argv[optind - 1], cmd);
}

void rss_no_operands(int argc, char **argv, const char *cmd)
{
	if (optind < argc)
		rss_usage_error("unexpected argument \"%s\"; 'rssbench %s --help' lists the options",
				argv[optind], cmd);
}

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
