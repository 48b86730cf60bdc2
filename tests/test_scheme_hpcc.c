/*
 * test_scheme_hpcc.c - the hierarchical per-CPU counter tree: the boot-time
 * table and the accuracy and memory figures of the reference (schemes.md
 * section 8), and the mechanism: carries reaching the root.
 *
 * On 16 CPUs (order 4, arity orders 2,1,1) level 1 has 4 items of bit mask
 * 128 (CPU c uses item c & 3), level 2 has 2 items of bit mask 256 (c & 1),
 * and the root takes what crosses 512.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu_counter_tree.h"
#include "tap.h"
#include "test_machine.h"

extern const struct scheme_ops rss_scheme_hpcc;

#define BATCH	32

static struct rss_counter_tree_item items[37];	/* up to 256 CPUs */
static struct rss_counter_tree t;

static void test_table(void)
{
	static const struct {
		int order;
		unsigned int nr_items, nr_levels;
		unsigned char arity[5];
	} rows[] = {	/* the reference's rows */
		{ 6, 21, 3, { 2, 2, 2 } },
		{ 7, 21, 3, { 3, 2, 2 } },
		{ 8, 37, 3, { 3, 3, 2 } },
		{ 9, 73, 3, { 3, 3, 3 } },
		{ 10, 149, 4, { 3, 3, 2, 2 } },
		{ 12, 585, 4, { 3, 3, 3, 3 } },
		{ 16, 4681, 5, { 4, 3, 3, 3, 3 } },
	};
	int consistent = 1;

	for (int i = 0; i < 7; i++) {
		const struct rss_counter_tree_config *c =
			rss_counter_tree_config(1 << rows[i].order);

		ok(c->nr_items == rows[i].nr_items && c->nr_levels == rows[i].nr_levels &&
		   !memcmp(c->arity_order, rows[i].arity, 5),
		   "order %d: %u levels, %u items", rows[i].order, rows[i].nr_levels,
		   rows[i].nr_items);
	}
	/* Every row: fan-ins multiply to 2^order, items = sum of level sizes. */
	for (int order = 0; order <= RSS_COUNTER_TREE_MAX_ORDER; order++) {
		const struct rss_counter_tree_config *c = rss_counter_tree_config(1 << order);
		unsigned int shift = 0, n = 0;

		for (int l = 0; l < c->nr_levels; l++) {
			shift += c->arity_order[l];
			n += 1U << (order - (int)shift);
		}
		if (shift != (unsigned int)order || n != c->nr_items || c->nr_levels > 5)
			consistent = 0;
	}
	ok(consistent, "orders 0-20: fan-ins cover 2^order CPUs, items = sum of level sizes");
	ok(rss_counter_tree_order(1) == 0 && rss_counter_tree_order(16) == 4 &&
	   rss_counter_tree_order(17) == 5 && rss_counter_tree_order(384) == 9,
	   "order = ceil(log2(nr_cpus))");
	ok(!rss_counter_tree_config((1 << 20) + 1), "no row beyond 2^20 CPUs");
}

static void test_bounds(void)
{
	const struct scheme_ops *s = &rss_scheme_hpcc;
	struct machine m256 = rss_test_machine(256), m192 = rss_test_machine(192);
	struct machine m384 = rss_test_machine(384), m512 = rss_test_machine(512);
	struct machine m16 = rss_test_machine(16), m1 = rss_test_machine(1);
	struct bound b = s->error_bound(&m256, 5, 1);

	ok(b.under == 24576 && b.under * 4096 == 96L << 20 && b.over == 0 &&
	   rss_counter_tree_accuracy(256, BATCH).over == 31 * 768,
	   "256 CPUs: 24576 pages (96 MiB) under; over the tight 0, not the kernel's 23808");
	ok(s->error_bound(&m192, 5, 1).under == 24576, "192 CPUs (order 8): 24576 pages");
	ok(s->error_bound(&m384, 5, 1).under == 49152 && s->error_bound(&m512, 5, 1).under == 49152,
	   "384 and 512 CPUs: 49152 pages (192 MiB)");
	ok(s->error_bound(&m16, 5, 1).under == 1536 && s->error_bound(&m16, 5, 1).over == 0 &&
	   rss_counter_tree_accuracy(16, BATCH).over == 1488,
	   "16 CPUs: 1536 under, 0 over (the kernel states 1488)");
	ok(s->error_bound(&m1, 5, 1).under == 0 && s->error_bound(&m1, 5, 1).over == 0,
	   "1 CPU: exact");
}

static void test_footprint(void)
{
	const struct scheme_ops *s = &rss_scheme_hpcc;
	struct machine m = rss_test_machine(256);
	struct cpu cpu = { .id = 0, .ops = s };
	size_t before, pcpu;
	unsigned long taken;
	struct mm *mm;

	s->setup(&m);
	before = rss_pcpu_bytes_in_use();
	taken = rss_pcpu_mutex_taken();
	mm = s->mm_create(&cpu);
	pcpu = rss_pcpu_bytes_in_use() - before;
	ok(mm && pcpu == 4 * rss_counter_tree_pcpu_stride() * 256 &&
	   rss_pcpu_mutex_taken() == taken + 1 &&
	   (sizeof(void *) != 8 || pcpu == 57344),
	   "one GFP_KERNEL per-CPU allocation of 4 x sizeof(struct percpu_counter_tree) (%zu B) per CPU: %zu B at 256 CPUs",
	   rss_counter_tree_pcpu_stride(), pcpu);
	if (RSS_CACHE_LINE == 64)
		ok(rss_counter_tree_items_size(256) * 4 == 9472, "items: 4 x 37 x 64 = 9472 B");
	else
		skip(1, "cache line is %d B, not 64", RSS_CACHE_LINE);
	ok(s->footprint(&m, 1) == 4 * sizeof(struct rss_counter_tree) +
	   4 * rss_counter_tree_items_size(256) + pcpu,
	   "footprint = 4 trees (%zu B each) + items + measured per-CPU bytes = %zu B",
	   sizeof(struct rss_counter_tree), s->footprint(&m, 1));
	ok(s->mm_destroy(mm, &cpu) == 0 && rss_pcpu_bytes_in_use() == before,
	   "check_mm passes on an unused mm; one free gives the per-CPU area back");
	s->teardown();
}

static void tree_init(int nr_cpus)
{
	struct machine m = rss_test_machine(nr_cpus);

	rss_counter_tree_setup(&m);
	rss_pcpu_setup(&m);
	if (rss_counter_tree_init_many(&t, items, 1, BATCH))
		bail_out("rss_counter_tree_init_many failed");
}

static void tree_fini(void)
{
	rss_counter_tree_destroy_many(&t, 1);
	rss_pcpu_teardown();
}

static long item(int i)
{
	return (int)items[i].count;	/* an atomic_t */
}

static long approx(void)
{
	return rss_counter_tree_approximate_sum(&t);
}

static void test_carries(void)
{
	int cpus_ok = 1;

	tree_init(2);	/* one level: level 0 carries straight into the root */
	rss_counter_tree_add(&t, BATCH - 1, 1);
	ok(approx() == 0, "2 CPUs: batch - 1 stays on the CPU");
	rss_counter_tree_add(&t, 1, 1);
	ok(approx() == BATCH && rss_counter_tree_precise_sum(&t) == BATCH,
	   "2 CPUs: reaching the batch carries it to the root");
	tree_fini();

	tree_init(16);
	for (int cpu = 0; cpu < 16; cpu++)
		rss_counter_tree_add(&t, BATCH - 1, cpu);
	ok(approx() == 0 && rss_counter_tree_precise_sum(&t) == 16 * (BATCH - 1),
	   "batch - 1 on every CPU: root 0, precise sum %d exact",
	   rss_counter_tree_precise_sum(&t));
	tree_fini();

	tree_init(16);
	rss_counter_tree_add(&t, BATCH, 3);
	ok(item(3) == BATCH && approx() == 0,
	   "batch on CPU 3: a carry of batch into level-1 item 3, the root unchanged");
	for (int cpu = 7; cpu < 16; cpu += 4)
		rss_counter_tree_add(&t, BATCH, cpu);
	ok(item(3) == 4 * BATCH && item(4 + 1) == 128 && approx() == 0,
	   "CPUs 3,7,11,15: item 3 crosses 128 and carries 128 to level-2 item 1");
	for (int cpu = 1; cpu < 16; cpu += 4)
		rss_counter_tree_add(&t, BATCH, cpu);
	ok(item(5) == 256 && approx() == 256,
	   "all odd CPUs: level-2 item 1 crosses 256, the root moves by 256");
	for (int cpu = 0; cpu < 16; cpu += 2)
		rss_counter_tree_add(&t, BATCH, cpu);
	ok(approx() == 16 * BATCH && rss_counter_tree_precise_sum(&t) == 16 * BATCH,
	   "batch on every CPU: the root holds all 512");
	tree_fini();

	/* v17: a level whose bits the carry does not touch is skipped. */
	tree_init(16);
	rss_counter_tree_add(&t, 128, 2);
	ok(item(2) == 0 && item(4) == 128, "128 on CPU 2 skips level 1 (bit mask 128)");
	rss_counter_tree_add(&t, 512, 6);
	ok(item(2) == 0 && item(4) == 128 && approx() == 512,
	   "512 on CPU 6 skips levels 1 and 2 and lands on the root");
	tree_fini();

	tree_init(16);
	rss_counter_tree_add(&t, BATCH, 3);
	rss_counter_tree_add(&t, -BATCH, 3);
	for (int i = 0; i < 7; i++)
		cpus_ok &= item(i) == 0;
	ok(cpus_ok && approx() == 0, "+batch then -batch: the carry goes back down, all 0");
	rss_counter_tree_add(&t, -BATCH, 5);
	ok(item(1) == -BATCH, "-batch on CPU 5: a carry of -batch into level-1 item 1");
	rss_counter_tree_add(&t, BATCH, 5);
	rss_counter_tree_add(&t, -1, 3);
	ok(approx() == -256 && rss_counter_tree_precise_sum(&t) == -1,
	   "-1 from 0: the borrow reaches the root (-256); residues stay in [0, mask)");
	tree_fini();

	/* The series' words are 32 bits: past 2^31 - 1 pages the sums wrap. */
	tree_init(16);
	rss_counter_tree_add(&t, 2147483647, 1);
	rss_counter_tree_add(&t, 1, 2);
	ok(rss_counter_tree_precise_sum(&t) == -2147483647 - 1 &&
	   sizeof(*t.level0) == 4 && sizeof(items[0].count) == 4,
	   "32-bit words as in v17: INT_MAX + 1 pages wraps to INT_MIN");
	tree_fini();
}

/* xorshift64 */
static unsigned long long rnd(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_random(int nr_cpus)
{
	unsigned long long seed = 0x9e3779b97f4a7c15ULL;
	struct bound b = rss_counter_tree_accuracy(nr_cpus, BATCH);
	long truth = 0, worst = 0;
	int in_bound = 1, one_sided = 1, exact = 1, compare = 1;

	tree_init(nr_cpus);
	for (int i = 0; i < 200000; i++) {
		unsigned long long r = rnd(&seed);
		long v = (long)(r % 129) - 64, a, p;

		if (r % 1000 == 0)
			v *= 100;
		rss_counter_tree_add(&t, (int)v, (int)((r >> 20) % (unsigned)nr_cpus));
		truth += v;
		a = approx();
		p = rss_counter_tree_precise_sum(&t);
		exact &= p == truth;
		in_bound &= a >= p - b.under && a <= p + b.over;
		one_sided &= a <= p;
		worst = p - a > worst ? p - a : worst;
		if (i % 1000 == 0)
			compare &= !rss_counter_tree_precise_compare_value(&t, (int)truth) &&
				   rss_counter_tree_precise_compare_value(&t, (int)truth + 1) == 1 &&
				   rss_counter_tree_precise_compare_value(&t, (int)truth - 1) == -1;
	}
	ok(exact && in_bound,
	   "%d CPUs, 200000 random adds: precise exact, approx in [-%ld, +%ld] (worst %ld under)",
	   nr_cpus, b.under, b.over, worst);
	ok(one_sided && rss_scheme_hpcc.error_bound(&(struct machine){ .nr_cpu_ids = nr_cpus }, 1, 1).over == 0,
	   "%d CPUs: approx never exceeds precise (residues are low bits): the tight over is 0",
	   nr_cpus);
	ok(compare, "%d CPUs: precise_compare_value agrees with the truth", nr_cpus);
	tree_fini();
}

static void test_scheme(void)
{
	const struct scheme_ops *s = &rss_scheme_hpcc;
	struct machine m1 = rss_test_machine(1), m16 = rss_test_machine(16);
	struct cpu cpu = { .id = 0, .ops = s };
	struct mm *mm;

	s->setup(&m1);
	mm = s->mm_create(&cpu);
	s->add(mm, RSS_ANONPAGES, 1000, NULL, &cpu);
	ok(rss_counter_tree_items_size(1) == 0 && s->read(mm, RSS_ANONPAGES) == 1000,
	   "1 CPU: no tree, the CPU's word is the sum");
	s->add(mm, RSS_ANONPAGES, -1000, NULL, &cpu);
	ok(s->mm_destroy(mm, &cpu) == 0, "1 CPU: check_mm passes at 0");
	s->teardown();

	s->setup(&m16);
	cpu.id = 3;
	mm = s->mm_create(&cpu);
	s->add(mm, RSS_FILEPAGES, -1, NULL, &cpu);
	ok(s->read(mm, RSS_FILEPAGES) == 0 && s->read_sum(mm, RSS_FILEPAGES) == 0,
	   "get_mm_counter clamps the root (-256) at 0, get_mm_counter_sum the precise -1");
	ok(s->mm_destroy(mm, &cpu) == -EIO, "check_mm finds the -1");
	s->teardown();
}

int main(void)
{
	plan_tests(45);
	test_table();
	test_bounds();
	test_footprint();
	test_carries();
	test_random(16);
	test_random(24);
	test_random(256);
	test_scheme();
	return exit_status();
}
