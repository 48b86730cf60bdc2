/*
 * coherence.h - a directory-based MESI model of the cache lines the model
 * build of bench/ touches (bench/model.h, doc/coherence.md).
 *
 * Per line the directory keeps its owner (one CPU holding it exclusive,
 * clean or modified) or its sharers.  A read of a line another CPU holds
 * modified, or a write to a line other CPUs hold, is a transfer, classed by
 * the distance between the CPUs from the topology; each copy a write
 * destroys is an invalidation.  One model at a time (the one cell running);
 * the calling thread's current CPU says who accesses.
 */
#ifndef RSS_COHERENCE_H
#define RSS_COHERENCE_H

#include <stddef.h>

/* How far a line travels: the CPUs share a core, a last-level cache (or a
 * package where the topology names no cache), a NUMA node, or nothing. */
enum rss_coh_distance {
	RSS_COH_CORE,
	RSS_COH_CACHE,
	RSS_COH_NODE,
	RSS_COH_REMOTE,
	RSS_COH_NR_DISTANCES
};

/* "core", "cache", "node", "remote". */
extern const char *const rss_coh_distance_names[RSS_COH_NR_DISTANCES];

/* Where a CPU sits: ids equal between two CPUs mean a shared level. */
struct rss_coh_place {
	int core, cache, node;
};

/* Counts while counting is on (rss_coh_set_counting). */
struct rss_coh_stats {
	unsigned long long accesses;	/* recorded loads, stores, atomics, ranges */
	unsigned long long lines;	/* distinct lines per interval, summed */
	unsigned long long transfers[RSS_COH_NR_DISTANCES];
	unsigned long long invalidations;	/* copies destroyed by writes */
	unsigned long long fills;	/* misses no other cache supplied dirty */
	unsigned long long lost;	/* accesses not modelled: out of memory */
};

/*
 * Starts a model of @nr_cpus CPUs placed as @place (copied), every line
 * uncached, the statistics zero.  0, or -ENOMEM / -EINVAL (no CPUs, or a
 * model already open).
 */
int rss_coh_open(int nr_cpus, const struct rss_coh_place *place);
/* Ends it; recording stops.  Safe when none is open. */
void rss_coh_close(void);

/*
 * The calling thread's context: its current CPU (-1: its accesses are not
 * recorded, the default) and whether its accesses count in the statistics
 * (they always change the lines' states; default on).
 */
struct rss_coh_ctx {
	int cpu, counting;
};

/* Sets the CPU; returns the context to go back to. */
struct rss_coh_ctx rss_coh_enter(int cpu);
void rss_coh_leave(struct rss_coh_ctx prev);
int rss_coh_cpu(void);
void rss_coh_set_counting(int on);

/* An operation begins: lines touched from here on are counted afresh. */
void rss_coh_interval(void);

/* The statistics so far, and their reset (line states are kept). */
void rss_coh_stats(struct rss_coh_stats *out);
void rss_coh_reset_stats(void);
/* Transfers over all distances. */
unsigned long long rss_coh_transfers(const struct rss_coh_stats *s);

/* The distance class between CPUs @a and @b of the open model. */
enum rss_coh_distance rss_coh_distance(int a, int b);

#endif /* RSS_COHERENCE_H */
