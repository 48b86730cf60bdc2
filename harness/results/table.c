/*
 * table.c - the table `rssbench run` prints when the matrix is done: per
 * workload, the median cycles per operation of each scheme at each thread
 * count (first migration policy), and beside it the harness's own cost, the
 * `empty` scheme's figure, which every other row includes.  A serialized run
 * (--serialize) times nothing worth reading: its table is the settled error
 * beside the bound, per migration policy.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "hostinfo.h"
#include "results.h"
#include "stats.h"

/* Median cycles/op over the repetitions of one cell; < 0 if it did not run. */
static double cell_median(const struct rss_row *rows, int n, const struct workload_ops *w,
			  const struct scheme_ops *s, int threads, const char *mig)
{
	double v[256];
	size_t k = 0;

	for (int i = 0; i < n && k < 256; i++)
		if (rows[i].workload == w && rows[i].scheme == s && rows[i].threads == threads &&
		    !strcmp(rows[i].migration, mig) && rows[i].r.ops)
			v[k++] = rows[i].r.cycles_per_op;
	return k ? rss_median(v, k) : -1;
}

static void print_cell(FILE *f, double c)
{
	if (c < 0)
		fprintf(f, " %13s", "-");
	else
		fprintf(f, " %13.1f", c);
}

static const struct scheme_ops *find_empty(const struct rss_run_opts *o)
{
	for (int s = 0; s < o->nr_schemes; s++)
		if (o->schemes[s]->flags & RSS_SCHEME_NO_COUNTER)
			return o->schemes[s];
	return NULL;
}

/* The first repetition's row of a cell that ran, or NULL. */
static const struct rss_row *cell_row(const struct rss_row *rows, int n,
				      const struct workload_ops *w, const struct scheme_ops *s,
				      int threads, const char *mig)
{
	for (int i = 0; i < n; i++)
		if (rows[i].workload == w && rows[i].scheme == s && rows[i].threads == threads &&
		    !strcmp(rows[i].migration, mig) && rows[i].r.ops)
			return &rows[i];
	return NULL;
}

/* Settled error / bound (pages) of each scheme and thread count, per policy. */
static void print_error_table(FILE *f, const struct rss_run_opts *o, const struct rss_row *rows,
			      int nr_rows)
{
	for (int w = 0; w < o->nr_workloads; w++)
		for (int m = 0; m < o->nr_migrate; m++) {
			const char *mig = o->migrate[m].desc;

			fprintf(f, "\n%s: settled error / bound, pages (migration %s)\n",
				o->workloads[w]->name, mig);
			fprintf(f, "  %-20s", "scheme");
			for (int t = 0; t < o->nr_threads; t++) {
				char head[32];

				snprintf(head, sizeof(head), "%d CPU%s", o->threads[t],
					 rss_s(o->threads[t]));
				fprintf(f, " %22s", head);
			}
			fputc('\n', f);
			for (int s = 0; s < o->nr_schemes; s++) {
				fprintf(f, "  %-20s", o->schemes[s]->name);
				for (int t = 0; t < o->nr_threads; t++) {
					const struct rss_row *r = cell_row(rows, nr_rows, o->workloads[w],
									   o->schemes[s],
									   o->threads[t], mig);
					char c[48] = "-";

					if (r && rss_capped(o, r, c, sizeof(c)))
						snprintf(c, sizeof(c), "capped by RSS");
					else if (r)
						snprintf(c, sizeof(c), "%ld / %ld", r->r.settled_err,
							 r->r.bound.under);
					fprintf(f, " %22s", c);
				}
				fputc('\n', f);
			}
		}
}

void rss_print_table(FILE *f, const struct rss_run_opts *o, const struct rss_row *rows,
		     int nr_rows)
{
	const struct scheme_ops *empty = find_empty(o);
	char busy[512];

	/* Said first, where people look. */
	if (!o->serialize && rss_busy_line(o, busy, sizeof(busy)))
		fprintf(f, "\n%s\n", busy);
	if (o->serialize) {
		print_error_table(f, o, rows, nr_rows);
		return;
	}
	const char *mig = o->migrate[0].desc;

	for (int w = 0; w < o->nr_workloads; w++) {
		const struct workload_ops *wl = o->workloads[w];
		int above = 0;

		fprintf(f, "\n%s: cycles per %s (median of %d, migration %s)\n", wl->name,
			wl->unit, o->reps, mig);
		fprintf(f, "  %-20s", "scheme");
		for (int t = 0; t < o->nr_threads; t++) {
			char head[32];

			snprintf(head, sizeof(head), "%d thread%s", o->threads[t], rss_s(o->threads[t]));
			fprintf(f, " %13s", head);
		}
		fputc('\n', f);
		for (int s = 0; s < o->nr_schemes; s++) {
			if (o->schemes[s] == empty)
				continue;
			fprintf(f, "  %-20s", o->schemes[s]->name);
			for (int t = 0; t < o->nr_threads; t++) {
				print_cell(f, cell_median(rows, nr_rows, wl, o->schemes[s],
							  o->threads[t], mig));
			}
			fputc('\n', f);
		}
		if (!empty) {
			fprintf(f, "  harness alone: not measured (add the empty scheme to --scheme)\n");
			continue;
		}
		fprintf(f, "  %-20s", "harness (empty)");
		for (int t = 0; t < o->nr_threads; t++) {
			double h = cell_median(rows, nr_rows, wl, empty, o->threads[t], mig);

			print_cell(f, h);
			/* The harness alone above a scheme that includes it: noise. */
			for (int s = 0; s < o->nr_schemes && h >= 0; s++) {
				double c = cell_median(rows, nr_rows, wl, o->schemes[s],
						       o->threads[t], mig);

				above |= o->schemes[s] != empty && c >= 0 && h > c;
			}
		}
		fputs(above ? "   <- included in every row above, yet above some of them: too noisy to subtract\n" :
		      "   <- included in every row above\n", f);
	}
}
