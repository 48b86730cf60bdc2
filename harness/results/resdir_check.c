/*
 * resdir_check.c - cells.csv's rows against each other and against the
 * matrix meta.json promises: a (cell, rep) twice would count as an extra
 * repetition and bend the statistics; a row outside the matrix does not
 * belong to this run; a missing row means the gate would judge what is
 * left.  Rows are sorted once by key (n log n), never compared pairwise.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "resdir.h"

/* A row's (cell, rep). */
struct key {
	struct rss_cell_key cell;
	int rep;
};

static void key_of(const struct rss_resdir *d, int r, struct key *k, const int *col)
{
	k->cell.workload = rss_resdir_val(d, r, col[0]);
	k->cell.scheme = rss_resdir_val(d, r, col[1]);
	k->cell.placement = rss_resdir_val(d, r, col[2]);
	k->cell.migration = rss_resdir_val(d, r, col[3]);
	k->cell.threads = d->threads[r];
	k->cell.kernel = rss_resdir_val(d, r, col[4]);
	k->rep = d->rep[r];
}

int rss_cell_key_cmp(const struct rss_cell_key *a, const struct rss_cell_key *b)
{
	int c = strcmp(a->workload, b->workload);

	if (!c)
		c = strcmp(a->scheme, b->scheme);
	if (!c)
		c = strcmp(a->placement, b->placement);
	if (!c)
		c = strcmp(a->migration, b->migration);
	if (!c)
		c = (a->threads > b->threads) - (a->threads < b->threads);
	return c ? c : strcmp(a->kernel ? a->kernel : "", b->kernel ? b->kernel : "");
}

static int cmp_key(const struct key *a, const struct key *b)
{
	int c = rss_cell_key_cmp(&a->cell, &b->cell);

	return c ? c : (a->rep > b->rep) - (a->rep < b->rep);
}

struct sort_arg {
	const struct rss_resdir *d;
	int col[5];		/* workload, scheme, placement, migration, kernel (-1: none) */
};

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct sort_arg *s = arg;
	int ra = *(const int *)a, rb = *(const int *)b, c;
	struct key ka, kb;

	key_of(s->d, ra, &ka, s->col);
	key_of(s->d, rb, &kb, s->col);
	c = cmp_key(&ka, &kb);
	return c ? c : (ra > rb) - (ra < rb);
}

static void key_str(char *buf, size_t len, const struct key *k)
{
	char w[64], s[64], p[64], m[64], kl[96];

	snprintf(buf, len, "%s/%s threads=%d %s %s rep %d%s%s",
		 rss_escape_str(w, sizeof(w), k->cell.workload),
		 rss_escape_str(s, sizeof(s), k->cell.scheme), k->cell.threads,
		 rss_escape_str(p, sizeof(p), k->cell.placement),
		 rss_escape_str(m, sizeof(m), k->cell.migration), k->rep,
		 k->cell.kernel[0] ? " kernel " : "", rss_escape_str(kl, sizeof(kl), k->cell.kernel));
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_threads(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int in_names(const char **names, int n, const char *s)
{
	return bsearch(&s, names, (size_t)n, sizeof(*names), cmp_name) != NULL;
}

/* What of @k is not in the matrix ("scheme", ...), or NULL. */
static const char *outside(const struct rss_resdir_matrix *m, const struct key *k)
{
	if (!in_names(m->workloads, m->nr_workloads, k->cell.workload))
		return "workload";
	if (!in_names(m->schemes, m->nr_schemes, k->cell.scheme))
		return "scheme";
	if (!bsearch(&k->cell.threads, m->threads, (size_t)m->nr_threads, sizeof(int),
		     cmp_threads))
		return "thread count";
	if (strcmp(k->cell.placement, m->placement))
		return "placement";
	if (!in_names(m->migration, m->nr_migration, k->cell.migration))
		return "migration";
	if (m->kernel && strcmp(k->cell.kernel, m->kernel))
		return "kernel";
	return k->rep > m->reps ? "rep" : NULL;
}

/* What of @k is in none of a scenario's run matrices (the first's answer), or NULL. */
static const char *outside_runs(const struct rss_resdir *d, const struct key *k)
{
	const char *first = NULL;

	for (int i = 0; i < d->nr_runs; i++) {
		const char *what = outside(&d->runs[i], k);

		if (!what)
			return NULL;
		first = first ? first : what;
	}
	return first;
}

/* 1 and the first (cell, rep) of the matrix that has no row in *miss, or 0. */
static int first_missing(const struct sort_arg *sa, const int *order, int n,
			 const struct rss_resdir_matrix *m, struct key *miss)
{
	struct key k = { .cell.placement = m->placement, .cell.kernel = m->kernel ? m->kernel : "" };

	for (k.rep = 1; k.rep <= m->reps; k.rep++)
	for (int w = 0; w < m->nr_workloads; w++)
	for (int s = 0; s < m->nr_schemes; s++)
	for (int t = 0; t < m->nr_threads; t++)
	for (int g = 0; g < m->nr_migration; g++) {
		int lo = 0, hi = n - 1, found = 0;

		k.cell.workload = m->workloads[w];
		k.cell.scheme = m->schemes[s];
		k.cell.threads = m->threads[t];
		k.cell.migration = m->migration[g];
		while (lo <= hi && !found) {
			int mid = lo + (hi - lo) / 2, c;
			struct key km;

			key_of(sa->d, order[mid], &km, sa->col);
			c = cmp_key(&km, &k);
			found = !c;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		if (!found) {
			*miss = k;
			return 1;
		}
	}
	return 0;
}

int rss_resdir_check_rows(struct rss_resdir *d, const char *file, int flags, char *err,
			  size_t errlen)
{
	struct sort_arg sa = { d, {
		rss_resdir_col(d, "workload"), rss_resdir_col(d, "scheme"),
		rss_resdir_col(d, "placement"), rss_resdir_col(d, "migration"),
		rss_resdir_col(d, "kernel") } };
	const struct rss_resdir_matrix *m = &d->matrix;
	int *order = calloc((size_t)d->nr_rows, sizeof(int)), ret = 0;
	char ks[320];
	struct key k;

	if (!order)
		return -ENOMEM;
	for (int r = 0; r < d->nr_rows; r++)
		order[r] = r;
	qsort_r(order, (size_t)d->nr_rows, sizeof(int), cmp_rows, &sa);
	for (int i = 0; i < d->nr_rows && !ret; i++) {
		struct key prev;
		const char *what;

		key_of(d, order[i], &k, sa.col);
		if (i && (key_of(d, order[i - 1], &prev, sa.col), !cmp_key(&prev, &k))) {
			key_str(ks, sizeof(ks), &k);
			snprintf(err, errlen, "%s:%d: %s again (first on line %d): a repetition counted twice; the file is damaged, rerun 'rssbench run'",
				 file, d->line[order[i]], ks, d->line[order[i - 1]]);
			ret = -EINVAL;
		} else if ((m->present && (what = outside(m, &k))) ||
			   (d->nr_runs && (what = outside_runs(d, &k)))) {
			key_str(ks, sizeof(ks), &k);
			snprintf(err, errlen, "%s:%d: %s: its %s is not in meta.json's matrix; the files are not of one run, rerun 'rssbench run'",
				 file, d->line[order[i]], ks, what);
			ret = -EINVAL;
		}
	}
	for (int i = -1; i < d->nr_runs && !ret && !(flags & RSS_RESDIR_ALLOW_PARTIAL); i++) {
		/* The matrix, then each of a scenario's runs. */
		const struct rss_resdir_matrix *x = i < 0 ? m : &d->runs[i];

		if (!x->present || !first_missing(&sa, order, d->nr_rows, x, &k))
			continue;
		key_str(ks, sizeof(ks), &k);
		snprintf(err, errlen, "%s:%d: no row for %s, which meta.json's matrix promises; rerun 'rssbench run', or give --allow-partial to compare what is there",
			 file, d->line[d->nr_rows - 1] + 1, ks);
		ret = -EINVAL;
	}
	free(order);
	return ret;
}
