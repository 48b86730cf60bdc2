/*
 * site_impl.h - what the dashboard's files share: copies of the series a
 * page draws (rss_store_trend's live only during its callback) and the
 * pages' groups and plots.
 */
#ifndef RSS_SITE_IMPL_H
#define RSS_SITE_IMPL_H

#include <stdio.h>

#include "site.h"

struct rss_site_point {
	long long run;
	char *started, *kernel;
	int n, used;
	unsigned marks;
	double median, min, max;
};

struct rss_site_series {
	char *machine, *kernel, *workload, *scheme, *placement, *migration;
	int threads, kernel_no;
	int nr;
	struct rss_site_point *pts;
	struct rss_trend_verdict v;
};

struct rss_site_set {
	struct rss_site_series *s;
	int nr, cap;
};

/* A workload's page: its series, sorted into groups of one plot each. */
struct rss_site_page {
	char *name;			/* the stored workload name */
	char file[64];			/* w-<registry name>.html, or w<N>.html */
	struct rss_site_set set;
	const char **kernels;		/* k1, k2, ...: the page's kernels, version order */
	int nr_kernels;
	struct rss_site_group { int from, to; } *groups;
	struct rss_site_plot *plots;	/* one per group */
	int nr_groups;
};

/* rss_store_trend's callback: appends a copy of the series to the rss_site_set @arg. */
int rss_site_copy_series(const struct rss_trend_series *t, void *arg);
void rss_site_set_free(struct rss_site_set *set);
/* Sorts @pg's series into groups and makes their plots, numbered from *@next_id. */
int rss_site_page_plots(struct rss_site_page *pg, int *next_id);
void rss_site_page_free(struct rss_site_page *pg);
/* The page of @pg; @drawn: the plots are there, else @why they are not. */
void rss_site_write_page(FILE *f, const struct rss_site_page *pg, int drawn, const char *why);
/* A verdict as HTML. */
void rss_site_verdict(FILE *f, const struct rss_trend_verdict *v);
/* A directory name that can be linked to: [A-Za-z0-9][A-Za-z0-9._-]*, no "..". */
int rss_site_linkable(const char *s);
/* The index's claims section (site_claims.c): @c's tables, or why there are none. */
void rss_site_put_claims(FILE *f, const struct rss_site_claims *c);
/* The head of a page titled @title (escaped), and its end (site.c). */
void rss_site_head(FILE *f, const char *title);
void rss_site_tail(FILE *f);

/* A new file @name in @dirfd (O_EXCL, never through a link) as a stdio
 * stream, mode 0644; NULL with errno set (site_plot.c). */
FILE *rss_site_create_at(int dirfd, const char *name);

#endif /* RSS_SITE_IMPL_H */
