/*
 * atomic.c - one atomic_long_t per counter in the mm (2.6.34's mm_rss_stat,
 * and every !SPLIT_RSS_COUNTING kernel up to 6.1).  Exact, but all threads of
 * the mm bounce one cache line: the reason SPLIT_RSS_COUNTING was added
 * (34e55232e59f "mm: avoid false sharing of mm_counter").
 */
#include <stdlib.h>

#include "rss.h"

struct atomic_mm {
	struct mm mm;
	long count[RSS_NR_COUNTERS];	/* atomic_long_t */
};

static struct atomic_mm *to_amm(struct mm *mm)
{
	return (struct atomic_mm *)mm;
}

static struct mm *atomic_mm_create(struct cpu *cpu)
{
	struct atomic_mm *amm = rss_mm_zalloc(sizeof(*amm));

	return amm ? &amm->mm : NULL;
}

static void atomic_add(struct mm *mm, int ctr, long v, struct task *cur,
		       struct cpu *cpu)
{
	__atomic_fetch_add(&to_amm(mm)->count[ctr], v, __ATOMIC_RELAXED);
}

/* No clamp: the non-split kernels returned the atomic as it was. */
static long atomic_read(struct mm *mm, int ctr)
{
	return __atomic_load_n(&to_amm(mm)->count[ctr], __ATOMIC_RELAXED);
}

static int atomic_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	int ret = rss_check_mm(atomic_read, mm);

	free(to_amm(mm));
	return ret;
}

static size_t atomic_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(long) * RSS_NR_COUNTERS;
}

static struct bound atomic_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	return (struct bound){ 0, 0 };
}

const struct scheme_ops rss_scheme_atomic = {
	.name		= "atomic",
	.summary	= "one atomic per counter (2.6.34 mm_rss_stat, !SPLIT_RSS_COUNTING to 6.1)",
	.origin		= "2.6.34 \"mm: clean up mm_counter\" (Kamezawa); scheme 1 of schemes.md",
	.mm_create	= atomic_mm_create,
	.mm_destroy	= atomic_mm_destroy,
	.add		= atomic_add,
	.read		= atomic_read,
	.read_sum	= atomic_read,	/* no _sum then: the one read, unclamped */
	/* 6.1's rss_stat took the count atomic_long_add_return() gave. */
	.read_trace	= atomic_read,
	.footprint	= atomic_footprint,
	.error_bound	= atomic_error_bound,
};
