/*
 * sched.c - the CPU/task model.  One worker thread per CPU, pinned with
 * hwloc; tasks on per-CPU run queues; a context switch calls the scheme's
 * switch_mm hook when the mm changes; migration moves a task to another run
 * queue every K of its events.  Operations are timed in slices (batches) with
 * the cycle counter, never one by one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cell.h"
#include "harness.h"
#include "schemes/pcpu_alloc.h"
#include "stats.h"

#define SLICE_OPS	64		/* ops per timed batch, at most */
#define STACK_PRETOUCH	(15 * 1024)	/* so the native scheme sees no stack growth */
#define STALL_LIMIT_S	60		/* no slice run this long: a deadlocked scheme aborts */
#define IDLE_YIELDS	16		/* empty polls before an idle worker sleeps */

int rss_migrate_parse(const char *s, struct rss_migrate *m, char *err, size_t errlen)
{
	static const char *const names[] = { "random", "next", "remote-node" };
	char *end;

	memset(m, 0, sizeof(*m));
	if (!strcmp(s, "none")) {
		snprintf(m->desc, sizeof(m->desc), "none");
		return 0;
	}
	if (strncmp(s, "every:", 6))
		goto bad;
	errno = 0;
	m->every = strtoul(s + 6, &end, 10);
	if (errno || end == s + 6 || m->every == 0 || s[6] == '-')
		goto bad;
	if (*end == ':') {
		int i;

		for (i = 0; i < 3; i++)
			if (!strcmp(end + 1, names[i]))
				break;
		if (i == 3)
			goto bad;
		m->target = (enum rss_migrate_target)i;
	} else if (*end) {
		goto bad;
	}
	snprintf(m->desc, sizeof(m->desc), "every:%lu:%s", m->every, names[m->target]);
	return 0;
bad:
	snprintf(err, errlen, "bad migration policy \"%s\": use none or every:K[:random|next|remote-node] with K >= 1", s);
	return -EINVAL;
}

static uint64_t next_rand(struct worker *w)
{
	/* xorshift64: deterministic per worker and seed. */
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static struct task *rq_next(struct runqueue *rq)
{
	struct task *t = NULL;

	pthread_mutex_lock(&rq->lock);
	if (rq->nr) {
		rq->next %= rq->nr;
		t = rq->tasks[rq->next++];
	}
	pthread_mutex_unlock(&rq->lock);
	return t;
}

static void rq_add(struct runqueue *rq, struct task *t)
{
	pthread_mutex_lock(&rq->lock);
	rq->tasks[rq->nr++] = t;
	pthread_mutex_unlock(&rq->lock);
}

static void rq_remove(struct runqueue *rq, struct task *t)
{
	pthread_mutex_lock(&rq->lock);
	for (int i = 0; i < rq->nr; i++) {
		if (rq->tasks[i] == t) {
			rq->tasks[i] = rq->tasks[--rq->nr];
			break;
		}
	}
	pthread_mutex_unlock(&rq->lock);
}

static int pick_target(struct worker *w)
{
	struct cell *c = w->cell;
	int n = c->nr_workers;

	if (n == 1)
		return w->index;
	switch (c->cfg->migrate.target) {
	case RSS_MIGRATE_NEXT:
		return (w->index + 1) % n;
	case RSS_MIGRATE_REMOTE_NODE:
		/* A random worker on another node, if the cell spans two. */
		for (int tries = 0; tries < 4 * n; tries++) {
			int i = (int)(next_rand(w) % (uint64_t)n);

			if (c->workers[i].cpu.node != w->cpu.node)
				return i;
		}
		/* One node only: any other worker. */
		__attribute__((fallthrough));
	case RSS_MIGRATE_RANDOM:
	default: {
		int i = (int)(next_rand(w) % (uint64_t)(n - 1));

		return i >= w->index ? i + 1 : i;
	}
	}
}

static void migrate(struct worker *w, struct task *t)
{
	struct worker *to = &w->cell->workers[pick_target(w)];

	t->since_migrate = 0;
	if (to == w)
		return;
	rq_remove(&w->rq, t);
	t->cpu = to->cpu.id;
	/* The run-queue locks order the task's state between the two workers. */
	rq_add(&to->rq, t);
	w->migrations++;
}

/* Runs up to SLICE_OPS of @t's operations as one timed batch. */
static void run_slice(struct worker *w, struct task *t)
{
	struct cell *c = w->cell;
	const struct rss_cell_config *cfg = c->cfg;
	void (*op)(struct task *, struct cpu *) = cfg->workload->op;
	int (*measured)(const struct task *) = cfg->workload->measured;
	unsigned long limit = cfg->events_per_task;
	unsigned long every = cfg->migrate.every;
	int done = 0, move = 0;
	unsigned long n = 0;
	uint64_t t0 = rss_cycles();

	rss_switch_to(&w->cpu, t->mm);
	while (n < SLICE_OPS) {
		op(t, &w->cpu);
		n++;
		t->events++;
		if (limit && t->events >= limit) {
			done = 1;
			break;
		}
		if (every && ++t->since_migrate >= every) {
			move = 1;
			break;
		}
		if (!limit && __atomic_load_n(&c->stop, __ATOMIC_RELAXED))
			break;
	}
	if (!measured || measured(t)) {
		w->cycles += rss_cycles() - t0;
		w->ops += n;
	}
	/* Relaxed: wait_window() only watches it move. */
	__atomic_store_n(&w->slices, w->slices + 1, __ATOMIC_RELAXED);
	if (done) {
		rq_remove(&w->rq, t);
		__atomic_fetch_add(&c->finished, 1, __ATOMIC_RELEASE);
	} else if (move) {
		migrate(w, t);
	}
}

static int all_done(struct cell *c)
{
	if (c->cfg->events_per_task)
		return __atomic_load_n(&c->finished, __ATOMIC_ACQUIRE) == c->nr_tasks ||
		       __atomic_load_n(&c->stop, __ATOMIC_RELAXED);
	return __atomic_load_n(&c->stop, __ATOMIC_RELAXED);
}

/*
 * An empty run queue: yield a few times (a migrating task may arrive at
 * once), then sleep with exponential backoff up to 1 ms, so that hundreds of
 * idle virtual CPUs do not starve the busy ones of the real PUs.  Idle time
 * is never timed.
 */
static void idle_wait(unsigned int idle)
{
	struct timespec ts = { 0, 0 };

	if (idle < IDLE_YIELDS) {
		sched_yield();
		return;
	}
	idle -= IDLE_YIELDS;
	ts.tv_nsec = idle < 10 ? 1000L << idle : 1000000L;
	nanosleep(&ts, NULL);
}

/*
 * glibc keeps the top of a finished thread's stack resident (from 16 KiB,
 * PTHREAD_STACK_MIN, below its last stack pointer) and drops the rest
 * (advise_stack_range), so this touches that top and no more: deeper pages
 * the run touches are gone again before the precise read.  A frame of its
 * own, and volatile stores, since a memset of a dead array is optimised away.
 */
static __attribute__((noinline)) void pretouch_stack(void)
{
	volatile char buf[STACK_PRETOUCH];

	for (size_t i = 0; i < sizeof(buf); i += 512)
		buf[i] = 0;
}

/*
 * A serialized cell: each worker in its turn runs one slice (or finds its
 * run queue empty) and hands the turn to the next worker, so one worker
 * runs at a time, always in the same order.  A worker that finds the cell
 * done hands on and leaves; all_done() never turns false again, so every
 * worker does the same in its next turn.
 */
static void run_serialized(struct worker *w)
{
	struct cell *c = w->cell;
	struct worker *next = &c->workers[(w->index + 1) % c->nr_workers];

	for (;;) {
		int done;

		while (sem_wait(&w->turn))
			if (errno != EINTR)
				rss_die(errno, "sem_wait");
		done = all_done(c);
		if (!done) {
			struct task *t = rq_next(&w->rq);

			if (t)
				run_slice(w, t);
		}
		sem_post(&next->turn);
		if (done)
			return;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct cell *c = w->cell;
	struct rss_pmu_thread *pmu = NULL;
	unsigned int idle = 0;

	if (rss_topo_bind_thread(c->cfg->topo, w->cpu.id))
		__atomic_fetch_add(&c->bind_failures, 1, __ATOMIC_RELAXED);
	pretouch_stack();
	rss_pmu_thread_start(c->cfg->pmu, &pmu);
	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);

	if (c->cfg->serialize)
		run_serialized(w);
	while (!all_done(c)) {
		struct task *t = rq_next(&w->rq);

		if (t) {
			run_slice(w, t);
			idle = 0;
		} else {
			idle_wait(idle++);
		}
	}
	rss_pmu_thread_stop(pmu, w->pmu_values);
	return NULL;
}

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
	int nr_cpus = rss_topo_nr_cpus(cfg->topo);

	c->cfg = cfg;
	c->nr_workers = cfg->nr_threads;
	c->nr_tasks = cfg->nr_tasks ? cfg->nr_tasks : cfg->nr_threads;
	c->tasks_per_mm = cfg->tasks_per_mm ? cfg->tasks_per_mm : c->nr_tasks;
	if (c->tasks_per_mm > c->nr_tasks)
		c->tasks_per_mm = c->nr_tasks;
	c->nr_mms = (c->nr_tasks + c->tasks_per_mm - 1) / c->tasks_per_mm;
	c->machine.nr_cpus = nr_cpus;
	c->machine.nr_nodes = rss_topo_nr_nodes(cfg->topo);
	c->machine.cpu_node = rss_topo_cpu_nodes(cfg->topo);
	c->machine.place_on_node = rss_topo_is_virtual(cfg->topo) ? NULL :
				   rss_mem_place_on_node;
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
		sem_init(&w->turn, 0, i == 0);
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
			sem_destroy(&c->workers[i].turn);
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
	int nr = wide ? 1 : c->nr_mms;

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
		ret = -pthread_create(&c.workers[started].thread, &attr, worker_main,
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
	ret = create_tasks(&c, err, errlen);
	if (ret)
		rss_die(ret, "%s", err);
	res->pcpu_bytes_per_mm = (long)((rss_pcpu_bytes_in_use() - pcpu0 - c.workload_pcpu_bytes) /
					(size_t)c.nr_mms);
	res->footprint = ops->footprint(&c.machine);
	res->bound = ops->error_bound(&c.machine, c.tasks_per_mm);

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
