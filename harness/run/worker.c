/*
 * worker.c - one CPU's scheduler: a worker thread per (virtual) CPU, pinned
 * with hwloc, runs the tasks on its run queue; a context switch calls the
 * scheme's switch_mm hook when the mm changes; migration moves a task to
 * another run queue every K of its events.  A task runs for its time slice
 * (slice.c); its operations are timed in batches with the cycle counter,
 * never one by one, and the batch is not the slice.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cell.h"
#include "harness.h"

#define BATCH_OPS	64		/* ops per timed batch, at most */
#define IDLE_YIELDS	16		/* empty polls before an idle worker waits */
#define IDLE_WAIT_NS	50000000L	/* its backstop: 50 ms */

int rss_migrate_parse(const char *s, struct rss_migrate *m, char *err, size_t errlen)
{
	static const char *const names[] = { "random", "next", "remote-node" };
	char *end;
	size_t nd;

	memset(m, 0, sizeof(*m));
	if (!strcmp(s, "none")) {
		snprintf(m->desc, sizeof(m->desc), "none");
		return 0;
	}
	if (strncmp(s, "every:", 6))
		goto bad;
	/* K: plain digits (strtoul would take "-1", " 5" and "+5"), at most 9 of them. */
	for (nd = 0; s[6 + nd] >= '0' && s[6 + nd] <= '9'; nd++)
		;
	if (!nd || nd > 9)
		goto bad;
	errno = 0;
	m->every = strtoul(s + 6, &end, 10);
	if (errno || end == s + 6 || m->every == 0)
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
	snprintf(err, errlen, "bad migration policy \"%.64s%s\": use none or every:K[:random|next|remote-node] with K from 1 to 999999999",
		 s, strlen(s) > 64 ? "..." : "");
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
	if (rq->sleeping)
		pthread_cond_signal(&rq->wake);
	pthread_mutex_unlock(&rq->lock);
}

void rss_cell_wake_all(struct cell *c)
{
	for (int i = 0; i < c->nr_workers; i++) {
		struct runqueue *rq = &c->workers[i].rq;

		pthread_mutex_lock(&rq->lock);
		pthread_cond_broadcast(&rq->wake);
		pthread_mutex_unlock(&rq->lock);
	}
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

enum batch_end { BATCH_FULL, BATCH_DONE, BATCH_MOVE, BATCH_STOP };

/*
 * Runs up to @max of @t's operations as one batch, timed with the cycle
 * counter (so its ~50-cycle read is amortised); ends early when the task
 * has done its events, is due to migrate, or the window closed.  Adds the
 * batch's cycles and operations to @cycles and @n.
 */
static enum batch_end run_batch(struct worker *w, struct task *t, unsigned long max,
				uint64_t *cycles, unsigned long *n)
{
	struct cell *c = w->cell;
	const struct rss_cell_config *cfg = c->cfg;
	void (*op)(struct task *, struct cpu *) = cfg->workload->op;
	int (*measured)(const struct task *) = cfg->workload->measured;
	unsigned long limit = cfg->events_per_task;
	unsigned long every = cfg->migrate.every;
	enum batch_end end = BATCH_FULL;
	unsigned long done = 0, failed = rss_op_failures_here();
	uint64_t untimed = w->cpu.untimed_cycles;
	int timed = !measured || measured(t);
	uint64_t t0, dt, end_c, stop_c;

	/* A timed task short of --min-ops ends the batch that gets it there,
	 * so the window can see it and close. */
	if (timed && c->task_ops[t->id] < c->min_ops && c->min_ops - c->task_ops[t->id] < max)
		max = c->min_ops - c->task_ops[t->id];
	if (cfg->workload->op_batch) {
		/* The batch ends where op() one by one would have: at the task's
		 * last event or its migration; the window is checked after it. */
		if (limit && limit - t->events < max)
			max = limit - t->events;
		if (every && every - t->since_migrate < max)
			max = every - t->since_migrate;
		t0 = rss_cycles();
		cfg->workload->op_batch(t, &w->cpu, max);
		dt = rss_cycles() - t0;
		done = max;
		t->events += done;
		if (every)
			t->since_migrate += done;
		if (limit && t->events >= limit)
			end = BATCH_DONE;
		else if (every && t->since_migrate >= every)
			end = BATCH_MOVE;
		else if (!limit && __atomic_load_n(&c->stop, __ATOMIC_RELAXED))
			end = BATCH_STOP;
		goto timed;
	}
	t0 = rss_cycles();
	while (done < max) {
		op(t, &w->cpu);
		done++;
		t->events++;
		if (limit && t->events >= limit) {
			end = BATCH_DONE;
			break;
		}
		if (every && ++t->since_migrate >= every) {
			end = BATCH_MOVE;
			break;
		}
		if (!limit && __atomic_load_n(&c->stop, __ATOMIC_RELAXED)) {
			end = BATCH_STOP;
			break;
		}
	}
	dt = rss_cycles() - t0;
timed:
	end_c = t0 + dt;
	stop_c = __atomic_load_n(&c->stop_cycles, __ATOMIC_RELAXED);
	/* A batch that ended after the close is not counted, nor is one in
	 * which an operation failed: a failed operation is never timed as one. */
	if (c->deadline && stop_c && end_c > stop_c) {
		w->late_batches++;
	} else if (rss_op_failures_here() != failed) {
		w->failed_batches++;
	} else if (timed) {
		unsigned long before = c->task_ops[t->id];

		/* Less what ops said is not theirs (the fork server's round trip). */
		w->cycles += dt - (w->cpu.untimed_cycles - untimed);
		w->ops += done;
		/* One worker runs a task at a time: the run-queue locks order it. */
		c->task_ops[t->id] = before + done;
		if (before < c->min_ops && before + done >= c->min_ops)
			__atomic_fetch_sub(&c->short_tasks, 1, __ATOMIC_RELAXED);
	}
	/*
	 * The window closes past its deadline, by the first measured batch
	 * that ends there once every timed task has its --min-ops (or past
	 * the cap, whatever the counts): the main thread's wake-up may come
	 * much later among hundreds of busy virtual CPUs.  An untimed
	 * writer's batch never closes it, or a reader whose one operation
	 * outlasts the window (a precise scan of 10 000 mms) would always end
	 * late; nor does a measured one while a timed task is short of its
	 * operations, or a slow reader sharing a CPU would never get one.
	 */
	if (timed && c->deadline && end_c >= c->deadline &&
	    (!__atomic_load_n(&c->short_tasks, __ATOMIC_RELAXED) || end_c >= c->cap_deadline)) {
		uint64_t none = 0;

		__atomic_compare_exchange_n(&c->stop_cycles, &none, end_c, 0,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
		__atomic_store_n(&c->stop, 1, __ATOMIC_RELAXED);
	}
	*cycles += dt;
	*n += done;
	/* Relaxed: wait_window() only watches it move. */
	__atomic_store_n(&w->slices, w->slices + 1, __ATOMIC_RELAXED);
	return end;
}

/*
 * Runs @t for one time slice, as the kernel's scheduler would: switch_mm
 * only if the CPU's mm changes, then batch after batch until the task has
 * used its slice (run time, or operations with an ops slice), finishes or
 * migrates.  Expiry is checked between batches, so a time slice can run
 * over by one batch (microseconds; the kernel checks at the tick).
 */
struct slice {
	struct task *t;			/* NULL: no slice under way */
	unsigned long n;		/* operations so far */
	uint64_t cycles;		/* run time so far */
};

/* One batch of at most @max operations of the slice; 1 when the slice is
 * over (and ended). */
static int slice_step(struct worker *w, struct slice *s, unsigned long max)
{
	struct cell *c = w->cell;
	unsigned long slice_ops = c->slice_ops;
	enum batch_end end;

	if (slice_ops && slice_ops - s->n < max)
		max = slice_ops - s->n;
	end = run_batch(w, s->t, max, &s->cycles, &s->n);
	if (end == BATCH_FULL && (slice_ops ? s->n < slice_ops : s->cycles < c->slice_cycles))
		return 0;
	if (end == BATCH_DONE) {
		rq_remove(&w->rq, s->t);
		__atomic_fetch_add(&c->finished, 1, __ATOMIC_RELEASE);
	} else if (end == BATCH_MOVE) {
		migrate(w, s->t);
	}
	s->t = NULL;
	return 1;
}

static void slice_begin(struct worker *w, struct slice *s, struct task *t)
{
	*s = (struct slice){ .t = t };
	rss_switch_to(&w->cpu, t->mm);
}

static void run_task(struct worker *w, struct task *t)
{
	struct slice s;

	slice_begin(w, &s, t);
	while (!slice_step(w, &s, BATCH_OPS))
		;
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
 * once), then wait, not poll: block on the run queue until a task is added
 * to it (rq_add signals) or the cell ends (rss_cell_wake_all), with a
 * timeout as a backstop for a worker that closes the window itself.  Idle
 * virtual CPUs (hundreds on a virtual topology, or a guest's vCPUs that
 * outnumber the host's CPUs) then cost no wakeups at all, where a 1 ms
 * sleep woke each a thousand times a second.  Idle time is never timed.
 */
static void idle_wait(struct worker *w, unsigned int idle)
{
	struct runqueue *rq = &w->rq;
	struct timespec until;

	if (idle < IDLE_YIELDS) {
		sched_yield();
		return;
	}
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += IDLE_WAIT_NS;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&rq->lock);
	if (!rq->nr && !all_done(w->cell)) {
		rq->sleeping = 1;
		pthread_cond_timedwait(&rq->wake, &rq->lock, &until);
		rq->sleeping = 0;
	}
	pthread_mutex_unlock(&rq->lock);
}

/*
 * A serialized cell: worker 0's thread runs every CPU in turn, one
 * operation of the CPU's current slice each (as CPUs running concurrently
 * at the same rate would interleave), in worker order; the other threads
 * have nothing to do.  Each CPU's slices, switches and migrations are its
 * own, as in a normal cell.
 */
static void run_serialized(struct worker *w0)
{
	struct cell *c = w0->cell;
	int n = c->nr_workers, words = (n + 63) / 64, max_id = 0;
	struct slice *s = calloc((size_t)n, sizeof(*s));
	/* The CPUs with a task: only this thread moves tasks, so no lock. */
	uint64_t *busy = calloc((size_t)words, sizeof(*busy));
	int *index_of;

	for (int i = 0; i < n; i++)
		max_id = c->workers[i].cpu.id > max_id ? c->workers[i].cpu.id : max_id;
	index_of = calloc((size_t)max_id + 1, sizeof(*index_of));
	if (!s || !busy || !index_of)
		rss_die(ENOMEM, "serialized cell of %d CPUs", n);
	for (int i = 0; i < n; i++) {
		index_of[c->workers[i].cpu.id] = i;
		if (c->workers[i].rq.nr)
			busy[i / 64] |= 1ull << (i % 64);
	}
	/* Idle CPUs are skipped, busy ones taken in worker order as before. */
	while (!all_done(c))
		for (int k = 0; k < words; k++) {
			uint64_t left = busy[k];

			while (left) {
				int i = k * 64 + __builtin_ctzll(left);
				struct worker *w = &c->workers[i];
				struct task *t;

				if (!s[i].t && (t = rq_next(&w->rq)))
					slice_begin(w, &s[i], t);
				t = s[i].t;
				/* A task moved on: its new CPU has work (this round too, if later). */
				if (t && slice_step(w, &s[i], 1) && t->cpu != w->cpu.id) {
					int to = index_of[t->cpu];

					busy[to / 64] |= 1ull << (to % 64);
				}
				if (!s[i].t && !w->rq.nr)
					busy[k] &= ~(1ull << (i % 64));
				left = busy[k] & ~((2ull << (i % 64)) - 1);
			}
		}
	free(index_of);
	free(busy);
	free(s);
}

void *rss_worker_main(void *arg)
{
	struct worker *w = arg;
	struct cell *c = w->cell;
	struct rss_pmu_thread *pmu = NULL;
	unsigned int idle = 0;

	if (rss_cell_launched(c))
		return NULL;
	if (rss_topo_bind_thread(c->cfg->topo, w->cpu.id))
		__atomic_fetch_add(&c->bind_failures, 1, __ATOMIC_RELAXED);
	rss_pmu_thread_start(c->cfg->pmu, &pmu);
	if (c->cfg->scheme->thread_sync && c->cfg->scheme->thread_sync())
		__atomic_fetch_add(&c->sync_failures, 1, __ATOMIC_RELAXED);
	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);

	if (c->cfg->serialize && w->index == 0)
		run_serialized(w);
	while (!c->cfg->serialize && !all_done(c)) {
		struct task *t = rq_next(&w->rq);

		if (t) {
			run_task(w, t);
			idle = 0;
		} else {
			idle_wait(w, idle++);
		}
	}
	rss_pmu_thread_stop(pmu, w->pmu_values);
	/* Parked while the main thread checks; exits only after that. */
	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);
	return NULL;
}
