/*
 * cli_ratios.c - `rssbench ratios`: each scheme's cost relative to a
 * reference scheme (percpu by default) within one results directory, cell
 * by cell, with the Hodges-Lehmann/Moses interval of compare (doc/plots.md).
 * The plots and scenario verdicts read its CSV.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "cli.h"
#include "harness.h"
#include "infile.h"
#include "resdir.h"
#include "stats.h"

static const char ratios_usage[] =
"usage: rssbench ratios [-r SCHEME] [-m METRIC] [--level L] [--allow-partial] RESULTS_DIR\n"
"  CSV, one row per cell: the scheme's median METRIC over the reference's in the\n"
"  cell of the same workload, threads, placement and migration, with the interval\n"
"  (Hodges-Lehmann/Moses, as compare) or NA and the reason in notes\n"
"  -r, --reference SCHEME  the denominator (default percpu)\n"
"  -m, --metric NAME       a numeric cells.csv column (default cycles_per_op)\n"
"      --level L           the interval's confidence level (default 0.95)\n"
"      --allow-partial     read an interrupted run, or one missing rows, too\n"
"  A busy or noisy run's line (as run's table opens with) goes to stderr.\n"
"  exit 2 (one line on stderr) for a directory the reader refuses, or a\n"
"  reference scheme that has no row in it\n";

/* The repetitions of one cell. */
struct cell {
	int row0;		/* its first row: the key's values */
	int n;
	double *v;		/* values of the metric, NA left out */
	int missing;		/* repetitions without a value */
};

struct ratios {
	const struct rss_resdir *d;
	int c_w, c_s, c_t, c_p, c_m, c_metric;
	int c_k;		/* a kernels scenario's kernel (part of the key), or -1 */
	int nr_cells;
	struct cell *cells;
};

static int same(const struct ratios *r, int a, int b, int with_scheme)
{
	const int cols[] = { r->c_w, r->c_t, r->c_p, r->c_m, r->c_k, r->c_s };

	for (int i = 0; i < 5 + with_scheme; i++)
		if (strcmp(rss_resdir_val(r->d, a, cols[i]), rss_resdir_val(r->d, b, cols[i])))
			return 0;
	return 1;
}

static void collect(struct ratios *r)
{
	r->cells = calloc((size_t)r->d->nr_rows, sizeof(*r->cells));
	if (!r->cells)
		rss_die(ENOMEM, "ratios");
	for (int row = 0; row < r->d->nr_rows; row++) {
		struct cell *c = NULL;
		double v;

		for (int i = 0; i < r->nr_cells && !c; i++)
			if (same(r, r->cells[i].row0, row, 1))
				c = &r->cells[i];
		if (!c) {
			c = &r->cells[r->nr_cells++];
			c->row0 = row;
			c->v = calloc((size_t)r->d->nr_rows, sizeof(double));
			if (!c->v)
				rss_die(ENOMEM, "ratios");
		}
		if (rss_resdir_num(r->d, row, r->c_metric, &v) || !(v > 0))
			c->missing++;
		else
			c->v[c->n++] = v;
	}
}

static double median_of(const double *v, int n)
{
	double *t = malloc((size_t)n * sizeof(*t)), m;

	if (!t)
		rss_die(ENOMEM, "ratios");
	memcpy(t, v, (size_t)n * sizeof(*t));
	m = rss_median(t, (size_t)n);
	free(t);
	return m;
}

static void print_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(",NA", f);
	else
		fprintf(f, ",%.6g", v);
}

static void print_cell(FILE *f, const struct ratios *r, const struct cell *c,
		       const struct cell *ref, const char *metric, double level)
{
	const struct rss_resdir *d = r->d;
	double med = NAN, rmed = NAN, ratio = NAN, lo = NAN, hi = NAN, est;
	char note[160] = "";

	if (c->n)
		med = median_of(c->v, c->n);
	if (ref && ref->n)
		rmed = median_of(ref->v, ref->n);
	if (!ref)
		snprintf(note, sizeof(note), "ratio: no reference cell");
	else if (!c->n || !ref->n)
		snprintf(note, sizeof(note), "ratio: %s not measured", !c->n ? "metric" : "reference");
	else
		ratio = med / rmed;
	if (!isnan(ratio) &&
	    rss_ratio_ci(ref->v, (size_t)ref->n, c->v, (size_t)c->n, 1 - level, &lo, &hi, &est))
		snprintf(note, sizeof(note), "interval: %d and %d repetitions are too few for a %g%% interval",
			 ref->n, c->n, level * 100);
	rss_csv_field(f, rss_resdir_val(d, c->row0, r->c_w));
	rss_csv_sep_field(f, rss_resdir_val(d, c->row0, r->c_t));
	rss_csv_sep_field(f, rss_resdir_val(d, c->row0, r->c_p));
	rss_csv_sep_field(f, rss_resdir_val(d, c->row0, r->c_m));
	rss_csv_sep_field(f, rss_resdir_val(d, c->row0, r->c_s));
	rss_csv_sep_field(f, metric);
	fprintf(f, ",%d,%d", c->n, ref ? ref->n : 0);
	print_num(f, med);
	print_num(f, rmed);
	print_num(f, ratio);
	print_num(f, lo);
	print_num(f, hi);
	rss_csv_sep_field(f, note);
	if (r->c_k >= 0)
		rss_csv_sep_field(f, rss_resdir_val(d, c->row0, r->c_k));
	fputc('\n', f);
}

int rss_ratios_write(FILE *f, const struct rss_resdir *d, const char *refname,
		     const char *metric, double level)
{
	struct ratios r = { 0 };

	r.d = d;
	r.c_w = rss_resdir_col(d, "workload");
	r.c_s = rss_resdir_col(d, "scheme");
	r.c_t = rss_resdir_col(d, "threads");
	r.c_p = rss_resdir_col(d, "placement");
	r.c_m = rss_resdir_col(d, "migration");
	r.c_k = rss_resdir_col(d, "kernel");
	r.c_metric = rss_resdir_col(d, metric);
	if (r.c_metric < 0)
		return -EINVAL;
	collect(&r);
	fprintf(f, "workload,threads,placement,migration,scheme,metric,reps,ref_reps,median,ref_median,ratio,lo,hi,notes%s\n",
		r.c_k >= 0 ? ",kernel" : "");
	for (int i = 0; i < r.nr_cells; i++) {
		const struct cell *cl = &r.cells[i], *ref = NULL;

		if (!strcmp(rss_resdir_val(d, cl->row0, r.c_s), refname))
			continue;
		for (int j = 0; j < r.nr_cells && !ref; j++)
			if (same(&r, cl->row0, r.cells[j].row0, 0) &&
			    !strcmp(rss_resdir_val(d, r.cells[j].row0, r.c_s), refname))
				ref = &r.cells[j];
		print_cell(f, &r, cl, ref, metric, level);
	}
	for (int i = 0; i < r.nr_cells; i++)
		free(r.cells[i].v);
	free(r.cells);
	return 0;
}

int rss_cmd_ratios(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reference", required_argument, NULL, 'r' },
		{ "metric", required_argument, NULL, 'm' },
		{ "level", required_argument, NULL, 'l' },
		{ "allow-partial", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *refname = "percpu", *metric = "cycles_per_op";
	struct rss_resdir *d;
	double level = 0.95;
	char err[768], busy[512];
	int c, flags = 0, has_ref = 0;

	opterr = 0;
	while ((c = rss_getopt(argc, argv, ":r:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': refname = optarg; break;
		case 'm': metric = optarg; break;
		case 'l': level = rss_parse_real("--level", optarg, 0.5, 0.999); break;
		case 'P': flags |= RSS_RESDIR_ALLOW_PARTIAL; break;
		case 'h': fputs(ratios_usage, stdout); return 0;
		default: rss_option_error(c, argv, "ratios");
		}
	}
	if (argc - optind != 1)
		rss_usage_error("ratios needs one results directory; 'rssbench ratios --help'");
	if (!rss_resdir_numeric(metric))
		rss_usage_error("\"%s\" is not a numeric column of cells.csv; give one such as cycles_per_op or ns_per_op",
				rss_shown(metric));
	if (!rss_scheme_find(refname)) {
		const char *names[64];

		rss_unknown_name("scheme", refname, names, rss_scheme_names(names, 64),
				 "give --reference one of 'rssbench list'");
	}
	/* A partial run's ratios are of what it finished: only when asked. */
	if (rss_resdir_load(&d, argv[optind], flags, err, sizeof(err)))
		rss_usage_error("%s", err);
	if (rss_resdir_col(d, metric) < 0)
		rss_usage_error("%s/cells.csv has no column \"%s\"; give one it has", rss_shown(d->path),
				metric);
	for (int row = 0, c_s = rss_resdir_col(d, "scheme"); row < d->nr_rows && !has_ref; row++)
		has_ref = !strcmp(rss_resdir_val(d, row, c_s), refname);
	if (!has_ref)
		rss_usage_error("%s has no row of the reference scheme %s: no ratio to give; name one it ran with -r",
				rss_shown(d->path), refname);
	/* As run's table and report.md: whether its timings can be trusted (stderr: the CSV stays CSV). */
	if (rss_resdir_busy_line(d, busy, sizeof(busy)))
		fprintf(stderr, "rssbench: %s: %s\n", rss_shown(d->path), busy);
	if (rss_ratios_write(stdout, d, refname, metric, level))
		rss_die(EINVAL, "ratios: cells.csv's columns");
	rss_resdir_free(d);
	return 0;
}
