/*
 * resdir_value.h - the value grammar of the results reader (resdir.c and
 * its tables): private to harness/results/.
 */
#ifndef RSS_RESDIR_VALUE_H
#define RSS_RESDIR_VALUE_H

#include <stddef.h>

#include "resdir.h"

enum rss_col_kind {
	RSS_COL_OTHER,	/* free text: not checked here */
	RSS_COL_NUM,	/* a number, not negative, or no value (NA; format 1: unavailable) */
	RSS_COL_COUNT,	/* threads, rep: a whole number from 1 to RSS_RESDIR_MAX_REP */
	RSS_COL_VCPUS,	/* a guest's vCPUs: a whole number from 1 to RSS_RESDIR_MAX_VCPUS */
	RSS_COL_VERIFY,	/* ok, FAILED..., unverified... */
	RSS_COL_NAME,	/* a name of escape.h's grammar */
	RSS_COL_PLACE,	/* a placement: a name, commas allowed */
};

/* Whether @s is a decimal number ("12", "0.25", "1e+06"): 1; -1 with a minus sign; else 0. */
int rss_resdir_is_decimal(const char *s);

/* The kind of the column named @name (cells.csv's and its tables' header). */
enum rss_col_kind rss_resdir_col_kind(const char *name);

/*
 * Whether @s is a value of kind @k as rssbench writes it (whole numbers
 * without sign or leading zero, no NaN or infinity): 0, with a count's
 * value in *@count; -EINVAL with why (after the column's name) in @why.
 */
int rss_resdir_check_value(const struct rss_resdir *d, enum rss_col_kind k, const char *s,
			   long *count, char *why, size_t len);

#endif /* RSS_RESDIR_VALUE_H */
