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
 * the kernel's.  ThreadSanitizer and the coherence model (model.h) cannot
 * see asm, so they get the generic ones.
 */
/*
 * local_irq_save() / local_irq_restore() as far as user mode can go.  The
 * kernel's save is pushf; pop; cli and its restore a sti when the saved
 * flags had IF set (arch_local_irq_restore).  User mode may run pushf/pop
 * but not cli/sti (IOPL 0; #GP); the restore's flags write is a popf of
 * the saved flags, which leaves IF as it is.  cli has no stand-in.  The
 * costs of each choice are measured by bench/overhead (doc/schemes/
 * percpu-irqsave.md).  The 128 bytes skip the red zone the compiler may use.
 */
#define RSS_IRQ_MODEL		"pushf;pop + popf"
#define RSS_X86_EFLAGS_IF	0x200UL

static inline unsigned long rss_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("add $-128, %%rsp\n\tpushfq\n\tpopq %0\n\tsub $-128, %%rsp"
			     : "=r"(flags) : : "memory", "cc");
	return flags;
}
#define rss_irq_save rss_irq_save

static inline void rss_irq_restore(unsigned long flags)
{
	if (flags & RSS_X86_EFLAGS_IF)
		__asm__ __volatile__("add $-128, %%rsp\n\tpushq %0\n\tpopfq\n\tsub $-128, %%rsp"
				     : : "r"(flags) : "memory", "cc");
}
#define rss_irq_restore rss_irq_restore

#if !defined(__SANITIZE_THREAD__) && !defined(RSS_MODEL)
/* this_cpu_add(): one add without LOCK. */
static inline void rss_add_local32(int32_t *p, int32_t v)
{
	__asm__ __volatile__("addl %[v], %[mem]" : [mem] "+m"(*p) : [v] "er"(v) : "memory", "cc");
}
#define rss_add_local32 rss_add_local32

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
