/*
 * stats.c - quantiles over repetitions and error samples; the Mann-Whitney
 * U test, the Hodges-Lehmann ratio interval and the geometric mean that
 * compare and gate use (doc/compare.md).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

double rss_quantile(double *v, size_t n, double q)
{
	double pos, frac;
	size_t lo;

	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	pos = q * (double)(n - 1);
	lo = (size_t)pos;
	frac = pos - (double)lo;
	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + frac * (v[lo + 1] - v[lo]);
}

double rss_median(double *v, size_t n)
{
	return rss_quantile(v, n, 0.5);
}

double rss_spread(double *v, size_t n)
{
	double med;

	if (n < 2)
		return NAN;
	med = rss_median(v, n);
	return med > 0 ? (v[n - 1] - v[0]) / med : NAN;
}

double rss_rel_iqr(double *v, size_t n)
{
	double med;

	if (n < 2)
		return NAN;
	med = rss_median(v, n);
	return med > 0 ? (rss_quantile(v, n, 0.75) - rss_quantile(v, n, 0.25)) / med : NAN;
}

long rss_quantile_long(long *v, size_t n, double q)
{
	size_t rank;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_long);
	rank = (size_t)ceil(q * (double)n);
	return v[rank ? rank - 1 : 0];
}

static int has_ties(const double *x, size_t nx, const double *y, size_t ny)
{
	for (size_t i = 0; i < nx; i++) {
		for (size_t j = 0; j < ny; j++)
			if (x[i] == y[j])
				return 1;
		for (size_t j = i + 1; j < nx; j++)
			if (x[i] == x[j])
				return 1;
	}
	for (size_t i = 0; i < ny; i++)
		for (size_t j = i + 1; j < ny; j++)
			if (y[i] == y[j])
				return 1;
	return 0;
}

/*
 * The null distribution of U for sizes @m, @n: pmf[k] = P(U = k), k = 0..mn.
 * The largest of i + j values is an x with probability i / (i + j), and
 * then beats all j y's: p(i, j, k) = i/(i+j) p(i-1, j, k-j) + j/(i+j)
 * p(i, j-1, k).  Rows are rolled over i.  0 or -ENOMEM.
 */
static int u_dist(size_t m, size_t n, double *pmf)
{
	size_t w = m * n + 1;
	double *prev = calloc((n + 1) * w, sizeof(double));
	double *cur = calloc((n + 1) * w, sizeof(double));

	if (!prev || !cur) {
		free(prev);
		free(cur);
		return -ENOMEM;
	}
	for (size_t j = 0; j <= n; j++)
		prev[j * w] = 1;		/* i = 0: U = 0 */
	for (size_t i = 1; i <= m; i++) {
		double *t;

		memset(cur, 0, (n + 1) * w * sizeof(double));
		cur[0] = 1;			/* j = 0: U = 0 */
		for (size_t j = 1; j <= n; j++) {
			double px = (double)i / (double)(i + j), py = 1 - px;

			for (size_t k = 0; k <= i * j; k++)
				cur[j * w + k] = (k >= j ? px * prev[j * w + k - j] : 0) +
						 py * cur[(j - 1) * w + k];
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	memcpy(pmf, &prev[n * w], w * sizeof(double));
	free(prev);
	free(cur);
	return 0;
}

static double *sorted_copy(const double *v, size_t n)
{
	double *t = malloc((n ? n : 1) * sizeof(double));

	if (t) {
		memcpy(t, v, n * sizeof(double));
		qsort(t, n, sizeof(double), cmp_double);
	}
	return t;
}

/* U of @x over @y: pairs with x > y, ties 1/2.  Sorted, O((nx + ny) log): NAN without memory. */
static double u_stat(const double *x, size_t nx, const double *y, size_t ny)
{
	double *sx = sorted_copy(x, nx), *sy = sorted_copy(y, ny), u = 0;
	size_t below = 0, upto = 0;	/* y's < and <= the current x */

	if (!sx || !sy) {
		free(sx);
		free(sy);
		return NAN;
	}
	for (size_t i = 0; i < nx; i++) {
		while (below < ny && sy[below] < sx[i])
			below++;
		if (upto < below)
			upto = below;
		while (upto < ny && sy[upto] <= sx[i])
			upto++;
		u += (double)below + (double)(upto - below) / 2;
	}
	free(sx);
	free(sy);
	return u;
}

/* sum(t^3 - t) over groups of tied values in x and y together. */
static double tie_term(const double *x, size_t nx, const double *y, size_t ny)
{
	size_t n = nx + ny, i = 0;
	double *v = malloc(n * sizeof(double)), t = 0;

	if (!v)
		return 0;
	memcpy(v, x, nx * sizeof(double));
	memcpy(v + nx, y, ny * sizeof(double));
	qsort(v, n, sizeof(double), cmp_double);
	while (i < n) {
		size_t j = i;

		while (j < n && v[j] == v[i])
			j++;
		t += (double)(j - i) * (double)(j - i) * (double)(j - i) - (double)(j - i);
		i = j;
	}
	free(v);
	return t;
}

int rss_mwu(const double *x, size_t nx, const double *y, size_t ny, struct rss_mwu *r)
{
	double mn = (double)nx * (double)ny, u, n = (double)(nx + ny);

	if (!nx || !ny)
		return -EINVAL;
	r->u = u_stat(x, nx, y, ny);
	if (isnan(r->u))
		return -ENOMEM;
	u = r->u > mn - r->u ? r->u : mn - r->u;	/* the larger U */
	r->exact = nx <= RSS_MWU_EXACT_MAX && ny <= RSS_MWU_EXACT_MAX &&
		   !has_ties(x, nx, y, ny);
	if (r->exact) {
		double *pmf = malloc(((size_t)mn + 1) * sizeof(double)), sf = 0;

		if (!pmf || u_dist(nx, ny, pmf)) {
			free(pmf);
			return -ENOMEM;
		}
		for (size_t k = (size_t)u; k <= (size_t)mn; k++)
			sf += pmf[k];
		free(pmf);
		r->p = 2 * sf;
	} else {
		double var = mn / 12 * ((n + 1) - tie_term(x, nx, y, ny) / (n * (n - 1)));

		r->p = var > 0 ? erfc((u - mn / 2 - 0.5) / sqrt(var) / M_SQRT2) : 1;
	}
	if (r->p > 1)
		r->p = 1;
	return 0;
}

double rss_mwu_min_p(size_t nx, size_t ny)
{
	double lchoose = lgamma((double)(nx + ny + 1)) - lgamma((double)nx + 1) -
			 lgamma((double)ny + 1);

	return fmin(1, 2 * exp(-lchoose));
}

/* c: the c-th smallest and largest pairwise differences bound the interval. */
static long ci_rank(size_t m, size_t n, double alpha)
{
	size_t w = m * n + 1;
	double *pmf, cdf = 0;
	long c = 0;

	if (m > RSS_MWU_EXACT_MAX || n > RSS_MWU_EXACT_MAX) {
		double mn = (double)m * (double)n, zlo = 0, zhi = 40;

		/* The normal quantile z with erfc(z / sqrt 2) = alpha, by bisection. */
		for (int i = 0; i < 100; i++) {
			double z = (zlo + zhi) / 2;

			if (erfc(z / M_SQRT2) > alpha)
				zlo = z;
			else
				zhi = z;
		}
		return (long)floor(mn / 2 - zlo * sqrt(mn * (double)(m + n + 1) / 12));
	}
	pmf = malloc(w * sizeof(double));
	if (!pmf || u_dist(m, n, pmf)) {
		free(pmf);
		return -1;
	}
	/* Largest c with P(U <= c - 1) <= alpha / 2. */
	while ((size_t)c < w && cdf + pmf[c] <= alpha / 2 * (1 + 1e-9))
		cdf += pmf[c++];
	free(pmf);
	return c;
}

/* Doubles as unsigned integers in the same order (no NaNs). */
static uint64_t order_key(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof(b));
	return b >> 63 ? ~b : b | (1ULL << 63);
}

static double from_key(uint64_t k)
{
	uint64_t b = k >> 63 ? k & ~(1ULL << 63) : ~k;
	double v;

	memcpy(&v, &b, sizeof(v));
	return v;
}

/* Pairs with ly[j] - lx[i] <= t; both sorted ascending.  O(nx + ny). */
static size_t count_le(const double *lx, size_t nx, const double *ly, size_t ny, double t)
{
	size_t i = 0, n = 0;

	/* For each j, the i with ly[j] - lx[i] <= t are a suffix, moving right as j grows. */
	for (size_t j = 0; j < ny; j++) {
		while (i < nx && ly[j] - lx[i] > t)
			i++;
		n += nx - i;
	}
	return n;
}

/*
 * The @k-th smallest (from 1) of the pairwise ly[j] - lx[i], exactly as the
 * full sorted list would have it: the smallest double t with at least k
 * differences <= t, by bisection over the doubles' order (64 steps).
 */
static double kth_diff(const double *lx, size_t nx, const double *ly, size_t ny, size_t k)
{
	uint64_t lo = order_key(ly[0] - lx[nx - 1]), hi = order_key(ly[ny - 1] - lx[0]);

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (count_le(lx, nx, ly, ny, from_key(mid)) >= k)
			hi = mid;
		else
			lo = mid + 1;
	}
	return from_key(lo);
}

int rss_ratio_ci(const double *x, size_t nx, const double *y, size_t ny, double alpha,
		 double *lo, double *hi, double *est)
{
	size_t mn = nx * ny, mid;
	double *lx, *ly, pos, frac;
	long c;

	if (!nx || !ny)
		return -ERANGE;
	for (size_t i = 0; i < nx; i++)
		if (!(x[i] > 0) || !isfinite(x[i]))
			return -EDOM;
	for (size_t j = 0; j < ny; j++)
		if (!(y[j] > 0) || !isfinite(y[j]))
			return -EDOM;
	c = ci_rank(nx, ny, alpha);
	if (c < 1)
		return -ERANGE;
	lx = malloc(nx * sizeof(double));
	ly = malloc(ny * sizeof(double));
	if (!lx || !ly) {
		free(lx);
		free(ly);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nx; i++)
		lx[i] = log(x[i]);
	for (size_t j = 0; j < ny; j++)
		ly[j] = log(y[j]);
	qsort(lx, nx, sizeof(double), cmp_double);
	qsort(ly, ny, sizeof(double), cmp_double);
	/* The median of the differences as rss_median takes it: interpolated. */
	pos = 0.5 * (double)(mn - 1);
	mid = (size_t)pos;
	frac = pos - (double)mid;
	*est = kth_diff(lx, nx, ly, ny, mid + 1);
	if (frac > 0 && mid + 1 < mn)
		*est += frac * (kth_diff(lx, nx, ly, ny, mid + 2) - *est);
	*est = exp(*est);
	*lo = exp(kth_diff(lx, nx, ly, ny, (size_t)c));
	*hi = exp(kth_diff(lx, nx, ly, ny, mn + 1 - (size_t)c));
	free(lx);
	free(ly);
	return 0;
}

double rss_geomean(const double *v, size_t n)
{
	double s = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		if (!(v[i] > 0))
			return NAN;
		s += log(v[i]);
	}
	return exp(s / (double)n);
}
