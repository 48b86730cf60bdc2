/*
 * empty.c - the harness alone: every hook does nothing, the mm carries no
 * counter, the reads say 0.  Its cycles per operation are what the harness,
 * the workload and the indirect calls cost without any counter; the other
 * schemes' figures include that much (doc/schemes/empty.md).  It counts
 * nothing, so the harness measures no error for it (RSS_SCHEME_NO_COUNTER).
 */
#include <stdlib.h>

#include "rss.h"

/* mm_alloc() still makes the mm_struct; only the counters are missing. */
static struct mm *empty_mm_create(struct cpu *cpu)
{
	return rss_mm_zalloc(sizeof(struct mm));
}

static int empty_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	free(mm);
	return 0;
}

static void empty_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *cpu)
{
}

static void empty_add_vec(struct mm *mm, const long *rss, struct task *cur, struct cpu *cpu)
{
}

static long empty_read(struct mm *mm, int ctr)
{
	return 0;
}

static size_t empty_footprint(const struct machine *m, int nr_tasks)
{
	return 0;
}

/* Nothing is counted, so nothing can be off: the bound the tests hold it to. */
static struct bound empty_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	return (struct bound){ 0, 0 };
}

const struct scheme_ops rss_scheme_empty = {
	.name		= "empty",
	.summary	= "no counter: every hook does nothing (the harness's own cost)",
	.origin		= "none: the baseline of rssbench itself",
	.flags		= RSS_SCHEME_NO_COUNTER,
	.mm_create	= empty_mm_create,
	.mm_destroy	= empty_mm_destroy,
	.add		= empty_add,
	.add_vec	= empty_add_vec,
	.read		= empty_read,
	.read_sum	= empty_read,
	.footprint	= empty_footprint,
	.error_bound	= empty_error_bound,
};
