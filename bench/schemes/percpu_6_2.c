/*
 * percpu_6_2.c - percpu_counter as v6.2 had it (and only v6.2): the fast
 * path under preempt_disable() with this_cpu_add(), one alloc_percpu(s32)
 * and one hotplug-list insertion per counter, four per mm, and check_mm()
 * summing every possible CPU.  f1a7941243c1 "mm: convert mm's rss stats into
 * percpu_counter" <20221024052841.3291983-1-shakeelb@google.com> and
 * f689054aace2 "percpu_counter: add percpu_counter_sum_all interface" (both
 * v6.2); v6.3 changed the fast path (percpu-6.3) and check_mm (7ba85fba47bd).
 * The first kernel of the fork and `make test` regression reports.
 */
#include "percpu_era.h"

static const struct rss_percpu_era era = {
	.fast_path = RSS_ERA_PREEMPT, .grouped = 0, .sum_all = 1,
};

static int percpu_6_2_setup(const struct machine *m)
{
	return rss_percpu_era_setup(&era, m);
}

const struct scheme_ops rss_scheme_percpu_6_2 = {
	.name		= "percpu-6.2",
	.summary	= "percpu_counter of v6.2: preempt_disable + this_cpu_add, 4 per-CPU allocations per mm",
	.origin		= "f1a7941243c1 <20221024052841.3291983-1-shakeelb@google.com>, f689054aace2 (v6.2)",
	.setup		= percpu_6_2_setup,
	.teardown	= rss_percpu_era_teardown,
	.mm_create	= rss_percpu_era_mm_create,
	.mm_destroy	= rss_percpu_era_mm_destroy,
	.add		= rss_percpu_era_add,
	.read		= rss_percpu_mm_read,
	.read_sum	= rss_percpu_mm_read_sum,
	.footprint	= rss_percpu_mm_footprint,
	.error_bound	= rss_percpu_mm_error_bound,
};
