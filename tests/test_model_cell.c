/*
 * test_model_cell.c - whole cells on the coherence model (model_cell.h):
 * the same cell twice gives the same counts (serialized, one operation per
 * CPU in turn, migration by seed), the model's figures follow each scheme's
 * design (atomic moves its line at nearly every fault, percpu only at
 * folds), and a scheme with nothing in userspace is not modelled.
 */
#include <string.h>

#include "model_cell.h"
#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "topo.h"

#define EVENTS	400

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };

static void run(const char *scheme, struct rss_model_result *mr)
{
	struct rss_cell_config cfg = {
		.scheme = rss_scheme_find(scheme), .workload = rss_workload_find("fault"),
		.topo = topo, .pmu = &pmu, .nr_threads = 8, .cpus = cpus,
		.events_per_task = EVENTS, .params = { .pages = 64 }, .seed = 3,
	};
	char err[256];

	if (rss_migrate_parse("every:7:random", &cfg.migrate, err, sizeof(err)) ||
	    rss_model_cell_run(&cfg, mr, err, sizeof(err)))
		bail_out("%s", err);
}

static double per_op(unsigned long long n, const struct rss_model_result *mr)
{
	return (double)n / (double)mr->ops;
}

int main(void)
{
	static const char *const schemes[] = { "atomic", "percpu", "pernode", "cpu-stash", "hpcc" };
	struct rss_model_result a, b;
	char err[256];

	plan_tests(2 * 5 + 3);
	if (rss_topo_open(&topo, "package:2 numa:1 core:2 pu:2", err, sizeof(err)))
		bail_out("%s", err);
	rss_pmu_probe(&pmu, "none", NULL, 0);
	for (int i = 0; i < 5; i++) {
		run(schemes[i], &a);
		run(schemes[i], &b);
		ok(a.modelled && a.ops == 8 * EVENTS, "%s: modelled, %llu operations", schemes[i], a.ops);
		ok(!memcmp(&a.st, &b.st, sizeof(a.st)),
		   "%s: the same cell twice, the same counts (%llu accesses, %llu transfers)",
		   schemes[i], a.st.accesses, rss_coh_transfers(&a.st));
		if (!strcmp(schemes[i], "atomic"))
			ok(per_op(rss_coh_transfers(&a.st), &a) > 0.9 &&
			   per_op(a.st.transfers[RSS_COH_REMOTE], &a) > 0.2,
			   "atomic: %.3f transfers per fault, %.3f between packages",
			   per_op(rss_coh_transfers(&a.st), &a), per_op(a.st.transfers[RSS_COH_REMOTE], &a));
		if (!strcmp(schemes[i], "percpu"))
			ok(per_op(rss_coh_transfers(&a.st), &a) < 0.2,
			   "percpu: %.3f transfers per fault (folds, migrations and zaps only)",
			   per_op(rss_coh_transfers(&a.st), &a));
	}
	run("native", &a);
	ok(!a.modelled && strstr(a.why, "nothing in userspace"), "native: not modelled (%s)", a.why);
	rss_topo_close(topo);
	return exit_status();
}
