/*
 * test_precise_reads.c - the reads the kernel makes.  get_mm_counter_sum()
 * is percpu_counter_sum_positive(): each scheme's precise read clamps a
 * negative sum at 0 where its kernel code does, while check_mm still sees
 * the raw sum and complains.  get_mm_rss() and get_mm_rss_sum() are the
 * scheme's whole-process read where it has one (cpu-stash's walks the CPUs
 * once), else the sum of three reads; both give the same pages.
 */
#include <errno.h>
#include <string.h>

#include "rss.h"
#include "tap.h"
#include "test_machine.h"

#define NR_CPUS	4

/* Whose get_mm_counter_sum() (or the port's precise read) clamps at 0. */
static int clamps(const char *name)
{
	static const char *const no[] = {
		"atomic",	/* one atomic_long_read, no _sum then */
		"split-rss",	/* no precise read existed; the raw atomic */
		"pernode",	/* get_mm_counter_slow(): global + slots */
	};

	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (!strcmp(name, no[i]))
			return 0;
	return 1;
}

/* A remote update of -5 pages (@cur NULL, as reclaim's): the precise read. */
static void check_clamp(const struct scheme_ops *s, struct cpu *c)
{
	struct mm *mm = s->mm_create(c);
	long v;
	int destroyed;

	if (!mm)
		bail_out("%s: mm_create failed", s->name);
	s->add(mm, RSS_ANONPAGES, -5, NULL, c);
	v = s->read_sum(mm, RSS_ANONPAGES);
	destroyed = s->mm_destroy(mm, c);
	ok(v == (clamps(s->name) ? 0 : -5) && destroyed == -EIO,
	   "%s: precise read of a -5 count is %ld (%s), and check_mm still finds it",
	   s->name, v, clamps(s->name) ? "clamped as the kernel's" : "raw as the kernel's");
}

/* Pages on two CPUs, one of them still in its per-CPU state. */
static void check_rss(const struct scheme_ops *s, struct cpu *cpus)
{
	struct mm *mm = s->mm_create(&cpus[0]);
	struct task t = { .mm = mm };
	long rss, sum, want = 3 + 40 + 7;

	if (!mm)
		bail_out("%s: mm_create failed", s->name);
	for (int i = 0; i < 2; i++) {
		if (s->switch_mm)
			s->switch_mm(&cpus[i], NULL, mm);
		if (s->task_fork && !i)
			s->task_fork(&t, 0, &cpus[0]);
	}
	s->add(mm, RSS_FILEPAGES, 3, &t, &cpus[0]);
	s->add(mm, RSS_ANONPAGES, 40, &t, &cpus[1]);
	s->add(mm, RSS_SHMEMPAGES, 7, &t, &cpus[1]);
	s->add(mm, RSS_SWAPENTS, 9, &t, &cpus[0]);
	/* split-rss had no precise read: its atomics are exact once tasks sync. */
	if (!strcmp(s->name, "split-rss"))
		s->task_exit(&t, &cpus[0]);
	rss = rss_get_mm_rss(&cpus[0], mm);
	sum = rss_get_mm_rss_sum(&cpus[0], mm);
	ok(sum == want && rss <= want &&
	   rss == s->read(mm, RSS_FILEPAGES) + s->read(mm, RSS_ANONPAGES) +
		  s->read(mm, RSS_SHMEMPAGES),
	   "%s: get_mm_rss_sum %ld == %ld (FILE + ANON + SHMEM, not SWAPENTS); get_mm_rss %ld%s",
	   s->name, sum, want, rss, s->read_rss ? " (one pass)" : "");
	s->add(mm, RSS_FILEPAGES, -3, &t, &cpus[0]);
	s->add(mm, RSS_ANONPAGES, -40, &t, &cpus[1]);
	s->add(mm, RSS_SHMEMPAGES, -7, &t, &cpus[1]);
	s->add(mm, RSS_SWAPENTS, -9, &t, &cpus[0]);
	if (s->task_exit)
		s->task_exit(&t, &cpus[0]);
	for (int i = 0; i < 2 && s->switch_mm; i++)
		s->switch_mm(&cpus[i], mm, NULL);
	if (s->mm_destroy(mm, &cpus[0]))
		bail_out("%s: check_mm after the pages left", s->name);
}

int main(void)
{
	struct machine m = rss_test_machine(NR_CPUS);
	struct cpu cpus[NR_CPUS];
	int n = 0;

	for (int i = 0; rss_schemes[i]; i++)
		n += !(rss_schemes[i]->flags & (RSS_SCHEME_PROCESS_WIDE | RSS_SCHEME_NO_COUNTER));
	plan_tests((unsigned)(2 * n + 2));
	ok(rss_scheme_find("cpu-stash")->read_rss && rss_scheme_find("cpu-stash-cpumask")->read_rss,
	   "cpu-stash and its cpumask build read get_mm_rss in one walk (patch 4/7)");
	ok(!rss_scheme_find("percpu")->read_rss && !rss_scheme_find("hpcc")->read_rss,
	   "percpu and hpcc: get_mm_rss is three get_mm_counter() calls, as in mm.h");
	for (int i = 0; rss_schemes[i]; i++) {
		const struct scheme_ops *s = rss_schemes[i];

		/* native's counters are the kernel's: it cannot be given -5
		 * pages; empty counts nothing. */
		if (s->flags & (RSS_SCHEME_PROCESS_WIDE | RSS_SCHEME_NO_COUNTER))
			continue;
		if (s->setup && s->setup(&m))
			bail_out("%s: setup failed", s->name);
		for (int c = 0; c < NR_CPUS; c++)
			cpus[c] = (struct cpu){ .id = c, .ops = s, .machine = &m };
		check_clamp(s, &cpus[0]);
		check_rss(s, cpus);
		if (s->teardown)
			s->teardown();
	}
	return exit_status();
}
