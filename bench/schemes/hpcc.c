/*
 * hpcc.c - mm rss_stat on hierarchical per-CPU counter trees (Mathieu
 * Desnoyers, "Improve proc RSS accuracy" v17
 * <20260217161006.1105611-1-mathieu.desnoyers@efficios.com>; mm-unstable as
 * of March 2026, in no released kernel).
 *
 * The fault path costs what percpu_counter's does (one non-LOCK per-CPU
 * add) until a CPU's running total crosses a multiple of the batch (32);
 * then the carry climbs a tree of shared atomics, stopping at the first
 * level it does not overflow.  The cheap read is the root: off by at most
 * 32 * nr_levels * 2^order pages (O(N log N), not percpu_counter's O(N^2)).
 * Fork pays one per-CPU allocation (the allocator's mutex) and clears the
 * items kept in the mm; there is no hotplug list and no per-counter lock.
 * Exit compares every counter with 0 precisely (O(N) walks) and frees.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcpu_alloc.h"
#include "percpu_counter_tree.h"
#include "rss.h"

#define RSS_STAT_BATCH_SIZE	32

struct hpcc_mm {
	struct mm mm;
	struct rss_counter_tree rss_stat[RSS_NR_COUNTERS];
	/* mm_struct's flexible_array: RSS_NR_COUNTERS trees' items. */
	struct rss_counter_tree_item items[];
};

static size_t items_size;	/* percpu_counter_tree_items_size() */

static struct hpcc_mm *to_hmm(struct mm *mm)
{
	return (struct hpcc_mm *)mm;
}

static int hpcc_setup(const struct machine *m)
{
	int ret = rss_counter_tree_setup(m);

	if (ret)
		return ret;
	items_size = rss_counter_tree_items_size(m->nr_cpu_ids);
	return rss_pcpu_setup(m);
}

static void hpcc_teardown(void)
{
	rss_pcpu_teardown();
}

/* mm_init(): percpu_counter_tree_init_many(rss_stat, items, C, 32, GFP_KERNEL). */
static struct mm *hpcc_mm_create(struct cpu *cpu)
{
	size_t size = sizeof(struct hpcc_mm) + RSS_NR_COUNTERS * items_size;
	struct hpcc_mm *hmm;

	/* The mm cache is cacheline aligned, as the items must be. */
	size = (size + RSS_CACHE_LINE - 1) / RSS_CACHE_LINE * RSS_CACHE_LINE;
	hmm = aligned_alloc(RSS_CACHE_LINE, size);
	if (!hmm)
		return NULL;
	memset(hmm, 0, sizeof(*hmm));
	if (rss_counter_tree_init_many(hmm->rss_stat, hmm->items, RSS_NR_COUNTERS,
				       RSS_STAT_BATCH_SIZE)) {
		free(hmm);
		return NULL;
	}
	return &hmm->mm;
}

static void hpcc_add(struct mm *mm, int ctr, long v, struct task *cur,
		     struct cpu *cpu)
{
	/* add_mm_counter()'s long becomes percpu_counter_tree_add()'s int. */
	rss_counter_tree_add(&to_hmm(mm)->rss_stat[ctr], (int)v, cpu->id);
}

/* get_mm_counter(): percpu_counter_tree_approximate_sum_positive(). */
static long hpcc_read(struct mm *mm, int ctr)
{
	long v = rss_counter_tree_approximate_sum(&to_hmm(mm)->rss_stat[ctr]);

	return v > 0 ? v : 0;
}

/* get_mm_counter_sum(): percpu_counter_tree_precise_sum_positive(); check_mm
 * compares the raw sum. */
static long hpcc_read_sum(struct mm *mm, int ctr)
{
	long v = rss_counter_tree_precise_sum(&to_hmm(mm)->rss_stat[ctr]);

	return v > 0 ? v : 0;
}

/* __mmdrop(): check_mm() with precise_compare_value(.., 0), then one free. */
static int hpcc_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct hpcc_mm *hmm = to_hmm(mm);
	int bad = 0;

	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		if (rss_counter_tree_precise_compare_value(&hmm->rss_stat[i], 0))
			bad++;
	rss_counter_tree_destroy_many(hmm->rss_stat, RSS_NR_COUNTERS);
	free(hmm);
	return bad ? -EIO : 0;
}

/* The trees inline, their items (sized from nr_cpu_ids) in the mm, and a
 * struct percpu_counter_tree's size per counter per possible CPU. */
static size_t hpcc_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(struct rss_counter_tree) * RSS_NR_COUNTERS +
	       rss_counter_tree_items_size(m->nr_cpu_ids) * RSS_NR_COUNTERS +
	       rss_counter_tree_pcpu_stride() * RSS_NR_COUNTERS * (size_t)m->nr_possible;
}

/*
 * The kernel's accuracy from nr_cpu_ids, 32 * nr_levels * 2^order under;
 * over is the tight 0, not the kernel's 31 * nr_levels * 2^order: carries
 * round down, so the root never gets ahead of the precise sum.
 */
static struct bound hpcc_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	struct bound b = rss_counter_tree_accuracy(m->nr_cpu_ids, RSS_STAT_BATCH_SIZE);

	b.over = rss_counter_tree_tight_over();
	return b;
}

const struct scheme_ops rss_scheme_hpcc = {
	.name		= "hpcc",
	.summary	= "hierarchical per-CPU counter tree, batch 32 (mm-unstable 2026)",
	.origin		= "<20260217161006.1105611-1-mathieu.desnoyers@efficios.com> (v17)",
	.setup		= hpcc_setup,
	.teardown	= hpcc_teardown,
	.mm_create	= hpcc_mm_create,
	.mm_destroy	= hpcc_mm_destroy,
	.add		= hpcc_add,
	.read		= hpcc_read,
	.read_sum	= hpcc_read_sum,
	/* The series' kmem.h: percpu_counter_tree_approximate_sum_positive(). */
	.read_trace	= hpcc_read,
	.footprint	= hpcc_footprint,
	.error_bound	= hpcc_error_bound,
};
