/*
 * test_window.c - a timed window is closed by the tasks it times.  A reader
 * whose one operation outlasts the window (oom-scan-sum's precise scan of
 * 10 000 mms against run-all --quick's 0.05 s) shares the CPUs with untimed
 * writers whose short batches end past the deadline first.  Before the fix
 * a writer's batch closed the window, the reader's operation ended "late",
 * and every such cell said "no operation completed".  Here a reader that
 * sleeps 200 ms per operation against a 50 ms window must be counted.  A
 * worker that first gets a CPU after the window (a very busy machine) runs
 * nothing, honestly; the test then says so instead of asserting on it.
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

int main(void)
{
	struct rss_topo *topo;
	struct rss_pmu pmu;
	struct rss_cell_result r;
	int cpus[2];
	char err[256];

	plan_tests(2);
	rss_test_cell_machine("package:1 core:2 pu:1", 2, &topo, &pmu, cpus);

	struct rss_cell_config cfg = {
		.scheme = rss_scheme_find("empty"), .workload = &slow_reader, .topo = topo,
		.pmu = &pmu, .nr_threads = 2, .cpus = cpus, .duration_s = WINDOW_S,
		.params = { .pages = 1 }, .seed = 1,
	};

	if (rss_cell_run(&cfg, &r, err, sizeof(err)))
		bail_out("%s", err);
	/* Once begun, a batch runs one operation before it looks at the stop. */
	if (!reader_done)
		diag("the reader's worker got no CPU within the window: nothing to time");
	ok(!reader_done || r.ops >= 1,
	   "a 200 ms reader in a 50 ms window among writers: %llu of its %lu ops counted",
	   r.ops, reader_done);
	ok(r.ops && r.ns_per_op >= READ_NS,
	   "the counted time is the reader's: %.0f ns per op (>= %ld)", r.ns_per_op, READ_NS);
	rss_cell_result_free(&r);
	rss_topo_close(topo);
	return exit_status();
}
