/*
 * cpu_stash.h - what tests may look at inside the cpu-stash schemes: the
 * mm's atomics and a CPU's stash, both as remote readers see them.
 */
#ifndef RSS_CPU_STASH_H
#define RSS_CPU_STASH_H

#include "rss.h"

/* The mm's atomic_long_t for @ctr, without the CPUs' stashes. */
long rss_cpu_stash_atomic(struct mm *mm, int ctr);
/* The mm whose updates @cpu's stash holds (NULL: none), and its @ctr. */
struct mm *rss_cpu_stash_owner(int cpu);
long rss_cpu_stash_cached(int cpu, int ctr);

#endif /* RSS_CPU_STASH_H */
