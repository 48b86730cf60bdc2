/*
 * test_formulas.c - the numbers the schemes promise: percpu_counter's batch
 * and error bound (the reference's worked examples), bytes per mm against
 * what the per-CPU allocator really hands out, SPLIT_RSS's sync on the
 * kernel's exact event count, and the allocator's locking contract.
 */
#include <string.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu_counter_core.h"
#include "tap.h"
#include "test_machine.h"

extern const struct scheme_ops rss_scheme_atomic, rss_scheme_split_rss, rss_scheme_percpu;

static void test_batch_and_bound(void)
{
	static const int cpus[] = { 1, 16, 17, 64, 192, 256, 384 };
	static const int batch[] = { 32, 32, 34, 128, 384, 512, 768 };

	for (int i = 0; i < 7; i++)
		ok(rss_percpu_counter_batch(cpus[i]) == batch[i], "batch at %d CPUs is %d",
		   cpus[i], batch[i]);
	struct machine m = rss_test_machine(256);

	ok(rss_percpu_counter_bound(&m) == 130816, "percpu bound at 256 CPUs: 130816 pages");
	m = rss_test_machine(16);
	ok(rss_percpu_counter_bound(&m) == 496, "percpu bound at 16 CPUs: 496 pages");
	/* A cgroup of 16 CPUs on a 64-CPU machine: batch from the 64 online. */
	m = rss_test_machine(64);
	m.nr_allowed = 16;
	ok(rss_percpu_counter_bound(&m) == 2032,
	   "percpu bound, 16 of 64 online CPUs allowed: 16 x 127 = 2032 pages");
}

/*
 * footprint(m, nr_tasks): the schemes whose per-mm memory is set at fork give
 * one figure for 1, all-CPUs and many tasks; those that grow with the mm's
 * threads (the lazy ones' per-CPU part from the second thread, cid-counter's
 * slot per ID) give a single-threaded mm less.
 */
static void test_footprint_tasks(const struct machine *m)
{
	static const char *const grow[] = { "lazy-atomic", "owner-lazy", "cid-counter" };
	int fixed = 1, grows = 1;

	for (int i = 0; rss_schemes[i]; i++) {
		const struct scheme_ops *s = rss_schemes[i];
		size_t one = s->footprint(m, 1), all = s->footprint(m, m->nr_allowed);
		int g = 0;

		for (size_t k = 0; k < sizeof(grow) / sizeof(grow[0]); k++)
			g |= !strcmp(s->name, grow[k]);
		if (g && !(one < all && all <= s->footprint(m, 4 * m->nr_allowed))) {
			diag("%s: %zu B at 1 task, %zu at %d", s->name, one, all, m->nr_allowed);
			grows = 0;
		}
		if (!g && (one != all || all != s->footprint(m, 4 * m->nr_allowed))) {
			diag("%s: %zu B at 1 task, %zu at %d", s->name, one, all, m->nr_allowed);
			fixed = 0;
		}
	}
	ok(fixed, "every other scheme: the same bytes per mm for 1, %d and %d tasks",
	   m->nr_allowed, 4 * m->nr_allowed);
	ok(grows, "lazy-atomic, owner-lazy, cid-counter: fewer bytes for a single-threaded mm");
}

static void test_footprint_measured(void)
{
	struct machine m = rss_test_machine(256);
	const struct scheme_ops *s = &rss_scheme_percpu;
	struct cpu cpu = { .id = 0, .ops = s };
	size_t before, inline_bytes;
	struct mm *mm;

	s->setup(&m);
	before = rss_pcpu_bytes_in_use();
	mm = s->mm_create(&cpu);
	inline_bytes = s->footprint(&m, 1) - (rss_pcpu_bytes_in_use() - before);
	ok(rss_pcpu_bytes_in_use() - before == 4 * 4 * 256,
	   "percpu mm takes 16 B per CPU from the allocator at 256 CPUs");
	ok(inline_bytes == sizeof(struct percpu_counter) * RSS_NR_COUNTERS,
	   "footprint = inline counters + measured per-CPU bytes");
	ok(rss_percpu_counter_nr_listed() == RSS_NR_COUNTERS, "4 counters on the hotplug list");
	ok(s->mm_destroy(mm, &cpu) == 0, "check_mm passes on an unused mm");
	ok(rss_percpu_counter_nr_listed() == 0 && rss_pcpu_bytes_in_use() == before,
	   "destroy unlists and frees");
	s->teardown();
	ok(rss_scheme_atomic.footprint(&m, 1) == 32, "atomic: 32 B per mm");
	test_footprint_tasks(&m);
	ok(rss_scheme_atomic.error_bound(&m, 5, 1).under == 0, "atomic: exact");
	ok(rss_scheme_split_rss.error_bound(&m, 5, 1).under == 5 * 66 &&
	   rss_scheme_split_rss.error_bound(&m, 5, 16).under == 5 * 66 * 16,
	   "split-rss: 66 x tasks x pages per event (THRESH + 2 fault events; 16 for fault-around)");
}

static void test_percpu_counter_fold(void)
{
	struct machine m = rss_test_machine(16);
	struct percpu_counter c[1];

	rss_percpu_counter_setup(&m);
	rss_pcpu_setup(&m);
	ok(rss_percpu_counter_init_many(c, 0, 1, 0) == 0, "init_many");
	rss_percpu_counter_add(c, 31, 3);
	ok(rss_percpu_counter_read(c) == 0 && rss_percpu_counter_sum(c) == 31,
	   "31 on CPU 3 stays in its slot (batch 32)");
	rss_percpu_counter_add(c, 1, 3);
	ok(rss_percpu_counter_read(c) == 32 && *(int *)rss_per_cpu_ptr(c->counters, 3) == 0,
	   "the 32nd page folds the slot into the count");
	rss_percpu_counter_add(c, -40, 5);
	ok(rss_percpu_counter_read(c) == -8 && rss_percpu_counter_read_positive(c) == 0,
	   "a large negative update folds at once; the cheap read clamps at 0");
	rss_percpu_counter_destroy_many(c, 1);
	rss_pcpu_teardown();
}

static void test_pcpu_allocator(void)
{
	struct machine m = rss_test_machine(8);
	unsigned long taken;
	char *p, *q, *first = NULL, *last = NULL;
	int zero = 1, n = 0;

	rss_pcpu_setup(&m);
	while ((q = rss_pcpu_alloc(16, 1))) {	/* fill the first chunk */
		first = first ? first : q;
		last = q;
		n++;
	}
	ok(n == RSS_PCPU_UNIT_SIZE / 16 && rss_pcpu_mutex_taken() == 0,
	   "GFP_ATOMIC fills the first chunk (%d areas) without the mutex, then fails", n);
	for (char *a = first; a && a <= last; a += 16)
		rss_pcpu_free(a);
	taken = rss_pcpu_mutex_taken();
	p = rss_pcpu_alloc(16, 0);
	ok(p && rss_pcpu_mutex_taken() == taken + 1, "GFP_KERNEL takes pcpu_alloc_mutex once");
	for (int cpu = 0; cpu < 8; cpu++)
		memset(rss_per_cpu_ptr(p, cpu), 0xff, 16);
	rss_pcpu_free(p);
	q = rss_pcpu_alloc(16, 1);
	ok(q && rss_pcpu_mutex_taken() == taken + 1, "GFP_ATOMIC reuses space without the mutex");
	for (int cpu = 0; q && cpu < 8; cpu++)
		for (int i = 0; i < 16; i++)
			zero &= ((char *)rss_per_cpu_ptr(q, cpu))[i] == 0;
	ok(zero, "a new area is cleared on every CPU");
	ok((char *)rss_per_cpu_ptr(q, 1) - (char *)q == RSS_PCPU_UNIT_SIZE,
	   "per_cpu_ptr: units are one unit size apart");
	rss_pcpu_free(q);
	rss_pcpu_teardown();
}

/* check_sync_rss_stat(): events++ > 64, before that fault's own update. */
static void test_split_sync_count(void)
{
	const struct scheme_ops *s = &rss_scheme_split_rss;
	struct cpu cpu = { .ops = s };
	struct task t = { 0 };
	int synced_at = 0;

	t.mm = s->mm_create(&cpu);
	for (int fault = 1; fault <= 200 && synced_at < 2; fault++) {
		long before = s->read(t.mm, RSS_ANONPAGES);

		s->fault_enter(&t);
		if (s->read(t.mm, RSS_ANONPAGES) != before) {
			synced_at++;
			if (synced_at == 1)
				ok(fault == 66 && s->read(t.mm, RSS_ANONPAGES) == 65,
				   "first sync on fault 66 folds 65 pages (got fault %d)", fault);
			else
				ok(fault == 132 && s->read(t.mm, RSS_ANONPAGES) == 131,
				   "next sync 66 faults later folds 66 pages (got fault %d)", fault);
		}
		s->add(t.mm, RSS_ANONPAGES, 1, &t, &cpu);
	}
	s->task_exit(&t, &cpu);
	ok(s->read_sum(t.mm, RSS_ANONPAGES) == 132, "exit syncs the rest");
	s->add(t.mm, RSS_ANONPAGES, -132, NULL, &cpu);
	ok(s->mm_destroy(t.mm, &cpu) == 0, "check_mm passes at 0");
}

int main(void)
{
	plan_tests(33);
	test_batch_and_bound();
	test_footprint_measured();
	test_percpu_counter_fold();
	test_pcpu_allocator();
	test_split_sync_count();
	return exit_status();
}
