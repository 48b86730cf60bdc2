/*
 * pcpu_alloc.h - a userspace model of the kernel's per-CPU allocator
 * (mm/percpu.c): chunks made of one unit per possible CPU, each unit on its
 * CPU's node, so CPU k's copies of many variables share CPU k's lines.
 * Allocation takes the global pcpu_alloc_mutex and pcpu_lock and clears the
 * area on every possible CPU; free takes pcpu_lock.
 */
#ifndef RSS_PCPU_ALLOC_H
#define RSS_PCPU_ALLOC_H

#include <stddef.h>

#include "rss.h"

#define RSS_PCPU_UNIT_SIZE	(32 * 1024)	/* bytes per CPU per chunk */
#define RSS_PCPU_GRANULE	4		/* PCPU_MIN_ALLOC_SIZE */
#define RSS_PCPU_ALIGN		16		/* rss_pcpu_alloc()'s size and alignment unit */

/*
 * Per-run allocator state with its first chunk.  @m is copied; its cpu_node
 * array, masks and place_on_node() must live until the last rss_pcpu_teardown().
 * Setups nest (the first one's @m counts), so a scheme and a workload share
 * the one allocator.  0 or -ENOMEM.
 */
int rss_pcpu_setup(const struct machine *m);
/* The last teardown unmaps every chunk; live allocations become invalid. */
void rss_pcpu_teardown(void);

/*
 * Allocates @size bytes rounded up to RSS_PCPU_ALIGN, so aligned, on every
 * CPU, zeroed.
 * GFP_KERNEL when !@atomic: takes pcpu_alloc_mutex, may add a chunk.
 * GFP_ATOMIC when @atomic: no mutex, only space in existing chunks.
 * Returns CPU 0's copy (use rss_per_cpu_ptr), or NULL.
 */
void *rss_pcpu_alloc(size_t size, int atomic);
/*
 * pcpu_alloc(size, align, gfp) itself: @size bytes rounded up to the 4-byte
 * granule (PCPU_MIN_ALLOC_SIZE), at a multiple of @align (a power of two
 * from 4 to 64), as alloc_percpu(s32) has it.  As rss_pcpu_alloc otherwise.
 */
void *rss_pcpu_alloc_aligned(size_t size, size_t align, int atomic);
/* Frees an area from rss_pcpu_alloc(); NULL is a no-op. */
void rss_pcpu_free(void *p);

/* per_cpu_ptr(): units of a chunk are RSS_PCPU_UNIT_SIZE apart. */
static inline void *rss_per_cpu_ptr(void *p, int cpu)
{
	return (char *)p + (size_t)cpu * RSS_PCPU_UNIT_SIZE;
}

/* Bytes currently allocated, summed over the possible CPUs. */
size_t rss_pcpu_bytes_in_use(void);
/* Areas allocated since setup (GFP_KERNEL and GFP_ATOMIC alike). */
unsigned long rss_pcpu_allocs(void);
/* How many times pcpu_alloc_mutex was taken since setup. */
unsigned long rss_pcpu_mutex_taken(void);

#endif /* RSS_PCPU_ALLOC_H */
