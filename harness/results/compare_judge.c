/*
 * compare_judge.c - judges one metric of one pair of cells (compare.c pairs
 * them): medians, ratio, interval and U test for the measured metrics, exact
 * comparison for the bounds and memory, verify, and the gate's verdict of
 * each (doc/compare.md).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare_impl.h"
#include "stats.h"

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


int rss_cmp_scratch_alloc(struct scratch *s, const struct side *a, const struct side *b)
{
	s->va = malloc(((size_t)a->max_n + 1) * sizeof(double));
	s->vb = malloc(((size_t)b->max_n + 1) * sizeof(double));
	s->t = malloc(((size_t)a->max_n + (size_t)b->max_n + 1) * sizeof(double));
	return s->va && s->vb && s->t ? 0 : -ENOMEM;
}

void rss_cmp_scratch_free(struct scratch *s)
{
	free(s->va);
	free(s->vb);
	free(s->t);
}

/* Interquartile range over the median; @t has room for @n. */
/* rss_rel_iqr of @n values copied to @t: (Q3 - Q1) / median, the noisy figure. */
static double rel_iqr(const double *v, int n, double *t)
{
	memcpy(t, v, (size_t)n * sizeof(double));
	return rss_rel_iqr(t, (size_t)n);
}

/* The gate's rule for a time metric (doc/compare.md, "gate"). */
static void gate_time(struct rss_cmp *c, struct rss_cmp_row *r, const struct scratch *s,
		      int worse, const struct rss_cmp_opts *o)
{
	double bad = r->higher_better ? 1 / r->ratio : r->ratio;
	double na = rel_iqr(s->va, r->n_a, s->t), nb = rel_iqr(s->vb, r->n_b, s->t);

	/* Evidence the runs themselves record as unreliable is never a verdict. */
	if (c->time_untrusted) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = rss_cmp_keep(c, "timings not comparable: %s", c->time_untrusted);
	} else if (na > RSS_NOISY_IQR || nb > RSS_NOISY_IQR) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = rss_cmp_keep(c, "the %s cell is noisy: its repetitions spread %.0f%% (IQR over the median) > %.0f%%",
			 na > RSS_NOISY_IQR ? "baseline" : "candidate",
			 (na > RSS_NOISY_IQR ? na : nb) * 100, RSS_NOISY_IQR * 100);
	} else if (r->n_a < o->min_reps || r->n_b < o->min_reps) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = rss_cmp_keep(c, "%d/%d repetitions, the gate needs %d on each side",
			 r->n_a, r->n_b, o->min_reps);
	} else if (rss_mwu_min_p((size_t)r->n_a, (size_t)r->n_b) >= o->alpha) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = rss_cmp_keep(c, "the U test cannot reach p < %g with %d/%d repetitions",
			 o->alpha, r->n_a, r->n_b);
	} else if (bad > 1 + o->threshold && r->p < o->alpha && worse) {
		r->gate = RSS_GATE_REGRESSION;
		r->why = rss_cmp_keep(c, "%.1f%% worse (threshold %g%%), p = %.2g",
			 (bad - 1) * 100, o->threshold * 100, r->p);
	} else if (r->p < o->alpha && !worse) {
		r->gate = RSS_GATE_OK;		/* proven better */
	} else if (bad > 1 + o->threshold) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = rss_cmp_keep(c, "%.1f%% worse but not significant (p = %.2g): too noisy to tell",
			 (bad - 1) * 100, r->p);
	} else if (na > o->threshold || nb > o->threshold) {
		r->gate = RSS_GATE_INCONCLUSIVE;
		r->why = rss_cmp_keep(c, "too noisy: the repetitions spread %.0f%%/%.0f%% (IQR/median) > threshold %g%%",
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
	if (rss_mwu_min_p(na, nb) >= o->alpha) {
		r->verdict = "too few repetitions for the U test";
	} else if (r->p < o->alpha) {
		r->verdict = worse ? "worse" : "better";
		r->change = worse ? RSS_CHANGE_WORSE : RSS_CHANGE_BETTER;
	} else {
		r->verdict = "no difference";
		r->change = RSS_CHANGE_SAME;
	}
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
	r->change = !oka && !okb ? RSS_CHANGE_UNCLEAR :
		    !okb || (oka && r->med_b > r->med_a) ? RSS_CHANGE_WORSE :
		    !oka || r->med_b < r->med_a ? RSS_CHANGE_BETTER : RSS_CHANGE_SAME;
	if (!oka && !okb) {
		r->verdict = "unavailable on both sides";
	} else if (!okb) {
		r->verdict = "worse: no longer known";
		r->gate = RSS_GATE_REGRESSION;
		r->why = rss_cmp_keep(c, "%s was %g, now unavailable", r->metric, r->med_a);
	} else if (!oka) {
		r->verdict = "better: now known";
	} else if (r->med_b > r->med_a) {
		r->verdict = "worse";
		r->gate = RSS_GATE_REGRESSION;
		r->why = rss_cmp_keep(c, "%s %g -> %g (deterministic, gated exactly)",
			 r->metric, r->med_a, r->med_b);
	} else if (r->med_b < r->med_a) {
		/* Deterministic: a change, the better way, is still a finding. */
		r->verdict = "better";
		r->gate = RSS_GATE_CHANGED;
		r->why = rss_cmp_keep(c, "%s %g -> %g (deterministic: better; the baseline no longer describes this build)",
			 r->metric, r->med_a, r->med_b);
	} else {
		r->verdict = "equal";
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
	/* FAILED on both sides is no change, but never "the same" as ok: unclear. */
	r->change = fb == 2 ? (fa == 2 ? RSS_CHANGE_UNCLEAR : RSS_CHANGE_WORSE) :
		    fb ? RSS_CHANGE_UNCLEAR : fa ? RSS_CHANGE_BETTER : RSS_CHANGE_SAME;
	if (fb)
		r->why = rss_cmp_keep(c, "verify %s", wb);
}

void rss_cmp_judge(struct rss_cmp *c, const struct side *a, const struct cell *ca,
		     const struct side *b, const struct cell *cb, const char *level,
		     const struct metric *m, const struct rss_cmp_opts *o,
		     const struct scratch *s)
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
		.change = RSS_CHANGE_UNCLEAR,
	};
	r->metric = m->name;
	oka = !values(a, ca, m->col_a, s->va, why_a, sizeof(why_a));
	okb = !values(b, cb, m->col_b, s->vb, why_b, sizeof(why_b));
	/* settled_err of serialized, event-counted runs repeats exactly. */
	if (m->cls == RSS_M_NOISY && c->error_exact && !strcmp(m->name, "settled_err"))
		r->cls = RSS_M_EXACT;
	if (m->cls == RSS_M_VERIFY) {
		judge_verify(c, r, a, ca, b, cb);
	} else if (r->cls == RSS_M_EXACT) {
		judge_exact(c, r, s->va, oka, s->vb, okb);
		if (!oka && !okb)
			r->not_compared = rss_cmp_keep(c, "both sides %s", why_a);
	} else if (!oka || !okb) {
		/* Never compared: say which side lacks it and why. */
		r->verdict = rss_cmp_keep(c, "not compared: %s %s",
			 oka ? "candidate" : "baseline", oka ? why_b : why_a);
		/* "" without memory (c->nomem: the comparison fails). */
		r->not_compared = *r->verdict ? r->verdict + strlen("not compared: ") : "";
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
