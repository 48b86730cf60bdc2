/* Fallbacks: clock_gettime nanoseconds as "cycles", a compiler barrier. */
#ifndef RSS_ARCH_GENERIC_H
#define RSS_ARCH_GENERIC_H

#include <stdint.h>
#include <time.h>

#ifndef RSS_CACHE_LINE
#define RSS_CACHE_LINE		128
#endif

#ifndef rss_cycles
#define RSS_CYCLE_SOURCE	"clock_gettime"
static inline uint64_t rss_cycles(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
#define rss_cycles rss_cycles
#endif

/*
 * this_cpu_cmpxchg() and this_cpu_add_return() where no single non-LOCK
 * instruction does them: arm64's are relaxed atomics with preemption off.
 */
#ifndef rss_cmpxchg_local32
static inline int rss_cmpxchg_local32(int32_t *p, int32_t *old, int32_t new)
{
	return __atomic_compare_exchange_n(p, old, new, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}
#define rss_cmpxchg_local32 rss_cmpxchg_local32
#endif

#ifndef rss_add_local32
static inline void rss_add_local32(int32_t *p, int32_t v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
#define rss_add_local32 rss_add_local32
#endif

/*
 * local_irq_save()/restore() where user mode has no stand-in (arm64's daif
 * is not readable at EL0 under Linux): a compiler barrier, no cost modelled.
 */
#ifndef rss_irq_save
#define RSS_IRQ_MODEL		"none (compiler barrier)"
static inline unsigned long rss_irq_save(void)
{
	__asm__ __volatile__("" ::: "memory");
	return 0;
}
#define rss_irq_save rss_irq_save

static inline void rss_irq_restore(unsigned long flags)
{
	(void)flags;
	__asm__ __volatile__("" ::: "memory");
}
#define rss_irq_restore rss_irq_restore
#endif

#ifndef rss_add_return_local32
static inline uint32_t rss_add_return_local32(uint32_t *p, uint32_t v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_RELAXED);
}
#define rss_add_return_local32 rss_add_return_local32
#endif

#ifndef rss_cpu_relax
static inline void rss_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}
#define rss_cpu_relax rss_cpu_relax
#endif

#endif /* RSS_ARCH_GENERIC_H */
