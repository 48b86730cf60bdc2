/*
 * cli_compare_out.c - what `rssbench compare` prints: an aligned table, CSV
 * (RFC 4180) or JSON (jansson), each with the geometric mean of the time
 * ratios per scheme (doc/compare.md).  Paths come from the command line and
 * are escaped (table), quoted (CSV) or made valid UTF-8 (JSON); everything
 * else was checked by the reader.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli_compare.h"
#include "harness.h"
#include "infile.h"
#include "stats.h"

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

void rss_cmp_threads_str(char *buf, size_t len, const struct rss_cmp_row *r)
{
	if (r->threads_a == r->threads_b)
		snprintf(buf, len, "%d", r->threads_a);
	else
		snprintf(buf, len, "%d->%d", r->threads_a, r->threads_b);
}

int rss_cmp_same_dir(const struct rss_resdir *a, const struct rss_resdir *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

/* --- the aligned table: rows of strings, widths measured first ----------- */

#define TCOLS	14

/* Every cell's text in one growing buffer: 200 000 rows are one allocation, not 2.8 million. */
struct table {
	int nr, cap, ncols;
	size_t *off;		/* off[r * TCOLS + c]: where cell (r, c) starts in text */
	char *text;
	size_t len, size;
};

static void table_add(struct table *t, ...)
{
	va_list ap;

	if (t->nr == t->cap) {
		t->cap = t->cap * 2 + 64;
		t->off = realloc(t->off, (size_t)t->cap * TCOLS * sizeof(*t->off));
		if (!t->off)
			rss_die(ENOMEM, "table");
	}
	va_start(ap, t);
	for (int c = 0; c < t->ncols; c++) {
		const char *s = va_arg(ap, const char *);
		size_t n = strlen(s) + 1;

		if (t->len + n > t->size) {
			t->size = (t->len + n) * 2;
			t->text = realloc(t->text, t->size);
			if (!t->text)
				rss_die(ENOMEM, "table");
		}
		memcpy(t->text + t->len, s, n);
		t->off[(size_t)t->nr * TCOLS + c] = t->len;
		t->len += n;
	}
	va_end(ap);
	t->nr++;
}

static void table_print(struct table *t, FILE *f)
{
	int w[TCOLS] = { 0 };

	for (int r = 0; r < t->nr; r++)
		for (int c = 0; c < t->ncols; c++) {
			int n = (int)strlen(t->text + t->off[(size_t)r * TCOLS + c]);

			w[c] = n > w[c] ? n : w[c];
		}
	for (int r = 0; r < t->nr; r++)
		for (int c = 0; c < t->ncols; c++) {
			const char *s = t->text + t->off[(size_t)r * TCOLS + c];

			if (c == t->ncols - 1)
				fprintf(f, "%s\n", s);
			else
				fprintf(f, "%-*s  ", w[c], s);
		}
	free(t->off);
	free(t->text);
	*t = (struct table){ .ncols = t->ncols };
}

/* --- per-scheme geometric means of the time ratios ------------------------ */

struct geo {
	const char *scheme;
	int first;		/* its first row, for the order of the output */
	int cells, worse, better;
	double g[NR_TIME];
};

static int cmp_scheme(const void *a, const void *b, void *arg)
{
	const struct rss_cmp_row *rows = arg;
	int x = *(const int *)a, y = *(const int *)b, c = strcmp(rows[x].scheme, rows[y].scheme);

	return c ? c : (x > y) - (x < y);
}

static int cmp_first(const void *a, const void *b)
{
	const struct geo *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/* One scheme's rows @idx[0..n): cells, verdicts and the geometric means. */
static void geo_of(const struct rss_cmp *c, const int *idx, int n, double *v, struct geo *g)
{
	*g = (struct geo){ .scheme = c->rows[idx[0]].scheme, .first = idx[0] };
	for (int t = 0; t < NR_TIME; t++) {
		int m = 0;

		for (int i = 0; i < n; i++) {
			const struct rss_cmp_row *r = &c->rows[idx[i]];

			if (strcmp(r->metric, time_metrics[t]))
				continue;
			if (!t) {
				g->cells++;
				g->worse += !strcmp(r->verdict, "worse");
				g->better += !strcmp(r->verdict, "better");
			}
			if (r->ratio > 0 && isfinite(r->ratio))
				v[m++] = r->ratio;
		}
		g->g[t] = rss_geomean(v, (size_t)m);
	}
}

/* The schemes in the order of their first row; rows sorted once by scheme. */
static int geomeans(const struct rss_cmp *c, struct geo *out)
{
	int *idx = calloc((size_t)c->nr_rows + 1, sizeof(int)), n = 0;
	double *v = calloc((size_t)c->nr_rows + 1, sizeof(double));

	if (!idx || !v)
		rss_die(ENOMEM, "geomean");
	for (int i = 0; i < c->nr_rows; i++)
		idx[i] = i;
	qsort_r(idx, (size_t)c->nr_rows, sizeof(int), cmp_scheme, c->rows);
	for (int i = 0, j; i < c->nr_rows; i = j) {
		for (j = i + 1; j < c->nr_rows &&
		     !strcmp(c->rows[idx[j]].scheme, c->rows[idx[i]].scheme); j++)
			;
		geo_of(c, idx + i, j - i, v, &out[n++]);
	}
	qsort(out, (size_t)n, sizeof(*out), cmp_first);
	free(idx);
	free(v);
	return n;
}

/* --- notes ----------------------------------------------------------------- */

void rss_cmp_notes(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, void (*emit)(const char *, void *), void *arg)
{
	char la[96], lb[96], buf[1280];

	rss_levels_str(&a->levels, la, sizeof(la));
	rss_levels_str(&b->levels, lb, sizeof(lb));
	if (rss_cmp_same_dir(a, b))
		emit("the baseline and the candidate are the same directory: a run compared with itself differs in nothing",
		     arg);
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
	if (!strcmp(a->topo_kind, "virtual") || !strcmp(b->topo_kind, "virtual"))
		emit("a virtual topology: its time columns do not describe a real machine", arg);
	if (a->partial || b->partial) {
		snprintf(buf, sizeof(buf), "%s an interrupted run (--allow-partial): only the cells it finished are compared",
			 a->partial && b->partial ? "both are" : a->partial ? "the baseline is" :
			 "the candidate is");
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

/* --- the table ------------------------------------------------------------------ */

void rss_cmp_print_table(const struct rss_resdir *a, const struct rss_resdir *b,
			 const struct rss_cmp *c)
{
	struct table t = { .ncols = 14 };
	struct geo *g = calloc((size_t)c->nr_rows + 1, sizeof(*g));
	char th[32], n[32], ma[32], mb[32], ra[32], ci[64], p[32], pa[512], pb[512];
	int ng;

	if (!g)
		rss_die(ENOMEM, "compare");
	printf("baseline  %s\ncandidate %s\n", rss_escape_str(pa, sizeof(pa), a->path),
	       rss_escape_str(pb, sizeof(pb), b->path));
	rss_cmp_notes(a, b, c, note_line, stdout);
	table_add(&t, "workload", "scheme", "threads", "level", "placement", "migration",
		  "metric", "n", "baseline", "candidate", "ratio", "95% ci", "p", "verdict");
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		rss_cmp_threads_str(th, sizeof(th), r);
		snprintf(n, sizeof(n), "%d/%d", r->n_a, r->n_b);
		num(ma, sizeof(ma), r->med_a);
		num(mb, sizeof(mb), r->med_b);
		snprintf(ra, sizeof(ra), isnan(r->ratio) ? "-" : "%.3f", r->ratio);
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

/* --- CSV ---------------------------------------------------------------------- */

/* One field, after a comma unless @first: quoted when it holds , " CR or LF. */
static void csv_field(const char *s, int first)
{
	if (!first)
		putchar(',');
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void csv_num(double v)
{
	if (isnan(v))
		fputs(",", stdout);
	else
		printf(",%.6g", v);
}

void rss_cmp_print_csv(const struct rss_resdir *b, const struct rss_cmp *c, int header)
{
	struct geo *g = calloc((size_t)c->nr_rows + 1, sizeof(*g));
	char path[1024], tmp[64];
	int ng;

	if (!g)
		rss_die(ENOMEM, "compare");
	/* Control bytes in a directory name are escaped here too: never raw. */
	rss_escape_str(path, sizeof(path), b->path);
	if (header)
		puts("candidate,workload,scheme,placement,migration,threads_a,threads_b,level,metric,"
		     "class,n_a,n_b,median_a,median_b,ratio,ci_lo,ci_hi,p,verdict,gate");
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		csv_field(path, 1);
		csv_field(r->workload, 0);
		csv_field(r->scheme, 0);
		csv_field(r->placement, 0);
		csv_field(r->migration, 0);
		printf(",%d,%d", r->threads_a, r->threads_b);
		csv_field(r->level, 0);
		csv_field(r->metric, 0);
		printf(",%s,%d,%d", class_words[r->cls], r->n_a, r->n_b);
		csv_num(r->med_a);
		csv_num(r->med_b);
		csv_num(r->ratio);
		csv_num(r->lo);
		csv_num(r->hi);
		csv_num(r->p);
		csv_field(r->verdict, 0);
		printf(",%s\n", gate_words[r->gate]);
	}
	/* Geometric means: class "geomean", n_a = the cells averaged. */
	ng = geomeans(c, g);
	for (int k = 0; k < ng; k++)
		for (int m = 0; m < NR_TIME; m++) {
			csv_field(path, 1);
			fputs(",*", stdout);
			csv_field(g[k].scheme, 0);
			printf(",*,*,,,,%s,geomean,%d,%d,,", time_metrics[m], g[k].cells, g[k].cells);
			csv_num(g[k].g[m]);
			snprintf(tmp, sizeof(tmp), "%d worse %d better", g[k].worse, g[k].better);
			fputs(",,,", stdout);
			csv_field(tmp, 0);
			puts(",");
		}
	free(g);
}

/* --- JSON ------------------------------------------------------------------------ */

/* A JSON string of @s; bytes that are not UTF-8 become U+FFFD. */
static json_t *jstr(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), o = 0;
	json_t *j = json_stringn(s, len);
	char *clean;

	if (j)
		return j;
	clean = malloc(len * 3 + 1);
	if (!clean)
		rss_die(ENOMEM, "json");
	for (size_t i = 0; i < len;) {
		size_t n = rss_utf8_seq(u + i, len - i);

		if (n) {
			memcpy(clean + o, u + i, n);
			o += n;
			i += n;
		} else {
			memcpy(clean + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	j = json_stringn(clean, o);
	free(clean);
	if (!j)
		rss_die(ENOMEM, "json");
	return j;
}

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/*
 * Prints @v (ASCII only: every other character as \uXXXX) and drops it.
 * Dumped into a buffer first: json_dumpf writes token by token.
 */
static void put(json_t *v)
{
	static char *buf;
	static size_t size;
	size_t n;

	for (;;) {
		n = v ? json_dumpb(v, buf, size, JSON_ENSURE_ASCII | JSON_ENCODE_ANY) : 0;
		if (!n)
			rss_die(ENOMEM, "json");
		if (n <= size)
			break;
		free(buf);
		size = n * 2;
		buf = malloc(size);
		if (!buf)
			rss_die(ENOMEM, "json");
	}
	fwrite(buf, 1, n, stdout);
	json_decref(v);
}

static json_t *jlevels(const struct rss_topo_levels *lv)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "core", lv->core, "cache", lv->cache,
			 "node", lv->node, "machine", lv->machine);
}

static void json_note(const char *s, void *arg)
{
	json_array_append_new(arg, jstr(s));
}

static json_t *jrow(const struct rss_cmp_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "workload", jstr(r->workload));
	json_object_set_new(o, "scheme", jstr(r->scheme));
	json_object_set_new(o, "placement", jstr(r->placement));
	json_object_set_new(o, "migration", jstr(r->migration));
	json_object_set_new(o, "threads_a", json_integer(r->threads_a));
	json_object_set_new(o, "threads_b", json_integer(r->threads_b));
	json_object_set_new(o, "level", jstr(r->level));
	json_object_set_new(o, "metric", jstr(r->metric));
	json_object_set_new(o, "class", json_string(class_words[r->cls]));
	json_object_set_new(o, "n_a", json_integer(r->n_a));
	json_object_set_new(o, "n_b", json_integer(r->n_b));
	json_object_set_new(o, "median_a", jnum(r->med_a));
	json_object_set_new(o, "median_b", jnum(r->med_b));
	json_object_set_new(o, "ratio", jnum(r->ratio));
	json_object_set_new(o, "ci_lo", jnum(r->lo));
	json_object_set_new(o, "ci_hi", jnum(r->hi));
	json_object_set_new(o, "p", jnum(r->p));
	json_object_set_new(o, "verdict", jstr(r->verdict));
	json_object_set_new(o, "gate", json_string(gate_words[r->gate]));
	return o;
}

void rss_cmp_json_begin(const struct rss_resdir *a)
{
	fputs("{\"baseline\": ", stdout);
	put(jstr(a->path));
	fputs(", \"comparisons\": [\n ", stdout);
}

/*
 * One element of "comparisons".  Rows are built and printed one at a time,
 * so 200 000 of them never sit in memory as JSON.
 */
void rss_cmp_print_json(const struct rss_resdir *a, const struct rss_resdir *b,
			const struct rss_cmp *c, int first)
{
	struct geo *g = calloc((size_t)c->nr_rows + 1, sizeof(*g));
	json_t *notes = json_array();
	int ng;

	if (!g || !notes)
		rss_die(ENOMEM, "compare");
	fputs(first ? "{\"candidate\": " : ",\n {\"candidate\": ", stdout);
	put(jstr(b->path));
	fputs(", \"same_topology\": ", stdout);
	put(json_boolean(c->same_topology));
	fputs(", \"levels_baseline\": ", stdout);
	put(jlevels(&a->levels));
	fputs(", \"levels_candidate\": ", stdout);
	put(jlevels(&b->levels));
	rss_cmp_notes(a, b, c, json_note, notes);
	fputs(", \"notes\": ", stdout);
	put(notes);
	fputs(",\n  \"rows\": [", stdout);
	for (int i = 0; i < c->nr_rows; i++) {
		fputs(i ? ",\n    " : "\n    ", stdout);
		put(jrow(&c->rows[i]));
	}
	fputs("],\n  \"geomean\": [", stdout);
	ng = geomeans(c, g);
	for (int k = 0; k < ng; k++) {
		json_t *o = json_pack("{s:o, s:i, s:i, s:i}", "scheme", jstr(g[k].scheme),
				      "cells", g[k].cells, "worse", g[k].worse,
				      "better", g[k].better);

		for (int m = 0; m < NR_TIME; m++)
			json_object_set_new(o, time_metrics[m], jnum(g[k].g[m]));
		fputs(k ? ",\n    " : "\n    ", stdout);
		put(o);
	}
	fputs("]}", stdout);
	free(g);
}

void rss_cmp_json_end(void)
{
	fputs("]}\n", stdout);
}
