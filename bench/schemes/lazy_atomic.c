/*
 * lazy_atomic.c - Peng Zhang's "atomic mode" percpu_counter (v2, not merged):
 * an mm's counters start as plain atomic64 adds on the central count with no
 * per-CPU area (counters == NULL), and switch for good to a normal
 * percpu_counter at the first CLONE_THREAD, with one GFP_ATOMIC per-CPU
 * allocation (no pcpu_alloc_mutex, but it may fail).  Single-threaded
 * processes skip the per-CPU allocator at fork and exit; threaded ones pay
 * it once, at their first pthread_create.
 * <20240418142008.2775308-1-zhangpeng362@huawei.com> (patches 2 and 3).
 */
#include <stdlib.h>

#include "percpu.h"
#include "rss.h"

struct lazy_atomic_mm {
	struct mm mm;
	struct percpu_counter rss_stat[RSS_NR_COUNTERS];
};

static struct lazy_atomic_mm *to_lmm(struct mm *mm)
{
	return (struct lazy_atomic_mm *)mm;
}

/* Acquire: pairs with the release store in the switch (cleared slots). */
static int32_t *counters_of(struct percpu_counter *fbc)
{
	return __atomic_load_n(&fbc->counters, __ATOMIC_ACQUIRE);
}

/* mm_init(): percpu_counter_init_many() in atomic mode allocates nothing. */
static struct mm *lazy_atomic_mm_create(struct cpu *cpu)
{
	struct lazy_atomic_mm *lmm = rss_mm_zalloc(sizeof(*lmm));

	if (!lmm)
		return NULL;
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		rss_spin_init(&lmm->rss_stat[i].lock);
	return &lmm->mm;
}

/*
 * copy_mm(): the first CLONE_THREAD switches (plain CLONE_VM, vfork, does
 * not).  A failed GFP_ATOMIC allocation fails the clone in the kernel; here
 * it is recorded and the mm stays in atomic mode.
 *
 * The kernel's switch can race with a remote updater that saw counters ==
 * NULL and adds atomically to count while a new per-CPU updater folds into
 * count with a plain add under the lock: an update can be lost.  In this
 * harness the switch runs in the cell's task creation, on the main thread
 * while every worker is parked, or in the fork workload's child
 * (--child-threads), whose mm only its worker updates: no updater runs
 * beside it.  Every access to count and counters is atomic, so the port
 * stays ThreadSanitizer-clean either way.
 */
static void lazy_atomic_task_fork(struct task *t, unsigned long clone_flags,
				  struct cpu *cpu)
{
	if (!(clone_flags & RSS_CLONE_THREAD))
		return;
	if (rss_percpu_counter_switch_to_pcpu_many(to_lmm(t->mm)->rss_stat,
						   RSS_NR_COUNTERS))
		rss_op_failed();
}

static void lazy_atomic_add(struct mm *mm, int ctr, long v, struct task *cur,
			    struct cpu *cpu)
{
	struct percpu_counter *fbc = &to_lmm(mm)->rss_stat[ctr];

	if (counters_of(fbc))
		rss_percpu_counter_add(fbc, v, cpu->id);
	else
		__atomic_fetch_add(&fbc->count, v, __ATOMIC_RELAXED);
}

/* get_mm_counter(): the atomic as it is (not clamped), or read_positive. */
static long lazy_atomic_read(struct mm *mm, int ctr)
{
	struct percpu_counter *fbc = &to_lmm(mm)->rss_stat[ctr];

	if (counters_of(fbc))
		return rss_percpu_counter_read_positive(fbc);
	return rss_percpu_counter_read(fbc);
}

/* percpu_counter_sum() in per-CPU mode; the atomic is already exact. */
static long lazy_atomic_sum(struct mm *mm, int ctr)
{
	struct percpu_counter *fbc = &to_lmm(mm)->rss_stat[ctr];

	if (counters_of(fbc))
		return rss_percpu_counter_sum(fbc);
	return rss_percpu_counter_read(fbc);
}

/*
 * get_mm_counter_sum() came later (6.16) as percpu_counter_sum_positive();
 * on the series' percpu_counter, whose sum is the atomic in atomic mode,
 * that clamps in both modes.  check_mm() keeps the raw sum.
 */
static long lazy_atomic_read_sum(struct mm *mm, int ctr)
{
	long v = lazy_atomic_sum(mm, ctr);

	return v > 0 ? v : 0;
}

/*
 * The series' kmem.h: mm_counter_sum_positive(), percpu_counter_sum_positive()
 * in per-CPU mode, percpu_counter_atomic_read() (not clamped) in atomic mode.
 */
static long lazy_atomic_read_trace(struct mm *mm, int ctr)
{
	struct percpu_counter *fbc = &to_lmm(mm)->rss_stat[ctr];

	return counters_of(fbc) ? lazy_atomic_read_sum(mm, ctr) : rss_percpu_counter_read(fbc);
}

/* __mmdrop(): check_mm(); destroy_many returns early if never switched. */
static int lazy_atomic_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct lazy_atomic_mm *lmm = to_lmm(mm);
	int ret = rss_check_mm(lazy_atomic_sum, mm);

	rss_percpu_counter_destroy_many(lmm->rss_stat, RSS_NR_COUNTERS);
	free(lmm);
	return ret;
}

/*
 * The inline counters; from the second thread (the CLONE_THREAD switch) the
 * per-CPU part as percpu: a single-threaded mm never allocates it.
 */
static size_t lazy_atomic_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(struct percpu_counter) * RSS_NR_COUNTERS +
	       (nr_tasks > 1 ? sizeof(int32_t) * RSS_NR_COUNTERS * (size_t)m->nr_possible : 0);
}

/* Exact until the second thread, then allowed * (batch - 1) as percpu. */
static struct bound lazy_atomic_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	long b = nr_tasks > 1 ? rss_percpu_counter_bound(m) : 0;

	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_lazy_atomic = {
	.name		= "lazy-atomic",
	.summary	= "atomic until the first CLONE_THREAD, then percpu_counter (2024 v2)",
	.origin		= "<20240418142008.2775308-1-zhangpeng362@huawei.com> (v2, not merged)",
	.setup		= rss_percpu_mm_setup,
	.teardown	= rss_percpu_mm_teardown,
	.mm_create	= lazy_atomic_mm_create,
	.mm_destroy	= lazy_atomic_mm_destroy,
	.task_fork	= lazy_atomic_task_fork,
	.add		= lazy_atomic_add,
	.read		= lazy_atomic_read,
	.read_sum	= lazy_atomic_read_sum,
	.read_trace	= lazy_atomic_read_trace,
	.footprint	= lazy_atomic_footprint,
	.error_bound	= lazy_atomic_error_bound,
};
