/*
 * results.c - the results directory's CSV files (the directory itself is
 * rundir.c).  Every row is rectangular: a value that could not be measured
 * is NA, with the reason in the row's notes column, never an empty cell or
 * a zero.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "harness.h"
#include "plan.h"
#include "results.h"
#include "stats.h"

void rss_notes_add(struct rss_notes *n, const char *col, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	size_t start = n->len;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* Items are "column: reason", ';'-separated; a reason never has a
	 * comma, a quote, a ';' or a control character. */
	for (char *p = why; *p; p++)
		if (*p == ',' || *p == ';' || iscntrl((unsigned char)*p))
			*p = ' ';
		else if (*p == '"')
			*p = '\'';
	if (n->len < sizeof(n->buf))
		n->len += (size_t)snprintf(n->buf + n->len, sizeof(n->buf) - n->len, "%s%s: %s",
					   start ? "; " : "", col, why);
	if (n->len >= sizeof(n->buf))
		n->len = sizeof(n->buf) - 1;
}

/* ",<value>" with @prec decimals, or ",NA" with @why in the notes. */
static void put(FILE *f, struct rss_notes *n, const char *col, int prec, double v,
		const char *why)
{
	if (why) {
		fputs(",NA", f);
		rss_notes_add(n, col, "%s", why);
	} else {
		fprintf(f, ",%.*f", prec, v);
	}
}

static void put_bound(FILE *f, struct rss_notes *n, const char *col, long b)
{
	put(f, n, col, 0, (double)b, b < 0 ? "bound not known for this kernel" : NULL);
}

enum rss_verdict rss_verify(const struct rss_row *row, char *why, size_t len)
{
	const struct rss_cell_result *r = &row->r;
	long b = r->bound.under > r->bound.over ? r->bound.under : r->bound.over;

	if (r->failures) {
		snprintf(why, len, "%lu failed operations or check_mm complaints", r->failures);
		return RSS_FAILED;
	}
	/* The sanitizer's shadow memory is resident in this very process. */
	if ((row->scheme->flags & RSS_SCHEME_PROCESS_WIDE) && strcmp(RSS_SANITIZERS, "no")) {
		snprintf(why, len, "unavailable under the %s sanitizer: its shadow memory counts in this process's RSS",
			 RSS_SANITIZERS);
		return RSS_UNVERIFIED;
	}
	if (!r->ops) {
		snprintf(why, len, "no operation completed in the window");
		return RSS_UNVERIFIED;
	}
	/* Negative: a scheme that counts nothing (empty), verified by its
	 * failures alone. */
	/* The exact read (native's page-table walk) checks every kernel. */
	if (r->exact_err > 0) {
		snprintf(why, len, "page-table walk off the truth by %ld page%s", r->exact_err,
			 rss_s(r->exact_err));
		return RSS_FAILED;
	}
	if (r->precise_err > 0) {
		snprintf(why, len, "precise read off the truth by %ld page%s", r->precise_err,
			 rss_s(r->precise_err));
		return RSS_FAILED;
	}
	if (b >= 0 && r->settled_err > b) {
		snprintf(why, len, "settled error %ld above the bound %ld", r->settled_err, b);
		return RSS_FAILED;
	}
	snprintf(why, len, "%s", "");
	return RSS_OK;
}

const char *rss_verdict_name(enum rss_verdict v)
{
	return v == RSS_OK ? "ok" : v == RSS_FAILED ? "FAILED" : "unverified";
}

void rss_csv_cells_header(FILE *f, const struct rss_pmu *pmu)
{
	fputs("workload,scheme,threads,placement,migration,topology_kind,tasks,tasks_per_mm,mms,rep,"
	      "ops,window_s,cycles_per_op,ns_per_op,ops_per_sec", f);
	rss_csv_event_cols(f, pmu, "");
	fputs(",err_max,err_p99,err_samples,settled_err,precise_err,bound_under,bound_over,"
	      "bytes_per_mm,pcpu_bytes_per_mm,switches,migrations,failures,verify,notes\n", f);
}

void rss_csv_event_cols(FILE *f, const struct rss_pmu *pmu, const char *suffix)
{
	for (int e = 0; e < pmu->nr; e++) {
		char col[96];

		snprintf(col, sizeof(col), "ev:%s%s", pmu->ev[e].name, suffix);
		rss_csv_sep_field(f, col);
	}
}

void rss_csv_key(FILE *f, const struct rss_run_opts *o, const struct rss_row *row)
{
	rss_csv_field(f, row->workload->name);
	rss_csv_sep_field(f, row->scheme->name);
	fprintf(f, ",%d", row->threads);
	rss_csv_sep_field(f, o->placement);
	rss_csv_sep_field(f, row->migration);
}

/*
 * The most pages one mm of the cell can hold, in pages: tasks per mm (all
 * tasks for a process-wide scheme: the kernel sees one process) x what
 * one task holds before its zap (fault, update and the readers' writers:
 * --pages, or their events x pages per event when fewer; mmap: --mmap-pages);
 * -1 where the workload has no such figure (fork, oom-scan).
 */
static long rss_cap_pages(const struct rss_run_opts *o, const struct rss_row *row)
{
	const char *w = row->workload->name;
	long per_task, per_event = 1;
	int per_mm = row->r.nr_mms ? (row->r.nr_tasks + row->r.nr_mms - 1) / row->r.nr_mms : 0;

	/* A process-wide read holds every task's pages, whatever the mms. */
	if (row->scheme->flags & RSS_SCHEME_PROCESS_WIDE)
		per_mm = row->r.nr_tasks;

	if (!strcmp(w, "mmap"))
		return o->params.mmap_pages * per_mm;
	if (!strcmp(w, "fault"))
		per_event = o->params.pages_per_fault;
	else if (strcmp(w, "update") && strcmp(w, "read") && strcmp(w, "read-sum") &&
		 strcmp(w, "rss-stat"))
		return -1;
	per_task = o->params.pages;
	if (o->events_per_task && (long)o->events_per_task * per_event < per_task)
		per_task = (long)o->events_per_task * per_event;
	return per_task * per_mm;
}

const char *rss_capped(const struct rss_run_opts *o, const struct rss_row *row,
			      char *buf, size_t len)
{
	long b = row->r.bound.under > row->r.bound.over ? row->r.bound.under : row->r.bound.over;
	long cap = rss_cap_pages(o, row);

	if (cap < 0 || b <= cap)
		return NULL;
	snprintf(buf, len, "capped by RSS (%ld page%s < bound %ld)", cap, rss_s(cap), b);
	return buf;
}

void rss_csv_cells_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
		       const struct rss_pmu *pmu, const struct rss_row *row)
{
	const struct rss_cell_result *r = &row->r;
	const char *no_ops = r->ops ? NULL : "no operation completed";
	const char *nothing = r->settled_err < 0 ? "the scheme counts nothing" : NULL;
	const char *no_samples = nothing ? nothing :
				 r->nr_err_samples ? NULL : "the watchdog took no sample";
	struct rss_notes n = { .len = 0 };
	char buf[256], why[256], capbuf[96];
	const char *capped = nothing ? NULL : rss_capped(o, row, capbuf, sizeof(capbuf));
	enum rss_verdict v;

	if (o->model_only) {
		rss_csv_untimed_row(f, o, topo, pmu, row);
		return;
	}
	rss_csv_key(f, o, row);
	fprintf(f, ",%s,%d,%d,%d,%d,%llu,%.6f",
		rss_topo_kind(topo), r->nr_tasks,
		(r->nr_tasks + r->nr_mms - 1) / r->nr_mms, r->nr_mms, row->rep, r->ops,
		r->window_s);
	put(f, &n, "cycles_per_op", 2, r->cycles_per_op, no_ops);
	put(f, &n, "ns_per_op", 3, r->ns_per_op, no_ops);
	put(f, &n, "ops_per_sec", 1, r->ops_per_sec, no_ops);
	for (int e = 0; e < pmu->nr; e++) {
		const char *ev_why = rss_pmu_format(pmu, e, r->pmu_counted[e],
						    (double)r->pmu_total[e], (double)r->ops,
						    buf, sizeof(buf));

		fprintf(f, ",%s", buf);
		if (ev_why) {
			char col[80];

			snprintf(col, sizeof(col), "ev:%s", pmu->ev[e].name);
			rss_notes_add(&n, col, "%s", ev_why);
		}
	}
	put(f, &n, "err_max", 0, (double)r->err_max, capped ? capped : no_samples);
	put(f, &n, "err_p99", 0, (double)r->err_p99, capped ? capped : no_samples);
	fprintf(f, ",%ld", r->nr_err_samples);
	put(f, &n, "settled_err", 0, (double)r->settled_err, capped ? capped : nothing);
	put(f, &n, "precise_err", 0, (double)r->precise_err,
	    nothing ? nothing : r->no_precise[0] ? r->no_precise : NULL);
	if (r->no_precise[0] && r->exact_err >= 0)
		rss_notes_add(&n, "verify", "by the smaps_rollup page-table walk: off by %ld page%s",
			      r->exact_err, rss_s(r->exact_err));
	if (r->scheme_note[0])
		rss_notes_add(&n, "scheme", "%s", r->scheme_note);
	put_bound(f, &n, "bound_under", r->bound.under);
	put_bound(f, &n, "bound_over", r->bound.over);
	v = rss_verify(row, why, sizeof(why));
	if (v != RSS_OK)
		rss_notes_add(&n, "verify", "%s", why);
	/* How the workload ran where it could not run as asked (THP off: a model). */
	if (r->note[0])
		rss_notes_add(&n, "workload", "%s", r->note);
	if (r->short_tasks && !o->events_per_task)
		rss_notes_add(&n, "window", "closed at the %.2f s cap: %d timed task(s) short of %lu operations (fewest %lu)",
			      rss_plan_window_cap(o), r->short_tasks, o->min_ops, r->fewest_ops);
	fprintf(f, ",%zu,%ld,%lu,%lu,%lu,%s", r->footprint, r->pcpu_bytes_per_mm,
		r->switches, r->migrations, r->failures, rss_verdict_name(v));
	rss_csv_sep_field(f, n.buf);
	fputc('\n', f);
}

void rss_csv_workers_header(FILE *f)
{
	fputs("workload,scheme,threads,placement,migration,rep,worker,cpu,host_pu,ops,cycles,cycles_per_op,notes\n", f);
}

void rss_csv_workers_rows(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
			  const struct rss_row *row, const int *cpus)
{
	const struct rss_cell_result *r = &row->r;

	for (int i = 0; r->worker_ops && i < row->threads; i++) {
		rss_csv_key(f, o, row);
		fprintf(f, ",%d,%d,%d,%d,%llu,%.0f,", row->rep, i, cpus[i],
			rss_topo_host_pu(topo, cpus[i]), r->worker_ops[i], r->worker_cycles[i]);
		if (r->worker_ops[i])
			fprintf(f, "%.2f,\n", r->worker_cycles[i] / (double)r->worker_ops[i]);
		else
			fputs("NA,cycles_per_op: no operations on this worker\n", f);
	}
}

void rss_csv_trace_header(FILE *f)
{
	fputs("workload,scheme,threads,placement,migration,rep,t_s,max_err,read,truth\n", f);
}

void rss_csv_trace_rows(FILE *f, const struct rss_run_opts *o, const struct rss_row *row)
{
	for (int i = 0; i < row->r.nr_trace; i++) {
		const struct rss_err_point *p = &row->r.trace[i];

		rss_csv_key(f, o, row);
		fprintf(f, ",%d,%.6f,%ld,%ld,%ld\n", row->rep, p->t_s, p->max_err, p->read,
			p->truth);
	}
}

static int same_cell(const struct rss_row *a, const struct rss_row *b)
{
	return a->workload == b->workload && a->scheme == b->scheme &&
	       a->threads == b->threads && !strcmp(a->migration, b->migration);
}

/*
 * Median, min and max of one metric over the repetitions in @idx that have
 * it (@get returns its reason, NULL when it has the value); NA with the first
 * reason when none has.
 */
static void spread(FILE *f, struct rss_notes *n, const char *col, const struct rss_row *rows,
		   const int *idx, int nr, const char *(*get)(const struct rss_row *, double *))
{
	double v[256];
	const char *why = NULL;
	int m = 0;

	for (int i = 0; i < nr; i++) {
		const char *w = get(&rows[idx[i]], &v[m]);

		if (!w)
			m++;
		else if (!why)
			why = w;
	}
	if (!m) {
		char c[64];

		for (int k = 0; k < 3; k++)
			fputs(",NA", f);
		snprintf(c, sizeof(c), "%s_median", col);
		rss_notes_add(n, c, "%s in every repetition", why);
		return;
	}
	double med = rss_median(v, (size_t)m);	/* sorts v */

	fprintf(f, ",%.3f,%.3f,%.3f", med, v[0], v[m - 1]);
}

static const char *get_cycles(const struct rss_row *r, double *v)
{
	*v = r->r.cycles_per_op;
	return r->r.ops ? NULL : "no operation completed";
}

static const char *get_ns(const struct rss_row *r, double *v)
{
	*v = r->r.ns_per_op;
	return r->r.ops ? NULL : "no operation completed";
}

static const char *get_ops(const struct rss_row *r, double *v)
{
	*v = r->r.ops_per_sec;
	return r->r.ops ? NULL : "no operation completed";
}

static const char *get_p99(const struct rss_row *r, double *v)
{
	*v = (double)r->r.err_p99;
	return r->r.nr_err_samples ? NULL : "the watchdog took no sample";
}

static void print_spread(FILE *f, struct rss_notes *notes, const struct rss_row *rows,
			 const int *idx, int n);

void rss_csv_summary(FILE *f, const struct rss_run_opts *o, const struct rss_pmu *pmu,
		     const struct rss_row *rows, int nr_rows)
{
	char *done = calloc((size_t)nr_rows, 1);
	int idx[256];

	fputs("workload,scheme,threads,placement,migration,reps,"
	      "cycles_per_op_median,cycles_per_op_min,cycles_per_op_max,"
	      "ns_per_op_median,ns_per_op_min,ns_per_op_max,"
	      "ops_per_sec_median,ops_per_sec_min,ops_per_sec_max", f);
	rss_csv_event_cols(f, pmu, "_median");
	fputs(",err_max,err_p99_median,err_p99_min,err_p99_max,settled_err_max,precise_err_max,"
	      "bound_under,bound_over,bytes_per_mm,pcpu_bytes_per_mm,verify,"
	      "cycles_spread,noisy,notes\n", f);
	for (int i = 0; i < nr_rows && done; i++) {
		struct rss_notes notes = { .len = 0 };
		long err_max = -1, settled = 0, precise = 0;
		enum rss_verdict verdict = RSS_OK;
		char why[256] = "", w[256], capbuf[96];
		const char *capped;
		int n = 0;

		if (done[i])
			continue;
		for (int j = i; j < nr_rows && n < 256; j++) {
			if (done[j] || !same_cell(&rows[i], &rows[j]))
				continue;
			done[j] = 1;
			idx[n++] = j;
			const struct rss_cell_result *r = &rows[j].r;
			enum rss_verdict v = rss_verify(&rows[j], w, sizeof(w));

			if (r->nr_err_samples && r->err_max > err_max)
				err_max = r->err_max;
			settled = r->settled_err > settled ? r->settled_err : settled;
			precise = r->precise_err > precise ? r->precise_err : precise;
			/* FAILED beats unverified beats ok; the first reason of the worst. */
			if (v > verdict) {
				verdict = v;
				snprintf(why, sizeof(why), "%.200s (repetition %d)", w, rows[j].rep);
			}
		}
		rss_csv_key(f, o, &rows[i]);
		fprintf(f, ",%d", n);
		if (o->model_only) {
			rss_csv_untimed_summary(f, pmu);
			continue;
		}
		spread(f, &notes, "cycles_per_op", rows, idx, n, get_cycles);
		spread(f, &notes, "ns_per_op", rows, idx, n, get_ns);
		spread(f, &notes, "ops_per_sec", rows, idx, n, get_ops);
		for (int e = 0; e < pmu->nr; e++) {
			double v[256];
			const char *ev_why = NULL;
			char buf[64];
			int m = 0;

			for (int k = 0; k < n; k++) {
				const struct rss_cell_result *r = &rows[idx[k]].r;
				const char *rw = rss_pmu_format(pmu, e, r->pmu_counted[e],
								(double)r->pmu_total[e],
								(double)r->ops, NULL, 0);

				if (!rw)
					v[m++] = (double)r->pmu_total[e] / (double)r->ops;
				else if (!ev_why)
					ev_why = rw;
			}
			if (m) {
				fprintf(f, ",%.4f", rss_median(v, (size_t)m));
			} else {
				fputs(",NA", f);
				snprintf(buf, sizeof(buf), "ev:%s_median", pmu->ev[e].name);
				rss_notes_add(&notes, buf, "%s", ev_why);
			}
		}
		if (rows[i].r.settled_err < 0) {
			static const char *const cols[] = {
				"err_max", "err_p99_median", "err_p99_min", "err_p99_max",
				"settled_err_max", "precise_err_max",
			};

			for (int k = 0; k < 6; k++)
				put(f, &notes, cols[k], 0, 0, "the scheme counts nothing");
		} else if ((capped = rss_capped(o, &rows[i], capbuf, sizeof(capbuf)))) {
			static const char *const cols[] = {
				"err_max", "err_p99_median", "err_p99_min", "err_p99_max",
				"settled_err_max",
			};

			for (int k = 0; k < 5; k++)
				put(f, &notes, cols[k], 0, 0, capped);
			put(f, &notes, "precise_err_max", 0, (double)precise,
			    rows[i].r.no_precise[0] ? rows[i].r.no_precise : NULL);
		} else {
			put(f, &notes, "err_max", 0, (double)err_max,
			    err_max < 0 ? "the watchdog took no sample in any repetition" : NULL);
			spread(f, &notes, "err_p99", rows, idx, n, get_p99);
			fprintf(f, ",%ld", settled);
			put(f, &notes, "precise_err_max", 0, (double)precise,
			    rows[i].r.no_precise[0] ? rows[i].r.no_precise : NULL);
		}
		if (rows[i].r.scheme_note[0])
			rss_notes_add(&notes, "scheme", "%s", rows[i].r.scheme_note);
		put_bound(f, &notes, "bound_under", rows[i].r.bound.under);
		put_bound(f, &notes, "bound_over", rows[i].r.bound.over);
		if (verdict != RSS_OK)
			rss_notes_add(&notes, "verify", "%s", why);
		fprintf(f, ",%zu,%ld,%s", rows[i].r.footprint, rows[i].r.pcpu_bytes_per_mm,
			rss_verdict_name(verdict));
		print_spread(f, &notes, rows, idx, n);
		rss_csv_sep_field(f, notes.buf);
		fputc('\n', f);
	}
	free(done);
}

int rss_report_bad_cells(FILE *f, const struct rss_row *rows, int nr_rows)
{
	char *done = calloc((size_t)nr_rows, 1);
	int bad = 0;

	for (int i = 0; i < nr_rows && done; i++) {
		enum rss_verdict verdict = RSS_OK;
		char why[256] = "", w[256];

		if (done[i])
			continue;
		for (int j = i; j < nr_rows; j++) {
			enum rss_verdict v;

			if (done[j] || !same_cell(&rows[i], &rows[j]))
				continue;
			done[j] = 1;
			v = rss_verify(&rows[j], w, sizeof(w));
			if (v > verdict) {
				verdict = v;
				snprintf(why, sizeof(why), "%.200s in repetition %d", w, rows[j].rep);
			}
		}
		if (verdict == RSS_OK)
			continue;
		bad++;
		fprintf(f, "rssbench: %s/%s threads=%d migration=%s: %s (%s)\n",
			rows[i].workload->name, rows[i].scheme->name, rows[i].threads,
			rows[i].migration, rss_verdict_name(verdict), why);
	}
	free(done);
	return bad;
}

/* The repetitions' cycles-per-op spread of one cell, over those with
 * operations: (max - min) / median, and in @iqr the noisy figure (IQR over
 * the median); NAN for fewer than two. */
static double cell_spread(const struct rss_row *rows, const int *idx, int n, double *iqr)
{
	double v[256];
	int m = 0;

	for (int i = 0; i < n; i++)
		if (rows[idx[i]].r.ops)
			v[m++] = rows[idx[i]].r.cycles_per_op;
	*iqr = rss_rel_iqr(v, (size_t)m);
	return rss_spread(v, (size_t)m);
}

static void print_spread(FILE *f, struct rss_notes *notes, const struct rss_row *rows,
			 const int *idx, int n)
{
	double iqr, s = cell_spread(rows, idx, n, &iqr);

	if (isnan(s)) {
		fputs(",NA,NA", f);
		rss_notes_add(notes, "cycles_spread", "fewer than two repetitions with operations");
		rss_notes_add(notes, "noisy", "no spread");
	} else {
		fprintf(f, ",%.4f,%d", s, iqr > RSS_NOISY_IQR);
	}
}

int rss_summary_noisy(const struct rss_row *rows, int nr_rows, char *first, size_t len)
{
	char *done = calloc((size_t)nr_rows, 1);
	int idx[256], noisy = 0;

	if (len)
		first[0] = '\0';
	for (int i = 0; i < nr_rows && done; i++) {
		int n = 0;
		double s;

		if (done[i])
			continue;
		for (int j = i; j < nr_rows && n < 256; j++)
			if (!done[j] && same_cell(&rows[i], &rows[j])) {
				done[j] = 1;
				idx[n++] = j;
			}
		cell_spread(rows, idx, n, &s);
		if (isnan(s) || s <= RSS_NOISY_IQR)
			continue;
		if (!noisy++ && len)
			snprintf(first, len, "%s/%s threads=%d %s: cycles per op IQR %.1f %% of the median",
				 rows[i].workload->name, rows[i].scheme->name, rows[i].threads,
				 rows[i].migration, 100 * s);
	}
	free(done);
	return noisy;
}
