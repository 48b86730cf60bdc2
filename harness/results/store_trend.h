/*
 * store_trend.h - series across runs from the store, and the regressions
 * in them (doc/store.md, "Trends" and "Regressions").  A series is one
 * cell (workload, scheme, threads, placement, migration) on one machine
 * (host) and kernel release; a point is one run's repetitions of it.
 */
#ifndef RSS_STORE_TREND_H
#define RSS_STORE_TREND_H

#include <stddef.h>

#include "stats.h"
#include "store.h"

/* What a series can follow: a cells column, whether more is worse, whether a time. */
struct rss_trend_metric {
	const char *name;	/* the --metric name */
	const char *column;	/* cells' column (a constant of this table, never data) */
	int higher_is_worse;
	int timing;		/* a time: marked runs are left out of the verdict */
};
extern const struct rss_trend_metric rss_trend_metrics[];
extern const int rss_trend_nr_metrics;
/* The metric named @name, or NULL. */
const struct rss_trend_metric *rss_trend_metric(const char *name);

/* How the points of a series are ordered. */
enum rss_trend_order {
	RSS_ORDER_TIME,		/* by started: one series per kernel */
	RSS_ORDER_KERNEL,	/* across kernels: by release (version order), then started */
	RSS_ORDER_REVISION,	/* each revision's runs together, in the order of its first run */
};

/* A filter (NULL or 0: any) and what to follow. */
struct rss_trend_query {
	const char *machine, *kernel, *workload, *scheme, *placement, *migration;
	int threads;
	const struct rss_trend_metric *metric;
	enum rss_trend_order order;
	double threshold;	/* a step this much worse is a regression (0.05) */
};

/* Why a point's timing is not a machine's (the gate's marks, doc/compare.md). */
#define RSS_MARK_VIRTUAL	1	/* topology_kind virtual: CPUs oversubscribed */
#define RSS_MARK_GUEST		2	/* a guest kernel's run, timings not the host's */
#define RSS_MARK_BUSY		4	/* load average above the online CPUs, before or after */
#define RSS_MARK_NOISY		8	/* rss_rel_iqr of the repetitions above RSS_NOISY_IQR */

/* One run's repetitions of the series' cell. */
struct rss_trend_point {
	long long run;			/* runs.id */
	const char *started, *kernel, *revision, *source, *identity;	/* the store's bytes */
	int n;				/* repetitions with a value (0: none) */
	double median, min, max;
	unsigned marks;
	int used;			/* taken into the verdict */
};

/* The verdict over a series' usable points. */
enum rss_trend_state {
	RSS_TREND_TOO_FEW,	/* fewer than RSS_TREND_MIN_POINTS usable points */
	RSS_TREND_OK,		/* no step, or none worse than the threshold */
	RSS_TREND_REGRESSION,	/* the last level is worse than the best before it */
	RSS_TREND_SUSPECT,	/* the same, but on the last run alone */
	RSS_TREND_IMPROVED,	/* the last level is better than the one before */
	RSS_TREND_CHANGED,	/* a deterministic metric changed at the last run */
};
#define RSS_TREND_MIN_POINTS	3
#define RSS_TREND_CONFIRM	2	/* runs a new level needs to be a regression */
#define RSS_TREND_MAX_POINTS	256	/* the verdict looks at this many latest points */

struct rss_trend_verdict {
	enum rss_trend_state state;
	int points;		/* usable points judged */
	int segments;		/* levels the fit found */
	int at;			/* index (among usable points) where the last level starts */
	double before, after;	/* the level compared with, and the last one */
};

struct rss_trend_series {
	const char *machine, *kernel;	/* kernel NULL for RSS_ORDER_KERNEL */
	const char *workload, *scheme, *placement, *migration;
	int threads;
	const struct rss_trend_metric *metric;
	int nr;
	struct rss_trend_point *pts;
	struct rss_trend_verdict verdict;
};

/*
 * Calls @fn(series, @arg) for every series matching @q, in the order of
 * machine, kernel (unless by kernel), workload, scheme, threads, placement,
 * migration; the series and its strings live until @fn returns.  A non-zero
 * return of @fn stops and is returned.  One pass over the matching cells
 * (sorted by SQLite), memory for one series at a time.  0, or
 * -EINVAL/-ENOMEM with one line in @err.
 */
int rss_store_trend(struct rss_store *s, const struct rss_trend_query *q,
		    int (*fn)(const struct rss_trend_series *, void *), void *arg, char *err,
		    size_t errlen);

/* The name of a verdict state ("regression", ...). */
const char *rss_trend_state_name(enum rss_trend_state st);

/* The step penalty for @y: 3 sigma ln n, sigma from successive differences (>= 1 % of the median). */
double rss_step_gamma(const double *y, int n);
/*
 * The L1 piecewise-constant fit of @y (n values) with @gamma per level:
 * each point's level in @seg (0, 1, ...); the number of levels.  O(n^3).
 */
int rss_step_fit(const double *y, int n, double gamma, int *seg);
/* The verdict over @y (oldest first) with a step of @threshold (a fraction). */
void rss_step_judge(const double *y, int n, int higher_is_worse, double threshold,
		    struct rss_trend_verdict *v);

#endif /* RSS_STORE_TREND_H */
