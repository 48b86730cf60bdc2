/*
 * percpu_counter_core.h - lib/percpu_counter.c for userspace, shared by the
 * schemes built on it (percpu and the proposals that keep it).  Since v6.6
 * the counters of one mm are allocated and listed as a group
 * (c439d5e8a0de, 14ef95be6f55).
 */
#ifndef RSS_PERCPU_COUNTER_CORE_H
#define RSS_PERCPU_COUNTER_CORE_H

#include <stdint.h>

#include "arch.h"
#include "lock.h"
#include "pcpu_alloc.h"
#include "rss.h"

struct percpu_counter {
	struct rss_spinlock lock;	/* raw_spinlock_t */
	int64_t count;			/* central count; READ_ONCE readers */
	struct percpu_counter *prev, *next;	/* hotplug list (percpu_counters) */
	union {
		int32_t *counters;	/* per-CPU s32 slot */
		long remote;		/* owner-lazy before its upgrade: (v << 1) | 1 */
	};
};

/* percpu_counter_batch = max(32, 2 * num_online_cpus()) (compute_batch_value). */
int32_t rss_percpu_counter_batch(int nr_online);

/* Run-wide state: the batch from @m's online CPUs, the online mask the
 * precise sum walks, and an empty hotplug list.  @m's masks must outlive
 * the run. */
void rss_percpu_counter_setup(const struct machine *m);

/*
 * percpu_counter_init_many(): one per-CPU allocation for all @nr counters
 * (pcpu_alloc_mutex, memset on every CPU), then percpu_counters_lock to put
 * them on the hotplug list.  @atomic selects GFP_ATOMIC (no mutex).
 * Returns 0 or -ENOMEM.
 */
int rss_percpu_counter_init_many(struct percpu_counter *fbc, int64_t amount,
				 int nr, int atomic);
/*
 * Peng Zhang's percpu_counter_switch_to_pcpu_many(): counters in atomic mode
 * (counters == NULL, count updated with atomic adds) get one GFP_ATOMIC
 * per-CPU allocation, keep their count and go on the hotplug list.  The
 * counters pointer is published with a release store; readers that find it
 * non-NULL with an acquire load see the cleared slots.  0 if already
 * switched, or -ENOMEM (the counters stay in atomic mode).
 */
int rss_percpu_counter_switch_to_pcpu_many(struct percpu_counter *fbc, int nr);

/* cpu_hotplug_add_watchlist() (krisman/linux): put @nr counters whose per-CPU
 * area is already set on the hotplug list, under percpu_counters_lock. */
void rss_percpu_counter_watch_many(struct percpu_counter *fbc, int nr);

/* percpu_counter_destroy_many(): off the list, free the per-CPU area. */
void rss_percpu_counter_destroy_many(struct percpu_counter *fbc, int nr);

/* percpu_counter_batch: the run's batch (rss_percpu_counter_setup). */
extern int32_t rss_percpu_counter_batch_now;

/* percpu_counter_add_batch()'s slow path: under fbc->lock, fold @cpu's slot
 * and @amount into the central count and clear the slot. */
void rss_percpu_counter_fold(struct percpu_counter *fbc, int64_t amount, int cpu);

/*
 * this_cpu_ptr(fbc->counters) on @cpu: every this_cpu op on *fbc->counters
 * loads the pointer from the counter (a line of the mm) before it reaches
 * the CPU's slot; x86's %gs supplies the CPU's offset without a load.  The
 * load is relaxed-atomic so that the model build records it (model.h); the
 * timed build's code is the plain load it was.
 */
static inline int32_t *rss_percpu_counter_slot(struct percpu_counter *fbc, int cpu)
{
	return rss_per_cpu_ptr(__atomic_load_n(&fbc->counters, __ATOMIC_RELAXED), cpu);
}

/*
 * percpu_counter_add_batch() on @cpu (lib/percpu_counter.c, v6.11+, with
 * this_cpu_try_cmpxchg): a cmpxchg without LOCK on the CPU's slot, or the
 * fold when |slot + amount| reaches @batch.  Inline, so that the scheme's
 * add is the one call the kernel makes (add_mm_counter() is inline and calls
 * percpu_counter_add_batch()); the fold stays out of line.
 */
static inline void rss_percpu_counter_add_batch(struct percpu_counter *fbc, int64_t amount,
						int32_t batch, int cpu)
{
	int32_t *slot = rss_percpu_counter_slot(fbc, cpu);
	int32_t c = __atomic_load_n(slot, __ATOMIC_RELAXED);

	do {
		if (__builtin_expect(c + amount >= batch || c + amount <= -batch, 0)) {
			rss_percpu_counter_fold(fbc, amount, cpu);
			return;
		}
	} while (!rss_cmpxchg_local32(slot, &c, (int32_t)(c + amount)));
}

/* percpu_counter_add(): percpu_counter_add_batch() with percpu_counter_batch. */
static inline void rss_percpu_counter_add(struct percpu_counter *fbc, int64_t amount, int cpu)
{
	rss_percpu_counter_add_batch(fbc, amount, rss_percpu_counter_batch_now, cpu);
}

/* percpu_counter_read(): the central count, no lock. */
static inline int64_t rss_percpu_counter_read(struct percpu_counter *fbc)
{
	return __atomic_load_n(&fbc->count, __ATOMIC_RELAXED);
}

/* percpu_counter_read_positive(): clamped at 0. */
static inline int64_t rss_percpu_counter_read_positive(struct percpu_counter *fbc)
{
	int64_t v = rss_percpu_counter_read(fbc);

	return v > 0 ? v : 0;
}

/* __percpu_counter_sum(): count + every online CPU's slot, under the lock. */
int64_t rss_percpu_counter_sum(struct percpu_counter *fbc);

/* percpu_counter_sum_all() (v6.2 only, f689054aace2): the same over every
 * possible CPU, for check_mm(). */
int64_t rss_percpu_counter_sum_all(struct percpu_counter *fbc);

/*
 * Settled error bound of percpu_counter_read, in pages: each CPU the
 * process may run on (allowed) can keep up to batch - 1 in its slot, the
 * batch coming from the online count: nr_allowed * (max(32, 2 * nr_online) - 1).
 */
long rss_percpu_counter_bound(const struct machine *m);

/* Counters currently on the hotplug list (for tests). */
long rss_percpu_counter_nr_listed(void);

#endif /* RSS_PERCPU_COUNTER_CORE_H */
