/*
 * split_rss.c - SPLIT_RSS_COUNTING (2.6.34 to 6.1): the fault path adds to a
 * plain per-task cache, folded into the mm's atomics when the task's fault
 * count passes TASK_RSS_EVENTS_THRESH, on own-mm vector updates and at exit.
 * Origin: 34e55232e59f "mm: avoid false sharing of mm_counter" (Kamezawa);
 * removed by f1a7941243c1.  The code ported is the one shown in the removal
 * diff <20221024052841.3291983-1-shakeelb@google.com>.
 */
#include <stdlib.h>

#include "rss.h"

#define TASK_RSS_EVENTS_THRESH	64

struct split_mm {
	struct mm mm;
	long count[RSS_NR_COUNTERS];	/* atomic_long_t */
};

static struct split_mm *to_smm(struct mm *mm)
{
	return (struct split_mm *)mm;
}

static struct mm *split_mm_create(struct cpu *cpu)
{
	struct split_mm *smm = rss_mm_zalloc(sizeof(*smm));

	return smm ? &smm->mm : NULL;
}

static void add_mm_counter(struct mm *mm, int ctr, long v)
{
	__atomic_fetch_add(&to_smm(mm)->count[ctr], v, __ATOMIC_RELAXED);
}

/* sync_mm_rss(): fold current's cache into its mm. */
static void sync_mm_rss(struct task *cur)
{
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		if (cur->rss_stat.count[i]) {
			add_mm_counter(cur->mm, i, cur->rss_stat.count[i]);
			cur->rss_stat.count[i] = 0;
		}
	}
	cur->rss_stat.events = 0;
}

/*
 * check_sync_rss_stat(), at the top of handle_mm_fault().  Post-increment
 * '>': the fold runs on the 66th fault after the previous one, before that
 * fault's own update, so a cache can reach 66 pages per counter.
 */
static void split_fault_enter(struct task *cur)
{
	if (cur->rss_stat.events++ > TASK_RSS_EVENTS_THRESH)
		sync_mm_rss(cur);
}

/* add_mm_counter_fast(). */
static void split_add(struct mm *mm, int ctr, long v, struct task *cur,
		      struct cpu *cpu)
{
	if (cur && cur->mm == mm)
		cur->rss_stat.count[ctr] += (int)v;
	else
		add_mm_counter(mm, ctr, v);
}

/* add_mm_counter(): the THP fault and zap_huge_pmd() go straight to the atomic. */
static void split_add_plain(struct mm *mm, int ctr, long v, struct task *cur,
			    struct cpu *cpu)
{
	add_mm_counter(mm, ctr, v);
}

/* add_mm_rss_vec(): zap and copy paths, always atomic. */
static void split_add_vec(struct mm *mm, const long *rss, struct task *cur,
			  struct cpu *cpu)
{
	if (cur && cur->mm == mm)
		sync_mm_rss(cur);
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		if (rss[i])
			add_mm_counter(mm, i, rss[i]);
}

/* do_exit() and exit_mm() call sync_mm_rss(). */
static void split_task_exit(struct task *t, struct cpu *cpu)
{
	sync_mm_rss(t);
}

/* get_mm_counter(): "may go to minus" because of the caches; clamp. */
static long split_read(struct mm *mm, int ctr)
{
	long v = __atomic_load_n(&to_smm(mm)->count[ctr], __ATOMIC_RELAXED);

	return v > 0 ? v : 0;
}

/*
 * No precise read existed (the advice was /proc/<pid>/smaps).  The unclamped
 * atomic is exact once every task of the mm has synced, i.e. after exit.
 */
static long split_read_sum(struct mm *mm, int ctr)
{
	return __atomic_load_n(&to_smm(mm)->count[ctr], __ATOMIC_RELAXED);
}

static int split_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	int ret = rss_check_mm(split_read_sum, mm);

	free(to_smm(mm));
	return ret;
}

static size_t split_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(long) * RSS_NR_COUNTERS;
}

/*
 * Each task's cache holds at most THRESH + 2 fault events' worth (see
 * split_fault_enter), each event @pages pages: 66 x tasks x pages per event
 * (16 with pre-2024 fault-around; a THP fault adds its 512 with
 * add_mm_counter(), not through the cache, so it is within this too).
 */
static struct bound split_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	long b = (long)nr_tasks * (TASK_RSS_EVENTS_THRESH + 2) * pages;

	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_split_rss = {
	.name		= "split-rss",
	.summary	= "per-task cache synced every 64 fault events (2.6.34-6.1)",
	.origin		= "34e55232e59f; removed by f1a7941243c1 <20221024052841.3291983-1-shakeelb@google.com>",
	.mm_create	= split_mm_create,
	.mm_destroy	= split_mm_destroy,
	.task_exit	= split_task_exit,
	.fault_enter	= split_fault_enter,
	.add		= split_add,
	.add_plain	= split_add_plain,
	.add_vec	= split_add_vec,
	.read		= split_read,
	.read_sum	= split_read_sum,
	/* 6.1's rss_stat: the count atomic_long_add_return() gave (atomic path only). */
	.read_trace	= split_read_sum,
	.footprint	= split_footprint,
	.error_bound	= split_error_bound,
};
