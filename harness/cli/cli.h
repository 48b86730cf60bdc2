/*
 * cli.h - the `rssbench run` matrix and what the result writers need of it.
 */
#ifndef RSS_CLI_H
#define RSS_CLI_H

#include "model_cell.h"
#include "hostinfo.h"
#include "pmu.h"
#include "runner.h"
#include "topo.h"

#define RSS_MAX_LIST	32

struct rss_run_opts {
	const struct scheme_ops *schemes[RSS_MAX_LIST];
	int nr_schemes;
	const struct workload_ops *workloads[RSS_MAX_LIST];
	int nr_workloads;
	int threads[RSS_MAX_LIST];
	int nr_threads;
	struct rss_migrate migrate[RSS_MAX_LIST];
	int nr_migrate;
	struct rss_slice slice;		/* --slice, resolved for the topology */
	const char *placement;
	const char *topology;
	const char *output;		/* parent of the results directory */
	const char *events;
	int nr_tasks, tasks_per_mm;
	double duration_s;
	unsigned long events_per_task;
	int reps;
	struct rss_params params;
	unsigned int seed;
	int quiet;
	const char *model;		/* --model: "coherence", or NULL */
	int model_only;			/* --model-only: the model pass alone, nothing timed */
	int strict;			/* --strict: no results from a busy machine */
	int serialize;			/* --serialize: the CPUs run in turn on one thread */
	struct rss_host_state *host_state;	/* the machine's noise sources (hostinfo.h) */
	int argc;
	char **argv;
};

/* One cell and repetition, as cells.csv has it. */
struct rss_row {
	const struct workload_ops *workload;
	const struct scheme_ops *scheme;
	int threads;
	const char *migration;
	int rep;
	struct rss_cell_result r;
	struct rss_model_result model;	/* with --model */
};

/* `rssbench run`, `list`, `topo`, `footprint` and `plot`: exit status. */
/* After getopt_long(..., ":..."): @c (':' or '?') as the one-line usage error. */
void rss_option_error(int c, char **argv, const char *cmd) __attribute__((noreturn));
/* Exit 2 naming the first operand left after the options, if any. */
void rss_no_operands(int argc, char **argv, const char *cmd);
/* A whole number from @min to @max for option @opt, or exit 2 naming both. */
long rss_parse_long(const char *opt, const char *s, long min, long max);
/*
 * The one of @names (@n) nearest @name by edit distance (a swap of two
 * neighbours counts 1), if within max(1, len/3) edits; NULL otherwise.
 */
const char *rss_closest(const char *name, const char *const *names, int n);
/* Exit 2: 'unknown WHAT "NAME"; did you mean "X"? FIX' (the hint when one is near). */
void rss_unknown_name(const char *what, const char *name, const char *const *names, int n,
		      const char *fix) __attribute__((noreturn));
/* The names of rss_schemes and rss_workloads, for rss_unknown_name; the count. */
int rss_scheme_names(const char **out, int max);
int rss_workload_names(const char **out, int max);

int rss_cmd_run(int argc, char **argv);
int rss_cmd_list(int argc, char **argv);
int rss_cmd_topo(int argc, char **argv);
/* `rssbench compare` (exit 0, 2 on bad input) and `gate` (0, 1, 2, 3). */
int rss_cmd_compare(int argc, char **argv);
int rss_cmd_gate(int argc, char **argv);
/* `rssbench footprint` and `plot` (exit 0, 2 on bad input). */
int rss_cmd_footprint(int argc, char **argv);
int rss_cmd_plot(int argc, char **argv);
/* `rssbench ratios`: each scheme over a reference, CSV (exit 0, 2 on bad input). */
int rss_cmd_ratios(int argc, char **argv);
/* `rssbench events` (exit 0) and `pmu-check` (0, 1 no event tells, 2 bad input). */
int rss_cmd_events(int argc, char **argv);
int rss_cmd_pmu_check(int argc, char **argv);
/* `rssbench db`: the results store (exit 0, 2 on bad input or a refused directory). */
int rss_cmd_db(int argc, char **argv);

#endif /* RSS_CLI_H */
