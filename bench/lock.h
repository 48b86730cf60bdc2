/*
 * lock.h - the kernel's raw spinlock, for userspace.  It spins like the
 * kernel's, but yields the CPU after a while: with virtual topologies there
 * are more workers than real CPUs, and a preempted holder would otherwise
 * make every waiter spin out its whole time slice.
 */
#ifndef RSS_LOCK_H
#define RSS_LOCK_H

#include <sched.h>

#include "arch.h"

#define RSS_SPIN_BEFORE_YIELD	1024

struct rss_spinlock {
	int locked;
};

#define RSS_SPINLOCK_INIT	{ 0 }

static inline void rss_spin_init(struct rss_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELAXED);
}

static inline void rss_spin_lock(struct rss_spinlock *l)
{
	unsigned int spins = 0;

	/* Acquire pairs with the release in rss_spin_unlock(). */
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
			if (++spins % RSS_SPIN_BEFORE_YIELD == 0)
				sched_yield();
			else
				rss_cpu_relax();
		}
	}
}

static inline void rss_spin_unlock(struct rss_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif /* RSS_LOCK_H */
