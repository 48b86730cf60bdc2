/*
 * compare.c - pairs the cells of a baseline and a candidate results
 * directory (by key, or by topology level when the topologies differ) and
 * judges every metric of every pair (doc/compare.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "stats.h"

/* One cell: its key and the rows of its repetitions. */
struct cell {
	struct rss_cell_key key;
	int n, *rows;
	int paired;
};

struct side {
	const struct rss_resdir *d;
	int nr_cells, max_n;	/* max_n: the most repetitions of a cell */
	struct cell *cells;	/* in the order of their first row */
	struct cell **index;	/* the same, sorted by key for find_cell */
	int *rows;		/* every cell's rows, one after the other */
};

struct metric {
	const char *name;
	enum rss_mclass cls;
	int higher_better;
	int col_a, col_b;	/* its column on each side, -1 for none: found once */
};

static const struct metric fixed_metrics[] = {
	{ "cycles_per_op", RSS_M_TIME, 0, -1, -1 },
	{ "ns_per_op", RSS_M_TIME, 0, -1, -1 },
	{ "ops_per_sec", RSS_M_TIME, 1, -1, -1 },
	{ "err_max", RSS_M_NOISY, 0, -1, -1 },
	{ "err_p99", RSS_M_NOISY, 0, -1, -1 },
	{ "settled_err", RSS_M_NOISY, 0, -1, -1 },
	{ "precise_err", RSS_M_EXACT, 0, -1, -1 },
	{ "failures", RSS_M_EXACT, 0, -1, -1 },
	{ "bound_under", RSS_M_EXACT, 0, -1, -1 },
	{ "bound_over", RSS_M_EXACT, 0, -1, -1 },
	{ "bytes_per_mm", RSS_M_EXACT, 0, -1, -1 },
	{ "pcpu_bytes_per_mm", RSS_M_EXACT, 0, -1, -1 },
	{ "verify", RSS_M_VERIFY, 0, -1, -1 },
};
#define NR_FIXED	(sizeof(fixed_metrics) / sizeof(fixed_metrics[0]))

/* The comparison's strings live in chunks that never move; freed with it. */
struct rss_cmp_text {
	struct rss_cmp_text *next;
	size_t used;
	char buf[65536];
};

/* A copy of the formatted text, kept as long as @c; "" and c->nomem set without memory. */
static const char * __attribute__((format(printf, 2, 3))) keep(struct rss_cmp *c, const char *fmt, ...)
{
	struct rss_cmp_text *t = c->text;
	char tmp[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	n = strlen(tmp) + 1;
	if (!t || t->used + n > sizeof(t->buf)) {
		t = malloc(sizeof(*t));
		if (!t) {
			c->nomem = 1;
			return "";
		}
		t->next = c->text;
		t->used = 0;
		c->text = t;
	}
	memcpy(t->buf + t->used, tmp, n);
	t->used += n;
	return t->buf + t->used - n;
}

static int cmp_cell(const struct cell *a, const struct cell *b)
{
	return rss_cell_key_cmp(&a->key, &b->key);
}

static int cmp_cell_p(const void *a, const void *b)
{
	return cmp_cell(*(struct cell *const *)a, *(struct cell *const *)b);
}

/* The cell of @sd with @like's key and @threads threads, or NULL.  O(log cells). */
static struct cell *find_cell(struct side *sd, const struct cell *like, int threads)
{
	struct cell key = *like, *kp = &key, **hit;

	key.key.threads = threads;
	hit = bsearch(&kp, sd->index, (size_t)sd->nr_cells, sizeof(*sd->index), cmp_cell_p);
	return hit ? *hit : NULL;
}

static int cmp_row_cell(const void *a, const void *b, void *arg)
{
	const struct cell *cells = arg;
	int ra = *(const int *)a, rb = *(const int *)b, c = cmp_cell(&cells[ra], &cells[rb]);

	return c ? c : (ra > rb) - (ra < rb);
}

/*
 * Numbers the cells by their first row (@cell_of[r]: row r's cell in key
 * order, @groups of them; @map has room for @groups) and gives each its
 * rows in file order.
 */
static void fill_cells(struct side *sd, const struct cell *keys, const int *cell_of, int *map,
		       int groups)
{
	int nr_rows = sd->d->nr_rows;

	for (int g = 0; g < groups; g++)
		map[g] = -1;
	for (int r = 0; r < nr_rows; r++) {
		if (map[cell_of[r]] < 0) {
			map[cell_of[r]] = sd->nr_cells;
			sd->cells[sd->nr_cells] = keys[r];
			sd->index[sd->nr_cells] = &sd->cells[sd->nr_cells];
			sd->nr_cells++;
		}
		sd->cells[map[cell_of[r]]].n++;
	}
	for (int i = 0, at = 0; i < sd->nr_cells; i++) {
		sd->cells[i].rows = sd->rows + at;
		at += sd->cells[i].n;
		sd->max_n = sd->cells[i].n > sd->max_n ? sd->cells[i].n : sd->max_n;
		sd->cells[i].n = 0;
	}
	for (int r = 0; r < nr_rows; r++) {
		struct cell *c = &sd->cells[map[cell_of[r]]];

		c->rows[c->n++] = r;
	}
}

/*
 * The cells of @d in the order of their first row, each with its rows in
 * file order; sorted once (n log n), so 10 000 cells or repetitions group
 * as fast as ten.
 */
static int group(struct side *sd, const struct rss_resdir *d)
{
	int cw = rss_resdir_col(d, "workload"), cs = rss_resdir_col(d, "scheme");
	int cp = rss_resdir_col(d, "placement"), cm = rss_resdir_col(d, "migration");
	struct cell *keys = calloc((size_t)d->nr_rows, sizeof(*keys));
	int *order = calloc((size_t)d->nr_rows, sizeof(int)), *cell_of = NULL, ret = -ENOMEM;

	sd->d = d;
	sd->cells = calloc((size_t)d->nr_rows, sizeof(*sd->cells));
	sd->index = calloc((size_t)d->nr_rows, sizeof(*sd->index));
	sd->rows = calloc((size_t)d->nr_rows, sizeof(int));
	cell_of = calloc((size_t)d->nr_rows, sizeof(int));
	if (!keys || !order || !sd->cells || !sd->index || !sd->rows || !cell_of)
		goto out;
	for (int r = 0; r < d->nr_rows; r++) {
		keys[r] = (struct cell){ .key = {
			.workload = rss_resdir_val(d, r, cw), .scheme = rss_resdir_val(d, r, cs),
			.placement = rss_resdir_val(d, r, cp), .migration = rss_resdir_val(d, r, cm),
			.threads = d->threads[r],
		} };
		order[r] = r;
	}
	qsort_r(order, (size_t)d->nr_rows, sizeof(int), cmp_row_cell, keys);
	/* cell_of[r]: the cell of row r, numbered in key order. */
	for (int i = 0, n = -1; i < d->nr_rows; i++) {
		if (!i || cmp_cell(&keys[order[i - 1]], &keys[order[i]]))
			n++;
		cell_of[order[i]] = n;
	}
	fill_cells(sd, keys, cell_of, order, cell_of[order[d->nr_rows - 1]] + 1);
	qsort(sd->index, (size_t)sd->nr_cells, sizeof(*sd->index), cmp_cell_p);
	ret = 0;
out:
	free(keys);
	free(order);
	free(cell_of);
	return ret;
}

static void side_free(struct side *sd)
{
	free(sd->cells);
	free(sd->index);
	free(sd->rows);
}

/*
 * The cell's values of @col: 0, or -ENODATA with the first "unavailable"
 * value (or "no column") in @why.
 */
static int values(const struct side *sd, const struct cell *c, int col, double *v,
		  char *why, size_t len)
{
	for (int i = 0; i < c->n; i++) {
		if (!rss_resdir_num(sd->d, c->rows[i], col, &v[i]))
			continue;
		rss_resdir_why(sd->d, c->rows[i], col, why, len);
		return -ENODATA;
	}
	return 0;
}

/*
 * One comparison's working arrays, sized once for the largest cell of each
 * side: judging 200 000 metrics allocates nothing per metric.
 */
struct scratch {
	double *va, *vb;	/* a cell's values, max_n of each side */
	double *t;		/* sorting room for both together */
};

static int scratch_alloc(struct scratch *s, const struct side *a, const struct side *b)
{
	s->va = malloc(((size_t)a->max_n + 1) * sizeof(double));
	s->vb = malloc(((size_t)b->max_n + 1) * sizeof(double));
	s->t = malloc(((size_t)a->max_n + (size_t)b->max_n + 1) * sizeof(double));
	return s->va && s->vb && s->t ? 0 : -ENOMEM;
}

static void scratch_free(struct scratch *s)
{
	free(s->va);
	free(s->vb);
	free(s->t);
}

/* Interquartile range over the median; @t has room for @n. */
static double rel_iqr(const double *v, int n, double *t)
{
	double q1, q3, med;

	memcpy(t, v, (size_t)n * sizeof(double));
	q1 = rss_quantile(t, (size_t)n, 0.25);
	q3 = rss_quantile(t, (size_t)n, 0.75);
	med = rss_median(t, (size_t)n);
	return med > 0 ? (q3 - q1) / med : NAN;
}

/* The gate's rule for a time metric (doc/compare.md, "gate"). */
static void gate_time(struct rss_cmp *c, struct rss_cmp_row *r, const struct scratch *s,
		      int worse, const struct rss_cmp_opts *o)
{
	double bad = r->higher_better ? 1 / r->ratio : r->ratio;
	double na = rel_iqr(s->va, r->n_a, s->t), nb = rel_iqr(s->vb, r->n_b, s->t);

	if (r->n_a < o->min_reps || r->n_b < o->min_reps) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = keep(c, "%d/%d repetitions, the gate needs %d on each side",
			 r->n_a, r->n_b, o->min_reps);
	} else if (rss_mwu_min_p((size_t)r->n_a, (size_t)r->n_b) >= o->alpha) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = keep(c, "the U test cannot reach p < %g with %d/%d repetitions",
			 o->alpha, r->n_a, r->n_b);
	} else if (bad > 1 + o->threshold && r->p < o->alpha && worse) {
		r->gate = RSS_GATE_REGRESSION;
		r->why = keep(c, "%.1f%% worse (threshold %g%%), p = %.2g",
			 (bad - 1) * 100, o->threshold * 100, r->p);
	} else if (r->p < o->alpha && !worse) {
		r->gate = RSS_GATE_OK;		/* proven better */
	} else if (bad > 1 + o->threshold) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = keep(c, "%.1f%% worse but not significant (p = %.2g): too noisy to tell",
			 (bad - 1) * 100, r->p);
	} else if (na > o->threshold || nb > o->threshold) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = keep(c, "too noisy: the repetitions spread %.0f%%/%.0f%% (IQR/median) > threshold %g%%",
			 na * 100, nb * 100, o->threshold * 100);
	} else {
		r->gate = RSS_GATE_OK;
	}
}

static void judge_stats(struct rss_cmp *c, struct rss_cmp_row *r, const struct scratch *s,
			const struct rss_cmp_opts *o)
{
	size_t na = (size_t)r->n_a, nb = (size_t)r->n_b;
	const double *va = s->va, *vb = s->vb;
	struct rss_mwu u = { 0 };
	double est, *t = s->t;
	int worse = 0;

	memcpy(t, va, na * sizeof(double));
	memcpy(t + na, vb, nb * sizeof(double));
	r->med_a = rss_median(t, na);
	r->med_b = rss_median(t + na, nb);
	r->ratio = r->med_a != 0 ? r->med_b / r->med_a : NAN;
	if (!rss_mwu(vb, nb, va, na, &u)) {
		r->p = u.p;
		/* U of the candidate above half the pairs: its values are larger. */
		worse = r->higher_better ? u.u < (double)(na * nb) / 2 : u.u > (double)(na * nb) / 2;
	}
	if (rss_ratio_ci(va, na, vb, nb, o->alpha, &r->lo, &r->hi, &est))
		r->lo = r->hi = NAN;
	/* Fixed verdicts are literals: kept as long as the program. */
	if (rss_mwu_min_p(na, nb) >= o->alpha)
		r->verdict = "too few repetitions for the U test";
	else if (r->p < o->alpha)
		r->verdict = worse ? "worse" : "better";
	else
		r->verdict = "no difference";
	if (r->cls == RSS_M_TIME)
		gate_time(c, r, s, worse, o);
}

static double max_of(const double *v, int n)
{
	double m = v[0];

	for (int i = 1; i < n; i++)
		m = v[i] > m ? v[i] : m;
	return m;
}

/* Deterministic columns: the max over repetitions, compared exactly. */
static void judge_exact(struct rss_cmp *c, struct rss_cmp_row *r, const double *va, int oka,
			const double *vb, int okb)
{
	if (oka)
		r->med_a = max_of(va, r->n_a);
	if (okb)
		r->med_b = max_of(vb, r->n_b);
	if (oka && okb && r->med_a > 0)
		r->ratio = r->med_b / r->med_a;
	r->gate = RSS_GATE_OK;
	if (!oka && !okb) {
		r->verdict = "unavailable on both sides";
	} else if (!okb) {
		r->verdict = "worse: no longer known";
		r->gate = RSS_GATE_REGRESSION;
		r->why = keep(c, "%s was %g, now unavailable", r->metric, r->med_a);
	} else if (!oka) {
		r->verdict = "better: now known";
	} else if (r->med_b > r->med_a) {
		r->verdict = "worse";
		r->gate = RSS_GATE_REGRESSION;
		r->why = keep(c, "%s %g -> %g (deterministic, gated exactly)",
			 r->metric, r->med_a, r->med_b);
	} else {
		r->verdict = r->med_b < r->med_a ? "better" : "equal";
	}
}

/* 2 when a repetition FAILED, 1 when one is unverified (reason in @why), else 0. */
static int failed(const struct side *sd, const struct cell *c, int col, char *why, size_t len)
{
	int worst = 0;

	for (int i = 0; i < c->n && col >= 0 && worst < 2; i++) {
		const char *v = rss_resdir_val(sd->d, c->rows[i], col);
		int bad = !strncmp(v, "FAILED", 6) ? 2 : !strncmp(v, "unverified", 10);
		char reason[160] = "";

		if (bad <= worst)
			continue;
		worst = bad;
		if (sd->d->format >= 2) {
			rss_resdir_why(sd->d, c->rows[i], col, reason, sizeof(reason));
			/* "unavailable (why)" -> " (why)" */
			memmove(reason, reason + 11, strlen(reason + 11) + 1);
		}
		snprintf(why, len, "rep %d: %s%s", sd->d->rep[c->rows[i]], v, reason);
	}
	return worst;
}

static void judge_verify(struct rss_cmp *c, struct rss_cmp_row *r, const struct side *a, const struct cell *ca,
			 const struct side *b, const struct cell *cb)
{
	char wa[160], wb[160];
	int fa = failed(a, ca, rss_resdir_col(a->d, "verify"), wa, sizeof(wa));
	int fb = failed(b, cb, rss_resdir_col(b->d, "verify"), wb, sizeof(wb));

	r->gate = fb == 2 ? RSS_GATE_REGRESSION : fb ? RSS_GATE_INCONCLUSIVE : RSS_GATE_OK;
	r->verdict = fb == 2 ? (fa == 2 ? "FAILED on both sides" : "worse: FAILED") :
		     fb ? "unverified: cannot tell" : fa ? "better: ok now" : "ok";
	if (fb)
		r->why = keep(c, "verify %s", wb);
}

/* Judges metric @m of one pair of cells into the next row (c->rows has room). */
static void judge(struct rss_cmp *c, const struct side *a, const struct cell *ca,
		  const struct side *b, const struct cell *cb, const char *level,
		  const struct metric *m, const struct rss_cmp_opts *o, const struct scratch *s)
{
	struct rss_cmp_row *r = &c->rows[c->nr_rows++];
	char why_a[128], why_b[128];
	int oka, okb;

	*r = (struct rss_cmp_row){
		.workload = ca->key.workload, .scheme = ca->key.scheme,
		.placement = ca->key.placement, .migration = ca->key.migration,
		.threads_a = ca->key.threads, .threads_b = cb->key.threads,
		.cls = m->cls, .higher_better = m->higher_better, .n_a = ca->n, .n_b = cb->n,
		.med_a = NAN, .med_b = NAN, .ratio = NAN, .lo = NAN, .hi = NAN, .p = NAN,
		.gate = RSS_GATE_NONE, .verdict = "", .why = "", .level = level,
	};
	r->metric = m->name;
	oka = !values(a, ca, m->col_a, s->va, why_a, sizeof(why_a));
	okb = !values(b, cb, m->col_b, s->vb, why_b, sizeof(why_b));
	if (m->cls == RSS_M_VERIFY) {
		judge_verify(c, r, a, ca, b, cb);
	} else if (m->cls == RSS_M_EXACT) {
		judge_exact(c, r, s->va, oka, s->vb, okb);
	} else if (!oka || !okb) {
		/* Never compared: say which side lacks it and why. */
		r->verdict = keep(c, "not compared: %s %s",
			 oka ? "candidate" : "baseline", oka ? why_b : why_a);
		if (m->cls == RSS_M_TIME) {
			r->gate = RSS_GATE_INCONCLUSIVE;
			r->why = r->verdict;
		}
	} else {
		judge_stats(c, r, s, o);
	}
	/* Compared and shown, but only the chosen time metric is gated. */
	if (m->cls == RSS_M_TIME && o->gate_metric && strcmp(m->name, o->gate_metric)) {
		r->gate = RSS_GATE_NONE;
		r->why = "";
	}
}

/* Column @i of @from in @d: the same place when the headers agree there, else looked up. */
static int col_in(const struct rss_resdir *d, const struct rss_resdir *from, int i)
{
	if (i < d->nr_cols && !strcmp(d->cols[i], from->cols[i]))
		return i;
	return rss_resdir_col(d, from->cols[i]);
}

/*
 * The metrics, each with its column on both sides: the fixed ones, then
 * every ev: column either side has.
 */
static int metrics(const struct rss_resdir *a, const struct rss_resdir *b,
		   struct metric *out)
{
	int n = 0;

	for (size_t i = 0; i < NR_FIXED; i++) {
		out[n] = fixed_metrics[i];
		out[n].col_a = rss_resdir_col(a, out[n].name);
		out[n].col_b = rss_resdir_col(b, out[n].name);
		n++;
	}
	/* a's columns are unique (the reader refuses a name twice). */
	for (int i = 0; i < a->nr_cols; i++)
		if (!strncmp(a->cols[i], "ev:", 3))
			out[n++] = (struct metric){ a->cols[i], RSS_M_EVENT, 0, i, col_in(b, a, i) };
	for (int i = 0; i < b->nr_cols; i++)
		if (!strncmp(b->cols[i], "ev:", 3) && col_in(a, b, i) < 0)
			out[n++] = (struct metric){ b->cols[i], RSS_M_EVENT, 0, -1, i };
	return n;
}

/* Thread counts of the levels, "pu" (one thread) first. */
static void level_threads(const struct rss_topo_levels *lv, int *t)
{
	t[0] = 1;
	t[1] = lv->core;
	t[2] = lv->cache;
	t[3] = lv->node;
	t[4] = lv->machine;
}

static const char *const level_names[] = { "pu", "core", "cache", "node", "machine" };
#define NR_LEVELS	5

struct pair {
	struct cell *a, *b;
	char level[48];
};

/*
 * Different topologies: cell pairs whose thread counts fill the same level
 * on each side; a pair that fills several levels names them all.
 */
static int pair_by_level(struct side *a, struct side *b, struct pair *p, int max)
{
	int ta[NR_LEVELS], tb[NR_LEVELS], n = 0;

	level_threads(&a->d->levels, ta);
	level_threads(&b->d->levels, tb);
	for (int i = 0; i < a->nr_cells; i++) {
		struct cell *ca = &a->cells[i];

		for (int l = 0; l < NR_LEVELS; l++) {
			struct cell *cb;
			int k;

			if (ta[l] != ca->key.threads || tb[l] <= 0 ||
			    !(cb = find_cell(b, ca, tb[l])))
				continue;
			for (k = 0; k < n && (p[k].a != ca || p[k].b != cb); k++)
				;
			if (k < n) {
				size_t len = strlen(p[k].level);

				snprintf(p[k].level + len, sizeof(p[k].level) - len, "/%s",
					 level_names[l]);
			} else if (n < max) {
				p[n] = (struct pair){ ca, cb, "" };
				snprintf(p[n++].level, sizeof(p[0].level), "%s", level_names[l]);
			}
			ca->paired = cb->paired = 1;
		}
	}
	return n;
}

static int pair_by_key(struct side *a, struct side *b, struct pair *p)
{
	int n = 0;

	for (int i = 0; i < a->nr_cells; i++) {
		struct cell *cb = find_cell(b, &a->cells[i], a->cells[i].key.threads);

		if (!cb)
			continue;
		p[n++] = (struct pair){ &a->cells[i], cb, "" };
		a->cells[i].paired = cb->paired = 1;
	}
	return n;
}

int rss_compare(struct rss_cmp *c, const struct rss_resdir *a, const struct rss_resdir *b,
		const struct rss_cmp_opts *o)
{
	struct side sa = { 0 }, sb = { 0 };
	struct scratch s = { 0 };
	struct metric *m = calloc(NR_FIXED + (size_t)(a->nr_cols + b->nr_cols), sizeof(*m));
	struct pair *p = NULL;
	int nm, ret = -ENOMEM;

	memset(c, 0, sizeof(*c));
	c->same_topology = !memcmp(&a->levels, &b->levels, sizeof(a->levels));
	if (!m || group(&sa, a) || group(&sb, b) || scratch_alloc(&s, &sa, &sb))
		goto out;
	p = calloc((size_t)sa.nr_cells * NR_LEVELS + 1, sizeof(*p));
	if (!p)
		goto out;
	c->nr_pairs = c->same_topology ? pair_by_key(&sa, &sb, p) :
		      pair_by_level(&sa, &sb, p, sa.nr_cells * NR_LEVELS);
	nm = metrics(a, b, m);
	/* Every row at once: 200 000 of them are never copied by a growing array. */
	c->rows = calloc((size_t)c->nr_pairs * (size_t)nm + 1, sizeof(*c->rows));
	if (!c->rows)
		goto out;
	for (int i = 0; i < c->nr_pairs; i++) {
		const char *level = keep(c, "%s", p[i].level);

		for (int j = 0; j < nm; j++)
			judge(c, &sa, p[i].a, &sb, p[i].b, level, &m[j], o, &s);
	}
	ret = c->nomem ? -ENOMEM : 0;
	for (int i = 0; i < sa.nr_cells; i++)
		c->only_a += !sa.cells[i].paired;
	for (int i = 0; i < sb.nr_cells; i++)
		c->only_b += !sb.cells[i].paired;
out:
	side_free(&sa);
	side_free(&sb);
	scratch_free(&s);
	free(p);
	free(m);
	if (ret)
		rss_compare_free(c);
	return ret;
}

void rss_compare_free(struct rss_cmp *c)
{
	while (c->text) {
		struct rss_cmp_text *t = c->text;

		c->text = t->next;
		free(t);
	}
	free(c->rows);
	c->rows = NULL;
	c->nr_rows = 0;
}

void rss_levels_str(const struct rss_topo_levels *lv, char *buf, size_t len)
{
	snprintf(buf, len, "core:%d cache:%d node:%d machine:%d", lv->core, lv->cache,
		 lv->node, lv->machine);
}
