/* arm64: the virtual counter cntvct_el0, whose rate cntfrq_el0 gives. */
#ifndef RSS_ARCH_AARCH64_H
#define RSS_ARCH_AARCH64_H

#include <stdint.h>

#define RSS_CACHE_LINE		64
#define RSS_CYCLE_SOURCE	"cntvct"

static inline uint64_t rss_cycles(void)
{
	uint64_t v;

	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}
#define rss_cycles rss_cycles

static inline void rss_cpu_relax(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}
#define rss_cpu_relax rss_cpu_relax

#endif /* RSS_ARCH_AARCH64_H */
