/*
 * cli_compare_sum.c - what `rssbench compare` shows and what it leads with
 * (doc/compare.md, "Reading less"): the filters (--scheme, --workload,
 * --metric, --changed-only), one summary line per scheme (the geometric
 * mean of its cells' ratios, the cells worse, better, the same and
 * unclear, a verdict word), and the rows of metrics not compared (an event
 * a side could not count, a column neither has) folded into one note per
 * reason.  `gate` prints the same summary first.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli_compare.h"
#include "harness.h"
#include "stats.h"

static int listed(const char **list, const char *s)
{
	if (!list)
		return 1;
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

void rss_cmp_view_init(struct rss_cmp_view *v, const struct rss_cmp *c,
		       const struct rss_cmp_filter *f, const struct rss_cmp_opts *o)
{
	*v = (struct rss_cmp_view){ .c = c, .f = f, .alpha = o->alpha,
				    .metric = f->metric ? f->metric : "cycles_per_op" };
	v->selected = calloc((size_t)c->nr_pairs + 1, 1);
	v->change = calloc((size_t)c->nr_pairs + 1, sizeof(*v->change));
	if (!v->selected || !v->change)
		rss_die(ENOMEM, "compare");
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		v->selected[r->cell] = listed(f->schemes, r->scheme) &&
				       listed(f->workloads, r->workload);
		if (!strcmp(r->metric, v->metric))
			v->change[r->cell] = r->change;
	}
}

void rss_cmp_view_free(struct rss_cmp_view *v)
{
	free(v->selected);
	free(v->change);
}

int rss_cmp_view_row(const struct rss_cmp_view *v, int i)
{
	const struct rss_cmp_row *r = &v->c->rows[i];

	return v->selected[r->cell] && (!v->f->one_metric || !strcmp(r->metric, v->metric)) &&
	       (!v->f->changed_only || v->change[r->cell] != RSS_CHANGE_SAME);
}

int rss_cmp_folded(const struct rss_cmp_row *r)
{
	return r->not_compared != NULL;
}

/* --- the summary ---------------------------------------------------------- */

static const char *kernel_of(const struct rss_cmp_row *r)
{
	return r->kernel ? r->kernel : "";
}

/* A kernels scenario's native on 6.1 and on 6.12 are two kernels: never pooled. */
static int same_group(const struct rss_cmp_row *a, const struct rss_cmp_row *b)
{
	return !strcmp(a->scheme, b->scheme) && !strcmp(kernel_of(a), kernel_of(b));
}

static int by_scheme(const void *x, const void *y, void *arg)
{
	const struct rss_cmp_row *rows = arg;
	int a = *(const int *)x, b = *(const int *)y, c = strcmp(rows[a].scheme, rows[b].scheme);

	if (!c)
		c = strcmp(kernel_of(&rows[a]), kernel_of(&rows[b]));
	return c ? c : (a > b) - (a < b);
}

static int by_first(const void *x, const void *y)
{
	const struct rss_cmp_scheme *a = x, *b = y;

	return (a->first > b->first) - (a->first < b->first);
}

/*
 * The verdict word of one scheme's counts: "worse" or "better" when its
 * changed cells all go one way, "mixed" when both, else "unclear" when a
 * cell could not be judged (or the runs' timings are not comparable: the
 * gate's rule, doc/compare.md), else "same".
 */
static const char *verdict_of(const struct rss_cmp_view *v, const struct rss_cmp_scheme *s, int time)
{
	const int *n = s->nr;

	if (time && v->c->time_untrusted)
		return "unclear";
	if (n[RSS_CHANGE_WORSE] && n[RSS_CHANGE_BETTER])
		return "mixed";
	if (n[RSS_CHANGE_WORSE] || n[RSS_CHANGE_BETTER])
		return n[RSS_CHANGE_WORSE] ? "worse" : "better";
	return n[RSS_CHANGE_UNCLEAR] || !s->cells ? "unclear" : "same";
}

/* cli_compare.h; one row of each cell has @metric: sorted by scheme once. */
int rss_cmp_schemes(const struct rss_cmp_view *v, const char *metric, struct rss_cmp_scheme *out,
		    const struct rss_cmp_row **any)
{
	const struct rss_cmp *c = v->c;
	int *idx = calloc((size_t)c->nr_rows + 1, sizeof(int)), n = 0, k = 0, time = 0;
	double *val = calloc((size_t)c->nr_rows + 1, sizeof(double));

	if (!idx || !val)
		rss_die(ENOMEM, "compare");
	*any = NULL;
	for (int i = 0; i < c->nr_rows; i++)
		if (v->selected[c->rows[i].cell] && !strcmp(c->rows[i].metric, metric)) {
			idx[n++] = i;
			time = c->rows[i].cls == RSS_M_TIME;
			*any = &c->rows[i];
		}
	qsort_r(idx, (size_t)n, sizeof(int), by_scheme, c->rows);
	for (int i = 0, j; i < n; i = j) {
		struct rss_cmp_scheme *s = &out[k++];
		int m = 0;

		*s = (struct rss_cmp_scheme){ .scheme = c->rows[idx[i]].scheme,
					      .kernel = kernel_of(&c->rows[idx[i]]), .first = idx[i] };
		for (j = i; j < n && same_group(&c->rows[idx[j]], &c->rows[idx[i]]); j++) {
			const struct rss_cmp_row *r = &c->rows[idx[j]];

			s->cells++;
			s->nr[r->change]++;
			if (r->ratio > 0 && isfinite(r->ratio))
				val[m++] = r->ratio;
		}
		s->geomean = rss_geomean(val, (size_t)m);
		s->verdict = verdict_of(v, s, time);
	}
	qsort(out, (size_t)k, sizeof(*out), by_first);
	free(idx);
	free(val);
	return k;
}

static void sum_line(struct rss_tline *l, int k, const void *arg)
{
	static const char *const head[] = {
		"scheme", "cells", "geomean", "worse", "better", "same", "unclear", "verdict",
	};
	static const enum rss_change order[] = {
		RSS_CHANGE_WORSE, RSS_CHANGE_BETTER, RSS_CHANGE_SAME, RSS_CHANGE_UNCLEAR,
	};
	const struct rss_cmp_scheme *s;
	char (*b)[RSS_TLINE_FIELD] = l->buf;

	if (k < 0) {
		memcpy(l->f, head, sizeof(head));
		return;
	}
	s = (const struct rss_cmp_scheme *)arg + k;
	snprintf(b[0], sizeof(b[0]), "%d", s->cells);
	snprintf(b[1], sizeof(b[1]), isnan(s->geomean) ? "-" : "%.3f", s->geomean);
	for (int i = 0; i < 4; i++)
		snprintf(b[2 + i], sizeof(b[0]), "%d", s->nr[order[i]]);
	/* On a kernel, as the rows' threads column says it: "native 6.1.0-44-cloud-amd64". */
	snprintf(b[6], sizeof(b[6]), "%s%s%s", s->scheme, *s->kernel ? " " : "", s->kernel);
	{
		const char *f[] = { b[6], b[0], b[1], b[2], b[3], b[4], b[5], s->verdict };

		memcpy(l->f, f, sizeof(f));
	}
}

void rss_cmp_print_summary(const struct rss_cmp_view *v, FILE *f)
{
	struct rss_cmp_scheme *s = calloc((size_t)v->c->nr_pairs + 1, sizeof(*s));
	const struct rss_cmp_row *r;
	int n, hb, time;

	if (!s)
		rss_die(ENOMEM, "compare");
	n = rss_cmp_schemes(v, v->metric, s, &r);
	hb = r && r->higher_better;
	time = r && r->cls == RSS_M_TIME;
	fprintf(f, "per scheme: %s, geometric mean of candidate/baseline (%s is better); cells %s\n",
		v->metric, hb ? "higher" : "lower",
		!r || r->cls == RSS_M_TIME || r->cls == RSS_M_EVENT || r->cls == RSS_M_NOISY ?
		"by the U test" : "by value");
	rss_cmp_table(n, 8, sum_line, s, f);
	if (time && v->c->time_untrusted)
		fprintf(f, "(no verdict on %s: timings not comparable: %s)\n", v->metric,
			v->c->time_untrusted);
	free(s);
}

json_t *rss_cmp_json_schemes(const struct rss_cmp_view *v)
{
	struct rss_cmp_scheme *s = calloc((size_t)v->c->nr_pairs + 1, sizeof(*s));
	json_t *arr = json_array();
	const struct rss_cmp_row *r;
	int n;

	if (!s || !arr)
		rss_die(ENOMEM, "compare");
	n = rss_cmp_schemes(v, v->metric, s, &r);
	for (int k = 0; k < n; k++) {
		json_t *o = json_pack("{s:o, s:s, s:i, s:o, s:i, s:i, s:i, s:i, s:s}",
			"scheme", rss_cmp_jstr(s[k].scheme), "metric", v->metric,
			"cells", s[k].cells,
			"geomean", isfinite(s[k].geomean) ? json_real(s[k].geomean) : json_null(),
			"worse", s[k].nr[RSS_CHANGE_WORSE], "better", s[k].nr[RSS_CHANGE_BETTER],
			"same", s[k].nr[RSS_CHANGE_SAME], "unclear", s[k].nr[RSS_CHANGE_UNCLEAR],
			"verdict", s[k].verdict);

		if (!o || json_object_set_new(o, "kernel", rss_cmp_jstr(s[k].kernel)) ||
		    json_array_append_new(arr, o))
			rss_die(ENOMEM, "compare");
	}
	free(s);
	return arr;
}

/* --- the folded rows ------------------------------------------------------- */

/* Reasons named one by one, and events named per reason; the rest counted. */
#define FOLD_REASONS	8
#define FOLD_NAMES	6

static int by_reason_metric(const void *x, const void *y, void *arg)
{
	const struct rss_cmp_row *a = (const struct rss_cmp_row *)arg + *(const int *)x;
	const struct rss_cmp_row *b = (const struct rss_cmp_row *)arg + *(const int *)y;
	int c = strcmp(a->not_compared, b->not_compared);

	if (!c)
		c = strcmp(a->metric, b->metric);
	return c ? c : (a->cell > b->cell) - (a->cell < b->cell);
}

static int by_cell(const void *x, const void *y, void *arg)
{
	const struct rss_cmp_row *a = (const struct rss_cmp_row *)arg + *(const int *)x;
	const struct rss_cmp_row *b = (const struct rss_cmp_row *)arg + *(const int *)y;

	return (a->cell > b->cell) - (a->cell < b->cell);
}

/*
 * One reason's rows @idx[0..n), sorted by metric: "3 metrics not compared
 * in 60 cells, baseline unavailable (no PMU): ev:A, ev:B, ev:C".
 */
static void fold_note(const struct rss_cmp *c, int *idx, int n, char *buf, size_t len)
{
	int events = 0, cells = 0, named = 0;
	char names[768];
	size_t at = 0;

	for (int i = 0; i < n; i++) {
		if (i && !strcmp(c->rows[idx[i]].metric, c->rows[idx[i - 1]].metric))
			continue;
		events++;
		if (named < FOLD_NAMES && at < sizeof(names))
			at += (size_t)snprintf(names + at, sizeof(names) - at, "%s%s",
					       named++ ? ", " : "", c->rows[idx[i]].metric);
	}
	if (events > named && at < sizeof(names))
		snprintf(names + at, sizeof(names) - at, " and %d more", events - named);
	qsort_r(idx, (size_t)n, sizeof(int), by_cell, c->rows);
	for (int i = 0; i < n; i++)
		cells += !i || c->rows[idx[i]].cell != c->rows[idx[i - 1]].cell;
	snprintf(buf, len, "%d metric%s not compared in %d cell%s, %s: %s", events,
		 events == 1 ? "" : "s", cells, cells == 1 ? "" : "s", c->rows[idx[0]].not_compared,
		 names);
}

void rss_cmp_folded_notes(const struct rss_cmp_view *v, void (*emit)(const char *, void *),
			  void *arg)
{
	const struct rss_cmp *c = v->c;
	int *idx = calloc((size_t)c->nr_rows + 1, sizeof(int)), n = 0, reasons = 0, rest = 0;
	char buf[1536];

	if (!idx)
		rss_die(ENOMEM, "compare");
	for (int i = 0; i < c->nr_rows; i++)
		if (rss_cmp_folded(&c->rows[i]) && rss_cmp_view_row(v, i))
			idx[n++] = i;
	qsort_r(idx, (size_t)n, sizeof(int), by_reason_metric, c->rows);
	for (int i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(c->rows[idx[j]].not_compared,
						 c->rows[idx[i]].not_compared); j++)
			;
		if (reasons++ < FOLD_REASONS) {
			fold_note(c, idx + i, j - i, buf, sizeof(buf));
			emit(buf, arg);
		} else {
			rest += j - i;
		}
	}
	if (rest) {
		snprintf(buf, sizeof(buf), "%d more rows not compared for %d other reasons (--format csv lists every row)",
			 rest, reasons - FOLD_REASONS);
		emit(buf, arg);
	}
	free(idx);
}
