/*
 * scenario.h - named scenarios (`rssbench run --scenario NAME [--quick]`):
 * each answers one question of the mail thread (doc/scenarios.md) with a
 * fixed set of run plans (plan.h), run one after another and kept as one
 * ordinary results directory <host>-<stamp>-<NAME> whose meta.json has
 * "scenario" and "quick".
 */
#ifndef RSS_SCENARIO_H
#define RSS_SCENARIO_H

#include <jansson.h>
#include <limits.h>
#include <signal.h>

#include "plan.h"
#include "progress.h"

#define SC_MAX_RUNS	8	/* run plans in one scenario */
#define SC_MAX_NOTES	8
#define SC_EXTRA_LEN	160	/* a guest's kernel columns in a joined row */
/* Events per task of the kernels scenario's guests. */
#define RSS_KERNELS_EVENTS	2000

/* One run of a scenario. */
struct sc_run {
	struct rss_run_opts plan;	/* its plan; output, quiet and strict are the scenario's */
	int threads;		/* its one thread count when the plan has several runs */
	char topology[64];	/* its virtual topology, plan.topology points here */
	/*
	 * A guest run (the kernels scenario, scenario_guest.c): the plan runs
	 * inside `rssbench guest` on the newest installed image of this kernel
	 * series ("6.1", "6.12") with @guest_cpus vCPUs.  NULL: on this host.
	 */
	const char *guest_series;
	int guest_cpus;
};

/* What a scenario runs, full or --quick. */
struct sc_plan {
	int nr_runs;
	struct sc_run runs[SC_MAX_RUNS];
	/* fleet.csv: the footprint formulas at these CPU counts and fleets (none: no file). */
	int nr_fleet_cpus, fleet_cpus[8], fleet_nodes;
	int nr_fleets;
	long fleets[4];
	/* ... for mms of these tasks each (0: one per CPU), one block of rows each. */
	int nr_fleet_tasks, fleet_tasks[2];
	/* Pages of RSS a figure is compared with for meta.json's capped note (0: none). */
	long cap_pages;
	const char *cap_label;
	int nr_notes;
	char notes[SC_MAX_NOTES][320];
};

struct rss_scenario {
	const char *name;
	const char *summary;	/* one line: what it runs and answers */
	void (*plan)(struct sc_plan *p, int quick);
};

/*
 * A scenario's runs counted as one job by the running count (progress.h,
 * scenario_job.c); under `run-all --scenarios` (RSSBENCH_JOB: a file run-all
 * made, empty at first) the job is every scenario of the table, in its order.
 */
struct sc_job {
	struct rss_progress_job pj;	/* the job as the next run sees it */
	const char *state;		/* RSSBENCH_JOB's file, or NULL */
	double started;			/* when this scenario started (s, gettimeofday) */
	double runs_s;			/* seconds its runs took so far */
	double other_s;			/* the job's scenarios before it: seconds besides their runs */
	int scenarios;			/* how many scenarios those are */
	double later_plan_s;		/* the scenarios after it: their timed cells' estimate (s), */
	int later_timed, later_counted;	/* their timed and counted cells, */
	int nr_later;			/* and how many they are */
	int cells;			/* the current run's cells */
	double plan_s;			/* and its estimate (0: counted) */
	double run_started;
};

/*
 * Starts @job for scenario @s, planned in @p (quick or not): reads
 * RSSBENCH_JOB's file when set, and unless @quiet prints the job's size and
 * estimate when this is its first scenario.  Then before each run @i
 * rss_scenario_job_run (the runs forked after it count as part of the job),
 * after it rss_scenario_job_ran with its results directory (NULL: none),
 * and at the scenario's end (its plots drawn) rss_scenario_job_end, which
 * writes the job's file back for the next scenario.
 */
void rss_scenario_job_start(struct sc_job *job, const struct rss_scenario *s,
			    const struct sc_plan *p, int quick, int quiet);
void rss_scenario_job_run(struct sc_job *job, const struct sc_plan *p, int i);
void rss_scenario_job_ran(struct sc_job *job, const char *dir);
void rss_scenario_job_end(const struct sc_job *job);

/* The table, NULL-terminated (scenario.c). */
extern const struct rss_scenario *const rss_scenarios[];
/* The scenario named @name, or NULL. */
const struct rss_scenario *rss_scenario_find(const char *name);
/* Fills @p for @s: each run's plan, filled (rss_plan_fill). */
void rss_scenario_plan(const struct rss_scenario *s, int quick, struct sc_plan *p);

/* Whether `run`'s @argv asks for a scenario (--scenario given). */
int rss_scenario_requested(int argc, char **argv);
/*
 * `rssbench run --scenario NAME|list [--quick] [safe overrides]`: exit 0,
 * 1 (some cells failed or could not be verified, or a resource limit), 2 bad
 * input, 128+signal when interrupted (scenario_run.c).
 */
int rss_cmd_scenario(int argc, char **argv);
/*
 * Draws @dir's report.md and plots/ as `rssbench plot DIR` does (this
 * binary, in its own process group so that a stop signal reaches gnuplot
 * too, told to die with this process; its process group's id, negated, in
 * *@child while it runs, for the signal handler); prints "report:
 * DIR/report.md".  A failure never fails the scenario of @name, whose
 * results are complete: one line saying so and the command that draws
 * them.  Returns 128 + *@stop when a stop signal came, else 0.
 */
int rss_scenario_plot(const char *dir, const char *name, int quiet, volatile sig_atomic_t *child,
		      volatile sig_atomic_t *stop);

/* --- what scenario_run.c shares with scenario_merge.c and scenario_guest.c --- */

/* A guest's kernel in the joined view (doc/results-format.md, "Guests"). */
struct sc_kernel {
	char release[80];	/* uname -r inside, as a name: other bytes '_' */
	int vcpus;
	char era[40];		/* split-rss, percpu_counter, percpu_counter+precise_status, unknown */
};

/* A run's meta.json, or NULL. */
json_t *rss_sc_load_meta(const char *dir);
/*
 * The @n kept runs in @dirs (dirs[i] is the plan's run @run_of[i]) joined
 * into @to (scenario_merge.c): CSVs under one header (a guest's rows with
 * its kernel, vcpus and kernel_era), the last run's footprint.csv and
 * topology.xml, each run's topology and topologies.csv; the last run's
 * meta.json with topologies[] and scenario_runs in *@meta.  0 or -errno
 * with @err.
 */
int rss_sc_merge(const struct sc_plan *p, char dirs[][PATH_MAX], const int *run_of, int n,
		 const char *to, json_t **meta, char *err, size_t errlen);
/* fleet.csv in @to: every scheme's footprint at the plan's CPU counts and fleets. */
int rss_sc_write_fleet(const struct sc_plan *p, const char *to);
/* meta.json's capped_at schemes: "SCHEME: bound N pages" above the plan's cap_pages. */
json_t *rss_sc_capped(const struct sc_plan *p, const char *dir);

/*
 * The newest image of kernel series @series ("6.1": 6.1.x, not 6.12) in
 * $RSSBENCH_KERNELS, else ~/.cache/rssbench/kernels (scripts/install-deps
 * --guest): its path in @buf, or -ENOENT with the reason in @why.
 */
int rss_sc_guest_image(const char *series, char *buf, size_t len, char *why, size_t whylen);
/*
 * Runs guest run @r: `rssbench guest` on its series' image (this binary,
 * its argv rendered by rss_plan_guest_argv) into @sub, in a child that dies
 * with this process (its pid in *@child while it runs).  Returns its exit
 * status (2: no qemu, the guest failed), or -1 when no guest started (no
 * image of the series: the reason in @why); the results directory it
 * brought back in @dir ("" when none) and its last line on stderr in @why.
 */
int rss_sc_guest_run(const struct sc_run *r, const char *sub, int quiet, char *dir, size_t len,
		     char *why, size_t whylen, volatile sig_atomic_t *child);
/* @dir's kernel identity (meta.json's kernel.release, guest.vcpus; native's era). */
int rss_sc_guest_identity(const char *dir, const struct sc_run *r, struct sc_kernel *k);

#endif /* RSS_SCENARIO_H */
