/*
 * resdir_facts.c - what a results directory's numbers say, checked against
 * each other (resdir.h): each row's columns as the writer relates them
 * (results.c's rss_verify() and rss_csv_cells_row(), sched.c's collect()),
 * topology.xml against meta.json, and two directories' identity.  A file
 * that passes the form checks but says two things at once is refused here,
 * before compare, gate, ratios or plot believe either.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "infile.h"
#include "resdir.h"

/* Columns the checks read; -1 where the file has none. */
struct cols {
	int ops, window, cycles, ns, rate, settled, precise, under, over, failures, verify, kind;
	int err_max, err_p99, samples, tasks, per_mm, mms, kernel;
};

static void find_cols(const struct rss_resdir *d, struct cols *c)
{
	c->ops = rss_resdir_col(d, "ops");
	c->window = rss_resdir_col(d, "window_s");
	c->cycles = rss_resdir_col(d, "cycles_per_op");
	c->ns = rss_resdir_col(d, "ns_per_op");
	c->rate = rss_resdir_col(d, "ops_per_sec");
	c->settled = rss_resdir_col(d, "settled_err");
	c->precise = rss_resdir_col(d, "precise_err");
	c->under = rss_resdir_col(d, "bound_under");
	c->over = rss_resdir_col(d, "bound_over");
	c->failures = rss_resdir_col(d, "failures");
	c->verify = rss_resdir_col(d, "verify");
	c->kind = rss_resdir_col(d, "topology_kind");
	c->err_max = rss_resdir_col(d, "err_max");
	c->err_p99 = rss_resdir_col(d, "err_p99");
	c->samples = rss_resdir_col(d, "err_samples");
	c->tasks = rss_resdir_col(d, "tasks");
	c->per_mm = rss_resdir_col(d, "tasks_per_mm");
	c->mms = rss_resdir_col(d, "mms");
	c->kernel = rss_resdir_col(d, "kernel");
}

/*
 * The clock row @r's cycles were counted with: its guest's in a kernels
 * scenario (each guest calibrated its own: topologies[].clock_hz, the run
 * of the row's kernel and threads), else meta.json's clock.hz.
 */
static double row_hz(const struct rss_resdir *d, int r, const struct cols *c)
{
	const char *k = rss_resdir_val(d, r, c->kernel);

	for (int i = 0; *k && i < d->nr_runs; i++) {
		const struct rss_resdir_matrix *m = &d->runs[i];

		if (!m->kernel || strcmp(m->kernel, k) || m->clock_hz <= 0)
			continue;
		for (int t = 0; t < m->nr_threads; t++)
			if (m->threads[t] == d->threads[r])
				return m->clock_hz;
	}
	return d->clock_hz;
}

/* Row @r's value in column @col into *v: 1, or 0 for no value or no column. */
static int num(const struct rss_resdir *d, int r, int col, double *v)
{
	return !rss_resdir_num(d, r, col, v);
}

/*
 * The error and task columns (sched.c, watchdog.c): err_p99 is a quantile of
 * the samples err_max bounds; no sample, no sampled error; tasks_per_mm is
 * tasks over mms rounded up; a row's threads fit the machine topology.xml
 * describes.  NULL when they agree.
 */
static const char *sample_fact(const struct rss_resdir *d, int r, const struct cols *c,
			       char *why, size_t len)
{
	double max, p99, n, tasks, per_mm, mms;

	if (num(d, r, c->err_max, &max) && num(d, r, c->err_p99, &p99) && p99 > max) {
		snprintf(why, len, "err_p99 %.0f is above err_max %.0f", p99, max);
		return why;
	}
	if (num(d, r, c->samples, &n) && n == 0 &&
	    (num(d, r, c->err_max, &max) || num(d, r, c->err_p99, &p99))) {
		snprintf(why, len, "err_samples is 0 but the sampled error has a value");
		return why;
	}
	if (num(d, r, c->tasks, &tasks) && num(d, r, c->per_mm, &per_mm) && num(d, r, c->mms, &mms) &&
	    !(mms >= 1 && tasks >= mms && per_mm == ceil(tasks / mms))) {
		snprintf(why, len, "tasks %.0f in mms %.0f is not tasks_per_mm %.0f", tasks, mms, per_mm);
		return why;
	}
	if (d->threads[r] > d->levels.machine) {
		snprintf(why, len, "threads %d, but topology.xml has %d PU%s", d->threads[r],
			 d->levels.machine, rss_s(d->levels.machine));
		return why;
	}
	return NULL;
}

/* What a row verified ok cannot hold (rss_verify()'s order); NULL when none. */
static const char *verify_fact(const struct rss_resdir *d, int r, const struct cols *c,
			       char *why, size_t len)
{
	double ops, failures, precise, settled, under = -1, over = -1, b;
	int has_bound;

	if (strcmp(rss_resdir_val(d, r, c->verify), "ok"))
		return NULL;
	if (num(d, r, c->failures, &failures) && failures > 0) {
		snprintf(why, len, "verify is ok with failures %.0f", failures);
		return why;
	}
	if (num(d, r, c->ops, &ops) && ops == 0) {
		snprintf(why, len, "verify is ok with ops 0 (nothing ran, nothing was verified)");
		return why;
	}
	if (num(d, r, c->precise, &precise) && precise > 0) {
		snprintf(why, len, "verify is ok with precise_err %.0f (the precise read is exact)",
			 precise);
		return why;
	}
	has_bound = num(d, r, c->under, &under) | num(d, r, c->over, &over);
	b = under > over ? under : over;
	if (has_bound && num(d, r, c->settled, &settled) && settled > b) {
		snprintf(why, len, "verify is ok with settled_err %.0f above the bound %.0f (bound_under, bound_over)",
			 settled, b);
		return why;
	}
	return NULL;
}

/* What the rates say against ops, window_s, cycles and the clock; NULL when they agree. */
static const char *rate_fact(const struct rss_resdir *d, int r, const struct cols *c,
			     char *why, size_t len)
{
	double ops, w, rate, cyc, ns, hz;
	const int rates[] = { c->cycles, c->ns, c->rate };

	if (!num(d, r, c->ops, &ops))
		ops = -1;		/* no ops column (format 1 may lack it) */
	for (int i = 0; i < 3 && ops == 0; i++)
		if (num(d, r, rates[i], &w)) {
			snprintf(why, len, "ops is 0 but %s is %g: a rate without operations",
				 d->cols[rates[i]], w);
			return why;
		}
	/* Format 2 writes the three rates whenever there were operations. */
	for (int i = 0; i < 3 && ops > 0 && d->format >= 2; i++)
		if (rates[i] >= 0 && !num(d, r, rates[i], &w)) {
			snprintf(why, len, "ops is %.0f but %s has no value: operations without a rate",
				 ops, d->cols[rates[i]]);
			return why;
		}
	/*
	 * ops_per_sec = ops / window_s (sched.c); window_s is written to 1e-6 s
	 * and ops_per_sec to 0.1: the window they imply agrees within that.
	 */
	if (ops > 0 && num(d, r, c->window, &w) && num(d, r, c->rate, &rate) &&
	    !(rate > 0 && fabs(ops / rate - w) <= 1e-6 + w * (1e-3 + 0.06 / rate))) {
		snprintf(why, len, "ops_per_sec %g is not ops %.0f / window_s %g", rate, ops, w);
		return why;
	}
	/* ns_per_op = cycles_per_op x 1e9 / clock.hz, written to 0.01 cycles and 0.001 ns. */
	if ((hz = row_hz(d, r, c)) > 0 && num(d, r, c->cycles, &cyc) && num(d, r, c->ns, &ns)) {
		double want = cyc * 1e9 / hz;

		if (!(fabs(ns - want) <= 0.0006 + 0.006e9 / hz + 1e-4 * want)) {
			snprintf(why, len, "ns_per_op %g is not cycles_per_op %g at meta.json's clock.hz %.6g (%.6g ns)",
				 ns, cyc, hz, want);
			return why;
		}
	}
	return NULL;
}

int rss_resdir_check_facts(const struct rss_resdir *d, const char *file, char *err,
			   size_t errlen)
{
	char why[256];
	const char *what;
	struct cols c;

	find_cols(d, &c);
	for (int r = 0; r < d->nr_rows; r++) {
		const char *kind = rss_resdir_val(d, r, c.kind);

		if (c.kind >= 0 && strcmp(kind, "host") && strcmp(kind, "virtual") &&
		    strcmp(kind, "guest")) {
			char esc[64];

			snprintf(why, sizeof(why), "topology_kind is \"%s\", not host, virtual or guest",
				 rss_escape_str(esc, sizeof(esc), kind));
			what = why;
		} else if (c.kind >= 0 && *d->topo_kind && strcmp(kind, d->topo_kind)) {
			snprintf(why, sizeof(why), "topology_kind is %s but meta.json's topology.kind is %s",
				 kind, d->topo_kind);
			what = why;
		} else if (!(what = verify_fact(d, r, &c, why, sizeof(why))) &&
			   !(what = rate_fact(d, r, &c, why, sizeof(why)))) {
			what = sample_fact(d, r, &c, why, sizeof(why));
		}
		if (what) {
			snprintf(err, errlen, "%s:%d: %s; the file contradicts itself, rerun 'rssbench run'",
				 file, d->line[r], what);
			return -EINVAL;
		}
	}
	return 0;
}

int rss_resdir_check_topo(const struct rss_resdir *d, const char *name, char *err,
			  size_t errlen)
{
	const struct rss_topo_levels *lv = &d->levels;
	const char *what = lv->core > lv->machine ? "core" : lv->cache > lv->machine ? "cache" :
			   lv->node > lv->machine ? "NUMA node" : NULL;

	if (what) {
		snprintf(err, errlen, "%s/topology.xml: its first %s holds %d PUs, the whole machine %d: a topology smaller than its parts; rerun 'rssbench run' to write it again",
			 name, what, !strcmp(what, "core") ? lv->core : !strcmp(what, "cache") ?
			 lv->cache : lv->node, lv->machine);
		return -EINVAL;
	}
	if (d->topo_pus && d->topo_pus != lv->machine) {
		snprintf(err, errlen, "%s: meta.json's topology.cpus.allowed is %d, topology.xml has %d allowed PUs: the files are not of one run; rerun 'rssbench run'",
			 name, d->topo_pus, lv->machine);
		return -EINVAL;
	}
	return 0;
}

/* Whether cells.csv of @a and @b hold the same columns and values, row by row. */
static int same_values(const struct rss_resdir *a, const struct rss_resdir *b)
{
	if (a->nr_rows != b->nr_rows || a->nr_cols != b->nr_cols)
		return 0;
	for (int c = 0; c < a->nr_cols; c++) {
		int cb = rss_resdir_col(b, a->cols[c]);

		if (cb < 0)
			return 0;
		for (int r = 0; r < a->nr_rows; r++)
			if (strcmp(rss_resdir_val(a, r, c), rss_resdir_val(b, r, cb)))
				return 0;
	}
	return 1;
}

int rss_resdir_same_run(const struct rss_resdir *a, const struct rss_resdir *b, char *why,
			size_t len)
{
	if (a->dev == b->dev && a->ino == b->ino)
		snprintf(why, len, "the same directory");
	else if (*a->run_id && !strcmp(a->run_id, b->run_id))
		snprintf(why, len, "one run (the same run_id %s in meta.json: a copy)", a->run_id);
	else if (same_values(a, b))
		snprintf(why, len, "one run (cells.csv holds the same values: a copy)");
	else
		return 0;
	return 1;
}
