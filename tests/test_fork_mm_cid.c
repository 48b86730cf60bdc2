/*
 * test_fork_mm_cid.c - the fork workload's second per-CPU allocation, the
 * mm_cid area: per fork+exit, percpu takes pcpu_alloc_mutex twice (its
 * grouped counters and mm_cid), pernode once (mm_cid only: Mateusz Guzik's
 * objection), slab-cache never on a warm cache (its objects keep both);
 * --no-mm-cid leaves the area out; nothing stays allocated after exit, and
 * mm_init_cid() resets every possible CPU's slot.
 */
#include <stdint.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "tap.h"
#include "workloads/mm_cid.h"

#define NR_CPUS	16
#define FORKS	8

extern const struct scheme_ops rss_scheme_percpu, rss_scheme_pernode, rss_scheme_slab_cache;
extern const struct workload_ops rss_workload_fork;

static int nodes[NR_CPUS];
static const struct machine machine = { .nr_cpus = NR_CPUS, .nr_nodes = 1, .cpu_node = nodes };

/* Mutex takings per fork+exit after one warm-up fork; bytes left after them. */
static unsigned long mutex_per_fork(const struct scheme_ops *s, int mm_cid, long *left)
{
	struct rss_params params = { .child_pages = 2, .mm_cid = mm_cid };
	struct cpu c = { .id = 3, .ops = s, .machine = &machine };
	struct task t = { .id = 0, .cpu = 3 };
	const struct workload_ops *w = &rss_workload_fork;
	unsigned long before;
	size_t bytes;

	if (s->setup && s->setup(&machine))
		bail_out("%s: setup failed", s->name);
	if (!(t.mm = s->mm_create(&c)) || w->task_init(&t, &c, &params))
		bail_out("%s: task setup failed", s->name);
	rss_switch_to(&c, t.mm);
	w->op(&t, &c);
	before = rss_pcpu_mutex_taken();
	bytes = rss_pcpu_bytes_in_use();
	for (int i = 0; i < FORKS; i++)
		w->op(&t, &c);
	*left = (long)(rss_pcpu_bytes_in_use() - bytes);
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
		unsigned long got = mutex_per_fork(cases[i].s, cases[i].mm_cid, &left);

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

int main(void)
{
	plan_tests(8);
	test_mutex();
	test_init();
	return exit_status();
}
