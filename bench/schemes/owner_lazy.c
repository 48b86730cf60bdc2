/*
 * owner_lazy.c - Gabriel Krisman Bertazi's lazy counters (RFC, Nov 2025, not
 * merged; code from github.com/krisman/linux, include/linux/distcounter.h):
 * while an mm has one thread, its owner adds to the plain central count and
 * remote updaters (reclaim, exit zap) cmpxchg a biased atomic that shares
 * the per-CPU pointer's word; the first CLONE_VM upgrades the mm to a normal
 * percpu_counter with one GFP_KERNEL per-CPU allocation.  Single-threaded
 * processes are exact and never touch the per-CPU allocator; threaded ones
 * pay as percpu from their first clone on.
 */
#include <limits.h>
#include <stdlib.h>

#include "percpu.h"
#include "rss.h"

#define LAZY_INIT_BIAS	1L	/* bit 0 of remote: still lazy */

struct owner_lazy_mm {
	struct mm mm;
	struct percpu_counter rss_stat[RSS_NR_COUNTERS];	/* lazy_percpu_counter */
};

/* Largest remote value an upgrade parked in one CPU's slot, this run. */
static long max_parked;

static struct owner_lazy_mm *to_omm(struct mm *mm)
{
	return (struct owner_lazy_mm *)mm;
}

/* remote = (v << 1) | 1 while lazy; the value back, without shifting a
 * negative number. */
static long remove_bias(long r)
{
	return (r - LAZY_INIT_BIAS) / 2;
}

/*
 * The remote word, or the per-CPU pointer once upgraded.  Acquire pairs with
 * the upgrade's exchange: who sees the pointer sees its cleared slots.
 */
static long remote_of(struct percpu_counter *c)
{
	return __atomic_load_n(&c->remote, __ATOMIC_ACQUIRE);
}

static int owner_lazy_setup(const struct machine *m)
{
	max_parked = 0;
	return rss_percpu_mm_setup(m);
}

/* lazy_pcpu_counter_init_many(): count 0, remote = bias, no allocation. */
static struct mm *owner_lazy_mm_create(struct cpu *cpu)
{
	struct owner_lazy_mm *omm = rss_mm_zalloc(sizeof(*omm));

	if (!omm)
		return NULL;
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		rss_spin_init(&omm->rss_stat[i].lock);
		__atomic_store_n(&omm->rss_stat[i].remote, LAZY_INIT_BIAS, __ATOMIC_RELAXED);
	}
	return &omm->mm;
}

static void note_parked(long v)
{
	long old = __atomic_load_n(&max_parked, __ATOMIC_RELAXED);

	v = labs(v);
	while (v > old && !__atomic_compare_exchange_n(&max_parked, &old, v, 0,
						      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/*
 * lazy_pcpu_counter_upgrade_many(), from copy_mm() on any CLONE_VM: one
 * per-CPU allocation for all counters (pcpu_alloc_mutex), the pointer
 * exchanged in for the remote word, the old remote value parked in this
 * CPU's slot by percpu_counter_add_local() (batch INT_MAX: it stays there),
 * then the hotplug list.  count needs no copy: it already is the central
 * count.  A remote updater whose cmpxchg loses to the exchange sees the
 * pointer and goes the percpu way, so no update is lost.  A failed
 * allocation fails the clone in the kernel; here it is recorded and the mm
 * stays lazy.
 */
static void owner_lazy_task_fork(struct task *t, unsigned long clone_flags,
				 struct cpu *cpu)
{
	struct percpu_counter *c = to_omm(t->mm)->rss_stat;
	int32_t *counters;

	if (!(clone_flags & RSS_CLONE_VM) || !(remote_of(&c[0]) & LAZY_INIT_BIAS))
		return;
	counters = rss_pcpu_alloc(sizeof(int32_t) * RSS_NR_COUNTERS, 0);
	if (!counters) {
		rss_op_failed();
		return;
	}
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		/* Release: pairs with remote_of(), publishing the cleared slots. */
		long old = __atomic_exchange_n(&c[i].remote, (long)(uintptr_t)(counters + i),
					       __ATOMIC_ACQ_REL);

		note_parked(remove_bias(old));
		rss_percpu_counter_add_batch(&c[i], remove_bias(old), INT32_MAX, cpu->id);
	}
	rss_percpu_counter_watch_many(c, RSS_NR_COUNTERS);
}

/*
 * add_mm_counter(): the owner (current->mm == mm) adds to the plain count
 * while lazy: one thread only, so a relaxed load and store (the watchdog
 * reads it), no LOCK.  Remote updaters cmpxchg the biased word, falling back
 * to percpu_counter_add() if an upgrade replaced it meanwhile.
 */
static void owner_lazy_add(struct mm *mm, int ctr, long v, struct task *cur,
			   struct cpu *cpu)
{
	struct percpu_counter *c = &to_omm(mm)->rss_stat[ctr];
	long r = remote_of(c);

	if (!(r & LAZY_INIT_BIAS)) {
		rss_percpu_counter_add(c, v, cpu->id);
		return;
	}
	if (cur && cur->mm == mm) {
		__atomic_store_n(&c->count, __atomic_load_n(&c->count, __ATOMIC_RELAXED) + v,
				 __ATOMIC_RELAXED);
		return;
	}
	/* The kernel's cmpxchg is relaxed; acquire here for the pointer a
	 * failed one may return (pairs with the upgrade's exchange).  On x86
	 * both are the same LOCK CMPXCHG. */
	while (!__atomic_compare_exchange_n(&c->remote, &r, r + v * 2, 0,
					    __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		if (!(r & LAZY_INIT_BIAS)) {
			rss_percpu_counter_add(c, v, cpu->id);
			return;
		}
	}
}

/* Lazy: remote + the owner's count, exact but for updates in flight. */
static long lazy_sum(struct percpu_counter *c, long r)
{
	return remove_bias(r) + __atomic_load_n(&c->count, __ATOMIC_RELAXED);
}

/* get_mm_counter(): clamped at 0 in both modes. */
static long owner_lazy_read(struct mm *mm, int ctr)
{
	struct percpu_counter *c = &to_omm(mm)->rss_stat[ctr];
	long r = remote_of(c);

	if (!(r & LAZY_INIT_BIAS))
		return rss_percpu_counter_read_positive(c);
	r = lazy_sum(c, r);
	return r > 0 ? r : 0;
}

/*
 * lazy_pcpu_counter_sum().  The kernel's lazy branch first moves the owner's
 * count into the remote word and zeroes count: a write to the owner's plain
 * field from the reader's context, which loses an owner update that runs
 * beside it (a /proc reader).  The port only reads: remote + count, the same
 * value once settled, and no write.
 */
static long owner_lazy_sum(struct mm *mm, int ctr)
{
	struct percpu_counter *c = &to_omm(mm)->rss_stat[ctr];
	long r = remote_of(c);

	if (!(r & LAZY_INIT_BIAS))
		return rss_percpu_counter_sum(c);
	return lazy_sum(c, r);
}

/* get_mm_counter_sum(): lazy_pcpu_counter_sum_positive(); check_mm the raw sum. */
static long owner_lazy_read_sum(struct mm *mm, int ctr)
{
	long v = owner_lazy_sum(mm, ctr);

	return v > 0 ? v : 0;
}

/* __mmdrop(): check_mm(), then destroy only an upgraded mm's counters. */
static int owner_lazy_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct owner_lazy_mm *omm = to_omm(mm);
	int ret = rss_check_mm(owner_lazy_sum, mm);

	if (!(remote_of(&omm->rss_stat[0]) & LAZY_INIT_BIAS))
		rss_percpu_counter_destroy_many(omm->rss_stat, RSS_NR_COUNTERS);
	free(omm);
	return ret;
}

/*
 * The inline counters; from the first CLONE_VM (a second task) the per-CPU
 * part as percpu: a single-threaded mm never allocates it.
 */
static size_t owner_lazy_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(struct percpu_counter) * RSS_NR_COUNTERS +
	       (nr_tasks > 1 ? sizeof(int32_t) * RSS_NR_COUNTERS * (size_t)m->nr_possible : 0);
}

/*
 * Exact while lazy (one task).  Upgraded: every slot within batch - 1 as in
 * percpu, except the upgrading CPU's, which holds the parked remote value P
 * until its next update there: (A - 1)(b - 1) + max(b - 1, |P|), A allowed
 * CPUs, b from the online ones.
 */
static struct bound owner_lazy_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	long b1 = rss_percpu_counter_batch(m->nr_online) - 1;
	long p = __atomic_load_n(&max_parked, __ATOMIC_RELAXED);
	long b = 0;

	if (nr_tasks > 1)
		b = rss_percpu_counter_bound(m) + (p > b1 ? p - b1 : 0);
	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_owner_lazy = {
	.name		= "owner-lazy",
	.summary	= "owner-local count + remote atomic until the first CLONE_VM, then percpu_counter (RFC 2025)",
	.origin		= "RFC 2025-11-27 \"Optimize rss_stat initialization/teardown for single-threaded tasks\"; github.com/krisman/linux distcounter.h",
	.setup		= owner_lazy_setup,
	.teardown	= rss_percpu_mm_teardown,
	.mm_create	= owner_lazy_mm_create,
	.mm_destroy	= owner_lazy_mm_destroy,
	.task_fork	= owner_lazy_task_fork,
	.add		= owner_lazy_add,
	.read		= owner_lazy_read,
	.read_sum	= owner_lazy_read_sum,
	.footprint	= owner_lazy_footprint,
	.error_bound	= owner_lazy_error_bound,
};
