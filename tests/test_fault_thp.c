/*
 * test_fault_thp.c - one fault event, many pages.  On a host whose THP is
 * not "never" (this one: madvise) --pages-per-fault 512 runs real
 * anonymous THP faults: the probe sees AnonHugePages grow by a huge page,
 * the kernel's own count (native) moves by 512 per fault, and split-rss,
 * whose kernels did add_mm_counter() there, keeps nothing in its per-task
 * cache.  Any other count is the model: N base pages per event through the
 * fast path, where split-rss's cache holds up to 66 events x N pages (its
 * bound); the cell says it was modelled.
 */
#include <string.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "test_cell.h"
#include "topo.h"
#include "workloads/thp.h"

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[1];

static void run(const char *scheme, long per_fault, unsigned long events,
		struct rss_cell_result *r)
{
	struct rss_cell_config cfg = {
		.scheme = rss_scheme_find(scheme), .workload = rss_workload_find("fault"),
		.topo = topo, .pmu = &pmu, .nr_threads = 1, .cpus = cpus,
		.events_per_task = events, .slice = { .ops = 1000 },
		.params = { .pages = 8 * 512, .pages_per_fault = per_fault },
	};
	char err[256];

	if (rss_cell_run(&cfg, r, err, sizeof(err)))
		bail_out("%s", err);
}

static void check_model(void)
{
	struct rss_cell_result r;

	/* 100 events of 16 pages: event 66 folded the first 65, the cache holds 35 x 16. */
	run("split-rss", 16, 100, &r);
	ok(r.precise_err == 0 && r.failures == 0 && r.settled_err == 35 * 16 &&
	   r.bound.under == 66 * 16 && strstr(r.note, "modelled"),
	   "model, 16 pages per event: split-rss's cache holds %ld pages (bound %ld = 66 x 1 x 16); note \"%s\"",
	   r.settled_err, r.bound.under, r.note);
	rss_cell_result_free(&r);
}

int main(void)
{
	long pmd = rss_thp_pmd_pages();
	struct rss_cell_result r;
	char why[256];

	plan_tests(6);
	rss_test_cell_machine("package:1 core:1 pu:1", 1, &topo, &pmu, cpus);
	check_model();
	if (!pmd || rss_thp_probe(why, sizeof(why))) {
		skip(5, "no THP fault here: %s", pmd ? why : "no hpage_pmd_size");
		rss_topo_close(topo);
		return exit_status();
	}
	ok(pmd == 512 || pmd > 1, "a PMD huge page is %ld base pages; the probe fault got one", pmd);

	/* 24 huge faults: three 8-THP mappings, each zapped by zap_huge_pmd(). */
	run("split-rss", pmd, 24, &r);
	ok(r.precise_err == 0 && r.failures == 0 && r.settled_err == 0 && !r.note[0] &&
	   r.bound.under == 66 * pmd,
	   "THP: split-rss counts 24 huge faults with add_mm_counter(): cache empty, settled error %ld, bound %ld",
	   r.settled_err, r.bound.under);
	rss_cell_result_free(&r);

	run("cpu-stash", pmd, 24, &r);
	ok(r.precise_err == 0 && r.failures == 0 && r.settled_err == 0 && !r.note[0],
	   "THP: cpu-stash's anon THP fault goes to the atomic too (patch 5/7 moves only do_set_pmd)");
	rss_cell_result_free(&r);

	run("percpu", pmd, 24, &r);
	ok(r.precise_err == 0 && r.failures == 0 && r.settled_err == 0,
	   "THP: percpu folds every +512 (>= batch 32) into the count: settled error %ld",
	   r.settled_err);
	rss_cell_result_free(&r);

	/* The kernel's own count: 512 per fault, or the precise read is off. */
	run("native", pmd, 24, &r);
	ok(r.failures == 0 && r.precise_err < pmd,
	   "THP: the kernel counted 512 pages per fault (native precise read off by %ld < %ld)",
	   r.precise_err, pmd);
	rss_cell_result_free(&r);
	rss_topo_close(topo);
	return exit_status();
}
