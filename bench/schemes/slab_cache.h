/*
 * slab_cache.h - the sizes of the slab-cache scheme's SLUB cache, for the
 * scheme and its tests.  mm_struct on x86-64 (6.18, this host's
 * /sys/kernel/slab/mm_struct): 1600-byte objects, 20 per order-3 slab;
 * cpu_partial 24 objects, i.e. DIV_ROUND_UP(24 * 2, 20) = 3 slabs per CPU
 * (slub_set_cpu_partial()); min_partial 5 (ilog2(1600) / 2 within
 * [MIN_PARTIAL 5, MAX_PARTIAL 10]); no sheaves (sheaf_capacity 0).
 */
#ifndef RSS_SLAB_CACHE_H
#define RSS_SLAB_CACHE_H

#define RSS_SLUB_OBJECTS		20	/* objects per slab: oo_objects(s->oo) */
#define RSS_SLUB_CPU_PARTIAL_SLABS	3	/* s->cpu_partial_slabs */
#define RSS_SLUB_MIN_PARTIAL		5	/* s->min_partial */

/*
 * Most free objects the cache keeps once every mm has exited: each CPU's
 * slab and its per-CPU partial slabs, and min_partial empty slabs per node
 * (an emptied slab beyond them is discarded).  With live mms, partly used
 * slabs on the node lists hold free objects too, without a limit.
 */
#define RSS_SLUB_MAX_CACHED(nr_cpus, nr_nodes) \
	((long)(nr_cpus) * (1 + RSS_SLUB_CPU_PARTIAL_SLABS) * RSS_SLUB_OBJECTS + \
	 (long)(nr_nodes) * RSS_SLUB_MIN_PARTIAL * RSS_SLUB_OBJECTS)

/* Slabs allocated (each ran the constructor on every object) and discarded
 * (the destructor on every object) since the scheme's setup. */
long rss_slub_slabs_allocated(void);
long rss_slub_slabs_discarded(void);

#endif /* RSS_SLAB_CACHE_H */
