/*
 * site_claims.c - the dashboard's claims table (doc/store.md, "Dashboard"):
 * the rows scripts/claims.awk gave on the store's latest scenario runs of
 * each machine (gathered by cli_site_claims.c), each verdict linked to the
 * runs it was judged on.  Every field is HTML-escaped; the engine's code
 * spans (`...`) become <code>, their text escaped too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_impl.h"

/* The length of the numeric character reference "&#DIGITS;" at @s, or 0. */
static size_t char_ref(const char *s)
{
	size_t n = 2;

	if (strncmp(s, "&#", 2))
		return 0;
	while (n < 9 && s[n] >= '0' && s[n] <= '9')
		n++;
	return n > 2 && s[n] == ';' ? n + 1 : 0;
}

/*
 * The first @n bytes of @s escaped, but for the numeric character references
 * the engine already wrote (plot_export.c escapes a guest's why for
 * Markdown: "&#124;"): an inert character in HTML too, put as it is, not
 * escaped again into a visible "&#38;#124;".
 */
static void put_text(FILE *f, const char *s, size_t n)
{
	while (n) {
		size_t k = 0, r = 0;
		char *part;

		while (k < n && !(r = char_ref(s + k)))
			k++;
		part = strndup(s, k);
		rss_html_put(f, part ? part : "");
		free(part);
		fwrite(s + k, 1, r, f);
		s += k + r;
		n -= k + r;
	}
}

/* @s escaped, its `...` spans as <code>. */
static void put_spans(FILE *f, const char *s)
{
	int code = 0;

	while (s && *s) {
		size_t n = strcspn(s, "`");

		put_text(f, s, n);
		s += n;
		if (*s == '`') {
			fputs(code ? "</code>" : "<code>", f);
			code = !code;
			s++;
		}
	}
	if (code)
		fputs("</code>", f);
}

/* The verdict's class: v4 (green) reproduced, v2 (red) not reproduced, na otherwise. */
static const char *verdict_class(const char *v)
{
	if (!strncmp(v, "reproduced", 10))
		return "v4";
	if (!strncmp(v, "not reproduced", 14))
		return "v2";
	return "na";
}

/* "run N (SCENARIO[, quick])", linked to its row; @named: its directory's name and report too. */
static void put_run(FILE *f, const struct rss_site_claim_run *r, int named)
{
	rss_html_printf(f, "<a href=\"#run-%lld\">run %lld</a> (%s", r->id, r->id, r->scenario);
	fputs(r->quick ? ", quick" : "", f);
	if (named)
		rss_html_printf(f, ", <code>%s</code>", r->source);
	if (named && rss_site_linkable(r->source))
		rss_html_printf(f, ", <a href=\"../%s/report.md\">report</a>", r->source);
	fputs(")", f);
}

static void put_table(FILE *f, const struct rss_site_claims_table *t)
{
	rss_html_printf(f, "<h3>%s (%s)</h3>\n<p>Judged on the latest run of each scenario on this machine (a full run before any quick one):", t->host,
			t->cpu_model);
	for (int i = 0; i < t->nr_runs; i++) {
		fputs(i ? ", " : " ", f);
		put_run(f, &t->runs[i], 1);
	}
	fputs(".</p>\n", f);
	if (t->note)
		rss_html_printf(f, "<p class=\"na\">%s</p>\n", t->note);
	fputs("<table class=\"claims\"><tr><th>claim</th><th>source</th><th>quoted</th>"
	      "<th>scenario</th><th>measured</th><th>verdict</th><th>rule</th><th>judged on</th></tr>\n", f);
	for (int r = 0; r < t->nr_rows; r++) {
		const struct rss_site_claim *c = &t->rows[r];

		fputs("<tr>", f);
		for (int k = 1; k < 8; k++) {
			if (k == 6)
				rss_html_printf(f, "<td class=\"%s\">", verdict_class(c->f[6]));
			else
				fputs("<td>", f);
			put_spans(f, c->f[k]);
			fputs("</td>", f);
		}
		fputs("<td>", f);
		for (int i = 0; i < c->nr_runs; i++) {
			fputs(i ? ", " : "", f);
			put_run(f, &t->runs[c->runs[i]], 0);
		}
		fputs(c->nr_runs ? "</td></tr>\n" : "-</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

void rss_site_put_claims(FILE *f, const struct rss_site_claims *c)
{
	fputs("<h2>Claims</h2>\n", f);
	if (!c || !c->nr) {
		rss_html_printf(f, "<p class=\"na\">unavailable (%s)</p>\n",
				c ? c->why : "not gathered");
		return;
	}
	fputs("<p>The mail thread's claims, judged by <code>rssbench plot</code>'s rules "
	      "(scripts/claims.awk, doc/plots.md) on the scenario runs the store holds, written back "
	      "and read again by the results reader: <b>reproduced</b>, <b>not reproduced</b> or "
	      "<b>not measurable here</b> (why). A verdict from a <code>--quick</code> run says so.</p>\n",
	      f);
	for (int i = 0; i < c->nr; i++)
		put_table(f, &c->t[i]);
}

void rss_site_claims_free(struct rss_site_claims *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nr; i++) {
		struct rss_site_claims_table *t = &c->t[i];

		for (int r = 0; r < t->nr_rows; r++) {
			for (int k = 0; k < 8; k++)
				free(t->rows[r].f[k]);
			free(t->rows[r].runs);
		}
		for (int r = 0; r < t->nr_runs; r++) {
			free(t->runs[r].source);
			free(t->runs[r].scenario);
		}
		free(t->rows);
		free(t->runs);
		free(t->host);
		free(t->cpu_model);
		free(t->note);
	}
	free(c->t);
	c->t = NULL;
	c->nr = 0;
}
