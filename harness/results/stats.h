/* stats.h - the order statistics the harness reports. */
#ifndef RSS_STATS_H
#define RSS_STATS_H

#include <stddef.h>

/* Sorts @v in place.  Quantile @q in [0, 1] by linear interpolation
 * between closest ranks; NAN for n == 0. */
double rss_quantile(double *v, size_t n, double q);
double rss_median(double *v, size_t n);
/* Same on longs, nearest rank (p99 of error samples). */
long rss_quantile_long(long *v, size_t n, double q);

/*
 * A summary row is noisy when its repetitions' cycles per op have an
 * interquartile range above this share of their median (rss_rel_iqr,
 * doc/results-format.md): a figure that does not grow with the number of
 * repetitions, as max - min does, and that one outlier does not make.
 */
#define RSS_NOISY_IQR	0.10

/* (max - min) / median of the @n values of @v (sorts @v); NAN when n < 2 or
 * the median is not positive: there is no spread to judge. */
double rss_spread(double *v, size_t n);
/* (Q3 - Q1) / median of the @n values of @v, quartiles as rss_quantile's
 * (sorts @v); NAN when n < 2 or the median is not positive. */
double rss_rel_iqr(double *v, size_t n);

/* Largest sample size per side for the exact Mann-Whitney distribution. */
#define RSS_MWU_EXACT_MAX	30

struct rss_mwu {
	double u;	/* U of @x: pairs with x > y, ties counted 1/2 */
	double p;	/* two-sided */
	int exact;	/* exact distribution (no ties, both n <= EXACT_MAX) */
};

/*
 * Mann-Whitney U test of @x against @y.  Exact when there are no ties and
 * both samples have at most RSS_MWU_EXACT_MAX values, else the normal
 * approximation with tie and continuity correction (scipy's
 * mannwhitneyu(method="asymptotic")).  U is counted on sorted copies,
 * O((nx + ny) log).  0, -EINVAL for an empty sample, or -ENOMEM.
 */
int rss_mwu(const double *x, size_t nx, const double *y, size_t ny, struct rss_mwu *r);
/* Smallest two-sided p the test can give for these sizes: 2 / C(nx+ny, nx). */
double rss_mwu_min_p(size_t nx, size_t ny);
/*
 * Confidence interval (level 1 - @alpha) for the ratio y/x of locations:
 * the Hodges-Lehmann / Moses interval on log values, i.e. the c-th smallest
 * and largest of the nx*ny pairwise log(y) - log(x), with c from the U
 * distribution.  @est gets the Hodges-Lehmann ratio (exp of the median
 * difference).  The pairs are never listed: each order statistic is found
 * by bisection over counts of sorted samples, O((nx + ny) log), so 10 000
 * repetitions a side take milliseconds, not 800 MB.  0; -EDOM when a value
 * is not positive and finite; -ERANGE when the samples are too small for
 * that level (the interval is unbounded); -ENOMEM.
 */
int rss_ratio_ci(const double *x, size_t nx, const double *y, size_t ny, double alpha,
		 double *lo, double *hi, double *est);
/* exp(mean(log v)); NAN for n == 0 or a value that is not positive. */
double rss_geomean(const double *v, size_t n);

#endif /* RSS_STATS_H */
