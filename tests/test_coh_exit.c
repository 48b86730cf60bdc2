/*
 * test_coh_exit.c - the coherence model on exit's check_mm, against counts
 * worked out by hand (doc/coherence.md): percpu's walk reads one line per
 * CPU plus the counters' own (16 and 1024 CPUs), and v6.2's walk of the
 * online CPUs, again over the possible ones for a non-zero counter.
 */
#include <errno.h>
#include <stdint.h>

#include "coh_fixture.h"
#include "schemes/percpu.h"
#include "tap.h"

/*
 * check_mm (get_mm_counter_sum of the four counters) over N CPUs reads one
 * line per CPU, where the grouped allocation put the mm's four slots, plus
 * the counters' own lines (lock and count).
 */
static void test_check_mm(int n)
{
	const struct scheme_ops *s = model_scheme("percpu");
	struct rss_coh_ctx prev;
	struct percpu_mm *pmm;
	struct cpu c0;
	struct mm *mm;
	uintptr_t seen[2 * RSS_NR_COUNTERS];
	int own = 0;

	model_open(n, 8);
	s->setup(&coh_m);
	c0 = cpu_view(s, 0);
	prev = rss_coh_enter(0);
	mm = s->mm_create(&c0);
	pmm = (struct percpu_mm *)mm;
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		uintptr_t l[2] = { LINE(&pmm->rss_stat[i].lock), LINE(&pmm->rss_stat[i].count) };

		for (int k = 0; k < 2; k++) {
			int dup = 0;

			for (int j = 0; j < own; j++)
				dup |= seen[j] == l[k];
			if (!dup)
				seen[own++] = l[k];
		}
	}
	rss_coh_reset_stats();
	rss_coh_interval();
	ok(rss_check_mm(s->read_sum, mm) == 0, "%d CPUs: check_mm of a new mm is clean", n);
	stats();
	ok(coh_st.lines == (unsigned)(n + own),
	   "%d CPUs: check_mm reads %d per-CPU lines + the counters' %d lines, got %llu",
	   n, n, own, coh_st.lines);
	rss_coh_leave(prev);
	s->mm_destroy(mm, &c0);
	s->teardown();
	model_close();
}

/*
 * v6.2's check_mm on 16 possible / 7 online CPUs: the exit of a clean mm
 * makes v6.3's accesses (the 7 online CPUs' slots of each counter: always
 * walking the possible ones would be 4 x 9 more); a counter whose online
 * sum is not 0 is summed again over all 16 CPUs (16 slots, the lock taken
 * and released, the pointer loaded), which reaches the 9 offline CPUs'
 * slot lines.  Lines are
 * compared within v6.2: its per-counter areas sit after the per-CPU
 * preempt_count, so the allocator's free touches one more line than v6.3's.
 */
static void era_destroy(const char *name, int bad, struct rss_coh_stats *out)
{
	static unsigned long online[RSS_CPUMASK_LONGS(MAX_CPUS)];
	const struct scheme_ops *s = model_scheme(name);
	struct rss_coh_ctx prev;
	struct percpu_mm *pmm;
	struct cpu c0;

	model_open(16, 8);
	online[0] = 0x7f;
	coh_m.online_mask = online;
	coh_m.nr_online = 7;
	coh_m.nr_allowed = 7;
	s->setup(&coh_m);
	c0 = cpu_view(s, 0);
	prev = rss_coh_enter(0);
	pmm = (struct percpu_mm *)s->mm_create(&c0);
	if (bad)
		s->add(&pmm->mm, RSS_FILEPAGES, 1, NULL, &c0);
	rss_coh_reset_stats();
	rss_coh_interval();
	if (s->mm_destroy(&pmm->mm, &c0) != (bad ? -EIO : 0))
		bail_out("%s: check_mm of a %s mm", name, bad ? "bad" : "clean");
	rss_coh_stats(out);
	rss_coh_leave(prev);
	s->teardown();
	model_close();
}

static void test_check_mm_v62(void)
{
	struct rss_coh_stats clean62, clean63, bad62;

	era_destroy("percpu-preempt", 0, &clean62);
	era_destroy("percpu-irqsave", 0, &clean63);
	era_destroy("percpu-preempt", 1, &bad62);
	ok(clean62.accesses == clean63.accesses,
	   "v6.2's exit of a clean mm makes v6.3's %llu accesses (%llu): online CPUs only",
	   clean63.accesses, clean62.accesses);
	ok(bad62.accesses == clean62.accesses + 16 + 3 && bad62.lines == clean62.lines + 9,
	   "a non-zero counter: v6.2 re-sums 16 slots under the lock, fbc->counters loaded once (+%llu accesses), 9 offline lines (+%llu)",
	   bad62.accesses - clean62.accesses, bad62.lines - clean62.lines);
}

int main(void)
{
	plan_tests(4 + 2);
	test_check_mm(16);
	test_check_mm(1024);
	test_check_mm_v62();
	return exit_status();
}
