/* region.c - page-fault fodder for the workloads (see region.h). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "region.h"

/* glibc answers from a cached value: no syscall. */
static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

int rss_region_map(struct region *r, long pages)
{
	size_t len = (size_t)pages * (size_t)page_size();

	r->base = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r->base == MAP_FAILED) {
		r->base = NULL;
		return -errno;
	}
	r->pages = pages;
	/* A THP would be one fault for 512 pages. */
	madvise(r->base, len, MADV_NOHUGEPAGE);
	return 0;
}

#define HUGE_ALIGN	(2UL << 20)

int rss_region_map_huge(struct region *r, long pages)
{
	size_t len = (size_t)pages * (size_t)page_size();
	char *raw, *start;

	/* Room to align, then the slack on both sides goes back. */
	raw = mmap(NULL, len + HUGE_ALIGN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		r->base = NULL;
		return -errno;
	}
	start = (char *)(((uintptr_t)raw + HUGE_ALIGN - 1) & ~(uintptr_t)(HUGE_ALIGN - 1));
	if (start > raw)
		munmap(raw, (size_t)(start - raw));
	if (start + len < raw + len + HUGE_ALIGN)
		munmap(start + len, (size_t)(raw + len + HUGE_ALIGN - (start + len)));
	r->base = start;
	r->pages = pages;
	if (madvise(start, len, MADV_HUGEPAGE)) {
		int err = -errno;

		rss_region_unmap(r);
		return err;
	}
	return 0;
}

void rss_region_unmap(struct region *r)
{
	if (r->base)
		munmap(r->base, (size_t)r->pages * (size_t)page_size());
	r->base = NULL;
}

void rss_region_zap(struct region *r)
{
	madvise(r->base, (size_t)r->pages * (size_t)page_size(), MADV_DONTNEED);
}

void rss_region_touch(struct region *r, long i)
{
#ifndef RSS_MODEL
	volatile char *p = r->base + i * page_size();

	*p = 1;
#else
	/* The model build models the counters' accesses, not the kernel's
	 * fault: the page is left alone, and the model pass is fast. */
	(void)r;
	(void)i;
#endif
}

void rss_region_fault(struct region *r, long i, struct cpu *c, struct task *t)
{
	rss_fault_enter(c, t);
	rss_pending(t, RSS_ANONPAGES, 1);
	rss_region_touch(r, i);
	rss_add(c, t, t->mm, RSS_ANONPAGES, 1);
}

long rss_region_pages_for(size_t bytes)
{
	return (long)((bytes + (size_t)page_size() - 1) / (size_t)page_size());
}
