/*
 * test_rss_stat.c - the rss_stat tracepoint as a reader (workload rss-stat,
 * the schemes' read_trace): on a virtual 16-CPU topology, one reader among
 * three writers of its mm, the coherence model counts the cache lines one
 * event reads.  6.2's percpu_counter_sum_positive() reads the counter's own
 * line and one slot line per online CPU, as the precise read-sum does; 6.1's
 * count from the atomic add (atomic, split-rss) and the pernode series' read
 * of its global are one line; hpcc's approximate sum reads its tree's root.
 * Counts, not times: the model is deterministic (tests/test_model_cell.c).
 */
#include <string.h>

#include "model_cell.h"
#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "test_cell.h"
#include "topo.h"

#define SYNTH		"package:2 numa:1 core:4 pu:2"	/* 16 CPUs, 2 nodes */
#define NR_CPUS		16
#define EVENTS		50

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[NR_CPUS];

/* Lines one reader operation touches, over the model pass's EVENTS. */
static double lines_per_event(const char *scheme, const char *workload)
{
	struct rss_cell_config cfg = {
		.scheme = rss_scheme_find(scheme), .workload = rss_workload_find(workload),
		.topo = topo, .pmu = &pmu, .nr_threads = 4, .cpus = cpus,
		.events_per_task = EVENTS, .params = { .pages = 40 }, .seed = 3,
	};
	struct rss_model_result mr;
	char err[256];

	if (!cfg.scheme || !cfg.workload)
		bail_out("%s or %s is not registered", scheme, workload);
	if (rss_model_cell_run(&cfg, &mr, err, sizeof(err)))
		bail_out("%s/%s: %s", scheme, workload, err);
	if (!mr.modelled || mr.ops != EVENTS)
		bail_out("%s/%s: not modelled or %llu reader operations (%s)", scheme, workload,
			 mr.ops, mr.why);
	return (double)mr.st.lines / (double)mr.ops;
}

int main(void)
{
	static const char *const one_line[] = { "atomic", "split-rss", "pernode" };
	double pc, sum;

	plan_tests(3 + 3 + 1);
	rss_test_cell_machine(SYNTH, NR_CPUS, &topo, &pmu, cpus);

	pc = lines_per_event("percpu", "rss-stat");
	sum = lines_per_event("percpu", "read-sum");
	ok(pc >= NR_CPUS + 1, "percpu: %.1f lines per rss_stat event (its line + %d online slots)",
	   pc, NR_CPUS);
	ok(pc == sum, "percpu: the event reads what get_mm_counter_sum() reads (%.1f, %.1f)",
	   pc, sum);
	pc = lines_per_event("percpu-preempt", "rss-stat");
	ok(pc >= NR_CPUS + 1, "percpu-preempt (6.2): %.1f lines per event", pc);
	for (int i = 0; i < 3; i++) {
		double l = lines_per_event(one_line[i], "rss-stat");

		ok(l == 1, "%s: %.1f line per event (the counter's own)", one_line[i], l);
	}
	pc = lines_per_event("hpcc", "rss-stat");
	ok(pc <= 2, "hpcc: %.1f lines per event (the approximate sum at the tree's root)", pc);
	rss_topo_close(topo);
	return exit_status();
}
