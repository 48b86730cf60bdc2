/*
 * resdir.c - reads a results directory for compare and gate: cells.csv
 * here, meta.json in resdir_meta.c (jansson); topology.xml is checked
 * (topo_xml.c) and read by hwloc (topo.c).  Every file is read through
 * infile.c: regular files only, bounded; every value is checked against
 * its column's grammar (resdir_value.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "csv.h"
#include "escape.h"
#include "infile.h"
#include "resdir.h"
#include "resdir_value.h"

static const char *const key_cols[] = {
	"workload", "scheme", "threads", "placement", "migration", "rep",
};


/* The first control byte (but a newline, or a CR ending a line) or invalid UTF-8 byte; NULL if none. */
static const char *bad_byte(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = rss_utf8_seq(u + i, len - i);

		if (!n || (u[i] < 0x20 && u[i] != '\n' && !(u[i] == '\r' && i + 1 < len &&
		    u[i + 1] == '\n')) || u[i] == 0x7f)
			return s + i;
		i += n;
	}
	return NULL;
}

static int line_of(const char *buf, const char *at)
{
	int line = 1;

	for (const char *p = buf; p < at && (p = memchr(p, '\n', (size_t)(at - p))); p++)
		line++;
	return line;
}

/*
 * The fields of the line at @p (it ends at the next '\n', a "\r\n" too),
 * RFC 4180 quoting undone (csv.c): their count, -1 for a quote left open;
 * with @out, split in place into @out[0..@max).  The line is ended in place
 * and *@next gets the next one.
 */
static int split(char *p, char **out, int max, char **next)
{
	char *nl = strchr(p, '\n');

	*next = nl + 1;
	*nl = '\0';
	if (nl > p && nl[-1] == '\r')
		nl[-1] = '\0';
	return rss_csv_split(p, out, max);
}

static int cmp_col(const void *a, const void *b, void *arg)
{
	char **cols = arg;

	return strcmp(cols[*(const int *)a], cols[*(const int *)b]);
}

static int load_header(struct rss_resdir *d, char **p, const char *file,
		       const char *const *keys, size_t nr_keys, char *err, size_t errlen)
{
	char *start = *p;

	d->nr_cols = split(start, NULL, 0, p);
	if (d->nr_cols < 1) {
		snprintf(err, errlen, "%s:1: a quoted name not closed; give a cells.csv written by 'rssbench run'",
			 file);
		return -EINVAL;
	}
	d->cols = calloc((size_t)d->nr_cols, sizeof(char *));
	d->col_order = calloc((size_t)d->nr_cols, sizeof(int));
	if (!d->cols || !d->col_order)
		return -ENOMEM;
	(void)rss_csv_split(start, d->cols, d->nr_cols);
	for (int c = 0; c < d->nr_cols; c++)
		d->col_order[c] = c;
	qsort_r(d->col_order, (size_t)d->nr_cols, sizeof(int), cmp_col, d->cols);
	for (int c = 1; c < d->nr_cols; c++) {
		char esc[96];

		if (strcmp(d->cols[d->col_order[c - 1]], d->cols[d->col_order[c]]))
			continue;
		snprintf(err, errlen, "%s:1: column \"%s\" twice; give a file written by 'rssbench run'",
			 file, rss_escape_str(esc, sizeof(esc), d->cols[d->col_order[c]]));
		return -EINVAL;
	}
	for (size_t i = 0; i < nr_keys; i++) {
		if (rss_resdir_col(d, keys[i]) >= 0)
			continue;
		snprintf(err, errlen, "%s:1: no \"%s\" column; give a file written by 'rssbench run'",
			 file, keys[i]);
		return -EINVAL;
	}
	/* A kernels scenario's rows say which guest: all three columns, or none. */
	if (((rss_resdir_col(d, "kernel") >= 0) + (rss_resdir_col(d, "vcpus") >= 0) +
	     (rss_resdir_col(d, "kernel_era") >= 0)) % 3) {
		snprintf(err, errlen, "%s:1: of the guest columns kernel, vcpus and kernel_era, not all three; give a file written by 'rssbench run --scenario kernels'",
			 file);
		return -EINVAL;
	}
	return 0;
}

static int load_rows(struct rss_resdir *d, char *p, int first_line, const char *file,
		     char *err, size_t errlen)
{
	enum rss_col_kind *kind = calloc((size_t)d->nr_cols, sizeof(*kind));
	int ct = rss_resdir_col(d, "threads"), cr = rss_resdir_col(d, "rep");
	char why[160];
	int ret = 0;

	if (!kind)
		return -ENOMEM;
	for (int c = 0; c < d->nr_cols; c++)
		kind[c] = rss_resdir_col_kind(d->cols[c]);
	for (int r = 0; r < d->nr_rows && !ret; r++) {
		char **vals = &d->vals[(size_t)r * (size_t)d->nr_cols];
		int n = split(p, vals, d->nr_cols, &p);

		d->line[r] = first_line + r;
		if (n < 0) {
			snprintf(err, errlen, "%s:%d: a quoted value not closed; the file is damaged, rerun 'rssbench run'",
				 file, d->line[r]);
			ret = -EINVAL;
		} else if (n != d->nr_cols) {
			snprintf(err, errlen, "%s:%d: %d values, the header has %d; the file is damaged, rerun 'rssbench run'",
				 file, d->line[r], n, d->nr_cols);
			ret = -EINVAL;
		}
		for (int c = 0; c < d->nr_cols && !ret; c++) {
			long count = 0;

			if (kind[c] == RSS_COL_OTHER)
				continue;
			ret = rss_resdir_check_value(d, kind[c], vals[c], &count, why, sizeof(why));
			if (ret) {
				char col[96];

				snprintf(err, errlen, "%s:%d: %s %s; the file is damaged, rerun 'rssbench run'",
					 file, d->line[r], rss_escape_str(col, sizeof(col), d->cols[c]),
					 why);
			} else if (c == ct) {
				if (count > RSS_MAX_CPUS) {
					snprintf(err, errlen, "%s:%d: threads is %ld, more than %d; the file is damaged, rerun 'rssbench run'",
						 file, d->line[r], count, RSS_MAX_CPUS);
					ret = -EINVAL;
				}
				d->threads[r] = (int)count;
			} else if (c == cr) {
				d->rep[r] = (int)count;
			} else if (kind[c] == RSS_COL_VCPUS &&
				   !(d->guest_vcpus[count / 8] & (1u << (count % 8)))) {
				snprintf(err, errlen, "%s:%d: vcpus is %ld, but meta.json's kernels[] has no guest that ran with %ld vCPUs; the file is damaged, rerun 'rssbench run --scenario kernels'",
					 file, d->line[r], count, count);
				ret = -EINVAL;
			}
		}
	}
	free(kind);
	return ret;
}

/*
 * @d->path's CSV file @csv into @d: bytes, header (with @keys), widths and
 * values checked.  @name is the directory's escaped name for messages.
 */
static int load_csv(struct rss_resdir *d, const char *dir, const char *name, const char *csv,
		    const char *const *keys, size_t nr_keys, int need_rows, char *err,
		    size_t errlen)
{
	char path[PATH_MAX + 16], file[RSS_RESDIR_NAMELEN + 32], esc[32], *p, *end;
	const char *bad;
	size_t len, lines = 0;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, csv);
	snprintf(file, sizeof(file), "%s/%s", name, csv);
	ret = rss_infile_read(path, &d->buf, &len, err, errlen);
	if (ret)
		return ret == -ENOMEM || ret == -ENOENT ? ret : -EINVAL;
	p = d->buf + rss_infile_bom(d->buf, len);
	end = d->buf + len;
	bad = bad_byte(p, (size_t)(end - p));
	if (bad) {
		snprintf(err, errlen, "%s:%d: the byte %s, %s; the file is damaged, rerun 'rssbench run'",
			 file, line_of(d->buf, bad), rss_escape(esc, sizeof(esc), bad, 1),
			 (unsigned char)*bad < 0x80 ? "a control character" : "not UTF-8");
		return -EINVAL;
	}
	for (const char *q = p; q < end && (q = memchr(q, '\n', (size_t)(end - q))); q++)
		lines++;
	if (!lines) {
		snprintf(err, errlen, "%s:1: no header line; rerun 'rssbench run'", file);
		return -EINVAL;
	}
	if (end > p && end[-1] != '\n') {
		snprintf(err, errlen, "%s:%zu: truncated row (no end of line); the run was cut short, rerun 'rssbench run'",
			 file, lines + 1);
		return -EINVAL;
	}
	if (lines - 1 > INT_MAX / 2) {
		snprintf(err, errlen, "%s: too many rows", file);
		return -EINVAL;
	}
	ret = load_header(d, &p, file, keys, nr_keys, err, errlen);
	if (ret)
		return ret;
	d->nr_rows = (int)(lines - 1);
	if (!d->nr_rows && need_rows) {
		snprintf(err, errlen, "%s: no rows; the run measured nothing, rerun 'rssbench run'",
			 file);
		return -EINVAL;
	}
	if (!d->nr_rows)
		return 0;
	d->vals = calloc((size_t)d->nr_rows * (size_t)d->nr_cols, sizeof(char *));
	d->line = calloc((size_t)d->nr_rows, sizeof(int));
	d->threads = calloc((size_t)d->nr_rows, sizeof(int));
	d->rep = calloc((size_t)d->nr_rows, sizeof(int));
	if (!d->vals || !d->line || !d->threads || !d->rep)
		return -ENOMEM;
	return load_rows(d, p, 2, file, err, errlen);
}

/*
 * @d->path's table @base (cells.csv, or model.csv: the same key columns and
 * checks) into @d; cells.csv's rows are also checked against the facts of
 * meta.json and topology.xml (resdir_facts.c).
 */
static int load_cells(struct rss_resdir *d, const char *name, const char *base, int flags,
		      char *err, size_t errlen)
{
	char file[RSS_RESDIR_NAMELEN + 16];
	int ret = load_csv(d, d->path, name, base, key_cols,
			   sizeof(key_cols) / sizeof(key_cols[0]), 1, err, errlen);

	snprintf(file, sizeof(file), "%s/%s", name, base);
	if (ret == -ENOENT)
		ret = -EINVAL;
	if (!ret && !strcmp(base, "cells.csv"))
		ret = rss_resdir_check_facts(d, file, err, errlen);
	if (!ret && !strcmp(base, "cells.csv"))
		ret = rss_resdir_check_formulas(d, file, err, errlen);
	return ret ? ret : rss_resdir_check_rows(d, file, flags, err, errlen);
}

int rss_resdir_load_table(struct rss_resdir **out, const struct rss_resdir *d, const char *csv,
			  const char *const *keys, char *err, size_t errlen)
{
	struct rss_resdir *t = calloc(1, sizeof(*t));
	char name[RSS_RESDIR_NAMELEN];
	size_t nr_keys = 0;
	int ret;

	if (!t)
		return -ENOMEM;
	while (keys[nr_keys])
		nr_keys++;
	t->format = d->format;
	memcpy(t->guest_vcpus, d->guest_vcpus, sizeof(t->guest_vcpus));
	rss_escape_str(name, sizeof(name), d->path);
	ret = load_csv(t, d->path, name, csv, keys, nr_keys, 0, err, errlen);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", name);
	if (ret) {
		rss_resdir_free(t);
		return ret;
	}
	*out = t;
	return 0;
}

/* --- the directory ------------------------------------------------------------ */

size_t rss_resdir_base_name(const char *path, const char **base)
{
	size_t len = strlen(path);

	for (;;) {
		if (len > 1 && path[len - 1] == '/')
			len--;
		else if (len > 2 && path[len - 1] == '.' && path[len - 2] == '/')
			len -= 2;
		else
			break;
	}
	*base = path + len;
	while (*base > path && (*base)[-1] != '/')
		(*base)--;
	return (size_t)(path + len - *base);
}

/*
 * @path as messages name it: escaped, and when longer than 160 bytes its
 * first and last 72 (the file name stays) around "...", cut at character
 * boundaries.  A received directory's name is as untrusted as its files.
 */
static void display_name(char *out, size_t len, const char *path)
{
	char esc[RSS_RESDIR_NAMELEN * 4];
	size_t n, head = 72, tail;

	rss_escape_str(esc, sizeof(esc), path);
	n = strlen(esc);
	if (n <= 160) {
		snprintf(out, len, "%s", esc);
		return;
	}
	while (head && (esc[head] & 0xc0) == 0x80)
		head--;
	tail = n - 72;
	while (tail < n && (esc[tail] & 0xc0) == 0x80)
		tail++;
	snprintf(out, len, "%.*s...%s", (int)head, esc, esc + tail);
}

static int partial_name(const char *path)
{
	const char *base;
	size_t n = rss_resdir_base_name(path, &base);

	return (n >= 12 && !strncmp(base, ".incomplete-", 12)) ||
	       (n >= 8 && !strncmp(base + n - 8, "-partial", 8));
}

int rss_resdir_load(struct rss_resdir **out, const char *path, int flags, char *err,
		    size_t errlen)
{
	struct rss_resdir *d = calloc(1, sizeof(*d));
	char name[RSS_RESDIR_NAMELEN], xml[PATH_MAX + 16];
	int allow = flags & RSS_RESDIR_ALLOW_PARTIAL, ret = 0;
	struct stat st;

	if (!d)
		return -ENOMEM;
	/* "DIR/" is DIR: its files are named DIR/cells.csv, not DIR//cells.csv. */
	d->path = strdup(path);
	for (size_t n = d->path ? strlen(d->path) : 0; n > 1 && d->path[n - 1] == '/';)
		d->path[--n] = '\0';
	if (d->path)
		path = d->path;
	display_name(name, sizeof(name), path);
	d->model_only_ok = !!(flags & RSS_RESDIR_ALLOW_MODEL_ONLY);
	if ((ret = stat(path, &st) ? -errno : 0) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a results directory (%s); give one written by 'rssbench run'",
			 name, ret ? strerror(-ret) : "not a directory");
		ret = -EINVAL;
	} else if (partial_name(path)) {
		d->partial = 1;
		snprintf(err, errlen, "%s: an interrupted run (its name says partial); rerun it, or give --allow-partial to compare what it has",
			 name);
		ret = allow ? 0 : -EINVAL;
	}
	if (!ret && !d->path)
		ret = -ENOMEM;
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	if (!ret)
		ret = rss_resdir_load_meta(d, name, err, errlen);
	if (!ret && d->partial && !allow)
		ret = -EINVAL;		/* rss_resdir_load_meta wrote the message */
	if (!ret) {
		snprintf(xml, sizeof(xml), "%s/topology.xml", path);
		ret = rss_topo_levels_xml(xml, &d->levels, err, errlen);
		if (!ret)
			ret = rss_resdir_check_topo(d, name, err, errlen);
	}
	if (!ret)
		ret = load_cells(d, name, "cells.csv", flags, err, errlen);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", name);
	if (ret) {
		rss_resdir_free(d);
		return ret;
	}
	*out = d;
	return 0;
}

int rss_resdir_load_model(struct rss_resdir *d, char *err, size_t errlen)
{
	struct rss_resdir *m;
	char name[RSS_RESDIR_NAMELEN];
	int ret;

	if (!json_is_object(json_object_get(d->meta, "model")))
		return 0;
	m = calloc(1, sizeof(*m));
	if (!m || !(m->path = strdup(d->path))) {
		free(m);
		return -ENOMEM;
	}
	m->format = d->format;
	m->levels = d->levels;
	rss_escape_str(name, sizeof(name), d->path);
	/* Its rows are the cells.csv rows' model pass: the matrix was checked there. */
	ret = load_cells(m, name, "model.csv", RSS_RESDIR_ALLOW_PARTIAL, err, errlen);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", name);
	if (ret) {
		rss_resdir_free(m);
		return ret;
	}
	d->model = m;
	return 0;
}

void rss_resdir_free(struct rss_resdir *d)
{
	if (d && d->model)
		rss_resdir_free(d->model);
	if (!d)
		return;
	free(d->vals);
	free(d->line);
	free(d->threads);
	free(d->rep);
	free(d->cols);
	free(d->col_order);
	free(d->buf);
	free(d->path);
	rss_resdir_meta_free(d);
	free(d);
}

int rss_resdir_col(const struct rss_resdir *d, const char *name)
{
	int lo = 0, hi = d->nr_cols - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c = strcmp(d->cols[d->col_order[mid]], name);

		if (!c)
			return d->col_order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

const char *rss_resdir_val(const struct rss_resdir *d, int row, int col)
{
	return col < 0 ? "" : d->vals[(size_t)row * (size_t)d->nr_cols + (size_t)col];
}

int rss_resdir_num(const struct rss_resdir *d, int row, int col, double *v)
{
	const char *s = rss_resdir_val(d, row, col);

	if (col < 0 || rss_resdir_is_decimal(s) != 1)
		return -ENODATA;
	*v = strtod(s, NULL);
	return 0;
}

char *rss_resdir_why(const struct rss_resdir *d, int row, int col, char *buf, size_t len)
{
	const char *v = rss_resdir_val(d, row, col), *notes, *p;
	size_t n;

	if (col < 0) {
		snprintf(buf, len, "no such column");
		return buf;
	}
	if (d->format < 2) {
		snprintf(buf, len, "%s", v);
		return buf;
	}
	/* notes: "column: reason;column: reason" */
	notes = rss_resdir_val(d, row, rss_resdir_col(d, "notes"));
	n = strlen(d->cols[col]);
	for (p = notes; *p; p += strcspn(p, ";"), p += *p == ';') {
		p += strspn(p, " ");
		if (!strncmp(p, d->cols[col], n) && p[n] == ':') {
			p += n + 1 + strspn(p + n + 1, " ");
			snprintf(buf, len, "unavailable (%.*s)", (int)strcspn(p, ";"), p);
			return buf;
		}
	}
	snprintf(buf, len, "unavailable (no reason recorded)");
	return buf;
}
