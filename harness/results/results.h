/*
 * results.h - a results directory (rundir.c): made at the start as
 * <parent>/<host>-<YYYYmmdd-HHMMSS>-partial, readable as a partial run from
 * then on, renamed <host>-<YYYYmmdd-HHMMSS> only when complete; and its CSV
 * files (results.c, rowfiles.c, csv.c).
 */
#ifndef RSS_RESULTS_H
#define RSS_RESULTS_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "cli.h"

#define RSS_RESULTS_FORMAT	2

struct rss_results;

/* Creates <parent>/<name>-partial (@parent made if missing).  0, or -errno
 * with a one-line message naming the problem and the fix. */
int rss_results_open(struct rss_results **out, const char *parent, char *err,
		     size_t errlen);
/* Path of @name inside the directory. */
void rss_results_path(const struct rss_results *res, const char *name, char *buf,
		      size_t len);
/* The directory's path while it is written (its -partial name). */
const char *rss_results_dir(const struct rss_results *res);
/*
 * @name, whole or not at all: @len bytes of @buf written to a hidden
 * temporary file, synced and renamed over @name.  0, or -errno (ENOSPC: a
 * full disk, EFBIG: the file size limit) with nothing of it left.
 */
int rss_results_write(struct rss_results *res, const char *name, const char *buf, size_t len);
/* The file @tmp (written in the directory) synced and renamed to @name;
 * 0, or -errno with @tmp removed. */
int rss_results_install(struct rss_results *res, const char *tmp, const char *name);
/* Keeps it: renamed <host>-<stamp> (the next free -N) when complete, left
 * as <host>-<stamp>-partial when @partial; the final path goes to @final.
 * 0, or -errno (it stays -partial, named in @final).  Frees. */
int rss_results_commit(struct rss_results *res, int partial, char *final, size_t len);
/* Removes the directory and what is in it (no row finished).  Frees. */
void rss_results_abort(struct rss_results *res);
/* The host name the directory is named after ('/' and ' ' made '_'). */
const char *rss_results_host(const struct rss_results *res);

/* A row's notes column: "column: reason" items, ';'-separated. */
struct rss_notes {
	char buf[4096];		/* --model-only rows carry ~1.2 KiB */
	size_t len;
};
/* Adds "@col: reason" (printf @fmt), the reason made CSV-safe: commas,
 * semicolons and control characters become blanks, double quotes '.
 * Truncates at the buffer's end. */
void rss_notes_add(struct rss_notes *n, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A row's verify: ok, FAILED or unverified, worst last. */
enum rss_verdict { RSS_OK, RSS_UNVERIFIED, RSS_FAILED };
/* The verdict of one cell and repetition, and why (when not ok) in @why. */
enum rss_verdict rss_verify(const struct rss_row *row, char *why, size_t len);
/* "ok", "FAILED" or "unverified". */
const char *rss_verdict_name(enum rss_verdict v);
/* One line on @f per cell whose verdict is not ok over its repetitions;
 * returns their number. */
int rss_report_bad_cells(FILE *f, const struct rss_row *rows, int nr_rows);

/* The files rows are appended to as each cell ends (rowfiles.c). */
#define RSS_ROW_FILES	4	/* cells.csv, workers.csv, errtrace.csv, model.csv (--model) */
struct rss_row_files {
	int fd[RSS_ROW_FILES];			/* -1: not written */
	off_t good[RSS_ROW_FILES];		/* bytes of whole rows on disk */
	double synced;				/* when they were last synced (monotonic s) */
	char path[RSS_ROW_FILES][PATH_MAX + 64];
};
/* Creates them with their headers (model.csv only with --model).  0, or -errno with "cannot write FILE:
 * reason" in @err. */
int rss_row_files_open(struct rss_row_files *f, struct rss_results *res,
		       const struct rss_run_opts *o, const struct rss_pmu *pmu, char *err,
		       size_t errlen);
/* Appends one cell's rows to each, whole (synced at most a second apart).  0, or -errno (ENOSPC:
 * a full disk, EFBIG: the file size limit) with the file named in @err; the
 * file is cut back to its last whole row. */
int rss_row_files_write(struct rss_row_files *f, const struct rss_run_opts *o,
			const struct rss_topo *topo, const struct rss_pmu *pmu,
			const struct rss_row *row, const int *cpus, char *err, size_t errlen);
/* Closes them; 0, or -errno with the file named in @err. */
int rss_row_files_close(struct rss_row_files *f, char *err, size_t errlen);

/* The CSV files (doc/results-format.md); every string field goes through
 * csv.h's rss_csv_field (RFC 4180 quoting). */
/* A row's key: "workload,scheme,threads,placement,migration". */
void rss_csv_key(FILE *f, const struct rss_run_opts *o, const struct rss_row *row);
/* ",ev:NAME@suffix" for each of @pmu's events. */
void rss_csv_event_cols(FILE *f, const struct rss_pmu *pmu, const char *suffix);
void rss_csv_cells_header(FILE *f, const struct rss_pmu *pmu);
void rss_csv_cells_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
		       const struct rss_pmu *pmu, const struct rss_row *row);
void rss_csv_workers_header(FILE *f);
void rss_csv_workers_rows(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
			  const struct rss_row *row, const int *cpus);
void rss_csv_trace_header(FILE *f);
void rss_csv_trace_rows(FILE *f, const struct rss_run_opts *o, const struct rss_row *row);
/*
 * Cells whose repetitions' cycles per op have an IQR above RSS_NOISY_IQR of
 * their median (summary.csv's noisy = 1): their number, the first described in
 * @first.
 */
int rss_summary_noisy(const struct rss_row *rows, int nr_rows, char *first, size_t len);
/*
 * --model-only (untimed_csv.c): a cell's cells.csv row, and the rest of its
 * summary.csv row after "key,reps", with every timed figure NA and its
 * reason in notes, verify unverified.
 */
void rss_csv_untimed_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
			 const struct rss_pmu *pmu, const struct rss_row *row);
void rss_csv_untimed_summary(FILE *f, const struct rss_pmu *pmu);
/* summary.csv: median and spread over the repetitions of each cell. */
void rss_csv_summary(FILE *f, const struct rss_run_opts *o, const struct rss_pmu *pmu,
		     const struct rss_row *rows, int nr_rows);
/*
 * The table `run` prints after the matrix: median cycles/op per workload,
 * scheme and thread count, and the harness's own cost (the empty scheme).
 */
/*
 * Why the cell's error columns are NA: its RSS is below the scheme's bound,
 * so the clamped cheap read cannot show the error the bound allows
 * ("capped by RSS (N pages < bound M)" in @buf of @len); NULL when the RSS
 * cannot cap it.
 */
const char *rss_capped(const struct rss_run_opts *o, const struct rss_row *row, char *buf,
		       size_t len);
void rss_print_table(FILE *f, const struct rss_run_opts *o, const struct rss_row *rows,
		     int nr_rows);
/*
 * The one line that opens run's table when the run was busy or noisy:
 * the load averages before and after against the online CPUs (busy when
 * either is above), and host_state's noisy_cells of nr_cells, into @buf.
 * 1 when there is such a line, 0 (and "") for a quiet run.
 */
int rss_busy_line(const struct rss_run_opts *o, char *buf, size_t len);
/* Non-zero when the run's own load averages were above its online CPUs. */
int rss_run_busy(const struct rss_run_opts *o);
/*
 * footprint.csv (and `rssbench footprint`): bytes per mm and the settled
 * bound of each scheme at each CPU count in @cpus (possible = online =
 * allowed), CPUs split over @nodes in equal blocks, then, when @own is not
 * NULL, on that machine (a topology's three CPU sets); @tasks per mm for the
 * bound, 0 = one per allowed CPU.
 */
void rss_csv_footprint(FILE *f, const struct scheme_ops *const *schemes, int nr_schemes,
		       const int *cpus, int nr_cpus, int nodes, int tasks, long fleet,
		       const struct machine *own);
/* The default CPU counts: 1, 2, 4, ..., 256, 384, then powers of two up to
 * @extra and @extra itself (0: none); sorted, unique.  @out holds @max >= 32. */
int rss_footprint_cpu_counts(int *out, int max, int extra);
/* The fleet projection's default: bytes for this many processes. */
#define RSS_FLEET_PROCESSES	100000L

/*
 * model.csv (--model, doc/results-format.md): one row per cell and
 * repetition, the model pass's figures per operation, NA with a note when
 * the cell has nothing to model (model_csv.c).
 */
void rss_csv_model_header(FILE *f);
void rss_csv_model_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
		       const struct rss_row *row);

/*
 * meta.json, whole or not at all (rss_results_write): "complete" true; or
 * false with "last_cell" (the key of the cell the run stopped at) when
 * @last_cell is not NULL; or, with @finished < 0 (written before the first
 * cell, so that a run killed outright leaves a directory that says it is
 * partial), false with "finished": null.  Times in seconds since the epoch.
 * 0 or -errno.
 */
int rss_meta_write(struct rss_results *res, const struct rss_run_opts *o,
		   const struct rss_topo *topo, const struct rss_pmu *pmu,
		   double started, double finished, const char *last_cell);

#endif /* RSS_RESULTS_H */
