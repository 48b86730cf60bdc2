/*
 * resdir_value.c - the grammar of a results file's values (resdir_value.h):
 * which columns are numbers, counts, names or verdicts, and whether a value
 * is one as rssbench writes it.  A received directory's every value passes
 * here before any reader uses it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "infile.h"
#include "resdir.h"
#include "resdir_value.h"

static const char *const numeric_cols[] = {
	"threads", "rep", "tasks", "tasks_per_mm", "mms", "ops", "window_s",
	"cycles_per_op", "ns_per_op", "ops_per_sec", "err_max", "err_p99", "err_samples",
	"settled_err", "precise_err", "bound_under", "bound_over", "bytes_per_mm",
	"pcpu_bytes_per_mm", "switches", "migrations", "failures", "vcpus",
};

int rss_resdir_numeric(const char *name)
{
	if (!strncmp(name, "ev:", 3))
		return 1;
	for (size_t i = 0; i < sizeof(numeric_cols) / sizeof(numeric_cols[0]); i++)
		if (!strcmp(name, numeric_cols[i]))
			return 1;
	return 0;
}

enum rss_col_kind rss_resdir_col_kind(const char *name)
{
	static const char *const names[] = { "workload", "scheme", "migration", "kernel", "kernel_era" };

	if (!strcmp(name, "threads") || !strcmp(name, "rep"))
		return RSS_COL_COUNT;
	if (!strcmp(name, "vcpus"))
		return RSS_COL_VCPUS;
	if (rss_resdir_numeric(name))
		return RSS_COL_NUM;
	if (!strcmp(name, "verify"))
		return RSS_COL_VERIFY;
	if (!strcmp(name, "placement"))
		return RSS_COL_PLACE;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return RSS_COL_NAME;
	return RSS_COL_OTHER;
}

int rss_resdir_is_decimal(const char *s)
{
	const char *p = s;

	if (*p == '-')
		return -1;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p += p[1] == '+' || p[1] == '-' ? 2 : 1;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return !*p;
}

/* No value: "NA" in format 2, "unavailable (reason)" in format 1. */
static int no_value(const struct rss_resdir *d, const char *s)
{
	return d->format >= 2 ? !strcmp(s, "NA") : !strncmp(s, "unavailable", 11);
}

int rss_resdir_check_value(const struct rss_resdir *d, enum rss_col_kind k, const char *s, long *count,
		       char *why, size_t len)
{
	char esc[64];
	int dec = rss_resdir_is_decimal(s);

	rss_escape_str(esc, sizeof(esc), s);
	/* Names reach file names, gnuplot and Markdown: a strict grammar (escape.h). */
	if (k == RSS_COL_NAME || k == RSS_COL_PLACE) {
		if (rss_name_ok(s, k == RSS_COL_PLACE))
			return 0;
		snprintf(why, len, "is \"%s\", not a name rssbench writes ([a-z0-9], then [a-z0-9_.:+-]%s)",
			 esc, k == RSS_COL_PLACE ? " and ," : "");
		return -EINVAL;
	}
	if (k == RSS_COL_VERIFY) {
		if (!strcmp(s, "ok") || !strncmp(s, "FAILED", 6) || !strncmp(s, "unverified", 10))
			return 0;
		snprintf(why, len, "is \"%s\", not ok, FAILED or unverified", esc);
		return -EINVAL;
	}
	if (dec < 0) {
		snprintf(why, len, "is \"%s\", negative; counts, times and errors never are", esc);
		return -EINVAL;
	}
	if (k == RSS_COL_COUNT || k == RSS_COL_VCPUS) {
		int max = k == RSS_COL_VCPUS ? RSS_RESDIR_MAX_VCPUS : RSS_RESDIR_MAX_REP;
		char *end;

		errno = 0;
		*count = dec == 1 ? strtol(s, &end, 10) : 0;
		/* As rssbench writes it: no sign, no leading zero ("08"). */
		if (dec != 1 || errno || *end || *s == '0' || *count < 1 || *count > max) {
			snprintf(why, len, "is \"%s\", not a whole number from 1 to %d", esc, max);
			return -EINVAL;
		}
		return 0;
	}
	if (dec && isfinite(strtod(s, NULL)))
		return 0;
	if (!dec && no_value(d, s))
		return 0;
	snprintf(why, len, "is \"%s\", not a number%s", esc,
		 d->format >= 2 ? " or NA" : " or unavailable (reason)");
	return -EINVAL;
}
