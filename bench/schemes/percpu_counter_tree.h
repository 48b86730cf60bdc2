/*
 * percpu_counter_tree.h - Mathieu Desnoyers' hierarchical per-CPU counters
 * (lib/percpu_counter_tree.c, "HPCC", v17 <20260217161006.1105611-1-
 * mathieu.desnoyers@efficios.com>) for userspace.
 *
 * Each CPU keeps the running total of its own additions in one unsigned
 * long (level 0).  When an addition moves that total across a multiple of
 * the batch, the crossed amount (the carry) is added to an intermediate
 * item shared by a group of CPUs, whose carries go one level up in turn,
 * up to the root: the cheap approximate sum.  The tree shape is chosen once
 * from order = ceil(log2(nr_cpu_ids)).
 */
#ifndef RSS_PERCPU_COUNTER_TREE_H
#define RSS_PERCPU_COUNTER_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "rss.h"

#define RSS_COUNTER_TREE_MAX_LEVELS	5
#define RSS_COUNTER_TREE_MAX_ORDER	20

/* One row of the boot-time table, chosen by order = ceil(log2(nr_cpu_ids)). */
struct rss_counter_tree_config {
	unsigned int nr_items;		/* levels 1 .. root, not level 0 */
	unsigned char nr_levels;	/* levels below the root, level 0 included */
	unsigned char arity_order[RSS_COUNTER_TREE_MAX_LEVELS];	/* fan-in 2^k */
};

/* An intermediate or root item: atomic_t, cacheline aligned. */
struct rss_counter_tree_item {
	uint32_t count;
} RSS_ALIGNED;

/* 32-bit words throughout, as the series' struct percpu_counter_tree. */
struct rss_counter_tree {
	uint32_t *level0;		/* per-CPU running totals (CPU 0's copy) */
	uint32_t level0_bit_mask;	/* the batch; 0 without a tree (1 CPU) */
	uint32_t *approx_sum;		/* the root, or CPU 0's level 0 */
	int bias;
	struct rss_counter_tree_item *items;	/* level 1 first, root last */
	uint32_t batch_size;
	/* approx_accuracy_range as the kernel computes it: approx in
	 * [precise - under, precise + over] (see rss_counter_tree_tight_over). */
	struct bound accuracy;
};

/*
 * The tree is sized from the possible CPUs, as the kernel's is from
 * nr_cpu_ids (offline CPUs keep their level-0 words and tree slots).
 */
/* ceil(log2(@nr_cpu_ids)), as get_count_order(nr_cpu_ids). */
int rss_counter_tree_order(int nr_cpu_ids);
/* The table row for @nr_cpu_ids, or NULL beyond 2^20 CPUs. */
const struct rss_counter_tree_config *rss_counter_tree_config(int nr_cpu_ids);
/* The settled accuracy the kernel states for @nr_cpu_ids and @batch:
 * batch * nr_levels * 2^order under, (batch - 1) * nr_levels * 2^order over. */
struct bound rss_counter_tree_accuracy(int nr_cpu_ids, unsigned long batch);
/*
 * What the root can really be above the precise sum once settled: 0.  Each
 * carry is the change of floor(word / mask) * mask (it rounds down, for
 * negative words too), so every word keeps back word mod mask, in
 * [0, mask - 1]: precise - approx is a sum of non-negative residues.  The
 * kernel's "over" is never reached.
 */
static inline long rss_counter_tree_tight_over(void)
{
	return 0;
}
/*
 * Per-CPU bytes one counter takes: the kernel's
 * ALIGN(sizeof(struct percpu_counter_tree)), 56 on LP64, of which the
 * level-0 word uses 4 (rss_counter_tree_init_many).
 */
size_t rss_counter_tree_pcpu_stride(void);
/* Bytes of item memory one counter needs with @nr_cpu_ids. */
size_t rss_counter_tree_items_size(int nr_cpu_ids);

/* Boot time: picks the row for @m's nr_cpu_ids; the precise sum walks its
 * possible CPUs (@m is copied, its masks must outlive the run).  0 or -EINVAL. */
int rss_counter_tree_setup(const struct machine *m);

/*
 * percpu_counter_tree_init_many(): one per-CPU allocation (GFP_KERNEL) of
 * @nr strides of rss_counter_tree_pcpu_stride() bytes, each counter's level-0
 * word at the start of its stride; @items (nr * items_size bytes,
 * caller-provided, cacheline aligned) is cleared.  @batch is a power of two
 * greater than 1.  0, -EINVAL or -ENOMEM.
 */
int rss_counter_tree_init_many(struct rss_counter_tree *t,
			       struct rss_counter_tree_item *items, int nr,
			       unsigned long batch);
/* percpu_counter_tree_destroy_many(): one free_percpu. */
void rss_counter_tree_destroy_many(struct rss_counter_tree *t, int nr);

/* percpu_counter_tree_add() on @cpu: an int increment, as the kernel's. */
void rss_counter_tree_add(struct rss_counter_tree *t, int inc, int cpu);

/* The root plus bias: one load, 32-bit wrap-around arithmetic. */
static inline int rss_counter_tree_approximate_sum(struct rss_counter_tree *t)
{
	return (int)(__atomic_load_n(t->approx_sum, __ATOMIC_RELAXED) +
		     (uint32_t)__atomic_load_n(&t->bias, __ATOMIC_RELAXED));
}

/* Every possible CPU's level 0 plus bias, no lock, as an int. */
int rss_counter_tree_precise_sum(struct rss_counter_tree *t);

/* Approximate comparison first, precise sum only within the accuracy:
 * 0 when @v equals the counter, -1 when @v is less, 1 when greater. */
int rss_counter_tree_precise_compare_value(struct rss_counter_tree *t, int v);

#endif /* RSS_PERCPU_COUNTER_TREE_H */
