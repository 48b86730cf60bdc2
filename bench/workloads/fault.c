/*
 * fault.c - will-it-scale page_fault1 style: each task writes one byte per
 * page of its own anonymous mapping (a real fault each), with the scheme's
 * fault hook and add(ANON, +1) per page; when the mapping is full it is
 * unmapped, accounted with one add(ANON, -n) vector update (zap), and mapped
 * again.  One operation = one page fault.
 */
#include <errno.h>
#include <stdlib.h>

#include "region.h"
#include "rss.h"

struct fault_state {
	struct region r;
	long next;		/* pages touched so far */
};

static int fault_task_init(struct task *t, struct cpu *c,
			   const struct rss_params *p)
{
	struct fault_state *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return -ENOMEM;
	ret = rss_region_map(&s->r, p->pages);
	if (ret) {
		free(s);
		return ret;
	}
	t->wl = s;
	return 0;
}

/* munmap(): zap_pte_range() then one add_mm_rss_vec(). */
static void unmap_region(struct fault_state *s, struct task *cur,
			 struct cpu *c, struct mm *mm)
{
	long rss[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -s->next };

	if (cur)
		rss_pending(cur, RSS_ANONPAGES, -s->next);
	rss_region_unmap(&s->r);
	if (s->next)
		rss_add_vec(c, cur, mm, rss);
	s->next = 0;
}

static void fault_op(struct task *t, struct cpu *c)
{
	struct fault_state *s = t->wl;

	if (s->next == s->r.pages) {
		long pages = s->r.pages;

		unmap_region(s, t, c, t->mm);
		if (rss_region_map(&s->r, pages)) {
			rss_op_failed();
			return;
		}
	}
	rss_region_fault(&s->r, s->next++, c, t);
}

/* exit_mmap(): current->mm is already NULL when the pages are zapped. */
static void fault_task_fini(struct task *t, struct cpu *c)
{
	struct fault_state *s = t->wl;

	unmap_region(s, NULL, c, t->mm);
	free(s);
	t->wl = NULL;
}

const struct workload_ops rss_workload_fault = {
	.name		= "fault",
	.summary	= "touch pages of an anonymous mapping, one real fault each (page_fault1)",
	.unit		= "page fault",
	.task_init	= fault_task_init,
	.op		= fault_op,
	.task_fini	= fault_task_fini,
};
