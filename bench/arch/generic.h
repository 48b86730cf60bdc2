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

#ifndef rss_cpu_relax
static inline void rss_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}
#define rss_cpu_relax rss_cpu_relax
#endif

#endif /* RSS_ARCH_GENERIC_H */
