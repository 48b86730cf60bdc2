/*
 * store_list.c - the store's runs and workloads, for the dashboard's index.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "store_impl.h"

static const char *text(sqlite3_stmt *st, int c)
{
	const char *s = (const char *)sqlite3_column_text(st, c);

	return s ? s : "";
}

static long opt_long(sqlite3_stmt *st, int c)
{
	return sqlite3_column_type(st, c) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(st, c);
}

int rss_store_runs(struct rss_store *s, int (*fn)(const struct rss_store_run *, void *),
		   void *arg, char *err, size_t errlen)
{
	static const char q[] =
		"SELECT id, identity, source, host, cpu_model, kernel_release, kernel_kind,"
		" revision, started, ifnull(scenario, ''), topology_kind, cpus_possible,"
		" online_cpus, online_cpus > 0 AND (ifnull(load_before, 0) > online_cpus"
		" OR ifnull(load_after, 0) > online_cpus),"
		" (SELECT count(*) FROM cells c WHERE c.run = runs.id),"
		" CASE WHEN scenario IS NULL THEN NULL ELSE meta END"
		" FROM runs ORDER BY started, id";
	sqlite3_stmt *st;
	int ret = 0, rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rss_store_run r = {
			.id = sqlite3_column_int64(st, 0), .identity = text(st, 1),
			.source = text(st, 2), .host = text(st, 3), .cpu_model = text(st, 4),
			.kernel = text(st, 5), .kernel_kind = text(st, 6), .revision = text(st, 7),
			.started = text(st, 8), .scenario = text(st, 9),
			.topology_kind = text(st, 10), .cpus_possible = opt_long(st, 11),
			.online_cpus = opt_long(st, 12), .busy = sqlite3_column_int(st, 13),
			.cells = (long)sqlite3_column_int64(st, 14),
		};
		/* A scenario run's form: its stored meta.json, parsed (never SQL's JSON). */
		const char *meta = (const char *)sqlite3_column_text(st, 15);
		json_t *m;

		m = meta ? json_loads(meta, 0, NULL) : NULL;
		r.quick = json_is_true(json_object_get(m, "quick"));
		json_decref(m);
		ret = fn(&r, arg);
	}
	if (!ret && rc != SQLITE_DONE)
		ret = rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	sqlite3_finalize(st);
	return ret;
}

int rss_store_workloads(struct rss_store *s, int (*fn)(const char *, void *), void *arg,
			char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int ret = 0, rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(s->db, "SELECT DISTINCT workload FROM cells ORDER BY workload",
			       -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ret = fn(text(st, 0), arg);
	if (!ret && rc != SQLITE_DONE)
		ret = rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	sqlite3_finalize(st);
	return ret;
}
