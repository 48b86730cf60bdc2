/*
 * cli_compare.c - `rssbench compare` (a table, CSV or JSON) and `rssbench
 * gate` (an exit status for CI) over results directories (doc/compare.md).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "harness.h"
#include "stats.h"

#define ERRLEN	768
#define GATE_EXIT_ERROR	3

enum format { FMT_TABLE, FMT_CSV, FMT_JSON };

static const char *const time_metrics[] = { "cycles_per_op", "ns_per_op", "ops_per_sec" };
#define NR_TIME	3

static const char *const gate_words[] = { "ok", "regression", "inconclusive", "" };
static const char *const class_words[] = { "time", "event", "noisy", "exact", "verify" };

static void num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (fabs(v) >= 1000 || v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.3g", v);
}

static void threads_str(char *buf, size_t len, const struct rss_cmp_row *r)
{
	if (r->threads_a == r->threads_b)
		snprintf(buf, len, "%d", r->threads_a);
	else
		snprintf(buf, len, "%d->%d", r->threads_a, r->threads_b);
}

/* --- the aligned table: rows of strings, widths measured first ----------- */

#define TCOLS	14
#define TLEN	168

struct table {
	int nr, cap, ncols;
	char (*cell)[TCOLS][TLEN];
};

static void table_add(struct table *t, ...)
{
	va_list ap;

	if (t->nr == t->cap) {
		t->cap = t->cap * 2 + 64;
		t->cell = realloc(t->cell, (size_t)t->cap * sizeof(*t->cell));
		if (!t->cell)
			rss_die(ENOMEM, "table");
	}
	va_start(ap, t);
	for (int c = 0; c < t->ncols; c++)
		snprintf(t->cell[t->nr][c], TLEN, "%s", va_arg(ap, const char *));
	va_end(ap);
	t->nr++;
}

static void table_print(struct table *t, FILE *f)
{
	int w[TCOLS] = { 0 };

	for (int r = 0; r < t->nr; r++)
		for (int c = 0; c < t->ncols; c++)
			if ((int)strlen(t->cell[r][c]) > w[c])
				w[c] = (int)strlen(t->cell[r][c]);
	for (int r = 0; r < t->nr; r++)
		for (int c = 0; c < t->ncols; c++)
			if (c == t->ncols - 1)
				fprintf(f, "%s\n", t->cell[r][c]);
			else
				fprintf(f, "%-*s  ", w[c], t->cell[r][c]);
	free(t->cell);
	t->cell = NULL;
	t->nr = t->cap = 0;
}

/* --- per-scheme geometric means of the time ratios ------------------------ */

struct geo {
	const char *scheme;
	int cells, worse, better;
	double g[NR_TIME];
};

static int geomeans(const struct rss_cmp *c, struct geo *out)
{
	int n = 0;

	for (int i = 0; i < c->nr_rows; i++) {
		int k;

		for (k = 0; k < n && strcmp(out[k].scheme, c->rows[i].scheme); k++)
			;
		if (k == n)
			out[n++] = (struct geo){ .scheme = c->rows[i].scheme };
	}
	for (int k = 0; k < n; k++) {
		double *v = calloc((size_t)c->nr_rows + 1, sizeof(double));

		if (!v)
			rss_die(ENOMEM, "geomean");
		for (int t = 0; t < NR_TIME; t++) {
			int m = 0;

			for (int i = 0; i < c->nr_rows; i++) {
				const struct rss_cmp_row *r = &c->rows[i];

				if (strcmp(r->scheme, out[k].scheme) || strcmp(r->metric, time_metrics[t]))
					continue;
				if (!t) {
					out[k].cells++;
					out[k].worse += !strcmp(r->verdict, "worse");
					out[k].better += !strcmp(r->verdict, "better");
				}
				if (r->ratio > 0 && isfinite(r->ratio))
					v[m++] = r->ratio;
			}
			out[k].g[t] = rss_geomean(v, (size_t)m);
		}
		free(v);
	}
	return n;
}

/* --- the three formats ------------------------------------------------------ */

static void notes(const struct rss_resdir *a, const struct rss_resdir *b,
		  const struct rss_cmp *c, void (*emit)(const char *, void *), void *arg)
{
	char la[96], lb[96], buf[1280];

	rss_levels_str(&a->levels, la, sizeof(la));
	rss_levels_str(&b->levels, lb, sizeof(lb));
	if (!c->same_topology) {
		snprintf(buf, sizeof(buf), "the topologies differ (baseline %s; candidate %s): cells are lined up by topology level (pu, core, cache, node, machine), not by thread count",
			 la, lb);
		emit(buf, arg);
	}
	if (strcmp(a->host, b->host) || strcmp(a->cpu_model, b->cpu_model)) {
		snprintf(buf, sizeof(buf), "different machines: baseline %s (%s), candidate %s (%s)",
			 a->host, a->cpu_model, b->host, b->cpu_model);
		emit(buf, arg);
	}
	if (strcmp(a->params, b->params)) {
		snprintf(buf, sizeof(buf), "the workload parameters differ (baseline %s; candidate %s): the cells of the workloads they shape measure different work",
			 *a->params ? a->params : "none recorded",
			 *b->params ? b->params : "none recorded");
		emit(buf, arg);
	}
	if (!strcmp(a->topo_kind, "virtual") || !strcmp(b->topo_kind, "virtual")) {
		snprintf(buf, sizeof(buf), "a virtual topology: its time columns do not describe a real machine");
		emit(buf, arg);
	}
	if (c->only_a || c->only_b) {
		snprintf(buf, sizeof(buf), "%d baseline and %d candidate cells have no partner and are not compared",
			 c->only_a, c->only_b);
		emit(buf, arg);
	}
}

static void note_line(const char *s, void *arg)
{
	fprintf(arg, "note: %s\n", s);
}

static void print_table(const struct rss_resdir *a, const struct rss_resdir *b,
			const struct rss_cmp *c)
{
	struct table t = { .ncols = 14 };
	struct geo *g = calloc((size_t)c->nr_rows + 1, sizeof(*g));
	char th[32], n[32], ma[32], mb[32], ra[32], ci[64], p[32], lo[32], hi[32];
	int ng;

	if (!g)
		rss_die(ENOMEM, "compare");
	printf("baseline  %s\ncandidate %s\n", a->path, b->path);
	notes(a, b, c, note_line, stdout);
	table_add(&t, "workload", "scheme", "threads", "level", "placement", "migration",
		  "metric", "n", "baseline", "candidate", "ratio", "95% ci", "p", "verdict");
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		threads_str(th, sizeof(th), r);
		snprintf(n, sizeof(n), "%d/%d", r->n_a, r->n_b);
		num(ma, sizeof(ma), r->med_a);
		num(mb, sizeof(mb), r->med_b);
		snprintf(ra, sizeof(ra), isnan(r->ratio) ? "-" : "%.3f", r->ratio);
		num(lo, sizeof(lo), r->lo);
		num(hi, sizeof(hi), r->hi);
		if (isnan(r->lo))
			snprintf(ci, sizeof(ci), "-");
		else
			snprintf(ci, sizeof(ci), "[%.3f, %.3f]", r->lo, r->hi);
		snprintf(p, sizeof(p), isnan(r->p) ? "-" : "%.2g", r->p);
		table_add(&t, r->workload, r->scheme, th, *r->level ? r->level : "-",
			  r->placement, r->migration, r->metric, n, ma, mb, ra, ci, p,
			  r->verdict);
	}
	table_print(&t, stdout);
	ng = geomeans(c, g);
	printf("\ngeometric mean of the ratios (candidate/baseline) per scheme; ops_per_sec: higher is better\n");
	t.ncols = 7;
	table_add(&t, "scheme", "cells", "cycles_per_op", "ns_per_op", "ops_per_sec",
		  "worse", "better");
	for (int k = 0; k < ng; k++) {
		char cells[16], w[16], bt[16], gv[NR_TIME][32];

		snprintf(cells, sizeof(cells), "%d", g[k].cells);
		snprintf(w, sizeof(w), "%d", g[k].worse);
		snprintf(bt, sizeof(bt), "%d", g[k].better);
		for (int m = 0; m < NR_TIME; m++)
			snprintf(gv[m], sizeof(gv[m]), isnan(g[k].g[m]) ? "-" : "%.3f", g[k].g[m]);
		table_add(&t, g[k].scheme, cells, gv[0], gv[1], gv[2], w, bt);
	}
	table_print(&t, stdout);
	free(g);
}

static void csv_num(double v)
{
	if (isnan(v))
		fputs(",", stdout);
	else
		printf(",%.6g", v);
}

static void print_csv(const struct rss_resdir *b, const struct rss_cmp *c, int header)
{
	struct geo *g = calloc((size_t)c->nr_rows + 1, sizeof(*g));
	int ng;

	if (!g)
		rss_die(ENOMEM, "compare");
	if (header)
		puts("candidate,workload,scheme,placement,migration,threads_a,threads_b,level,metric,"
		     "class,n_a,n_b,median_a,median_b,ratio,ci_lo,ci_hi,p,verdict,gate");
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		printf("%s,%s,%s,%s,%s,%d,%d,%s,%s,%s,%d,%d", b->path, r->workload, r->scheme,
		       r->placement, r->migration, r->threads_a, r->threads_b, r->level,
		       r->metric, class_words[r->cls], r->n_a, r->n_b);
		csv_num(r->med_a);
		csv_num(r->med_b);
		csv_num(r->ratio);
		csv_num(r->lo);
		csv_num(r->hi);
		csv_num(r->p);
		printf(",%s,%s\n", r->verdict, gate_words[r->gate]);
	}
	/* Geometric means: class "geomean", n_a = the cells averaged. */
	ng = geomeans(c, g);
	for (int k = 0; k < ng; k++)
		for (int m = 0; m < NR_TIME; m++) {
			printf("%s,*,%s,*,*,,,,%s,geomean,%d,%d,,", b->path, g[k].scheme,
			       time_metrics[m], g[k].cells, g[k].cells);
			csv_num(g[k].g[m]);
			printf(",,,,%d worse %d better,\n", g[k].worse, g[k].better);
		}
	free(g);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_num(const char *key, double v)
{
	printf(", \"%s\": ", key);
	if (isnan(v) || isinf(v))
		fputs("null", stdout);
	else
		printf("%.6g", v);
}

static void json_note(const char *s, void *arg)
{
	int *first = arg;

	fputs(*first ? "" : ", ", stdout);
	json_str(s);
	*first = 0;
}

static void json_levels(const char *key, const struct rss_topo_levels *lv)
{
	printf(", \"%s\": {\"core\": %d, \"cache\": %d, \"node\": %d, \"machine\": %d}", key,
	       lv->core, lv->cache, lv->node, lv->machine);
}

/* One element of "comparisons" (hand-written: jansson is for meta.json). */
static void print_json(const struct rss_resdir *a, const struct rss_resdir *b,
		       const struct rss_cmp *c)
{
	struct geo *g = calloc((size_t)c->nr_rows + 1, sizeof(*g));
	int first = 1, ng;

	if (!g)
		rss_die(ENOMEM, "compare");
	fputs("{\"candidate\": ", stdout);
	json_str(b->path);
	printf(", \"same_topology\": %s", c->same_topology ? "true" : "false");
	json_levels("levels_baseline", &a->levels);
	json_levels("levels_candidate", &b->levels);
	fputs(", \"notes\": [", stdout);
	notes(a, b, c, json_note, &first);
	fputs("],\n  \"rows\": [", stdout);
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		printf("%s\n    {\"workload\": ", i ? "," : "");
		json_str(r->workload);
		fputs(", \"scheme\": ", stdout);
		json_str(r->scheme);
		fputs(", \"placement\": ", stdout);
		json_str(r->placement);
		fputs(", \"migration\": ", stdout);
		json_str(r->migration);
		printf(", \"threads_a\": %d, \"threads_b\": %d, \"level\": ", r->threads_a,
		       r->threads_b);
		json_str(r->level);
		fputs(", \"metric\": ", stdout);
		json_str(r->metric);
		printf(", \"class\": \"%s\", \"n_a\": %d, \"n_b\": %d", class_words[r->cls],
		       r->n_a, r->n_b);
		json_num("median_a", r->med_a);
		json_num("median_b", r->med_b);
		json_num("ratio", r->ratio);
		json_num("ci_lo", r->lo);
		json_num("ci_hi", r->hi);
		json_num("p", r->p);
		fputs(", \"verdict\": ", stdout);
		json_str(r->verdict);
		printf(", \"gate\": \"%s\"}", gate_words[r->gate]);
	}
	fputs("],\n  \"geomean\": [", stdout);
	ng = geomeans(c, g);
	for (int k = 0; k < ng; k++) {
		printf("%s\n    {\"scheme\": ", k ? "," : "");
		json_str(g[k].scheme);
		printf(", \"cells\": %d, \"worse\": %d, \"better\": %d", g[k].cells, g[k].worse,
		       g[k].better);
		for (int m = 0; m < NR_TIME; m++)
			json_num(time_metrics[m], g[k].g[m]);
		putchar('}');
	}
	fputs("]}", stdout);
	free(g);
}

/* --- options shared by compare and gate ----------------------------------- */

struct cmp_cli {
	struct rss_cmp_opts o;
	enum format fmt;
	const char *baseline;
	void (*fail)(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
};

static double parse_double(struct cmp_cli *cl, const char *opt, const char *s, double min,
			   double max, int percent)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || (*end && !(percent && !strcmp(end, "%"))) || !(v >= min && v <= max))
		cl->fail("bad value \"%s\" for %s: give a number from %g to %g%s", s, opt, min,
			 max, percent ? " (percent)" : "");
	return v;
}

static const char compare_usage[] =
"usage: rssbench compare [options] BASELINE CANDIDATE [CANDIDATE...]\n"
"  lines up the cells of results directories and compares every metric\n"
"  -f, --format F       table | csv | json (default table)\n"
"      --alpha A        U test significance (default 0.05)\n"
"  exit 0; 2 for a usage error or an unreadable directory (one line on stderr)\n";

static const char gate_usage[] =
"usage: rssbench gate --baseline DIR [options] CANDIDATE\n"
"  exit 0 no regression, 1 regression, 2 inconclusive, 3 error (doc/compare.md)\n"
"  -b, --baseline DIR   the results to compare against (required)\n"
"      --threshold PCT  a time metric must be this much worse (default 5%)\n"
"      --alpha A        U test significance (default 0.05)\n"
"      --min-reps N     fewer repetitions on a side is inconclusive (default 5)\n";

static int parse(struct cmp_cli *cl, int argc, char **argv, const char *usage)
{
	enum { OPT_ALPHA = 256, OPT_THRESHOLD, OPT_MIN_REPS };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "min-reps", required_argument, NULL, OPT_MIN_REPS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int gate = usage == gate_usage, c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, gate ? ":b:h" : ":f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (gate)
				goto bad;
			if (!strcmp(optarg, "table"))
				cl->fmt = FMT_TABLE;
			else if (!strcmp(optarg, "csv"))
				cl->fmt = FMT_CSV;
			else if (!strcmp(optarg, "json"))
				cl->fmt = FMT_JSON;
			else
				cl->fail("bad format \"%s\": use table, csv or json", optarg);
			break;
		case 'b':
			if (!gate)
				goto bad;
			cl->baseline = optarg;
			break;
		case OPT_ALPHA:
			cl->o.alpha = parse_double(cl, "--alpha", optarg, 1e-6, 0.5, 0);
			break;
		case OPT_THRESHOLD:
			if (!gate)
				goto bad;
			cl->o.threshold = parse_double(cl, "--threshold", optarg, 0, 1000, 1) / 100;
			break;
		case OPT_MIN_REPS:
			if (!gate)
				goto bad;
			cl->o.min_reps = (int)parse_double(cl, "--min-reps", optarg, 2, 100, 0);
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case ':':
			cl->fail("option \"%s\" needs a value; 'rssbench %s --help' lists the options",
				 argv[optind - 1], argv[0]);
		default:
bad:
			cl->fail("unknown option \"%s\"; 'rssbench %s --help' lists the options",
				 argv[optind - 1], argv[0]);
		}
	}
	return optind;
}

static struct rss_resdir *load(struct cmp_cli *cl, const char *path)
{
	struct rss_resdir *d;
	char err[ERRLEN];

	if (rss_resdir_load(&d, path, err, sizeof(err)))
		cl->fail("%s", err);
	return d;
}

int rss_cmd_compare(int argc, char **argv)
{
	struct cmp_cli cl = {
		.o = { .threshold = 0.05, .alpha = 0.05, .min_reps = 5 },
		.fail = rss_usage_error,
	};
	int first = parse(&cl, argc, argv, compare_usage);
	struct rss_resdir *a, **b;
	int nb = argc - first - 1;

	if (nb < 1)
		rss_usage_error("compare needs a baseline and at least one candidate directory; 'rssbench compare --help'");
	a = load(&cl, argv[first]);
	b = calloc((size_t)nb, sizeof(*b));
	if (!b)
		rss_die(ENOMEM, "compare");
	for (int i = 0; i < nb; i++)	/* every input checked before any output */
		b[i] = load(&cl, argv[first + 1 + i]);
	if (cl.fmt == FMT_JSON) {
		fputs("{\"baseline\": ", stdout);
		json_str(a->path);
		fputs(", \"comparisons\": [\n ", stdout);
	}
	for (int i = 0; i < nb; i++) {
		struct rss_cmp c;

		if (rss_compare(&c, a, b[i], &cl.o))
			rss_die(ENOMEM, "compare");
		if (cl.fmt == FMT_TABLE) {
			if (i)
				putchar('\n');
			print_table(a, b[i], &c);
		} else if (cl.fmt == FMT_CSV) {
			print_csv(b[i], &c, !i);
		} else {
			if (i)
				fputs(",\n ", stdout);
			print_json(a, b[i], &c);
		}
		rss_compare_free(&c);
		rss_resdir_free(b[i]);
	}
	if (cl.fmt == FMT_JSON)
		fputs("]}\n", stdout);
	rss_resdir_free(a);
	free(b);
	return 0;
}

static void __attribute__((noreturn, format(printf, 1, 2))) gate_error(const char *fmt, ...)
{
	va_list ap;

	fputs("rssbench: gate: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(GATE_EXIT_ERROR);
}

static void gate_line(const char *what, const struct rss_cmp_row *r)
{
	char th[32];

	threads_str(th, sizeof(th), r);
	printf("%s %s/%s threads=%s%s%s %s %s %s: %s\n", what, r->workload, r->scheme, th,
	       *r->level ? " level=" : "", r->level, r->placement, r->migration, r->metric,
	       r->why);
}

int rss_cmd_gate(int argc, char **argv)
{
	struct cmp_cli cl = {
		.o = { .threshold = 0.05, .alpha = 0.05, .min_reps = 5 },
		.fail = gate_error,
	};
	int first = parse(&cl, argc, argv, gate_usage);
	int nr[4] = { 0 }, status;
	struct rss_resdir *a, *b;
	struct rss_cmp c;

	if (!cl.baseline)
		gate_error("no --baseline DIR; 'rssbench gate --help'");
	if (argc - first != 1)
		gate_error("give exactly one candidate directory after the options; 'rssbench gate --help'");
	a = load(&cl, cl.baseline);
	b = load(&cl, argv[first]);
	if (rss_compare(&c, a, b, &cl.o))
		gate_error("out of memory");
	if (!c.nr_pairs)
		gate_error("no cell of %s lines up with one of %s; compare results of the same matrix",
			   b->path, a->path);
	notes(a, b, &c, note_line, stdout);
	for (int i = 0; i < c.nr_rows; i++) {
		nr[c.rows[i].gate]++;
		if (c.rows[i].gate == RSS_GATE_REGRESSION)
			gate_line("REGRESSION", &c.rows[i]);
	}
	for (int i = 0; i < c.nr_rows; i++)
		if (c.rows[i].gate == RSS_GATE_INCONCLUSIVE)
			gate_line("INCONCLUSIVE", &c.rows[i]);
	if (c.only_a) {
		printf("INCONCLUSIVE %d baseline cells are missing from the candidate\n", c.only_a);
		nr[RSS_GATE_INCONCLUSIVE]++;
	}
	status = nr[RSS_GATE_REGRESSION] ? 1 : nr[RSS_GATE_INCONCLUSIVE] ? 2 : 0;
	printf("gate: %s: %d regressions, %d inconclusive, %d ok (%d cells, threshold %g%%, alpha %g)\n",
	       status == 1 ? "REGRESSION" : status == 2 ? "INCONCLUSIVE" : "no regression",
	       nr[RSS_GATE_REGRESSION], nr[RSS_GATE_INCONCLUSIVE], nr[RSS_GATE_OK], c.nr_pairs,
	       cl.o.threshold * 100, cl.o.alpha);
	rss_compare_free(&c);
	rss_resdir_free(a);
	rss_resdir_free(b);
	return status;
}
