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

/* A metric's view by the gate; CHANGED: a deterministic figure that
 * improved (a finding, not a failure).  NONE: shown, not gated. */
enum rss_gate { RSS_GATE_OK, RSS_GATE_REGRESSION, RSS_GATE_INCONCLUSIVE, RSS_GATE_CHANGED,
		RSS_GATE_NONE };
#define RSS_GATE_NR	5

/*
 * What compare found, whatever the gate makes of it: worse or better (the U
 * test at alpha; exact columns by value; verify), the same (no difference,
 * equal, ok), or unclear (too few repetitions, a value unavailable).
 */
enum rss_change { RSS_CHANGE_UNCLEAR, RSS_CHANGE_SAME, RSS_CHANGE_WORSE, RSS_CHANGE_BETTER };
#define RSS_CHANGE_NR	4

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
	enum rss_change change;	/* the verdict's class */
	/*
	 * Not compared, a value unavailable: "baseline unavailable (no PMU)",
	 * "both sides no such column" (an exact column); else NULL.
	 */
	const char *not_compared;
	enum rss_gate gate;
	const char *why;	/* the gate's reason when not OK, else "" */
	int cell;		/* the pair of cells it belongs to: 0 .. nr_pairs - 1 */
};

struct rss_cmp {
	int same_topology;
	int nr_pairs;		/* cells lined up */
	int only_a, only_b;	/* cells with no partner on the other side */
	/* Why no time metric is gated (doc/compare.md): virtual or guest
	 * against a machine, other CPU models, a busy run; NULL: gated. */
	const char *time_untrusted;
	/* Why the time metric is gated on a busy machine (an interleaved
	 * `ab` pair), or NULL. */
	const char *time_note;
	int error_exact;	/* settled_err is deterministic on both sides: gated exactly */
	int model_exact;	/* model.csv's figures too (both loaded, both -e runs) */
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
/*
 * compare_trust.c: why the time columns of @a and @b cannot be gated (in
 * @buf, returned), or NULL: a virtual topology on either side, other
 * topology kinds, other or unrecorded CPU models, other hypervisors (a
 * guest's timings are not a machine's), or either run busy by its own
 * meta.json host_state (load average above its online CPUs before or after)
 * unless the two are one interleaved `rssbench ab` pair (meta.json's ab:
 * sides A and B, each other_run_id the other's run_id, the same rounds):
 * then NULL, and why the load was waived in @note ("" otherwise).
 */
const char *rss_cmp_time_untrusted(const struct rss_resdir *a, const struct rss_resdir *b,
				   char *buf, size_t len, char *note, size_t notelen);
/*
 * compare_trust.c: non-zero when settled_err repeats exactly on both sides:
 * the same topology and workload parameters, --serialize, the same positive
 * --events-per-task, seed, --slice Nops and tasks (doc/scenarios.md).
 */
int rss_cmp_error_exact(const struct rss_resdir *a, const struct rss_resdir *b, int same_topology);
/*
 * compare_trust.c: non-zero when both sides' model.csv (loaded by
 * rss_resdir_load_model) is deterministic: the same positive
 * --events-per-task, seed, tasks, workload parameters and topology.
 */
int rss_cmp_model_exact(const struct rss_resdir *a, const struct rss_resdir *b, int same_topology);
/*
 * Non-zero when rss_compare(@a, @b) has rows of metric @name: a fixed
 * metric (cycles_per_op ... verify) or an ev: column of either side.
 */
int rss_cmp_has_metric(const struct rss_resdir *a, const struct rss_resdir *b, const char *name);
/* The fixed metrics' names, in rss_compare's order, into @out (room for @max); the count. */
int rss_cmp_metric_names(const char **out, int max);
/* "core:2 cache:2 node:2 machine:2", for notes. */
void rss_levels_str(const struct rss_topo_levels *lv, char *buf, size_t len);

#endif /* RSS_COMPARE_H */
