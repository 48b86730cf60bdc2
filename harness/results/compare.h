/*
 * compare.h - lines up the cells of two results directories and judges each
 * metric: medians, ratio, interval, U test, and the gate's verdict
 * (doc/compare.md).
 */
#ifndef RSS_COMPARE_H
#define RSS_COMPARE_H

#include "resdir.h"

enum rss_mclass {
	RSS_M_TIME,	/* cycles/ns per op, ops/s: statistics, gated */
	RSS_M_EVENT,	/* ev:*: statistics, report only */
	RSS_M_NOISY,	/* err_max, err_p99, settled_err: statistics, report only */
	RSS_M_EXACT,	/* bounds, memory, precise_err, failures: gated exactly */
	RSS_M_VERIFY,	/* verify: a FAILED candidate always fails the gate */
};

enum rss_gate { RSS_GATE_OK, RSS_GATE_REGRESSION, RSS_GATE_INCONCLUSIVE, RSS_GATE_NONE };

struct rss_cmp_opts {
	double threshold;	/* 0.05: a time metric must be 5% worse */
	double alpha;		/* U test significance, 0.05 */
	int min_reps;		/* fewer on either side is inconclusive */
	/* The one time metric the gate judges (cycles, ns and ops/s are one
	 * measurement: each cell counts once); NULL: all three (compare). */
	const char *gate_metric;
};

struct rss_cmp_row {
	const char *workload, *scheme, *placement, *migration;
	int threads_a, threads_b;
	const char *level;	/* "" when the topologies match, else "core", "node/machine" */
	const char *metric;	/* a fixed name, or a column name of either side */
	enum rss_mclass cls;
	int higher_better;
	int n_a, n_b;
	double med_a, med_b;	/* exact columns: max over repetitions */
	double ratio;		/* med_b / med_a; NAN when none */
	double lo, hi;		/* interval for the ratio, NAN when none */
	double p;		/* U test, NAN when none */
	const char *verdict;	/* what compare prints */
	enum rss_gate gate;
	const char *why;	/* the gate's reason when not OK, else "" */
};

struct rss_cmp {
	int same_topology;
	int nr_pairs;		/* cells lined up */
	int only_a, only_b;	/* cells with no partner on the other side */
	int nr_rows;
	struct rss_cmp_row *rows;
	struct rss_cmp_text *text;	/* the rows' strings (compare.c) */
	int nomem;
};

/*
 * Compares candidate @b against baseline @a.  The rows point into @a, @b
 * and @c: free @c first.  0 or -ENOMEM.
 */
int rss_compare(struct rss_cmp *c, const struct rss_resdir *a, const struct rss_resdir *b,
		const struct rss_cmp_opts *o);
void rss_compare_free(struct rss_cmp *c);
/* "core:2 cache:2 node:2 machine:2", for notes. */
void rss_levels_str(const struct rss_topo_levels *lv, char *buf, size_t len);

#endif /* RSS_COMPARE_H */
