/*
 * test_window.c - a timed window is closed by the tasks it times.  A reader
 * whose one operation outlasts the window (oom-scan-sum's precise scan of
 * 10 000 mms against run-all --quick's 0.05 s) shares the CPUs with untimed
 * writers whose short batches end past the deadline first.  Before the fix
 * a writer's batch closed the window, the reader's operation ended "late",
 * and every such cell said "no operation completed".  Here a reader that
 * sleeps 200 ms per operation against a 50 ms window must be counted.
 * Since --min-ops the window also waits for each timed task's operations (a
 * reader whose worker first gets a CPU after the deadline on a busy machine
 * still gets measured), up to --window-cap, where a short task is reported.
 */
#include <stdio.h>
#include <time.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "test_cell.h"
#include "topo.h"

#define WINDOW_S	0.05
#define READ_NS		200000000L

static unsigned long reader_done;	/* reader operations that finished */

static void slow_reader_op(struct task *t, struct cpu *c)
{
	if (t->id == 0) {
		struct timespec d = { 0, READ_NS };

		nanosleep(&d, NULL);
		__atomic_fetch_add(&reader_done, 1, __ATOMIC_RELAXED);
	}
}

static int no_setup(struct task *t, struct cpu *c, const struct rss_params *p)
{
	return 0;
}

static void no_teardown(struct task *t, struct cpu *c)
{
}

static int reader_only(const struct task *t)
{
	return t->id == 0;
}

static const struct workload_ops slow_reader = {
	.name = "slow-reader", .summary = "task 0 sleeps 200 ms per op; the rest write nothing",
	.unit = "read", .task_init = no_setup, .op = slow_reader_op, .task_fini = no_teardown, .measured = reader_only,
};

/* One cell of the slow reader; @min_ops and @cap_s as --min-ops and --window-cap. */
static void run_reader(struct rss_cell_config *cfg, unsigned long min_ops, double cap_s,
		       struct rss_cell_result *r)
{
	char err[256];

	cfg->min_ops = min_ops;
	cfg->window_cap_s = cap_s;
	__atomic_store_n(&reader_done, 0, __ATOMIC_RELAXED);
	if (rss_cell_run(cfg, r, err, sizeof(err)))
		bail_out("%s", err);
}

int main(void)
{
	struct rss_topo *topo;
	struct rss_pmu pmu;
	struct rss_cell_result r;
	int cpus[2];

	plan_tests(7);
	rss_test_cell_machine("package:1 core:2 pu:1", 2, &topo, &pmu, cpus);

	struct rss_cell_config cfg = {
		.scheme = rss_scheme_find("empty"), .workload = &slow_reader, .topo = topo,
		.pmu = &pmu, .nr_threads = 2, .cpus = cpus, .duration_s = WINDOW_S,
		.params = { .pages = 1 }, .seed = 1,
	};

	run_reader(&cfg, 1, 10, &r);
	ok(r.ops >= 1, "a 200 ms reader in a 50 ms window among writers: %llu of its %lu ops counted",
	   r.ops, reader_done);
	ok(r.ops && r.ns_per_op >= READ_NS,
	   "the counted time is the reader's: %.0f ns per op (>= %ld)", r.ns_per_op, READ_NS);
	rss_cell_result_free(&r);

	/* The window stays open past -d until the reader has 3 operations. */
	run_reader(&cfg, 3, 10, &r);
	ok(r.ops >= 3, "--min-ops 3: the 50 ms window waited for the reader's 3 ops (%llu counted)",
	   r.ops);
	ok(!r.short_tasks && r.fewest_ops >= 3, "--min-ops 3: no timed task short (%d short, fewest %lu)",
	   r.short_tasks, r.fewest_ops);
	rss_cell_result_free(&r);

	/* 100 ops of 200 ms cannot fit a 0.3 s cap: closed there, the reader short. */
	run_reader(&cfg, 100, 0.3, &r);
	ok(r.short_tasks == 1, "--min-ops 100 --window-cap 0.3: the one timed task is short (%d)",
	   r.short_tasks);
	ok(r.ops >= 1 && r.fewest_ops == r.ops && r.fewest_ops < 100,
	   "at the cap the reader's %lu ops are the cell's %llu, and counted", r.fewest_ops, r.ops);
	ok(r.window_s >= 0.3 - 1e-3, "the window ran to the cap: %.3f s", r.window_s);
	rss_cell_result_free(&r);
	rss_topo_close(topo);
	return exit_status();
}
