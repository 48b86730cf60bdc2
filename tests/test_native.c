/*
 * test_native.c - the native scheme reads the kernel's RSS of this whole
 * process, so its precise read is exact only if nothing of the harness's own
 * is faulted in or dropped between the window's opening and the check.
 * Each workload runs first in this process (no warm-up cell: code run for
 * the first time must not count), on 48 virtual CPUs (more threads than
 * glibc's stack cache keeps: a stack dropped at thread exit must not count),
 * with PAPI's default events (their per-thread memory must not count) and
 * real forks.  The precise read must equal the truth exactly.
 */
#include <stdio.h>
#include <string.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "topo.h"

#define SYNTH	"pu:48"
#define NR_CPUS	48

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[NR_CPUS];

static unsigned long events_for(const struct workload_ops *w)
{
	if (w == rss_workload_find("fork"))
		return 4;
	if (w == rss_workload_find("oom-scan") || w == rss_workload_find("oom-scan-sum"))
		return 5;
	return 100;
}

static void check(const struct scheme_ops *s, const struct workload_ops *w)
{
	struct rss_cell_config cfg = {
		.scheme = s, .workload = w, .topo = topo, .pmu = &pmu,
		.nr_threads = NR_CPUS, .cpus = cpus, .events_per_task = events_for(w),
		.params = { .pages = 64, .mmap_pages = 4, .child_pages = 8, .real_fork = 1,
			    .mm_cid = 1, .scan_mms = 100 },
		.seed = 5,
	};
	struct rss_cell_result r;
	char err[256];

	if (rss_cell_run(&cfg, &r, err, sizeof(err)))
		bail_out("%s/%s: %s", s->name, w->name, err);
	/* The precise read where the kernel has one; the page-table walk always. */
	ok((r.precise_err == 0 || (r.precise_err == -1 && r.no_precise[0])) && r.exact_err == 0 &&
	   r.failures == 0,
	   "%s/%s on %d threads, first in the process: precise read off by %ld (%s), walk off by %ld, %lu failures",
	   s->name, w->name, NR_CPUS, r.precise_err, r.no_precise[0] ? r.no_precise : "precise kernel",
	   r.exact_err, r.failures);
	rss_cell_result_free(&r);
}

int main(void)
{
	const struct scheme_ops *native = rss_scheme_find("native");
	char err[256];
	int nr = 0;

	for (; rss_workloads[nr]; nr++)
		;
	plan_tests((unsigned)nr);
	/* The sanitizer runtime's shadow memory is resident in this process. */
	if (strcmp(RSS_SANITIZERS, "no")) {
		skip(nr, "the process RSS includes the %s sanitizer's memory", RSS_SANITIZERS);
		return exit_status();
	}
	if (!native)
		bail_out("native is not registered");
	if (rss_topo_open(&topo, SYNTH, err, sizeof(err)))
		bail_out("%s", err);
	if (rss_pmu_probe(&pmu, NULL, err, sizeof(err)))
		bail_out("%s", err);
	if (rss_topo_place(topo, "compact", NR_CPUS, cpus, err, sizeof(err)))
		bail_out("%s", err);
	for (int w = 0; rss_workloads[w]; w++)
		check(native, rss_workloads[w]);
	rss_topo_close(topo);
	return exit_status();
}
