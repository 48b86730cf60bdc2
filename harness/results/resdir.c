/*
 * resdir.c - reads a results directory for compare and gate.  Besides
 * meta.c, the one file that uses jansson (meta.json is read, never parsed
 * by hand); topology.xml goes through topo.c.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "resdir.h"
#include "results.h"

static const char *const key_cols[] = {
	"workload", "scheme", "threads", "placement", "migration", "rep",
};

static const char *const numeric_cols[] = {
	"threads", "rep", "tasks", "tasks_per_mm", "mms", "ops", "window_s",
	"cycles_per_op", "ns_per_op", "ops_per_sec", "err_max", "err_p99", "err_samples",
	"settled_err", "precise_err", "bound_under", "bound_over", "bytes_per_mm",
	"pcpu_bytes_per_mm", "switches", "migrations", "failures",
};

int rss_resdir_numeric(const char *name)
{
	if (!strncmp(name, "ev:", 3))
		return 1;
	for (size_t i = 0; i < sizeof(numeric_cols) / sizeof(numeric_cols[0]); i++)
		if (!strcmp(name, numeric_cols[i]))
			return 1;
	return 0;
}

static const char *str_or_empty(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

/* "pages=512 mmap_pages=4 ...": what the workloads were asked to do; "?" for a key it lacks. */
static char *params_of(json_t *matrix)
{
	static const char *const keys[] = {
		"pages", "mmap_pages", "child_pages", "child_threads", "real_fork", "mm_cid",
		"scan_mms",
	};
	char buf[512] = "";
	size_t len = 0;

	for (size_t i = 0; matrix && i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(matrix, keys[i]);

		if (json_is_integer(v))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s=%lld", i ? " " : "",
						keys[i], (long long)json_integer_value(v));
		else
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s=%s", i ? " " : "",
						keys[i], json_is_boolean(v) ?
						(json_is_true(v) ? "true" : "false") : "?");
	}
	return strdup(buf);
}

static int load_meta(struct rss_resdir *d, char *err, size_t errlen)
{
	char path[PATH_MAX + 16];
	json_error_t jerr;
	json_t *meta, *v;
	int ret = -EINVAL;

	snprintf(path, sizeof(path), "%s/meta.json", d->path);
	meta = json_load_file(path, 0, &jerr);
	if (!meta) {
		if (access(path, F_OK))
			snprintf(err, errlen, "%s: missing; give a directory written by 'rssbench run'",
				 path);
		else
			snprintf(err, errlen, "%s:%d: not valid JSON (%s); rerun 'rssbench run'",
				 path, jerr.line, jerr.text);
		return -EINVAL;
	}
	v = json_object_get(meta, "format_version");
	if (!json_is_integer(v)) {
		snprintf(err, errlen, "%s: no integer format_version; give a directory written by 'rssbench run'",
			 path);
	} else if (json_integer_value(v) != 1 && json_integer_value(v) != RSS_RESULTS_FORMAT) {
		snprintf(err, errlen, "%s: format_version %lld, this rssbench reads 1 and %d; compare it with the rssbench that wrote it, or rerun the benchmark with this one",
			 path, (long long)json_integer_value(v), RSS_RESULTS_FORMAT);
	} else {
		d->host = strdup(str_or_empty(meta, "host"));
		d->cpu_model = strdup(str_or_empty(meta, "cpu_model"));
		d->topo_kind = strdup(str_or_empty(json_object_get(meta, "topology"), "kind"));
		d->params = params_of(json_object_get(meta, "matrix"));
		ret = d->host && d->cpu_model && d->topo_kind && d->params ? 0 : -ENOMEM;
	}
	json_decref(meta);
	return ret;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long len;

	if (!f) {
		snprintf(err, errlen, "%s: %s; give a directory written by 'rssbench run'", path,
			 strerror(errno));
		return NULL;
	}
	if (!fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
	    (buf = malloc((size_t)len + 1))) {
		if (fread(buf, 1, (size_t)len, f) == (size_t)len) {
			buf[len] = '\0';
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	if (!buf)
		snprintf(err, errlen, "%s: cannot read it", path);
	return buf;
}

/* Splits @line at commas into @out; with @out NULL only counts.  The count. */
static int split(char *line, char **out)
{
	int n = 1;

	if (out)
		out[0] = line;
	for (char *p = line; (p = strchr(p, ',')); p++) {
		if (out) {
			*p = '\0';
			out[n] = p + 1;
		}
		n++;
	}
	return n;
}

static int is_number(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	return end != s && !*end && !errno && isfinite(v);
}

static int check_row(struct rss_resdir *d, char **vals, const char *path, int line,
		     char *err, size_t errlen)
{
	for (int c = 0; c < d->nr_cols; c++) {
		/* Format 2 writes NA for no value, format 1 "unavailable (...)". */
		if (!rss_resdir_numeric(d->cols[c]) || is_number(vals[c]) ||
		    ((!strcmp(vals[c], "NA") || !strncmp(vals[c], "unavailable", 11)) &&
		     strcmp(d->cols[c], "threads") && strcmp(d->cols[c], "rep")))
			continue;
		snprintf(err, errlen, "%s:%d: %s is \"%.40s\", not a number; the file is damaged, rerun 'rssbench run'",
			 path, line, d->cols[c], vals[c]);
		return -EINVAL;
	}
	return 0;
}

static int load_cells(struct rss_resdir *d, char *err, size_t errlen)
{
	char path[PATH_MAX + 16], *p, *nl;
	int line = 1, cap = 0;

	snprintf(path, sizeof(path), "%s/cells.csv", d->path);
	d->buf = read_file(path, err, errlen);
	if (!d->buf)
		return -EINVAL;
	nl = strchr(d->buf, '\n');
	if (!nl) {
		snprintf(err, errlen, "%s:1: no header line; rerun 'rssbench run'", path);
		return -EINVAL;
	}
	*nl = '\0';
	d->nr_cols = split(d->buf, NULL);
	d->cols = calloc((size_t)d->nr_cols, sizeof(char *));
	if (!d->cols)
		return -ENOMEM;
	split(d->buf, d->cols);
	for (size_t i = 0; i < sizeof(key_cols) / sizeof(key_cols[0]); i++) {
		if (rss_resdir_col(d, key_cols[i]) >= 0)
			continue;
		snprintf(err, errlen, "%s:1: no \"%s\" column; give a cells.csv written by 'rssbench run'",
			 path, key_cols[i]);
		return -EINVAL;
	}
	for (p = nl + 1; *p; p = nl + 1) {
		char **vals;
		int n;

		line++;
		nl = strchr(p, '\n');
		if (!nl) {
			snprintf(err, errlen, "%s:%d: truncated row (no end of line); the run was cut short, rerun 'rssbench run'",
				 path, line);
			return -EINVAL;
		}
		*nl = '\0';
		n = split(p, NULL);
		if (n != d->nr_cols) {
			snprintf(err, errlen, "%s:%d: %d values, the header has %d; the file is damaged, rerun 'rssbench run'",
				 path, line, n, d->nr_cols);
			return -EINVAL;
		}
		if (d->nr_rows == cap) {
			char ***rows = realloc(d->rows, (size_t)(cap = cap * 2 + 64) * sizeof(*rows));

			if (!rows)
				return -ENOMEM;
			d->rows = rows;
		}
		vals = calloc((size_t)n, sizeof(char *));
		if (!vals)
			return -ENOMEM;
		d->rows[d->nr_rows++] = vals;
		split(p, vals);
		if (check_row(d, vals, path, line, err, errlen))
			return -EINVAL;
	}
	if (!d->nr_rows) {
		snprintf(err, errlen, "%s: no rows; the run measured nothing, rerun 'rssbench run'", path);
		return -EINVAL;
	}
	return 0;
}

int rss_resdir_load(struct rss_resdir **out, const char *path, char *err, size_t errlen)
{
	struct rss_resdir *d = calloc(1, sizeof(*d));
	char xml[PATH_MAX + 16];
	const char *base = strrchr(path, '/');
	struct stat st;
	int ret;

	if (!d)
		return -ENOMEM;
	d->path = strdup(path);
	base = base ? base + 1 : path;
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a results directory (%s); give one written by 'rssbench run'",
			 path, access(path, F_OK) ? strerror(errno) : "not a directory");
		ret = -EINVAL;
	} else if (!strncmp(base, ".incomplete-", 12)) {
		snprintf(err, errlen, "%s: an interrupted run; rerun 'rssbench run'", path);
		ret = -EINVAL;
	} else if (!d->path) {
		ret = -ENOMEM;
	} else if (!(ret = load_meta(d, err, errlen))) {
		snprintf(xml, sizeof(xml), "%s/topology.xml", path);
		ret = rss_topo_levels_xml(xml, &d->levels, err, errlen);
		if (!ret)
			ret = load_cells(d, err, errlen);
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	if (ret) {
		rss_resdir_free(d);
		return ret;
	}
	*out = d;
	return 0;
}

void rss_resdir_free(struct rss_resdir *d)
{
	if (!d)
		return;
	for (int r = 0; r < d->nr_rows; r++)
		free(d->rows[r]);
	free(d->rows);
	free(d->cols);
	free(d->buf);
	free(d->path);
	free(d->host);
	free(d->cpu_model);
	free(d->params);
	free(d->topo_kind);
	free(d);
}

int rss_resdir_col(const struct rss_resdir *d, const char *name)
{
	for (int c = 0; c < d->nr_cols; c++)
		if (!strcmp(d->cols[c], name))
			return c;
	return -1;
}

const char *rss_resdir_val(const struct rss_resdir *d, int row, int col)
{
	return col < 0 ? "" : d->rows[row][col];
}

int rss_resdir_num(const struct rss_resdir *d, int row, int col, double *v)
{
	const char *s = rss_resdir_val(d, row, col);

	if (col < 0 || !is_number(s))
		return -ENODATA;
	*v = strtod(s, NULL);
	return 0;
}
