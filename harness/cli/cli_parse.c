/*
 * cli_parse.c - option values the commands share, each read strictly: a
 * number is plain decimal digits (no sign, blank, hex, exponent, "inf" or
 * trailing junk) checked against its range before any conversion can wrap;
 * an empty value or list item is refused, never read as the default; a
 * value quoted back in a message is escaped and cut (rss_shown).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "harness.h"
#include "infile.h"

const char *rss_shown(const char *s)
{
	static char buf[4][RSS_SHOWN_MAX + 8];
	static int next;
	char *b = buf[next++ % 4];

	return rss_escape_str(b, sizeof(buf[0]), s ? s : "");
}

int rss_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       void (*fail)(const char *fmt, ...))
{
	int idx = -1, c = getopt_long(argc, argv, shortopts, longopts, &idx);

	if (c != -1 && c != ':' && c != '?' && optarg && !*optarg) {
		char name[64];

		if (idx >= 0)
			snprintf(name, sizeof(name), "--%s", longopts[idx].name);
		else
			snprintf(name, sizeof(name), "-%c", c);
		(fail ? fail : rss_usage_error)("option %s has an empty value (an unset shell variable?); give a value, or leave the option out for its default",
						name);
	}
	return c;
}

void rss_for_each_item(const char *opt, const char *list, void (*fn)(void *arg, const char *item),
		       void *arg)
{
	char *copy = strdup(list), *p, *comma;

	if (!copy)
		rss_die(ENOMEM, "strdup");
	for (p = copy;; p = comma + 1) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (!*p)
			rss_usage_error("%s \"%s\" has an empty item; give items separated by single commas",
					opt, rss_shown(list));
		fn(arg, p);
		if (!comma)
			break;
	}
	free(copy);
}

int rss_plain_integer(const char *s, long *v)
{
	const char *p = s + (*s == '-');
	size_t n = strspn(p, "0123456789");

	if (!n || p[n] || n > 18)
		return -EINVAL;
	*v = strtol(s, NULL, 10);
	return 0;
}

int rss_plain_decimal(const char *s, double *v)
{
	size_t n = strspn(s, "0123456789"), f = 0;

	if (s[n] == '.')
		f = strspn(s + n + 1, "0123456789") + 1;
	if (!n || f == 1 || s[n + f] || n > 18)
		return -EINVAL;
	*v = strtod(s, NULL);
	return 0;
}

void rss_option_error(int c, char **argv, const char *cmd)
{
	if (c == ':')
		rss_usage_error("option \"%s\" needs a value; 'rssbench %s --help' lists the options",
				rss_shown(argv[optind - 1]), cmd);
	rss_usage_error("unknown option \"%s\"; 'rssbench %s --help' lists the options",
			rss_shown(argv[optind - 1]), cmd);
}

void rss_no_operands(int argc, char **argv, const char *cmd)
{
	if (optind < argc)
		rss_usage_error("unexpected argument \"%s\"; 'rssbench %s --help' lists the options",
				rss_shown(argv[optind]), cmd);
}

long rss_parse_long(const char *opt, const char *s, long min, long max)
{
	long v;

	if (rss_plain_integer(s, &v) || v < min || v > max)
		rss_usage_error("bad value \"%s\" for %s: give a whole number from %ld to %ld",
				rss_shown(s), opt, min, max);
	return v;
}

double rss_parse_real(const char *opt, const char *s, double min, double max)
{
	double v;

	if (rss_plain_decimal(s, &v) || !(v >= min && v <= max))
		rss_usage_error("bad value \"%s\" for %s: give a plain decimal number from %g to %g",
				rss_shown(s), opt, min, max);
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
		rss_usage_error("unknown %s \"%s\"; did you mean \"%s\"? %s", what, rss_shown(name),
				hit, fix);
	rss_usage_error("unknown %s \"%s\"; %s", what, rss_shown(name), fix);
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
