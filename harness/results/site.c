/*
 * site.c - `rssbench db site`: the dashboard written into a fresh
 * directory beside OUTDIR and renamed into place.  The index lists the
 * machines and kernels, the workloads, the regressions the history shows,
 * the kernel matrix and every run with a link to its report; site_pages.c
 * writes a page per workload, site_plot.c draws.  Every file is created
 * inside the new directory relative to its descriptor, never through a
 * link; every stored string is HTML-escaped (site_html.c).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "infile.h"
#include "site.h"
#include "site_impl.h"

struct site {
	struct rss_store *s;
	int dirfd, plotsfd;
	struct rss_site_page *pages;
	int nr_pages;
	struct rss_site_set changed;	/* deterministic metrics' series, for the regressions */
	struct rss_site_set matrix;	/* settled error across kernels */
	const struct rss_site_claims *claims;
	char *err;
	size_t errlen;
};

void rss_site_head(FILE *f, const char *title)
{
	rss_html_printf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
			"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'\">\n"
			"<title>rssbench: %s</title>\n<style>\n"
			"body { font-family: sans-serif; margin: 1em 2em; }\n"
			"table { border-collapse: collapse; margin: 0.5em 0 1.5em; }\n"
			"td, th { border: 1px solid #bbb; padding: 2px 6px; text-align: left; }\n"
			"th { background: #eee; } code { font-size: 90%%; }\n"
			".plot { max-width: 100%%; border: 1px solid #ddd; }\n"
			".na { color: #666; } .v2, .v3, .v5 { color: #b00; font-weight: bold; }\n"
			".v4 { color: #070; }\n"
			".claims td { vertical-align: top; }\n"
			".claims td:nth-child(2) { word-break: break-all; max-width: 12em; font-size: 85%%; }\n"
			".claims td:nth-child(7) { min-width: 24em; font-size: 85%%; }\n"
			"</style></head><body>\n", title);
}

void rss_site_tail(FILE *f)
{
	rss_html_printf(f, "<hr><p class=\"na\">written by rssbench %s from its store; no script, nothing fetched</p>\n</body></html>\n",
			rss_git_revision);
}

static int close_page(struct site *st, FILE *f, const char *name)
{
	if (fclose(f)) {
		snprintf(st->err, st->errlen, "cannot write %s: %s", name, strerror(errno));
		return -EIO;
	}
	return 0;
}

/* --- gathering ----------------------------------------------------------------- */

static int add_page(const char *workload, void *arg)
{
	struct site *st = arg;
	struct rss_site_page *pg;
	const char *reg = rss_site_registry_name(workload, 1);
	struct rss_trend_query q = {
		.workload = workload, .metric = rss_trend_metric("cycles"), .threshold = 0.05,
	};
	struct rss_site_page *n = realloc(st->pages, (size_t)(st->nr_pages + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	st->pages = n;
	pg = &st->pages[st->nr_pages++];
	memset(pg, 0, sizeof(*pg));
	if (!(pg->name = strdup(workload)))
		return -ENOMEM;
	/* A file name from the registry's names or a number, never from the store. */
	if (reg)
		snprintf(pg->file, sizeof(pg->file), "w-%s.html", reg);
	else
		snprintf(pg->file, sizeof(pg->file), "w%d.html", st->nr_pages);
	return rss_store_trend(st->s, &q, rss_site_copy_series, &pg->set, st->err, st->errlen);
}

static int gather(struct site *st)
{
	static const char *const exact[] = { "settled_err", "bytes" };
	struct rss_trend_query q = { .threshold = 0.05 };
	int ret = rss_store_workloads(st->s, add_page, st, st->err, st->errlen);

	for (size_t i = 0; !ret && i < sizeof(exact) / sizeof(exact[0]); i++) {
		q.metric = rss_trend_metric(exact[i]);
		ret = rss_store_trend(st->s, &q, rss_site_copy_series, &st->changed, st->err,
				      st->errlen);
	}
	q.metric = rss_trend_metric("settled_err");
	q.order = RSS_ORDER_KERNEL;
	if (!ret)
		ret = rss_store_trend(st->s, &q, rss_site_copy_series, &st->matrix, st->err,
				      st->errlen);
	return ret;
}

/* --- the index ------------------------------------------------------------------ */

struct runs_out {
	FILE *f;
	int part;		/* 0: machines and kernels, 1: runs */
	struct mk { char *host, *cpu, *kernel, *kind, *first, *last; int runs; } *mk;
	int nr_mk;
};

static int collect_mk(const struct rss_store_run *r, void *arg)
{
	struct runs_out *o = arg;
	struct mk *m;
	int i;

	for (i = 0; i < o->nr_mk; i++)
		if (!strcmp(o->mk[i].host, r->host) && !strcmp(o->mk[i].cpu, r->cpu_model) &&
		    !strcmp(o->mk[i].kernel, r->kernel) && !strcmp(o->mk[i].kind, r->kernel_kind))
			break;
	if (i == o->nr_mk) {
		struct mk *n = realloc(o->mk, (size_t)(o->nr_mk + 1) * sizeof(*n));

		if (!n)
			return -ENOMEM;
		o->mk = n;
		m = &o->mk[o->nr_mk++];
		*m = (struct mk){ strdup(r->host), strdup(r->cpu_model), strdup(r->kernel),
				  strdup(r->kernel_kind), strdup(r->started), NULL, 0 };
		if (!m->host || !m->cpu || !m->kernel || !m->kind || !m->first)
			return -ENOMEM;
	}
	m = &o->mk[i];
	m->runs++;
	free(m->last);
	return (m->last = strdup(r->started)) ? 0 : -ENOMEM;
}

int rss_site_linkable(const char *s)
{
	return *s && strlen(s) < 200 && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", *s) &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       strlen(s) && !strstr(s, "..");
}

static int put_run(const struct rss_store_run *r, void *arg)
{
	struct runs_out *o = arg;
	FILE *f = o->f;

	rss_html_printf(f, "<tr id=\"run-%lld\"><td>%lld</td><td>%s</td><td>%s</td><td>%s (%s)</td><td>%s</td>"
			"<td>%s</td><td>%s%s</td><td>%ld</td><td>", r->id, r->id, r->started, r->host,
			r->kernel, r->kernel_kind, r->revision, *r->scenario ? r->scenario : "-",
			r->topology_kind, r->busy ? ", busy" : "", r->cells);
	if (rss_site_linkable(r->source))
		rss_html_printf(f, "<a href=\"../%s/report.md\">%s/report.md</a>", r->source,
				r->source);
	else
		rss_html_printf(f, "<code>%s</code> (no link: not a plain directory name)", r->source);
	fputs("</td></tr>\n", f);
	return 0;
}

static void put_machines(FILE *f, struct runs_out *o)
{
	fputs("<h2>Machines and kernels</h2>\n<table><tr><th>machine</th><th>CPU</th>"
	      "<th>kernel</th><th>kind</th><th>runs</th><th>first</th><th>last</th></tr>\n", f);
	for (int i = 0; i < o->nr_mk; i++) {
		struct mk *m = &o->mk[i];

		rss_html_printf(f, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d</td>"
				"<td>%s</td><td>%s</td></tr>\n", m->host, m->cpu, m->kernel, m->kind,
				m->runs, m->first, m->last);
		free(m->host);
		free(m->cpu);
		free(m->kernel);
		free(m->kind);
		free(m->first);
		free(m->last);
	}
	fputs("</table>\n", f);
	free(o->mk);
}

static int is_finding(const struct rss_trend_verdict *v)
{
	return v->state == RSS_TREND_REGRESSION || v->state == RSS_TREND_SUSPECT ||
	       v->state == RSS_TREND_CHANGED;
}

static void put_finding(FILE *f, const struct rss_site_series *s, const char *metric,
			const char *page)
{
	rss_html_printf(f, "<tr><td>%s</td><td>%s</td><td>", s->machine, s->kernel);
	if (page)
		rss_html_printf(f, "<a href=\"%s\">%s</a>", page, s->workload);
	else
		rss_html_printf(f, "%s", s->workload);
	rss_html_printf(f, "</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>",
			s->scheme, s->threads, s->placement, s->migration, metric);
	rss_site_verdict(f, &s->v);
	fputs("</td></tr>\n", f);
}

static void put_findings(struct site *st, FILE *f)
{
	int n = 0;

	fputs("<h2>Regressions in the history</h2>\n<p>asv-style step detection over each series "
	      "(doc/store.md): times only from runs with no busy, noisy, virtual or guest mark; "
	      "error and memory exactly, any change at the last run.</p>\n"
	      "<table><tr><th>machine</th><th>kernel</th><th>workload</th><th>scheme</th>"
	      "<th>threads</th><th>placement</th><th>migration</th><th>metric</th>"
	      "<th>verdict</th></tr>\n", f);
	for (int p = 0; p < st->nr_pages; p++)
		for (int i = 0; i < st->pages[p].set.nr; i++)
			if (is_finding(&st->pages[p].set.s[i].v)) {
				put_finding(f, &st->pages[p].set.s[i], "cycles", st->pages[p].file);
				n++;
			}
	for (int i = 0; i < st->changed.nr; i++)
		if (is_finding(&st->changed.s[i].v)) {
			put_finding(f, &st->changed.s[i], "settled error or bytes per mm", NULL);
			n++;
		}
	if (!n)
		fputs("<tr><td colspan=\"9\">none</td></tr>\n", f);
	fputs("</table>\n", f);
}

static int cmp_release(const void *a, const void *b)
{
	return strverscmp(*(const char *const *)a, *(const char *const *)b);
}

/* Settled error by kernel: the series that ran on more than one kernel, or in a guest. */
static void put_matrix(struct site *st, FILE *f)
{
	size_t cap = 1;
	const char **k;
	int nk = 0, rows = 0;

	for (int i = 0; i < st->matrix.nr; i++)
		cap += (size_t)st->matrix.s[i].nr;	/* at most a kernel per point */
	k = calloc(cap, sizeof(char *));

	fputs("<h2>Kernel matrix</h2>\n<p>Settled error (pages, median of the latest run on "
	      "each kernel) of the cells that ran on more than one kernel or in a guest.</p>\n", f);
	if (!k) {
		fputs("<p class=\"na\">unavailable (out of memory)</p>\n", f);
		return;
	}
	for (int i = 0; i < st->matrix.nr; i++)
		for (int j = 0; j < st->matrix.s[i].nr; j++) {
			const char *kr = st->matrix.s[i].pts[j].kernel;
			int x;

			for (x = 0; x < nk && strcmp(k[x], kr); x++)
				;
			if (x == nk)
				k[nk++] = kr;
		}
	qsort(k, (size_t)nk, sizeof(*k), cmp_release);
	fputs("<table><tr><th>machine</th><th>cell</th>", f);
	for (int x = 0; x < nk; x++)
		rss_html_printf(f, "<th>%s</th>", k[x]);
	fputs("</tr>\n", f);
	for (int i = 0; i < st->matrix.nr; i++) {
		const struct rss_site_series *s = &st->matrix.s[i];
		int guest = 0, multi = 0;

		for (int j = 0; j < s->nr; j++) {
			guest |= !!(s->pts[j].marks & RSS_MARK_GUEST);
			multi |= strcmp(s->pts[j].kernel, s->pts[0].kernel) != 0;
		}
		if (!guest && !multi)
			continue;
		rows++;
		rss_html_printf(f, "<tr><td>%s</td><td>%s/%s threads=%d %s %s</td>", s->machine,
				s->workload, s->scheme, s->threads, s->placement, s->migration);
		for (int x = 0; x < nk; x++) {
			const struct rss_site_point *last = NULL;

			for (int j = 0; j < s->nr; j++)
				if (!strcmp(s->pts[j].kernel, k[x]))
					last = &s->pts[j];
			if (!last)
				fputs("<td>-</td>", f);
			else if (isnan(last->median))
				fputs("<td>unavailable</td>", f);
			else
				rss_html_printf(f, "<td>%.6g%s</td>", last->median,
						last->marks & RSS_MARK_GUEST ? " (guest)" : "");
		}
		fputs("</tr>\n", f);
	}
	if (!rows)
		rss_html_printf(f, "<tr><td colspan=\"%d\">no cell ran on two kernels or in a guest yet</td></tr>\n",
				nk + 2);
	fputs("</table>\n", f);
	free(k);
}

static int write_index(struct site *st)
{
	struct runs_out o = { 0 };
	FILE *f = rss_site_create_at(st->dirfd, "index.html");
	int ret;

	if (!f) {
		snprintf(st->err, st->errlen, "cannot create index.html: %s", strerror(errno));
		return -EIO;
	}
	o.f = f;
	rss_site_head(f, "results over time");
	rss_html_printf(f, "<h1>rssbench results over time</h1>\n<p>%ld run%s, %ld cells.csv row%s in the store.</p>\n",
			rss_store_count(st->s, "runs"), rss_s(rss_store_count(st->s, "runs")),
			rss_store_count(st->s, "cells"), rss_s(rss_store_count(st->s, "cells")));
	ret = rss_store_runs(st->s, collect_mk, &o, st->err, st->errlen);
	put_machines(f, &o);
	fputs("<h2>Workloads</h2>\n<ul>\n", f);
	for (int p = 0; p < st->nr_pages; p++)
		rss_html_printf(f, "<li><a href=\"%s\">%s</a> (%d series)</li>\n", st->pages[p].file,
				st->pages[p].name, st->pages[p].set.nr);
	fputs("</ul>\n", f);
	put_findings(st, f);
	put_matrix(st, f);
	rss_site_put_claims(f, st->claims);
	fputs("<h2>Runs</h2>\n<table><tr><th>run</th><th>started</th>"
	      "<th>machine</th><th>kernel</th><th>revision</th><th>scenario</th>"
	      "<th>topology</th><th>cells rows</th><th>report</th></tr>\n", f);
	if (!ret)
		ret = rss_store_runs(st->s, put_run, &o, st->err, st->errlen);
	fputs("</table>\n", f);
	rss_site_tail(f);
	if (close_page(st, f, "index.html") && !ret)
		ret = -EIO;
	return ret;
}

/* --- the directory ------------------------------------------------------------------ */

/* Removes the site tree in @dirfd that this rssbench wrote (files, plots/). */
static void remove_tree(int parentfd, const char *name)
{
	static const char *const subdirs[] = { "plots", "." };

	for (size_t i = 0; i < 2; i++) {
		char path[PATH_MAX];
		int fd;
		DIR *dir;
		struct dirent *e;

		snprintf(path, sizeof(path), "%s/%s", name, subdirs[i]);
		fd = openat(parentfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || !(dir = fdopendir(fd))) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		while ((e = readdir(dir)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			    unlinkat(fd, e->d_name, 0) && errno == EISDIR)
				unlinkat(fd, e->d_name, AT_REMOVEDIR);
		closedir(dir);
	}
	unlinkat(parentfd, name, AT_REMOVEDIR);
}

static int write_all(struct site *st)
{
	char why[256] = "";
	struct rss_site_plot *plots = NULL;
	int ret = gather(st), next = 1, n = 0, drawn = 0;
	FILE *f;

	for (int p = 0; !ret && p < st->nr_pages; p++)
		ret = rss_site_page_plots(&st->pages[p], &next);
	if (!ret && !(plots = calloc((size_t)next, sizeof(*plots))))
		ret = -ENOMEM;
	for (int p = 0; !ret && p < st->nr_pages; p++)
		for (int g = 0; g < st->pages[p].nr_groups; g++)
			plots[n++] = st->pages[p].plots[g];
	if (!ret) {
		drawn = rss_site_plots(st->plotsfd, plots, n, why, sizeof(why));
		if (drawn < 0) {
			snprintf(st->err, st->errlen, "cannot draw the plots: %s", why);
			ret = -EIO;
		}
	}
	free(plots);
	for (int p = 0; !ret && p < st->nr_pages; p++) {
		if (!(f = rss_site_create_at(st->dirfd, st->pages[p].file))) {
			snprintf(st->err, st->errlen, "cannot create %s: %s", st->pages[p].file,
				 strerror(errno));
			return -EIO;
		}
		rss_site_write_page(f, &st->pages[p], drawn, why);
		ret = close_page(st, f, st->pages[p].file);
	}
	if (!ret)
		ret = write_index(st);
	if (!ret && (f = rss_site_create_at(st->dirfd, RSS_SITE_MARK)))
		ret = close_page(st, f, RSS_SITE_MARK);
	return ret;
}

int rss_site_write(struct rss_store *s, const char *dir, const struct rss_site_claims *claims,
		   char *err, size_t errlen)
{
	char tmp[PATH_MAX + 32], old[PATH_MAX + 32], name[RSS_RESDIR_NAMELEN], outdir[PATH_MAX];
	struct site st = { .s = s, .dirfd = -1, .plotsfd = -1, .claims = claims, .err = err,
			   .errlen = errlen };
	struct stat sb;
	size_t len = strlen(dir);
	int ret = 0, replace = 0;

	/* "site/" is "site": the temporary name goes beside it, not inside. */
	while (len > 1 && dir[len - 1] == '/')
		len--;
	rss_escape_str(name, sizeof(name), dir);
	if (len >= sizeof(outdir)) {
		snprintf(err, errlen, "%s: name too long", name);
		return -EINVAL;
	}
	memcpy(outdir, dir, len);
	outdir[len] = '\0';
	if (!lstat(outdir, &sb)) {
		char mark[PATH_MAX + 32];

		snprintf(mark, sizeof(mark), "%s/" RSS_SITE_MARK, outdir);
		if (!S_ISDIR(sb.st_mode) || lstat(mark, &sb)) {
			snprintf(err, errlen, "%s: exists and is not a site 'rssbench db site' wrote; give a new directory",
				 name);
			return -EINVAL;
		}
		replace = 1;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", outdir) >= (int)sizeof(tmp) ||
	    !mkdtemp(tmp)) {
		snprintf(err, errlen, "%s: cannot make a directory beside it: %s; give another OUTDIR",
			 name, strerror(errno));
		return -EINVAL;
	}
	st.dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	/* mkdtemp's 0700 would keep a web server's user out. */
	if (st.dirfd < 0 || fchmod(st.dirfd, 0755) || mkdirat(st.dirfd, "plots", 0755) ||
	    (st.plotsfd = openat(st.dirfd, "plots", O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				 O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: cannot write: %s", name, strerror(errno));
		ret = -EIO;
	}
	if (!ret)
		ret = write_all(&st);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", name);
	/* Into place: the old site aside, the new one in, the old one removed. */
	if (!ret && replace) {
		snprintf(old, sizeof(old), "%s.old-XXXXXX", outdir);
		if (!mkdtemp(old) || rename(outdir, old)) {
			snprintf(err, errlen, "%s: cannot replace it: %s", name, strerror(errno));
			ret = -EIO;
		}
	}
	if (!ret && rename(tmp, outdir)) {
		snprintf(err, errlen, "%s: cannot rename the new site into place: %s", name,
			 strerror(errno));
		ret = -EIO;
		if (replace && rename(old, outdir))
			replace = 0;	/* the old site stays at its .old- name */
	}
	if (!ret && replace)
		remove_tree(AT_FDCWD, old);
	if (ret)
		remove_tree(AT_FDCWD, tmp);
	if (st.plotsfd >= 0)
		close(st.plotsfd);
	if (st.dirfd >= 0)
		close(st.dirfd);
	for (int p = 0; p < st.nr_pages; p++)
		rss_site_page_free(&st.pages[p]);
	free(st.pages);
	rss_site_set_free(&st.changed);
	rss_site_set_free(&st.matrix);
	return ret;
}
