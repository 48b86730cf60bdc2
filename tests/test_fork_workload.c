/*
 * test_fork_workload.c - what one fork+exit of the fork workload does to a
 * scheme.  Its second per-CPU allocation, the mm_cid area: percpu takes
 * pcpu_alloc_mutex twice (its grouped counters and mm_cid), pernode once
 * (mm_cid only: Mateusz Guzik's objection), slab-cache never on a warm cache
 * (its objects keep both); --no-mm-cid leaves the area out; nothing stays
 * allocated after exit, and mm_init_cid() resets every possible CPU's slot.
 * --child-threads: the clone flags each new task brings, and lazy-atomic and
 * owner-lazy switching in the child with its pages counted exactly.
 */
#include <stdint.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "tap.h"
#include "test_machine.h"
#include "workloads/mm_cid.h"

#define NR_CPUS	16
#define FORKS	8

extern const struct scheme_ops rss_scheme_percpu, rss_scheme_pernode, rss_scheme_slab_cache;
extern const struct scheme_ops rss_scheme_lazy_atomic, rss_scheme_owner_lazy;
extern const struct workload_ops rss_workload_fork;

static struct machine machine;

static unsigned long allocs_per_fork;

/* Mutex takings per fork+exit after one warm-up fork (allocations in
 * allocs_per_fork); bytes left after them. */
static unsigned long mutex_per_fork(const struct scheme_ops *s, int mm_cid, int threads,
				    long *left)
{
	struct rss_params params = { .child_pages = 2, .mm_cid = mm_cid,
				     .child_threads = threads };
	struct cpu c = { .id = 3, .ops = s, .machine = &machine };
	struct task t = { .id = 0, .cpu = 3 };
	const struct workload_ops *w = &rss_workload_fork;
	unsigned long before, allocs;
	size_t bytes;

	if (s->setup && s->setup(&machine))
		bail_out("%s: setup failed", s->name);
	if (!(t.mm = s->mm_create(&c)) || w->task_init(&t, &c, &params))
		bail_out("%s: task setup failed", s->name);
	rss_switch_to(&c, t.mm);
	w->op(&t, &c);
	before = rss_pcpu_mutex_taken();
	allocs = rss_pcpu_allocs();
	bytes = rss_pcpu_bytes_in_use();
	for (int i = 0; i < FORKS; i++)
		w->op(&t, &c);
	*left = (long)(rss_pcpu_bytes_in_use() - bytes);
	allocs_per_fork = (rss_pcpu_allocs() - allocs) / FORKS;
	before = rss_pcpu_mutex_taken() - before;
	w->task_fini(&t, &c);
	if (s->mm_destroy(t.mm, &c))
		bail_out("%s: check_mm failed", s->name);
	if (s->teardown)
		s->teardown();
	return before / FORKS;
}

static void test_mutex(void)
{
	static const struct {
		const struct scheme_ops *s;
		int mm_cid;
		unsigned long want;
		const char *why;
	} cases[] = {
		{ &rss_scheme_percpu, 1, 2, "its counters and mm_cid" },
		{ &rss_scheme_percpu, 0, 1, "its counters only (--no-mm-cid)" },
		{ &rss_scheme_pernode, 1, 1, "mm_cid only: the RSS allocation alone is gone" },
		{ &rss_scheme_pernode, 0, 0, "nothing (--no-mm-cid)" },
		{ &rss_scheme_slab_cache, 1, 0, "nothing: the cached object keeps both" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long left;
		unsigned long got = mutex_per_fork(cases[i].s, cases[i].mm_cid, 0, &left);

		ok(got == cases[i].want && left == 0,
		   "%s%s: pcpu_alloc_mutex %lu times per fork (%s), %ld bytes left after exit",
		   cases[i].s->name, cases[i].mm_cid ? "" : " --no-mm-cid", got, cases[i].why, left);
	}
}

static void test_init(void)
{
	void *cid;
	int unset = 0;

	rss_pcpu_setup(&machine);
	cid = rss_mm_cid_alloc();
	ok(cid && rss_pcpu_bytes_in_use() == 16 * NR_CPUS,
	   "struct mm_cid: 16 bytes on each of the %d possible CPUs", NR_CPUS);
	rss_mm_cid_init(cid, &machine);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		const int32_t *slot = rss_per_cpu_ptr(cid, cpu);

		unset += slot[2] == -1 && slot[3] == -1;	/* cid, recent_cid */
	}
	ok(unset == NR_CPUS, "mm_init_cid: cid and recent_cid unset on all %d CPUs", unset);
	rss_mm_cid_free(cid);
	ok(rss_pcpu_bytes_in_use() == 0, "mm_destroy_cid gives it all back");
	rss_pcpu_teardown();
}

/* A scheme that records the clone flags and the exits it sees. */
static unsigned long seen_flags[RSS_MAX_CHILD_THREADS + 1];
static int nr_forks, nr_exits;

static void probe_fork(struct task *t, unsigned long flags, struct cpu *c)
{
	seen_flags[nr_forks++] = flags;
}

static void probe_exit(struct task *t, struct cpu *c)
{
	nr_exits++;
}

static void test_child_threads(void)
{
	extern const struct scheme_ops rss_scheme_atomic;
	struct scheme_ops probe = rss_scheme_atomic;
	struct rss_params params = { .child_pages = 2, .child_threads = 3 };
	struct cpu c = { .id = 1, .ops = &probe, .machine = &machine };
	struct task t = { .cpu = 1 };
	const struct workload_ops *w = &rss_workload_fork;
	int threads = 0;

	probe.task_fork = probe_fork;
	probe.task_exit = probe_exit;
	t.mm = probe.mm_create(&c);
	if (!t.mm || w->task_init(&t, &c, &params))
		bail_out("probe: task setup failed");
	w->op(&t, &c);
	for (int i = 1; i < nr_forks; i++)
		threads += seen_flags[i] == (RSS_CLONE_VM | RSS_CLONE_THREAD);
	ok(nr_forks == 4 && seen_flags[0] == 0 && threads == 3 && nr_exits == 4,
	   "--child-threads 3: a process fork, then 3 CLONE_VM|CLONE_THREAD clones, 4 exits "
	   "(%d forks, %d exits)", nr_forks, nr_exits);
	w->task_fini(&t, &c);
	probe.mm_destroy(t.mm, &c);

	/* lazy-atomic switches with GFP_ATOMIC (no mutex), owner-lazy with
	 * percpu_counter_init_many(GFP_KERNEL); mm_cid is the other area. */
	for (int i = 0; i < 2; i++) {
		const struct scheme_ops *s = i ? &rss_scheme_owner_lazy : &rss_scheme_lazy_atomic;
		unsigned long failed = rss_op_failures(), alone, mutex;
		long left;

		mutex_per_fork(s, 1, 0, &left);
		alone = allocs_per_fork;
		mutex = mutex_per_fork(s, 1, 1, &left);
		ok(alone == 1 && allocs_per_fork == 2 && mutex == (i ? 2UL : 1UL) &&
		   rss_op_failures() == failed && left == 0,
		   "%s: a fork allocates %lu area(s) alone, %lu with a thread (the switch), "
		   "mutex %lu times; check_mm passes, nothing left", s->name, alone,
		   allocs_per_fork, mutex);
	}
}

int main(void)
{
	machine = rss_test_machine(NR_CPUS);
	plan_tests(11);
	test_mutex();
	test_init();
	test_child_threads();
	return exit_status();
}
