/*
 * cli_gate_out.c - the gate's verdict as text, JSON or JUnit XML
 * (doc/compare.md, "Output of gate"), counted in cells: a cell's verdict is
 * the worst of its gated metrics.  Every string from a results directory is
 * escaped for where it goes: jansson (ASCII, U+FFFD for bytes that are not
 * UTF-8) for JSON, rss_escape_str and then libxml2's writer for XML.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "cli_compare.h"
#include "harness.h"
#include "infile.h"

static const char *const verdict_words[RSS_GATE_NR] = {
	"ok", "regression", "inconclusive", "changed", "",
};

/* A cell's verdict from a metric's: regression > inconclusive > changed > ok. */
static int rank(enum rss_gate g)
{
	static const int r[RSS_GATE_NR] = { 1, 4, 3, 2, 0 };

	return r[g];
}

struct tally {
	enum rss_gate *cell;		/* each pair's verdict */
	int *first;			/* each pair's first row */
	int nr[RSS_GATE_NR];		/* cells by verdict */
	int status;
};

static void tally(const struct rss_cmp *c, struct tally *t)
{
	memset(t->nr, 0, sizeof(t->nr));
	t->cell = calloc((size_t)c->nr_pairs + 1, sizeof(*t->cell));
	t->first = calloc((size_t)c->nr_pairs + 1, sizeof(*t->first));
	if (!t->cell || !t->first)
		rss_die(ENOMEM, "gate");
	for (int i = 0; i < c->nr_pairs; i++)
		t->first[i] = -1;
	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		if (t->first[r->cell] < 0) {
			t->first[r->cell] = i;
			t->cell[r->cell] = RSS_GATE_OK;
		}
		if (rank(r->gate) > rank(t->cell[r->cell]))
			t->cell[r->cell] = r->gate;
	}
	for (int i = 0; i < c->nr_pairs; i++)
		t->nr[t->cell[i]]++;
	t->status = t->nr[RSS_GATE_REGRESSION] ? 1 :
		    t->nr[RSS_GATE_INCONCLUSIVE] || c->only_a ? 2 : 0;
}

static const char *status_word(int status)
{
	return status == 1 ? "REGRESSION" : status == 2 ? "INCONCLUSIVE" : "no regression";
}

/* "fault/atomic threads=2 compact none" (with " level=core" across topologies). */
static void cell_str(char *buf, size_t len, const struct rss_cmp_row *r)
{
	char th[128];

	rss_cmp_threads_str(th, sizeof(th), r);
	snprintf(buf, len, "%s/%s threads=%s%s%s %s %s", r->workload, r->scheme, th,
		 *r->level ? " level=" : "", r->level, r->placement, r->migration);
}

/* --- text ------------------------------------------------------------------ */

static void note_line(const char *s, void *arg)
{
	fprintf(arg, "note: %s\n", s);
}

static void finding_lines(const struct rss_cmp *c, enum rss_gate g, const char *what)
{
	char cell[512];

	for (int i = 0; i < c->nr_rows; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		if (r->gate != g)
			continue;
		cell_str(cell, sizeof(cell), r);
		printf("%s %s %s: %s\n", what, cell, r->metric, r->why);
	}
}

static void print_text(const struct rss_resdir *a, const struct rss_resdir *b,
		       const struct rss_cmp *c, const struct rss_cmp_opts *o,
		       const struct tally *t)
{
	/* compare's summary on the gated metric first; the gate's own verdicts follow. */
	struct rss_cmp_filter f = { .metric = o->gate_metric };
	struct rss_cmp_view v;

	rss_cmp_view_init(&v, c, &f, o);
	rss_cmp_print_summary(&v, stdout);
	rss_cmp_view_free(&v);
	rss_cmp_notes(a, b, c, note_line, stdout);
	if (c->time_untrusted)
		printf("note: timings are not gated: %s; every cell's %s is inconclusive, the deterministic figures are still gated exactly\n",
		       c->time_untrusted, o->gate_metric);
	if (c->error_exact)
		printf("note: both runs are serialized with the same -e, seed and --slice Nops: settled_err is gated exactly\n");
	if (c->model_exact)
		printf("note: both runs have a model pass with the same -e and seed: model.csv's figures are gated exactly\n");
	else if (a->model || b->model)
		printf("note: model.csv is not gated: %s\n", a->model && b->model ?
		       "the runs are not event-counted (-e) with the same seed, tasks, parameters and topology" :
		       "only one side has a model pass");
	finding_lines(c, RSS_GATE_REGRESSION, "REGRESSION");
	finding_lines(c, RSS_GATE_CHANGED, "CHANGED");
	finding_lines(c, RSS_GATE_INCONCLUSIVE, "INCONCLUSIVE");
	if (c->only_a)
		printf("INCONCLUSIVE %d baseline cell%s %s missing from the candidate\n", c->only_a,
		       rss_s(c->only_a), c->only_a == 1 ? "is" : "are");
	printf("gate: %s: %d of %d cell%s regressed, %d inconclusive, %d changed, %d ok",
	       status_word(t->status), t->nr[RSS_GATE_REGRESSION], c->nr_pairs, rss_s(c->nr_pairs),
	       t->nr[RSS_GATE_INCONCLUSIVE], t->nr[RSS_GATE_CHANGED], t->nr[RSS_GATE_OK]);
	if (c->only_a)
		printf(", %d missing", c->only_a);
	printf(" (time gated on %s, threshold %g%%, alpha %g)\n", o->gate_metric,
	       o->threshold * 100, o->alpha);
}

/* --- JSON ------------------------------------------------------------------ */

static json_t *jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static void json_note(const char *s, void *arg)
{
	json_array_append_new(arg, rss_cmp_jstr(s));
}

static json_t *jfinding(const struct rss_cmp_row *r)
{
	static const char *const cls[] = { "time", "event", "noisy", "exact", "verify" };

	return json_pack("{s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
		"metric", rss_cmp_jstr(r->metric), "class", cls[r->cls],
		"verdict", verdict_words[r->gate], "baseline", jnum(r->med_a),
		"candidate", jnum(r->med_b), "ratio", jnum(r->ratio), "p", jnum(r->p),
		"reason", rss_cmp_jstr(r->why));
}

static json_t *jcell(const struct rss_cmp *c, const struct tally *t, int cell)
{
	const struct rss_cmp_row *r0 = &c->rows[t->first[cell]];
	json_t *findings = json_array();

	for (int i = t->first[cell]; i < c->nr_rows && c->rows[i].cell == cell; i++)
		if (c->rows[i].gate != RSS_GATE_OK && c->rows[i].gate != RSS_GATE_NONE)
			json_array_append_new(findings, jfinding(&c->rows[i]));
	return json_pack("{s:o, s:o, s:i, s:i, s:o, s:o, s:o, s:o, s:s, s:o}",
		"workload", rss_cmp_jstr(r0->workload), "scheme", rss_cmp_jstr(r0->scheme),
		"threads_baseline", r0->threads_a, "threads_candidate", r0->threads_b,
		"level", rss_cmp_jstr(r0->level), "placement", rss_cmp_jstr(r0->placement),
		"migration", rss_cmp_jstr(r0->migration),
		"kernel", rss_cmp_jstr(r0->kernel ? r0->kernel : ""), "verdict", verdict_words[t->cell[cell]],
		"findings", findings);
}

static void print_json(const struct rss_resdir *a, const struct rss_resdir *b,
		       const struct rss_cmp *c, const struct rss_cmp_opts *o,
		       const struct tally *t)
{
	json_t *cells = json_array(), *notes = json_array(), *doc;

	rss_cmp_notes(a, b, c, json_note, notes);
	for (int i = 0; i < c->nr_pairs; i++)
		json_array_append_new(cells, jcell(c, t, i));
	doc = json_pack("{s:s, s:i, s:o, s:o, s:{s:s, s:f, s:f, s:i}, s:{s:b, s:o, s:o}, s:b, s:b,"
			" s:{s:i, s:i, s:i, s:i, s:i, s:i}, s:o, s:o}",
		"verdict", t->status == 1 ? "regression" : t->status == 2 ? "inconclusive" :
			   "no regression",
		"exit_status", t->status,
		"baseline", rss_cmp_jstr(a->path), "candidate", rss_cmp_jstr(b->path),
		"settings", "metric", o->gate_metric, "threshold_pct", o->threshold * 100,
			"alpha", o->alpha, "min_reps", o->min_reps,
		"timing", "gated", !c->time_untrusted,
			"reason", c->time_untrusted ? rss_cmp_jstr(c->time_untrusted) : json_null(),
			"note", c->time_note ? rss_cmp_jstr(c->time_note) : json_null(),
		"settled_err_exact", c->error_exact, "model_exact", c->model_exact,
		"counts", "cells", c->nr_pairs, "regression", t->nr[RSS_GATE_REGRESSION],
			"inconclusive", t->nr[RSS_GATE_INCONCLUSIVE],
			"changed", t->nr[RSS_GATE_CHANGED], "ok", t->nr[RSS_GATE_OK],
			"missing", c->only_a,
		"notes", notes, "cells", cells);
	if (!doc || json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_ENSURE_ASCII))
		rss_die(ENOMEM, "gate --format json");
	putchar('\n');
	json_decref(doc);
}

/* --- JUnit XML ------------------------------------------------------------- */

/* Writes attribute @name = @val, escaped for XML after rss_escape_str. */
static void xattr(xmlTextWriterPtr w, const char *name, const char *val)
{
	char buf[1024];

	xmlTextWriterWriteAttribute(w, BAD_CAST name,
				    BAD_CAST rss_escape_str(buf, sizeof(buf), val));
}

static void xattr_int(xmlTextWriterPtr w, const char *name, int v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", v);
	xattr(w, name, buf);
}

/* One <testcase> per cell: <failure> for a regression, <skipped> for inconclusive. */
static void xcase(xmlTextWriterPtr w, const struct rss_cmp *c, const struct tally *t, int cell)
{
	const struct rss_cmp_row *r0 = &c->rows[t->first[cell]];
	enum rss_gate v = t->cell[cell];
	char name[512], cls[256], body[4096] = "", buf[1024];
	size_t len = 0;

	snprintf(cls, sizeof(cls), "rssbench.%s.%s", r0->workload, r0->scheme);
	cell_str(name, sizeof(name), r0);
	for (int i = t->first[cell]; i < c->nr_rows && c->rows[i].cell == cell; i++) {
		const struct rss_cmp_row *r = &c->rows[i];

		char line[1024];

		if (r->gate == RSS_GATE_OK || r->gate == RSS_GATE_NONE || len >= sizeof(body) - 1)
			continue;
		/* Each line escaped on its own: the line ends stay line ends. */
		snprintf(line, sizeof(line), "%s %s: %s", verdict_words[r->gate], r->metric, r->why);
		len += (size_t)snprintf(body + len, sizeof(body) - len, "%s\n",
					rss_escape_str(buf, sizeof(buf), line));
	}
	len = len < sizeof(body) ? len : sizeof(body) - 1;
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xattr(w, "classname", cls);
	xattr(w, "name", name);
	if (v == RSS_GATE_REGRESSION || v == RSS_GATE_INCONCLUSIVE) {
		xmlTextWriterStartElement(w, BAD_CAST(v == RSS_GATE_REGRESSION ? "failure" :
						      "skipped"));
		xattr(w, "message", v == RSS_GATE_REGRESSION ? "regression" : "inconclusive");
		if (v == RSS_GATE_REGRESSION)
			xattr(w, "type", "regression");
		xmlTextWriterWriteString(w, BAD_CAST body);
		xmlTextWriterEndElement(w);
	} else if (len) {
		xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST body);
	}
	xmlTextWriterEndElement(w);
}

static void print_junit(const struct rss_resdir *a, const struct rss_resdir *b,
			const struct rss_cmp *c, const struct rss_cmp_opts *o,
			const struct tally *t)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	int skipped = t->nr[RSS_GATE_INCONCLUSIVE] + (c->only_a > 0);

	if (!w)
		rss_die(ENOMEM, "gate --format junit");
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xattr(w, "name", "rssbench gate");
	xattr_int(w, "tests", c->nr_pairs + (c->only_a > 0));
	xattr_int(w, "failures", t->nr[RSS_GATE_REGRESSION]);
	xattr_int(w, "skipped", skipped);
	xattr_int(w, "errors", 0);
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xattr(w, "name", b->path);
	xattr_int(w, "tests", c->nr_pairs + (c->only_a > 0));
	xattr_int(w, "failures", t->nr[RSS_GATE_REGRESSION]);
	xattr_int(w, "skipped", skipped);
	xattr_int(w, "errors", 0);
	xmlTextWriterStartElement(w, BAD_CAST "properties");
	{
		static const char *const keys[] = { "baseline", "metric", "timing" };
		const char *vals[] = { a->path, o->gate_metric,
				       c->time_untrusted ? c->time_untrusted : "gated" };

		for (int i = 0; i < 3; i++) {
			xmlTextWriterStartElement(w, BAD_CAST "property");
			xattr(w, "name", keys[i]);
			xattr(w, "value", vals[i]);
			xmlTextWriterEndElement(w);
		}
	}
	xmlTextWriterEndElement(w);
	for (int i = 0; i < c->nr_pairs; i++)
		xcase(w, c, t, i);
	if (c->only_a) {
		char msg[128];

		snprintf(msg, sizeof(msg), "%d baseline cells are missing from the candidate", c->only_a);
		xmlTextWriterStartElement(w, BAD_CAST "testcase");
		xattr(w, "classname", "rssbench");
		xattr(w, "name", "missing cells");
		xmlTextWriterStartElement(w, BAD_CAST "skipped");
		xattr(w, "message", msg);
		xmlTextWriterEndElement(w);
		xmlTextWriterEndElement(w);
	}
	if (xmlTextWriterEndDocument(w) < 0)
		rss_die(ENOMEM, "gate --format junit");
	xmlFreeTextWriter(w);
	fwrite(xmlBufferContent(xb), 1, (size_t)xmlBufferLength(xb), stdout);
	xmlBufferFree(xb);
}

int rss_gate_print(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, const struct rss_cmp_opts *o,
		   enum rss_gate_format fmt)
{
	struct tally t;

	tally(c, &t);
	if (fmt == RSS_GATE_JSON)
		print_json(a, b, c, o, &t);
	else if (fmt == RSS_GATE_JUNIT)
		print_junit(a, b, c, o, &t);
	else
		print_text(a, b, c, o, &t);
	free(t.cell);
	free(t.first);
	return t.status;
}
