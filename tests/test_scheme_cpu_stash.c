/*
 * test_scheme_cpu_stash.c - Kairui Song's per-CPU stash: the formulas, then
 * its mechanism in both builds (updates of the mm a CPU runs stay in that
 * CPU's stash, a switch folds them into the mm's atomics, reads see them
 * throughout, exit takes what CPUs still hold), then an owner's flush
 * racing exit's steal, which must neither lose nor double a page.
 */
#include <pthread.h>

#include "rss.h"
#include "schemes/cpu_stash.h"
#include "tap.h"
#include "test_machine.h"

#define ROUNDS	1000

extern const struct scheme_ops rss_scheme_cpu_stash, rss_scheme_cpu_stash_cpumask;

static void test_formulas(void)
{
	const struct scheme_ops *g = &rss_scheme_cpu_stash, *k = &rss_scheme_cpu_stash_cpumask;
	struct machine m16 = rss_test_machine(16), m130 = rss_test_machine(130), m256 = rss_test_machine(256);
	struct bound bg = g->error_bound(&m256, 100, 1), bk = k->error_bound(&m256, 100, 1);

	ok(g->footprint(&m256, 1) == 32, "cpu-stash: 32 B per mm (four atomics) at any CPU count");
	ok(k->footprint(&m16, 16) == 40 && k->footprint(&m130, 130) == 56 &&
	   k->footprint(&m256, 256) == 64,
	   "cpu-stash-cpumask: + one long per 64 CPUs of cpumask (40, 56, 64 B at 16, 130, 256)");
	ok(!bg.under && !bg.over && !bk.under && !bk.over, "both: settled reads are exact");
}

static void test_mechanism(const struct scheme_ops *s)
{
	struct machine m = rss_test_machine(4);
	struct cpu c0 = { .id = 0, .ops = s }, c1 = { .id = 1, .ops = s };
	long zap[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -20 };
	struct mm *a, *b;

	if (s->setup(&m))
		bail_out("%s: setup failed", s->name);
	a = s->mm_create(&c0);
	b = s->mm_create(&c0);
	if (!a || !b)
		bail_out("%s: mm_create failed", s->name);
	rss_switch_to(&c0, a);
	for (int i = 0; i < 10; i++)
		s->add(a, RSS_ANONPAGES, 1, NULL, &c0);
	ok(rss_cpu_stash_atomic(a, RSS_ANONPAGES) == 0 && rss_cpu_stash_owner(0) == a &&
	   rss_cpu_stash_cached(0, RSS_ANONPAGES) == 10,
	   "%s: 10 faults on CPU 0 running a stay in CPU 0's stash; a's atomic does not move",
	   s->name);
	ok(s->read(a, RSS_ANONPAGES) == 10 && s->read_sum(a, RSS_ANONPAGES) == 10,
	   "%s: both reads see the stashed pages", s->name);
	s->add(a, RSS_ANONPAGES, 3, NULL, &c1);
	ok(rss_cpu_stash_atomic(a, RSS_ANONPAGES) == 3,
	   "%s: an update on a CPU whose stash is not a's goes to the atomic", s->name);
	rss_switch_to(&c0, b);
	ok(rss_cpu_stash_atomic(a, RSS_ANONPAGES) == 13 && rss_cpu_stash_owner(0) == b &&
	   rss_cpu_stash_cached(0, RSS_ANONPAGES) == 0,
	   "%s: switching CPU 0 to b folds the 10 pages into a's atomic", s->name);
	ok(s->read(a, RSS_ANONPAGES) == 13 && s->read_sum(a, RSS_ANONPAGES) == 13,
	   "%s: both reads still see 13 after the flush", s->name);
	s->add(b, RSS_FILEPAGES, -5, NULL, &c0);
	ok(s->read(b, RSS_FILEPAGES) == 0 && s->read_sum(b, RSS_FILEPAGES) == 0 &&
	   rss_cpu_stash_cached(0, RSS_FILEPAGES) == -5,
	   "%s: the RFC's one read clamps -5 at 0, the precise one too", s->name);
	s->add(b, RSS_FILEPAGES, 5, NULL, &c0);

	rss_switch_to(&c1, a);
	s->add(a, RSS_ANONPAGES, 7, NULL, &c1);
	rss_add_vec(&c0, NULL, a, zap);
	ok(rss_cpu_stash_atomic(a, RSS_ANONPAGES) == -7 && s->read_sum(a, RSS_ANONPAGES) == 0,
	   "%s: CPU 1 holds 7 pages that balance a's atomic at -7", s->name);
	ok(s->mm_destroy(a, &c0) == 0 && rss_cpu_stash_owner(1) == NULL,
	   "%s: exit takes CPU 1's 7 pages (check_mm passes) and clears its stash", s->name);
	ok(s->mm_destroy(b, &c0) == 0, "%s: b's stashed -5 + 5 checks out too", s->name);
	s->teardown();
}

struct race {
	const struct scheme_ops *s;
	struct cpu cpu;
	struct mm *victim, *other;
	pthread_barrier_t step;
};

/* The owner: stash 10 pages of the victim, then switch away while it dies. */
static void *owner_main(void *arg)
{
	struct race *r = arg;

	for (int i = 0; i < ROUNDS; i++) {
		pthread_barrier_wait(&r->step);
		rss_switch_to(&r->cpu, r->victim);
		r->s->add(r->victim, RSS_ANONPAGES, 10, NULL, &r->cpu);
		pthread_barrier_wait(&r->step);
		rss_switch_to(&r->cpu, r->other);	/* flush races the steal */
		pthread_barrier_wait(&r->step);
	}
	return NULL;
}

/* Generic build only: with the cpumask, no CPU holds a dying mm. */
static void test_race(void)
{
	struct machine m = rss_test_machine(2);
	struct race r = { .s = &rss_scheme_cpu_stash, .cpu = { .id = 0, .ops = r.s } };
	struct cpu self = { .id = 1, .ops = r.s };
	long zap[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -10 };
	pthread_t owner;
	int bad = 0;

	if (r.s->setup(&m) || !(r.other = r.s->mm_create(&self)))
		bail_out("cpu-stash: setup failed");
	pthread_barrier_init(&r.step, NULL, 2);
	pthread_create(&owner, NULL, owner_main, &r);
	for (int i = 0; i < ROUNDS; i++) {
		r.victim = r.s->mm_create(&self);
		if (!r.victim)
			bail_out("cpu-stash: mm_create failed");
		pthread_barrier_wait(&r.step);
		pthread_barrier_wait(&r.step);
		rss_add_vec(&self, NULL, r.victim, zap);
		bad += r.s->mm_destroy(r.victim, &self) != 0;
		pthread_barrier_wait(&r.step);
	}
	pthread_join(owner, NULL);
	pthread_barrier_destroy(&r.step);
	ok(bad == 0, "cpu-stash: exit racing the owner's flush: %d of %d check_mm failed",
	   bad, ROUNDS);
	ok(r.s->mm_destroy(r.other, &self) == 0, "cpu-stash: the other mm checks out");
	r.s->teardown();
}

int main(void)
{
	plan_tests(3 + 2 * 9 + 2);
	test_formulas();
	test_mechanism(&rss_scheme_cpu_stash);
	test_mechanism(&rss_scheme_cpu_stash_cpumask);
	test_race();
	return exit_status();
}
