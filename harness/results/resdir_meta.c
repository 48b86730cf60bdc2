/*
 * resdir_meta.c - a results directory's meta.json for compare and gate:
 * format version, completeness, host and the matrix the run promised.
 * Besides meta.c (the writer), the one file that uses jansson: meta.json
 * is read, never parsed by hand.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "escape.h"
#include "infile.h"
#include "resdir.h"

static char *escaped(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	char buf[256];

	return strdup(rss_escape_str(buf, sizeof(buf), s ? s : ""));
}

/* "pages=512 mmap_pages=4 ...": what the workloads were asked to do; "?" for a key it lacks. */
static char *params_of(json_t *matrix)
{
	static const char *const keys[] = {
		"pages", "mmap_pages", "child_pages", "child_threads", "real_fork", "mm_cid",
		"scan_mms", "pages_per_fault",
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Sorts and dedups @n elements of @size; the count left. */
static int sort_unique(void *base, int n, size_t size, int (*cmp)(const void *, const void *))
{
	char *b = base;
	int k = 0;

	qsort(base, (size_t)n, size, cmp);
	for (int i = 0; i < n; i++)
		if (!k || cmp(b + (size_t)(k - 1) * size, b + (size_t)i * size))
			memmove(b + (size_t)k++ * size, b + (size_t)i * size, size);
	return k;
}

/* A list of names; NULL with a message when it is not one. */
static const char **names_of(json_t *arr, const char *key, int *n, const char *path,
			     char *err, size_t errlen)
{
	const char **out;
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || !json_array_size(arr) || json_array_size(arr) > INT_MAX / 2) {
		snprintf(err, errlen, "%s: matrix.%s is not a list of names; rerun 'rssbench run'",
			 path, key);
		return NULL;
	}
	out = calloc(json_array_size(arr), sizeof(*out));
	if (!out)
		return NULL;
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			snprintf(err, errlen, "%s: matrix.%s[%zu] is not a name; rerun 'rssbench run'",
				 path, key, i);
			free(out);
			return NULL;
		}
		out[i] = json_string_value(v);
	}
	*n = sort_unique(out, (int)json_array_size(arr), sizeof(*out), cmp_str);
	return out;
}

/*
 * What meta.json says of the machine and the run, each checked against what
 * the writer (meta.c) can write: topology.kind host, virtual or guest,
 * topology.cpus.allowed a CPU count, clock.hz a clock rate from 1 MHz to 1 THz, run_id 32 hex
 * digits.  Format 2 always has kind and clock; format 1 may lack them.
 */
static int load_facts(struct rss_resdir *d, json_t *meta, const char *path, char *err,
		      size_t errlen)
{
	json_t *topo = json_object_get(meta, "topology"), *kind = json_object_get(topo, "kind");
	json_t *hz = json_object_get(json_object_get(meta, "clock"), "hz");
	json_t *pus = json_object_get(json_object_get(topo, "cpus"), "allowed");
	json_t *id = json_object_get(meta, "run_id");
	const char *k = json_string_value(kind), *s = json_string_value(id);

	if ((kind || d->format >= 2) &&
	    (!k || (strcmp(k, "host") && strcmp(k, "virtual") && strcmp(k, "guest")))) {
		snprintf(err, errlen, "%s: topology.kind is not \"host\", \"virtual\" or \"guest\"; give a directory written by 'rssbench run'",
			 path);
		return -EINVAL;
	}
	if ((hz || d->format >= 2) &&
	    (!json_is_number(hz) || !(json_number_value(hz) >= 1e6 && json_number_value(hz) <= 1e12))) {
		snprintf(err, errlen, "%s: clock.hz is not a clock rate from 1e6 to 1e12 cycles per second; give a directory written by 'rssbench run'",
			 path);
		return -EINVAL;
	}
	d->clock_hz = hz ? json_number_value(hz) : 0;
	if (pus && (!json_is_integer(pus) || json_integer_value(pus) < 1 ||
		    json_integer_value(pus) > RSS_MAX_CPUS)) {
		snprintf(err, errlen, "%s: topology.cpus.allowed is not a CPU count from 1 to %d; give a directory written by 'rssbench run'",
			 path, RSS_MAX_CPUS);
		return -EINVAL;
	}
	d->topo_pus = pus ? (int)json_integer_value(pus) : 0;
	if (id && (!s || strlen(s) != RSS_RUN_ID_LEN ||
		   strspn(s, "0123456789abcdef") != RSS_RUN_ID_LEN)) {
		snprintf(err, errlen, "%s: run_id is not %d hex digits; give a directory written by 'rssbench run'",
			 path, RSS_RUN_ID_LEN);
		return -EINVAL;
	}
	snprintf(d->run_id, sizeof(d->run_id), "%s", s ? s : "");
	return 0;
}

/* The matrix's cells (all six keys, or none of them checked). */
static int load_matrix(struct rss_resdir_matrix *x, json_t *m, const char *path, char *err,
		       size_t errlen)
{
	static const char *const keys[] = {
		"workloads", "schemes", "threads", "migration", "placement", "reps",
	};
	json_t *th = json_object_get(m, "threads"), *v;
	size_t i;

	for (i = 0; i < 6; i++)
		if (!json_object_get(m, keys[i]))
			return 0;
	x->workloads = names_of(json_object_get(m, "workloads"), "workloads", &x->nr_workloads,
				path, err, errlen);
	x->schemes = x->workloads ? names_of(json_object_get(m, "schemes"), "schemes",
					     &x->nr_schemes, path, err, errlen) : NULL;
	x->migration = x->schemes ? names_of(json_object_get(m, "migration"), "migration",
					     &x->nr_migration, path, err, errlen) : NULL;
	if (!x->migration)
		return -EINVAL;
	x->placement = json_string_value(json_object_get(m, "placement"));
	v = json_object_get(m, "reps");
	if (!x->placement || !json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > RSS_RESDIR_MAX_REP) {
		snprintf(err, errlen, "%s: matrix.%s is not %s; rerun 'rssbench run'", path,
			 x->placement ? "reps" : "placement",
			 x->placement ? "a whole number from 1 to 1000000" : "a name");
		return -EINVAL;
	}
	x->reps = (long)json_integer_value(v);
	if (!json_is_array(th) || !json_array_size(th) || json_array_size(th) > INT_MAX / 2) {
		snprintf(err, errlen, "%s: matrix.threads is not a list of thread counts; rerun 'rssbench run'",
			 path);
		return -EINVAL;
	}
	x->threads = calloc(json_array_size(th), sizeof(int));
	if (!x->threads)
		return -ENOMEM;
	json_array_foreach(th, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > RSS_MAX_CPUS) {
			snprintf(err, errlen, "%s: matrix.threads[%zu] is not a thread count from 1 to %d; rerun 'rssbench run'",
				 path, i, RSS_MAX_CPUS);
			return -EINVAL;
		}
		x->threads[i] = (int)json_integer_value(v);
	}
	x->nr_threads = sort_unique(x->threads, (int)json_array_size(th), sizeof(int), cmp_int);
	x->present = 1;
	return 0;
}

/*
 * A scenario's runs, one matrix each (meta.json's topologies[].matrix: each
 * topology has its own threads and migration, so the top matrix promises
 * none): every one must be whole, so that rows are checked against them.
 */
static int load_runs(struct rss_resdir *d, json_t *topos, const char *path, char *err,
		     size_t errlen)
{
	size_t n = json_array_size(topos), i;
	json_t *t;
	int ret = 0;

	if (!n)
		return 0;
	if (n > RSS_RESDIR_MAX_RUNS) {
		snprintf(err, errlen, "%s: %zu topologies, more than %d; rerun 'rssbench run --scenario'",
			 path, n, RSS_RESDIR_MAX_RUNS);
		return -EINVAL;
	}
	d->runs = calloc(n, sizeof(*d->runs));
	if (!d->runs)
		return -ENOMEM;
	d->nr_runs = (int)n;
	json_array_foreach(topos, i, t) {
		json_t *m = json_object_get(t, "matrix");

		if (json_is_object(m) && (ret = load_matrix(&d->runs[i], m, path, err, errlen)))
			return ret;
		/* Each guest calibrated its own clock: its rows' ns_per_op follow it. */
		if ((m = json_object_get(t, "clock_hz"))) {
			d->runs[i].clock_hz = json_is_number(m) ? json_number_value(m) : -1;
			if (!(d->runs[i].clock_hz >= 1e6 && d->runs[i].clock_hz <= 1e12)) {
				snprintf(err, errlen, "%s: topologies[%zu].clock_hz is not a clock rate from 1e6 to 1e12 cycles per second; rerun 'rssbench run --scenario'",
					 path, i);
				return -EINVAL;
			}
		}
		/* A guest's rows (the kernels scenario) carry its kernel: a name. */
		if ((m = json_object_get(t, "kernel"))) {
			d->runs[i].kernel = json_string_value(m);
			if (!d->runs[i].kernel || !rss_name_ok(d->runs[i].kernel, 0)) {
				snprintf(err, errlen, "%s: topologies[%zu].kernel is not a kernel release as rssbench writes it; rerun 'rssbench run --scenario'",
					 path, i);
				return -EINVAL;
			}
		}
		if (!d->runs[i].present) {
			snprintf(err, errlen, "%s: topologies[%zu].matrix is not a run's whole matrix; rerun 'rssbench run --scenario'",
				 path, i);
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The kernels scenario's kernels[] (doc/scenarios.md): absent, or a list of
 * {series (a name), vcpus (1 to 8192), result ("ok", "failed" or "not run"),
 * why (a string, optional)}, checked here for every reader (compare and db
 * import took what plot refused); -EINVAL with the line in @err.
 */
static int check_kernels(struct rss_resdir *d, json_t *kl, const char *path, char *err,
			 size_t errlen)
{
	json_t *e;
	size_t i;

	if (kl && !json_is_array(kl)) {
		snprintf(err, errlen, "%s: kernels is not a list; rerun 'rssbench run --scenario kernels'",
			 path);
		return -EINVAL;
	}
	json_array_foreach(kl, i, e) {
		const char *series = json_string_value(json_object_get(e, "series"));
		const char *res = json_string_value(json_object_get(e, "result"));
		json_t *vcpus = json_object_get(e, "vcpus"), *why = json_object_get(e, "why");

		if (!series || !rss_name_ok(series, 0) || !json_is_integer(vcpus) ||
		    json_integer_value(vcpus) < 1 || json_integer_value(vcpus) > RSS_RESDIR_MAX_VCPUS || !res ||
		    (strcmp(res, "ok") && strcmp(res, "failed") && strcmp(res, "not run")) ||
		    (why && !json_is_string(why))) {
			snprintf(err, errlen, "%s: kernels[%zu] is not {series, vcpus from 1 to 8192, result ok, failed or not run, why}; rerun 'rssbench run --scenario kernels'",
				 path, i);
			return -EINVAL;
		}
		if (!strcmp(res, "ok")) {
			long n = (long)json_integer_value(vcpus);

			d->guest_vcpus[n / 8] |= (unsigned char)(1u << (n % 8));
		}
	}
	return 0;
}

static void free_matrix(struct rss_resdir_matrix *x)
{
	free(x->workloads);
	free(x->schemes);
	free(x->migration);
	free(x->threads);
}

int rss_resdir_load_meta(struct rss_resdir *d, const char *name, char *err, size_t errlen)
{
	char path[PATH_MAX + 16], esc[RSS_RESDIR_NAMELEN + 16], text[256], *buf;
	json_t *meta, *v, *complete;
	json_error_t jerr;
	size_t len, bom;
	int ret;

	snprintf(path, sizeof(path), "%s/meta.json", d->path);
	snprintf(esc, sizeof(esc), "%s/meta.json", name);
	ret = rss_infile_read(path, &buf, &len, err, errlen);
	if (ret)
		return ret == -ENOMEM ? ret : -EINVAL;
	bom = rss_infile_bom(buf, len);
	meta = json_loadb(buf + bom, len - bom, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (!meta) {
		snprintf(err, errlen, "%s:%d: not valid JSON (%s); rerun 'rssbench run'", esc,
			 jerr.line, rss_escape_str(text, sizeof(text), jerr.text));
		return -EINVAL;
	}
	d->meta = meta;
	v = json_object_get(meta, "format_version");
	complete = json_object_get(meta, "complete");
	if (!json_is_integer(v)) {
		snprintf(err, errlen, "%s: no integer format_version; give a directory written by 'rssbench run'",
			 esc);
		return -EINVAL;
	}
	if (json_integer_value(v) < RSS_RESDIR_FORMAT_MIN ||
	    json_integer_value(v) > RSS_RESDIR_FORMAT_MAX) {
		snprintf(err, errlen, "%s: format_version %lld, this rssbench reads %d to %d; compare it with the rssbench that wrote it, or rerun the benchmark with this one",
			 esc, (long long)json_integer_value(v), RSS_RESDIR_FORMAT_MIN,
			 RSS_RESDIR_FORMAT_MAX);
		return -EINVAL;
	}
	d->format = (int)json_integer_value(v);
	if ((complete || d->format >= 2) && !json_is_boolean(complete)) {
		snprintf(err, errlen, "%s: \"complete\" is %s; rerun 'rssbench run'", esc,
			 complete ? "not true or false" : "missing (format 2 always says true or false)");
		return -EINVAL;
	}
	if (json_is_false(complete) && !d->partial) {
		d->partial = 1;
		snprintf(err, errlen, "%s: \"complete\": false, an interrupted run (last cell %s); rerun it, or give --allow-partial to compare what it has",
			 esc, rss_escape_str(text, sizeof(text),
			 json_is_string(json_object_get(meta, "last_cell")) ?
			 json_string_value(json_object_get(meta, "last_cell")) : "unknown"));
	}
	/* A --model-only run timed nothing: there is nothing to compare. */
	if (json_is_true(json_object_get(meta, "model_only")) && !d->model_only_ok) {
		snprintf(err, errlen, "%s: a --model-only run (\"model_only\": true): no timings to compare; its figures are in model.csv: give a run made without --model-only",
			 esc);
		return -EINVAL;
	}
	d->host = escaped(meta, "host");
	d->cpu_model = escaped(meta, "cpu_model");
	d->topo_kind = escaped(json_object_get(meta, "topology"), "kind");
	d->params = params_of(json_object_get(meta, "matrix"));
	if (!d->host || !d->cpu_model || !d->topo_kind || !d->params)
		return -ENOMEM;
	ret = load_facts(d, meta, esc, err, errlen);
	if (ret)
		return ret;
	if (json_is_object(json_object_get(meta, "matrix")) &&
	    (ret = load_matrix(&d->matrix, json_object_get(meta, "matrix"), esc, err, errlen)))
		return ret;
	ret = check_kernels(d, json_object_get(meta, "kernels"), esc, err, errlen);
	return ret ? ret : load_runs(d, json_object_get(meta, "topologies"), esc, err, errlen);
}

void rss_resdir_meta_free(struct rss_resdir *d)
{
	free(d->host);
	free(d->cpu_model);
	free(d->params);
	free(d->topo_kind);
	free_matrix(&d->matrix);
	for (int i = 0; i < d->nr_runs; i++)
		free_matrix(&d->runs[i]);
	free(d->runs);
	json_decref(d->meta);
}
