/*
 * percpu_era_core.c - the pre-v6.11 percpu_counter fast paths and the
 * per-counter allocation of v6.2-v6.5 (percpu_era_core.h).  lib/percpu_counter.c of each
 * era, ported as percpu_counter_core.c ports today's:
 *
 * v6.2 (f1a7941243c1 made the RSS counters percpu_counters):
 *	preempt_disable();
 *	count = __this_cpu_read(*fbc->counters) + amount;
 *	if (abs(count) >= batch) { raw_spin_lock_irqsave(&fbc->lock, flags);
 *		fbc->count += count; __this_cpu_sub(*fbc->counters, count - amount);
 *		raw_spin_unlock_irqrestore(); }
 *	else this_cpu_add(*fbc->counters, amount);
 *	preempt_enable();
 *
 * v6.3-v6.10 ("lib/percpu_counter: percpu_counter_add_batch() overflow/
 * underflow", Manfred Spraul, <20221216150441.200533-1-manfred@colorfullife.com>,
 * merged for 6.3-rc1 with mm-nonmm-stable-2023-02-20): the same arithmetic
 * under local_irq_save(), the slow path's lock without irqsave.
 *
 * Interrupts: only the slow path's raw_spin_lock_irqsave() of v6.2 and of
 * today's code disables them besides v6.3's fast path; the slow path runs
 * once per batch updates and models them in no era (percpu_counter_core.c
 * does not either), so the eras differ where the kernels differ: the fast
 * path.  A slot is written only by its CPU's worker, as in the kernel.
 */
#include <errno.h>
#include <stdlib.h>

#include "percpu_era_core.h"

#define PREEMPT_NEED_RESCHED	0x80000000U	/* x86: set means no resched needed */

static struct {
	const struct rss_percpu_era *era;
	int32_t batch;
	unsigned int *preempt_count;	/* per-CPU area, v6.2 only */
} era_run;

static struct percpu_mm *to_pmm(struct mm *mm)
{
	return (struct percpu_mm *)mm;
}

int rss_percpu_era_setup(const struct rss_percpu_era *era, const struct machine *m)
{
	int ret = rss_percpu_mm_setup(m), cpu;

	if (ret)
		return ret;
	era_run.era = era;
	era_run.batch = rss_percpu_counter_batch(m->nr_online);
	era_run.preempt_count = NULL;
	if (era->fast_path != RSS_ERA_PREEMPT)
		return 0;
	/* x86's __preempt_count is a per-CPU variable (pcpu_hot). */
	era_run.preempt_count = rss_pcpu_alloc_aligned(sizeof(unsigned int), 4, 0);
	if (!era_run.preempt_count) {
		rss_percpu_mm_teardown();
		return -ENOMEM;
	}
	rss_for_each_possible_cpu(cpu, m)
		*(unsigned int *)rss_per_cpu_ptr(era_run.preempt_count, cpu) = PREEMPT_NEED_RESCHED;
	return 0;
}

void rss_percpu_era_teardown(void)
{
	rss_pcpu_free(era_run.preempt_count);
	era_run.preempt_count = NULL;
	rss_percpu_mm_teardown();
}

unsigned int rss_percpu_era_preempt_count(int cpu)
{
	return *(volatile unsigned int *)rss_per_cpu_ptr(era_run.preempt_count, cpu);
}

/* A context switch would happen here; workers never need one. */
static __attribute__((noinline)) void preempt_schedule(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/*
 * preempt_disable()/preempt_enable() with CONFIG_PREEMPT_COUNT (Debian's
 * PREEMPT_DYNAMIC kernels): x86's incl / decl of the per-CPU count, and the
 * call when the decrement reaches 0 (need_resched is folded in).
 */
static inline void preempt_disable(volatile unsigned int *count)
{
	(*count)++;
	__asm__ __volatile__("" ::: "memory");
}

static inline void preempt_enable(volatile unsigned int *count)
{
	__asm__ __volatile__("" ::: "memory");
	if (--(*count) == 0)
		preempt_schedule();
}

/* The fold both eras share: count = slot + amount, already past the batch. */
static void fold(struct percpu_counter *fbc, int32_t *slot, int64_t count, int64_t amount)
{
	rss_spin_lock(&fbc->lock);
	__atomic_store_n(&fbc->count, fbc->count + count, __ATOMIC_RELAXED);
	/* __this_cpu_sub(*fbc->counters, count - amount): only this CPU writes it. */
	__atomic_store_n(slot, (int32_t)(__atomic_load_n(slot, __ATOMIC_RELAXED) -
					 (count - amount)), __ATOMIC_RELAXED);
	rss_spin_unlock(&fbc->lock);
}

void rss_percpu_era_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *cpu)
{
	struct percpu_counter *fbc = &to_pmm(mm)->rss_stat[ctr];
	int32_t *slot = rss_percpu_counter_slot(fbc, cpu->id);
	int32_t batch = era_run.batch;
	int64_t count;

	if (era_run.era->fast_path == RSS_ERA_PREEMPT) {
		volatile unsigned int *pc = rss_per_cpu_ptr(era_run.preempt_count, cpu->id);

		preempt_disable(pc);
		count = __atomic_load_n(slot, __ATOMIC_RELAXED) + v;
		if (count >= batch || count <= -batch)
			fold(fbc, slot, count, v);
		else
			rss_add_local32(slot, (int32_t)v);
		preempt_enable(pc);
	} else {
		unsigned long flags = rss_irq_save();

		count = __atomic_load_n(slot, __ATOMIC_RELAXED) + v;
		if (count >= batch || count <= -batch)
			fold(fbc, slot, count, v);
		else
			rss_add_local32(slot, (int32_t)v);
		rss_irq_restore(flags);
	}
}

/*
 * mm_init() before v6.6: percpu_counter_init() of each counter, each an
 * alloc_percpu(s32) (pcpu_alloc_mutex, memset on every possible CPU) and a
 * percpu_counters_lock round to list it; on failure the ones made are
 * destroyed (fail_pcpu).
 */
static int init_each(struct percpu_counter *fbc, int nr)
{
	for (int i = 0; i < nr; i++) {
		int32_t *counters = rss_pcpu_alloc_aligned(sizeof(int32_t), sizeof(int32_t), 0);

		if (!counters) {
			while (i > 0)
				rss_percpu_counter_destroy_many(&fbc[--i], 1);
			return -ENOMEM;
		}
		rss_spin_init(&fbc[i].lock);
		__atomic_store_n(&fbc[i].count, 0, __ATOMIC_RELAXED);
		fbc[i].counters = counters;
		rss_percpu_counter_watch_many(&fbc[i], 1);
	}
	return 0;
}

struct mm *rss_percpu_era_mm_create(struct cpu *cpu)
{
	struct percpu_mm *pmm;

	if (era_run.era->grouped) {
		pmm = rss_percpu_mm_alloc();
		return pmm ? &pmm->mm : NULL;
	}
	pmm = rss_mm_zalloc(sizeof(*pmm));
	if (!pmm)
		return NULL;
	if (init_each(pmm->rss_stat, RSS_NR_COUNTERS)) {
		free(pmm);
		return NULL;
	}
	return &pmm->mm;
}

/*
 * v6.2's check_mm() (f689054aace2, v2 <20221109012011.881058-1-shakeelb@google.com>):
 *	long x = percpu_counter_sum(&mm->rss_stat[i]);	(online CPUs)
 *	if (likely(!x)) continue;
 *	x = percpu_counter_sum_all(&mm->rss_stat[i]);	(possible CPUs)
 * so the possible CPUs are walked only for a counter whose online sum is
 * not 0; Dave Chinner's "fork: remove use of percpu_counter_sum_all"
 * <20230315084938.2544737-4-david@fromorbit.com> (7ba85fba47bd, v6.3)
 * dropped the second walk.
 */
static long read_sum_online_then_all(struct mm *mm, int ctr)
{
	struct percpu_counter *fbc = &to_pmm(mm)->rss_stat[ctr];
	long x = rss_percpu_counter_sum(fbc);

	if (__builtin_expect(!x, 1))
		return 0;
	/* Making sure this is not due to race with CPU offlining. */
	return rss_percpu_counter_sum_all(fbc);
}

/* __mmdrop(): check_mm(), then percpu_counter_destroy() of each counter
 * (each its own list lock and free_percpu) or, since v6.6, of the group. */
int rss_percpu_era_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct percpu_mm *pmm = to_pmm(mm);
	int ret = rss_check_mm(era_run.era->sum_all ? read_sum_online_then_all : rss_percpu_mm_sum, mm);

	if (era_run.era->grouped) {
		rss_percpu_mm_free(pmm);
		return ret;
	}
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		rss_percpu_counter_destroy_many(&pmm->rss_stat[i], 1);
	free(pmm);
	return ret;
}
