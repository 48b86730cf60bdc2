/*
 * test_stats.c - medians and quantiles on known samples; the Mann-Whitney U
 * test, the ratio interval and the geometric mean against values computed
 * independently (scipy.stats.mannwhitneyu's documented example, and a
 * Python enumeration of the U distribution for the rest).
 */
#include <errno.h>
#include <math.h>

#include "stats.h"
#include "tap.h"

static int near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static void test_mwu(void)
{
	/* scipy docs: males vs females, U = 17, exact p = 0.1111. */
	double males[] = { 19, 22, 16, 29, 24 }, females[] = { 20, 11, 17, 12 };
	double x[] = { 1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9 };
	double y[] = { 2.5, 4.5, 6.5, 8.5, 10.5, 12.5, 14.5, 16.5, 18.5 };
	double a[] = { 1, 2, 2, 3, 3, 3, 4, 5 }, b[] = { 3, 4, 4, 5, 5, 6, 7, 7 };
	struct rss_mwu r;

	int ret;

	ret = rss_mwu(males, 5, females, 4, &r);
	ok(!ret && r.u == 17 && r.exact &&
	   near(r.p, 0.1111111111, 1e-9),
	   "U(males, females) = 17, exact p = 0.1111 (got %g, %g)", r.u, r.p);
	ret = rss_mwu(x, 9, y, 9, &r);
	ok(!ret && r.u == 18 && r.exact && near(r.p, 0.0503085150, 1e-9),
	   "9 vs 9, no ties: U = 18, exact p = 0.05031 (got %g, %.10f)", r.u, r.p);
	ret = rss_mwu(a, 8, b, 8, &r);
	ok(!ret && r.u == 7.5 && !r.exact &&
	   near(r.p, 0.0105152459, 1e-9),
	   "8 vs 8 with ties: U = 7.5, tie-corrected normal p = 0.010515 (got %g, %.10f)",
	   r.u, r.p);
	ok(!rss_mwu(y, 9, x, 9, &r) && r.u == 63 && near(r.p, 0.0503085150, 1e-9),
	   "swapped samples: U = 81 - 18, same two-sided p");
	ok(!rss_mwu(a, 1, a, 1, &r) && r.p == 1, "identical single values: p = 1");
	ok(rss_mwu(a, 0, b, 3, &r) < 0, "an empty sample is an error");
	ok(near(rss_mwu_min_p(3, 3), 0.1, 1e-12), "3 vs 3 cannot get below p = 0.1");
	ok(near(rss_mwu_min_p(5, 5), 2.0 / 252, 1e-12), "5 vs 5 can reach p = 2/252");
}

static void test_ratio_ci(void)
{
	double x[] = { 10.0, 10.4, 9.8, 10.1, 10.3 }, y[] = { 12.9, 13.1, 13.4, 12.8, 13.0 };
	double x9[] = { 100, 102, 98, 101, 99, 103, 97, 100.5, 99.5 }, y9[9];
	double base[] = { 101, 99, 100, 102, 98, 100.2, 99.8, 103, 97 };
	double lo, hi, est, neg[] = { 1, -1 };
	int ret;

	/* Moses: 5 vs 5 at 95% takes the 3rd smallest and largest difference. */
	ok(!rss_ratio_ci(x, 5, y, 5, 0.05, &lo, &hi, &est) && near(lo, 1.2427184466, 1e-9) &&
	   near(hi, 1.3367346939, 1e-9) && near(est, 1.2884615385, 1e-9),
	   "5 vs 5: 95%% ratio interval [1.2427, 1.3367], estimate 1.2885");
	for (int i = 0; i < 9; i++)
		y9[i] = 1.3 * base[i];
	ret = rss_ratio_ci(x9, 9, y9, 9, 0.05, &lo, &hi, &est);
	ok(!ret && near(lo, 1.274, 1e-9) &&
	   near(hi, 1.3265306122, 1e-9) && near(est, 1.3, 1e-9),
	   "9 vs 9, 30%% slower: [1.274, 1.3265], estimate 1.3 (got [%g, %g] %g)", lo, hi, est);
	ok(rss_ratio_ci(x, 3, y, 3, 0.05, &lo, &hi, &est) == -ERANGE,
	   "3 vs 3 has no 95%% interval");
	ok(rss_ratio_ci(neg, 2, y, 5, 0.05, &lo, &hi, &est) == -EDOM,
	   "a non-positive value has no ratio");
}

int main(void)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };
	double g[] = { 1, 4, 16 }, g0[] = { 1, 0 };
	long err[100];

	plan_tests(20);
	ok(rss_median(odd, 3) == 3, "median of 5 1 3 is 3");
	ok(rss_median(even, 4) == 2.5, "median of 4 1 3 2 is 2.5");
	ok(rss_median(one, 1) == 7, "median of one sample");
	ok(isnan(rss_median(one, 0)), "median of nothing is NAN");
	for (int i = 0; i < 100; i++)
		err[i] = 100 - i;	/* 1..100 */
	ok(rss_quantile_long(err, 100, 0.99) == 99, "p99 of 1..100 is 99 (nearest rank)");
	ok(rss_quantile_long(err, 100, 1.0) == 100, "p100 is the max");
	test_mwu();
	test_ratio_ci();
	ok(near(rss_geomean(g, 3), 4, 1e-12), "geometric mean of 1 4 16 is 4");
	ok(isnan(rss_geomean(g0, 2)), "geometric mean with a zero is NAN");
	return exit_status();
}
