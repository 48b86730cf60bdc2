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

#include "csv.h"
#include "cli_compare.h"
#include "harness.h"
#include "escape.h"
#include "infile.h"
#include "stats.h"

static const char *const time_metrics[] = { "cycles_per_op", "ns_per_op", "ops_per_sec" };
#define NR_TIME	3

static const char *const gate_words[RSS_GATE_NR] = {
	"ok", "regression", "inconclusive", "changed", "",
};
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
	char k[96] = "";

	/* A kernels scenario's rows: the same cell on two kernels, told apart. */
	if (r->kernel && r->kernel[0])
		snprintf(k, sizeof(k), " %s", r->kernel);
	if (r->threads_a == r->threads_b)
		snprintf(buf, len, "%d%s", r->threads_a, k);
	else
		snprintf(buf, len, "%d->%d%s", r->threads_a, r->threads_b, k);
}

/* --- the aligned table: widths measured in a first pass, printed in a second - */

/* cli_compare.h: each line padded to the columns' widths in a buffer, then written at once. */
void rss_cmp_table(int nr, int ncols, void (*fill)(struct rss_tline *l, int i, const void *arg),
		   const void *arg, FILE *f)
{
	size_t w[RSS_TCOLS] = { 0 }, size = 2;
	struct rss_tline l;
	char *line;

	for (int i = -1; i < nr; i++) {
		fill(&l, i, arg);
		for (int c = 0; c < ncols; c++) {
			size_t n = strlen(l.f[c]);

			w[c] = n > w[c] ? n : w[c];
		}
	}
	for (int c = 0; c < ncols; c++)
		size += w[c] + 2;
	line = malloc(size);
	if (!line)
		rss_die(ENOMEM, "table");
	for (int i = -1; i < nr; i++) {
		size_t len = 0;

		fill(&l, i, arg);
		for (int c = 0; c < ncols; c++) {
			size_t n = strlen(l.f[c]);

			memcpy(line + len, l.f[c], n);
			len += n;
			if (c < ncols - 1) {
				memset(line + len, ' ', w[c] - n + 2);
				len += w[c] - n + 2;
			}
		}
		line[len++] = '\n';
		fwrite(line, 1, len, f);
	}
	free(line);
}

/* --- per-scheme geometric means of the time ratios (CSV, JSON) ------------ */

struct geo {
	struct rss_cmp_scheme s[NR_TIME];	/* one scheme on each time metric */
};

/* The schemes of @v's selected cells, each on the three time metrics (@out: room for a pair each). */
static int geomeans(const struct rss_cmp_view *v, struct geo *out)
{
	struct rss_cmp_scheme *s = calloc((size_t)v->c->nr_pairs + 1, sizeof(*s));
	const struct rss_cmp_row *any;
	int n = 0;

	if (!s)
		rss_die(ENOMEM, "geomean");
	for (int t = 0; t < NR_TIME; t++) {
		n = rss_cmp_schemes(v, time_metrics[t], s, &any);
		for (int k = 0; k < n; k++)
			out[k].s[t] = s[k];	/* the same schemes in the same order */
	}
	free(s);
	return n;
}

/* --- notes ----------------------------------------------------------------- */

void rss_cmp_notes(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, void (*emit)(const char *, void *), void *arg)
{
	char la[96], lb[96], buf[1280], why[128];

	rss_levels_str(&a->levels, la, sizeof(la));
	rss_levels_str(&b->levels, lb, sizeof(lb));
	if (rss_resdir_same_run(a, b, why, sizeof(why))) {
		snprintf(buf, sizeof(buf), "the baseline and the candidate are %s: a run compared with itself differs in nothing",
			 why);
		emit(buf, arg);
	}
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
	if (c->time_note)
		emit(c->time_note, arg);
	if (!strcmp(a->topo_kind, "virtual") || !strcmp(b->topo_kind, "virtual"))
		emit("a virtual topology: its time columns do not describe a real machine", arg);
	if (!strcmp(a->topo_kind, "guest") || !strcmp(b->topo_kind, "guest"))
		emit("a qemu guest (rssbench guest): its time columns describe no machine (TCG emulates the CPUs; under KVM vCPUs share the host's)", arg);
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

/* The table's rows: @idx[0..nr) of @c. */
struct shown {
	const struct rss_cmp *c;
	const int *idx;
};

static void row_line(struct rss_tline *l, int i, const void *arg)
{
	static const char *const head[RSS_TCOLS] = {
		"workload", "scheme", "threads", "level", "placement", "migration", "metric",
		"n", "baseline", "candidate", "ratio", "95% ci", "p", "verdict",
	};
	const struct shown *sh = arg;
	const struct rss_cmp_row *r;
	char (*b)[RSS_TLINE_FIELD] = l->buf;

	if (i < 0) {
		memcpy(l->f, head, sizeof(head));
		return;
	}
	r = &sh->c->rows[sh->idx[i]];
	rss_cmp_threads_str(b[0], sizeof(b[0]), r);
	snprintf(b[1], sizeof(b[1]), "%d/%d", r->n_a, r->n_b);
	num(b[2], sizeof(b[2]), r->med_a);
	num(b[3], sizeof(b[3]), r->med_b);
	snprintf(b[4], sizeof(b[4]), isnan(r->ratio) ? "-" : "%.3f", r->ratio);
	if (isnan(r->lo))
		snprintf(b[5], sizeof(b[5]), "-");
	else
		snprintf(b[5], sizeof(b[5]), "[%.3f, %.3f]", r->lo, r->hi);
	snprintf(b[6], sizeof(b[6]), isnan(r->p) ? "-" : "%.2g", r->p);
	{
		const char *f[RSS_TCOLS] = {
			r->workload, r->scheme, b[0], *r->level ? r->level : "-", r->placement,
			r->migration, r->metric, b[1], b[2], b[3], b[4], b[5], b[6], r->verdict,
		};

		memcpy(l->f, f, sizeof(f));	/* l->buf stays: f points into it */
	}
}

/*
 * The summary first, then the notes (the events a side could not count in
 * one note per reason), then the rows: what a reader scans, then why.
 */
void rss_cmp_print_table(const struct rss_resdir *a, const struct rss_resdir *b,
			 const struct rss_cmp_view *v)
{
	const struct rss_cmp *c = v->c;
	int *idx = calloc((size_t)c->nr_rows + 1, sizeof(int)), n = 0, cells = 0, shown = 0;
	char pa[512], pb[512];

	if (!idx)
		rss_die(ENOMEM, "compare");
	printf("baseline  %s\ncandidate %s\n", rss_escape_str(pa, sizeof(pa), a->path),
	       rss_escape_str(pb, sizeof(pb), b->path));
	rss_cmp_print_summary(v, stdout);
	rss_cmp_notes(a, b, c, note_line, stdout);
	rss_cmp_folded_notes(v, note_line, stdout);
	for (int i = 0; i < c->nr_pairs; i++) {
		cells += v->selected[i];
		shown += v->selected[i] && v->change[i] != RSS_CHANGE_SAME;
	}
	if (v->f->changed_only)
		printf("note: --changed-only: %d of %d cell%s shown, the other %d %s the same on %s\n",
		       shown, cells, rss_s(cells), cells - shown, cells - shown == 1 ? "is" : "are",
		       v->metric);
	for (int i = 0; i < c->nr_rows; i++)
		if (rss_cmp_view_row(v, i) && !rss_cmp_folded(&c->rows[i]))
			idx[n++] = i;
	if (n) {	/* no header over nothing: every row folded or filtered away */
		putchar('\n');
		rss_cmp_table(n, RSS_TCOLS, row_line, &(struct shown){ c, idx }, stdout);
	}
	free(idx);
}

/* --- CSV ---------------------------------------------------------------------- */

/*
 * One field, after a comma unless @first, quoted as csv.c quotes; text a
 * spreadsheet would take for a formula (= + - @ TAB CR first) is always
 * quoted, with a ' in front inside the quotes (escape.h).
 */
static void csv_field(const char *s, int first)
{
	if (!rss_csv_formula(s)) {
		if (first)
			rss_csv_field(stdout, s);
		else
			rss_csv_sep_field(stdout, s);
		return;
	}
	if (!first)
		putchar(',');
	fputs("\"'", stdout);
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

void rss_cmp_print_csv(const struct rss_resdir *b, const struct rss_cmp_view *v, int header)
{
	const struct rss_cmp *c = v->c;
	struct geo *g = calloc((size_t)c->nr_pairs + 1, sizeof(*g));
	char path[1024], tmp[64];
	int ng;

	if (!g)
		rss_die(ENOMEM, "compare");
	/* Control bytes in a directory name are escaped here too: never raw. */
	rss_escape_str(path, sizeof(path), b->path);
	if (header)
		puts("candidate,workload,scheme,placement,migration,threads_a,threads_b,level,metric,"
		     "class,n_a,n_b,median_a,median_b,ratio,ci_lo,ci_hi,p,verdict,gate,kernel");
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		if (!rss_cmp_view_row(v, i))
			continue;
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
		printf(",%s", gate_words[r->gate]);
		csv_field(r->kernel ? r->kernel : "", 0);
		putchar('\n');
	}
	/* Geometric means: class "geomean", n_a = the cells averaged. */
	ng = geomeans(v, g);
	for (int k = 0; k < ng; k++)
		for (int m = 0; m < NR_TIME; m++) {
			const struct rss_cmp_scheme *s = &g[k].s[m];

			if (v->f->one_metric && strcmp(time_metrics[m], v->metric))
				continue;	/* --metric: its rows only */
			csv_field(path, 1);
			fputs(",*", stdout);
			csv_field(s->scheme, 0);
			printf(",*,*,,,,%s,geomean,%d,%d,,", time_metrics[m], s->cells, s->cells);
			csv_num(s->geomean);
			snprintf(tmp, sizeof(tmp), "%d worse %d better", s->nr[RSS_CHANGE_WORSE],
				 s->nr[RSS_CHANGE_BETTER]);
			fputs(",,,", stdout);
			csv_field(tmp, 0);
			putchar(',');
			csv_field(s->kernel, 0);
			putchar('\n');
		}
	free(g);
}

/* --- JSON ------------------------------------------------------------------------ */

/* cli_compare.h */
json_t *rss_cmp_jstr(const char *s)
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
 * Prints @v (ASCII only: every other character as \uXXXX), keeping it.
 * Dumped into a buffer first: json_dumpf writes token by token.
 */
static void put_keep(json_t *v)
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
}

/* put_keep, then drops @v. */
static void put(json_t *v)
{
	put_keep(v);
	json_decref(v);
}

static json_t *jlevels(const struct rss_topo_levels *lv)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "core", lv->core, "cache", lv->cache,
			 "node", lv->node, "machine", lv->machine);
}

static void json_note(const char *s, void *arg)
{
	json_array_append_new(arg, rss_cmp_jstr(s));
}

/*
 * The row object is made once and its values are set in place for each row
 * (200 000 rows: no object, key or value allocated per row).  A key keeps
 * its place when its value is replaced, so the members stay in this order.
 */
static void set_str(json_t *o, const char *key, const char *s)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_string_setn(v, s, strlen(s)))	/* new, or not UTF-8 */
		json_object_set_new(o, key, rss_cmp_jstr(s));
}

static void set_int(json_t *o, const char *key, int i)
{
	json_t *v = json_object_get(o, key);

	if (!v)
		json_object_set_new(o, key, json_integer(i));
	else
		json_integer_set(v, i);
}

/* A number, or null for none (NAN). */
static void set_num(json_t *o, const char *key, double d)
{
	json_t *v = json_object_get(o, key);

	if (v && json_is_real(v) && isfinite(d))
		json_real_set(v, d);
	else
		json_object_set_new(o, key, jnum(d));
}

static void jrow(json_t *o, const struct rss_cmp_row *r)
{
	set_str(o, "workload", r->workload);
	set_str(o, "scheme", r->scheme);
	set_str(o, "kernel", r->kernel ? r->kernel : "");
	set_str(o, "placement", r->placement);
	set_str(o, "migration", r->migration);
	set_int(o, "threads_a", r->threads_a);
	set_int(o, "threads_b", r->threads_b);
	set_str(o, "level", r->level);
	set_str(o, "metric", r->metric);
	set_str(o, "class", class_words[r->cls]);
	set_int(o, "n_a", r->n_a);
	set_int(o, "n_b", r->n_b);
	set_num(o, "median_a", r->med_a);
	set_num(o, "median_b", r->med_b);
	set_num(o, "ratio", r->ratio);
	set_num(o, "ci_lo", r->lo);
	set_num(o, "ci_hi", r->hi);
	set_num(o, "p", r->p);
	set_str(o, "verdict", r->verdict);
	set_str(o, "gate", gate_words[r->gate]);
}

void rss_cmp_json_begin(const struct rss_resdir *a)
{
	fputs("{\"baseline\": ", stdout);
	put(rss_cmp_jstr(a->path));
	fputs(", \"comparisons\": [\n ", stdout);
}

/*
 * One element of "comparisons".  Rows are built and printed one at a time,
 * so 200 000 of them never sit in memory as JSON.
 */
void rss_cmp_print_json(const struct rss_resdir *a, const struct rss_resdir *b,
			const struct rss_cmp_view *v, int first)
{
	const struct rss_cmp *c = v->c;
	struct geo *g = calloc((size_t)c->nr_pairs + 1, sizeof(*g));
	json_t *notes = json_array(), *row = json_object();
	int ng;

	if (!g || !notes || !row)
		rss_die(ENOMEM, "compare");
	fputs(first ? "{\"candidate\": " : ",\n {\"candidate\": ", stdout);
	put(rss_cmp_jstr(b->path));
	fputs(", \"same_topology\": ", stdout);
	put(json_boolean(c->same_topology));
	fputs(", \"levels_baseline\": ", stdout);
	put(jlevels(&a->levels));
	fputs(", \"levels_candidate\": ", stdout);
	put(jlevels(&b->levels));
	rss_cmp_notes(a, b, c, json_note, notes);
	fputs(", \"notes\": ", stdout);
	put(notes);
	fputs(",\n  \"schemes\": ", stdout);
	put(rss_cmp_json_schemes(v));
	fputs(",\n  \"rows\": [", stdout);
	for (int i = 0, n = 0; i < c->nr_rows; i++) {
		if (!rss_cmp_view_row(v, i))
			continue;
		fputs(n++ ? ",\n    " : "\n    ", stdout);
		jrow(row, &c->rows[i]);
		put_keep(row);
	}
	json_decref(row);
	fputs("],\n  \"geomean\": [", stdout);
	ng = geomeans(v, g);
	for (int k = 0; k < ng; k++) {
		const struct rss_cmp_scheme *s = g[k].s;	/* the counts: cycles_per_op's */
		json_t *o = json_pack("{s:o, s:o, s:i, s:i, s:i}", "scheme", rss_cmp_jstr(s->scheme),
				      "kernel", rss_cmp_jstr(s->kernel), "cells", s->cells,
				      "worse", s->nr[RSS_CHANGE_WORSE],
				      "better", s->nr[RSS_CHANGE_BETTER]);

		for (int m = 0; m < NR_TIME; m++)
			json_object_set_new(o, time_metrics[m], jnum(g[k].s[m].geomean));
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
