/*
 * sched.c - one cell: the CPU/task model set up (workers, tasks on per-CPU
 * run queues, mms), the window run and watched, then the checks after
 * quiescence.  What each worker does is worker.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cell.h"
#include "forkd.h"
#include "harness.h"
#include "schemes/pcpu_alloc.h"
#include "stats.h"

#define STALL_LIMIT_S	60		/* no slice run this long: a deadlocked scheme aborts */

volatile sig_atomic_t rss_interrupted;


long rss_cell_truth(struct cell *c, int m, int ctr)
{
	int first = m < 0 ? 0 : m * c->tasks_per_mm;
	int last = m < 0 ? c->nr_tasks : first + c->tasks_per_mm;
	long sum = 0;

	if (last > c->nr_tasks)
		last = c->nr_tasks;
	for (int i = first; i < last; i++)
		sum += __atomic_load_n(&c->tasks[i].truth[ctr], __ATOMIC_RELAXED);
	return sum;
}

int rss_cell_truth_views(struct cell *c, int m, int ctr, struct truth_view *v)
{
	int first = m < 0 ? 0 : m * c->tasks_per_mm;
	int last = m < 0 ? c->nr_tasks : first + c->tasks_per_mm;

	if (last > c->nr_tasks)
		last = c->nr_tasks;
	for (int i = first; i < last; i++) {
		const struct task *t = &c->tasks[i];
		/* Acquire pairs with rss_truth_add(): pending 0 means truth is new. */
		long p = __atomic_load_n(&t->pending[ctr], __ATOMIC_ACQUIRE);
		long truth = __atomic_load_n(&t->truth[ctr], __ATOMIC_RELAXED);

		v[i - first] = (struct truth_view){
			.lo = truth + (p < 0 ? p : 0),
			.hi = truth + (p > 0 ? p : 0),
			.updates = __atomic_load_n(&t->updates, __ATOMIC_RELAXED),
		};
	}
	return last - first;
}

static struct cpu *cpu_of(struct cell *c, struct task *t)
{
	return &c->workers[c->worker_of_cpu[t->cpu]].cpu;
}

static int cell_alloc(struct cell *c, const struct rss_cell_config *cfg)
{
	int nr_cpus = rss_topo_machine(cfg->topo)->nr_cpu_ids;	/* CPU ids are below it */

	c->cfg = cfg;
	c->nr_workers = cfg->nr_threads;
	c->nr_tasks = cfg->nr_tasks ? cfg->nr_tasks : cfg->nr_threads;
	c->tasks_per_mm = cfg->tasks_per_mm ? cfg->tasks_per_mm : c->nr_tasks;
	if (c->tasks_per_mm > c->nr_tasks)
		c->tasks_per_mm = c->nr_tasks;
	c->nr_mms = (c->nr_tasks + c->tasks_per_mm - 1) / c->tasks_per_mm;
	c->machine = *rss_topo_machine(cfg->topo);
	c->machine.place_on_node = rss_topo_is_virtual(cfg->topo) ? NULL :
				   rss_mem_place_on_node;
	c->machine.fork_server = &rss_forkd_ops;
	c->workers = aligned_alloc(RSS_CACHE_LINE, sizeof(struct worker) * (size_t)c->nr_workers);
	c->worker_of_cpu = malloc(sizeof(int) * (size_t)nr_cpus);
	/* Line aligned: which tasks share a line (the model counts it) is the
	 * same in every cell, whatever the heap held before. */
	c->tasks = aligned_alloc(RSS_CACHE_LINE, (sizeof(struct task) * (size_t)c->nr_tasks +
						 RSS_CACHE_LINE - 1) / RSS_CACHE_LINE * RSS_CACHE_LINE);
	c->mms = calloc((size_t)c->nr_mms, sizeof(struct mm *));
	c->cap_samples = 1 << 20;
	c->samples = malloc(sizeof(long) * (size_t)c->cap_samples);
	c->cap_trace = 2000;
	c->trace = calloc((size_t)c->cap_trace, sizeof(struct rss_err_point));
	c->view_before = calloc((size_t)c->nr_tasks, sizeof(struct truth_view));
	c->view_after = calloc((size_t)c->nr_tasks, sizeof(struct truth_view));
	c->task_ops = calloc((size_t)c->nr_tasks, sizeof(*c->task_ops));
	if (c->workers)
		memset(c->workers, 0, sizeof(struct worker) * (size_t)c->nr_workers);
	if (c->tasks)
		memset(c->tasks, 0, sizeof(struct task) * (size_t)c->nr_tasks);
	if (!c->workers || !c->worker_of_cpu || !c->tasks || !c->mms || !c->samples ||
	    !c->trace || !c->view_before || !c->view_after || !c->task_ops)
		return -ENOMEM;
	/* Resident now, so that the native scheme's baseline already has them. */
	rss_touch(c->samples, sizeof(long) * (size_t)c->cap_samples);
	rss_touch(c->trace, sizeof(struct rss_err_point) * (size_t)c->cap_trace);
	rss_touch(c->view_before, sizeof(struct truth_view) * (size_t)c->nr_tasks);
	rss_touch(c->view_after, sizeof(struct truth_view) * (size_t)c->nr_tasks);
	for (int i = 0; i < nr_cpus; i++)
		c->worker_of_cpu[i] = -1;
	for (int i = 0; i < c->nr_workers; i++) {
		struct worker *w = &c->workers[i];

		w->cell = c;
		w->index = i;
		w->rng = 0x9e3779b97f4a7c15ull * (uint64_t)(cfg->seed + (unsigned)i + 1);
		w->cpu.id = cfg->cpus[i];
		w->cpu.node = c->machine.cpu_node[cfg->cpus[i]];
		w->cpu.ops = cfg->scheme;
		w->cpu.machine = &c->machine;
		pthread_mutex_init(&w->rq.lock, NULL);
		pthread_cond_init(&w->rq.wake, NULL);
		w->rq.tasks = calloc((size_t)c->nr_tasks, sizeof(struct task *));
		if (!w->rq.tasks)
			return -ENOMEM;
		c->worker_of_cpu[cfg->cpus[i]] = i;
	}
	return 0;
}

static void cell_free(struct cell *c)
{
	if (c->workers)
		for (int i = 0; i < c->nr_workers; i++) {
			free(c->workers[i].rq.tasks);
			pthread_mutex_destroy(&c->workers[i].rq.lock);
			pthread_cond_destroy(&c->workers[i].rq.wake);
		}
	free(c->workers);
	free(c->worker_of_cpu);
	free(c->tasks);
	free(c->mms);
	free(c->samples);
	free(c->trace);
	free(c->view_before);
	free(c->view_after);
	free(c->task_ops);
}

/*
 * fork() of each process, clone(CLONE_VM|CLONE_THREAD) of its other threads.
 * On failure, c->nr_tasks and c->nr_mms are cut to what was created, so
 * finish() takes exactly that down again.
 */
static int create_tasks(struct cell *c, char *err, size_t errlen)
{
	const struct rss_cell_config *cfg = c->cfg;
	const struct scheme_ops *ops = cfg->scheme;
	size_t pcpu0;
	int i, nr_mms = 0, ret = 0;

	for (i = 0; i < c->nr_tasks; i++) {
		struct task *t = &c->tasks[i];
		struct worker *w = &c->workers[i % c->nr_workers];
		int m = i / c->tasks_per_mm;

		t->id = i;
		t->cpu = w->cpu.id;
		if (i % c->tasks_per_mm == 0) {
			c->mms[m] = ops->mm_create(&w->cpu);
			if (!c->mms[m]) {
				snprintf(err, errlen, "%s: mm_create failed for mm %d (out of memory)",
					 ops->name, m);
				ret = -ENOMEM;
				break;
			}
			c->mms[m]->id = m;
			nr_mms++;
		}
		t->mm = c->mms[m];
		if (ops->task_fork)
			ops->task_fork(t, i % c->tasks_per_mm ? RSS_CLONE_VM | RSS_CLONE_THREAD : 0,
				       &w->cpu);
		/* What a workload allocates (oom-scan's mms) is not the cell's mms'. */
		pcpu0 = rss_pcpu_bytes_in_use();
		ret = cfg->workload->task_init(t, &w->cpu, &cfg->params);
		c->workload_pcpu_bytes += rss_pcpu_bytes_in_use() - pcpu0;
		if (ret) {
			snprintf(err, errlen, "%s: task setup failed: %s", cfg->workload->name,
				 strerror(-ret));
			if (ops->task_exit)
				ops->task_exit(t, &w->cpu);
			break;
		}
		w->rq.tasks[w->rq.nr++] = t;
	}
	if (ret) {
		c->nr_mms = nr_mms;
		c->nr_tasks = i;
	}
	return ret;
}

/* The latest a timed window may close, in seconds from its start. */
static double window_cap_s(const struct rss_cell_config *cfg)
{
	return cfg->window_cap_s > cfg->duration_s ? cfg->window_cap_s : cfg->duration_s;
}

static void wait_window(struct cell *c)
{
	const struct rss_cell_config *cfg = c->cfg;
	struct timespec tick = { 0, 1000000 };
	uint64_t progress_ns = c->t0_ns;
	unsigned long seen = 0;

	if (!cfg->events_per_task) {
		uint64_t end = c->t0_ns + (uint64_t)(cfg->duration_s * 1e9), now;
		uint64_t cap = c->t0_ns + (uint64_t)(window_cap_s(cfg) * 1e9);

		/*
		 * In ticks, so that SIGINT or SIGTERM stops the cell at once; past
		 * the deadline, on while a timed task is short of --min-ops (the
		 * workers close it then), up to the cap.
		 */
		while (!rss_interrupted && (now = rss_now_ns()) < cap &&
		       (now < end || (__atomic_load_n(&c->short_tasks, __ATOMIC_RELAXED) &&
				      !__atomic_load_n(&c->stop, __ATOMIC_RELAXED)))) {
			uint64_t to = now < end ? end : cap;
			struct timespec d = { 0, (long)(to - now < 1000000 ? to - now : 1000000) };

			nanosleep(&d, NULL);
		}
		__atomic_store_n(&c->stop, 1, __ATOMIC_RELAXED);
		return;
	}
	/* A loaded machine only slows the run; no slice at all for a minute is a hang. */
	while (__atomic_load_n(&c->finished, __ATOMIC_ACQUIRE) < c->nr_tasks && !rss_interrupted) {
		unsigned long slices = 0;
		uint64_t now = rss_now_ns();

		for (int i = 0; i < c->nr_workers; i++)
			slices += __atomic_load_n(&c->workers[i].slices, __ATOMIC_RELAXED);
		if (slices != seen) {
			seen = slices;
			progress_ns = now;
		} else if (now - progress_ns > STALL_LIMIT_S * 1000000000ull) {
			rss_die(ETIMEDOUT, "%s/%s: no task made progress for %d s",
				cfg->scheme->name, cfg->workload->name, STALL_LIMIT_S);
		}
		nanosleep(&tick, NULL);
	}
}

/* Settled cheap-read error, then exit, the precise read, zap and check_mm. */
static void finish(struct cell *c, struct rss_cell_result *res)
{
	const struct scheme_ops *ops = c->cfg->scheme;
	int wide = ops->flags & RSS_SCHEME_PROCESS_WIDE;
	int nr = ops->flags & RSS_SCHEME_NO_COUNTER || !c->nr_mms ? 0 : wide ? 1 : c->nr_mms;

	if (!nr)
		res->err_max = res->err_p99 = res->settled_err = res->precise_err = -1;
	for (int m = 0; m < nr; m++)
		for (int i = 0; i < RSS_NR_COUNTERS; i++) {
			long e = labs(ops->read(c->mms[m], i) - rss_cell_truth(c, wide ? -1 : m, i));

			if (e > res->settled_err)
				res->settled_err = e;
		}
	for (int i = 0; i < c->nr_tasks; i++)
		if (ops->task_exit)
			ops->task_exit(&c->tasks[i], cpu_of(c, &c->tasks[i]));
	for (int m = 0; m < nr; m++)
		for (int i = 0; i < RSS_NR_COUNTERS; i++) {
			long e = labs(ops->read_sum(c->mms[m], i) - rss_cell_truth(c, wide ? -1 : m, i));

			if (e > res->precise_err)
				res->precise_err = e;
		}
	res->exact_err = ops->read_exact && nr ? 0 : -1;
	for (int m = 0; m < nr && ops->read_exact; m++)
		for (int i = 0; i < RSS_NR_COUNTERS; i++) {
			long e = labs(ops->read_exact(c->mms[m], i) -
				      rss_cell_truth(c, wide ? -1 : m, i));

			if (e > res->exact_err)
				res->exact_err = e;
		}
	if (ops->no_precise && ops->no_precise(res->no_precise, sizeof(res->no_precise)))
		res->precise_err = -1;
	if (ops->describe)
		ops->describe(res->scheme_note, sizeof(res->scheme_note));
	for (int i = 0; i < c->nr_tasks; i++)
		c->cfg->workload->task_fini(&c->tasks[i], cpu_of(c, &c->tasks[i]));
	for (int m = 0; m < c->nr_mms; m++)
		if (ops->mm_destroy(c->mms[m], cpu_of(c, &c->tasks[m * c->tasks_per_mm])))
			rss_op_failed();
}

static void collect(struct cell *c, struct rss_cell_result *res, uint64_t t1_ns)
{
	const struct rss_pmu *pmu = c->cfg->pmu;

	/* From the release to the stop: the threads' exits are not in it. */
	res->window_s = (double)(t1_ns - c->t0_ns) / 1e9;
	/* Duration mode: until the first worker past the deadline closed it. */
	if (c->deadline && c->stop_cycles)
		res->window_s = (double)(c->stop_cycles - c->t0_cycles) / rss_clock_hz();
	res->worker_ops = calloc((size_t)c->nr_workers, sizeof(*res->worker_ops));
	res->worker_cycles = calloc((size_t)c->nr_workers, sizeof(*res->worker_cycles));
	for (int e = 0; e < pmu->nr; e++)
		res->pmu_counted[e] = pmu->ev[e].available;
	for (int i = 0; i < c->nr_workers; i++) {
		struct worker *w = &c->workers[i];

		res->ops += w->ops;
		res->cycles += (double)w->cycles;
		res->switches += w->cpu.nr_switches;
		res->migrations += w->migrations;
		if (res->worker_ops) {
			res->worker_ops[i] = w->ops;
			res->worker_cycles[i] = (double)w->cycles;
		}
		for (int e = 0; e < pmu->nr; e++) {
			if (w->pmu_values[e] < 0)
				res->pmu_counted[e] = 0;
			else
				res->pmu_total[e] += w->pmu_values[e];
		}
	}
	res->cycles_per_op = res->ops ? res->cycles / (double)res->ops : 0;
	res->ns_per_op = res->cycles_per_op * 1e9 / rss_clock_hz();
	res->ops_per_sec = res->window_s > 0 ? (double)res->ops / res->window_s : 0;
	/* finish() marked a scheme with no counter: nothing was read. */
	if (!(c->cfg->scheme->flags & RSS_SCHEME_NO_COUNTER)) {
		res->err_max = c->err_max;
		res->nr_err_samples = c->nr_samples;
		res->err_p99 = rss_quantile_long(c->samples, (size_t)c->nr_samples, 0.99);
	}
	res->trace = c->trace;
	res->nr_trace = c->nr_trace;
	c->trace = NULL;
	res->bind_failures = c->bind_failures;
	res->fewest_ops = ULONG_MAX;
	for (int i = 0; i < c->nr_tasks; i++) {
		const struct task *t = &c->tasks[i];

		if (c->cfg->workload->measured && !c->cfg->workload->measured(t))
			continue;
		if (c->task_ops[i] < res->fewest_ops)
			res->fewest_ops = c->task_ops[i];
		res->short_tasks += c->task_ops[i] < c->min_ops;
	}
	if (res->fewest_ops == ULONG_MAX)
		res->fewest_ops = 0;
}

/* Workers and the watchdog wait here until every thread of the cell exists;
 * 0 to go on, -1 when one could not be started. */
int rss_cell_launched(struct cell *c)
{
	int v;

	pthread_mutex_lock(&c->launch_lock);
	while (!(v = c->launch))
		pthread_cond_wait(&c->launch_cond, &c->launch_lock);
	pthread_mutex_unlock(&c->launch_lock);
	return v > 0 ? 0 : -1;
}

static void launch(struct cell *c, int v)
{
	pthread_mutex_lock(&c->launch_lock);
	c->launch = v;
	pthread_cond_broadcast(&c->launch_cond);
	pthread_mutex_unlock(&c->launch_lock);
}

/* Releases every thread of the cell from its wait after the window and joins it. */
static void join_all(struct cell *c, int started)
{
	for (int i = 0; i < started; i++)
		rss_thread_join(&c->workers[i].thread);
	rss_thread_join(&c->watchdog);
}

/*
 * Starts the workers and the watchdog, each on a resident stack.  A thread
 * that cannot be started (RLIMIT_NPROC, RLIMIT_AS) is a resource limit, not
 * a bug: those already started are let go and joined, and -errno returned
 * with the reason in @err.
 */
static int start_threads(struct cell *c, char *err, size_t errlen)
{
	int ret = 0, started;

	for (started = 0; started < c->nr_workers; started++) {
		ret = rss_thread_start(&c->workers[started].thread, rss_worker_main,
				       &c->workers[started]);
		if (ret) {
			snprintf(err, errlen, "cannot start worker thread %d of %d: %s",
				 started + 1, c->nr_workers, strerror(-ret));
			break;
		}
	}
	if (!ret && (ret = rss_thread_start(&c->watchdog, rss_watchdog_main, c)))
		snprintf(err, errlen, "cannot start the watchdog thread: %s", strerror(-ret));
	launch(c, ret ? -1 : 1);
	if (ret)
		join_all(c, started);
	return ret;
}

/* The timed tasks, each still short of --min-ops, before the window opens. */
static void count_timed(struct cell *c)
{
	int (*measured)(const struct task *) = c->cfg->workload->measured;

	c->min_ops = c->cfg->min_ops;
	c->short_tasks = 0;
	if (!c->min_ops)
		return;
	for (int i = 0; i < c->nr_tasks; i++)
		c->short_tasks += !measured || measured(&c->tasks[i]);
}

/* The truth of every counter over all tasks: a process-wide scheme's rebase. */
static void rebase(struct cell *c)
{
	long truth[RSS_NR_COUNTERS];

	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		truth[i] = rss_cell_truth(c, -1, i);
	c->cfg->scheme->rebase(c->mms[0], truth);
}

int rss_cell_run(const struct rss_cell_config *cfg, struct rss_cell_result *res,
		 char *err, size_t errlen)
{
	const struct scheme_ops *ops = cfg->scheme;
	struct cell c = { 0 };
	unsigned long failures0 = rss_op_failures();
	uint64_t t1_ns;
	size_t pcpu0;
	int ret;

	memset(res, 0, sizeof(*res));
	rss_pretouch_stack();
	pthread_mutex_init(&c.launch_lock, NULL);
	pthread_cond_init(&c.launch_cond, NULL);
	ret = cell_alloc(&c, cfg);
	if (ret) {
		snprintf(err, errlen, "out of memory setting up %d threads", cfg->nr_threads);
		goto out_free;
	}
	c.slice = cfg->slice;
	rss_slice_resolve(&c.slice, c.machine.nr_online);
	c.slice_ops = c.slice.ops;
	c.slice_cycles = (uint64_t)((double)c.slice.ns * rss_clock_hz() / 1e9);
	res->slice_ns = c.slice.ns;
	res->nr_tasks = c.nr_tasks;
	res->nr_mms = c.nr_mms;
	/* Workers, the watchdog and this thread. */
	pthread_barrier_init(&c.ready, NULL, (unsigned)c.nr_workers + 2);
	pthread_barrier_init(&c.go, NULL, (unsigned)c.nr_workers + 2);
	if (ops->setup && (ret = ops->setup(&c.machine))) {
		snprintf(err, errlen, "%s: setup failed: %s", ops->name,
			 strerror(ret < 0 ? -ret : ENOMEM));
		ret = ret < 0 ? ret : -ENOMEM;
		goto out_barriers;
	}
	ret = start_threads(&c, err, errlen);
	if (ret)
		goto out_teardown;
	pthread_barrier_wait(&c.ready);

	/* Workers are parked: the main thread acts on their CPUs. */
	pcpu0 = rss_pcpu_bytes_in_use();
	rss_workload_note(NULL);
	if (c.sync_failures) {
		snprintf(err, errlen, "%s: %d thread%s could not sync before the window (no memory for a page): the baseline would be wrong",
			 ops->name, c.sync_failures, c.sync_failures == 1 ? "" : "s");
		ret = -ENOMEM;
		c.nr_mms = c.nr_tasks = 0;	/* none made: nothing to finish */
	} else {
		ret = create_tasks(&c, err, errlen);
	}
	snprintf(res->note, sizeof(res->note), "%s", rss_workload_noted());
	if (!ret) {
		res->pcpu_bytes_per_mm = (long)((rss_pcpu_bytes_in_use() - pcpu0 -
						 c.workload_pcpu_bytes) / (size_t)c.nr_mms);
		res->footprint = ops->footprint(&c.machine, c.tasks_per_mm);
		res->bound = ops->error_bound(&c.machine, c.tasks_per_mm,
					      cfg->workload->pages_per_event ?
					      cfg->workload->pages_per_event(&cfg->params) : 1);
		/* Whatever this process faulted in while setting up is not the
		 * tasks': a process-wide scheme's baseline is taken now. */
		if (ops->rebase) {
			rss_populate_files();
			rebase(&c);
		}
	} else {
		__atomic_store_n(&c.stop, 1, __ATOMIC_RELAXED);
	}

	if (!cfg->events_per_task)
		count_timed(&c);
	c.t0_ns = rss_now_ns();
	c.t0_cycles = rss_cycles();
	if (!cfg->events_per_task) {
		c.deadline = c.t0_cycles + (uint64_t)(cfg->duration_s * rss_clock_hz());
		c.cap_deadline = c.t0_cycles + (uint64_t)(window_cap_s(cfg) * rss_clock_hz());
	}
	pthread_barrier_wait(&c.go);
	if (!ret)
		wait_window(&c);
	t1_ns = rss_now_ns();
	res->interrupted = rss_interrupted != 0;
	__atomic_store_n(&c.stop, 1, __ATOMIC_RELAXED);
	rss_cell_wake_all(&c);
	/* Every thread parked again, still alive, before anything is checked:
	 * no thread's exit can change what the native scheme reads. */
	pthread_barrier_wait(&c.ready);
	finish(&c, res);
	pthread_barrier_wait(&c.go);
	join_all(&c, c.nr_workers);
	if (!ret) {
		collect(&c, res, t1_ns);
		res->failures = rss_op_failures() - failures0;
	}
out_teardown:
	if (ops->teardown)
		ops->teardown();
out_barriers:
	pthread_barrier_destroy(&c.ready);
	pthread_barrier_destroy(&c.go);
out_free:
	cell_free(&c);
	pthread_mutex_destroy(&c.launch_lock);
	pthread_cond_destroy(&c.launch_cond);
	return ret;
}

void rss_cell_result_free(struct rss_cell_result *res)
{
	free(res->trace);
	free(res->worker_ops);
	free(res->worker_cycles);
	res->trace = NULL;
	res->worker_ops = NULL;
	res->worker_cycles = NULL;
}
