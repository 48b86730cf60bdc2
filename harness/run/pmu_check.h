/*
 * pmu_check.h - `rssbench pmu-check`: does a miss event see coherence
 * traffic?  Two threads on two CPUs pass one cache line back and forth
 * (each write takes the line from the other CPU's cache), then each writes
 * a line of its own as often; an event that can tell the two apart moves.
 */
#ifndef RSS_PMU_CHECK_H
#define RSS_PMU_CHECK_H

#include <stddef.h>

#include "pmu.h"
#include "topo.h"

/* A miss event "moves" when the bounced line costs at least this many per
 * write (the ideal is 1: every hand-over is a miss) ... */
#define RSS_PMU_CHECK_MIN_SHARED	0.5
/* ... and at least this many times what a private line costs. */
#define RSS_PMU_CHECK_MIN_RATIO		10.0

enum rss_pmu_verdict {
	RSS_PMU_MOVES,		/* tells the bounced line from the private one */
	RSS_PMU_FLAT,		/* counted, but does not */
	RSS_PMU_NOT_MISS,	/* a software event: not a cache-miss event */
	RSS_PMU_UNCOUNTED,	/* unavailable, or some thread did not count it */
};

struct rss_pmu_check {
	long writes;				/* per thread, per phase */
	double shared[RSS_PMU_MAX_EVENTS];	/* per write, bounced line */
	double private_[RSS_PMU_MAX_EVENTS];	/* per write, own line */
	int counted[RSS_PMU_MAX_EVENTS];	/* both threads, both phases */
	double shared_cycles, private_cycles;	/* per write */
};

/* The verdict on event @i of @pmu from @r (pure: tests feed it figures). */
enum rss_pmu_verdict rss_pmu_check_verdict(const struct rss_pmu *pmu, int i,
					   const struct rss_pmu_check *r);

/*
 * Runs both phases with @writes writes per thread on CPUs @cpu_a and @cpu_b
 * of @topo.  0, or -errno with a message in @err (threads, binding).
 */
int rss_pmu_check_run(const struct rss_pmu *pmu, const struct rss_topo *topo, int cpu_a,
		      int cpu_b, long writes, struct rss_pmu_check *r, char *err, size_t errlen);

/*
 * What the coherence model (doc/coherence.md) says the same two patterns
 * cost: each hand-over of the bounced line is one write by the CPU taking
 * it, each private write one write to a line its CPU already owns.
 * Modelled, not measured.
 */
struct rss_pmu_check_model {
	double shared, private_;	/* transfers per write */
	double shared_invalidations;	/* per write, bounced line */
	int distance;			/* the bounced line's transfers' class
					 * (enum rss_coh_distance), -1 for none */
};

/*
 * Runs @writes rounds of each pattern on CPUs @cpu_a and @cpu_b of @topo
 * through the model (pmu_check_model.c), after one warm-up round whose
 * first touches are fills.  0, or -ENOMEM / -EINVAL (a model already open).
 */
int rss_pmu_check_model(const struct rss_topo *topo, int cpu_a, int cpu_b, long writes,
			struct rss_pmu_check_model *m);

#endif /* RSS_PMU_CHECK_H */
