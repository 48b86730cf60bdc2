/*
 * site.h - the store's dashboard (doc/store.md, "Dashboard"): static HTML
 * and SVG that open from file://, with no script, no server and nothing
 * fetched from the network.  Every stored string is HTML-escaped; file
 * names are made of registry names and numbers only; gnuplot gets numbers
 * and registry names, never a stored string.
 */
#ifndef RSS_SITE_H
#define RSS_SITE_H

#include <stdio.h>

#include "store.h"
#include "store_trend.h"

/* The file a directory must hold to be replaced by the next site written there. */
#define RSS_SITE_MARK	".rssbench-site"

/*
 * The claims table of the dashboard (doc/store.md, "Dashboard"): for each
 * machine with scenario runs in the store, the rows scripts/claims.awk gave
 * on its latest run of each scenario (cli_site_claims.c), every field the
 * engine's text, escaped when written.  @why says why there is none.
 */
struct rss_site_claims {
	struct rss_site_claims_table {
		char *host, *cpu_model;		/* the machine, as stored */
		struct rss_site_claim_run { long long id; char *source, *scenario; int quick; } *runs;
		int nr_runs;			/* the runs judged, the engine's directories 1..nr */
		struct rss_site_claim {
			char *f[8];		/* id claim source quoted scenario measured verdict rule */
			int *runs, nr_runs;	/* indexes into runs[] it was judged on */
		} *rows;
		int nr_rows;
		char *note;			/* runs the reader refused, or NULL */
	} *t;
	int nr;
	char why[512];			/* nr == 0: why ("no scenario run", the engine's error) */
};
void rss_site_claims_free(struct rss_site_claims *c);

/*
 * Writes the site of @s into the directory @outdir: built under a fresh
 * temporary name beside it and renamed into place, so a reader never sees
 * half a site; an existing @outdir is replaced only when it holds
 * RSS_SITE_MARK (a site written before), else refused.  Plots are drawn
 * when gnuplot is there ($GNUPLOT, else the one configure found; "no":
 * none), and each page says so where they are not.  The index shows
 * @claims (NULL: "unavailable").  0, or -EINVAL/-ENOMEM/
 * -EIO with one line in @err (nothing left behind).
 */
int rss_site_write(struct rss_store *s, const char *outdir, const struct rss_site_claims *claims,
		   char *err, size_t errlen);

/* site_html.c: @s HTML-escaped onto @f (escape.h's RSS_ESC_MARKDOWN, quotes too). */
void rss_html_put(FILE *f, const char *s);
/* printf onto @f where every %s argument is a stored string put with rss_html_put. */
void rss_html_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A registry name (scheme or workload) @name is, or NULL: what may name files and plots. */
const char *rss_site_registry_name(const char *name, int workload);

/* One plot: lines of one workload's series on one machine, threads, placement, migration. */
struct rss_site_plot {
	int id;			/* plots/p<id>.svg */
	int nr_lines;
	struct rss_site_line {
		const char *scheme;	/* the registry's name, or NULL (drawn as "other") */
		int kernel;		/* the kernel's number in the page's legend */
		int nr;
		double *x, *median, *min, *max;
	} *lines;
	const char *ylabel;	/* a constant */
};

/*
 * site_plot.c: writes plots/p<id>.dat for each of @plots (@n) and one
 * gnuplot script drawing them all into plots/p<id>.svg, in the directory
 * @dirfd, then runs gnuplot there.  1 when the plots were drawn, 0 when
 * there is no gnuplot (@why says so), -EIO with @why on a failure.
 */
int rss_site_plots(int dirfd, const struct rss_site_plot *plots, int n, char *why,
		   size_t whylen);

#endif /* RSS_SITE_H */
