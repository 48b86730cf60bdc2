/*
 * pmu_check.c - the bounced and the private cache line (pmu_check.h).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "pmu_check.h"

#define SPINS_BEFORE_YIELD	1000

struct line {
	long v;
} RSS_ALIGNED;

struct side {
	const struct rss_pmu *pmu;
	const struct rss_topo *topo;
	int cpu, parity, bound;
	long writes;
	struct line *shared;	/* both sides' */
	struct line own;	/* this side's alone */
	pthread_barrier_t *start;
	long long ev[2][RSS_PMU_MAX_EVENTS];	/* [phase][event] */
	uint64_t cycles[2];
} RSS_ALIGNED;

/* The bounced line: this side writes when the count has its parity. */
static void bounce(struct side *s)
{
	for (long n = 0; n < s->writes; n++) {
		int spins = 0;

		while ((__atomic_load_n(&s->shared->v, __ATOMIC_ACQUIRE) & 1) != s->parity) {
			/* Two CPUs shared with other work: let the other side run. */
			if (++spins == SPINS_BEFORE_YIELD) {
				spins = 0;
				sched_yield();
			}
			rss_cpu_relax();
		}
		__atomic_store_n(&s->shared->v, s->shared->v + 1, __ATOMIC_RELEASE);
	}
}

static void own(struct side *s)
{
	for (long n = 0; n < s->writes; n++)
		__atomic_store_n(&s->own.v, s->own.v + 1, __ATOMIC_RELEASE);
}

static void *side_main(void *arg)
{
	struct side *s = arg;
	struct rss_pmu_thread *t;

	s->bound = !rss_topo_bind_thread(s->topo, s->cpu);
	for (int phase = 0; phase < 2; phase++) {
		uint64_t t0;

		pthread_barrier_wait(s->start);
		rss_pmu_thread_start(s->pmu, &t);
		t0 = rss_cycles();
		if (phase)
			own(s);
		else
			bounce(s);
		s->cycles[phase] = rss_cycles() - t0;
		rss_pmu_thread_stop(t, s->ev[phase]);
	}
	return NULL;
}

int rss_pmu_check_run(const struct rss_pmu *pmu, const struct rss_topo *topo, int cpu_a,
		      int cpu_b, long writes, struct rss_pmu_check *r, char *err, size_t errlen)
{
	static struct line shared;
	static struct side side[2];
	pthread_barrier_t start;
	pthread_t th[2];
	int ret = 0, started = 0;

	memset(r, 0, sizeof(*r));
	memset(side, 0, sizeof(side));
	shared.v = 0;
	r->writes = writes;
	pthread_barrier_init(&start, NULL, 2);
	for (int i = 0; i < 2; i++) {
		side[i] = (struct side){ .pmu = pmu, .topo = topo, .cpu = i ? cpu_b : cpu_a,
					 .parity = i, .writes = writes, .shared = &shared,
					 .start = &start };
		if ((ret = pthread_create(&th[i], NULL, side_main, &side[i]))) {
			snprintf(err, errlen, "pthread_create: %s", strerror(ret));
			break;
		}
		started++;
	}
	if (started < 2) {
		/* The one that started waits at the barrier for good: the command exits. */
		return -ret;
	}
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	if (!side[0].bound || !side[1].bound) {
		snprintf(err, errlen, "cannot bind the two threads to CPUs %d and %d", cpu_a, cpu_b);
		return -EINVAL;
	}
	for (int e = 0; e < pmu->nr; e++) {
		r->counted[e] = 1;
		for (int i = 0; i < 2; i++)
			for (int p = 0; p < 2; p++)
				r->counted[e] &= side[i].ev[p][e] >= 0;
		if (!r->counted[e])
			continue;
		r->shared[e] = (double)(side[0].ev[0][e] + side[1].ev[0][e]) / (2.0 * writes);
		r->private_[e] = (double)(side[0].ev[1][e] + side[1].ev[1][e]) / (2.0 * writes);
	}
	r->shared_cycles = (double)(side[0].cycles[0] + side[1].cycles[0]) / (2.0 * writes);
	r->private_cycles = (double)(side[0].cycles[1] + side[1].cycles[1]) / (2.0 * writes);
	return 0;
}

enum rss_pmu_verdict rss_pmu_check_verdict(const struct rss_pmu *pmu, int i,
					   const struct rss_pmu_check *r)
{
	if (!pmu->ev[i].available || !r->counted[i])
		return RSS_PMU_UNCOUNTED;
	if (pmu->ev[i].software)
		return RSS_PMU_NOT_MISS;
	if (r->shared[i] >= RSS_PMU_CHECK_MIN_SHARED &&
	    r->shared[i] >= RSS_PMU_CHECK_MIN_RATIO * r->private_[i])
		return RSS_PMU_MOVES;
	return RSS_PMU_FLAT;
}
