/*
 * test_invariants.c - every scheme under every workload on a virtual
 * 16-CPU, 2-node topology with random migration: after quiescence the
 * precise read equals the truth exactly, the settled cheap-read error is
 * within the scheme's bound, and no operation or check_mm failed.  Then
 * percpu under adversarial migration must reach at least half its bound:
 * the per-CPU residue is real, not an artefact of the model.
 */
#include <stdio.h>
#include <string.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "topo.h"

#define SYNTH	"package:2 numa:1 core:4 pu:2"	/* 16 CPUs, 2 nodes */
#define NR_CPUS	16

/* oom-scan: 50 mms per scan, not the 10 000 of the CLI. */
#define PARAMS	{ .pages = 150, .mmap_pages = 4, .child_pages = 8, .scan_mms = 50, .mm_cid = 1 }

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[NR_CPUS];

static int run(const struct scheme_ops *s, const struct workload_ops *w,
	       struct rss_cell_config *cfg, struct rss_cell_result *r)
{
	char err[256];

	cfg->scheme = s;
	cfg->workload = w;
	cfg->topo = topo;
	cfg->pmu = &pmu;
	cfg->cpus = cpus;
	if (rss_cell_run(cfg, r, err, sizeof(err)))
		bail_out("%s/%s: %s", s->name, w->name, err);
	return 0;
}

/* A fork or a scan is many updates or reads: fewer of them. */
static unsigned long events_for(const struct workload_ops *w)
{
	if (w == rss_workload_find("fork"))
		return 60;
	if (w == rss_workload_find("oom-scan") || w == rss_workload_find("oom-scan-sum"))
		return 40;
	return 400;
}

static void check_scheme(const struct scheme_ops *s, const struct workload_ops *w,
			 int tasks_per_mm)
{
	struct rss_cell_config cfg = {
		.nr_threads = NR_CPUS, .nr_tasks = NR_CPUS, .tasks_per_mm = tasks_per_mm,
		.events_per_task = events_for(w),
		.params = PARAMS, .seed = 7,
	};
	struct rss_cell_result r;
	char err[128];
	long bound;

	/* The sanitizer runtime's shadow memory is resident in this process. */
	if ((s->flags & RSS_SCHEME_PROCESS_WIDE) && strcmp(RSS_SANITIZERS, "no")) {
		skip(1, "%s/%s: the process RSS includes the %s sanitizer's memory",
		     s->name, w->name, RSS_SANITIZERS);
		return;
	}
	rss_migrate_parse("every:7:random", &cfg.migrate, err, sizeof(err));
	run(s, w, &cfg, &r);
	if (s->flags & RSS_SCHEME_NO_COUNTER) {
		ok(r.failures == 0 && r.precise_err == -1 && r.settled_err == -1 &&
		   r.err_max == -1 && r.nr_err_samples == 0 && r.ops > 0,
		   "%s/%s (%s): counts nothing, so no error is measured; %llu ops, %lu failures",
		   s->name, w->name, tasks_per_mm ? "process per task" : "one process",
		   r.ops, r.failures);
		rss_cell_result_free(&r);
		return;
	}
	bound = r.bound.under > r.bound.over ? r.bound.under : r.bound.over;
	/* atomic's read is one load, exact during the run too: updates in
	 * flight are announced, so the watchdog must never count them.  (The
	 * stashes' walk, also bound 0, can miss one being flushed.) */
	ok(r.failures == 0 && r.precise_err == 0 && r.settled_err <= bound &&
	   (strcmp(s->name, "atomic") || r.err_max == 0),
	   "%s/%s (%s): precise read exact (off by %ld), settled error %ld <= bound %ld, in-run %ld, %lu failures, %lu migrations",
	   s->name, w->name, tasks_per_mm ? "process per task" : "one process",
	   r.precise_err, r.settled_err, bound, r.err_max, r.failures, r.migrations);
	rss_cell_result_free(&r);
}

/*
 * One task hops to the next CPU every 31 faults (batch 32 - 1): each slot
 * keeps 31 pages and the central count never moves, so after one round the
 * error is 16 * 31 = 496, the whole bound.
 */
static void check_percpu_adversarial(void)
{
	const struct scheme_ops *s = rss_scheme_find("percpu");
	struct rss_cell_config cfg = {
		.nr_threads = NR_CPUS, .nr_tasks = 1, .events_per_task = 496,
		.params = { .pages = 1024 },
	};
	struct rss_cell_result r;
	char err[128];

	rss_migrate_parse("every:31:next", &cfg.migrate, err, sizeof(err));
	run(s, rss_workload_find("fault"), &cfg, &r);
	ok(r.settled_err >= r.bound.under / 2 && r.settled_err <= r.bound.under,
	   "percpu adversarial migration: settled error %ld is at least half the bound %ld",
	   r.settled_err, r.bound.under);
	ok(r.precise_err == 0, "... and the precise read is still exact");
	rss_cell_result_free(&r);
}

int main(void)
{
	char err[256];
	int nr_schemes = 0, nr_workloads = 0;

	for (; rss_schemes[nr_schemes]; nr_schemes++)
		;
	for (; rss_workloads[nr_workloads]; nr_workloads++)
		;
	plan_tests((unsigned)(nr_schemes * nr_workloads + nr_schemes + 2));
	if (rss_topo_open(&topo, SYNTH, err, sizeof(err)))
		bail_out("%s", err);
	if (rss_topo_machine(topo)->nr_allowed != NR_CPUS || rss_topo_machine(topo)->nr_nodes != 2)
		bail_out("%s is not 16 CPUs on 2 nodes", SYNTH);
	if (rss_pmu_probe(&pmu, "none", err, sizeof(err)))
		bail_out("%s", err);
	rss_topo_place(topo, "compact", NR_CPUS, cpus, err, sizeof(err));

	/* As `rssbench run` does: fault the harness's own pages in first, or
	 * the native scheme sees them as error. */
	for (int w = 0; rss_workloads[w]; w++) {
		struct rss_cell_config cfg = {
			.nr_threads = NR_CPUS, .events_per_task = 50,
			.params = PARAMS,
		};
		struct rss_cell_result r;

		run(rss_schemes[0], rss_workloads[w], &cfg, &r);
		rss_cell_result_free(&r);
	}
	for (int s = 0; rss_schemes[s]; s++) {
		for (int w = 0; rss_workloads[w]; w++)
			check_scheme(rss_schemes[s], rss_workloads[w], 0);
		check_scheme(rss_schemes[s], rss_workload_find("fault"), 1);
	}
	check_percpu_adversarial();
	rss_topo_close(topo);
	return exit_status();
}
