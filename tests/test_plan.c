/*
 * test_plan.c - the run plan (harness/cli/plan.h): rss_plan_argv renders
 * exactly what `run` parses back into the same plan, for run's defaults,
 * every scenario's plans (full and --quick) and a plan with every field off
 * its default; options at their default are left out, the matrix never.
 * The kernels scenario's guest runs: which kernel, vCPUs and cells, and
 * their `rssbench guest` argv (rss_plan_guest_argv), whose run part parses
 * back into the same plan and never names an output directory.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_run.h"
#include "plan.h"
#include "scenario.h"
#include "tap.h"

static int str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The first field where @a and @b differ, or NULL. */
static const char *plan_diff(const struct rss_run_opts *a, const struct rss_run_opts *b)
{
#define SAME(f) if (a->f != b->f) return #f
#define SAME_STR(f) if (!str_eq(a->f, b->f)) return #f
	SAME(nr_schemes);
	for (int i = 0; i < a->nr_schemes; i++)
		SAME(schemes[i]);
	SAME(nr_workloads);
	for (int i = 0; i < a->nr_workloads; i++)
		SAME(workloads[i]);
	SAME(nr_threads);
	for (int i = 0; i < a->nr_threads; i++)
		SAME(threads[i]);
	SAME(nr_migrate);
	for (int i = 0; i < a->nr_migrate; i++) {
		SAME(migrate[i].every);
		SAME(migrate[i].target);
		if (strcmp(a->migrate[i].desc, b->migrate[i].desc))
			return "migrate[].desc";
	}
	SAME(slice.ns);
	SAME(slice.ops);
	SAME(slice.kernel);
	if (strcmp(a->slice.desc, b->slice.desc))
		return "slice.desc";
	SAME_STR(placement);
	SAME_STR(topology);
	SAME_STR(output);
	SAME_STR(events);
	SAME(nr_tasks);
	SAME(tasks_per_mm);
	SAME(duration_s);
	SAME(events_per_task);
	SAME(min_ops);
	SAME(window_cap_s);
	SAME(reps);
	SAME(params.pages);
	SAME(params.mmap_pages);
	SAME(params.child_pages);
	SAME(params.child_threads);
	SAME(params.real_fork);
	SAME(params.mm_cid);
	SAME(params.scan_mms);
	SAME(params.pages_per_fault);
	SAME(seed);
	SAME(quiet);
	SAME_STR(model);
	SAME(model_only);
	SAME(strict);
	SAME(serialize);
	return NULL;
#undef SAME
#undef SAME_STR
}

/* @p rendered and parsed back; the first field that came back different, or NULL. */
static const char *round_trip(const struct rss_run_opts *p, struct rss_argv *a)
{
	struct rss_run_opts back;

	rss_plan_argv(p, a);
	rss_plan_init(&back);
	optind = 0;	/* getopt_long starts afresh */
	rss_run_opts_parse(&back, a->argc, a->argv);
	return plan_diff(p, &back);
}

static char *joined(const struct rss_argv *a, char *buf, size_t len)
{
	buf[0] = 0;
	for (int i = 0; i < a->argc; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", a->argv[i]);
	return buf;
}

static void test_defaults(void)
{
	struct rss_run_opts p;
	struct rss_argv a;
	char buf[4096];
	const char *why;

	rss_plan_init(&p);
	rss_plan_fill(&p);
	why = round_trip(&p, &a);
	ok(!why, "run's defaults come back from their argv%s%s", why ? ": " : "", why ? why : "");
	ok(!strcmp(joined(&a, buf, sizeof(buf)),
		   "run --scheme=all --workload=all --threads=1,max --placement=compact --migrate=none --duration=0.5 --reps=3 --seed=1"),
	   "defaults: the matrix, placement, duration, reps and seed, nothing else (%s)", buf);
	rss_argv_free(&a);

	/* The registry's schemes in another order are a list, not "all". */
	rss_plan_init(&p);
	rss_plan_schemes(&p, "atomic,all");
	rss_plan_fill(&p);
	why = round_trip(&p, &a);
	ok(!why && strstr(joined(&a, buf, sizeof(buf)), "--scheme=atomic,") && !strstr(buf, "=all --workload"),
	   "every scheme, atomic first: rendered as the list in that order");
	rss_argv_free(&a);
}

static void test_every_field(void)
{
	struct rss_run_opts p;
	struct rss_argv a;
	char buf[4096];
	const char *why;

	rss_plan_init(&p);
	rss_plan_schemes(&p, "percpu,atomic");
	rss_plan_workloads(&p, "fault,fork");
	rss_plan_thread_list(&p, "2,max,1");
	rss_plan_migrate(&p, "every:7:remote-node,none");
	rss_plan_slice(&p, "750us");
	p.placement = "scatter";
	p.topology = "package:2 numa:1 core:4 pu:1";
	p.duration_s = 0.1;
	p.min_ops = 0;
	p.window_cap_s = 2.5;
	p.reps = 7;
	p.nr_tasks = 9;
	p.tasks_per_mm = 3;
	p.events = "none";
	p.params = (struct rss_params){ .pages = 1024, .mmap_pages = 8, .child_pages = 0,
		.child_threads = 2, .real_fork = 1, .mm_cid = 0, .scan_mms = 77,
		.pages_per_fault = 2 };
	p.seed = 0;
	p.serialize = 1;
	p.model = "coherence";
	p.output = "elsewhere";
	p.quiet = 1;
	p.strict = 1;
	why = round_trip(&p, &a);
	ok(!why, "every field off its default comes back from its argv%s%s", why ? ": " : "",
	   why ? why : "");
	ok(strstr(joined(&a, buf, sizeof(buf)), " --duration=0.1 ") != NULL,
	   "a duration is its shortest decimal (%s)", buf);
	rss_argv_free(&a);

	/* --model-only renders as itself, without the events it implies. */
	p.params.real_fork = 0;
	p.model_only = 1;
	p.events = "none";
	p.events_per_task = 12;
	p.duration_s = 0.5;
	why = round_trip(&p, &a);
	ok(!why && strstr(joined(&a, buf, sizeof(buf)), " --model-only=coherence") &&
	   !strstr(buf, "--events=") && strstr(buf, " --events-per-task=12 ") && !strstr(buf, "--duration"),
	   "--model-only and --events-per-task come back; no --events, no default --duration%s%s",
	   why ? ": " : "", why ? why : "");
	rss_argv_free(&a);
}

static void test_scenarios(void)
{
	for (int i = 0; rss_scenarios[i]; i++) {
		for (int quick = 0; quick < 2; quick++) {
			struct sc_plan sp;
			const char *why = NULL;

			rss_scenario_plan(rss_scenarios[i], quick, &sp);
			for (int r = 0; r < sp.nr_runs && !why; r++) {
				struct rss_argv a;

				why = round_trip(&sp.runs[r].plan, &a);
				rss_argv_free(&a);
			}
			ok(sp.nr_runs > 0 && !why, "scenario %s%s: its %d plan%s come%s back from their argv%s%s",
			   rss_scenarios[i]->name, quick ? " --quick" : "", sp.nr_runs,
			   sp.nr_runs == 1 ? "" : "s", sp.nr_runs == 1 ? "s" : "", why ? ": " : "",
			   why ? why : "");
		}
	}
}

/* The kernels scenario: 6.1 with split-rss and 6.12 with percpu, each at 8, 64 and 128 vCPUs. */
static void test_kernels(void)
{
	static const char *const series[] = { "6.1", "6.1", "6.1", "6.12", "6.12", "6.12" };
	static const char *const port[] = { "split-rss", "split-rss", "split-rss", "percpu",
					     "percpu", "percpu" };
	static const int cpus[] = { 8, 64, 128, 8, 64, 128 };
	const struct rss_scenario *s = rss_scenario_find("kernels");
	struct rss_guest_opts g = { "/k/vmlinuz-6.1.0-57-cloud-amd64", 64, "out dir" };
	struct rss_run_opts back, plan;
	struct rss_argv a;
	struct sc_plan sp;
	char buf[4096], run[] = "run", *dd;
	int good = 1, dash = -1;
	const char *why;

	if (!s) {
		for (int i = 0; i < 8; i++)
			ok(0, "no kernels scenario");
		return;
	}
	rss_scenario_plan(s, 0, &sp);
	ok(sp.nr_runs == 6, "kernels: 6 guest runs (%d)", sp.nr_runs);
	for (int r = 0; r < sp.nr_runs && r < 6; r++) {
		const struct rss_run_opts *p = &sp.runs[r].plan;

		good &= sp.runs[r].guest_series && !strcmp(sp.runs[r].guest_series, series[r]) &&
			sp.runs[r].guest_cpus == cpus[r] && sp.runs[r].threads == cpus[r] &&
			p->nr_schemes == 2 && !strcmp(p->schemes[0]->name, "native") &&
			!strcmp(p->schemes[1]->name, port[r]) && p->nr_workloads == 1 &&
			!strcmp(p->workloads[0]->name, "fault") && p->nr_threads == 1 &&
			p->threads[0] == 0 && p->nr_migrate == 1 && p->migrate[0].every == 0 &&
			p->events_per_task == RSS_KERNELS_EVENTS && p->reps == 1 && !p->topology &&
			p->nr_tasks == 0;
	}
	ok(good, "kernels: 6.1 x split-rss and 6.12 x percpu at 8, 64, 128 vCPUs; native and the port, fault, max threads, no migration, one task per worker, %d events", RSS_KERNELS_EVENTS);
	rss_scenario_plan(s, 1, &sp);
	ok(sp.nr_runs == 2 && sp.runs[0].guest_cpus == 8 && sp.runs[1].guest_cpus == 8 &&
	   !strcmp(sp.runs[0].guest_series, "6.1") && !strcmp(sp.runs[1].guest_series, "6.12"),
	   "kernels --quick: both kernels at 8 vCPUs only");
	good = 1;
	for (int i = 0; rss_scenarios[i]; i++) {
		rss_scenario_plan(rss_scenarios[i], 0, &sp);
		if (rss_scenarios[i] != s)
			for (int r = 0; r < sp.nr_runs; r++)
				good &= !sp.runs[r].guest_series;
	}
	ok(good, "no other scenario boots a guest");

	rss_scenario_plan(s, 0, &sp);
	plan = sp.runs[1].plan;
	plan.output = "not/rendered";
	plan.quiet = 1;
	rss_plan_guest_argv(&plan, &g, &a);
	for (int i = 0; i < a.argc; i++)
		if (!strcmp(a.argv[i], "--") && dash < 0)
			dash = i;
	ok(dash == 7 && !strcmp(joined(&a, buf, sizeof(buf)),
		"guest --kernel /k/vmlinuz-6.1.0-57-cloud-amd64 --cpus 64 -o out dir -- --scheme=native,split-rss --workload=fault --threads=max --placement=compact --migrate=none --events-per-task=2000 --reps=1 --events=none --seed=1"),
	   "the guest argv: the guest's options, then the run's (%s)", buf);
	ok(!strcmp(a.argv[6], "out dir") && !strstr(buf, "--output") && !strstr(buf, "--quiet"),
	   "the output directory is one argument before --; the run part names none");
	/* The run part, as the guest's init runs it: "rssbench run" and what follows "--". */
	dd = a.argv[dash];
	a.argv[dash] = run;
	rss_plan_init(&back);
	optind = 0;
	rss_run_opts_parse(&back, a.argc - dash, a.argv + dash);
	a.argv[dash] = dd;
	plan.output = back.output;
	plan.quiet = 0;
	why = plan_diff(&plan, &back);
	ok(!why, "the run part parses back into the run's plan%s%s", why ? ": " : "", why ? why : "");
	rss_argv_free(&a);
	ok(a.argc == 0 && !a.argv, "freed");
}

int main(void)
{
	int n = 0;

	while (rss_scenarios[n])
		n++;
	plan_tests(14 + 2 * (unsigned)n);
	test_defaults();
	test_every_field();
	test_scenarios();
	test_kernels();
	return exit_status();
}
