/*
 * trend_step.c - step detection over a series of run medians, after asv
 * (airspeed velocity, asv/step_detect.py): the series is fitted by a
 * piecewise-constant function minimising the L1 distance plus a penalty
 * per step (the Potts model), so one outlier is not a step but a lasting
 * shift is; the last step is then judged against the best level before
 * it.  doc/store.md, "Regressions", says why this and not LKP's thresholds.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store_trend.h"

/* The median of @n values, @v left as it is (stats.c's sorts in place). */
static double median_of(const double *v, int n)
{
	double *s = malloc((size_t)(n > 0 ? n : 1) * sizeof(*s)), m;

	if (!s || n < 1) {
		free(s);
		return NAN;
	}
	memcpy(s, v, (size_t)n * sizeof(*s));
	m = rss_median(s, (size_t)n);
	free(s);
	return m;
}

double rss_step_gamma(const double *y, int n)
{
	double *d, sigma, floor_;

	if (n < 2)
		return 0;
	d = malloc((size_t)(n - 1) * sizeof(*d));
	if (!d)
		return INFINITY;
	for (int i = 0; i + 1 < n; i++)
		d[i] = fabs(y[i + 1] - y[i]);
	/* The MAD of successive differences: a step moves one of them only. */
	sigma = 1.4826 * rss_median(d, (size_t)(n - 1)) / sqrt(2.0);
	free(d);
	floor_ = 0.01 * fabs(median_of(y, n));
	if (sigma < floor_)
		sigma = floor_;
	return 3.0 * sigma * log((double)n);
}

/* Sum of |v - median| over the sorted @s of @n values. */
static double l1_cost(const double *s, int n)
{
	double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2, c = 0;

	for (int i = 0; i < n; i++)
		c += fabs(s[i] - m);
	return c;
}

int rss_step_fit(const double *y, int n, double gamma, int *seg)
{
	double *best = malloc((size_t)(n + 1) * sizeof(double)), *buf;
	int *from = malloc((size_t)(n + 1) * sizeof(int)), nseg = 0;

	buf = malloc((size_t)(n > 0 ? n : 1) * sizeof(double));
	if (!best || !from || !buf || n < 1) {
		free(best);
		free(from);
		free(buf);
		for (int i = 0; i < n; i++)
			seg[i] = 0;
		return n > 0;
	}
	for (int j = 1; j <= n; j++)
		best[j] = INFINITY;
	best[0] = 0;
	/* best[j]: the cheapest fit of y[0..j); from[j]: where its last segment starts. */
	for (int i = 0; i < n; i++) {
		int len = 0;

		for (int j = i + 1; j <= n; j++) {
			double v = y[j - 1], c;
			int k = len++;

			/* Insert y[j-1] into the sorted buf[0..len). */
			while (k > 0 && buf[k - 1] > v) {
				buf[k] = buf[k - 1];
				k--;
			}
			buf[k] = v;
			c = best[i] + l1_cost(buf, len) + gamma;
			if (c < best[j]) {
				best[j] = c;
				from[j] = i;
			}
		}
	}
	for (int j = n; j > 0; j = from[j])
		nseg++;
	for (int j = n, s = nseg - 1; j > 0; j = from[j], s--)
		for (int i = from[j]; i < j; i++)
			seg[i] = s;
	free(best);
	free(from);
	free(buf);
	return nseg;
}

void rss_step_judge(const double *y, int n, int higher_is_worse, double threshold,
		    struct rss_trend_verdict *v)
{
	int *seg, nseg, start;
	double last, best = NAN, prev = NAN;

	memset(v, 0, sizeof(*v));
	v->state = RSS_TREND_TOO_FEW;
	v->points = n;
	if (n < RSS_TREND_MIN_POINTS)
		return;
	seg = malloc((size_t)n * sizeof(int));
	if (!seg)
		return;
	nseg = rss_step_fit(y, n, rss_step_gamma(y, n), seg);
	for (start = n - 1; start > 0 && seg[start - 1] == seg[n - 1]; start--)
		;
	last = median_of(y + start, n - start);
	/* The best level before the last step, and the level just before it. */
	for (int i = 0; i < start;) {
		int j = i;
		double m;

		while (j < start && seg[j] == seg[i])
			j++;
		m = median_of(y + i, j - i);
		if (isnan(best) || (higher_is_worse ? m < best : m > best))
			best = m;
		prev = m;
		i = j;
	}
	free(seg);
	v->segments = nseg;
	v->at = start;
	v->after = last;
	v->state = RSS_TREND_OK;
	if (nseg < 2)
		return;
	v->before = best;
	if (higher_is_worse ? last > best * (1 + threshold) : last < best * (1 - threshold)) {
		v->state = n - start >= RSS_TREND_CONFIRM ? RSS_TREND_REGRESSION : RSS_TREND_SUSPECT;
		return;
	}
	v->before = prev;
	if (higher_is_worse ? last < prev * (1 - threshold) : last > prev * (1 + threshold))
		v->state = RSS_TREND_IMPROVED;
}
