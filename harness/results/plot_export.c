/*
 * plot_export.c - a loaded results directory written again for the plot
 * script (plot_export.h): the CSV columns it draws, checked and reprinted,
 * and meta.json's fields as key=value lines.  Strict on purpose: a field of
 * the wrong type refuses the directory instead of drawing something else.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "escape.h"
#include "harness.h"
#include "infile.h"
#include "plot_export.h"

enum kind { NAME, PLACE, NUM, TEXT };

struct col {
	const char *name;
	enum kind kind;
	int required;
};

struct file {
	const char *name;
	int optional;		/* a run may lack it (footprint.csv, model.csv) */
	const struct col *cols;
};

#define KEY(opt) { "workload", NAME, 1 }, { "scheme", NAME, 1 }, { "threads", NUM, 1 }, \
		 { "placement", PLACE, opt }, { "migration", NAME, 1 }

static const struct col cells_cols[] = {
	KEY(1), { "rep", NUM, 1 }, { "topology_kind", NAME, 1 }, { "window_s", NUM, 1 },
	{ "bound_under", NUM, 1 }, { "tasks_per_mm", NUM, 1 }, { "cycles_per_op", NUM, 0 },
	{ "ns_per_op", NUM, 0 }, { "bytes_per_mm", NUM, 0 }, { "pcpu_bytes_per_mm", NUM, 0 },
	{ "cpus", NUM, 0 }, { "tasks", NUM, 0 }, { "kernel", NAME, 0 }, { "vcpus", NUM, 0 },
	{ "kernel_era", NAME, 0 }, { "notes", TEXT, 0 }, { NULL, 0, 0 },
};
static const struct col summary_cols[] = {
	KEY(0), { "reps", NUM, 1 }, { "cycles_per_op_median", NUM, 1 },
	{ "cycles_per_op_min", NUM, 1 }, { "cycles_per_op_max", NUM, 1 }, { "err_max", NUM, 1 },
	{ "settled_err_max", NUM, 1 }, { "bound_under", NUM, 1 }, { "bytes_per_mm", NUM, 1 },
	{ "verify", TEXT, 1 }, { "cycles_spread", NUM, 0 }, { "noisy", NUM, 0 },
	{ "kernel", NAME, 0 }, { "vcpus", NUM, 0 }, { "notes", TEXT, 0 }, { NULL, 0, 0 },
};
static const struct col errtrace_cols[] = {
	KEY(0), { "rep", NUM, 1 }, { "t_s", NUM, 1 }, { "max_err", NUM, 1 }, { NULL, 0, 0 },
};
static const struct col footprint_cols[] = {
	{ "scheme", NAME, 1 }, { "cpus", NUM, 1 }, { "bytes_per_mm", NUM, 0 },
	{ "bound_under", NUM, 0 }, { "fleet_bytes", NUM, 0 }, { "fleet_processes", NUM, 0 },
	{ NULL, 0, 0 },
};
static const struct col model_cols[] = {
	KEY(1), { "rep", NUM, 1 }, { "transfers_per_op", NUM, 1 }, { NULL, 0, 0 },
};

static const struct file files[] = {
	{ "cells.csv", 0, cells_cols }, { "summary.csv", 0, summary_cols },
	{ "errtrace.csv", 0, errtrace_cols }, { "footprint.csv", 1, footprint_cols },
	{ "model.csv", 1, model_cols },
};

static FILE *create(int outfd, const char *name)
{
	int fd = openat(outfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (fd >= 0 && !f)
		close(fd);
	return f;
}

static int finish(FILE *f, const char *name, char *err, size_t errlen)
{
	int bad = ferror(f);

	if (fclose(f) || bad) {
		snprintf(err, errlen, "plot: cannot write %s in its temporary directory (%s); set TMPDIR to a writable directory with room",
			 name, strerror(errno ? errno : EIO));
		return -EIO;
	}
	return 0;
}

/* Markdown-escaped @s into @f; -ENOMEM. */
static int put_md(FILE *f, const char *s)
{
	char *e = rss_esc(RSS_ESC_MARKDOWN, s);

	if (!e)
		return -ENOMEM;
	fputs(e, f);
	free(e);
	return 0;
}

/* A column name as writers spell them (ev:PAPI_L1_DCM_median too). */
static int column_name(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("_:.+-", s[i])))
			return 0;
	return n > 0;
}

/*
 * notes, "column: reason; column: reason", as items joined by "~" (which
 * escaped text never holds), each "column: " and the reason escaped, or
 * all of it escaped when it does not start with a column name; then
 * @extra (format 1's reasons, already in that form).
 */
static int put_notes(FILE *f, const char *notes, const char *extra)
{
	const char *p = notes;
	int n = 0;

	while (*p) {
		size_t len = strcspn(p, ";");
		char *item = strndup(p + strspn(p, " "), len - strspn(p, " ")), *sep;
		int ret;

		if (!item)
			return -ENOMEM;
		p += len + (p[len] == ';');
		if (!*item) {
			free(item);
			continue;
		}
		fputs(n++ ? "~" : "", f);
		sep = strstr(item, ": ");
		if (sep && column_name(item, (size_t)(sep - item))) {
			fprintf(f, "%.*s: ", (int)(sep - item), item);
			ret = put_md(f, sep + 2);
		} else {
			ret = put_md(f, item);
		}
		free(item);
		if (ret)
			return ret;
	}
	if (*extra)
		fprintf(f, "%s%s", n ? "~" : "", extra);
	return 0;
}

/* Row @r's value of column @c (kind @k) into @f; a format-1 reason into @extra. */
static int put_value(FILE *f, const struct rss_resdir *t, const char *file, int r, int c,
		     enum kind k, char *extra, size_t extralen, char *err, size_t errlen)
{
	const char *v = rss_resdir_val(t, r, c);
	char esc[96], col[64];
	double x;

	switch (k) {
	case NAME:
	case PLACE:
		if (rss_name_ok(v, k == PLACE)) {
			/* A CPU list's commas would split the export's own CSV. */
			for (; *v; v++)
				fputc(*v == ',' ? ';' : *v, f);
			return 0;
		}
		snprintf(err, errlen, "%s:%d: %s \"%s\" is not a name rssbench writes ([a-z0-9] then [a-z0-9_.:+-]); the file is damaged, rerun 'rssbench run'",
			 file, t->line[r], rss_escape_str(col, sizeof(col), t->cols[c]),
			 rss_escape_str(esc, sizeof(esc), v));
		return -EINVAL;
	case NUM:
		if (!rss_resdir_num(t, r, c, &x) && isfinite(x)) {
			fprintf(f, "%.15g", x);
			return 0;
		}
		if (!strcmp(v, "NA") || !*v) {
			fputs("NA", f);
			return 0;
		}
		if (t->format < 2 && !strncmp(v, "unavailable", 11)) {
			/* "unavailable (reason)": NA, and the reason goes to notes. */
			const char *in = v + 11 + strspn(v + 11, " (");
			char *raw = strndup(in, strlen(in) - (*in && in[strlen(in) - 1] == ')'));
			char *why = raw ? rss_esc(RSS_ESC_MARKDOWN, raw) : NULL;
			size_t n = strlen(extra);

			free(raw);
			if (!why)
				return -ENOMEM;
			if (column_name(t->cols[c], strlen(t->cols[c])))
				snprintf(extra + n, extralen - n, "%s%s: %s", n ? "~" : "",
					 t->cols[c], why);
			free(why);
			fputs("NA", f);
			return 0;
		}
		snprintf(err, errlen, "%s:%d: %s is \"%s\", not a number or NA; the file is damaged, rerun 'rssbench run'",
			 file, t->line[r], rss_escape_str(col, sizeof(col), t->cols[c]),
			 rss_escape_str(esc, sizeof(esc), v));
		return -EINVAL;
	default:
		return put_md(f, v);
	}
}

static int export_table(const struct rss_resdir *t, const struct file *fl, const char *name,
			 int outfd, char *err, size_t errlen)
{
	char file[RSS_RESDIR_NAMELEN + 32], extra[2048];
	int idx[32], nc = 0, ret = 0;
	FILE *f;

	snprintf(file, sizeof(file), "%s/%s", name, fl->name);
	for (const struct col *c = fl->cols; c->name; c++) {
		int i = rss_resdir_col(t, c->name);

		if (i < 0 && c->required) {
			snprintf(err, errlen, "%s: no column \"%s\"; it is not a results directory rssbench wrote",
				 file, c->name);
			return -EINVAL;
		}
		idx[nc++] = i;
	}
	if (!(f = create(outfd, fl->name)))
		return -errno;
	for (int k = 0, first = 1; k < nc; k++)
		if (idx[k] >= 0) {
			fprintf(f, "%s%s", first ? "" : ",", fl->cols[k].name);
			first = 0;
		}
	fputc('\n', f);
	for (int r = 0; r < t->nr_rows && !ret; r++) {
		extra[0] = '\0';
		for (int k = 0, first = 1; k < nc && !ret; k++) {
			if (idx[k] < 0)
				continue;
			if (!strcmp(fl->cols[k].name, "notes")) {
				fputs(first ? "" : ",", f);
				first = 0;
				ret = put_notes(f, rss_resdir_val(t, r, idx[k]), extra);
				continue;
			}
			fputs(first ? "" : ",", f);
			first = 0;
			ret = put_value(f, t, file, r, idx[k], fl->cols[k].kind, extra,
					sizeof(extra), err, errlen);
		}
		fputc('\n', f);
	}
	if (ret) {
		fclose(f);
		return ret;
	}
	return finish(f, fl->name, err, errlen);
}

/* --- meta.json ----------------------------------------------------------------- */

struct meta_out {
	FILE *f;
	const char *name;	/* "DIR/meta.json", escaped */
	char *err;
	size_t errlen;
	int ret;
};

/* The value at the dotted @path of @o, NULL when absent or null. */
static json_t *at(json_t *o, const char *path)
{
	char key[64];

	while (o && *path) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		o = json_is_object(o) ? json_object_get(o, key) : NULL;
		path += n + (path[n] == '.');
	}
	return json_is_null(o) ? NULL : o;
}

static int wrong(struct meta_out *m, const char *path, const char *what)
{
	if (!m->ret)
		snprintf(m->err, m->errlen, "%s: %s is not %s; the file is damaged, rerun 'rssbench run'",
			 m->name, path, what);
	m->ret = -EINVAL;
	return -1;
}

/* A whole number from 0 to 2^40 at @path: 0 and *v, 1 when absent, -1 (m->ret) when wrong. */
static int whole(struct meta_out *m, json_t *o, const char *path, long long *v)
{
	json_t *j = at(o, path);

	if (!j)
		return 1;
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    json_integer_value(j) > (1LL << 40))
		return wrong(m, path, "a whole number");
	*v = json_integer_value(j);
	return 0;
}

static void put_int(struct meta_out *m, json_t *o, const char *key, const char *path)
{
	long long v;

	fprintf(m->f, "%s=", key);
	if (!whole(m, o, path, &v))
		fprintf(m->f, "%lld", v);
	fputc('\n', m->f);
}

static void put_bool(struct meta_out *m, json_t *o, const char *key, const char *path)
{
	json_t *j = at(o, path);

	if (j && !json_is_boolean(j))
		wrong(m, path, "true or false");
	fprintf(m->f, "%s=%s\n", key, json_is_true(j) ? "true" : json_is_false(j) ? "false" : "");
}

/* Text at @path escaped for @t; a name (checked) when @t is -1. */
static void put_text(struct meta_out *m, json_t *o, const char *key, const char *path, int t)
{
	json_t *j = at(o, path);
	char *e;

	fprintf(m->f, "%s=", key);
	if (j && !json_is_string(j))
		wrong(m, path, "a string");
	else if (j && t < 0 && !rss_name_ok(json_string_value(j), 0))
		wrong(m, path, "a name ([a-z0-9] then [a-z0-9_.:+-])");
	else if (j && t < 0)
		fputs(json_string_value(j), m->f);
	else if (j && !(e = rss_esc((enum rss_esc_target)t, json_string_value(j))))
		m->ret = -ENOMEM;
	else if (j) {
		fputs(e, m->f);
		free(e);
	}
	fputc('\n', m->f);
}

/* papi.events[]: the names of those not counted, ", "-joined, escaped. */
static void put_uncounted(struct meta_out *m, json_t *meta)
{
	json_t *ev = at(meta, "papi.events"), *e;
	size_t i;
	int n = 0;

	fputs("papi_uncounted=", m->f);
	if (ev && !json_is_array(ev))
		wrong(m, "papi.events", "a list");
	json_array_foreach(ev, i, e) {
		json_t *name = json_object_get(e, "name"), *av = json_object_get(e, "available");

		if (!json_is_string(name) || (av && !json_is_boolean(av))) {
			wrong(m, "papi.events[]", "a list of {name, available}");
			break;
		}
		if (json_is_false(av)) {
			fputs(n++ ? ", " : "", m->f);
			if (put_md(m->f, json_string_value(name)))
				m->ret = -ENOMEM;
		}
	}
	fputc('\n', m->f);
}

/*
 * topologies[] (a scenario's runs, one thread count each) as
 * "threads:pus ...", "threads:possible ..." and "threads:possible:nodes ...",
 * possible falling back to pus, nodes to 1, as the plots read them.
 */
static void put_topologies(struct meta_out *m, json_t *meta)
{
	json_t *tl = at(meta, "topologies"), *e;
	char *out[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 }, i;
	FILE *s[3];

	if (tl && !json_is_array(tl))
		wrong(m, "topologies", "a list");
	for (int k = 0; k < 3; k++)
		if (!(s[k] = open_memstream(&out[k], &len[k])))
			m->ret = -ENOMEM;
	json_array_foreach(tl, i, e) {
		long long t, pus = -1, pos = -1, nodes = 1;

		if (m->ret)
			break;
		if (whole(m, e, "threads", &t) ||
		    whole(m, e, "topology.pus", &pus) < 0 ||
		    whole(m, e, "topology.cpus.possible", &pos) < 0 ||
		    whole(m, e, "topology.numa_nodes_with_cpus", &nodes) < 0) {
			wrong(m, "topologies[]", "a list of {threads, topology}");
			break;
		}
		if (pos < 0)
			pos = pus;
		if (pus >= 0)
			fprintf(s[0], "%s%lld:%lld", ftell(s[0]) ? " " : "", t, pus);
		if (pos >= 0)
			fprintf(s[1], "%s%lld:%lld", ftell(s[1]) ? " " : "", t, pos);
		fprintf(s[2], "%s%lld:%lld:%lld", ftell(s[2]) ? " " : "", t, pos < 0 ? 0 : pos,
			nodes);
	}
	for (int k = 0; k < 3; k++) {
		if (s[k])
			fclose(s[k]);
		fprintf(m->f, "%s=%s\n", k == 0 ? "tmap_pus" : k == 1 ? "tmap_possible" :
			"topologies", out[k] ? out[k] : "");
		free(out[k]);
	}
}

static void put_esc(struct meta_out *m, const char *key, enum rss_esc_target t, const char *s)
{
	char *e = s ? rss_esc(t, s) : strdup("");

	if (!e)
		m->ret = -ENOMEM;
	fprintf(m->f, "%s=%s\n", key, e ? e : "");
	free(e);
}

/* kernels[]: "kernel_guest_N=SERIES:VCPUS:RESULT" ("not run" as not-run), the why for Markdown. */
static void put_guests(struct meta_out *m, json_t *meta)
{
	json_t *kl = at(meta, "kernels"), *e;
	size_t i;

	if (kl && !json_is_array(kl))
		wrong(m, "kernels", "a list");
	json_array_foreach(kl, i, e) {
		const char *series = json_string_value(json_object_get(e, "series"));
		const char *res = json_string_value(json_object_get(e, "result"));
		json_t *why = json_object_get(e, "why");
		long long vcpus;

		if ((whole(m, e, "vcpus", &vcpus) || !series || !rss_name_ok(series, 0) || !res ||
		     (strcmp(res, "ok") && strcmp(res, "failed") && strcmp(res, "not run")) ||
		     (why && !json_is_string(why))) &&
		    wrong(m, "kernels[]", "a list of {series, vcpus, result, why}"))
			return;
		fprintf(m->f, "kernel_guest_%zu=%s:%lld:%s\nkernel_guest_why_%zu=", i, series, vcpus,
			strcmp(res, "not run") ? res : "not-run", i);
		if (put_md(m->f, why ? json_string_value(why) : "") || fputc('\n', m->f) == EOF)
			m->ret = -ENOMEM;
	}
}

/* The directory's own name, as basename(1) gives it, allocated. */
static char *base_name(const char *path)
{
	const char *b;
	size_t n = rss_resdir_base_name(path, &b);

	return n ? strndup(b, n) : strdup(path);
}

static int export_meta(const struct rss_resdir *d, const char *name, int outfd, char *err,
		       size_t errlen)
{
	json_t *meta = d->meta;
	char file[RSS_RESDIR_NAMELEN + 16], tty[RSS_RESDIR_NAMELEN];
	struct meta_out m = { NULL, file, err, errlen, 0 };
	char *bname = base_name(d->path);

	snprintf(file, sizeof(file), "%s/meta.json", name);
	if (!bname)
		return -ENOMEM;
	if (!(m.f = create(outfd, "meta.txt"))) {
		free(bname);
		return -errno;
	}
	put_esc(&m, "name_md", RSS_ESC_MARKDOWN, bname);
	put_esc(&m, "name_gp", RSS_ESC_GNUPLOT, bname);
	fprintf(m.f, "name_tty=%s\n", rss_escape_str(tty, sizeof(tty), d->path));
	free(bname);
	fprintf(m.f, "format_version=%d\n", d->format);
	put_text(&m, meta, "host", "host", RSS_ESC_MD_CODE);
	put_text(&m, meta, "cpu_model", "cpu_model", RSS_ESC_MARKDOWN);
	put_text(&m, meta, "kernel_release", "kernel.release", RSS_ESC_MARKDOWN);
	put_text(&m, meta, "topology_spec", "topology.spec", RSS_ESC_MD_CODE);
	put_text(&m, meta, "topology_kind", "topology.kind", -1);
	put_int(&m, meta, "pus", "topology.pus");
	put_int(&m, meta, "host_pus", "topology.host_pus");
	put_int(&m, meta, "possible", at(meta, "topology.cpus.possible") ?
		"topology.cpus.possible" : "topology.pus");
	put_int(&m, meta, "online", at(meta, "topology.cpus.online") ?
		"topology.cpus.online" : "topology.pus");
	put_int(&m, meta, "numa_nodes_with_cpus", "topology.numa_nodes_with_cpus");
	put_text(&m, meta, "started", "started", RSS_ESC_MARKDOWN);
	put_text(&m, meta, "tool_version", "tool.version", RSS_ESC_MARKDOWN);
	put_text(&m, meta, "git_revision", "tool.git_revision", RSS_ESC_MARKDOWN);
	put_bool(&m, meta, "complete", "complete");
	/* How far to trust the timings (run's "noise"): report.md's first line, the headline's mark. */
	put_text(&m, meta, "noise_line", "noise.line", RSS_ESC_MARKDOWN);
	put_bool(&m, meta, "noise_busy", "noise.busy");
	put_int(&m, meta, "noise_noisy_cells", "noise.noisy_cells");
	put_int(&m, meta, "noise_cells", "noise.cells");
	put_text(&m, meta, "last_cell", "last_cell", RSS_ESC_MD_CODE);
	put_text(&m, meta, "papi_backend", "papi.backend", RSS_ESC_MARKDOWN);
	put_text(&m, meta, "papi_status", "papi.status", RSS_ESC_MARKDOWN);
	put_uncounted(&m, meta);
	put_int(&m, meta, "pages", "matrix.pages");
	put_int(&m, meta, "scan_mms", "matrix.scan_mms");
	put_text(&m, meta, "scenario", "scenario", -1);
	put_bool(&m, meta, "quick", "quick");
	put_topologies(&m, meta);
	put_guests(&m, meta);
	if (m.ret) {
		fclose(m.f);
		return m.ret;
	}
	return finish(m.f, "meta.txt", err, errlen);
}

int rss_plot_export_links(int outfd, const struct rss_plot_links *l, char *err, size_t errlen)
{
	int fd = openat(outfd, "meta.txt", O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	struct meta_out m = { fd < 0 ? NULL : fdopen(fd, "a"), "meta.txt", err, errlen, 0 };

	if (!m.f) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "plot: cannot write meta.txt in its temporary directory (%s)",
			 strerror(errno));
		return -errno;
	}
	put_esc(&m, "report_link", RSS_ESC_URL, l->report);
	put_esc(&m, "compare_link", RSS_ESC_URL, l->compare);
	put_esc(&m, "compare_link_md", RSS_ESC_MARKDOWN, l->compare);
	if (m.ret) {
		fclose(m.f);
		snprintf(err, errlen, "plot: out of memory");
		return m.ret;
	}
	return finish(m.f, "meta.txt", err, errlen);
}

/* meta.txt and the first @nr_files of files[]. */
static int export_files(const struct rss_resdir *d, int outfd, size_t nr_files, char *err,
			size_t errlen)
{
	static const char *const no_keys[] = { NULL };
	char name[RSS_RESDIR_NAMELEN];
	int ret;

	rss_escape_str(name, sizeof(name), d->path);
	ret = export_meta(d, name, outfd, err, errlen);
	for (size_t i = 0; !ret && i < nr_files; i++) {
		struct rss_resdir *t = NULL;

		if (i) {
			ret = rss_resdir_load_table(&t, d, files[i].name, no_keys, err, errlen);
			if (ret == -ENOENT && files[i].optional) {
				ret = 0;
				continue;
			}
			/*
			 * A run killed outright (SIGKILL, a crash) leaves its rows but
			 * no summary.csv, which every table and plot draws from: refused,
			 * saying so (doc/plots.md, "Partial runs").
			 */
			if (ret == -ENOENT && d->partial && !strcmp(files[i].name, "summary.csv"))
				snprintf(err, errlen, "%s: no summary.csv: the run was killed outright (SIGKILL, a crash) before writing it, so there is nothing to plot; its %d row%s in cells.csv %s kept ('rssbench compare --allow-partial' reads them): rerun 'rssbench run' for plots",
					 name, d->nr_rows, rss_s(d->nr_rows), d->nr_rows == 1 ? "is" : "are");
			if (ret == -ENOENT)
				ret = -EINVAL;	/* the message says it is missing */
		}
		if (!ret)
			ret = export_table(t ? t : d, &files[i], name, outfd, err, errlen);
		rss_resdir_free(t);
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", name);
	else if (ret < 0 && ret != -EINVAL)
		snprintf(err, errlen, "plot: cannot write the plot data of %s (%s); set TMPDIR to a writable directory",
			 name, strerror(-ret));
	return ret;
}

int rss_plot_export(const struct rss_resdir *d, int outfd, char *err, size_t errlen)
{
	return export_files(d, outfd, sizeof(files) / sizeof(files[0]), err, errlen);
}

int rss_plot_export_claims(const struct rss_resdir *d, int outfd, char *err, size_t errlen)
{
	return export_files(d, outfd, 2, err, errlen);	/* cells.csv, summary.csv */
}
