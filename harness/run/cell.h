/* cell.h - the running cell, shared by sched.c and watchdog.c only. */
#ifndef RSS_CELL_H
#define RSS_CELL_H

#include <pthread.h>
#include <stdint.h>

#include "arch.h"
#include "runner.h"

struct runqueue {
	pthread_mutex_t lock;
	struct task **tasks;
	int nr, next;
};

struct cell;

struct worker {
	struct cpu cpu;
	struct runqueue rq;
	struct cell *cell;
	pthread_t thread;
	int index;
	uint64_t rng;
	unsigned long long ops;
	unsigned long slices;		/* every batch run, for the stall check */
	uint64_t cycles;
	unsigned long migrations;
	long long pmu_values[RSS_PMU_MAX_EVENTS];
} RSS_ALIGNED;

struct cell {
	const struct rss_cell_config *cfg;
	struct machine machine;
	struct worker *workers;
	int nr_workers;
	int *worker_of_cpu;		/* -1 for CPUs the cell does not use */
	struct task *tasks;
	int nr_tasks;
	struct mm **mms;
	int nr_mms, tasks_per_mm;
	size_t workload_pcpu_bytes;	/* per-CPU bytes the workload's task_init took */
	pthread_barrier_t ready, go;
	struct rss_slice slice;		/* resolved: the kernel's for this machine */
	uint64_t slice_cycles;		/* a task's time slice, in cycles (0 with ops) */
	unsigned long slice_ops;	/* or in its operations (0 when timed) */
	int stop;			/* set by main: workers and watchdog end */
	long finished;			/* tasks done (events mode) */
	int bind_failures;
	uint64_t t0_ns;
	/* watchdog output */
	long *samples;
	long nr_samples, cap_samples;
	long err_max;
	struct rss_err_point *trace;
	int nr_trace, cap_trace;
};

/* Truth of mm @m (or of the whole process when @m < 0), counter @ctr. */
long rss_cell_truth(struct cell *c, int m, int ctr);
/* One task's truth of one counter, widened by its update in flight. */
struct truth_view {
	long lo, hi;
	unsigned long updates;
};
/* The views of the tasks of mm @m (all tasks when @m < 0) into @v; their number. */
int rss_cell_truth_views(struct cell *c, int m, int ctr, struct truth_view *v);
/* One worker: binds to its CPU, runs its run queue until the cell ends;
 * run as a thread, @arg its struct worker (worker.c). */
void *rss_worker_main(void *arg);
/* Samples the cheap reads until c->stop; run as a thread. */
void *rss_watchdog_main(void *arg);

#endif /* RSS_CELL_H */
