/*
 * percpu_counter_tree.c - lib/percpu_counter_tree.c (hierarchical per-CPU
 * counters, Mathieu Desnoyers, v17 <20260217161006.1105611-1-
 * mathieu.desnoyers@efficios.com>; design sketch
 * <a89cb4d9-088e-4ed6-afde-f1b097de8db9@efficios.com>) ported to the
 * worker-per-CPU model.
 *
 * Level 0 is this_cpu_add_return() on the CPU's running total: XADD
 * without LOCK, as in the kernel (rss_add_return_local32, arch.h); only the
 * CPU's own worker writes it.  Items above it are atomic_t, updated with
 * real atomic read-modify-writes.  Every word is 32 bits, as in the series
 * (unsigned int level 0, atomic_t items, int sums): a counter wraps past
 * 2^31 pages (8 TiB of 4 KiB pages) as the kernel's does.  Each carry is the amount by which an addition
 * moves floor(value / bit_mask) * bit_mask of the word it was added to, so
 * every word holds back exactly its low bits (value mod bit_mask) and the
 * root is the precise sum minus those residues, whatever the interleaving.
 */
#include <errno.h>
#include <string.h>

#include "pcpu_alloc.h"
#include "percpu_counter_tree.h"

/*
 * The boot-time table of lib/percpu_counter_tree.c (per_nr_cpu_order_config),
 * orders 0 to 20: at most 5 levels, fan-in 2^arity_order per level.
 */
static const struct rss_counter_tree_config configs[] = {
	[0]  = { 0,	0, { 0 } },
	[1]  = { 1,	1, { 1 } },
	[2]  = { 3,	2, { 1, 1 } },
	[3]  = { 7,	3, { 1, 1, 1 } },
	[4]  = { 7,	3, { 2, 1, 1 } },
	[5]  = { 11,	3, { 2, 2, 1 } },
	[6]  = { 21,	3, { 2, 2, 2 } },
	[7]  = { 21,	3, { 3, 2, 2 } },
	[8]  = { 37,	3, { 3, 3, 2 } },
	[9]  = { 73,	3, { 3, 3, 3 } },
	[10] = { 149,	4, { 3, 3, 2, 2 } },
	[11] = { 293,	4, { 3, 3, 3, 2 } },
	[12] = { 585,	4, { 3, 3, 3, 3 } },
	[13] = { 1173,	5, { 3, 3, 3, 2, 2 } },
	[14] = { 2341,	5, { 3, 3, 3, 3, 2 } },
	[15] = { 4681,	5, { 3, 3, 3, 3, 3 } },
	[16] = { 4681,	5, { 4, 3, 3, 3, 3 } },
	[17] = { 8777,	5, { 4, 4, 3, 3, 3 } },
	[18] = { 17481,	5, { 4, 4, 4, 3, 3 } },
	[19] = { 34953,	5, { 4, 4, 4, 4, 3 } },
	[20] = { 69905,	5, { 4, 4, 4, 4, 4 } },
};

static struct {
	const struct rss_counter_tree_config *config;
	int order;
	struct machine m;		/* a copy: nr_cpu_ids, the possible CPUs the sum walks */
} tree;

int rss_counter_tree_order(int nr_cpu_ids)
{
	int order = 0;

	while ((1L << order) < nr_cpu_ids)
		order++;
	return order;
}

const struct rss_counter_tree_config *rss_counter_tree_config(int nr_cpu_ids)
{
	int order = rss_counter_tree_order(nr_cpu_ids);

	return order <= RSS_COUNTER_TREE_MAX_ORDER ? &configs[order] : NULL;
}

/*
 * Level k holds 2^order >> (a_0 + .. + a_(k-1)) items of bit mask
 * batch << (a_0 + .. + a_(k-1)): each level contributes batch * 2^order,
 * less one unit per word on the positive side.
 */
struct bound rss_counter_tree_accuracy(int nr_cpu_ids, unsigned long batch)
{
	const struct rss_counter_tree_config *c = rss_counter_tree_config(nr_cpu_ids);
	long mult = c ? (long)c->nr_levels << rss_counter_tree_order(nr_cpu_ids) : 0;

	return (struct bound){ (long)batch * mult, (long)(batch - 1) * mult };
}

size_t rss_counter_tree_items_size(int nr_cpu_ids)
{
	const struct rss_counter_tree_config *c = rss_counter_tree_config(nr_cpu_ids);

	return c ? c->nr_items * sizeof(struct rss_counter_tree_item) : 0;
}

int rss_counter_tree_setup(const struct machine *m)
{
	tree.config = rss_counter_tree_config(m->nr_cpu_ids);
	if (!tree.config || m->nr_cpu_ids < 1)
		return -EINVAL;
	tree.order = rss_counter_tree_order(m->nr_cpu_ids);
	tree.m = *m;
	return 0;
}

/*
 * The kernel's struct percpu_counter_tree (include/linux/percpu_counter_tree.h
 * of the caller-provided-items revision), for its size only: 56 bytes on
 * LP64.  percpu_counter_tree_init_many() sizes the per-CPU area by it.
 */
struct kernel_percpu_counter_tree {
	unsigned int *level0;
	unsigned int level0_bit_mask;
	void *approx_sum;
	int bias;
	void *items;
	unsigned int batch_size;
	struct {
		unsigned int under, over;
	} approx_accuracy_range;
};

size_t rss_counter_tree_pcpu_stride(void)
{
	size_t a = _Alignof(struct kernel_percpu_counter_tree);

	return (sizeof(struct kernel_percpu_counter_tree) + a - 1) / a * a;
}

/*
 * percpu_counter_tree_init_many() as read (lib/percpu_counter_tree.c, the
 * newest text found, see doc/schemes/hpcc.md):
 *	counter_size = ALIGN(sizeof(*counters), __alignof__(*counters));
 *	level0 = __alloc_percpu_gfp(nr_counters * counter_size,
 *				    __alignof__(*counters), gfp_flags);
 * with counters a struct percpu_counter_tree *: each counter's level-0
 * word starts a counter_size stride of the per-CPU area, the rest unused.
 */
int rss_counter_tree_init_many(struct rss_counter_tree *t,
			       struct rss_counter_tree_item *items, int nr,
			       unsigned long batch)
{
	size_t per_counter = tree.config->nr_items, stride = rss_counter_tree_pcpu_stride();
	char *level0;

	if (batch <= 1 || (batch & (batch - 1)) || batch > (1U << 30))
		return -EINVAL;
	level0 = rss_pcpu_alloc_aligned(stride * (size_t)nr,
					_Alignof(struct kernel_percpu_counter_tree), 0);
	if (!level0)
		return -ENOMEM;
	memset(items, 0, per_counter * (size_t)nr * sizeof(*items));
	for (int i = 0; i < nr; i++) {
		t[i].level0 = (uint32_t *)(level0 + stride * (size_t)i);
		t[i].bias = 0;
		t[i].batch_size = (uint32_t)batch;
		t[i].items = items + per_counter * (size_t)i;
		if (!tree.order) {
			t[i].approx_sum = t[i].level0;
			t[i].level0_bit_mask = 0;
		} else {
			t[i].approx_sum = &t[i].items[per_counter - 1].count;
			t[i].level0_bit_mask = (uint32_t)batch;
		}
		t[i].accuracy = rss_counter_tree_accuracy(tree.m.nr_cpu_ids, batch);
	}
	return 0;
}

void rss_counter_tree_destroy_many(struct rss_counter_tree *t, int nr)
{
	rss_pcpu_free(t[0].level0);
	for (int i = 0; i < nr; i++)
		t[i].level0 = NULL;
}

/*
 * percpu_counter_tree_carry(): the multiple of @bit_mask by which adding
 * @inc (orig -> res) moved the word, both signs: the whole multiples in
 * |inc|, plus one more when bit_mask's bit shows a carry (or borrow) out of
 * the low bits.  0 when @bit_mask is 0.
 */
static int carry(uint32_t orig, uint32_t res, int inc, uint32_t bit_mask)
{
	uint32_t c;

	if (inc < 0) {
		c = -(-(uint32_t)inc & ~(bit_mask - 1));
		if ((c ^ orig ^ res) & bit_mask)
			c -= bit_mask;
	} else {
		c = (uint32_t)inc & ~(bit_mask - 1);
		if ((c ^ orig ^ res) & bit_mask)
			c += bit_mask;
	}
	return (int)c;
}

/*
 * Level k's item for @cpu is items[base_k + (cpu & (items_at_level - 1))].
 * A level whose bits the carry leaves unchanged is skipped (v17): the carry
 * is already a multiple of its bit mask and passes through as it is.
 */
static void add_slowpath(struct rss_counter_tree *t, int inc, int cpu)
{
	const struct rss_counter_tree_config *c = tree.config;
	unsigned int order = c->arity_order[0];
	uint32_t level_items = 1U << (tree.order - (int)order);
	uint32_t bit_mask = t->level0_bit_mask << order;
	struct rss_counter_tree_item *item = t->items;

	for (int level = 1; level < c->nr_levels; level++) {
		if ((uint32_t)inc & (bit_mask - 1)) {
			uint32_t *count = &item[(uint32_t)cpu & (level_items - 1)].count;
			/* atomic_add_return_relaxed() on an atomic_t. */
			uint32_t res = __atomic_add_fetch(count, (uint32_t)inc, __ATOMIC_RELAXED);

			inc = carry(res - (uint32_t)inc, res, inc, bit_mask);
			if (!inc)
				return;
		}
		item += level_items;
		order = c->arity_order[level];
		level_items >>= order;
		bit_mask <<= order;
	}
	__atomic_fetch_add(t->approx_sum, (uint32_t)inc, __ATOMIC_RELAXED);
}

void rss_counter_tree_add(struct rss_counter_tree *t, int inc, int cpu)
{
	/* this_cpu_add_return(*counter->level0, inc): the pointer and then the
	 * bit mask are loaded from the counter (the mm's line), recorded by the
	 * model build as the kernel touches them. */
	uint32_t *p = rss_per_cpu_ptr(__atomic_load_n(&t->level0, __ATOMIC_RELAXED), cpu);
	/* XADD without LOCK; only this CPU's worker writes it. */
	uint32_t res = rss_add_return_local32(p, (uint32_t)inc);
	uint32_t orig = res - (uint32_t)inc;

	inc = carry(orig, res, inc, __atomic_load_n(&t->level0_bit_mask, __ATOMIC_RELAXED));
	if (inc)
		add_slowpath(t, inc, cpu);
}

int rss_counter_tree_precise_sum(struct rss_counter_tree *t)
{
	uint32_t sum = (uint32_t)__atomic_load_n(&t->bias, __ATOMIC_RELAXED);
	uint32_t *level0 = __atomic_load_n(&t->level0, __ATOMIC_RELAXED);
	int cpu;

	/* for_each_possible_cpu(): no CPU-dead fold, offline words still count. */
	rss_for_each_possible_cpu(cpu, &tree.m)
		sum += __atomic_load_n((uint32_t *)rss_per_cpu_ptr(level0, cpu), __ATOMIC_RELAXED);
	return (int)sum;
}

/* 0 when -neg <= delta <= pos, else its sign. */
static int compare_delta(int delta, long neg, long pos)
{
	if (delta >= 0)
		return delta <= pos ? 0 : 1;
	return -delta <= neg ? 0 : -1;
}

/*
 * With precise in [approx - over, approx + under], v == precise implies
 * v - approx in [-over, under]: "over" bounds the negative side (the
 * argument order of mm-unstable's "fix compare_delta parameter order").
 */
int rss_counter_tree_precise_compare_value(struct rss_counter_tree *t, int v)
{
	int delta = (int)((uint32_t)v - (uint32_t)rss_counter_tree_approximate_sum(t));
	int res = compare_delta(delta, t->accuracy.over, t->accuracy.under);

	if (res)
		return res;
	delta = (int)((uint32_t)v - (uint32_t)rss_counter_tree_precise_sum(t));
	return delta < 0 ? -1 : delta > 0;
}
