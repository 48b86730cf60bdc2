/*
 * resdir.h - reading a results directory back (doc/results-format.md,
 * "Reading a results directory"): meta.json's format version, completeness
 * and matrix, topology.xml's levels, and cells.csv as a table found by
 * header names.  Nothing in the files is believed: every value the readers
 * use is checked here, and every message escapes the bytes it quotes.
 */
#ifndef RSS_RESDIR_H
#define RSS_RESDIR_H

#include <stddef.h>
#include <sys/types.h>

#include "topo.h"

/* The format versions this reader knows (the writer's is RSS_RESULTS_FORMAT). */
#define RSS_RESDIR_FORMAT_MIN	1
#define RSS_RESDIR_FORMAT_MAX	2
/* meta.json's run_id: 32 lowercase hex digits, random per run (meta.c). */
#define RSS_RUN_ID_LEN	32
/* Largest rep number a row may have. */
#define RSS_RESDIR_MAX_REP	1000000
/* Most vCPUs a guest's rows may name (cells.csv's vcpus, meta.json's kernels[]): RSS_MAX_CPUS. */
#define RSS_RESDIR_MAX_VCPUS	8192

/* A cell's key in cells.csv: what tells two cells apart, the repetition aside. */
struct rss_cell_key {
	const char *workload, *scheme, *placement, *migration;
	int threads;
	/* cells.csv's kernel: a guest's release in a kernels scenario's joined
	 * view (doc/results-format.md), "" in every other directory. */
	const char *kernel;
};

/* rss_resdir_load's flags. */
#define RSS_RESDIR_ALLOW_PARTIAL	1	/* accept an interrupted run and missing rows */
#define RSS_RESDIR_ALLOW_MODEL_ONLY	2	/* accept a --model-only run (plot: its model.csv) */

/* The most runs a scenario directory's meta.json may list (topologies[]). */
#define RSS_RESDIR_MAX_RUNS	64

/* meta.json's matrix: the cells and repetitions the run promised. */
struct rss_resdir_matrix {
	int present;		/* all six keys there; else nothing is checked against it */
	int nr_workloads, nr_schemes, nr_threads, nr_migration;
	const char **workloads, **schemes, **migration;	/* sorted, unique */
	int *threads;		/* sorted, unique */
	const char *placement;
	long reps;
	const char *kernel;	/* a guest run's (topologies[].kernel), or NULL: any */
	double clock_hz;	/* a guest run's own clock (topologies[].clock_hz), or 0 */
};

struct rss_resdir {
	char *path;
	dev_t dev;		/* the directory's identity: the same run under two names */
	ino_t ino;
	int format;		/* meta.json's format_version */
	int partial;		/* an interrupted run (name or meta.json), accepted by flag */
	int model_only_ok;	/* RSS_RESDIR_ALLOW_MODEL_ONLY given */
	char *host, *cpu_model, *topo_kind;	/* escaped; "" when meta.json lacks them */
	char *params;		/* the matrix's workload parameters, "" without a matrix */
	char run_id[RSS_RUN_ID_LEN + 1];	/* meta.json's run_id, "" when it has none */
	double clock_hz;	/* meta.json's clock.hz, cycles per second; 0 when absent */
	int topo_pus;		/* meta.json's topology.cpus.allowed: CPUs the run could use; 0 when absent */
	/* meta.json's kernels[]: a bit per vCPU count a guest ran with (result ok). */
	unsigned char guest_vcpus[RSS_RESDIR_MAX_VCPUS / 8 + 1];
	struct rss_resdir_matrix matrix;
	struct rss_resdir_matrix *runs;	/* a scenario's: each run's matrix (topologies[]) */
	int nr_runs;
	void *meta;		/* the parsed meta.json (jansson), owns the matrix's names */
	struct rss_topo_levels levels;
	int nr_cols;
	char **cols;		/* cells.csv's header names */
	int *col_order;		/* column indexes sorted by name, for rss_resdir_col */
	int nr_rows;
	char **vals;		/* vals[r * nr_cols + c] */
	int *line;		/* line[r]: the row's line in cells.csv */
	int *threads, *rep;	/* each row's checked threads and rep */
	char *buf;		/* cells.csv, split in place */
	/* model.csv as a table of its own (rss_resdir_load_model), or NULL. */
	struct rss_resdir *model;
};

/*
 * Loads the directory @path: meta.json (a format version from
 * RSS_RESDIR_FORMAT_MIN to _MAX), topology.xml (checked, then read with
 * hwloc) and cells.csv.  Refuses: a partial run (name ending -partial or
 * starting .incomplete-, also with a trailing / or /.; meta.json "complete":
 * false) unless @flags has RSS_RESDIR_ALLOW_PARTIAL; files that are not
 * regular (FIFOs never block); a missing key column; rows of the wrong width;
 * control bytes or invalid UTF-8; a known numeric column holding anything
 * but a non-negative decimal number or no value ("NA" in format 2,
 * "unavailable (...)" in format 1); a workload, scheme, migration or
 * placement outside the name grammar (escape.h: rss_name_ok); threads and
 * rep that are not positive whole numbers; verify other than ok, FAILED or unverified; a (cell, rep)
 * twice; rows outside meta.json's matrix, or (unless allowed) missing from
 * it.  CRLF line ends and a UTF-8 BOM are accepted.  Linear in the file's
 * size (n log n in rows).  0, or -EINVAL/-ENOMEM with one line naming
 * file[:line] and the fix in @err.
 */
int rss_resdir_load(struct rss_resdir **out, const char *path, int flags, char *err,
		    size_t errlen);
void rss_resdir_free(struct rss_resdir *d);
/*
 * Another CSV file of the loaded directory @d (summary.csv, errtrace.csv,
 * footprint.csv, model.csv: name @csv) as a table in a new struct (only its
 * table fields are set; free it with rss_resdir_free), read and checked as
 * cells.csv is: bytes, header with the NULL-ended @keys, widths, the known
 * numeric columns, threads and rep where present.  It may have no rows
 * (errtrace.csv of a cell too short for a sample).  Rows are not checked
 * against each other or the matrix.  0, -ENOENT (no such file: the message
 * says so), or -EINVAL/-ENOMEM with one line naming the file[:line] in @err.
 */
int rss_resdir_load_table(struct rss_resdir **out, const struct rss_resdir *d, const char *csv,
			  const char *const *keys, char *err, size_t errlen);

/*
 * When meta.json says the run had a model pass ("model"), loads its
 * model.csv into @d->model, checked as cells.csv is (key columns, widths,
 * bytes, numbers, a (cell, rep) twice), its key and rep columns as in
 * cells.csv.  0 (also for a run without a model pass: @d->model stays
 * NULL), or -EINVAL/-ENOMEM with one line naming the file in @err.
 */
int rss_resdir_load_model(struct rss_resdir *d, char *err, size_t errlen);
/*
 * The last component of @path as basename(1) gives it (trailing "/" and "/."
 * taken off): its length in bytes, its start in *@base; 0 for "/".
 */
size_t rss_resdir_base_name(const char *path, const char **base);
/* The column named @name, or -1.  O(log columns). */
int rss_resdir_col(const struct rss_resdir *d, const char *name);
/* Row @row's value in column @col, "" for col < 0. */
const char *rss_resdir_val(const struct rss_resdir *d, int row, int col);
/* 0 and the number in @v, or -ENODATA for no value or a missing column. */
int rss_resdir_num(const struct rss_resdir *d, int row, int col, double *v);
/*
 * Why row @row has no value in @col: "unavailable (reason)" from the value
 * (format 1) or from the notes column's "column: reason" (format 2), or
 * "no such column".  Returns @buf.
 */
char *rss_resdir_why(const struct rss_resdir *d, int row, int col, char *buf, size_t len);
/* Non-zero when @name is a column the reader checks as numeric. */
int rss_resdir_numeric(const char *name);

/* An escaped path in a message (the readers' own files). */
#define RSS_RESDIR_NAMELEN	512
/*
 * resdir_meta.c: @d->path's meta.json into @d (format, partial, host,
 * params, matrix); 0, or -EINVAL/-ENOMEM with one line in @err naming
 * @name/meta.json.  A "complete": false sets @d->partial and leaves its
 * message in @err with 0 returned: the caller refuses unless allowed.
 */
int rss_resdir_load_meta(struct rss_resdir *d, const char *name, char *err, size_t errlen);
/* Frees what rss_resdir_load_meta allocated (NULL fields are fine). */
void rss_resdir_meta_free(struct rss_resdir *d);
/*
 * resdir_check.c: the one order of cell keys, which the reader's checks and
 * compare's pairing both sort and search by: workload, scheme, placement and
 * migration bytewise, then threads.  <0, 0 or >0 as strcmp.
 */
int rss_cell_key_cmp(const struct rss_cell_key *a, const struct rss_cell_key *b);
/* resdir_check.c: after loading, the rows against each other and the matrix. */
int rss_resdir_check_rows(struct rss_resdir *d, const char *file, int flags, char *err,
			  size_t errlen);
/*
 * resdir_facts.c: what the numbers say, row by row, against each other and
 * against meta.json (how rss_verify() and sched.c's finish()/collect() made
 * them): a row verified ok has no failures, operations, no precise error and
 * a settled error within its bound; a row without operations has no rates;
 * ops_per_sec is ops / window_s and ns_per_op is cycles_per_op x 1e9 /
 * clock.hz, each within the writer's rounding; err_p99 is at most err_max,
 * and neither has a value without samples; tasks_per_mm is tasks / mms
 * rounded up; threads fit topology.xml's PUs; topology_kind is host or
 * virtual and meta.json's.  Columns a format lacks are not checked.
 * 0, or -EINVAL with one line naming @file:line, the fields and the fix.
 */
int rss_resdir_check_facts(const struct rss_resdir *d, const char *file, char *err,
			   size_t errlen);
/*
 * resdir_formula.c: each cells.csv row of a registry scheme against the
 * scheme's formulas for topology.xml's machine (rss_topo_open(), as run
 * opens it): bytes_per_mm is footprint() and bound_under and bound_over
 * are error_bound() at the row's tasks_per_mm (a row without one is not
 * checked), the bound only where it is the formula's alone
 * (not native's or owner-lazy's, not one that moves with tasks or pages
 * per event).  Checked only for a directory this build wrote (meta.json's
 * tool.git_revision and kernel.machine are this binary's), of one topology
 * (no scenario), timed (no --model-only).  pcpu_bytes_per_mm is measured
 * (the allocator's bytes in use), no formula's: not checked.  0, or
 * -EINVAL with one line naming @file:line, the column and both values.
 */
int rss_resdir_check_formulas(const struct rss_resdir *d, const char *file, char *err,
			      size_t errlen);

/*
 * resdir_facts.c: topology.xml against itself and meta.json: no level's
 * first object holds more PUs than the machine has, and meta.json's
 * topology.cpus.allowed (when given) is the file's PU count (hwloc keeps
 * the allowed ones).  0 or -EINVAL, one line.
 */
int rss_resdir_check_topo(const struct rss_resdir *d, const char *name, char *err,
			  size_t errlen);
/*
 * compare_trust.c: the line run's table opens with when @d's run was busy or
 * noisy (rss_busy_line), made again from meta.json's numbers: host_state's
 * online CPUs and 1-minute load averages before and after, and noise's
 * noisy cells of its cells.  1 with the line in @buf; 0 (and "") for a quiet
 * run, or one whose meta.json lacks the loads.
 */
int rss_resdir_busy_line(const struct rss_resdir *d, char *buf, size_t len);
/*
 * Whether @a and @b are one run: the same directory (device and inode),
 * the same meta.json run_id, or cells.csv with the same values (a copy
 * made without a run_id, or before run ids; columns matched by name, so
 * CRLF line ends or moved columns do not hide a copy: no two runs time
 * alike).  1 with the reason in @why, else 0.  O(rows x columns).
 */
int rss_resdir_same_run(const struct rss_resdir *a, const struct rss_resdir *b, char *why,
			size_t len);

#endif /* RSS_RESDIR_H */
