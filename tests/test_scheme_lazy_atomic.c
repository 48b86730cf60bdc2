/*
 * test_scheme_lazy_atomic.c - Peng Zhang's atomic-mode percpu_counter: the
 * bound and bytes, then its mechanism: a single-threaded mm's fork and exit
 * never reach the per-CPU allocator; the first CLONE_THREAD (not CLONE_VM)
 * switches with one GFP_ATOMIC allocation (no mutex) and the count kept; a
 * second does nothing; a failed allocation leaves the mm atomic.
 */
#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu_counter_core.h"
#include "tap.h"
#include "test_machine.h"

extern const struct scheme_ops rss_scheme_lazy_atomic;


static void test_formulas(void)
{
	const struct scheme_ops *s = &rss_scheme_lazy_atomic;
	struct machine m = rss_test_machine(256);

	ok(s->error_bound(&m, 1, 1).under == 0, "exact while single-threaded");
	ok(s->error_bound(&m, 5, 1).under == 130816, "percpu_counter's 256 x 511 once threaded");
	ok(s->footprint(&m, 2) == sizeof(struct percpu_counter) * 4 + 16 * 256,
	   "bytes per mm once switched (2 tasks): inline counters + 16 B per CPU");
	ok(s->footprint(&m, 1) == sizeof(struct percpu_counter) * 4,
	   "a single-threaded mm: the inline counters alone");
}

static void test_mechanism(void)
{
	const struct scheme_ops *s = &rss_scheme_lazy_atomic;
	struct machine m = rss_test_machine(16);
	struct cpu cpu = { .id = 3, .ops = s }, other = { .id = 7, .ops = s };
	struct task t = { 0 };
	size_t bytes;
	unsigned long mutex, failures;
	int n = 0;
	void *fill[RSS_PCPU_UNIT_SIZE / 16];

	s->setup(&m);
	bytes = rss_pcpu_bytes_in_use();
	mutex = rss_pcpu_mutex_taken();
	t.mm = s->mm_create(&cpu);
	s->task_fork(&t, 0, &cpu);
	s->add(t.mm, RSS_ANONPAGES, 40, &t, &cpu);
	s->add(t.mm, RSS_FILEPAGES, -3, NULL, &other);
	ok(s->read(t.mm, RSS_ANONPAGES) == 40 && s->read(t.mm, RSS_FILEPAGES) == -3,
	   "atomic mode: the cheap read is exact and not clamped");
	s->add(t.mm, RSS_ANONPAGES, -40, &t, &cpu);
	s->add(t.mm, RSS_FILEPAGES, 3, NULL, &other);
	ok(s->mm_destroy(t.mm, &cpu) == 0 && rss_pcpu_bytes_in_use() == bytes &&
	   rss_pcpu_mutex_taken() == mutex && rss_percpu_counter_nr_listed() == 0,
	   "single-threaded fork and exit: no per-CPU bytes, no allocator mutex, no list");

	t.mm = s->mm_create(&cpu);
	s->add(t.mm, RSS_ANONPAGES, 100, &t, &cpu);
	s->task_fork(&t, RSS_CLONE_VM, &cpu);
	ok(rss_pcpu_bytes_in_use() == bytes, "plain CLONE_VM (vfork) does not switch");
	s->task_fork(&t, RSS_CLONE_VM | RSS_CLONE_THREAD, &cpu);
	ok(rss_pcpu_bytes_in_use() == bytes + 16 * 16 && rss_pcpu_mutex_taken() == mutex &&
	   rss_percpu_counter_nr_listed() == 4,
	   "the first CLONE_THREAD allocates 16 B per CPU with GFP_ATOMIC (no mutex), lists 4");
	ok(s->read(t.mm, RSS_ANONPAGES) == 100 && s->read_sum(t.mm, RSS_ANONPAGES) == 100,
	   "the count survives the switch");
	s->task_fork(&t, RSS_CLONE_VM | RSS_CLONE_THREAD, &cpu);
	ok(rss_pcpu_bytes_in_use() == bytes + 16 * 16 && rss_percpu_counter_nr_listed() == 4,
	   "a second CLONE_THREAD does nothing");
	s->add(t.mm, RSS_ANONPAGES, 5, &t, &other);
	ok(s->read(t.mm, RSS_ANONPAGES) == 100 && s->read_sum(t.mm, RSS_ANONPAGES) == 105,
	   "per-CPU mode: 5 pages wait in CPU 7's slot");
	s->add(t.mm, RSS_ANONPAGES, -105, &t, &cpu);
	ok(s->mm_destroy(t.mm, &cpu) == 0 && rss_pcpu_bytes_in_use() == bytes &&
	   rss_percpu_counter_nr_listed() == 0, "exit: check_mm, unlist and free");

	/* GFP_ATOMIC finds no room once the first chunk is full. */
	while (n < (int)(sizeof(fill) / sizeof(fill[0])) && (fill[n] = rss_pcpu_alloc(16, 1)))
		n++;
	failures = rss_op_failures();
	t.mm = s->mm_create(&cpu);
	s->task_fork(&t, RSS_CLONE_VM | RSS_CLONE_THREAD, &cpu);
	s->add(t.mm, RSS_ANONPAGES, 7, &t, &other);
	ok(rss_op_failures() == failures + 1 && rss_percpu_counter_nr_listed() == 0 &&
	   s->read(t.mm, RSS_ANONPAGES) == 7,
	   "a failed GFP_ATOMIC allocation is a failure and the mm stays atomic");
	s->add(t.mm, RSS_ANONPAGES, -7, &t, &other);
	ok(s->mm_destroy(t.mm, &cpu) == 0, "check_mm passes");
	while (n--)
		rss_pcpu_free(fill[n]);
	s->teardown();
}

int main(void)
{
	plan_tests(14);
	test_formulas();
	test_mechanism();
	return exit_status();
}
