/*
 * scenario.c - the scenario table: for each named scenario of issue 11 the
 * run plans (plan.h) it runs, full and --quick (doc/scenarios.md says what
 * each answers and why its options are what they are).
 *
 * The error scenarios are deterministic: a fixed number of counter updates
 * per task (-e), time slices counted in operations, and the CPUs run
 * serialized (--serialize: every virtual CPU in turn, one operation each),
 * so a settled error is an exact repeat for a fixed seed and topology.
 * Their RSS (tasks x events x pages per event) is at least every scheme's
 * bound, so no error is capped by the RSS.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "harness.h"
#include "scenario.h"

/* The seed's process: five threads on a 250-CPU machine. */
#define SEED_CPUS	250
#define SEED_TASKS	5
/* "about a hundred MB", in 4 KiB pages. */
#define SEED_PAGES_100MB	25600L

/* The next run of @p: run's defaults, then each scenario's options. */
static struct sc_run *new_run(struct sc_plan *p, int threads)
{
	struct sc_run *r = &p->runs[p->nr_runs++];

	rss_plan_init(&r->plan);
	r->threads = threads;
	return r;
}

/* --slice=@ops"ops". */
static void slice_ops(struct sc_run *r, long ops)
{
	char s[32];

	snprintf(s, sizeof(s), "%ldops", ops);
	rss_plan_slice(&r->plan, s);
}

/* Deterministic: serialized CPUs, one repetition, no PMU events. */
static void exact(struct sc_run *r)
{
	r->plan.serialize = 1;
	r->plan.reps = 1;
	r->plan.events = "none";
}

static void note(struct sc_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(struct sc_plan *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->notes[p->nr_notes++], sizeof(p->notes[0]), fmt, ap);
	va_end(ap);
}

/* A virtual machine of @cpus CPUs in two packages, one NUMA node each. */
static void topology(struct sc_run *r, int cpus)
{
	snprintf(r->topology, sizeof(r->topology), "package:2 numa:1 core:%d pu:1", cpus / 2);
	r->plan.topology = r->topology;
}

/*
 * Every scheme with a counter of its own: not native (the running kernel's
 * counter on this host, whatever the virtual topology) nor empty (no counter).
 */
static void error_schemes(struct sc_run *r)
{
	for (int i = 0; rss_schemes[i]; i++) {
		const char *n = rss_schemes[i]->name;

		if (strcmp(n, "native") && strcmp(n, "empty"))
			rss_plan_schemes(&r->plan, n);
	}
}

/* percpu_counter's batch less one: max(32, 2N) - 1 (mm_init's percpu_counter_batch). */
static long percpu_k(int cpus)
{
	return (cpus * 2 > 32 ? cpus * 2 : 32) - 1;
}

/*
 * @tasks tasks of one mm on @cpus serialized virtual CPUs; each moves after
 * K = percpu's batch - 1 updates (to a random CPU, or to the next one) and
 * does @walks x K of them.  --pages at the events: no zap, the RSS only
 * grows, to tasks x walks x K pages.
 */
static void error_run(struct sc_plan *p, int cpus, int tasks, long walks, int quick_schemes)
{
	struct sc_run *r = new_run(p, cpus);
	long k = percpu_k(cpus), events = walks * k;
	char policies[96];

	topology(r, cpus);
	if (quick_schemes)
		rss_plan_schemes(&r->plan, "percpu,hpcc,pernode,split-rss,atomic,cid-counter");
	else
		error_schemes(r);
	rss_plan_workloads(&r->plan, "update");
	rss_plan_threads(&r->plan, cpus);
	r->plan.nr_tasks = tasks;
	r->plan.tasks_per_mm = 0;	/* all: one mm */
	snprintf(policies, sizeof(policies), "every:%ld:random,every:%ld:next", k, k);
	rss_plan_migrate(&r->plan, policies);
	r->plan.events_per_task = (unsigned long)events;
	r->plan.params.pages = events;
	slice_ops(r, k);
	exact(r);
}

static void plan_seed_error(struct sc_plan *p, int quick)
{
	long k = percpu_k(SEED_CPUS), rss = SEED_TASKS * (SEED_CPUS - 4) * k;

	/* The adversary's convoy of five leaves updates on every CPU. */
	error_run(p, SEED_CPUS, SEED_TASKS, SEED_CPUS - 4, quick);
	p->cap_pages = SEED_PAGES_100MB;
	p->cap_label = "about 100 MB (25600 pages)";
	note(p, "RSS %ld pages (%.0f MiB): 5 tasks x %d x %ld counter updates; the seed's about 100 MB would cap the schemes named in meta.json capped_at",
	     rss, (double)rss / 256, SEED_CPUS - 4, k);
	note(p, "update workload: the fault side's counter update without the page fault; the error is the counter's");
}

static void plan_error_vs_cpus(struct sc_plan *p, int quick)
{
	static const int full[] = { 16, 64, 128, 256, 384, 1024 }, small[] = { 16, 64 };
	const int *cpus = quick ? small : full;
	int n = quick ? 2 : 6;

	/*
	 * One task, once round every CPU: the adversary leaves K on each, percpu's
	 * whole bound N x K.  At 16 CPUs hpcc's bound (1536) is above that RSS
	 * (496), so the task goes round four times there.
	 */
	for (int i = 0; i < n; i++) {
		error_run(p, cpus[i], 1, cpus[i] * (cpus[i] < 64 ? 4 : 1), quick);
		p->runs[p->nr_runs - 1].plan.model = RSS_MODEL_COHERENCE;
	}
	note(p, "one run per topology (topologies.csv: threads = the topology's CPUs)");
	note(p, "one task of one mm; RSS = its updates: N x (max(32 2N) - 1) pages (four rounds at 16 CPUs) and at least every scheme's bound");
}

static void plan_memory(struct sc_plan *p, int quick)
{
	static const int full[] = { 64, 200, 256, 384 }, small[] = { 64, 256 };
	const int *cpus = quick ? small : full;
	int n = quick ? 2 : 4;

	for (int i = 0; i < n; i++) {
		struct sc_run *r = new_run(p, cpus[i]);

		topology(r, cpus[i]);
		if (quick)
			rss_plan_schemes(&r->plan, "percpu,hpcc,pernode,atomic,cid-counter");
		else
			error_schemes(r);
		rss_plan_workloads(&r->plan, "update");
		rss_plan_threads(&r->plan, cpus[i]);
		r->plan.nr_tasks = 1;
		r->plan.events_per_task = 64;
		exact(r);
	}
	p->nr_fleet_cpus = 4;
	memcpy(p->fleet_cpus, full, sizeof(full));
	p->fleet_nodes = 2;
	p->fleets[p->nr_fleets++] = 10000;
	p->fleets[p->nr_fleets++] = 100000;
	/* Single-threaded processes first: most of a fleet is. */
	p->fleet_tasks[p->nr_fleet_tasks++] = 1;
	p->fleet_tasks[p->nr_fleet_tasks++] = 0;
	note(p, "fleet.csv: bytes per mm by each scheme's formula x 10000 and 100000 processes of 1 task and of one task per CPU (column tasks)");
}

/* This host's cost: every scheme, 1 and all CPUs, repetitions for 95 % intervals. */
static void cost_run(struct sc_plan *p, const char *workload, int quick, int model)
{
	struct sc_run *r = new_run(p, 0);

	rss_plan_workloads(&r->plan, workload);
	rss_plan_schemes(&r->plan, quick ? "percpu,pernode,atomic,cid-counter,empty" : "all");
	rss_plan_thread_list(&r->plan, quick ? "1" : "1,max");
	r->plan.reps = quick ? 2 : 10;
	/* Quick: operations, not seconds (a loaded machine may finish none in 10 ms). */
	if (quick)
		r->plan.events_per_task = 32;
	else
		r->plan.duration_s = 0.1;
	if (model)
		r->plan.model = RSS_MODEL_COHERENCE;
}

static void plan_fork_exit(struct sc_plan *p, int quick)
{
	cost_run(p, "fork", quick, 1);
}

static void plan_fault(struct sc_plan *p, int quick)
{
	cost_run(p, "fault", quick, 0);
}

static void plan_mmap(struct sc_plan *p, int quick)
{
	cost_run(p, "mmap", quick, 0);
}

static void plan_update(struct sc_plan *p, int quick)
{
	cost_run(p, "update", quick, 0);
}

static void plan_oom_scan(struct sc_plan *p, int quick)
{
	struct sc_run *r = new_run(p, 0);

	topology(r, 256);
	rss_plan_workloads(&r->plan, "oom-scan,oom-scan-sum");
	rss_plan_schemes(&r->plan, quick ? "percpu,hpcc,atomic" : "all");
	rss_plan_threads(&r->plan, 1);
	r->plan.params.scan_mms = quick ? 1000 : 10000;
	r->plan.reps = quick ? 1 : 5;
	if (quick)
		r->plan.events_per_task = 4;
	else
		r->plan.duration_s = 0.3;
	r->plan.events = "none";
	note(p, "one op = one scan of all mms; times are of virtual CPUs on this host");
}

/*
 * unixbench spawn (the kernel test robot's -19.2 % for f1a7941243c1): a real
 * fork(), exit and waitpid() of a child that touches nothing, beside each
 * scheme's mm create and destroy, 1 thread on this host.  No mm_cid area
 * (6.4 on): the eras' counters are the only difference between the cells.
 */
static void plan_spawn(struct sc_plan *p, int quick)
{
	struct sc_run *r = new_run(p, 0);

	rss_plan_workloads(&r->plan, "fork");
	rss_plan_schemes(&r->plan, quick ? "split-rss,percpu-preempt,empty" :
			 "split-rss,percpu-preempt,percpu-irqsave,percpu-init-many,empty");
	rss_plan_threads(&r->plan, 1);
	r->plan.params.real_fork = 1;
	r->plan.params.child_pages = 0;
	r->plan.params.mm_cid = 0;
	r->plan.reps = quick ? 2 : 10;
	if (quick)
		r->plan.events_per_task = 32;
	else
		r->plan.duration_s = 0.1;
	note(p, "one op = a real fork()+exit+waitpid() of an empty child (the fork server) beside the scheme's mm create and destroy: unixbench spawn");
	note(p, "no mm_cid area (--no-mm-cid): only the counters differ between schemes");
}

/*
 * THP: 66 fault events of 512 pages per task (split-rss's sync would come
 * on the 66th), each on another CPU.
 */
static void plan_seed_error_thp(struct sc_plan *p, int quick)
{
	struct sc_run *r = new_run(p, SEED_CPUS);

	topology(r, SEED_CPUS);
	if (quick)
		rss_plan_schemes(&r->plan, "split-rss,percpu");
	else
		error_schemes(r);
	rss_plan_workloads(&r->plan, "fault");
	r->plan.params.pages_per_fault = 512;
	r->plan.params.pages = 66 * 512;
	rss_plan_threads(&r->plan, SEED_CPUS);
	r->plan.nr_tasks = quick ? 1 : SEED_TASKS;
	r->plan.tasks_per_mm = 0;	/* all: one mm */
	rss_plan_migrate(&r->plan, quick ? "every:1:next" : "every:1:random,every:1:next");
	r->plan.events_per_task = 66;
	slice_ops(r, 1);
	exact(r);
	p->cap_pages = SEED_PAGES_100MB;
	p->cap_label = "about 100 MB (25600 pages)";
	note(p, "RSS %d pages: %d tasks x 66 events x 512 pages (split-rss syncs on the 66th event: its bound %d x 66 x 512 is then not above the RSS)",
	     (quick ? 1 : SEED_TASKS) * 66 * 512, quick ? 1 : SEED_TASKS, quick ? 1 : SEED_TASKS);
	note(p, "a real THP fault is add_mm_counter(+512) as do_huge_pmd_anonymous_page(): not split-rss's per-task cache; a per-CPU slot folds 512 >= its batch at once (the cell's notes say when THP was modelled)");
}

#define SCENARIO(n, s, f) static const struct rss_scenario sc_##f = { n, s, plan_##f }

SCENARIO("seed-error", "5 tasks of one mm on 250 virtual CPUs, random and adversarial migration: settled and in-run error of every scheme beside its bound", seed_error);
SCENARIO("error-vs-cpus", "the same error at 16 to 1024 virtual CPUs, with modelled transfers per op", error_vs_cpus);
SCENARIO("memory", "bytes per mm measured at 64 to 384 virtual CPUs, fleets of 10 000 and 100 000 processes", memory);
SCENARIO("fork-exit", "this host's fork+exit cost per scheme and thread count, with modelled transfers", fork_exit);
SCENARIO("fault", "this host's page-fault cost per scheme and thread count", fault);
SCENARIO("mmap", "this host's mmap+munmap cost per scheme and thread count", mmap);
SCENARIO("update", "this host's counter-update cost per scheme and thread count", update);
SCENARIO("oom-scan", "cheap versus precise RSS over 10 000 mms at 256 virtual CPUs", oom_scan);
SCENARIO("seed-error-thp", "seed-error with THP faults: 64 events x 512 pages per task", seed_error_thp);
SCENARIO("spawn", "unixbench spawn: a real fork+exit+wait beside each era's counters, this host, 1 thread", spawn);

const struct rss_scenario *const rss_scenarios[] = {
	&sc_seed_error, &sc_error_vs_cpus, &sc_memory, &sc_fork_exit, &sc_fault,
	&sc_mmap, &sc_update, &sc_oom_scan, &sc_seed_error_thp, &sc_spawn, NULL,
};

const struct rss_scenario *rss_scenario_find(const char *name)
{
	for (int i = 0; rss_scenarios[i]; i++)
		if (!strcmp(rss_scenarios[i]->name, name))
			return rss_scenarios[i];
	return NULL;
}

void rss_scenario_plan(const struct rss_scenario *s, int quick, struct sc_plan *p)
{
	memset(p, 0, sizeof(*p));
	s->plan(p, quick);
	for (int i = 0; i < p->nr_runs; i++) {
		rss_plan_fill(&p->runs[i].plan);
		rss_plan_check(&p->runs[i].plan);
	}
}
