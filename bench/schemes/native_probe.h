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

/*
 * Empties this process's per-CPU ANON residue on every CPU it may run on
 * (percpu_counter: @batch; 2 x batch pages faulted and zapped on each fold
 * it to 0) and the calling thread's split-rss cache (the zap's
 * add_mm_rss_vec() syncs it), hopping the calling thread over the CPUs and
 * back.  0, or -errno.
 */
int native_drain(int batch);

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
