/*
 * region.h - anonymous memory the workloads fault in page by page.  Mapped
 * with MADV_NOHUGEPAGE so that every page is one real page fault, as the
 * scheme updates that follow assume (one page per fault event); or, for
 * the fault workload's THP mode, 2 MiB-aligned with MADV_HUGEPAGE.
 */
#ifndef RSS_REGION_H
#define RSS_REGION_H

#include <stddef.h>

#include "rss.h"

struct region {
	char *base;
	long pages;
};

/* Maps @pages untouched pages.  0 or -errno. */
int rss_region_map(struct region *r, long pages);
/* Maps @pages untouched pages, 2 MiB-aligned, with MADV_HUGEPAGE: a write
 * to each 2 MiB is one THP fault where THP allows it.  0 or -errno. */
int rss_region_map_huge(struct region *r, long pages);
/* Unmaps; the pages it held leave the process's RSS. */
void rss_region_unmap(struct region *r);
/* Drops the pages but keeps the mapping (MADV_DONTNEED). */
void rss_region_zap(struct region *r);
/* Writes one byte of page @i: a real fault the first time. */
void rss_region_touch(struct region *r, long i);
/* A page fault of @t on page @i: the scheme's hook, the real fault, then
 * add(ANON, +1) to @t's own mm (announced first, for the native scheme). */
void rss_region_fault(struct region *r, long i, struct cpu *c, struct task *t);
/* Pages that hold @bytes. */
long rss_region_pages_for(size_t bytes);

#endif /* RSS_REGION_H */
