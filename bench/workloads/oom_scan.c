/*
 * oom_scan.c - the OOM killer's select_bad_process(): task 0 owns --scan-mms
 * other processes' mms (default 10 000) and one operation is one pass over
 * all of them, each scored by its RSS (FILE + ANON + SHMEM) through the
 * cheap read (`oom-scan`, get_mm_rss()) or the precise one (`oom-scan-sum`,
 * get_mm_rss_sum() as 5898aa8f9a0b does).  Mathieu Desnoyers measured that
 * change at 10 000 processes on 256 vCPUs: 3.0 ms cheap, 80 ms precise.
 * The other tasks, if any, are untimed writers (readers.h).
 *
 * task_init creates the mms on the main thread while the workers are parked
 * and gives each some pages on several CPUs, through views of those CPUs
 * built from the machine (struct cpu is the worker's own, but no worker runs
 * then), so the precise sums have per-CPU residue to walk.  task_fini takes
 * the pages back on the same CPUs and destroys the mms (check_mm).
 */
#include <errno.h>
#include <stdlib.h>

#include "readers.h"
#include "region.h"

#define SPREAD	4		/* CPUs each scanned mm has pages on */

struct scan {
	struct region table;	/* the mm pointers, in pages the reader faulted in */
	struct mm **mms;
	long nr;		/* mms created */
	long chosen;		/* the victim's score in the last pass */
};

/* The @n-th online CPU (0-based, @n < nr_online). */
static int nth_online(const struct machine *m, int n)
{
	int cpu;

	rss_for_each_online_cpu(cpu, m)
		if (!n--)
			break;
	return cpu;
}

/*
 * Pages of mm @i on each of its CPUs, put there (@sign 1) or taken back
 * (-1).  The scanned processes are the machine's, not bound by this one's
 * cpuset: their CPUs are spread over the online ones.
 */
static void spread_pages(struct cpu *c, struct mm *mm, long i, long sign)
{
	const struct machine *m = c->machine;
	int step = m->nr_online / SPREAD ? m->nr_online / SPREAD : 1;

	for (int k = 0; k < SPREAD; k++) {
		int id = nth_online(m, (int)((i + (long)k * step) % m->nr_online));
		struct cpu other = {
			.id = id, .node = m->cpu_node[id], .ops = c->ops, .machine = m,
		};

		/* Another process's fault: @cur is not a thread of @mm. */
		rss_add(&other, NULL, mm, RSS_FILEPAGES, sign * 2);
		rss_add(&other, NULL, mm, RSS_ANONPAGES, sign * (1 + i % 8));
		rss_add(&other, NULL, mm, RSS_SHMEMPAGES, sign);
	}
}

/* Exit of the scanned processes, then of the reader's table. */
static void release(struct scan *s, struct cpu *c, struct mm *own)
{
	long rss[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -s->table.pages };

	for (long i = 0; i < s->nr; i++) {
		spread_pages(c, s->mms[i], i, -1);
		if (c->ops->mm_destroy(s->mms[i], c))
			rss_op_failed();
	}
	rss_region_unmap(&s->table);
	/* exit_mmap(): current->mm is already NULL. */
	rss_add_vec(c, NULL, own, rss);
	free(s);
}

static int reader_init(struct task *t, struct cpu *c, const struct rss_params *p)
{
	struct scan *s = calloc(1, sizeof(*s));
	long pages = rss_region_pages_for(sizeof(struct mm *) * (size_t)p->scan_mms);
	int ret;

	if (!s)
		return -ENOMEM;
	ret = rss_region_map(&s->table, pages);
	if (ret) {
		free(s);
		return ret;
	}
	/* The table is the reader's own memory: every scheme counts it. */
	for (long i = 0; i < pages; i++)
		rss_region_fault(&s->table, i, c, t);
	s->mms = (struct mm **)s->table.base;
	for (; s->nr < p->scan_mms; s->nr++) {
		struct mm *mm = c->ops->mm_create(c);

		if (!mm) {
			release(s, c, t->mm);
			return -ENOMEM;
		}
		s->mms[s->nr] = mm;
		spread_pages(c, mm, s->nr, 1);
	}
	t->wl = s;
	return 0;
}

static int scan_task_init(struct task *t, struct cpu *c, const struct rss_params *p)
{
	return rss_is_reader(t) ? reader_init(t, c, p) : rss_writer_init(t, c, p);
}

static void scan_task_fini(struct task *t, struct cpu *c)
{
	if (rss_is_reader(t))
		release(t->wl, c, t->mm);
	else
		rss_writer_fini(t, c);
	t->wl = NULL;
}

/* oom_badness() scores, the largest wins. */
static void scan(struct task *t, struct cpu *c, long (*rss)(struct cpu *, struct mm *))
{
	struct scan *s = t->wl;
	long chosen = -1;

	for (long i = 0; i < s->nr; i++) {
		long points = rss(c, s->mms[i]);

		if (points > chosen)
			chosen = points;
	}
	s->chosen = chosen;
}

static void scan_op(struct task *t, struct cpu *c)
{
	if (rss_is_reader(t))
		scan(t, c, rss_get_mm_rss);
	else
		rss_writer_op(t, c);
}

static void scan_sum_op(struct task *t, struct cpu *c)
{
	if (rss_is_reader(t))
		scan(t, c, rss_get_mm_rss_sum);
	else
		rss_writer_op(t, c);
}

const struct workload_ops rss_workload_oom_scan = {
	.name		= "oom-scan",
	.summary	= "task 0 scores --scan-mms mms by cheap get_mm_rss(), as the OOM killer did",
	.unit		= "scan of all mms",
	.task_init	= scan_task_init,
	.op		= scan_op,
	.task_fini	= scan_task_fini,
	.measured	= rss_reader_measured,
};

const struct workload_ops rss_workload_oom_scan_sum = {
	.name		= "oom-scan-sum",
	.summary	= "task 0 scores --scan-mms mms by precise get_mm_rss_sum() (5898aa8f9a0b)",
	.unit		= "scan of all mms",
	.task_init	= scan_task_init,
	.op		= scan_sum_op,
	.task_fini	= scan_task_fini,
	.measured	= rss_reader_measured,
};
