/*
 * percpu_6_3.c - percpu_counter of v6.3-v6.5: Manfred Spraul's overflow fix
 * put the whole of percpu_counter_add_batch() under local_irq_save() (an
 * interrupt between the read and this_cpu_add() could push the slot past
 * the batch), "lib/percpu_counter: percpu_counter_add_batch()
 * overflow/underflow" <20221216150441.200533-1-manfred@colorfullife.com>,
 * merged for v6.3-rc1 (mm-nonmm-stable-2023-02-20); the counters are still
 * allocated one by one, four per mm, until v6.6 (percpu-6.6).  check_mm()
 * sums the online CPUs again (7ba85fba47bd, v6.3).  User mode cannot
 * disable interrupts: rss_irq_save() models the cost (arch.h,
 * doc/schemes/percpu-6.3.md).
 */
#include "percpu_era.h"

static const struct rss_percpu_era era = {
	.fast_path = RSS_ERA_IRQ, .grouped = 0, .sum_all = 0,
};

static int percpu_6_3_setup(const struct machine *m)
{
	return rss_percpu_era_setup(&era, m);
}

const struct scheme_ops rss_scheme_percpu_6_3 = {
	.name		= "percpu-6.3",
	.summary	= "percpu_counter of v6.3-v6.5: fast path under local_irq_save, 4 per-CPU allocations per mm",
	.origin		= "<20221216150441.200533-1-manfred@colorfullife.com> (v6.3-rc1) on f1a7941243c1",
	.setup		= percpu_6_3_setup,
	.teardown	= rss_percpu_era_teardown,
	.mm_create	= rss_percpu_era_mm_create,
	.mm_destroy	= rss_percpu_era_mm_destroy,
	.add		= rss_percpu_era_add,
	.read		= rss_percpu_mm_read,
	.read_sum	= rss_percpu_mm_read_sum,
	.footprint	= rss_percpu_mm_footprint,
	.error_bound	= rss_percpu_mm_error_bound,
};
