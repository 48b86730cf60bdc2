/*
 * runner.h - one cell: a scheme under a workload on N worker threads, one per
 * (virtual) CPU, with tasks on run queues, migration, the error watchdog and
 * the checks after quiescence.
 */
#ifndef RSS_RUNNER_H
#define RSS_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "pmu.h"
#include "rss.h"
#include "topo.h"

enum rss_migrate_target { RSS_MIGRATE_RANDOM, RSS_MIGRATE_NEXT, RSS_MIGRATE_REMOTE_NODE };

struct rss_migrate {
	unsigned long every;		/* 0: tasks never move */
	enum rss_migrate_target target;
	char desc[48];			/* as given, normalised: "none", "every:64:random" */
};

/* Parses "none" or "every:K[:random|next|remote-node]".  0 or -EINVAL + message. */
int rss_migrate_parse(const char *s, struct rss_migrate *m, char *err, size_t errlen);

/*
 * The scheduler's time slice (--slice, slice.c): a task runs this long on
 * its CPU (its own run time, as the batches measure it) or this many of its
 * operations before the CPU picks the next task of its run queue, unless it
 * finishes or migrates first.
 */
struct rss_slice {
	uint64_t ns;			/* a time slice; 0 when counted in ops */
	unsigned long ops;		/* a slice of this many operations; 0 when timed */
	int kernel;			/* ns is the kernel's base slice for the topology */
	char desc[32];			/* as given: "kernel", "3ms", "200ops" */
};

/* EEVDF's base slice (6.6+): 0.75 ms * (1 + ilog2(min(@nr_online, 8))). */
uint64_t rss_sched_base_slice_ns(int nr_online);
/* Parses "kernel", a time with unit ns|us|ms|s, or "Nops".  0 or -EINVAL + message. */
int rss_slice_parse(const char *s, struct rss_slice *sl, char *err, size_t errlen);
/* A "kernel" slice, or one never set (all zero), gets the base slice for
 * @nr_online online CPUs. */
void rss_slice_resolve(struct rss_slice *sl, int nr_online);

struct rss_cell_config {
	const struct scheme_ops *scheme;
	const struct workload_ops *workload;
	const struct rss_topo *topo;
	const struct rss_pmu *pmu;
	int nr_threads;
	const int *cpus;		/* nr_threads CPU ids */
	struct rss_migrate migrate;
	struct rss_slice slice;		/* zero: the kernel's for the topology */
	int nr_tasks;			/* 0: one per thread */
	int tasks_per_mm;		/* 0: all tasks in one mm */
	double duration_s;		/* used when events_per_task == 0 */
	/* The window closes once duration_s has passed and every timed task
	 * has min_ops counted operations, or at window_cap_s (the larger of it
	 * and duration_s) whatever the counts. */
	unsigned long min_ops;
	double window_cap_s;
	unsigned long events_per_task;	/* deterministic mode: each task does this many ops */
	struct rss_params params;
	unsigned int seed;
	/* One thread runs every CPU's tasks, one operation per CPU in turn:
	 * the order of accesses across CPUs depends only on the seed and the
	 * events per task (the coherence model, model_cell.h). */
	int serialize;
};

struct rss_err_point {
	double t_s;		/* since the start of the window */
	long max_err;		/* over mms and counters in that sweep */
	long read, truth;	/* first mm's ANON */
};

struct rss_cell_result {
	int nr_tasks, nr_mms;
	unsigned long long ops;
	double window_s;
	double cycles;			/* busy cycles summed over workers */
	double cycles_per_op, ns_per_op, ops_per_sec;
	long long pmu_total[RSS_PMU_MAX_EVENTS];
	int pmu_counted[RSS_PMU_MAX_EVENTS];	/* every worker counted it */
	/* Errors in pages; -1 when not measured (RSS_SCHEME_NO_COUNTER). */
	long err_max, err_p99;		/* cheap read during the run */
	long nr_err_samples;
	long settled_err;		/* cheap read after the workers stopped */
	long precise_err;		/* precise read after the tasks exited: must be 0 */
	long exact_err;			/* read_exact after the tasks exited: must be 0; -1: none */
	char no_precise[160];		/* why precise_err is not measured, or "" */
	char scheme_note[256];		/* the scheme's describe(), or "" */
	unsigned long failures;		/* failed ops and check_mm complaints */
	struct bound bound;
	size_t footprint;		/* scheme's formula, bytes per mm */
	long pcpu_bytes_per_mm;		/* measured through the per-CPU allocator */
	unsigned long switches, migrations;	/* switch_mm calls, task moves */
	char note[192];			/* how the workload ran if not as asked, or "" */
	uint64_t slice_ns;		/* the time slice the cell ran with; 0: in ops */
	int bind_failures;
	int interrupted;		/* SIGINT/SIGTERM stopped it: not a whole cell */
	/* Timed tasks that had fewer than min_ops counted operations when the
	 * window closed (at its cap), and the fewest any timed task had. */
	int short_tasks;
	unsigned long fewest_ops;
	struct rss_err_point *trace;
	int nr_trace;
	unsigned long long *worker_ops;	/* nr_threads each */
	double *worker_cycles;
};

/* Runs one cell.  0, or -errno with a message (setup failures only). */
int rss_cell_run(const struct rss_cell_config *cfg, struct rss_cell_result *res,
		 char *err, size_t errlen);
void rss_cell_result_free(struct rss_cell_result *res);

/*
 * slowdown.c: @s, or a copy whose add() spins RSSBENCH_SLOWDOWN's cycles
 * more when that hidden test knob names @s (scripts/bench-gate).  A bad
 * value exits 2.
 */
const struct scheme_ops *rss_slowdown(const struct scheme_ops *s);
/* What RSSBENCH_SLOWDOWN does, for meta.json and stderr; NULL when unset. */
const char *rss_slowdown_desc(void);

#endif /* RSS_RUNNER_H */
