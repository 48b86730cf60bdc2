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

#endif /* RSS_STATS_H */
