/*
 * fault.c - will-it-scale page_fault1 style: each task writes one byte per
 * page of its own anonymous mapping (a real fault each), with the scheme's
 * fault hook and add(ANON, +1) per page; when the mapping is full it is
 * unmapped, accounted with one add(ANON, -n) vector update (zap), and mapped
 * again.  One operation = one page fault.
 *
 * --pages-per-fault N makes one fault event map N pages.  With N the PMD
 * huge page (512 on x86-64) and THP available, it is a real anonymous THP
 * fault: a 2 MiB-aligned MADV_HUGEPAGE mapping, one write per 2 MiB, and
 * add_mm_counter(ANON, +512) as do_huge_pmd_anonymous_page() does; the
 * unmap is zap_huge_pmd()'s add_mm_counter(ANON, -512) per huge page.
 * Otherwise (any other N, or THP off: the cell's note says why) it is a
 * model: one fault event whose N pages are N real base-page faults and one
 * fast-path add(ANON, +N), as fault-around or an mTHP fault maps N pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "region.h"
#include "rss.h"
#include "thp.h"

enum fault_mode { FAULT_PAGES, FAULT_THP };

struct fault_state {
	struct region r;
	long next;		/* pages touched so far */
	long per_fault;		/* pages one fault event maps */
	enum fault_mode mode;
};

/* The mode of the cell: decided by its first task, kept for the others. */
static enum fault_mode cell_mode;

static void decide_mode(long per_fault)
{
	long pmd = rss_thp_pmd_pages();
	char why[128], note[192];

	cell_mode = FAULT_PAGES;
	if (per_fault == 1)
		return;
	if (per_fault != pmd) {
		snprintf(note, sizeof(note), "modelled: %ld base pages per fault event (a PMD THP is %ld)",
			 per_fault, pmd);
	} else if (rss_thp_probe(why, sizeof(why))) {
		snprintf(note, sizeof(note), "modelled with %ld base pages per fault event: %s",
			 per_fault, why);
	} else {
		cell_mode = FAULT_THP;
		return;
	}
	rss_workload_note(note);
}

static int map(struct fault_state *s, long pages)
{
	return s->mode == FAULT_THP ? rss_region_map_huge(&s->r, pages) :
				      rss_region_map(&s->r, pages);
}

static int fault_task_init(struct task *t, struct cpu *c,
			   const struct rss_params *p)
{
	long per_fault = p->pages_per_fault > 1 ? p->pages_per_fault : 1;
	struct fault_state *s;
	int ret;

	if (p->pages % per_fault)
		return -EINVAL;
	if (t->id == 0)
		decide_mode(per_fault);
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->per_fault = per_fault;
	s->mode = per_fault == 1 ? FAULT_PAGES : cell_mode;
	ret = map(s, p->pages);
	if (ret) {
		free(s);
		return ret;
	}
	t->wl = s;
	return 0;
}

/* munmap(): zap_pte_range() then one add_mm_rss_vec(). */
static void unmap_pages(struct fault_state *s, struct task *cur,
			struct cpu *c, struct mm *mm)
{
	long rss[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -s->next };

	if (cur)
		rss_pending(cur, RSS_ANONPAGES, -s->next);
	rss_region_unmap(&s->r);
	if (s->next)
		rss_add_vec(c, cur, mm, rss);
}

/*
 * munmap() of huge pages: zap_huge_pmd() does add_mm_counter(ANON, -512)
 * for each, with no vector; the whole unmap is announced first and
 * recorded once after, as the kernel's counts drop at the munmap.
 */
static void unmap_huge(struct fault_state *s, struct task *cur,
		       struct cpu *c, struct mm *mm)
{
	void (*add)(struct mm *, int, long, struct task *, struct cpu *) =
		c->ops->add_plain ? c->ops->add_plain : c->ops->add;
	int own = cur && cur->mm == mm;

	if (own)
		rss_pending(cur, RSS_ANONPAGES, -s->next);
	rss_region_unmap(&s->r);
	for (long i = 0; i < s->next; i += s->per_fault)
		add(mm, RSS_ANONPAGES, -s->per_fault, cur, c);
	if (own && s->next)
		rss_truth_add(cur, RSS_ANONPAGES, -s->next);
}

static void unmap_region(struct fault_state *s, struct task *cur,
			 struct cpu *c, struct mm *mm)
{
	if (s->mode == FAULT_THP)
		unmap_huge(s, cur, c, mm);
	else
		unmap_pages(s, cur, c, mm);
	s->next = 0;
}

/* One fault event: the hook, the real fault(s), then the counter. */
static void fault_one(struct fault_state *s, struct cpu *c, struct task *t)
{
	long n = s->per_fault;

	if (n == 1) {
		rss_region_fault(&s->r, s->next++, c, t);
		return;
	}
	rss_fault_enter(c, t);
	rss_pending(t, RSS_ANONPAGES, n);
	if (s->mode == FAULT_THP) {
		/* One write: one huge page, do_huge_pmd_anonymous_page(). */
		rss_region_touch(&s->r, s->next);
		rss_add_plain(c, t, t->mm, RSS_ANONPAGES, n);
	} else {
		for (long i = 0; i < n; i++)
			rss_region_touch(&s->r, s->next + i);
		rss_add(c, t, t->mm, RSS_ANONPAGES, n);
	}
	s->next += n;
}

static void fault_op(struct task *t, struct cpu *c)
{
	struct fault_state *s = t->wl;

	if (s->next == s->r.pages) {
		long pages = s->r.pages;

		unmap_region(s, t, c, t->mm);
		if (map(s, pages)) {
			rss_op_failed();
			return;
		}
	}
	fault_one(s, c, t);
}

/* exit_mmap(): current->mm is already NULL when the pages are zapped. */
static void fault_task_fini(struct task *t, struct cpu *c)
{
	struct fault_state *s = t->wl;

	unmap_region(s, NULL, c, t->mm);
	free(s);
	t->wl = NULL;
}

static long fault_pages_per_event(const struct rss_params *p)
{
	return p->pages_per_fault > 1 ? p->pages_per_fault : 1;
}

const struct workload_ops rss_workload_fault = {
	.name		= "fault",
	.summary	= "touch pages of an anonymous mapping, one real fault each (page_fault1); --pages-per-fault 512: THP faults",
	.unit		= "page fault",
	.task_init	= fault_task_init,
	.op		= fault_op,
	.task_fini	= fault_task_fini,
	.pages_per_event = fault_pages_per_event,
};
