/* cell.h - the running cell, shared by the files of harness/run/ that run it. */
#ifndef RSS_CELL_H
#define RSS_CELL_H

#include <pthread.h>
#include <stdint.h>

#include "arch.h"
#include "runner.h"

/* A thread of the cell on its own resident stack (resident.c). */
struct rss_thread {
	pthread_t thread;
	void *map;			/* the stack and its guard page; NULL: not started */
	size_t len;
};

/* Deep enough for PAPI's and hwloc's set-up in a worker. */
#define RSS_THREAD_STACK	(256 * 1024)

/*
 * Starts @fn(@arg) on a new stack of RSS_THREAD_STACK bytes, every page
 * resident, over a guard page.  0, or -errno (the mapping or pthread_create
 * failed: a resource limit), with nothing left mapped.
 */
int rss_thread_start(struct rss_thread *t, void *(*fn)(void *), void *arg);
/* Joins a started thread and unmaps its stack; a no-op for one not started. */
void rss_thread_join(struct rss_thread *t);
/* Touches the calling thread's next 64 KiB of stack (the main thread's). */
void rss_pretouch_stack(void);
/* Writes a zero into every page of @len bytes of zeroed memory at @p. */
void rss_touch(void *p, size_t len);
/* Populates every file mapping of the process (text, rodata, data), so no
 * code run for the first time faults a page in.  Best effort. */
void rss_populate_files(void);

struct runqueue {
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* an idle worker waits on it (rss_cell_wake_all) */
	int sleeping;			/* its worker waits on wake: rq_add signals */
	struct task **tasks;
	int nr, next;
};

struct cell;

/* One task's truth of one counter, widened by its update in flight. */
struct truth_view {
	long lo, hi;
	unsigned long updates;
};

struct worker {
	struct cpu cpu;
	struct runqueue rq;
	struct cell *cell;
	struct rss_thread thread;
	int index;
	uint64_t rng;
	unsigned long long ops;
	unsigned long slices;		/* every batch run, for the stall check */
	uint64_t cycles;
	unsigned long migrations;
	unsigned long failed_batches;	/* batches left untimed: an op failed */
	unsigned long late_batches;	/* batches that ended after the window */
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
	struct rss_thread watchdog;
	pthread_mutex_t launch_lock;	/* launch: 1 all threads started, -1 give up */
	pthread_cond_t launch_cond;
	int launch;
	/* ready/go: parked before the window, then again after it for the checks. */
	pthread_barrier_t ready, go;
	struct rss_slice slice;		/* resolved: the kernel's for this machine */
	uint64_t slice_cycles;		/* a task's time slice, in cycles (0 with ops) */
	unsigned long slice_ops;	/* or in its operations (0 when timed) */
	int stop;			/* set: workers and watchdog end */
	uint64_t t0_cycles;		/* the window's start, cycle counter */
	uint64_t deadline;		/* its end as asked; 0 in events mode */
	uint64_t stop_cycles;		/* when it closed: the first to see the deadline */
	uint64_t cap_deadline;		/* the latest it may close (--window-cap); 0: events */
	unsigned long min_ops;		/* timed ops each timed task needs first (--min-ops) */
	unsigned long *task_ops;	/* each task's counted timed ops (nr_tasks) */
	long short_tasks;		/* timed tasks still below min_ops */
	long finished;			/* tasks done (events mode) */
	int bind_failures;
	int sync_failures;	/* threads whose scheme's thread_sync failed */
	uint64_t t0_ns;
	/* watchdog output */
	long *samples;
	long nr_samples, cap_samples;
	long err_max;
	struct rss_err_point *trace;
	int nr_trace, cap_trace;
	struct truth_view *view_before, *view_after;	/* the watchdog's, nr_tasks each */
};

/* Truth of mm @m (or of the whole process when @m < 0), counter @ctr. */
long rss_cell_truth(struct cell *c, int m, int ctr);
/* The views of the tasks of mm @m (all tasks when @m < 0) into @v; their number. */
int rss_cell_truth_views(struct cell *c, int m, int ctr, struct truth_view *v);
/* One worker: binds to its CPU, runs its run queue until the cell ends;
 * run as a thread, @arg its struct worker (worker.c). */
void *rss_worker_main(void *arg);
/* Samples the cheap reads until c->stop; run as a thread. */
void *rss_watchdog_main(void *arg);
/* Called first by each thread of the cell: 0 once all are started, -1 when
 * one could not be (the thread then returns at once). */
int rss_cell_launched(struct cell *c);
/* Wakes every idle worker waiting on its run queue (the cell ends: stop set). */
void rss_cell_wake_all(struct cell *c);

#endif /* RSS_CELL_H */
