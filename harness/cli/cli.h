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

/*
 * What one `rssbench run` runs: a run plan (plan.h).  A new field must be
 * rendered by rss_plan_argv (plan.c) and set in tests/test_plan.
 */
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
	unsigned long min_ops;		/* --min-ops: timed ops each timed task needs */
	double window_cap_s;		/* --window-cap: the latest a window closes; 0: the
					 * default (rss_plan_window_cap) */
	unsigned long events_per_task;
	int reps;
	struct rss_params params;
	unsigned int seed;
	int quiet;
	const char *model;		/* --model: "coherence", or NULL */
	int model_only;			/* --model-only: the model pass alone, nothing timed */
	int strict;			/* --strict: no results from a busy machine */
	int serialize;			/* --serialize: the CPUs run in turn on one thread */
	int pace_fd;			/* --ab-pace: `ab`'s socket (cli_ab.c); 0: none, never rendered */
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
/*
 * A whole number from @min to @max for option @opt: plain decimal digits
 * (a minus sign only where @min < 0), or exit 2 naming both.
 */
long rss_parse_long(const char *opt, const char *s, long min, long max);
/* A plain decimal number ("0.25", "3"; no exponent, hex or sign) from @min to @max, or exit 2. */
double rss_parse_real(const char *opt, const char *s, double min, double max);
/* The checks of the two above without exiting: 0 and the value in *@v, or -EINVAL. */
int rss_plain_integer(const char *s, long *v);
int rss_plain_decimal(const char *s, double *v);
/*
 * getopt_long() that refuses an empty option value (-s "", --scheme=):
 * calls @fail (rss_usage_error when NULL: exit 2) naming the option.
 * Returns what getopt_long returns; ':' and '?' are the caller's.
 */
struct option;
int rss_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
	       void (*fail)(const char *fmt, ...));
/*
 * Calls @fn(@arg, item) on each comma-separated item of @list, the value of
 * option @opt; exit 2 on an empty item ("a,,b", "a,", ","), which names
 * nothing.
 */
void rss_for_each_item(const char *opt, const char *list, void (*fn)(void *arg, const char *item),
		       void *arg);
/* Most bytes of a value rss_shown() quotes back. */
#define RSS_SHOWN_MAX	64
/*
 * @s as a message may quote it: escaped (rss_escape_str: no control byte,
 * valid UTF-8) and cut to RSS_SHOWN_MAX bytes with "...".  One of four
 * static buffers, reused in turn: for use in one message.
 */
const char *rss_shown(const char *s);
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

/*
 * A staging directory's one results directory (a name not starting with
 * "."), as "@dir/NAME" in @out: 0, -ENOENT (none), -ENAMETOOLONG or -errno
 * (cli_dirs.c).  rss_rm_tree removes @path and everything under it, links
 * not followed.
 */
int rss_find_result(const char *dir, char *out, size_t len);
void rss_rm_tree(const char *path);

int rss_cmd_run(int argc, char **argv);
/* `rssbench ab`: one plan on two builds, interleaved, gated (exit as gate: 0-3). */
int rss_cmd_ab(int argc, char **argv);
int rss_cmd_list(int argc, char **argv);
int rss_cmd_topo(int argc, char **argv);
/* `rssbench compare` (exit 0, 2 on bad input) and `gate` (0, 1, 2, 3). */
int rss_cmd_compare(int argc, char **argv);
int rss_cmd_gate(int argc, char **argv);
/* `rssbench footprint` and `plot` (exit 0, 2 on bad input). */
int rss_cmd_footprint(int argc, char **argv);
int rss_cmd_plot(int argc, char **argv);
int rss_cmd_guest(int argc, char **argv);
/*
 * A script of rssbench's (@name: plot, guest) into @buf: $@envvar;
 * scripts/@name of the source tree for the build tree's binary; else
 * $(pkgdatadir)/@name found from where @self (this binary) is installed.
 */
void rss_pkg_script(const char *self, const char *name, const char *envvar, char *buf,
		    size_t len);
/* `rssbench ratios`: each scheme over a reference, CSV (exit 0, 2 on bad input). */
int rss_cmd_ratios(int argc, char **argv);
struct rss_resdir;
/*
 * `rssbench ratios`' CSV for the loaded @d into @f: each cell's median
 * @metric (a numeric cells.csv column) over the @refname scheme's in the
 * same workload, threads, placement and migration, with the interval at
 * @level.  0, or -EINVAL when cells.csv has no column @metric.
 */
int rss_ratios_write(FILE *f, const struct rss_resdir *d, const char *refname,
		     const char *metric, double level);
/*
 * The cost ratios the claims read (cli_plot.c), into the directory @outfd:
 * ratios.csv (to percpu) and ratios-REF.csv for each of the claims' other
 * references (split-rss, percpu-init-many, percpu-6.6) that @d ran, as
 * rss_ratios_write gives them.  0 or -errno.
 */
int rss_plot_ratios(const struct rss_resdir *d, int outfd);
/* `rssbench events` (exit 0) and `pmu-check` (0, 1 no event tells, 2 bad input). */
int rss_cmd_events(int argc, char **argv);
int rss_cmd_pmu_check(int argc, char **argv);
struct rss_store;
struct rss_site_claims;
/*
 * The dashboard's claims (cli_site_claims.c): per machine of @s, its latest
 * run of each scenario (a full one before any --quick one) written back,
 * read by the results reader, exported and judged by @script (scripts/plot
 * --claims-rows), into @out; on any failure @out has no table and its why
 * says what failed.  Free with rss_site_claims_free.
 */
void rss_site_claims_gather(struct rss_store *s, const char *script, struct rss_site_claims *out);
/* `rssbench db`: the results store (exit 0, 2 on bad input or a refused directory). */
int rss_cmd_db(int argc, char **argv);

#endif /* RSS_CLI_H */
