/* test_stats.c - medians and quantiles on known samples. */
#include <math.h>

#include "stats.h"
#include "tap.h"

int main(void)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };
	long err[100];

	plan_tests(6);
	ok(rss_median(odd, 3) == 3, "median of 5 1 3 is 3");
	ok(rss_median(even, 4) == 2.5, "median of 4 1 3 2 is 2.5");
	ok(rss_median(one, 1) == 7, "median of one sample");
	ok(isnan(rss_median(one, 0)), "median of nothing is NAN");
	for (int i = 0; i < 100; i++)
		err[i] = 100 - i;	/* 1..100 */
	ok(rss_quantile_long(err, 100, 0.99) == 99, "p99 of 1..100 is 99 (nearest rank)");
	ok(rss_quantile_long(err, 100, 1.0) == 100, "p100 is the max");
	return exit_status();
}
