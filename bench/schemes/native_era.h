/*
 * native_era.h - what the running kernel's RSS accounting is, by era: which
 * scheme counts, which /proc reads are approximate and which precise, and the
 * cheap read's bound.  Pure functions of a release string and of probe
 * results (native_probe.c), so they are tested from release strings alone.
 *
 * The eras (mm/memory.c, include/linux/mm.h, fs/proc/array.c, task_mmu.c):
 *  - before 6.2: SPLIT_RSS_COUNTING (34e55232e59f): per-task caches folded
 *    into the mm's atomics on the 66th fault after the last fold, on a zap
 *    of the task's own mm (add_mm_rss_vec) and at exit; every /proc read
 *    (stat's get_mm_rss(), status's and statm's get_mm_counter()) is the
 *    atomics: approximate, and no precise read exists;
 *  - 6.2 (f1a7941243c1) on: percpu_counter, batch from the online CPUs;
 *    stat, status and statm read percpu_counter_read_positive();
 *  - 82241a83cd15 (v6.16; stable 6.15.7, 6.12.39, 6.6.99): status and statm
 *    read get_mm_counter_sum(), precise; stat stays approximate.
 */
#ifndef RSS_NATIVE_ERA_H
#define RSS_NATIVE_ERA_H

#include <stddef.h>

enum native_scheme {
	NATIVE_SPLIT_RSS,	/* before 6.2 */
	NATIVE_PERCPU_COUNTER,	/* 6.2 on */
};

/* A probe's answer: not run or inconclusive, no, yes. */
enum native_probe { NATIVE_PROBE_UNKNOWN = -1, NATIVE_PROBE_NO, NATIVE_PROBE_YES };

struct native_era {
	int version, patchlevel, sublevel;	/* from the release; sublevel 0 if none */
	enum native_scheme scheme;
	int status_precise;	/* /proc/self/status Rss* are get_mm_counter_sum() */
	/* Where each answer came from: "release", "release and probe agree",
	 * "the probe over the release" or "probe". */
	const char *scheme_from, *status_from;
};

/*
 * Parses a uname release ("6.12.117+deb12-cloud-amd64", "6.1.0-50-cloud-amd64",
 * "6.16-rc1") into @e from the tables above.  0, or -1 when it does not
 * start with VERSION.PATCHLEVEL (then @e is not set).  A distribution's
 * sublevel (Debian's 6.1.0-50 is 6.1.176) says nothing of backports: a
 * kernel whose release misleads is corrected by native_era_apply_probes().
 */
int native_era_from_release(const char *release, struct native_era *e);

/*
 * Overrides @e with what the running kernel showed: @zap_syncs (a zap of
 * the thread's own mm made its earlier faults visible to the cheap read:
 * split-rss), @status_moved (status RssAnon saw faults the cheap read did
 * not: precise).  UNKNOWN leaves the release's answer.
 */
void native_era_apply_probes(struct native_era *e, enum native_probe zap_syncs,
			     enum native_probe status_moved);

/*
 * The cheap read's worst settled error per counter, in pages, for @e:
 * split-rss: each of @nr_threads real threads' caches holds at most
 * TASK_RSS_EVENTS_THRESH + 2 = 66 one-page faults per counter; percpu_counter:
 * @nr_allowed CPUs x (batch - 1), batch = max(32, 2 x @nr_online)
 * (compute_batch_value()).  Per counter: the reads the harness compares are
 * per counter, or (stat's sum) baselined so that a counter that does not
 * move in the window adds nothing (native.c).
 */
long native_era_bound(const struct native_era *e, int nr_threads, int nr_online,
		      int nr_allowed);

/* "split-rss (task caches, 66 faults)" or "percpu_counter": for notes. */
const char *native_era_scheme_name(const struct native_era *e);

/*
 * Why this kernel has no precise read, in @buf (for the precise columns'
 * note); NULL when status is precise.
 */
const char *native_era_no_precise(const struct native_era *e, char *buf, size_t len);

/* One line for the cell's notes: release, scheme, reads, and their sources. */
void native_era_describe(const struct native_era *e, const char *release, char *buf,
			 size_t len);

#endif /* RSS_NATIVE_ERA_H */
