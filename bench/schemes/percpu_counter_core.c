/*
 * percpu_counter_core.c - lib/percpu_counter.c (v6.6+, CONFIG_HAVE_CMPXCHG_LOCAL
 * flavour) ported to the worker-per-CPU model.
 *
 * The kernel's fast path is this_cpu_try_cmpxchg(), a cmpxchg without LOCK
 * that guards against interrupts on the same CPU; the port runs the same
 * instruction (rss_cmpxchg_local32, arch.h).  Only the CPU's own worker
 * writes its slot, so it always succeeds, as in the kernel without interrupts.
 */
#include <errno.h>

#include "percpu_counter_core.h"

int32_t rss_percpu_counter_batch_now;
static struct machine machine;		/* a copy: its online mask for the sums */
static struct rss_spinlock percpu_counters_lock = RSS_SPINLOCK_INIT;
static struct percpu_counter list_head = { .prev = &list_head, .next = &list_head };
static long nr_listed;

int32_t rss_percpu_counter_batch(int nr_online)
{
	return nr_online * 2 > 32 ? nr_online * 2 : 32;
}

long rss_percpu_counter_bound(const struct machine *m)
{
	return (long)m->nr_allowed * (rss_percpu_counter_batch(m->nr_online) - 1);
}

void rss_percpu_counter_setup(const struct machine *m)
{
	machine = *m;
	/* compute_batch_value(): num_online_cpus(), whatever this process may use. */
	rss_percpu_counter_batch_now = rss_percpu_counter_batch(m->nr_online);
	list_head.prev = list_head.next = &list_head;
	nr_listed = 0;
}

void rss_percpu_counter_watch_many(struct percpu_counter *fbc, int nr)
{
	rss_spin_lock(&percpu_counters_lock);
	for (int i = 0; i < nr; i++) {
		fbc[i].next = list_head.next;
		fbc[i].prev = &list_head;
		list_head.next->prev = &fbc[i];
		list_head.next = &fbc[i];
	}
	nr_listed += nr;
	rss_spin_unlock(&percpu_counters_lock);
}

int rss_percpu_counter_init_many(struct percpu_counter *fbc, int64_t amount,
				 int nr, int atomic)
{
	int32_t *counters = rss_pcpu_alloc(sizeof(int32_t) * (size_t)nr, atomic);

	if (!counters)
		return -ENOMEM;
	for (int i = 0; i < nr; i++) {
		rss_spin_init(&fbc[i].lock);
		__atomic_store_n(&fbc[i].count, amount, __ATOMIC_RELAXED);
		fbc[i].counters = counters + i;
	}
	rss_percpu_counter_watch_many(fbc, nr);
	return 0;
}

int rss_percpu_counter_switch_to_pcpu_many(struct percpu_counter *fbc, int nr)
{
	int32_t *counters;

	if (__atomic_load_n(&fbc[0].counters, __ATOMIC_RELAXED))
		return 0;
	counters = rss_pcpu_alloc(sizeof(int32_t) * (size_t)nr, 1);
	if (!counters)
		return -ENOMEM;
	/* Release: pairs with the updaters' and readers' acquire load of
	 * counters, so the cleared slots are seen before the pointer. */
	for (int i = 0; i < nr; i++)
		__atomic_store_n(&fbc[i].counters, counters + i, __ATOMIC_RELEASE);
	rss_percpu_counter_watch_many(fbc, nr);
	return 0;
}

void rss_percpu_counter_destroy_many(struct percpu_counter *fbc, int nr)
{
	if (!fbc[0].counters)
		return;
	rss_spin_lock(&percpu_counters_lock);
	for (int i = 0; i < nr; i++) {
		fbc[i].prev->next = fbc[i].next;
		fbc[i].next->prev = fbc[i].prev;
	}
	nr_listed -= nr;
	rss_spin_unlock(&percpu_counters_lock);
	rss_pcpu_free(fbc[0].counters);
	for (int i = 0; i < nr; i++)
		fbc[i].counters = NULL;
}

void rss_percpu_counter_fold(struct percpu_counter *fbc, int64_t amount, int cpu)
{
	int32_t *slot = rss_percpu_counter_slot(fbc, cpu);
	int32_t c;

	rss_spin_lock(&fbc->lock);
	c = __atomic_load_n(slot, __ATOMIC_RELAXED);
	__atomic_store_n(&fbc->count, fbc->count + c + amount, __ATOMIC_RELAXED);
	/* __this_cpu_sub(*counters, c): only this CPU writes it. */
	__atomic_store_n(slot, 0, __ATOMIC_RELAXED);
	rss_spin_unlock(&fbc->lock);
}

int64_t rss_percpu_counter_sum(struct percpu_counter *fbc)
{
	int32_t *counters;
	int64_t ret;
	int cpu;

	rss_spin_lock(&fbc->lock);
	ret = fbc->count;
	counters = __atomic_load_n(&fbc->counters, __ATOMIC_RELAXED);	/* once, as compiled */
	/* for_each_cpu_or(cpu, cpu_online_mask, cpu_dying_mask); nothing dies here. */
	rss_for_each_online_cpu(cpu, &machine)
		ret += __atomic_load_n((int32_t *)rss_per_cpu_ptr(counters, cpu), __ATOMIC_RELAXED);
	rss_spin_unlock(&fbc->lock);
	return ret;
}

int64_t rss_percpu_counter_sum_all(struct percpu_counter *fbc)
{
	int32_t *counters;
	int64_t ret;
	int cpu;

	rss_spin_lock(&fbc->lock);
	ret = fbc->count;
	counters = __atomic_load_n(&fbc->counters, __ATOMIC_RELAXED);
	rss_for_each_possible_cpu(cpu, &machine)
		ret += __atomic_load_n((int32_t *)rss_per_cpu_ptr(counters, cpu), __ATOMIC_RELAXED);
	rss_spin_unlock(&fbc->lock);
	return ret;
}

long rss_percpu_counter_nr_listed(void)
{
	long n;

	rss_spin_lock(&percpu_counters_lock);
	n = nr_listed;
	rss_spin_unlock(&percpu_counters_lock);
	return n;
}
