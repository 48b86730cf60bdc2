/*
 * test_scheme_percpu_eras.c - percpu_counter by kernel era.  Allocation:
 * v6.2 and v6.3 make four per-CPU allocations (and take the allocator's
 * mutex four times) per mm, v6.6 and today's one; all list four counters
 * and give everything back at exit.  Fast path: every era's add keeps the
 * same slot and central count as today's percpu on the same updates (a
 * fold at |slot + v| >= batch moves slot + v to the count), v6.2's
 * preempt_disable/enable leave each CPU's preempt_count balanced, and only
 * v6.2's check_mm re-sums a non-zero counter over the possible CPUs.
 */
#include <errno.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu.h"
#include "schemes/percpu_era_core.h"
#include "tap.h"
#include "test_machine.h"

#define NR_CPUS	16	/* batch max(32, 2 * 16) = 32 */

static const char *const eras[] = { "percpu-preempt", "percpu-irqsave", "percpu-init-many", "percpu" };
static const int allocs_per_mm[] = { 4, 4, 1, 1 };

static void test_allocation(int e)
{
	const struct scheme_ops *s = rss_scheme_find(eras[e]);
	struct machine m = rss_test_machine(NR_CPUS);
	struct cpu cpu = { .id = 2, .ops = s };
	unsigned long allocs, mutex;
	size_t bytes;
	struct mm *mm;

	if (!s)
		bail_out("%s is not registered", eras[e]);
	if (s->setup(&m))
		bail_out("%s: setup failed", s->name);
	allocs = rss_pcpu_allocs();
	mutex = rss_pcpu_mutex_taken();
	bytes = rss_pcpu_bytes_in_use();
	mm = s->mm_create(&cpu);
	ok(mm && rss_pcpu_allocs() - allocs == (unsigned long)allocs_per_mm[e] &&
	   rss_pcpu_mutex_taken() - mutex == (unsigned long)allocs_per_mm[e] &&
	   rss_percpu_counter_nr_listed() == 4,
	   "%s: fork makes %lu per-CPU allocation(s) (%lu mutex rounds), 4 counters listed",
	   s->name, rss_pcpu_allocs() - allocs, rss_pcpu_mutex_taken() - mutex);
	ok(rss_pcpu_bytes_in_use() - bytes == 4 * 4 * NR_CPUS &&
	   s->footprint(&m, 1) == sizeof(struct percpu_counter) * 4 + 4 * 4 * NR_CPUS,
	   "%s: 16 B per possible CPU either way (4-byte granules), as the formula says",
	   s->name);
	ok(s->mm_destroy(mm, &cpu) == 0 && rss_pcpu_bytes_in_use() == bytes &&
	   rss_percpu_counter_nr_listed() == 0, "%s: exit gives back every byte and list entry",
	   s->name);
	s->teardown();
}

/* xorshift: the same update sequence for every era. */
static unsigned long next(unsigned long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void test_fast_path(int e)
{
	const struct scheme_ops *s = rss_scheme_find(eras[e]), *today = rss_scheme_find("percpu");
	struct machine m = rss_test_machine(NR_CPUS);
	struct cpu cpus[NR_CPUS];
	struct percpu_mm *a, *b;
	unsigned long x = 88172645463325252UL;
	int same = 1, bounded = 1, folds = 0, balanced = 1;

	for (int i = 0; i < NR_CPUS; i++)
		cpus[i] = (struct cpu){ .id = i, .ops = s };
	s->setup(&m);
	a = (struct percpu_mm *)s->mm_create(&cpus[0]);
	b = (struct percpu_mm *)today->mm_create(&cpus[0]);	/* shares the allocator */
	for (int i = 0; i < 5000; i++) {
		int c = (int)(next(&x) % 4), ctr = (int)(next(&x) % RSS_NR_COUNTERS);
		long v = (long)(next(&x) % 41) - 20;	/* -20..20: folds both ways */
		int32_t *sa = rss_per_cpu_ptr(a->rss_stat[ctr].counters, c);
		int32_t *sb = rss_per_cpu_ptr(b->rss_stat[ctr].counters, c);
		int64_t before = a->rss_stat[ctr].count;

		s->add(&a->mm, ctr, v, NULL, &cpus[c]);
		today->add(&b->mm, ctr, v, NULL, &cpus[c]);
		same &= *sa == *sb && a->rss_stat[ctr].count == b->rss_stat[ctr].count;
		bounded &= *sa > -32 && *sa < 32;
		folds += a->rss_stat[ctr].count != before;
		if (e == 0)
			balanced &= rss_percpu_era_preempt_count(c) == 0x80000000U;
	}
	ok(same && folds > 100, "%s: 5000 updates on 4 CPUs leave the slots and counts of today's percpu (%d folds)",
	   s->name, folds);
	ok(bounded, "%s: every slot stays within the batch (|slot| <= 31)", s->name);
	if (e == 0)
		ok(balanced, "%s: preempt_count back to PREEMPT_NEED_RESCHED after every add", s->name);
	for (int ctr = 0; ctr < RSS_NR_COUNTERS; ctr++) {
		long sum = rss_percpu_mm_sum(&a->mm, ctr);

		s->add(&a->mm, ctr, -sum, NULL, &cpus[0]);
		today->add(&b->mm, ctr, -sum, NULL, &cpus[0]);
	}
	ok(s->mm_destroy(&a->mm, &cpus[0]) == 0 && today->mm_destroy(&b->mm, &cpus[0]) == 0,
	   "%s: zeroed, check_mm passes", s->name);
	s->teardown();
}

/*
 * 16 possible CPUs, 8 online.  v6.2's check_mm sums the online CPUs and
 * walks all 16 only for a counter whose online sum is not 0: residue left
 * on an offline CPU alone is missed by every era; an online +3 that an
 * offline -3 cancels is clean only to v6.2's second walk.
 */
static void test_check_mm_cpus(int e)
{
	const struct scheme_ops *s = rss_scheme_find(eras[e]);
	struct machine m = rss_test_machine(NR_CPUS);
	static unsigned long online[RSS_CPUMASK_LONGS(NR_CPUS)] = { 0xff };
	struct cpu cpu = { .id = 0, .ops = s };
	struct percpu_mm *pmm;
	int32_t *anon;
	int ret;

	m.online_mask = online;
	m.nr_online = 8;
	m.nr_allowed = 8;
	s->setup(&m);
	pmm = (struct percpu_mm *)s->mm_create(&cpu);
	/* Residue a CPU left before it went offline, not folded yet. */
	*(int32_t *)rss_per_cpu_ptr(pmm->rss_stat[RSS_ANONPAGES].counters, 12) = 3;
	ret = s->mm_destroy(&pmm->mm, &cpu);
	ok(ret == 0, "%s: check_mm misses an offline CPU's residue when the online sum is 0",
	   s->name);
	pmm = (struct percpu_mm *)s->mm_create(&cpu);
	anon = pmm->rss_stat[RSS_ANONPAGES].counters;
	*(int32_t *)rss_per_cpu_ptr(anon, 2) = 3;
	*(int32_t *)rss_per_cpu_ptr(anon, 12) = -3;
	ret = s->mm_destroy(&pmm->mm, &cpu);
	ok(e == 0 ? ret == 0 : ret == -EIO,
	   "%s: online +3, offline -3: check_mm %s", s->name,
	   e == 0 ? "re-sums the possible CPUs (percpu_counter_sum_all) and finds 0"
		  : "sums the online CPUs only and reports 3");
	s->teardown();
}

int main(void)
{
	plan_tests(4 * 3 + 4 * 3 + 1 + 4 * 2);
	for (int e = 0; e < 4; e++)
		test_allocation(e);
	for (int e = 0; e < 4; e++)
		test_fast_path(e);
	for (int e = 0; e < 4; e++)
		test_check_mm_cpus(e);
	return exit_status();
}
