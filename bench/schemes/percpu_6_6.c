/*
 * percpu_6_6.c - percpu_counter of v6.6-v6.10: the fast path still under
 * local_irq_save() (percpu-6.3), the four counters of an mm allocated and
 * listed as one group by percpu_counter_init_many(): c439d5e8a0de "pcpcntr:
 * add group allocation/free" and 14ef95be6f55 "kernel/fork: group
 * allocation/free of per-cpu counters for mm struct"
 * <20230823050609.2228718-3-mjguzik@gmail.com>, percpu-for-6.6.  v6.11
 * replaced the fast path with this_cpu_try_cmpxchg() (the percpu scheme).
 */
#include "percpu_era.h"

static const struct rss_percpu_era era = {
	.fast_path = RSS_ERA_IRQ, .grouped = 1, .sum_all = 0,
};

static int percpu_6_6_setup(const struct machine *m)
{
	return rss_percpu_era_setup(&era, m);
}

const struct scheme_ops rss_scheme_percpu_6_6 = {
	.name		= "percpu-6.6",
	.summary	= "percpu_counter of v6.6-v6.10: fast path under local_irq_save, one grouped allocation per mm",
	.origin		= "14ef95be6f55, c439d5e8a0de <20230823050609.2228718-3-mjguzik@gmail.com> (v6.6)",
	.setup		= percpu_6_6_setup,
	.teardown	= rss_percpu_era_teardown,
	.mm_create	= rss_percpu_era_mm_create,
	.mm_destroy	= rss_percpu_era_mm_destroy,
	.add		= rss_percpu_era_add,
	.read		= rss_percpu_mm_read,
	.read_sum	= rss_percpu_mm_read_sum,
	.footprint	= rss_percpu_mm_footprint,
	.error_bound	= rss_percpu_mm_error_bound,
};
