/*
 * store_trend.c - series from the store: one sorted pass over the matching
 * cells joined with their runs, a point per run (median, min and max of its
 * repetitions), the gate's marks per point, and the verdict (trend_step.c)
 * over the points whose timings can be believed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_impl.h"
#include "store_trend.h"

const struct rss_trend_metric rss_trend_metrics[] = {
	{ "cycles", "cycles_per_op", 1, 1 },
	{ "ns", "ns_per_op", 1, 1 },
	{ "ops", "ops_per_sec", 0, 1 },
	{ "err_max", "err_max", 1, 0 },
	{ "err_p99", "err_p99", 1, 0 },
	{ "settled_err", "settled_err", 1, 0 },
	{ "bytes", "bytes_per_mm", 1, 0 },
	{ "pcpu_bytes", "pcpu_bytes_per_mm", 1, 0 },
};
const int rss_trend_nr_metrics = sizeof(rss_trend_metrics) / sizeof(rss_trend_metrics[0]);

const struct rss_trend_metric *rss_trend_metric(const char *name)
{
	for (int i = 0; i < rss_trend_nr_metrics; i++)
		if (!strcmp(name, rss_trend_metrics[i].name))
			return &rss_trend_metrics[i];
	return NULL;
}

const char *rss_trend_state_name(enum rss_trend_state st)
{
	static const char *const names[] = {
		"too few runs", "ok", "regression", "suspect (last run only)", "improved",
		"changed",
	};

	return names[st];
}

/* The statement's columns. */
enum {
	C_HOST, C_KERNEL, C_WORKLOAD, C_SCHEME, C_THREADS, C_PLACEMENT, C_MIGRATION, C_RUN,
	C_STARTED, C_REVISION, C_SOURCE, C_IDENTITY, C_TOPO, C_KKIND, C_LOAD_B, C_LOAD_A,
	C_ONLINE, C_VALUE, C_CELL_TOPO,
};

/*
 * The query is made of constant pieces only: the metric's column (from
 * rss_trend_metrics), one "AND ... = ?N" per filter given (so SQLite can use
 * the series index), the order's kernel term.  Values are bound: ?1 host,
 * ?2 kernel, ?3 workload, ?4 scheme, ?5 threads, ?6 placement, ?7 migration.
 */
static const char query_head[] =
	"SELECT r.host, r.kernel_release, c.workload, c.scheme, c.threads, c.placement,"
	" c.migration, r.id, r.started, r.revision, r.source, r.identity, r.topology_kind,"
	" r.kernel_kind, r.load_before, r.load_after, r.online_cpus, c.%s, c.topology_kind"
	" FROM cells c JOIN runs r ON r.id = c.run WHERE 1";
static const char query_tail[] =
	" ORDER BY r.host, %sc.workload, c.scheme, c.threads, c.placement, c.migration,"
	" r.started, r.id";

/* The statement for @q, built from the constants above into @sql. */
static void make_query(const struct rss_trend_query *q, char *sql, size_t len)
{
	size_t n = (size_t)snprintf(sql, len, query_head, q->metric->column);

	if (q->machine)
		n += (size_t)snprintf(sql + n, len - n, " AND r.host = ?1");
	if (q->kernel)
		n += (size_t)snprintf(sql + n, len - n, " AND r.kernel_release = ?2");
	if (q->workload)
		n += (size_t)snprintf(sql + n, len - n, " AND c.workload = ?3");
	if (q->scheme)
		n += (size_t)snprintf(sql + n, len - n, " AND c.scheme = ?4");
	if (q->threads)
		n += (size_t)snprintf(sql + n, len - n, " AND c.threads = ?5");
	if (q->placement)
		n += (size_t)snprintf(sql + n, len - n, " AND c.placement = ?6");
	if (q->migration)
		n += (size_t)snprintf(sql + n, len - n, " AND c.migration = ?7");
	snprintf(sql + n, len - n, query_tail,
		 q->order == RSS_ORDER_KERNEL ? "" : "r.kernel_release, ");
}

struct collect {
	const struct rss_trend_query *q;
	struct rss_trend_series s;
	char *key[6];			/* the series' strings: host, kernel, workload, ... */
	int cap;
	double *vals;			/* the current point's repetitions */
	int nvals, capvals;
	char **strs;			/* every string the points hold */
	int nstrs, capstrs;
};

static const char *text(sqlite3_stmt *st, int c)
{
	const char *s = (const char *)sqlite3_column_text(st, c);

	return s ? s : "";
}

static char *keep(struct collect *c, const char *s)
{
	char *d = strdup(s);

	if (!d)
		return NULL;
	if (c->nstrs == c->capstrs) {
		int cap = c->capstrs ? 2 * c->capstrs : 64;
		char **n = realloc(c->strs, (size_t)cap * sizeof(*n));

		if (!n) {
			free(d);
			return NULL;
		}
		c->strs = n;
		c->capstrs = cap;
	}
	return c->strs[c->nstrs++] = d;
}

/* Whether row @st belongs to the current series. */
static int same_series(struct collect *c, sqlite3_stmt *st)
{
	static const int cols[6] = { C_HOST, C_KERNEL, C_WORKLOAD, C_SCHEME, C_PLACEMENT,
				     C_MIGRATION };

	if (!c->key[0] || sqlite3_column_int(st, C_THREADS) != c->s.threads)
		return 0;
	for (int k = 0; k < 6; k++) {
		if (k == 1 && c->q->order == RSS_ORDER_KERNEL)
			continue;
		if (strcmp(c->key[k], text(st, cols[k])))
			return 0;
	}
	return 1;
}

/* Ends the current point: its median, spread and marks. */
static void end_point(struct collect *c)
{
	struct rss_trend_point *p;

	if (!c->s.nr)
		return;
	p = &c->s.pts[c->s.nr - 1];
	p->n = c->nvals;
	p->median = p->min = p->max = NAN;
	if (c->nvals) {
		/* rss_median and rss_rel_iqr sort the repetitions: min and max are the ends. */
		p->median = rss_median(c->vals, (size_t)c->nvals);
		p->min = c->vals[0];
		p->max = c->vals[c->nvals - 1];
		if (c->q->metric->timing && rss_rel_iqr(c->vals, (size_t)c->nvals) > RSS_NOISY_IQR)
			p->marks |= RSS_MARK_NOISY;
	}
	c->nvals = 0;
}

static int new_point(struct collect *c, sqlite3_stmt *st)
{
	struct rss_trend_point *p;
	double online = sqlite3_column_double(st, C_ONLINE);

	end_point(c);
	if (c->s.nr == c->cap) {
		int cap = c->cap ? 2 * c->cap : 16;
		struct rss_trend_point *n = realloc(c->s.pts, (size_t)cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->s.pts = n;
		c->cap = cap;
	}
	p = &c->s.pts[c->s.nr++];
	memset(p, 0, sizeof(*p));
	p->run = sqlite3_column_int64(st, C_RUN);
	p->started = keep(c, text(st, C_STARTED));
	p->kernel = keep(c, text(st, C_KERNEL));
	p->revision = keep(c, text(st, C_REVISION));
	p->source = keep(c, text(st, C_SOURCE));
	p->identity = keep(c, text(st, C_IDENTITY));
	if (!p->started || !p->kernel || !p->revision || !p->source || !p->identity)
		return -ENOMEM;
	if (!strcmp(text(st, C_TOPO), "virtual") || !strcmp(text(st, C_CELL_TOPO), "virtual"))
		p->marks |= RSS_MARK_VIRTUAL;
	if (!strcmp(text(st, C_KKIND), "guest") || !strcmp(text(st, C_TOPO), "guest") ||
	    !strcmp(text(st, C_CELL_TOPO), "guest"))
		p->marks |= RSS_MARK_GUEST;
	if (sqlite3_column_type(st, C_ONLINE) != SQLITE_NULL && online > 0 &&
	    ((sqlite3_column_type(st, C_LOAD_B) != SQLITE_NULL &&
	      sqlite3_column_double(st, C_LOAD_B) > online) ||
	     (sqlite3_column_type(st, C_LOAD_A) != SQLITE_NULL &&
	      sqlite3_column_double(st, C_LOAD_A) > online)))
		p->marks |= RSS_MARK_BUSY;
	return 0;
}

static int cmp_kernel(const void *a, const void *b)
{
	const struct rss_trend_point *x = a, *y = b;
	int c = strverscmp(x->kernel, y->kernel);

	if (!c)
		c = strcmp(x->started, y->started);
	return c ? c : (x->run > y->run) - (x->run < y->run);
}

/* Each revision's runs together, revisions in the order of their first run (stable). */
static void order_revisions(struct rss_trend_series *s)
{
	struct rss_trend_point *out = malloc((size_t)s->nr * sizeof(*out));
	char *done = calloc((size_t)s->nr, 1);
	int k = 0;

	if (!out || !done) {
		free(out);
		free(done);
		return;		/* left in time order */
	}
	for (int i = 0; i < s->nr; i++) {
		if (done[i])
			continue;
		for (int j = i; j < s->nr; j++) {
			if (!done[j] && !strcmp(s->pts[j].revision, s->pts[i].revision)) {
				out[k++] = s->pts[j];
				done[j] = 1;
			}
		}
	}
	memcpy(s->pts, out, (size_t)s->nr * sizeof(*out));
	free(out);
	free(done);
}

/* The verdict over the usable points (the latest RSS_TREND_MAX_POINTS of them). */
static void judge(struct rss_trend_series *s, double threshold)
{
	const struct rss_trend_metric *m = s->metric;
	double *y = malloc((size_t)s->nr * sizeof(*y));
	int n = 0, *idx = malloc((size_t)s->nr * sizeof(int)), first;

	memset(&s->verdict, 0, sizeof(s->verdict));
	if (!y || !idx)
		goto out;
	for (int i = 0; i < s->nr; i++) {
		struct rss_trend_point *p = &s->pts[i];

		p->used = p->n > 0 && !(m->timing && p->marks);
		if (p->used)
			idx[n++] = i;
	}
	first = n > RSS_TREND_MAX_POINTS ? n - RSS_TREND_MAX_POINTS : 0;
	for (int i = 0; i < first; i++)
		s->pts[idx[i]].used = 0;
	for (int i = first; i < n; i++)
		y[i - first] = s->pts[idx[i]].median;
	n -= first;
	if (m->timing) {
		rss_step_judge(y, n, m->higher_is_worse, threshold, &s->verdict);
	} else {
		/* Deterministic: any change at the last run is one, as the gate says. */
		s->verdict.points = n;
		s->verdict.state = n < 2 ? RSS_TREND_TOO_FEW : RSS_TREND_OK;
		if (n >= 2) {
			s->verdict.before = y[n - 2];
			s->verdict.after = y[n - 1];
			s->verdict.at = n - 1;
			if (y[n - 1] != y[n - 2])
				s->verdict.state = RSS_TREND_CHANGED;
		}
	}
out:
	free(y);
	free(idx);
}

/* Hands the finished series to @fn (unless NULL) and frees what it held. */
static int end_series(struct collect *c, int (*fn)(const struct rss_trend_series *, void *),
		      void *arg)
{
	int ret = 0;

	if (fn && c->key[0] && c->s.nr) {
		end_point(c);
		if (c->q->order == RSS_ORDER_KERNEL)
			qsort(c->s.pts, (size_t)c->s.nr, sizeof(*c->s.pts), cmp_kernel);
		else if (c->q->order == RSS_ORDER_REVISION)
			order_revisions(&c->s);
		judge(&c->s, c->q->threshold);
		ret = fn(&c->s, arg);
	}
	for (int k = 0; k < 6; k++) {
		free(c->key[k]);
		c->key[k] = NULL;
	}
	for (int i = 0; i < c->nstrs; i++)
		free(c->strs[i]);
	c->nstrs = 0;
	c->s.nr = 0;
	c->nvals = 0;
	return ret;
}

static int start_series(struct collect *c, sqlite3_stmt *st)
{
	static const int cols[6] = { C_HOST, C_KERNEL, C_WORKLOAD, C_SCHEME, C_PLACEMENT,
				     C_MIGRATION };

	for (int k = 0; k < 6; k++)
		if (!(c->key[k] = strdup(text(st, cols[k]))))
			return -ENOMEM;
	c->s.machine = c->key[0];
	c->s.kernel = c->q->order == RSS_ORDER_KERNEL ? NULL : c->key[1];
	c->s.workload = c->key[2];
	c->s.scheme = c->key[3];
	c->s.placement = c->key[4];
	c->s.migration = c->key[5];
	c->s.threads = sqlite3_column_int(st, C_THREADS);
	return 0;
}

static int add_value(struct collect *c, sqlite3_stmt *st)
{
	if (sqlite3_column_type(st, C_VALUE) == SQLITE_NULL)
		return 0;
	if (c->nvals == c->capvals) {
		int cap = c->capvals ? 2 * c->capvals : 16;
		double *n = realloc(c->vals, (size_t)cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->vals = n;
		c->capvals = cap;
	}
	c->vals[c->nvals++] = sqlite3_column_double(st, C_VALUE);
	return 0;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int rss_store_trend(struct rss_store *s, const struct rss_trend_query *q,
		    int (*fn)(const struct rss_trend_series *, void *), void *arg, char *err,
		    size_t errlen)
{
	struct collect c = { .q = q };
	char sql[sizeof(query_head) + sizeof(query_tail) + 512];
	sqlite3_stmt *st;
	int ret = 0, rc = SQLITE_DONE;

	c.s.metric = q->metric;
	make_query(q, sql, sizeof(sql));
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	/* A parameter the statement lacks (no such filter) is not bound: SQLITE_RANGE. */
	bind_opt(st, 1, q->machine);
	bind_opt(st, 2, q->kernel);
	bind_opt(st, 3, q->workload);
	bind_opt(st, 4, q->scheme);
	if (q->threads)
		sqlite3_bind_int(st, 5, q->threads);
	bind_opt(st, 6, q->placement);
	bind_opt(st, 7, q->migration);

	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!same_series(&c, st)) {
			ret = end_series(&c, fn, arg);
			if (!ret)
				ret = start_series(&c, st);
		}
		if (!ret && (!c.s.nr || c.s.pts[c.s.nr - 1].run != sqlite3_column_int64(st, C_RUN)))
			ret = new_point(&c, st);
		if (!ret)
			ret = add_value(&c, st);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	else if (!ret)
		ret = end_series(&c, fn, arg);
	else
		end_series(&c, NULL, NULL);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", s->name);
	sqlite3_finalize(st);
	free(c.s.pts);
	free(c.vals);
	free(c.strs);
	return ret;
}
