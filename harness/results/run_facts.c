/*
 * run_facts.c - the facts the store keeps from a loaded meta.json, and
 * each CSV row as a JSON object.  Part of the reader: it reads only what
 * rss_resdir_load parsed and checked (jansson's tree, the split table).
 * The rows are written by hand, not with jansson: an object per row made
 * jansson and malloc 40 % of an import's time (make bench-db), and the
 * reader already checked every value is UTF-8, so only quotes, backslashes
 * and control bytes need escaping.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "run_facts.h"

/* @key of @obj (a string), "" when absent or not a string. */
static char *str_of(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return strdup(s ? s : "");
}

static long int_of(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) && json_integer_value(v) >= 0 ?
	       (long)json_integer_value(v) : -1;
}

/* The 1-minute figure of host_state's load list @key, NAN without one. */
static double load_of(json_t *hs, const char *key)
{
	json_t *v = json_array_get(json_object_get(hs, key), 0);

	return json_is_number(v) && json_number_value(v) >= 0 ? json_number_value(v) : NAN;
}

int rss_run_facts(const struct rss_resdir *d, struct rss_run_facts *f)
{
	json_t *meta = d->meta, *kernel = json_object_get(meta, "kernel");
	json_t *topo = json_object_get(meta, "topology"), *hs = json_object_get(meta, "host_state");
	memset(f, 0, sizeof(*f));
	/* The reader checked the run id's form (32 hex digits). */
	if (*d->run_id && !(f->run_id = strdup(d->run_id)))
		return -ENOMEM;
	f->host = str_of(meta, "host");
	f->cpu_model = str_of(meta, "cpu_model");
	f->sysname = str_of(kernel, "sysname");
	f->release = str_of(kernel, "release");
	f->version = str_of(kernel, "version");
	f->machine = str_of(kernel, "machine");
	f->revision = str_of(json_object_get(meta, "tool"), "git_revision");
	f->started = str_of(meta, "started");
	f->finished = str_of(meta, "finished");
	if (json_is_string(json_object_get(meta, "scenario")))
		f->scenario = str_of(meta, "scenario");
	f->topology_kind = str_of(topo, "kind");
	f->kernel_kind = !strcmp(f->topology_kind ? f->topology_kind : "", "guest") ||
			 json_is_object(json_object_get(meta, "guest")) ? "guest" : "host";
	f->packages = int_of(topo, "packages");
	f->numa_nodes = int_of(topo, "numa_nodes");
	f->cores = int_of(topo, "cores");
	f->pus = int_of(topo, "pus");
	f->cpus_possible = int_of(json_object_get(topo, "cpus"), "possible");
	f->online_cpus = int_of(hs, "online_cpus");
	f->load_before = load_of(hs, "load_before");
	f->load_after = load_of(hs, "load_after");
	f->meta = json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS);
	if (!f->host || !f->cpu_model || !f->sysname || !f->release || !f->version ||
	    !f->machine || !f->revision || !f->started || !f->finished || !f->topology_kind ||
	    !f->meta)
		return -ENOMEM;
	return 0;
}

void rss_run_facts_free(struct rss_run_facts *f)
{
	free(f->run_id);
	free(f->host);
	free(f->cpu_model);
	free(f->sysname);
	free(f->release);
	free(f->version);
	free(f->machine);
	free(f->revision);
	free(f->started);
	free(f->finished);
	free(f->scenario);
	free(f->topology_kind);
	free(f->meta);
	memset(f, 0, sizeof(*f));
}

/* Appends @s to @b as a JSON string.  0 or -ENOMEM. */
static int put_json(struct rss_buf *b, const char *s)
{
	size_t n = strlen(s);

	/* At most 6 bytes per byte (\u00XX), the quotes, a separator, the
	 * closing brace, the opening one rss_row_json shifts in and the NUL. */
	if (b->len + 6 * n + 8 > b->cap) {
		size_t cap = 2 * (b->len + 6 * n + 8);
		char *p = realloc(b->s, cap);

		if (!p)
			return -ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	b->s[b->len++] = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			b->s[b->len++] = '\\';
			b->s[b->len++] = (char)c;
		} else if (c < 0x20) {
			b->len += (size_t)snprintf(b->s + b->len, 7, "\\u%04x", c);
		} else {
			b->s[b->len++] = (char)c;
		}
	}
	b->s[b->len++] = '"';
	b->s[b->len] = '\0';
	return 0;
}

int rss_row_json(const struct rss_resdir *t, int row, struct rss_buf *b)
{
	int ret = 0;

	b->len = 0;
	for (int c = 0; c < t->nr_cols && !ret; c++) {
		ret = put_json(b, t->cols[c]);
		if (!ret) {
			b->s[b->len++] = ':';
			ret = put_json(b, rss_resdir_val(t, row, c));
		}
		if (!ret)
			b->s[b->len++] = c + 1 < t->nr_cols ? ',' : '}';
	}
	if (!ret && !t->nr_cols)
		ret = put_json(b, "");
	if (ret)
		return ret;
	/* The opening brace: shift once (the row is short). */
	memmove(b->s + 1, b->s, b->len + 1);
	b->s[0] = '{';
	b->len++;
	b->s[b->len] = '\0';
	return 0;
}

static int put_csv(struct rss_buf *b, const char *s, int first)
{
	size_t n = strlen(s);
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (b->len + 2 * n + 5 > b->cap) {
		size_t cap = 2 * (b->len + 2 * n + 5);
		char *p = realloc(b->s, cap);

		if (!p)
			return -ENOMEM;
		b->s = p;
		b->cap = cap;
	}
	if (!first)
		b->s[b->len++] = ',';
	if (quote)
		b->s[b->len++] = '"';
	for (; *s; s++) {
		if (*s == '"')
			b->s[b->len++] = '"';
		b->s[b->len++] = *s;
	}
	if (quote)
		b->s[b->len++] = '"';
	b->s[b->len] = '\0';
	return 0;
}

int rss_json_csv_row(const char *json, int header, struct rss_buf *b)
{
	json_t *o = json_loads(json, JSON_REJECT_DUPLICATES, NULL), *v;
	const char *k;
	int ret = json_is_object(o) ? 0 : -EINVAL, first = 1;

	b->len = 0;
	/* jansson keeps an object's keys in the order they came: the file's. */
	json_object_foreach(o, k, v) {
		if (ret)
			break;
		if (!json_is_string(v)) {
			ret = -EINVAL;
			break;
		}
		ret = put_csv(b, header ? k : json_string_value(v), first);
		first = 0;
	}
	if (!ret)
		ret = put_csv(b, "", 1);	/* room for the line end */
	if (!ret) {
		b->s[b->len++] = '\n';
		b->s[b->len] = '\0';
	}
	json_decref(o);
	return ret;
}
