/*
 * plan.h - a run plan: what one `rssbench run` runs, typed, so that the
 * commands that compose runs (scenarios, `ab`) describe and run them one way
 * instead of building argv strings for the CLI.
 *
 * A plan is a struct rss_run_opts (cli.h), the struct `run` parses its
 * options into: the matrix (schemes x workloads x thread counts x migration
 * policies), placement, topology, slice, duration or events per task,
 * repetitions, the workloads' parameters, seed, serialize, model, and where
 * the results directory goes.  Its life:
 *
 *	rss_plan_init(&p);			run's defaults, the lists empty
 *	rss_plan_schemes(&p, "percpu,atomic");	... the setters below, or
 *	rss_run_opts_parse(&p, argc, argv);	`run`'s options (cli_run.h)
 *	rss_plan_run(&p);			one results directory
 *
 * and rss_plan_argv() renders a plan as the argv of `rssbench run` for another
 * rssbench binary (an older build in an A/B run, a guest): the only place a
 * run's argv is built.  Parsing the rendered argv gives the plan back
 * (tests/test_plan).
 */
#ifndef RSS_PLAN_H
#define RSS_PLAN_H

#include "cli.h"

/* @p with run's defaults (doc/rssbench.1); the four lists empty. */
void rss_plan_init(struct rss_run_opts *p);
/* The latest a timed window closes, in seconds: --window-cap, or by default
 * the larger of 20 x the duration and 1 s. */
double rss_plan_window_cap(const struct rss_run_opts *p);
/*
 * The lists not given: every scheme, every workload, threads 1,max,
 * migration none (run's defaults).  Lists already given are kept.
 */
void rss_plan_fill(struct rss_run_opts *p);

/*
 * Appends to the plan's lists, comma-separated items in order; "all" is
 * every scheme (workload) of the registry (bench/registry.c).  An item
 * already in the list is not added twice.  An unknown name, a bad policy
 * or a full list (RSS_MAX_LIST) exits 2 with one line, as `run` does.
 */
void rss_plan_schemes(struct rss_run_opts *p, const char *list);
void rss_plan_workloads(struct rss_run_opts *p, const char *list);
/* "none" or "every:K[:random|next|remote-node]" items (rss_migrate_parse). */
void rss_plan_migrate(struct rss_run_opts *p, const char *list);
/* One thread count; 0 is "max", resolved on the run's topology. */
void rss_plan_threads(struct rss_run_opts *p, int threads);
/* Thread counts "1,2,max": whole numbers from 1 to RSS_MAX_CPUS, or max. */
void rss_plan_thread_list(struct rss_run_opts *p, const char *list);
/* "kernel", a time ("3ms") or "Nops" (rss_slice_parse); bad: exit 2. */
void rss_plan_slice(struct rss_run_opts *p, const char *slice);

/*
 * Cells x repetitions of the filled plan @p, "max" threads counted as @max
 * CPUs (a thread count twice is one, as the run resolves them; @max 0:
 * unknown, "max" counted as a count of its own).
 */
int rss_plan_cells(const struct rss_run_opts *p, int max);
/* Seconds each timed cell is estimated to take besides its duration (set-up, warm-up). */
#define RSS_PLAN_CELL_SETUP_S	0.05
/*
 * The plan's estimate of its @cells in seconds: each cell's duration and
 * set-up; 0 for fixed event counts (-e) or --model-only, which have none.
 */
double rss_plan_estimate_s(const struct rss_run_opts *p, int cells);

/*
 * The checks between options (--model-only with --real-fork or events,
 * --pages a multiple of --pages-per-fault): exit 2 with one line naming both
 * options.  --model-only sets events "none".
 */
void rss_plan_check(struct rss_run_opts *p);

/*
 * Runs @p into a new results directory under @p->output, as `rssbench run`
 * does after parsing: fills the lists not given, checks every input (the
 * topology, "max" threads, events, the output directory) before anything is
 * written, runs the cells and writes the directory (cli_run.c).  meta.json's
 * command_line is @p->argv, or the plan rendered when @p->argv is NULL.
 * Returns run's exit status: 0, 1 (some cells failed or could not be
 * verified, a resource limit, --strict refused a busy machine), 128+signal
 * when interrupted; bad input exits 2 with one line, nothing written.
 */
int rss_plan_run(struct rss_run_opts *p);

/* An argv: @argc strings, then NULL, each allocated (rss_argv_free). */
struct rss_argv {
	int argc;
	char **argv;
};

/*
 * @p as the arguments of `rssbench run`, "run" first, options as
 * "--name=value" in run's usage order.  The matrix (every list given, "all"
 * for a registry's whole list in its order, "max" for 0 threads), placement,
 * reps, seed, and the duration or the events per task are always given
 * (the duration with events too when it is not the default); every other
 * option only when it differs from run's default, so a binary from before
 * that option runs any plan that does not use it.  Allocation
 * failure is fatal (rss_die).
 */
void rss_plan_argv(const struct rss_run_opts *p, struct rss_argv *out);
void rss_argv_free(struct rss_argv *a);

/* Where `rssbench guest` boots a plan (doc/guest.md). */
struct rss_guest_opts {
	const char *kernel;	/* the bzImage */
	int cpus;		/* vCPUs, 1 to 1024 */
	const char *output;	/* where the guest's results directory goes */
};

/*
 * @p booted in a guest: the arguments of `rssbench guest`, "guest" first,
 * "--kernel K --cpus N -o DIR --", then rss_plan_argv(@p) without its "run"
 * (the guest's init runs `rssbench run` with them).  @p's own output is
 * not rendered: the guest chooses it.  Allocation failure is fatal.
 */
void rss_plan_guest_argv(const struct rss_run_opts *p, const struct rss_guest_opts *g,
			 struct rss_argv *out);

#endif /* RSS_PLAN_H */
