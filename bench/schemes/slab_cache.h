/*
 * slab_cache.h - the sizes of the slab-cache scheme's object cache, for the
 * scheme and its tests: SLAB's per-CPU array cache for objects over 1 KiB
 * (enable_cpucache(): limit 24, batchcount (limit + 1) / 2) and a shared
 * array of 8 batches (cachep->shared = 8 on SMP).
 */
#ifndef RSS_SLAB_CACHE_H
#define RSS_SLAB_CACHE_H

#define RSS_SLAB_CPU_LIMIT	24
#define RSS_SLAB_BATCH		12
#define RSS_SLAB_SHARED_LIMIT	(8 * RSS_SLAB_BATCH)

/* Most free objects the cache keeps (and their per-CPU counters with them). */
#define RSS_SLAB_MAX_CACHED(nr_cpus)	((long)(nr_cpus) * RSS_SLAB_CPU_LIMIT + RSS_SLAB_SHARED_LIMIT)

#endif /* RSS_SLAB_CACHE_H */
