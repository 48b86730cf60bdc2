/*
 * test_slice.c - the scheduler's time slice: the kernel's base slice for
 * each online CPU count, --slice parsing, and on one CPU with two
 * processes (deterministic slices of N operations) switch_mm once per
 * slice and only on a real switch, while what cpu-stash holds at each
 * switch (what a read overlapping the flush can miss) grows with the slice.
 */
#include <stdio.h>
#include <string.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "schemes/cpu_stash.h"
#include "tap.h"
#include "test_cell.h"
#include "topo.h"

#define EVENTS	2000

static struct rss_topo *topo;
static struct rss_pmu pmu;
static int cpus[1];

/* cpu-stash, with its switch_mm watched. */
static struct scheme_ops spy;
static void (*real_switch)(struct cpu *, struct mm *, struct mm *);
static long stash_at_switch;

static void spy_switch(struct cpu *c, struct mm *prev, struct mm *next)
{
	if (prev && rss_cpu_stash_owner(c->id) == prev) {
		long v = rss_cpu_stash_cached(c->id, RSS_ANONPAGES);

		if (v > stash_at_switch)
			stash_at_switch = v;
	}
	real_switch(c, prev, next);
}

static void run(int tasks_per_mm, unsigned long slice_ops, struct rss_cell_result *r)
{
	struct rss_cell_config cfg = {
		.scheme = &spy, .workload = rss_workload_find("fault"), .topo = topo,
		.pmu = &pmu, .nr_threads = 1, .cpus = cpus, .nr_tasks = 2,
		.tasks_per_mm = tasks_per_mm, .events_per_task = EVENTS,
		.slice = { .ops = slice_ops }, .params = { .pages = 4 * EVENTS },
	};
	char err[256];

	stash_at_switch = 0;
	if (rss_cell_run(&cfg, r, err, sizeof(err)))
		bail_out("%s", err);
}

static void check_parse(void)
{
	struct rss_slice sl;
	char err[256];
	static const char *const bad[] = { "0ms", "-1ms", "3", "3 ms", "999ns", "11s",
					   "1.5ops", "0ops", "ms", "fast" };
	int bad_ok = 1;

	ok(!rss_slice_parse("3ms", &sl, err, sizeof(err)) && sl.ns == 3000000 && !sl.ops &&
	   !sl.kernel, "3ms is 3 000 000 ns");
	ok(!rss_slice_parse("750us", &sl, err, sizeof(err)) && sl.ns == 750000,
	   "750us is 750 000 ns");
	ok(!rss_slice_parse("200ops", &sl, err, sizeof(err)) && sl.ops == 200 && !sl.ns,
	   "200ops is a slice of 200 operations");
	ok(!rss_slice_parse("kernel", &sl, err, sizeof(err)) && sl.kernel && !sl.ns,
	   "kernel is resolved later");
	rss_slice_resolve(&sl, 16);
	ok(sl.ns == 3000000 && !strcmp(sl.desc, "kernel"), "kernel on 16 online CPUs: 3 ms");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		if (!rss_slice_parse(bad[i], &sl, err, sizeof(err)) || !strstr(err, bad[i])) {
			diag("\"%s\" accepted, or the message does not name it: %s", bad[i], err);
			bad_ok = 0;
		}
	}
	ok(bad_ok, "bad slices are refused with a message naming them");
}

int main(void)
{
	static const unsigned long slices[] = { 10, 100, 1000 };
	struct rss_cell_result r;
	long prev_stash = 0;

	plan_tests(7 + 1 + 3 * 2 + 1);
	ok(rss_sched_base_slice_ns(1) == 750000 && rss_sched_base_slice_ns(2) == 1500000 &&
	   rss_sched_base_slice_ns(3) == 1500000 && rss_sched_base_slice_ns(4) == 2250000 &&
	   rss_sched_base_slice_ns(7) == 2250000 && rss_sched_base_slice_ns(8) == 3000000 &&
	   rss_sched_base_slice_ns(1024) == 3000000,
	   "base slice 0.75 ms x (1 + ilog2(min(online, 8))): 1, 2-3, 4-7, 8+ CPUs");
	check_parse();

	rss_test_cell_machine("package:1 core:1 pu:1", 1, &topo, &pmu, cpus);
	spy = *rss_scheme_find("cpu-stash");
	real_switch = spy.switch_mm;
	spy.switch_mm = spy_switch;

	/* Both tasks in one mm: the CPU switches task, never mm. */
	run(0, 10, &r);
	ok(r.switches == 1 && r.failures == 0 && r.precise_err == 0,
	   "two tasks of one process, 10-op slices: %lu switch_mm (the first only)", r.switches);
	rss_cell_result_free(&r);

	for (size_t i = 0; i < sizeof(slices) / sizeof(slices[0]); i++) {
		unsigned long n = slices[i], want = 2 * EVENTS / n;

		run(1, n, &r);
		ok(r.switches == want && r.ops == 2 * EVENTS && r.failures == 0 &&
		   r.precise_err == 0,
		   "two processes on one CPU, %lu-op slices: %lu switch_mm for %llu ops (want %lu)",
		   n, r.switches, r.ops, want);
		ok(stash_at_switch == (long)n && stash_at_switch > prev_stash,
		   "... cpu-stash holds %ld pages at a switch: a read overlapping it can miss them",
		   stash_at_switch);
		prev_stash = stash_at_switch;
		rss_cell_result_free(&r);
	}
	{
		struct rss_slice sl = { 0 };

		rss_slice_resolve(&sl, 1);
		ok(sl.kernel && sl.ns == 750000, "a slice never set is the kernel's (1 CPU: 0.75 ms)");
	}
	rss_topo_close(topo);
	return exit_status();
}
