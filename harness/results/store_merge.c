/*
 * store_merge.c - joining stores from several machines: every run of the
 * source that the store lacks by identity is copied with its cells and
 * rows, one transaction per run.  The source is opened read-only and
 * checked as any store (schema exactly an rssbench one, SQLite's
 * quick_check); its values go through bound parameters into STRICT tables,
 * so a value of the wrong type refuses the run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "store_impl.h"

/* The columns copied: schema 1 and 2's, then 3's. */
#define RUN_COLS_2 \
	"identity, source, host, cpu_model, kernel_sysname, kernel_release, kernel_version," \
	" kernel_machine, kernel_kind, revision, started, finished, format, scenario," \
	" topology_kind, packages, numa_nodes, cores, pus, cpus_possible, online_cpus," \
	" load_before, load_after, meta, imported"
#define RUN_COLS RUN_COLS_2 ", topology_xml"
#define NR_RUN_COLS	26
#define CELL_COLS_3 \
	"workload, scheme, threads, placement, migration, rep, line, topology_kind," \
	" cycles_per_op, ns_per_op, ops_per_sec, err_max, err_p99, settled_err, precise_err," \
	" bytes_per_mm, pcpu_bytes_per_mm, verify, cols"
#define CELL_COLS CELL_COLS_3 ", kernel"
#define NR_CELL_COLS	20
#define ROW_COLS "file, line, workload, scheme, threads, placement, migration, rep, cols"
#define NR_ROW_COLS	9

struct merge {
	sqlite3 *src, *dst;
	int version;		/* the source's schema */
	const char *sname, *dname;
	char *err;
	size_t errlen;
};

/*
 * Copies the rows @sel (run id as ?1) of the source into @ins (new run id
 * as ?1, the @n columns after it).
 */
static int copy(struct merge *m, const char *sel, const char *ins, int n,
		sqlite3_int64 from, sqlite3_int64 to)
{
	sqlite3_stmt *s = NULL, *d = NULL;
	int rc, ret = 0;

	if (sqlite3_prepare_v2(m->src, sel, -1, &s, NULL) != SQLITE_OK) {
		ret = rss_store_fail(m->src, m->sname, "cannot read", m->err, m->errlen);
		goto out;
	}
	if (sqlite3_prepare_v2(m->dst, ins, -1, &d, NULL) != SQLITE_OK) {
		ret = rss_store_fail(m->dst, m->dname, "cannot prepare", m->err, m->errlen);
		goto out;
	}
	sqlite3_bind_int64(s, 1, from);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_bind_int64(d, 1, to);
		for (int c = 0; c < n; c++)
			sqlite3_bind_value(d, c + 2, sqlite3_column_value(s, c));
		if (sqlite3_step(d) != SQLITE_DONE) {
			ret = rss_store_fail(m->dst, m->dname, "cannot copy a row (a value of the wrong type in the source?)",
					     m->err, m->errlen);
			goto out;
		}
		sqlite3_reset(d);
	}
	if (rc != SQLITE_DONE)
		ret = rss_store_fail(m->src, m->sname, "cannot read", m->err, m->errlen);
out:
	sqlite3_finalize(s);
	sqlite3_finalize(d);
	return ret;
}

/* Copies run @id of the source (its row @run_row) unless the store has its identity. */
static int merge_run(struct merge *m, sqlite3_stmt *run_row, sqlite3_int64 id, long *added,
		     long *skipped)
{
	static const char ins_run[] =
		"INSERT INTO runs (id, " RUN_COLS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
		" ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
		" ?25, ?26, ?27)";
	sqlite3_stmt *have = NULL, *ins = NULL;
	sqlite3_int64 to;
	int ret, rc;

	ret = rss_store_exec(m->dst, m->dname, "BEGIN IMMEDIATE", m->err, m->errlen);
	if (ret)
		return ret;
	if (sqlite3_prepare_v2(m->dst, "SELECT 1 FROM runs WHERE identity = ?1", -1, &have,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(m->dst, ins_run, -1, &ins, NULL) != SQLITE_OK) {
		ret = rss_store_fail(m->dst, m->dname, "cannot prepare", m->err, m->errlen);
		goto out;
	}
	sqlite3_bind_value(have, 1, sqlite3_column_value(run_row, 1));
	rc = sqlite3_step(have);
	if (rc == SQLITE_ROW) {
		(*skipped)++;
		goto out;
	}
	if (rc != SQLITE_DONE) {
		ret = rss_store_fail(m->dst, m->dname, "cannot read the store", m->err, m->errlen);
		goto out;
	}
	/* ?1 is the id (NULL: a new one); the columns are ?2 on. */
	for (int c = 0; c < NR_RUN_COLS; c++)
		sqlite3_bind_value(ins, c + 2, sqlite3_column_value(run_row, c + 1));
	if (sqlite3_step(ins) != SQLITE_DONE) {
		ret = rss_store_fail(m->dst, m->dname, "cannot copy a run (a value of the wrong type in the source?)",
				     m->err, m->errlen);
		goto out;
	}
	to = sqlite3_last_insert_rowid(m->dst);
	/* A source before schema 4 has no kernel column: '' (not a guest's). */
	ret = copy(m, m->version >= 4 ? "SELECT " CELL_COLS " FROM cells WHERE run = ?1" :
		   "SELECT " CELL_COLS_3 ", '' FROM cells WHERE run = ?1",
		   "INSERT INTO cells (run, " CELL_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
		   " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
		   NR_CELL_COLS, id, to);
	if (!ret)
		ret = copy(m, "SELECT " ROW_COLS " FROM rows WHERE run = ?1",
			   "INSERT INTO rows (run, " ROW_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
			   " ?7, ?8, ?9, ?10)", NR_ROW_COLS, id, to);
	if (!ret)
		(*added)++;
out:
	sqlite3_finalize(have);
	sqlite3_finalize(ins);
	if (!ret)
		ret = rss_store_exec(m->dst, m->dname, "COMMIT", m->err, m->errlen);
	if (ret)
		sqlite3_exec(m->dst, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/* SQLite's quick_check of the source: "ok", or refused as damaged. */
static int quick_check(struct merge *m)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (sqlite3_prepare_v2(m->src, "PRAGMA quick_check(1)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	if (ok)
		return 0;
	snprintf(m->err, m->errlen, "%s: damaged (SQLite's quick_check fails); merge another copy of it, or import its results directories",
		 m->sname);
	return -EINVAL;
}

int rss_store_merge(struct rss_store *s, const char *src_path, long *added, long *skipped,
		    char *err, size_t errlen)
{
	char sname[RSS_RESDIR_NAMELEN];
	struct merge m = { .dst = s->db, .dname = s->name, .sname = sname, .err = err,
			   .errlen = errlen };
	sqlite3_stmt *runs = NULL;
	int version, ret, rc = SQLITE_DONE;

	*added = *skipped = 0;
	rss_escape_str(sname, sizeof(sname), src_path);
	ret = rss_store_connect(&m.src, src_path, sname, 1, &version, err, errlen);
	if (!ret && !version) {
		snprintf(err, errlen, "%s: an empty database, not a store; give one made by 'rssbench db import'",
			 sname);
		ret = -EINVAL;
	}
	m.version = version;
	if (!ret)
		ret = quick_check(&m);
	/* One read transaction over the source: it holds still while copied. */
	if (!ret)
		ret = rss_store_exec(m.src, sname, "BEGIN", err, errlen);
	/* A source before schema 3 has no topology.xml: NULL (not a baseline then). */
	if (!ret && sqlite3_prepare_v2(m.src, version >= 3 ?
				       "SELECT id, " RUN_COLS " FROM runs ORDER BY id" :
				       "SELECT id, " RUN_COLS_2 ", NULL FROM runs ORDER BY id",
				       -1, &runs, NULL) != SQLITE_OK)
		ret = rss_store_fail(m.src, sname, "cannot read", err, errlen);
	while (!ret && (rc = sqlite3_step(runs)) == SQLITE_ROW)
		ret = merge_run(&m, runs, sqlite3_column_int64(runs, 0), added, skipped);
	if (!ret && rc != SQLITE_DONE)
		ret = rss_store_fail(m.src, sname, "cannot read", err, errlen);
	sqlite3_finalize(runs);
	sqlite3_close(m.src);
	return ret;
}
