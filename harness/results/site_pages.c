/*
 * site_pages.c - the dashboard's data and pages: a page per workload (its
 * series grouped by machine, threads, placement and migration, a trend plot
 * and a table per group), gathered from rss_store_trend, and the series
 * copies they are drawn from.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "site.h"
#include "site_impl.h"

static char *dup0(const char *s)
{
	return strdup(s ? s : "");
}

int rss_site_copy_series(const struct rss_trend_series *t, void *arg)
{
	struct rss_site_set *set = arg;
	struct rss_site_series *s;

	if (set->nr == set->cap) {
		int cap = set->cap ? 2 * set->cap : 32;
		struct rss_site_series *n = realloc(set->s, (size_t)cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		set->s = n;
		set->cap = cap;
	}
	s = &set->s[set->nr++];
	memset(s, 0, sizeof(*s));
	s->machine = dup0(t->machine);
	s->kernel = dup0(t->kernel);
	s->workload = dup0(t->workload);
	s->scheme = dup0(t->scheme);
	s->placement = dup0(t->placement);
	s->migration = dup0(t->migration);
	s->threads = t->threads;
	s->v = t->verdict;
	s->nr = t->nr;
	s->pts = calloc((size_t)(t->nr ? t->nr : 1), sizeof(*s->pts));
	if (!s->machine || !s->kernel || !s->workload || !s->scheme || !s->placement ||
	    !s->migration || !s->pts)
		return -ENOMEM;
	for (int i = 0; i < t->nr; i++) {
		struct rss_site_point *p = &s->pts[i];

		p->run = t->pts[i].run;
		p->median = t->pts[i].median;
		p->min = t->pts[i].min;
		p->max = t->pts[i].max;
		p->n = t->pts[i].n;
		p->marks = t->pts[i].marks;
		p->used = t->pts[i].used;
		p->started = dup0(t->pts[i].started);
		p->kernel = dup0(t->pts[i].kernel);
		if (!p->started || !p->kernel)
			return -ENOMEM;
	}
	return 0;
}

void rss_site_set_free(struct rss_site_set *set)
{
	for (int i = 0; i < set->nr; i++) {
		struct rss_site_series *s = &set->s[i];

		for (int j = 0; j < s->nr && s->pts; j++) {
			free(s->pts[j].started);
			free(s->pts[j].kernel);
		}
		free(s->pts);
		free(s->machine);
		free(s->kernel);
		free(s->workload);
		free(s->scheme);
		free(s->placement);
		free(s->migration);
	}
	free(set->s);
	memset(set, 0, sizeof(*set));
}

/* Series of one plot: same machine, threads, placement, migration. */
static int cmp_group(const struct rss_site_series *a, const struct rss_site_series *b)
{
	int c = strcmp(a->machine, b->machine);

	if (!c)
		c = (a->threads > b->threads) - (a->threads < b->threads);
	if (!c)
		c = strcmp(a->placement, b->placement);
	return c ? c : strcmp(a->migration, b->migration);
}

static int cmp_series(const void *x, const void *y)
{
	const struct rss_site_series *a = x, *b = y;
	int c = cmp_group(a, b);

	if (!c)
		c = strcmp(a->scheme, b->scheme);
	return c ? c : strverscmp(a->kernel, b->kernel);
}

static int cmp_str(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

/* The page's kernels, sorted, and each series' number among them (1, 2, ...). */
static int number_kernels(struct rss_site_page *pg)
{
	struct rss_site_set *set = &pg->set;

	pg->kernels = calloc((size_t)(set->nr ? set->nr : 1), sizeof(char *));
	if (!pg->kernels)
		return -ENOMEM;
	for (int i = 0; i < set->nr; i++) {
		int k;

		for (k = 0; k < pg->nr_kernels; k++)
			if (!strcmp(pg->kernels[k], set->s[i].kernel))
				break;
		if (k == pg->nr_kernels)
			pg->kernels[pg->nr_kernels++] = set->s[i].kernel;
	}
	qsort(pg->kernels, (size_t)pg->nr_kernels, sizeof(char *), cmp_str);
	for (int i = 0; i < set->nr; i++)
		for (int k = 0; k < pg->nr_kernels; k++)
			if (!strcmp(pg->kernels[k], set->s[i].kernel))
				set->s[i].kernel_no = k + 1;
	return 0;
}

struct stamp {
	const char *started;
	long long run;
};

static int cmp_stamp(const void *x, const void *y)
{
	const struct stamp *a = x, *b = y;
	int c = strcmp(a->started, b->started);

	return c ? c : (a->run > b->run) - (a->run < b->run);
}

/* The x of each point of series [@from, @to): the run's rank in time among the group's runs. */
static int place_group(struct rss_site_page *pg, int from, int to, struct rss_site_plot *plot)
{
	struct rss_site_set *set = &pg->set;
	struct stamp *st;
	int n = 0, k = 0;

	for (int i = from; i < to; i++)
		n += set->s[i].nr;
	st = malloc((size_t)(n ? n : 1) * sizeof(*st));
	plot->lines = calloc(to > from ? (size_t)(to - from) : 1, sizeof(*plot->lines));
	if (!st || !plot->lines) {
		free(st);
		return -ENOMEM;
	}
	for (int i = from; i < to; i++)
		for (int j = 0; j < set->s[i].nr; j++)
			st[k++] = (struct stamp){ set->s[i].pts[j].started, set->s[i].pts[j].run };
	qsort(st, (size_t)n, sizeof(*st), cmp_stamp);
	/* One x per run: the series share runs. */
	for (int i = 0, u = 0; i < n; i++)
		if (!u || cmp_stamp(&st[u - 1], &st[i]))
			st[u++] = st[i], k = u;
	n = n ? k : 0;
	plot->nr_lines = to - from;
	for (int i = from; i < to; i++) {
		struct rss_site_series *s = &set->s[i];
		struct rss_site_line *ln = &plot->lines[i - from];

		ln->scheme = rss_site_registry_name(s->scheme, 0);
		ln->kernel = s->kernel_no;
		ln->nr = s->nr;
		ln->x = calloc((size_t)(s->nr ? s->nr : 1), 4 * sizeof(double));
		if (!ln->x) {
			free(st);
			return -ENOMEM;
		}
		ln->median = ln->x + s->nr;
		ln->min = ln->median + s->nr;
		ln->max = ln->min + s->nr;
		for (int j = 0; j < s->nr; j++) {
			struct stamp key = { s->pts[j].started, s->pts[j].run };
			struct stamp *at = bsearch(&key, st, (size_t)n, sizeof(*st), cmp_stamp);

			ln->x[j] = at ? (double)(at - st) + 1 : 0;
			ln->median[j] = s->pts[j].median;
			ln->min[j] = s->pts[j].min;
			ln->max[j] = s->pts[j].max;
		}
	}
	free(st);
	return 0;
}

int rss_site_page_plots(struct rss_site_page *pg, int *next_id)
{
	struct rss_site_set *set = &pg->set;
	int ret;

	qsort(set->s, (size_t)set->nr, sizeof(*set->s), cmp_series);
	ret = number_kernels(pg);
	for (int i = 0; !ret && i < set->nr;) {
		int j = i;

		while (j < set->nr && !cmp_group(&set->s[i], &set->s[j]))
			j++;
		pg->groups = realloc(pg->groups, (size_t)(pg->nr_groups + 1) * sizeof(*pg->groups));
		pg->plots = realloc(pg->plots, (size_t)(pg->nr_groups + 1) * sizeof(*pg->plots));
		if (!pg->groups || !pg->plots)
			return -ENOMEM;
		memset(&pg->plots[pg->nr_groups], 0, sizeof(*pg->plots));
		pg->plots[pg->nr_groups].id = (*next_id)++;
		pg->plots[pg->nr_groups].ylabel = "cycles per operation (median, min-max of the reps)";
		pg->groups[pg->nr_groups] = (struct rss_site_group){ i, j };
		ret = place_group(pg, i, j, &pg->plots[pg->nr_groups]);
		pg->nr_groups++;
		i = j;
	}
	return ret;
}

void rss_site_page_free(struct rss_site_page *pg)
{
	for (int g = 0; g < pg->nr_groups && pg->plots; g++) {
		for (int l = 0; l < pg->plots[g].nr_lines && pg->plots[g].lines; l++)
			free(pg->plots[g].lines[l].x);
		free(pg->plots[g].lines);
	}
	free(pg->plots);
	free(pg->groups);
	free(pg->kernels);
	free(pg->name);
	rss_site_set_free(&pg->set);
	memset(pg, 0, sizeof(*pg));
}

static void marks_text(unsigned m, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", m & RSS_MARK_VIRTUAL ? " virtual" : "",
		 m & RSS_MARK_GUEST ? " guest" : "", m & RSS_MARK_BUSY ? " busy" : "",
		 m & RSS_MARK_NOISY ? " noisy" : "");
}

void rss_site_verdict(FILE *f, const struct rss_trend_verdict *v)
{
	rss_html_printf(f, "<span class=\"v%d\">%s", (int)v->state, rss_trend_state_name(v->state));
	if ((v->state == RSS_TREND_REGRESSION || v->state == RSS_TREND_SUSPECT ||
	     v->state == RSS_TREND_IMPROVED || v->state == RSS_TREND_CHANGED) && v->before > 0)
		rss_html_printf(f, " %+.1f %% (%.6g &rarr; %.6g)", 100 * (v->after / v->before - 1),
				v->before, v->after);
	fputs("</span>", f);
}

void rss_site_write_page(FILE *f, const struct rss_site_page *pg, int drawn, const char *why)
{
	const struct rss_site_set *set = &pg->set;

	rss_site_head(f, pg->name);
	rss_html_printf(f, "<p><a href=\"index.html\">&larr; all machines and workloads</a></p>\n"
			"<h1>Workload %s</h1>\n<p>Kernels on this page:", pg->name);
	for (int k = 0; k < pg->nr_kernels; k++)
		rss_html_printf(f, " <b>k%d</b> = <code>%s</code>", k + 1, pg->kernels[k]);
	fputs("</p>\n", f);
	for (int g = 0; g < pg->nr_groups; g++) {
		const struct rss_site_series *s0 = &set->s[pg->groups[g].from];

		rss_html_printf(f, "<h2>%s, threads=%d, %s, migration %s</h2>\n", s0->machine,
				s0->threads, s0->placement, s0->migration);
		if (drawn)
			rss_html_printf(f, "<img class=\"plot\" src=\"plots/p%d.svg\" alt=\"trend of cycles per operation\">\n",
					pg->plots[g].id);
		else
			rss_html_printf(f, "<p class=\"na\">plot unavailable (%s)</p>\n", why);
		fputs("<table class=\"series\"><tr><th>scheme</th><th>kernel</th><th>runs</th>"
		      "<th>latest median</th><th>min</th><th>max</th><th>latest marks</th>"
		      "<th>verdict (cycles)</th></tr>\n", f);
		for (int i = pg->groups[g].from; i < pg->groups[g].to; i++) {
			const struct rss_site_series *s = &set->s[i];
			const struct rss_site_point *p = &s->pts[s->nr - 1];
			char m[64];

			marks_text(p->marks, m, sizeof(m));
			rss_html_printf(f, "<tr><td>%s</td><td>k%d</td><td>%d</td>", s->scheme,
					s->kernel_no, s->nr);
			if (isnan(p->median))
				rss_html_printf(f, "<td colspan=\"3\">unavailable (no value in %d rep%s)</td>",
						p->n, rss_s(p->n));
			else
				rss_html_printf(f, "<td>%.6g</td><td>%.6g</td><td>%.6g</td>", p->median,
						p->min, p->max);
			rss_html_printf(f, "<td>%s</td><td>", *m ? m + 1 : "-");
			rss_site_verdict(f, &s->v);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	rss_site_tail(f);
}
