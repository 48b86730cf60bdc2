/*
 * readers.c - the writers of the read workloads (readers.h).  No real page
 * fault, so a writer runs at the speed of the scheme's update and keeps its
 * per-CPU slots and shared lines busy while the reader reads.  The native
 * scheme counts only what the kernel sees, so there a writer is the fault
 * workload itself, real faults and all: its truth stays exact too.
 */
#include <errno.h>
#include <stdlib.h>

#include "readers.h"

extern const struct workload_ops rss_workload_fault;

struct writer {
	long held;		/* pages added and not yet zapped */
	long max;
};

int rss_reader_measured(const struct task *t)
{
	return rss_is_reader(t);
}

static int counts_real_faults(const struct cpu *c)
{
	return c->ops->flags & RSS_SCHEME_PROCESS_WIDE;
}

int rss_writer_init(struct task *t, struct cpu *c, const struct rss_params *p)
{
	struct writer *w;

	if (counts_real_faults(c))
		return rss_workload_fault.task_init(t, c, p);
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->max = p->pages;
	t->wl = w;
	return 0;
}

/* zap_pte_range() and one add_mm_rss_vec(); @cur is NULL at exit. */
static void zap(struct writer *w, struct task *cur, struct cpu *c, struct mm *mm)
{
	long rss[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -w->held };

	if (w->held)
		rss_add_vec(c, cur, mm, rss);
	w->held = 0;
}

void rss_writer_op(struct task *t, struct cpu *c)
{
	struct writer *w = t->wl;

	if (counts_real_faults(c)) {
		rss_workload_fault.op(t, c);
		return;
	}
	if (w->held >= w->max)
		zap(w, t, c, t->mm);
	rss_fault_enter(c, t);
	rss_add(c, t, t->mm, RSS_ANONPAGES, 1);
	w->held++;
}

void rss_writer_op_batch(struct task *t, struct cpu *c, unsigned long n)
{
	struct writer *w = t->wl;

	if (counts_real_faults(c)) {
		while (n--)
			rss_workload_fault.op(t, c);
		return;
	}
	while (n) {
		/* As rss_writer_op: a zap once --pages are held (never fewer than 1). */
		unsigned long k = w->held < w->max ? (unsigned long)(w->max - w->held) : 0;

		if (!k) {
			zap(w, t, c, t->mm);
			k = w->max > 1 ? (unsigned long)w->max : 1;
		}
		if (k > n)
			k = n;
		rss_add_run(c, t, RSS_ANONPAGES, 1, k);
		w->held += (long)k;
		n -= k;
	}
}

void rss_writer_fini(struct task *t, struct cpu *c)
{
	if (counts_real_faults(c)) {
		rss_workload_fault.task_fini(t, c);
		return;
	}
	zap(t->wl, NULL, c, t->mm);
	free(t->wl);
	t->wl = NULL;
}
