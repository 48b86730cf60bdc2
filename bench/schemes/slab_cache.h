/*
 * slab_cache.h - the slab-cache scheme's SLUB cache of mm_structs: its
 * geometry, as mm/slub.c derives it from the object size, for the scheme
 * and its tests.
 *
 * The object is what kernel/fork.c's mm_cache_init() asks for:
 * sizeof(struct mm_struct) + cpumask_size() (cpu_bitmap) + mm_cid_size()
 * (two more masks), SLAB_HWCACHE_ALIGN.  With CONFIG_CPUMASK_OFFSTACK (the
 * distributions' x86-64 kernels) a mask is BITS_TO_LONGS(nr_cpu_ids) longs,
 * so the object grows with the machine.  RSS_SLUB_MM_BASE is the rest,
 * measured on this host: /sys/kernel/slab/mm_struct of 6.18 (x86-64,
 * nr_cpu_ids 2) has object_size 1568 = 1544 + 3 x 8, slab_size 1600,
 * objs_per_slab 20, order 3, cpu_partial 24, min_partial 5, which
 * rss_slub_geometry() reproduces (test_scheme_slab_cache).
 */
#ifndef RSS_SLAB_CACHE_H
#define RSS_SLAB_CACHE_H

#define RSS_SLUB_MM_BASE	1544	/* bytes of mm_struct before its masks */
#define RSS_SLUB_MAX_OBJECTS	32	/* the port's bound: order 3 of >= 1 KiB */

/* What kmem_cache_create() computes for the mm_struct cache. */
struct rss_slub_geometry {
	unsigned int size;		/* s->size: the object, cache-line aligned */
	unsigned int order;		/* oo_order(s->oo): calculate_order() */
	unsigned int objects;		/* oo_objects(s->oo): (PAGE_SIZE << order) / size */
	unsigned int cpu_partial;	/* objects: set_cpu_partial() by size */
	unsigned int cpu_partial_slabs;	/* DIV_ROUND_UP(cpu_partial * 2, objects) */
	unsigned int min_partial;	/* ilog2(size) / 2 within [5, 10] */
};

/*
 * The geometry for a machine of @nr_cpu_ids CPU ids, @nr_present of them
 * present (calculate_order()'s min_objects = 4 * (fls(present) + 1)), with
 * 4 KiB pages and slub_max_order 3 (mm/slub.c, v6.10+; the same rules since
 * cpu_partial_slabs, v5.16).
 */
void rss_slub_geometry(int nr_cpu_ids, int nr_present, struct rss_slub_geometry *g);

/* The running cache's geometry (the scheme's setup computed it). */
const struct rss_slub_geometry *rss_slub_geometry_now(void);

/*
 * Most free objects the cache keeps once every mm has exited: each CPU's
 * slab and its per-CPU partial slabs, and min_partial empty slabs per node
 * (an emptied slab beyond them is discarded).  With live mms, partly used
 * slabs on the node lists hold free objects too, without a limit.
 */
long rss_slub_max_cached(const struct rss_slub_geometry *g, int nr_cpus, int nr_nodes);

/* Slabs allocated (each ran the constructor on every object) and discarded
 * (the destructor on every object) since the scheme's setup. */
long rss_slub_slabs_allocated(void);
long rss_slub_slabs_discarded(void);
/* Slabs on @cpu's partial list (tests; only that CPU's worker changes it). */
int rss_slub_nr_cpu_partial(int cpu);

#endif /* RSS_SLAB_CACHE_H */
