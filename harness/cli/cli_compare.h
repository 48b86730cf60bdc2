/*
 * cli_compare.h - what cli_compare.c (options, compare, gate) and
 * cli_compare_out.c (the table, CSV and JSON) share.
 */
#ifndef RSS_CLI_COMPARE_H
#define RSS_CLI_COMPARE_H

#include <jansson.h>
#include <stdio.h>

#include "compare.h"

/* A JSON string of @s; bytes that are not UTF-8 become U+FFFD. */
json_t *rss_cmp_jstr(const char *s);

/* "fault/atomic threads=2 compact none" style thread column: "2" or "2->4",
 * then the kernel of a kernels scenario's rows ("8 6.1.0-57-cloud-amd64"). */
void rss_cmp_threads_str(char *buf, size_t len, const struct rss_cmp_row *r);
/* Calls @emit with each note on the pair (topologies, machines, parameters, same run, ...). */
void rss_cmp_notes(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, void (*emit)(const char *, void *), void *arg);

/* --- what is shown, and the per-scheme summary (cli_compare_sum.c) ------- */

/* compare's filters (doc/compare.md, "Reading less"); zero: every cell and metric. */
struct rss_cmp_filter {
	const char **schemes, **workloads;	/* NULL-ended lists; NULL: all */
	const char *metric;	/* the summary's metric (NULL: cycles_per_op) */
	int one_metric;		/* --metric given: only @metric's rows */
	int changed_only;	/* only cells whose change on @metric is not "same" */
};

/* One comparison seen through a filter. */
struct rss_cmp_view {
	const struct rss_cmp *c;
	const struct rss_cmp_filter *f;
	const char *metric;	/* the summary's */
	double alpha;
	unsigned char *selected;	/* each pair of cells: its scheme and workload pass */
	enum rss_change *change;	/* each pair's change on @metric (UNCLEAR: no row) */
};

/* @v of @c through @f (alpha from @o); exits on ENOMEM.  Free with rss_cmp_view_free. */
void rss_cmp_view_init(struct rss_cmp_view *v, const struct rss_cmp *c,
		       const struct rss_cmp_filter *f, const struct rss_cmp_opts *o);
void rss_cmp_view_free(struct rss_cmp_view *v);
/* Non-zero when row @i of the comparison passes every filter of @v. */
int rss_cmp_view_row(const struct rss_cmp_view *v, int i);
/*
 * Non-zero for a row the table folds into one note: a metric not compared
 * because a value is unavailable (an event a VM cannot count, a column
 * neither side has).
 */
int rss_cmp_folded(const struct rss_cmp_row *r);
/* One scheme's cells in a view, on one metric. */
struct rss_cmp_scheme {
	const char *scheme;
	const char *kernel;	/* the rows' kernel (a kernels scenario's guest), else "" */
	int first;		/* its first row, for the order of the output */
	int cells, nr[RSS_CHANGE_NR];	/* selected cells, by change */
	double geomean;		/* of the positive ratios; NAN for none */
	/*
	 * "worse" or "better" when the changed cells all go one way, "mixed"
	 * when both, else "unclear" when a cell could not be judged or, for a
	 * time metric, the runs' timings are not comparable (the gate's rule),
	 * else "same".
	 */
	const char *verdict;
};
/*
 * The schemes of @v's selected cells on @metric into @out (room for
 * c->nr_pairs + 1), in the order of their first row; the count.  *@any:
 * one of the rows (its class, higher_better), NULL for none.
 */
int rss_cmp_schemes(const struct rss_cmp_view *v, const char *metric, struct rss_cmp_scheme *out,
		    const struct rss_cmp_row **any);
/*
 * The summary on @f: a caption, then one line per scheme of the selected
 * cells (in the order of their first row): cells, the geometric mean of
 * the candidate/baseline ratios on the view's metric, the cells worse,
 * better, the same and unclear, and a verdict word.
 */
void rss_cmp_print_summary(const struct rss_cmp_view *v, FILE *f);
/* The same as a JSON array of objects, one per scheme. */
json_t *rss_cmp_json_schemes(const struct rss_cmp_view *v);
/*
 * Calls @emit once per reason with the folded rows of the view (which
 * metrics, on which side, why, in how many cells), not once per row.
 */
void rss_cmp_folded_notes(const struct rss_cmp_view *v, void (*emit)(const char *, void *),
			  void *arg);

/* --- compare's formats (cli_compare_out.c) --------------------------------- */

/* The summary, the notes and the aligned table of the rows @v shows, on stdout. */
void rss_cmp_print_table(const struct rss_resdir *a, const struct rss_resdir *b,
			 const struct rss_cmp_view *v);
/*
 * CSV (RFC 4180: a field with a comma, quote or line break is quoted) of
 * the rows @v shows, then the geometric means of its cells; @header once.
 */
void rss_cmp_print_csv(const struct rss_resdir *b, const struct rss_cmp_view *v, int header);
/*
 * JSON, each object built with jansson and printed as ASCII (invalid UTF-8
 * in a path becomes U+FFFD): begin, one comparison per candidate, end.
 */
void rss_cmp_json_begin(const struct rss_resdir *a);
void rss_cmp_print_json(const struct rss_resdir *a, const struct rss_resdir *b,
			const struct rss_cmp_view *v, int first);
void rss_cmp_json_end(void);

/* An aligned table's line: @f[i] points at constants, rows, or @buf. */
#define RSS_TCOLS	14
#define RSS_TLINE_FIELD	160
struct rss_tline {
	const char *f[RSS_TCOLS];
	/* A field: "6->8 KERNEL" and "SCHEME KERNEL" whole (names up to 64 bytes). */
	char buf[7][RSS_TLINE_FIELD];
};
/*
 * Prints @nr lines of @ncols columns, each padded to its column's widest
 * (measured in a first pass), to @f.  @fill fills line @i of @arg (-1: the
 * header); lines are formatted twice rather than kept.
 */
void rss_cmp_table(int nr, int ncols, void (*fill)(struct rss_tline *l, int i, const void *arg),
		   const void *arg, FILE *f);

/* The gate's output formats (cli_gate_out.c). */
enum rss_gate_format { RSS_GATE_TEXT, RSS_GATE_JSON, RSS_GATE_JUNIT };

/*
 * Prints the gate's verdict on @c (candidate @b against baseline @a) as
 * @fmt on stdout, counting cells: a cell is a regression when any metric of
 * it is, else inconclusive, else changed (a deterministic figure improved),
 * else ok.  Returns the exit status: 1 regression, 2 inconclusive (baseline
 * cells missing from the candidate included), else 0.
 */
int rss_gate_print(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, const struct rss_cmp_opts *o,
		   enum rss_gate_format fmt);

#endif /* RSS_CLI_COMPARE_H */
