/*
 * native_probe.c - native's /proc reads and the probes of the running
 * kernel's RSS accounting (native_probe.h).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "native_probe.h"

#define PROBE_PAGES	16

/* Re-reads a seq_file from offset 0 into @buf; bytes or -1. */
static ssize_t read_proc(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	if (n >= 0)
		buf[n] = '\0';
	return n;
}

long native_stat_rss(const struct native_files *f)
{
	char buf[1024], *p;

	if (read_proc(f->stat_fd, buf, sizeof(buf)) <= 0 || !(p = strrchr(buf, ')')))
		return -1;
	/* p + 1 is the blank before field 3 (state); rss is field 24. */
	p++;
	for (int field = 3; field < 24 && p; field++)
		p = strchr(p + 1, ' ');
	return p ? strtol(p + 1, NULL, 10) : -1;
}

/* The kB figure after @key in @buf, or -1. */
static long kb_field(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

long native_status(const struct native_files *f, int ctr)
{
	static const char *const key[RSS_NR_COUNTERS] = {
		[RSS_FILEPAGES] = "\nRssFile:", [RSS_ANONPAGES] = "\nRssAnon:",
		[RSS_SWAPENTS] = "\nVmSwap:", [RSS_SHMEMPAGES] = "\nRssShmem:",
	};
	char buf[4096];
	long kb;

	if (read_proc(f->status_fd, buf, sizeof(buf)) <= 0 || (kb = kb_field(buf, key[ctr])) < 0)
		return -1;
	return kb / f->page_kb;
}

long native_threads(const struct native_files *f)
{
	char buf[4096];

	if (read_proc(f->status_fd, buf, sizeof(buf)) <= 0)
		return -1;
	return kb_field(buf, "\nThreads:");
}

long native_walk(const struct native_files *f, int ctr)
{
	char buf[2048];
	long rss, anon;

	if (ctr == RSS_SHMEMPAGES)
		return 0;
	if (read_proc(f->rollup_fd, buf, sizeof(buf)) <= 0)
		return -1;
	if (ctr == RSS_SWAPENTS)
		return kb_field(buf, "\nSwap:") / f->page_kb;
	rss = kb_field(buf, "\nRss:");
	anon = kb_field(buf, "\nAnonymous:");
	if (rss < 0 || anon < 0)
		return -1;
	return (ctr == RSS_ANONPAGES ? anon : rss - anon) / f->page_kb;
}

/* @n anonymous base pages (no THP, no mTHP), mapped; NULL on failure. */
static char *map_pages(long n)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, (size_t)(n * page), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	(void)madvise(p, (size_t)(n * page), MADV_NOHUGEPAGE);
	return p;
}

static void touch(char *p, long n)
{
	long page = sysconf(_SC_PAGESIZE);

	for (long i = 0; i < n; i++)
		((volatile char *)p)[i * page] = 1;
}

/* Fault @n pages and zap them: this CPU's ANON residue and this thread's cache to 0. */
static int drain_here(long n)
{
	char *p = map_pages(n);

	if (!p)
		return -ENOMEM;
	touch(p, n);
	return munmap(p, (size_t)(n * sysconf(_SC_PAGESIZE))) ? -errno : 0;
}

int native_sync_thread(void)
{
	return drain_here(1);
}

/* Faults pages on this CPU until the cheap read moves: the count folded, now 0. */
static int fold_here(const struct native_files *f, int batch, struct native_drained *keep)
{
	long page = sysconf(_SC_PAGESIZE), n = 2L * batch, before = native_stat_rss(f);
	char *p = map_pages(n);
	void *grown;
	long i;

	if (!p)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		((volatile char *)p)[i * page] = 1;
		if (native_stat_rss(f) != before)
			break;
	}
	/* Only the pages touched stay: the rest of the mapping is not resident. */
	if (i + 1 < n)
		munmap(p + (i + 1) * page, (size_t)((n - i - 1) * page));
	grown = realloc(keep->regions, (size_t)(keep->nr + 1) * sizeof(*keep->regions));
	if (!grown) {
		munmap(p, (size_t)((i + 1 < n ? i + 1 : n) * page));
		return -ENOMEM;
	}
	keep->regions = grown;
	keep->regions[keep->nr].addr = p;
	keep->regions[keep->nr++].pages = i + 1 < n ? i + 1 : n;
	return 0;
}

int native_drain(const struct native_files *f, int percpu, int batch, struct native_drained *keep)
{
	cpu_set_t saved, one;
	int ret = 0;

	if (!percpu)
		return drain_here(1);
	if (sched_getaffinity(0, sizeof(saved), &saved))
		return fold_here(f, batch, keep);
	for (int cpu = 0; cpu < CPU_SETSIZE && !ret; cpu++) {
		if (!CPU_ISSET(cpu, &saved))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one))
			continue;
		ret = fold_here(f, batch, keep);
	}
	if (sched_setaffinity(0, sizeof(saved), &saved) && !ret)
		ret = -errno;
	return ret;
}

void native_undrain(struct native_drained *keep)
{
	for (int i = 0; i < keep->nr; i++)
		munmap(keep->regions[i].addr, (size_t)(keep->regions[i].pages * sysconf(_SC_PAGESIZE)));
	free(keep->regions);
	keep->regions = NULL;
	keep->nr = 0;
}

/* 16 moved: YES; 0: NO; anything else: UNKNOWN. */
static enum native_probe moved(long before, long after)
{
	return after - before == PROBE_PAGES ? NATIVE_PROBE_YES :
	       after == before ? NATIVE_PROBE_NO : NATIVE_PROBE_UNKNOWN;
}

void native_probe(const struct native_files *f, int batch, enum native_probe *zap_syncs,
		  enum native_probe *status_moved)
{
	long page = sysconf(_SC_PAGESIZE), w0, s0, c0, w1, s1, c1, c2;
	struct native_drained drained = { 0, NULL };
	cpu_set_t saved, one;
	char *p = NULL, *q = NULL;
	int pinned = 0;

	*zap_syncs = *status_moved = NATIVE_PROBE_UNKNOWN;
	if (!sched_getaffinity(0, sizeof(saved), &saved) && sched_getcpu() >= 0) {
		CPU_ZERO(&one);
		CPU_SET(sched_getcpu(), &one);
		pinned = !sched_setaffinity(0, sizeof(one), &one);
	}
	/* Either era's drain: a fold (percpu_counter), then a zap (split-rss's sync). */
	if (!pinned || fold_here(f, batch, &drained) || drain_here(1) ||
	    !(p = map_pages(PROBE_PAGES)) || !(q = map_pages(1)))
		goto out;
	w0 = native_walk(f, RSS_ANONPAGES);
	s0 = native_status(f, RSS_ANONPAGES);
	c0 = native_stat_rss(f);
	touch(p, PROBE_PAGES);
	w1 = native_walk(f, RSS_ANONPAGES);
	s1 = native_status(f, RSS_ANONPAGES);
	c1 = native_stat_rss(f);
	touch(q, 1);
	munmap(q, (size_t)page);
	q = NULL;
	c2 = native_stat_rss(f);
	if (w0 < 0 || s0 < 0 || c0 < 0 || c1 < 0 || c2 < 0 || moved(w0, w1) != NATIVE_PROBE_YES)
		goto out;
	*status_moved = moved(s0, s1);
	/* Split-rss: nothing before the zap, the 16 after it; percpu_counter:
	 * nothing either time (16 + 1 - 1 is below any batch). */
	if (c1 == c0)
		*zap_syncs = moved(c0, c2);
out:
	if (q)
		munmap(q, (size_t)page);
	if (p)
		munmap(p, (size_t)(PROBE_PAGES * page));
	if (pinned)
		(void)sched_setaffinity(0, sizeof(saved), &saved);
	native_undrain(&drained);
}
