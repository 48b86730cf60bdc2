/*
 * test_read_workloads.c - the read workloads (read, read-sum, rss-stat, oom-scan,
 * oom-scan-sum) under every scheme on a virtual 16-CPU topology, a reader
 * among three writers: no failure, the precise read exact after quiescence
 * (the writers' truth and the scanned mms' check_mm), and only the reader's
 * operations counted.  Then, for percpu, a scan with precise sums (16 CPUs x
 * 3 counters per mm) must cost more than twice the cheap scan (3 loads per
 * mm); the least of three runs each, so a preemption cannot decide it.
 */
#include <stdio.h>
#include <string.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "test_cell.h"
#include "topo.h"

#define SYNTH		"package:2 numa:1 core:4 pu:2"	/* 16 CPUs, 2 nodes */
#define NR_CPUS		16
#define EVENTS		50
#define SCAN_MMS	200
#define TIMING_RUNS	3

static const char *const names[] = { "read", "read-sum", "rss-stat", "oom-scan", "oom-scan-sum" };
#define NR_WORKLOADS	(int)(sizeof(names) / sizeof(names[0]))

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[NR_CPUS];

static void run(const struct scheme_ops *s, const char *workload, int threads,
		struct rss_cell_result *r)
{
	const struct workload_ops *w = rss_workload_find(workload);
	struct rss_cell_config cfg = {
		.scheme = s, .workload = w, .topo = topo, .pmu = &pmu,
		.nr_threads = threads, .cpus = cpus, .events_per_task = EVENTS,
		.params = { .pages = 40, .scan_mms = SCAN_MMS }, .seed = 3,
	};
	char err[256];

	if (!w)
		bail_out("workload %s is not registered", workload);
	if (rss_cell_run(&cfg, r, err, sizeof(err)))
		bail_out("%s/%s: %s", s->name, workload, err);
}

static void check(const struct scheme_ops *s, const char *workload)
{
	struct rss_cell_result r;

	/* The sanitizer runtime's shadow memory is resident in this process. */
	if ((s->flags & RSS_SCHEME_PROCESS_WIDE) && strcmp(RSS_SANITIZERS, "no")) {
		skip(1, "%s/%s: the process RSS includes the %s sanitizer's memory",
		     s->name, workload, RSS_SANITIZERS);
		return;
	}
	run(s, workload, 4, &r);
	/* A scheme that counts nothing has no error: -1, not measured. */
	ok(r.failures == 0 && r.precise_err == (s->flags & RSS_SCHEME_NO_COUNTER ? -1 : 0) &&
	   r.ops == EVENTS,
	   "%s/%s: %lu failures, precise read off by %ld, %llu ops counted (the reader's %d)",
	   s->name, workload, r.failures, r.precise_err, r.ops, EVENTS);
	rss_cell_result_free(&r);
}

/* The least cycles per operation of a lone reader over TIMING_RUNS cells. */
static double min_cycles(const struct scheme_ops *s, const char *workload)
{
	double best = 0;

	for (int i = 0; i < TIMING_RUNS; i++) {
		struct rss_cell_result r;

		run(s, workload, 1, &r);
		if (i == 0 || r.cycles_per_op < best)
			best = r.cycles_per_op;
		rss_cell_result_free(&r);
	}
	return best;
}

static void check_scan_ratio(void)
{
	const struct scheme_ops *s = rss_scheme_find("percpu");
	double cheap = min_cycles(s, "oom-scan");
	double precise = min_cycles(s, "oom-scan-sum");

	ok(precise > 2 * cheap,
	   "percpu: a precise scan of %d mms costs %.0f cycles, more than twice the cheap scan's %.0f (x%.1f)",
	   SCAN_MMS, precise, cheap, cheap > 0 ? precise / cheap : 0);
	diag("percpu read %.0f cycles, read-sum %.0f cycles (one reader, %d CPUs)",
	     min_cycles(s, "read"), min_cycles(s, "read-sum"), NR_CPUS);
}

int main(void)
{
	int nr_schemes = 0;

	for (; rss_schemes[nr_schemes]; nr_schemes++)
		;
	plan_tests((unsigned)(nr_schemes * NR_WORKLOADS + 1));
	rss_test_cell_machine(SYNTH, NR_CPUS, &topo, &pmu, cpus);

	for (int s = 0; rss_schemes[s]; s++)
		for (int w = 0; w < NR_WORKLOADS; w++)
			check(rss_schemes[s], names[w]);
	check_scan_ratio();
	rss_topo_close(topo);
	return exit_status();
}
