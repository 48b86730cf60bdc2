/*
 * test_scheme_owner_lazy.c - Krisman's lazy counters: the bound (with the
 * parked remote value) and bytes, then the mechanism: the owner's updates go
 * to the plain count with no allocation, a remote one to the biased atomic,
 * and the first CLONE_VM parks that remote value in the upgrading CPU's slot
 * while the precise read stays exact.
 */
#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu_counter_core.h"
#include "tap.h"
#include "test_machine.h"

extern const struct scheme_ops rss_scheme_owner_lazy;

/* owner_lazy.c's mm, to look at the words themselves. */
struct owner_lazy_mm {
	struct mm mm;
	struct percpu_counter rss_stat[RSS_NR_COUNTERS];
};


static void test_formulas(void)
{
	const struct scheme_ops *s = &rss_scheme_owner_lazy;
	struct machine m = rss_test_machine(256);

	s->setup(&m);
	ok(s->error_bound(&m, 1, 1).under == 0, "exact while single-threaded");
	ok(s->error_bound(&m, 5, 1).under == 130816,
	   "threaded, nothing parked: percpu_counter's 256 x 511");
	ok(s->footprint(&m, 2) == sizeof(struct percpu_counter) * 4 + 16 * 256,
	   "bytes per mm once upgraded (2 tasks): inline counters + 16 B per CPU");
	ok(s->footprint(&m, 1) == sizeof(struct percpu_counter) * 4,
	   "a single-threaded mm: the inline counters alone");
	s->teardown();
}

static void test_mechanism(void)
{
	const struct scheme_ops *s = &rss_scheme_owner_lazy;
	struct machine m = rss_test_machine(16);
	struct cpu cpu = { .id = 5, .ops = s };
	struct task t = { 0 };
	struct percpu_counter *pc;
	size_t bytes;
	unsigned long mutex;

	s->setup(&m);
	bytes = rss_pcpu_bytes_in_use();
	mutex = rss_pcpu_mutex_taken();
	t.mm = s->mm_create(&cpu);
	pc = &((struct owner_lazy_mm *)t.mm)->rss_stat[RSS_ANONPAGES];
	s->task_fork(&t, 0, &cpu);
	s->add(t.mm, RSS_ANONPAGES, 10, &t, &cpu);
	ok(pc->count == 10 && pc->remote == 1 && s->read(t.mm, RSS_ANONPAGES) == 10 &&
	   rss_pcpu_bytes_in_use() == bytes && rss_pcpu_mutex_taken() == mutex,
	   "lazy: the owner's 10 pages go to the plain count, exact, no allocation");
	s->add(t.mm, RSS_ANONPAGES, 1000, NULL, &cpu);
	ok(pc->count == 10 && pc->remote == (1000 << 1 | 1) &&
	   s->read(t.mm, RSS_ANONPAGES) == 1010 && s->read_sum(t.mm, RSS_ANONPAGES) == 1010,
	   "a remote update goes to the biased atomic: remote = 1000 << 1 | 1");
	s->task_fork(&t, RSS_CLONE_VM, &cpu);
	ok(rss_pcpu_mutex_taken() == mutex + 1 && rss_pcpu_bytes_in_use() == bytes + 16 * 16 &&
	   rss_percpu_counter_nr_listed() == 4,
	   "the first CLONE_VM upgrades: one GFP_KERNEL allocation (mutex), 4 listed");
	ok(*(int32_t *)rss_per_cpu_ptr(pc->counters, 5) == 1000 && pc->count == 10,
	   "the remote 1000 is parked in CPU 5's slot (add_local), count keeps the owner's 10");
	ok(s->read(t.mm, RSS_ANONPAGES) == 10 && s->read_sum(t.mm, RSS_ANONPAGES) == 1010,
	   "the precise read stays exact; the cheap read misses the parked 1000");
	ok(s->error_bound(&m, 2, 1).under == 16 * 31 + (1000 - 31),
	   "the bound grows by what was parked beyond batch - 1: 496 + 969");
	s->task_fork(&t, RSS_CLONE_VM | RSS_CLONE_THREAD, &cpu);
	ok(rss_pcpu_mutex_taken() == mutex + 1, "a second CLONE_VM does nothing");
	s->add(t.mm, RSS_ANONPAGES, 1, NULL, &cpu);
	ok(s->read(t.mm, RSS_ANONPAGES) == 1011 && *(int32_t *)rss_per_cpu_ptr(pc->counters, 5) == 0,
	   "the next update on CPU 5 folds the parked value into count");
	s->add(t.mm, RSS_ANONPAGES, -1011, &t, &cpu);
	ok(s->mm_destroy(t.mm, &cpu) == 0 && rss_percpu_counter_nr_listed() == 0 &&
	   rss_pcpu_bytes_in_use() == bytes, "exit: check_mm, unlist and free the upgraded mm");
	t.mm = s->mm_create(&cpu);
	s->add(t.mm, RSS_FILEPAGES, 3, &t, &cpu);
	s->add(t.mm, RSS_FILEPAGES, -3, NULL, &cpu);
	ok(s->mm_destroy(t.mm, &cpu) == 0 && rss_pcpu_mutex_taken() == mutex + 1,
	   "a lazy mm's exit: owner +3, remote -3, check_mm passes, nothing to free");
	s->teardown();
}

int main(void)
{
	plan_tests(14);
	test_formulas();
	test_mechanism();
	return exit_status();
}
