/*
 * sched.c - one cell: the CPU/task model set up (workers, tasks on per-CPU
 * run queues, mms), the window run and watched, then the checks after
 * quiescence.  What each worker does is worker.c.
 */
#include <errno.h>
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
	c->tasks = calloc((size_t)c->nr_tasks, sizeof(struct task));
	c->mms = calloc((size_t)c->nr_mms, sizeof(struct mm *));
	c->cap_samples = 1 << 20;
	c->samples = malloc(sizeof(long) * (size_t)c->cap_samples);
	c->cap_trace = 2000;
	c->trace = calloc((size_t)c->cap_trace, sizeof(struct rss_err_point));
	if (!c->workers || !c->worker_of_cpu || !c->tasks || !c->mms || !c->samples || !c->trace)
		return -ENOMEM;
	/* Touched now, so that the native scheme's baseline already has them. */
	memset(c->samples, 0, sizeof(long) * (size_t)c->cap_samples);
	memset(c->trace, 0, sizeof(struct rss_err_point) * (size_t)c->cap_trace);
	memset(c->workers, 0, sizeof(struct worker) * (size_t)c->nr_workers);
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
		}
	free(c->workers);
	free(c->worker_of_cpu);
	free(c->tasks);
	free(c->mms);
	free(c->samples);
	free(c->trace);
}

/* fork() of each process, clone(CLONE_VM|CLONE_THREAD) of its other threads. */
static int create_tasks(struct cell *c, char *err, size_t errlen)
{
	const struct rss_cell_config *cfg = c->cfg;
	const struct scheme_ops *ops = cfg->scheme;
	size_t pcpu0;

	for (int i = 0; i < c->nr_tasks; i++) {
		struct task *t = &c->tasks[i];
		struct worker *w = &c->workers[i % c->nr_workers];
		int m = i / c->tasks_per_mm;
		int ret;

		t->id = i;
		t->cpu = w->cpu.id;
		if (i % c->tasks_per_mm == 0) {
			c->mms[m] = ops->mm_create(&w->cpu);
			if (!c->mms[m]) {
				snprintf(err, errlen, "%s: mm_create failed for mm %d", ops->name, m);
				return -ENOMEM;
			}
			c->mms[m]->id = m;
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
			return ret;
		}
		w->rq.tasks[w->rq.nr++] = t;
	}
	return 0;
}

static void wait_window(struct cell *c)
{
	const struct rss_cell_config *cfg = c->cfg;
	struct timespec tick = { 0, 1000000 };
	uint64_t progress_ns = c->t0_ns;
	unsigned long seen = 0;

	if (!cfg->events_per_task) {
		struct timespec d = {
			.tv_sec = (time_t)cfg->duration_s,
			.tv_nsec = (long)((cfg->duration_s - (double)(time_t)cfg->duration_s) * 1e9),
		};

		nanosleep(&d, NULL);
		__atomic_store_n(&c->stop, 1, __ATOMIC_RELAXED);
		return;
	}
	/* A loaded machine only slows the run; no slice at all for a minute is a hang. */
	while (__atomic_load_n(&c->finished, __ATOMIC_ACQUIRE) < c->nr_tasks) {
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
	int nr = ops->flags & RSS_SCHEME_NO_COUNTER ? 0 : wide ? 1 : c->nr_mms;

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
	for (int i = 0; i < c->nr_tasks; i++)
		c->cfg->workload->task_fini(&c->tasks[i], cpu_of(c, &c->tasks[i]));
	for (int m = 0; m < c->nr_mms; m++)
		if (ops->mm_destroy(c->mms[m], cpu_of(c, &c->tasks[m * c->tasks_per_mm])))
			rss_op_failed();
}

static void collect(struct cell *c, struct rss_cell_result *res, uint64_t t1_ns)
{
	const struct rss_pmu *pmu = c->cfg->pmu;

	res->window_s = (double)(t1_ns - c->t0_ns) / 1e9;
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
	res->err_max = c->err_max;
	res->nr_err_samples = c->nr_samples;
	res->err_p99 = rss_quantile_long(c->samples, (size_t)c->nr_samples, 0.99);
	res->trace = c->trace;
	res->nr_trace = c->nr_trace;
	c->trace = NULL;
	res->bind_failures = c->bind_failures;
}

int rss_cell_run(const struct rss_cell_config *cfg, struct rss_cell_result *res,
		 char *err, size_t errlen)
{
	const struct scheme_ops *ops = cfg->scheme;
	struct cell c = { 0 };
	pthread_t watchdog;
	unsigned long failures0 = rss_op_failures();
	size_t pcpu0;
	int ret, started = 0;

	memset(res, 0, sizeof(*res));
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
		snprintf(err, errlen, "%s: setup failed", ops->name);
		goto out_barriers;
	}
	for (; started < c.nr_workers; started++) {
		pthread_attr_t attr;

		pthread_attr_init(&attr);
		pthread_attr_setstacksize(&attr, 1 << 20);
		ret = -pthread_create(&c.workers[started].thread, &attr, rss_worker_main,
				      &c.workers[started]);
		pthread_attr_destroy(&attr);
		if (ret)
			rss_die(ret, "cannot start worker %d", started);
	}
	/* Started before the native scheme's baseline: its stack is counted. */
	if (pthread_create(&watchdog, NULL, rss_watchdog_main, &c))
		rss_die(EAGAIN, "cannot start the watchdog");
	pthread_barrier_wait(&c.ready);

	/* Workers are parked: the main thread acts on their CPUs. */
	pcpu0 = rss_pcpu_bytes_in_use();
	rss_workload_note(NULL);
	ret = create_tasks(&c, err, errlen);
	snprintf(res->note, sizeof(res->note), "%s", rss_workload_noted());
	if (ret)
		rss_die(ret, "%s", err);
	res->pcpu_bytes_per_mm = (long)((rss_pcpu_bytes_in_use() - pcpu0 - c.workload_pcpu_bytes) /
					(size_t)c.nr_mms);
	res->footprint = ops->footprint(&c.machine);
	res->bound = ops->error_bound(&c.machine, c.tasks_per_mm,
				      cfg->workload->pages_per_event ?
				      cfg->workload->pages_per_event(&cfg->params) : 1);

	c.t0_ns = rss_now_ns();
	pthread_barrier_wait(&c.go);
	wait_window(&c);
	for (int i = 0; i < c.nr_workers; i++)
		pthread_join(c.workers[i].thread, NULL);
	__atomic_store_n(&c.stop, 1, __ATOMIC_RELAXED);
	pthread_join(watchdog, NULL);
	collect(&c, res, rss_now_ns());

	finish(&c, res);
	res->failures = rss_op_failures() - failures0;
	if (ops->teardown)
		ops->teardown();
	ret = 0;
out_barriers:
	pthread_barrier_destroy(&c.ready);
	pthread_barrier_destroy(&c.go);
out_free:
	cell_free(&c);
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
