/* cli_parse.c - option values the commands share. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

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

/* Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
static int distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), d[33][33];

	if (la > 32 || lb > 32)
		return 33;
	for (int i = 0; i <= la; i++)
		d[i][0] = i;
	for (int j = 0; j <= lb; j++)
		d[0][j] = j;
	for (int i = 1; i <= la; i++)
		for (int j = 1; j <= lb; j++) {
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			v = d[i - 1][j] + 1 < v ? d[i - 1][j] + 1 : v;
			v = d[i][j - 1] + 1 < v ? d[i][j - 1] + 1 : v;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

const char *rss_closest(const char *name, const char *const *names, int n)
{
	int best = (int)strlen(name) / 3 > 1 ? (int)strlen(name) / 3 : 1;
	const char *hit = NULL;

	for (int i = 0; i < n; i++) {
		int d = distance(name, names[i]);

		if (d <= best) {
			hit = d < best || !hit ? names[i] : hit;
			best = d;
		}
	}
	return hit;
}

void rss_unknown_name(const char *what, const char *name, const char *const *names, int n,
		      const char *fix)
{
	const char *hit = rss_closest(name, names, n);

	if (hit)
		rss_usage_error("unknown %s \"%s\"; did you mean \"%s\"? %s", what, name, hit, fix);
	rss_usage_error("unknown %s \"%s\"; %s", what, name, fix);
}

int rss_scheme_names(const char **out, int max)
{
	int n = 0;

	for (; rss_schemes[n] && n < max; n++)
		out[n] = rss_schemes[n]->name;
	return n;
}

int rss_workload_names(const char **out, int max)
{
	int n = 0;

	for (; rss_workloads[n] && n < max; n++)
		out[n] = rss_workloads[n]->name;
	return n;
}
