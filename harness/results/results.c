/*
 * results.c - the results directory and its CSV files.  Every row is
 * rectangular: a value that could not be measured is "unavailable (reason)",
 * never an empty cell or a zero.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "results.h"
#include "stats.h"

struct rss_results {
	char parent[PATH_MAX / 2];
	char tmp[PATH_MAX];
	char name[128];
	char host[64];
};

int rss_results_open(struct rss_results **out, const char *parent, char *err,
		     size_t errlen)
{
	struct rss_results *res = calloc(1, sizeof(*res));
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];

	if (!res)
		return -ENOMEM;
	gethostname(res->host, sizeof(res->host) - 1);
	for (char *p = res->host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(res->name, sizeof(res->name), "%s-%s", res->host, stamp);
	snprintf(res->parent, sizeof(res->parent), "%s", parent);
	if (mkdir(parent, 0777) && errno != EEXIST)
		goto fail;
	snprintf(res->tmp, sizeof(res->tmp), "%s/.incomplete-%s-XXXXXX", parent, res->name);
	if (!mkdtemp(res->tmp))
		goto fail;
	*out = res;
	return 0;
fail:
	snprintf(err, errlen, "cannot write results directory in \"%s\": %s; pass --output DIR naming a writable directory",
		 parent, strerror(errno));
	free(res);
	return -EACCES;
}

void rss_results_path(const struct rss_results *res, const char *name, char *buf,
		      size_t len)
{
	snprintf(buf, len, "%s/%s", res->tmp, name);
}

FILE *rss_results_fopen(struct rss_results *res, const char *name)
{
	char path[PATH_MAX + 64];

	rss_results_path(res, name, path, sizeof(path));
	return fopen(path, "w");
}

const char *rss_results_name(const struct rss_results *res)
{
	return res->name;
}

const char *rss_results_host(const struct rss_results *res)
{
	return res->host;
}

int rss_results_commit(struct rss_results *res, char *final, size_t len)
{
	int ret = 0;

	/* Two runs in one second: a suffix keeps both. */
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(final, len, "%s/%s", res->parent, res->name);
		else
			snprintf(final, len, "%s/%s-%d", res->parent, res->name, i);
		if (access(final, F_OK) && !rename(res->tmp, final))
			goto out;
	}
	ret = -errno;
out:
	free(res);
	return ret;
}

void rss_results_abort(struct rss_results *res)
{
	DIR *d = opendir(res->tmp);
	struct dirent *e;
	char path[PATH_MAX + 300];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", res->tmp, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(res->tmp);
	free(res);
}

static void print_bound(FILE *f, long b)
{
	if (b < 0)
		fputs(",unavailable (bound not known for this kernel)", f);
	else
		fprintf(f, ",%ld", b);
}

/* An error figure; negative: the scheme counts nothing (empty). */
static void print_err(FILE *f, long e)
{
	if (e < 0)
		fputs(",unavailable (the scheme counts nothing)", f);
	else
		fprintf(f, ",%ld", e);
}

/* A scheme that counts nothing (empty) is verified by its failures alone. */
static const char *verify(const struct rss_cell_result *r)
{
	long b = r->bound.under > r->bound.over ? r->bound.under : r->bound.over;

	if (r->failures)
		return "FAILED (operation or check_mm failures)";
	if (r->precise_err > 0)
		return "FAILED (precise read differs from truth)";
	if (b >= 0 && r->settled_err > b)
		return "FAILED (settled error above bound)";
	return "ok";
}

void rss_csv_cells_header(FILE *f, const struct rss_pmu *pmu)
{
	fputs("workload,scheme,threads,placement,migration,topology_kind,tasks,tasks_per_mm,mms,rep,"
	      "ops,window_s,cycles_per_op,ns_per_op,ops_per_sec", f);
	for (int e = 0; e < pmu->nr; e++)
		fprintf(f, ",ev:%s", pmu->ev[e].name);
	fputs(",err_max,err_p99,err_samples,settled_err,precise_err,bound_under,bound_over,"
	      "bytes_per_mm,pcpu_bytes_per_mm,switches,migrations,failures,verify\n", f);
}

static void key(FILE *f, const struct rss_run_opts *o, const struct rss_row *row)
{
	fprintf(f, "%s,%s,%d,%s,%s", row->workload->name, row->scheme->name, row->threads,
		o->placement, row->migration);
}

/* Format 1's ev: cell: the value, or "unavailable (reason)". */
static void pmu_cell(const struct rss_pmu *pmu, int e, int counted, double total, double ops,
		     char *buf, size_t len)
{
	char why[240];	/* the callers' cells are 256 bytes */
	double v;

	if (rss_pmu_value(pmu, e, counted, total, ops, &v, why, sizeof(why)))
		snprintf(buf, len, "%.4f", v);
	else
		snprintf(buf, len, "unavailable (%s)", why);
}

void rss_csv_cells_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
		       const struct rss_pmu *pmu, const struct rss_row *row)
{
	const struct rss_cell_result *r = &row->r;
	char buf[256];

	key(f, o, row);
	fprintf(f, ",%s,%d,%d,%d,%d,%llu,%.6f,%.2f,%.3f,%.1f",
		rss_topo_is_virtual(topo) ? "virtual" : "host", r->nr_tasks,
		(r->nr_tasks + r->nr_mms - 1) / r->nr_mms, r->nr_mms, row->rep, r->ops,
		r->window_s, r->cycles_per_op, r->ns_per_op, r->ops_per_sec);
	for (int e = 0; e < pmu->nr; e++) {
		pmu_cell(pmu, e, r->pmu_counted[e], (double)r->pmu_total[e],
			 (double)r->ops, buf, sizeof(buf));
		fprintf(f, ",%s", buf);
	}
	print_err(f, r->err_max);
	print_err(f, r->err_p99);
	fprintf(f, ",%ld", r->nr_err_samples);
	print_err(f, r->settled_err);
	print_err(f, r->precise_err);
	print_bound(f, r->bound.under);
	print_bound(f, r->bound.over);
	fprintf(f, ",%zu,%ld,%lu,%lu,%lu,%s\n", r->footprint, r->pcpu_bytes_per_mm,
		r->switches, r->migrations, r->failures, verify(r));
}

void rss_csv_workers_header(FILE *f)
{
	fputs("workload,scheme,threads,placement,migration,rep,worker,cpu,host_pu,ops,cycles,cycles_per_op\n", f);
}

void rss_csv_workers_rows(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
			  const struct rss_row *row, const int *cpus)
{
	const struct rss_cell_result *r = &row->r;

	for (int i = 0; r->worker_ops && i < row->threads; i++) {
		key(f, o, row);
		fprintf(f, ",%d,%d,%d,%d,%llu,%.0f,", row->rep, i, cpus[i],
			rss_topo_host_pu(topo, cpus[i]), r->worker_ops[i], r->worker_cycles[i]);
		if (r->worker_ops[i])
			fprintf(f, "%.2f\n", r->worker_cycles[i] / (double)r->worker_ops[i]);
		else
			fputs("unavailable (no operations on this worker)\n", f);
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

		key(f, o, row);
		fprintf(f, ",%d,%.6f,%ld,%ld,%ld\n", row->rep, p->t_s, p->max_err, p->read,
			p->truth);
	}
}

static int same_cell(const struct rss_row *a, const struct rss_row *b)
{
	return a->workload == b->workload && a->scheme == b->scheme &&
	       a->threads == b->threads && !strcmp(a->migration, b->migration);
}

/* Median, min and max of one metric over the repetitions in @idx. */
static void spread(FILE *f, const struct rss_row *rows, const int *idx, int n,
		   double (*get)(const struct rss_row *))
{
	double v[256];

	for (int i = 0; i < n; i++)
		v[i] = get(&rows[idx[i]]);
	double med = rss_median(v, (size_t)n);	/* sorts v */

	fprintf(f, ",%.3f,%.3f,%.3f", med, v[0], v[n - 1]);
}

static double get_cycles(const struct rss_row *r) { return r->r.cycles_per_op; }
static double get_ns(const struct rss_row *r) { return r->r.ns_per_op; }
static double get_ops(const struct rss_row *r) { return r->r.ops_per_sec; }
static double get_p99(const struct rss_row *r) { return (double)r->r.err_p99; }

static void print_spread(FILE *f, const struct rss_row *rows, const int *idx, int n);

void rss_csv_summary(FILE *f, const struct rss_run_opts *o, const struct rss_pmu *pmu,
		     const struct rss_row *rows, int nr_rows)
{
	char *done = calloc((size_t)nr_rows, 1);
	int idx[256];

	fputs("workload,scheme,threads,placement,migration,reps,"
	      "cycles_per_op_median,cycles_per_op_min,cycles_per_op_max,"
	      "ns_per_op_median,ns_per_op_min,ns_per_op_max,"
	      "ops_per_sec_median,ops_per_sec_min,ops_per_sec_max", f);
	for (int e = 0; e < pmu->nr; e++)
		fprintf(f, ",ev:%s_median", pmu->ev[e].name);
	fputs(",err_max,err_p99_median,err_p99_min,err_p99_max,settled_err_max,precise_err_max,"
	      "bound_under,bound_over,bytes_per_mm,pcpu_bytes_per_mm,verify,"
	      "cycles_spread,noisy\n", f);
	for (int i = 0; i < nr_rows && done; i++) {
		int n = 0;
		long err_max = 0, settled = 0, precise = 0;
		const char *ok = "ok";

		if (done[i])
			continue;
		for (int j = i; j < nr_rows && n < 256; j++) {
			if (done[j] || !same_cell(&rows[i], &rows[j]))
				continue;
			done[j] = 1;
			idx[n++] = j;
			const struct rss_cell_result *r = &rows[j].r;

			err_max = r->err_max > err_max ? r->err_max : err_max;
			settled = r->settled_err > settled ? r->settled_err : settled;
			precise = r->precise_err > precise ? r->precise_err : precise;
			if (strcmp(verify(r), "ok"))
				ok = verify(r);
		}
		key(f, o, &rows[i]);
		fprintf(f, ",%d", n);
		spread(f, rows, idx, n, get_cycles);
		spread(f, rows, idx, n, get_ns);
		spread(f, rows, idx, n, get_ops);
		for (int e = 0; e < pmu->nr; e++) {
			double v[256], ops = 0;
			int counted = 1, m = 0;
			char buf[256];

			for (int k = 0; k < n; k++) {
				const struct rss_cell_result *r = &rows[idx[k]].r;

				counted &= r->pmu_counted[e] && r->ops > 0;
				if (r->ops > 0)
					v[m++] = (double)r->pmu_total[e] / (double)r->ops;
				ops += (double)r->ops;
			}
			/* The median per-op value, formatted as a total over 1 op. */
			pmu_cell(pmu, e, counted && m, m ? rss_median(v, (size_t)m) : 0,
				 ops > 0 ? 1 : 0, buf, sizeof(buf));
			fprintf(f, ",%s", buf);
		}
		if (rows[i].r.settled_err < 0) {
			for (int k = 0; k < 6; k++)
				print_err(f, -1);
		} else {
			fprintf(f, ",%ld", err_max);
			spread(f, rows, idx, n, get_p99);
			fprintf(f, ",%ld,%ld", settled, precise);
		}
		print_bound(f, rows[i].r.bound.under);
		print_bound(f, rows[i].r.bound.over);
		fprintf(f, ",%zu,%ld,%s", rows[i].r.footprint, rows[i].r.pcpu_bytes_per_mm, ok);
		print_spread(f, rows, idx, n);
		fputc('\n', f);
	}
	free(done);
}

/* The repetitions' cycles-per-op spread of one cell; NAN for one repetition. */
static double cell_spread(const struct rss_row *rows, const int *idx, int n)
{
	double v[256];

	for (int i = 0; i < n; i++)
		v[i] = rows[idx[i]].r.cycles_per_op;
	return rss_spread(v, (size_t)n);
}

static void print_spread(FILE *f, const struct rss_row *rows, const int *idx, int n)
{
	double s = cell_spread(rows, idx, n);

	if (isnan(s))
		fputs(",NA,NA", f);
	else
		fprintf(f, ",%.4f,%d", s, s > RSS_NOISY_SPREAD);
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
		s = cell_spread(rows, idx, n);
		if (isnan(s) || s <= RSS_NOISY_SPREAD)
			continue;
		if (!noisy++ && len)
			snprintf(first, len, "%s/%s threads=%d %s: cycles per op spread %.1f %%",
				 rows[i].workload->name, rows[i].scheme->name, rows[i].threads,
				 rows[i].migration, 100 * s);
	}
	free(done);
	return noisy;
}
