/*
 * percpu.c - the 6.2+ scheme: one percpu_counter per counter, grouped per mm
 * since v6.6.  f1a7941243c1 "mm: convert mm's rss stats into percpu_counter"
 * <20221024052841.3291983-1-shakeelb@google.com>; grouped allocation
 * 14ef95be6f55 <20230823050609.2228718-1-mjguzik@gmail.com>.
 *
 * Fork pays the per-CPU allocator (global mutex, memset on every possible
 * CPU) and the hotplug-list lock; exit pays check_mm's four locked O(N)
 * sums, the list lock again and the allocator's lock.
 */
#include <stdlib.h>

#include "percpu.h"

static struct percpu_mm *to_pmm(struct mm *mm)
{
	return (struct percpu_mm *)mm;
}

int rss_percpu_mm_setup(const struct machine *m)
{
	rss_percpu_counter_setup(m);
	return rss_pcpu_setup(m);
}

void rss_percpu_mm_teardown(void)
{
	rss_pcpu_teardown();
}

/* mm_init(): percpu_counter_init_many(rss_stat, 0, GFP_KERNEL_ACCOUNT, C). */
struct percpu_mm *rss_percpu_mm_alloc(void)
{
	struct percpu_mm *pmm = rss_mm_zalloc(sizeof(*pmm));

	if (!pmm)
		return NULL;
	if (rss_percpu_counter_init_many(pmm->rss_stat, 0, RSS_NR_COUNTERS, 0)) {
		free(pmm);
		return NULL;
	}
	return pmm;
}

/* percpu_counter_destroy_many() and the mm's own free. */
void rss_percpu_mm_free(struct percpu_mm *pmm)
{
	rss_percpu_counter_destroy_many(pmm->rss_stat, RSS_NR_COUNTERS);
	free(pmm);
}

static struct mm *percpu_mm_create(struct cpu *cpu)
{
	struct percpu_mm *pmm = rss_percpu_mm_alloc();

	return pmm ? &pmm->mm : NULL;
}

void rss_percpu_mm_add(struct mm *mm, int ctr, long v, struct task *cur,
		       struct cpu *cpu)
{
	rss_percpu_counter_add(&to_pmm(mm)->rss_stat[ctr], v, cpu->id);
}

/* get_mm_counter(): percpu_counter_read_positive(). */
long rss_percpu_mm_read(struct mm *mm, int ctr)
{
	return rss_percpu_counter_read_positive(&to_pmm(mm)->rss_stat[ctr]);
}

/* check_mm()'s percpu_counter_sum(): raw, so a negative count shows. */
long rss_percpu_mm_sum(struct mm *mm, int ctr)
{
	return rss_percpu_counter_sum(&to_pmm(mm)->rss_stat[ctr]);
}

/* get_mm_counter_sum() (6.16): percpu_counter_sum_positive(). */
long rss_percpu_mm_read_sum(struct mm *mm, int ctr)
{
	long v = rss_percpu_mm_sum(mm, ctr);

	return v > 0 ? v : 0;
}

/* __mmdrop(): check_mm() then percpu_counter_destroy_many(). */
static int percpu_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	int ret = rss_check_mm(rss_percpu_mm_sum, mm);

	rss_percpu_mm_free(to_pmm(mm));
	return ret;
}

/* The counters inline in the mm, plus one s32 per counter per possible CPU
 * (__alloc_percpu_gfp() gives every possible CPU its unit). */
size_t rss_percpu_mm_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(struct percpu_counter) * RSS_NR_COUNTERS +
	       sizeof(int32_t) * RSS_NR_COUNTERS * (size_t)m->nr_possible;
}

/* Every allowed CPU's slot may hold up to batch - 1, the batch from the
 * online CPUs: allowed * (max(32, 2 * online) - 1). */
struct bound rss_percpu_mm_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	long b = rss_percpu_counter_bound(m);

	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_percpu = {
	.name		= "percpu",
	.summary	= "percpu_counter per counter, batch max(32, 2N), cmpxchg fast path (6.11+)",
	.origin		= "f1a7941243c1 <20221024052841.3291983-1-shakeelb@google.com>; grouped 14ef95be6f55; cmpxchg <20240528204257.434817-1-mjguzik@gmail.com>",
	.setup		= rss_percpu_mm_setup,
	.teardown	= rss_percpu_mm_teardown,
	.mm_create	= percpu_mm_create,
	.mm_destroy	= percpu_mm_destroy,
	.add		= rss_percpu_mm_add,
	.read		= rss_percpu_mm_read,
	.read_sum	= rss_percpu_mm_read_sum,
	.footprint	= rss_percpu_mm_footprint,
	.error_bound	= rss_percpu_mm_error_bound,
};
