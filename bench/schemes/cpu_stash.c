/*
 * cpu_stash.c - Kairui Song's per-CPU RSS cache (RFC, 2022, not merged),
 * <20220728204511.56348-1-ryncsn@gmail.com> patches 4/7 and 6/7: the mm
 * keeps four plain atomics; one global per-CPU "stash" takes, without any
 * threshold, the updates of the mm that CPU runs, and is flushed into that
 * mm's atomics when the CPU switches mm.  The update is a plain per-CPU add;
 * the price is that every read walks CPUs (all of them, or with the x86-64
 * CONFIG_ARCH_PCP_RSS_USE_CPUMASK build only the mm's cpumask) and that exit
 * must steal what CPUs still hold (generic build only).
 */
#include <errno.h>
#include <stdlib.h>

#include "arch.h"
#include "cpu_stash.h"
#include "pcpu_alloc.h"
#include "rss.h"

#define BITS_PER_LONG	(8 * (int)sizeof(unsigned long))
#define MM_SYNCING	1UL	/* RSS_CACHE_MM_SYNCING_MASK: stash->mm is being flushed */

struct stash_mm {
	struct mm mm;
	long count[RSS_NR_COUNTERS];	/* atomic_long_t */
	unsigned long cpumask[];	/* mm_cpumask(): the cpumask build only */
};

/* struct mm_rss_cache, DEFINE_PER_CPU_SHARED_ALIGNED. */
struct stash {
	/* Owner-hot: only the CPU's worker writes; readers load count[]. */
	unsigned long in_use;
	long count[RSS_NR_COUNTERS];
	/* Read by every remote walk; written at each flush. */
	uintptr_t mm RSS_ALIGNED;	/* struct mm *, low bit MM_SYNCING */
	unsigned long sync_count;
} RSS_ALIGNED;

static struct {
	void *area;		/* from rss_pcpu_alloc() */
	char *base;		/* CPU 0's stash, cache-line aligned */
	struct machine m;	/* a copy: the possible CPUs walked, nr_cpu_ids */
} st;

/* this_cpu_add() on data only its worker writes: a plain load and store. */
#define owner_add(p, v) \
	__atomic_store_n((p), __atomic_load_n((p), __ATOMIC_RELAXED) + (v), __ATOMIC_RELAXED)

static struct stash_mm *to_smm(struct mm *mm)
{
	return (struct stash_mm *)mm;
}

static struct stash *stash_of(int cpu)
{
	return rss_per_cpu_ptr(st.base, cpu);
}

/* cpumask_size(): nr_cpu_ids bits, whatever is online. */
static size_t cpumask_bytes(int nr_cpu_ids)
{
	return (size_t)(nr_cpu_ids + BITS_PER_LONG - 1) / BITS_PER_LONG * sizeof(unsigned long);
}

/*
 * A static per-CPU variable lives in the first chunk of the per-CPU area,
 * so the stash comes from the allocator's first chunk (GFP_ATOMIC: no
 * mutex), one line-aligned copy in each CPU's unit on that CPU's node.
 */
static int stash_setup(const struct machine *m)
{
	int ret = rss_pcpu_setup(m);

	if (ret)
		return ret;
	st.m = *m;
	st.area = rss_pcpu_alloc(sizeof(struct stash) + RSS_CACHE_LINE, 1);
	if (!st.area) {
		rss_pcpu_teardown();
		return -ENOMEM;
	}
	st.base = (char *)(((uintptr_t)st.area + RSS_CACHE_LINE - 1) &
			   ~(uintptr_t)(RSS_CACHE_LINE - 1));
	return 0;
}

static void stash_teardown(void)
{
	rss_pcpu_free(st.area);
	rss_pcpu_teardown();
	st.area = st.base = NULL;
}

static struct mm *stash_mm_create(struct cpu *cpu)
{
	struct stash_mm *smm = rss_mm_zalloc(sizeof(*smm));

	return smm ? &smm->mm : NULL;
}

static struct mm *stash_mask_mm_create(struct cpu *cpu)
{
	struct stash_mm *smm = rss_mm_zalloc(sizeof(*smm) + cpumask_bytes(st.m.nr_cpu_ids));

	return smm ? &smm->mm : NULL;
}

/*
 * add_mm_counter_fast().  in_use is the kernel's guard against an interrupt
 * flushing the stash under the update; there are no interrupts here, so
 * nothing reads it, but its two stores stay as the cost they are.
 */
static void stash_add(struct mm *mm, int ctr, long v, struct task *cur,
		      struct cpu *cpu)
{
	struct stash *s = stash_of(cpu->id);

	owner_add(&s->in_use, 1UL);
	if (__atomic_load_n(&s->mm, __ATOMIC_RELAXED) == (uintptr_t)mm) {
		owner_add(&s->count[ctr], v);
		owner_add(&s->in_use, -1UL);
		return;
	}
	owner_add(&s->in_use, -1UL);
	__atomic_fetch_add(&to_smm(mm)->count[ctr], v, __ATOMIC_RELAXED);
}

/*
 * add_mm_counter(): the atomic.  Patch 5/7 moves only do_set_pmd() (file
 * THP) to the fast path; the anonymous THP fault and zap_huge_pmd() keep it.
 */
static void stash_add_plain(struct mm *mm, int ctr, long v, struct task *cur,
			    struct cpu *cpu)
{
	__atomic_fetch_add(&to_smm(mm)->count[ctr], v, __ATOMIC_RELAXED);
}

/* add_mm_rss_vec() (zap, copy) is add_mm_counter(): the atomics. */
static void stash_add_vec(struct mm *mm, const long *rss, struct task *cur,
			  struct cpu *cpu)
{
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		if (rss[i])
			__atomic_fetch_add(&to_smm(mm)->count[i], rss[i], __ATOMIC_RELAXED);
}

/*
 * switch_pcp_rss_cache_no_irq(next): fold the stash into the mm it holds
 * and hand it to @next.  @mark: the generic build first marks the stash
 * with a cmpxchg, so that a concurrent steal (stash_steal) and this flush
 * cannot both take the counts; if the steal won, the counts are its own.
 */
static void stash_flush(struct cpu *cpu, struct mm *next, int mark)
{
	struct stash *s = stash_of(cpu->id);
	uintptr_t old = __atomic_load_n(&s->mm, __ATOMIC_RELAXED);

	if (old == (uintptr_t)next)
		return;
	/* Acquire on failure: the stealer's count loads come before our zeroing. */
	if (old && (!mark || __atomic_compare_exchange_n(&s->mm, &old, old | MM_SYNCING, 0,
						      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))) {
		for (int i = 0; i < RSS_NR_COUNTERS; i++) {
			long c = __atomic_load_n(&s->count[i], __ATOMIC_RELAXED);

			/* Release: a reader whose acquire load of the atomic sees
			 * these pages also sees the mark, and skips the stash. */
			if (c)
				__atomic_fetch_add(&to_smm((struct mm *)old)->count[i], c,
						   __ATOMIC_RELEASE);
		}
	}
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		__atomic_store_n(&s->count[i], 0, __ATOMIC_RELAXED);
	/* smp_wmb() as a release store: the zeroes and the folds before the
	 * new mm; pairs with the acquire loads of ->mm in stash_cached() and
	 * stash_steal() (whose caller then frees the mm it folded into). */
	__atomic_store_n(&s->mm, (uintptr_t)next, __ATOMIC_RELEASE);
	/* Release: a reader that sees this sync_count sees @next in ->mm. */
	__atomic_store_n(&s->sync_count,
			 __atomic_load_n(&s->sync_count, __ATOMIC_RELAXED) + 1, __ATOMIC_RELEASE);
	/* The kernel has context_switch()'s full barriers here: the new sync_count
	 * before the stash's next updates; pairs with stash_cached()'s second
	 * acquire fence. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

/* context_switch() calls the flush for next->active_mm. */
static void stash_switch_mm(struct cpu *cpu, struct mm *prev, struct mm *next)
{
	stash_flush(cpu, next, 1);
}

/* x86-64 switch_mm_irqs_off(): flush before the CPU leaves prev's cpumask. */
static void stash_mask_switch_mm(struct cpu *cpu, struct mm *prev, struct mm *next)
{
	unsigned long bit = 1UL << (cpu->id % BITS_PER_LONG);
	int word = cpu->id / BITS_PER_LONG;

	stash_flush(cpu, next, 0);
	/* cpumask_clear_cpu() and cpumask_set_cpu() are LOCK-prefixed. */
	if (prev)
		__atomic_fetch_and(&to_smm(prev)->cpumask[word], ~bit, __ATOMIC_RELAXED);
	if (next)
		__atomic_fetch_or(&to_smm(next)->cpumask[word], bit, __ATOMIC_RELAXED);
}

/*
 * What @cpu's stash holds for @mm, seqcount-like.  The kernel reads mm,
 * sync_count, count, sync_count, mm; here sync_count comes first, so that
 * an owner that leaves @mm and comes back between the loads cannot make a
 * count of the mm in between pass for @mm's.  A stash that changed under
 * the read is skipped: its pages are in flight to @mm's atomic.
 */
static long stash_cached(struct mm *mm, int cpu, int ctr)
{
	struct stash *s = stash_of(cpu);
	unsigned long seq;
	long v;

	/* Acquire pairs with the release store of sync_count in the flush. */
	seq = __atomic_load_n(&s->sync_count, __ATOMIC_ACQUIRE);
	/* Acquire pairs with the flush's smp_wmb(): the old mm's counts are
	 * zero by the time the stash names @mm. */
	if (__atomic_load_n(&s->mm, __ATOMIC_ACQUIRE) != (uintptr_t)mm)
		return 0;
	v = __atomic_load_n(&s->count[ctr], __ATOMIC_RELAXED);
	/* smp_rmb(): a count written after a later flush shows its sync_count. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->sync_count, __ATOMIC_RELAXED) == seq ? v : 0;
}

/*
 * get_mm_rss()'s look at one stash: FILE + ANON + SHMEM in one seqcount
 * section, so the walk is made once for the three counters.
 */
static long stash_cached_rss(struct mm *mm, int cpu)
{
	struct stash *s = stash_of(cpu);
	unsigned long seq;
	long v;

	/* The same pairings as stash_cached(). */
	seq = __atomic_load_n(&s->sync_count, __ATOMIC_ACQUIRE);
	if (__atomic_load_n(&s->mm, __ATOMIC_ACQUIRE) != (uintptr_t)mm)
		return 0;
	v = __atomic_load_n(&s->count[RSS_FILEPAGES], __ATOMIC_RELAXED) +
	    __atomic_load_n(&s->count[RSS_ANONPAGES], __ATOMIC_RELAXED) +
	    __atomic_load_n(&s->count[RSS_SHMEMPAGES], __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->sync_count, __ATOMIC_RELAXED) == seq ? v : 0;
}

/* The mm's three resident atomics (acquire: see stash_sum). */
static long stash_atomic_rss(struct mm *mm)
{
	struct stash_mm *smm = to_smm(mm);

	return __atomic_load_n(&smm->count[RSS_FILEPAGES], __ATOMIC_ACQUIRE) +
	       __atomic_load_n(&smm->count[RSS_ANONPAGES], __ATOMIC_ACQUIRE) +
	       __atomic_load_n(&smm->count[RSS_SHMEMPAGES], __ATOMIC_ACQUIRE);
}

/*
 * get_mm_rss() of patch 4/7: the three atomics, then one walk of the
 * possible CPUs (the mm's cpumask in the cpumask build), clamped at 0.  As
 * posted it has comma operators and an uninitialised sum; this is its intent.
 */
static long stash_rss(struct mm *mm)
{
	long ret = stash_atomic_rss(mm);
	int cpu;

	rss_for_each_possible_cpu(cpu, &st.m)
		ret += stash_cached_rss(mm, cpu);
	return ret > 0 ? ret : 0;
}

static long stash_mask_rss(struct mm *mm)
{
	struct stash_mm *smm = to_smm(mm);
	long ret = stash_atomic_rss(mm);

	for (int w = 0; w * BITS_PER_LONG < st.m.nr_cpu_ids; w++) {
		unsigned long bits = __atomic_load_n(&smm->cpumask[w], __ATOMIC_RELAXED);

		for (; bits; bits &= bits - 1)
			ret += stash_cached_rss(mm, w * BITS_PER_LONG + __builtin_ctzl(bits));
	}
	return ret > 0 ? ret : 0;
}

/* get_mm_counter() without the clamp: the atomic plus every walked stash. */
static long stash_sum(struct mm *mm, int ctr)
{
	/* Acquire pairs with the flush's release fold (see there). */
	long ret = __atomic_load_n(&to_smm(mm)->count[ctr], __ATOMIC_ACQUIRE);
	int cpu;

	/* for_each_possible_cpu(): the generic build's walk. */
	rss_for_each_possible_cpu(cpu, &st.m)
		ret += stash_cached(mm, cpu, ctr);
	return ret;
}

static long stash_mask_sum(struct mm *mm, int ctr)
{
	struct stash_mm *smm = to_smm(mm);
	long ret = __atomic_load_n(&smm->count[ctr], __ATOMIC_ACQUIRE);

	for (int w = 0; w * BITS_PER_LONG < st.m.nr_cpu_ids; w++) {
		unsigned long bits = __atomic_load_n(&smm->cpumask[w], __ATOMIC_RELAXED);

		for (; bits; bits &= bits - 1)
			ret += stash_cached(mm, w * BITS_PER_LONG + __builtin_ctzl(bits), ctr);
	}
	return ret;
}

/*
 * The RFC has one read, get_mm_counter(), a walk clamped at 0: it is both
 * the cheap and the precise read here (get_mm_counter_sum() came later).
 */
static long stash_read(struct mm *mm, int ctr)
{
	long v = stash_sum(mm, ctr);

	return v > 0 ? v : 0;
}

static long stash_mask_read(struct mm *mm, int ctr)
{
	long v = stash_mask_sum(mm, ctr);

	return v > 0 ? v : 0;
}

/*
 * check_discard_rss_cache() for one CPU: if its stash holds @mm, take the
 * counts and cmpxchg the stash to NULL.  The owner cannot add to a dying
 * mm, so the counts read before a successful cmpxchg are final; if the
 * owner marked the stash first, it is folding them into @mm's atomics:
 * wait until it publishes its next mm.
 */
static void stash_steal(struct mm *mm, int cpu, long *stolen)
{
	struct stash *s = stash_of(cpu);
	uintptr_t m = (uintptr_t)mm;
	uintptr_t cur = __atomic_load_n(&s->mm, __ATOMIC_RELAXED);
	long c[RSS_NR_COUNTERS];

	if (cur == m) {
		for (int i = 0; i < RSS_NR_COUNTERS; i++)
			c[i] = __atomic_load_n(&s->count[i], __ATOMIC_RELAXED);
		/* Release: the loads above come before an owner's zeroing that
		 * follows its failed mark; pairs with its acquire on failure. */
		if (__atomic_compare_exchange_n(&s->mm, &cur, 0, 0, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			for (int i = 0; i < RSS_NR_COUNTERS; i++)
				stolen[i] += c[i];
			return;
		}
	}
	/* Acquire pairs with the flush's smp_wmb(): its folds are visible. */
	while (__atomic_load_n(&s->mm, __ATOMIC_ACQUIRE) == (m | MM_SYNCING))
		rss_cpu_relax();
}

/* check_mm() on what is left: the atomics, the stolen counts folded in. */
static int stash_check_discard(struct mm *mm, const long *stolen)
{
	struct stash_mm *smm = to_smm(mm);
	int bad = 0;

	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		if (__atomic_load_n(&smm->count[i], __ATOMIC_RELAXED) + stolen[i])
			bad++;
	free(smm);
	return bad ? -EIO : 0;
}

/* __mmdrop() -> check_discard_mm(): steal from every possible CPU. */
static int stash_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	long stolen[RSS_NR_COUNTERS] = { 0 };
	int c;

	rss_for_each_possible_cpu(c, &st.m)
		stash_steal(mm, c, stolen);
	return stash_check_discard(mm, stolen);
}

/*
 * With the cpumask the arch flushes before the mm leaves a CPU, and the
 * lazy-TLB reference keeps __mmdrop back until every CPU has left: the mask
 * is empty here and nothing is walked.  The harness, though, destroys the
 * mms of a cell while its parked CPUs still hold them lazily; for those
 * (and only while their owners are parked) this does the flush their
 * switch away would have done.
 */
static int stash_mask_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct stash_mm *smm = to_smm(mm);
	long stolen[RSS_NR_COUNTERS] = { 0 };

	for (int w = 0; w * BITS_PER_LONG < st.m.nr_cpu_ids; w++)
		for (unsigned long bits = __atomic_load_n(&smm->cpumask[w], __ATOMIC_RELAXED);
		     bits; bits &= bits - 1)
			stash_steal(mm, w * BITS_PER_LONG + __builtin_ctzl(bits), stolen);
	return stash_check_discard(mm, stolen);
}

/* The mm's four atomics; the global stash (2 lines per possible CPU) is per machine. */
static size_t stash_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(long) * RSS_NR_COUNTERS;
}

static size_t stash_mask_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(long) * RSS_NR_COUNTERS + cpumask_bytes(m->nr_cpu_ids);
}

/* Settled, every page is in the atomic or in a stash the read walks. */
static struct bound stash_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	return (struct bound){ 0, 0 };
}

long rss_cpu_stash_atomic(struct mm *mm, int ctr)
{
	return __atomic_load_n(&to_smm(mm)->count[ctr], __ATOMIC_RELAXED);
}

struct mm *rss_cpu_stash_owner(int cpu)
{
	uintptr_t m = __atomic_load_n(&stash_of(cpu)->mm, __ATOMIC_ACQUIRE);

	return (struct mm *)(m & ~MM_SYNCING);
}

long rss_cpu_stash_cached(int cpu, int ctr)
{
	return __atomic_load_n(&stash_of(cpu)->count[ctr], __ATOMIC_RELAXED);
}

const struct scheme_ops rss_scheme_cpu_stash = {
	.name		= "cpu-stash",
	.summary	= "per-CPU stash of the running mm's updates, flushed on mm switch; reads walk all CPUs (RFC 2022)",
	.origin		= "<20220728204511.56348-1-ryncsn@gmail.com> (Kairui Song, not merged)",
	.setup		= stash_setup,
	.teardown	= stash_teardown,
	.mm_create	= stash_mm_create,
	.mm_destroy	= stash_mm_destroy,
	.add		= stash_add,
	.add_plain	= stash_add_plain,
	.add_vec	= stash_add_vec,
	.read		= stash_read,
	.read_sum	= stash_read,
	.read_rss	= stash_rss,
	.read_rss_sum	= stash_rss,
	.switch_mm	= stash_switch_mm,
	.footprint	= stash_footprint,
	.error_bound	= stash_error_bound,
};

const struct scheme_ops rss_scheme_cpu_stash_cpumask = {
	.name		= "cpu-stash-cpumask",
	.summary	= "cpu-stash with x86-64 ARCH_PCP_RSS_USE_CPUMASK: reads walk mm_cpumask, exit walks nothing",
	.origin		= "<20220728204511.56348-7-ryncsn@gmail.com> (Kairui Song, not merged)",
	.setup		= stash_setup,
	.teardown	= stash_teardown,
	.mm_create	= stash_mask_mm_create,
	.mm_destroy	= stash_mask_mm_destroy,
	.add		= stash_add,
	.add_plain	= stash_add_plain,
	.add_vec	= stash_add_vec,
	.read		= stash_mask_read,
	.read_sum	= stash_mask_read,
	.read_rss	= stash_mask_rss,
	.read_rss_sum	= stash_mask_rss,
	.switch_mm	= stash_mask_switch_mm,
	.footprint	= stash_mask_footprint,
	.error_bound	= stash_error_bound,
};
