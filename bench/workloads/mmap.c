/*
 * mmap.c - will-it-scale mmap1 with touches: mmap a few pages, fault each in
 * (hook + add(ANON, +1)), one cheap get_mm_rss() as update_hiwater_rss()
 * does on munmap, then munmap with the matching add(ANON, -n).  Mateusz
 * Guzik's point that get_mm_counter runs on mmap/munmap paths is why the
 * read is here.  One operation = one mmap/munmap cycle.
 */
#include <errno.h>
#include <stdlib.h>

#include "region.h"
#include "rss.h"

struct mmap_state {
	long pages;
	long hiwater;		/* keeps the read from being optimised away */
};

static int mmap_task_init(struct task *t, struct cpu *c,
			   const struct rss_params *p)
{
	struct mmap_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->pages = p->mmap_pages;
	t->wl = s;
	return 0;
}

static void mmap_op(struct task *t, struct cpu *c)
{
	struct mmap_state *s = t->wl;
	long rss[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -s->pages };
	struct region r;
	long now;

	if (rss_region_map(&r, s->pages)) {
		rss_op_failed();
		return;
	}
	for (long i = 0; i < s->pages; i++)
		rss_region_fault(&r, i, c, t);
	now = rss_get_mm_rss(c, t->mm);
	if (now > s->hiwater)
		s->hiwater = now;
	rss_pending(t, RSS_ANONPAGES, -s->pages);
	rss_region_unmap(&r);
	rss_add_vec(c, t, t->mm, rss);
}

static void mmap_task_fini(struct task *t, struct cpu *c)
{
	free(t->wl);
	t->wl = NULL;
}

const struct workload_ops rss_workload_mmap = {
	.name		= "mmap",
	.summary	= "mmap, touch a few pages, one cheap read (hiwater), munmap",
	.unit		= "mmap+munmap",
	.task_init	= mmap_task_init,
	.op		= mmap_op,
	.task_fini	= mmap_task_fini,
};
