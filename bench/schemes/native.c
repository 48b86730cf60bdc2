/*
 * native.c - no userspace counter: the running kernel's own accounting, so
 * each port's cost is seen beside the real operation and the kernel's own
 * error is measured the same way as the ports'.
 *
 * What the kernel offers depends on its era (native_era.h), decided from the
 * release and corrected by probes (native_probe.h) at setup:
 *  - cheap read: /proc/self/status per counter where status is
 *    get_mm_counter() (before 82241a83cd15); where status is precise, the
 *    only cheap read left is /proc/self/stat's rss (get_mm_rss(): FILE +
 *    ANON + SHMEM), reported as ANON, the only counter the workloads move;
 *  - precise read: status where it is get_mm_counter_sum(); none otherwise
 *    (the precise columns are unavailable, with the reason);
 *  - exact read (read_exact): the page-table walk behind smaps_rollup, on
 *    every kernel, which verification uses.
 * All reads cover the whole process and are deltas from baselines taken
 * when the window opens (rebase), after a drain has emptied the ANON
 * residue of every CPU the process may run on (native_drain(): each CPU's
 * count folded to 0, the pages that did it kept mapped until teardown) or
 * the main thread's split-rss cache: so the cheap read's error is the
 * residue the window built, and a counter that does not move in the window
 * adds nothing.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "native_era.h"
#include "native_probe.h"
#include "percpu_counter_core.h"
#include "rss.h"

static struct {
	struct native_files f;
	struct native_era era;
	struct native_drained drained;
	int era_known;
	int batch;
	char release[65];
	long live_mms;
	long base_cheap[RSS_NR_COUNTERS];
	long base_sum[RSS_NR_COUNTERS];
	long base_walk[RSS_NR_COUNTERS];
} native = { .f = { .stat_fd = -1, .status_fd = -1, .rollup_fd = -1 } };

static struct mm native_mm_obj;

/* The cheap read, raw: stat's sum as ANON where status is precise. */
static long raw_cheap(int ctr)
{
	if (native.era_known && !native.era.status_precise)
		return native_status(&native.f, ctr);
	return ctr == RSS_ANONPAGES ? native_stat_rss(&native.f) : 0;
}

/* The precise read, raw: status where it is precise, else the walk. */
static long raw_sum(int ctr)
{
	if (native.era_known && native.era.status_precise)
		return native_status(&native.f, ctr);
	return native_walk(&native.f, ctr);
}

static void take_baselines(const long *truth)
{
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		long t = truth ? truth[i] : 0;

		native.base_cheap[i] = raw_cheap(i) - t;
		native.base_sum[i] = raw_sum(i) - t;
		native.base_walk[i] = native_walk(&native.f, i) - t;
	}
}

static int native_setup(const struct machine *m)
{
	enum native_probe zap_syncs, status_moved;
	struct utsname u;

	native.f.stat_fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	native.f.status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	native.f.rollup_fd = open("/proc/self/smaps_rollup", O_RDONLY | O_CLOEXEC);
	native.f.page_kb = sysconf(_SC_PAGESIZE) / 1024;
	native.live_mms = 0;
	if (native.f.stat_fd < 0 || native.f.status_fd < 0 || native.f.rollup_fd < 0)
		return -1;
	native.batch = rss_percpu_counter_batch((int)sysconf(_SC_NPROCESSORS_ONLN));
	snprintf(native.release, sizeof(native.release), "%s", uname(&u) ? "unknown" : u.release);
	native.era_known = !native_era_from_release(native.release, &native.era);
	native_probe(&native.f, native.batch, &zap_syncs, &status_moved);
	if (!native.era_known && zap_syncs != NATIVE_PROBE_UNKNOWN &&
	    status_moved != NATIVE_PROBE_UNKNOWN) {
		/* No release to start from: the probes decide everything. */
		native.era = (struct native_era){ .scheme_from = "probe", .status_from = "probe" };
		native.era_known = 1;
	}
	if (native.era_known)
		native_era_apply_probes(&native.era, zap_syncs, status_moved);
	return 0;
}

static void native_teardown(void)
{
	native_undrain(&native.drained);
	close(native.f.stat_fd);
	close(native.f.status_fd);
	close(native.f.rollup_fd);
	native.f.stat_fd = native.f.status_fd = native.f.rollup_fd = -1;
}

/* The first mm of a run takes a first baseline (rebase sets the one used). */
static struct mm *native_mm_create(struct cpu *cpu)
{
	if (__atomic_fetch_add(&native.live_mms, 1, __ATOMIC_RELAXED) == 0)
		take_baselines(NULL);
	return &native_mm_obj;
}

/* Workers parked: drain every CPU's ANON residue, then the baselines. */
static void native_rebase(struct mm *mm, const long *truth)
{
	native_undrain(&native.drained);
	(void)native_drain(&native.f, native.era_known && native.era.scheme == NATIVE_PERCPU_COUNTER,
			   native.batch, &native.drained);
	take_baselines(truth);
}

/*
 * Each worker's and the watchdog's own cache on a split-rss kernel: what
 * the thread faulted before the window (its first stack page, say) is in
 * it, unsynced, and would be folded into the mm during the window (at the
 * workload's first zap or 65th fault) as if the window had counted it: 6.1
 * at 8 vCPUs then settled one page per thread under the split-rss port at
 * every -e.  Synced here, each thread starts the window as a port's task
 * does: an empty cache and no events.
 */
static int native_thread_sync(void)
{
	if (native.era_known && native.era.scheme == NATIVE_SPLIT_RSS)
		return native_sync_thread();
	return 0;
}

static int native_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	__atomic_fetch_sub(&native.live_mms, 1, __ATOMIC_RELAXED);
	return 0;
}

/* The kernel counted the page when the workload touched it. */
static void native_add(struct mm *mm, int ctr, long v, struct task *cur,
		       struct cpu *cpu)
{
}

static long native_read(struct mm *mm, int ctr)
{
	return raw_cheap(ctr) - native.base_cheap[ctr];
}

/* Where the kernel has no precise read, the walk stands in (noted). */
static long native_read_sum(struct mm *mm, int ctr)
{
	return raw_sum(ctr) - native.base_sum[ctr];
}

static long native_read_exact(struct mm *mm, int ctr)
{
	return native_walk(&native.f, ctr) - native.base_walk[ctr];
}

static const char *native_no_precise(char *buf, size_t len)
{
	if (!native.era_known) {
		snprintf(buf, len, "the kernel's era is not known (release and probes inconclusive)");
		return buf;
	}
	return native_era_no_precise(&native.era, buf, len);
}

static void native_describe(char *buf, size_t len)
{
	if (native.era_known)
		native_era_describe(&native.era, native.release, buf, len);
	else
		snprintf(buf, len, "kernel era not known: no bound");
}

/* The counters live in the kernel, not in this process. */
static size_t native_footprint(const struct machine *m, int nr_tasks)
{
	return 0;
}

/*
 * The running kernel's bound (native_era_bound()), whatever topology the run
 * simulates: per counter, split-rss over the process's real threads now,
 * percpu_counter with the batch from the real online CPUs and the residue on
 * the CPUs this process may run on (sched_getaffinity).  -1: era not known.
 */
static struct bound native_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	int online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;
	int allowed = sched_getaffinity(0, sizeof(set), &set) ? online : CPU_COUNT(&set);
	long threads = native_threads(&native.f), b;

	if (!native.era_known || threads < 1)
		return (struct bound){ -1, -1 };
	b = native_era_bound(&native.era, (int)threads, online, allowed);
	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_native = {
	.name		= "native",
	.summary	= "no userspace counter: the running kernel's own RSS accounting",
	.origin		= "the running kernel (/proc/self/stat, status, smaps_rollup; 82241a83cd15)",
	.flags		= RSS_SCHEME_PROCESS_WIDE,
	.setup		= native_setup,
	.teardown	= native_teardown,
	.mm_create	= native_mm_create,
	.mm_destroy	= native_mm_destroy,
	.thread_sync	= native_thread_sync,
	.add		= native_add,
	.read		= native_read,
	.read_sum	= native_read_sum,
	.read_exact	= native_read_exact,
	.no_precise	= native_no_precise,
	.describe	= native_describe,
	.footprint	= native_footprint,
	.error_bound	= native_error_bound,
	.rebase		= native_rebase,
};
