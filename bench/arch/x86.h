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

/*
 * this_cpu_cmpxchg() and this_cpu_add_return() are one instruction without
 * LOCK on x86: correct for a word only this thread writes, and as cheap as
 * the kernel's.  ThreadSanitizer cannot see asm, so it gets the generic ones.
 */
#ifndef __SANITIZE_THREAD__
static inline int rss_cmpxchg_local32(int32_t *p, int32_t *old, int32_t new)
{
	int ok;

	__asm__ __volatile__("cmpxchgl %[new], %[mem]"
			     : "=@ccz"(ok), [mem] "+m"(*p), "+a"(*old)
			     : [new] "r"(new) : "memory");
	return ok;
}
#define rss_cmpxchg_local32 rss_cmpxchg_local32

static inline uint32_t rss_add_return_local32(uint32_t *p, uint32_t v)
{
	uint32_t old = v;

	__asm__ __volatile__("xaddl %[old], %[mem]"
			     : [mem] "+m"(*p), [old] "+r"(old) : : "memory");
	return old + v;
}
#define rss_add_return_local32 rss_add_return_local32
#endif

#endif /* RSS_ARCH_X86_H */
