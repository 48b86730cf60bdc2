/*
 * native_probe.h - what native reads from /proc, and the probes that tell
 * the running kernel's era apart (native_era.h) from its behaviour.
 */
#ifndef RSS_NATIVE_PROBE_H
#define RSS_NATIVE_PROBE_H

#include "native_era.h"
#include "rss.h"

/* Open /proc/self files, re-read from offset 0 on each call. */
struct native_files {
	int stat_fd, status_fd, rollup_fd;
	long page_kb;
};

/* Field 24 of /proc/self/stat (get_mm_rss()), in pages; -1 on error. */
long native_stat_rss(const struct native_files *f);
/* /proc/self/status RssFile/RssAnon/VmSwap/RssShmem for @ctr, in pages; -1 on error. */
long native_status(const struct native_files *f, int ctr);
/* "Threads:" of /proc/self/status; -1 on error. */
long native_threads(const struct native_files *f);
/*
 * The page-table walk behind /proc/self/smaps_rollup, exact on every
 * kernel, in pages: ANON its Anonymous, FILE its Rss - Anonymous (file and
 * shmem pages: the walk does not split them), SHMEM 0, SWAP its Swap; -1 on
 * error.
 */
long native_walk(const struct native_files *f, int ctr);

/* Pages a drain left mapped (percpu_counter), unmapped by native_undrain(). */
struct native_drained {
	int nr;
	struct { void *addr; long pages; } *regions;
};

/*
 * Empties this process's ANON residue where the window will build it, the
 * calling thread hopping over every CPU the process may run on and back:
 * percpu_counter (@percpu): on each CPU, pages faulted one by one until
 * the cheap read moves, i.e. until this CPU's count folded into the global
 * one and is 0 (at most 2 x @batch); they stay mapped (@keep), since zapping
 * them would leave a residue again.  Split-rss: one page faulted and zapped
 * (add_mm_rss_vec() syncs the calling thread's cache).  0, or -errno.
 */
int native_drain(const struct native_files *f, int percpu, int batch, struct native_drained *keep);
void native_undrain(struct native_drained *keep);
/*
 * Split-rss: the calling thread's task cache folded into the mm and its
 * event count zeroed (one page faulted and zapped: add_mm_rss_vec() calls
 * sync_mm_rss() for current).  0, or -errno.
 */
int native_sync_thread(void);

/*
 * On the calling thread's CPU, after a drain: faults 16 pages, then faults
 * and zaps one more.  *@zap_syncs: the cheap read showed the 16 only after
 * the zap (split-rss); *@status_moved: status RssAnon showed them at once
 * (precise).  UNKNOWN where the walk did not see exactly 16 or a read moved
 * by anything else.
 */
void native_probe(const struct native_files *f, int batch, enum native_probe *zap_syncs,
		  enum native_probe *status_moved);

#endif /* RSS_NATIVE_PROBE_H */
