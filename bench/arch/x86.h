/* x86: rdtsc (constant, nonstop TSC assumed; the harness measures its rate). */
#ifndef RSS_ARCH_X86_H
#define RSS_ARCH_X86_H

#include <stdint.h>

#define RSS_CACHE_LINE		64
#define RSS_CYCLE_SOURCE	"rdtsc"

static inline uint64_t rss_cycles(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#define rss_cycles rss_cycles

static inline void rss_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}
#define rss_cpu_relax rss_cpu_relax

#endif /* RSS_ARCH_X86_H */
