/*
 * compare.c - pairs the cells of a baseline and a candidate results
 * directory (by key, or by topology level when the topologies differ) and
 * has every metric of every pair judged (compare_judge.c; doc/compare.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_impl.h"

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

/* model.csv's figures (model_csv.c), gated exactly: the row's name, the column. */
static const char *const model_metrics[][2] = {
	{ "model:lines_per_op", "lines_per_op" },
	{ "model:transfers_per_op", "transfers_per_op" },
	{ "model:transfers_core_per_op", "transfers_core_per_op" },
	{ "model:transfers_cache_per_op", "transfers_cache_per_op" },
	{ "model:transfers_node_per_op", "transfers_node_per_op" },
	{ "model:transfers_remote_per_op", "transfers_remote_per_op" },
	{ "model:invalidations_per_op", "invalidations_per_op" },
	{ "model:fills_per_op", "fills_per_op" },
	{ "model:accesses_per_op", "accesses_per_op" },
};
#define NR_MODEL	(sizeof(model_metrics) / sizeof(model_metrics[0]))

/* compare_impl.h */
const char *rss_cmp_keep(struct rss_cmp *c, const char *fmt, ...)
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

/*
 * The model figures of pair (@ca, @cb), judged exactly, when both model
 * sides have the cell: more rows for the same cell @cell.
 */
static void judge_model(struct rss_cmp *c, struct side *ma, struct side *mb,
			const struct cell *ca, const struct cell *cb, const char *level,
			const struct rss_cmp_opts *o, const struct scratch *s, int cell)
{
	struct cell *mca = find_cell(ma, ca, ca->key.threads);
	struct cell *mcb = find_cell(mb, cb, cb->key.threads);

	if (!mca || !mcb)
		return;
	for (size_t j = 0; j < NR_MODEL; j++) {
		struct metric m = { model_metrics[j][0], RSS_M_EXACT, 0,
				    rss_resdir_col(ma->d, model_metrics[j][1]),
				    rss_resdir_col(mb->d, model_metrics[j][1]) };

		rss_cmp_judge(c, ma, mca, mb, mcb, level, &m, o, s);
		c->rows[c->nr_rows - 1].cell = cell;
	}
}

int rss_compare(struct rss_cmp *c, const struct rss_resdir *a, const struct rss_resdir *b,
		const struct rss_cmp_opts *o)
{
	struct side sa = { 0 }, sb = { 0 }, ma = { 0 }, mb = { 0 };
	struct scratch s = { 0 }, ms = { 0 };
	struct metric *m = calloc(NR_FIXED + (size_t)(a->nr_cols + b->nr_cols), sizeof(*m));
	struct pair *p = NULL;
	int nm, ret = -ENOMEM;

	memset(c, 0, sizeof(*c));
	c->same_topology = !memcmp(&a->levels, &b->levels, sizeof(a->levels));
	c->model_exact = rss_cmp_model_exact(a, b, c->same_topology);
	if (!m || group(&sa, a) || group(&sb, b) || rss_cmp_scratch_alloc(&s, &sa, &sb))
		goto out;
	if (c->model_exact && (group(&ma, a->model) || group(&mb, b->model) ||
			       rss_cmp_scratch_alloc(&ms, &ma, &mb)))
		goto out;
	p = calloc((size_t)sa.nr_cells * NR_LEVELS + 1, sizeof(*p));
	if (!p)
		goto out;
	c->nr_pairs = c->same_topology ? pair_by_key(&sa, &sb, p) :
		      pair_by_level(&sa, &sb, p, sa.nr_cells * NR_LEVELS);
	nm = metrics(a, b, m);
	/* Every row at once: 200 000 of them are never copied by a growing array. */
	c->rows = calloc((size_t)c->nr_pairs * ((size_t)nm + (c->model_exact ? NR_MODEL : 0)) + 1,
			 sizeof(*c->rows));
	if (!c->rows)
		goto out;
	{
		char why[512], note[768];
		const char *t = rss_cmp_time_untrusted(a, b, why, sizeof(why), note, sizeof(note));

		c->time_untrusted = t ? rss_cmp_keep(c, "%s", t) : NULL;
		c->time_note = *note ? rss_cmp_keep(c, "%s", note) : NULL;
		c->error_exact = rss_cmp_error_exact(a, b, c->same_topology);
	}
	for (int i = 0; i < c->nr_pairs; i++) {
		const char *level = rss_cmp_keep(c, "%s", p[i].level);

		for (int j = 0; j < nm; j++) {
			rss_cmp_judge(c, &sa, p[i].a, &sb, p[i].b, level, &m[j], o, &s);
			c->rows[c->nr_rows - 1].cell = i;
		}
		if (c->model_exact)
			judge_model(c, &ma, &mb, p[i].a, p[i].b, level, o, &ms, i);
	}
	ret = c->nomem ? -ENOMEM : 0;
	for (int i = 0; i < sa.nr_cells; i++)
		c->only_a += !sa.cells[i].paired;
	for (int i = 0; i < sb.nr_cells; i++)
		c->only_b += !sb.cells[i].paired;
out:
	side_free(&sa);
	side_free(&sb);
	side_free(&ma);
	side_free(&mb);
	rss_cmp_scratch_free(&s);
	rss_cmp_scratch_free(&ms);
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

int rss_cmp_metric_names(const char **out, int max)
{
	int n = 0;

	for (size_t i = 0; i < NR_FIXED && n < max; i++)
		out[n++] = fixed_metrics[i].name;
	return n;
}

int rss_cmp_has_metric(const struct rss_resdir *a, const struct rss_resdir *b, const char *name)
{
	for (size_t i = 0; i < NR_FIXED; i++)
		if (!strcmp(name, fixed_metrics[i].name))
			return 1;
	return !strncmp(name, "ev:", 3) &&
	       (rss_resdir_col(a, name) >= 0 || rss_resdir_col(b, name) >= 0);
}

void rss_levels_str(const struct rss_topo_levels *lv, char *buf, size_t len)
{
	snprintf(buf, len, "core:%d cache:%d node:%d machine:%d", lv->core, lv->cache,
		 lv->node, lv->machine);
}
