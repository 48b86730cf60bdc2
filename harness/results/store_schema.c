/*
 * store_schema.c - opening a store: the schema, its versions and the step
 * from each to the next (doc/store.md, "Schema").  A store is somebody
 * else's file until checked: its application_id must be rssbench's, its
 * user_version one this rssbench knows, and its schema exactly the one the
 * migrations below make for that version (compared with a fresh in-memory
 * store's), so no view, trigger or altered table of a crafted store is ever
 * run.  SQLite is told the same: defensive mode, no trusted schema, views
 * and triggers off.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infile.h"
#include "store_impl.h"

/*
 * migrations[v] takes a store from version v to v + 1.  Never edit a step
 * that has shipped: add one.  STRICT tables (SQLite >= 3.37) refuse a
 * value of the wrong type, from a crafted source store too.
 */
static const char *const migrations[RSS_STORE_VERSION] = {
	/* 1: runs, their cells.csv rows, and summary, footprint and model rows. */
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" identity TEXT NOT NULL UNIQUE,"	/* id:<run id> or sha256:<hex> */
	" source TEXT NOT NULL,"		/* the directory's name when imported */
	" host TEXT NOT NULL, cpu_model TEXT NOT NULL,"
	" kernel_sysname TEXT NOT NULL, kernel_release TEXT NOT NULL,"
	" kernel_version TEXT NOT NULL, kernel_machine TEXT NOT NULL,"
	" kernel_kind TEXT NOT NULL CHECK (kernel_kind IN ('host', 'guest')),"
	" revision TEXT NOT NULL, started TEXT NOT NULL, finished TEXT NOT NULL,"
	" format INTEGER NOT NULL, scenario TEXT, topology_kind TEXT NOT NULL,"
	" packages INTEGER, numa_nodes INTEGER, cores INTEGER, pus INTEGER,"
	" cpus_possible INTEGER, online_cpus INTEGER, load_before REAL, load_after REAL,"
	" meta TEXT NOT NULL, imported TEXT NOT NULL) STRICT;"
	"CREATE TABLE cells ("
	" run INTEGER NOT NULL REFERENCES runs (id),"
	" workload TEXT NOT NULL, scheme TEXT NOT NULL, threads INTEGER NOT NULL,"
	" placement TEXT NOT NULL, migration TEXT NOT NULL, rep INTEGER NOT NULL,"
	" line INTEGER NOT NULL, topology_kind TEXT,"
	" cycles_per_op REAL, ns_per_op REAL, ops_per_sec REAL,"
	" err_max REAL, err_p99 REAL, settled_err REAL, precise_err REAL,"
	" bytes_per_mm REAL, pcpu_bytes_per_mm REAL, verify TEXT NOT NULL,"
	" cols TEXT NOT NULL,"			/* every column, a JSON object */
	" PRIMARY KEY (run, workload, scheme, threads, placement, migration, rep)"
	") STRICT, WITHOUT ROWID;"
	"CREATE TABLE rows ("
	" run INTEGER NOT NULL REFERENCES runs (id),"
	" file TEXT NOT NULL CHECK (file IN ('summary', 'footprint', 'model')),"
	" line INTEGER NOT NULL,"
	" workload TEXT, scheme TEXT, threads INTEGER, placement TEXT, migration TEXT,"
	" rep INTEGER, cols TEXT NOT NULL,"
	" PRIMARY KEY (run, file, line)) STRICT, WITHOUT ROWID;"
	"PRAGMA application_id = 1381192514;",
	/* 2: the indexes a trend query over a million cells wants. */
	"CREATE INDEX cells_series ON cells (workload, scheme, threads, placement, migration);"
	"CREATE INDEX runs_machine ON runs (host, kernel_release, started);",
	/* 3: topology.xml kept, so a run can be a gate's baseline again (NULL before). */
	"ALTER TABLE runs ADD COLUMN topology_xml TEXT;",
	/*
	 * 4: a cell's kernel (cells.csv's kernel: a guest's release in a
	 * kernels scenario, whose guests' rows share every other key; '' in
	 * every other run), part of the key.  SQLite cannot change a primary
	 * key in place: the table is made again, the key's columns first (3.40's
	 * quick_check misreads a WITHOUT ROWID table whose key has a column
	 * after others: "NULL value in cells.line").
	 */
	"CREATE TABLE cells_4 ("
	" run INTEGER NOT NULL REFERENCES runs (id),"
	" workload TEXT NOT NULL, scheme TEXT NOT NULL, threads INTEGER NOT NULL,"
	" placement TEXT NOT NULL, migration TEXT NOT NULL, rep INTEGER NOT NULL,"
	" kernel TEXT NOT NULL DEFAULT '',"
	" line INTEGER NOT NULL, topology_kind TEXT,"
	" cycles_per_op REAL, ns_per_op REAL, ops_per_sec REAL,"
	" err_max REAL, err_p99 REAL, settled_err REAL, precise_err REAL,"
	" bytes_per_mm REAL, pcpu_bytes_per_mm REAL, verify TEXT NOT NULL,"
	" cols TEXT NOT NULL,"
	" PRIMARY KEY (run, workload, scheme, threads, placement, migration, rep, kernel)"
	") STRICT, WITHOUT ROWID;"
	"INSERT INTO cells_4 (run, workload, scheme, threads, placement, migration, rep, kernel,"
	" line, topology_kind, cycles_per_op, ns_per_op, ops_per_sec, err_max, err_p99,"
	" settled_err, precise_err, bytes_per_mm, pcpu_bytes_per_mm, verify, cols)"
	" SELECT run, workload, scheme, threads, placement, migration, rep, '', line,"
	" topology_kind, cycles_per_op, ns_per_op, ops_per_sec, err_max, err_p99, settled_err,"
	" precise_err, bytes_per_mm, pcpu_bytes_per_mm, verify, cols FROM cells;"
	"DROP TABLE cells;"
	"ALTER TABLE cells_4 RENAME TO cells;"
	"CREATE INDEX cells_series ON cells (workload, scheme, threads, placement, migration);",
};

int rss_store_fail(sqlite3 *db, const char *name, const char *what, char *err, size_t errlen)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_NOMEM;
	char msg[256];

	rss_escape_str(msg, sizeof(msg), db ? sqlite3_errmsg(db) : "out of memory");
	if (code == SQLITE_FULL)
		snprintf(err, errlen, "%s: %s: no space left on device; free some and import again (what was committed stays)",
			 name, what);
	else if (code == SQLITE_BUSY)
		snprintf(err, errlen, "%s: %s: another rssbench held the store for %d s; try again",
			 name, what, RSS_STORE_BUSY_MS / 1000);
	else
		snprintf(err, errlen, "%s: %s: %s", name, what, msg);
	return code == SQLITE_NOMEM ? -ENOMEM : code == SQLITE_FULL || code == SQLITE_IOERR ? -EIO :
	       -EINVAL;
}

int rss_store_exec(sqlite3 *db, const char *name, const char *sql, char *err, size_t errlen)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	       rss_store_fail(db, name, "cannot update the store", err, errlen);
}

/* The integer of constant @pragma ("PRAGMA user_version"), or -1 with a message. */
static int pragma_int(sqlite3 *db, const char *pragma, const char *name, char *err,
		      size_t errlen)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, pragma, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	if (v < 0) {
		if (sqlite3_errcode(db) == SQLITE_NOTADB)
			snprintf(err, errlen, "%s: not an SQLite database; give a store made by 'rssbench db import'",
				 name);
		else
			rss_store_fail(db, name, "cannot read the store", err, errlen);
	}
	sqlite3_finalize(st);
	return v;
}

/* The schema of @db as one string: type, name, table and SQL of every object, in order. */
static char *schema_of(sqlite3 *db)
{
	static const char q[] =
		"SELECT type, name, tbl_name, ifnull(sql, '') FROM main.sqlite_schema "
		"ORDER BY type, name";
	sqlite3_stmt *st;
	char *s = strdup("");
	size_t len = 0;
	int rc;

	if (!s || sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
		free(s);
		return NULL;
	}
	while (s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < 4 && s; c++) {
			const char *v = (const char *)sqlite3_column_text(st, c);
			size_t n = v ? strlen(v) : 0;
			char *t = realloc(s, len + n + 2);

			if (!t) {
				free(s);
				s = NULL;
				break;
			}
			s = t;
			memcpy(s + len, v ? v : "", n);
			len += n;
			s[len++] = '\x1f';
			s[len] = '\0';
		}
	}
	if (s && rc != SQLITE_DONE) {
		free(s);
		s = NULL;
	}
	sqlite3_finalize(st);
	return s;
}

/* 0 when @db's schema is exactly version @version's; -EINVAL with the fix. */
static int check_schema(sqlite3 *db, int version, const char *name, char *err, size_t errlen)
{
	sqlite3 *mem = NULL;
	char *want = NULL, *have = schema_of(db);
	int ret = 0;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		ret = -ENOMEM;
	for (int v = 0; !ret && v < version; v++)
		if (sqlite3_exec(mem, migrations[v], NULL, NULL, NULL) != SQLITE_OK)
			ret = -ENOMEM;
	if (!ret)
		want = schema_of(mem);
	if (!ret && !have)
		ret = rss_store_fail(db, name, "cannot read the store's schema", err, errlen);
	else if (!ret && !want)
		ret = -ENOMEM;
	else if (!ret && strcmp(have, want)) {
		snprintf(err, errlen, "%s: its tables are not those of an rssbench store of schema version %d (damaged or crafted); import the results directories into a new store",
			 name, version);
		ret = -EINVAL;
	}
	if (ret == -ENOMEM && !*err)
		snprintf(err, errlen, "%s: out of memory", name);
	free(have);
	free(want);
	sqlite3_close(mem);
	return ret;
}

/* 0 when @db is empty, or an rssbench store this rssbench reads; *@version its version. */
static int check_store(sqlite3 *db, const char *name, int *version, char *err, size_t errlen)
{
	int app = pragma_int(db, "PRAGMA application_id", name, err, errlen);
	int v = app < 0 ? -1 : pragma_int(db, "PRAGMA user_version", name, err, errlen);
	int objects = v < 0 ? -1 :
		      pragma_int(db, "SELECT count(*) FROM main.sqlite_schema", name, err, errlen);

	if (objects < 0)
		return -EINVAL;
	if (!app && !v && !objects) {
		*version = 0;
		return 0;
	}
	if (app != RSS_STORE_APP_ID) {
		snprintf(err, errlen, "%s: an SQLite database but not an rssbench store; give a store made by 'rssbench db import', or another --db",
			 name);
		return -EINVAL;
	}
	if (v > RSS_STORE_VERSION) {
		snprintf(err, errlen, "%s: store schema version %d, this rssbench knows 1 to %d; use the newer rssbench that wrote it, or import the results directories into a new store with this one",
			 name, v, RSS_STORE_VERSION);
		return -EINVAL;
	}
	if (v < 1) {
		snprintf(err, errlen, "%s: schema version %d of an rssbench store does not exist (damaged or crafted); import the results directories into a new store",
			 name, v);
		return -EINVAL;
	}
	*version = v;
	return check_schema(db, v, name, err, errlen);
}

int rss_store_connect(sqlite3 **out, const char *path, const char *name, int readonly,
		      int *version, char *err, size_t errlen)
{
	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	struct stat st;
	sqlite3 *db = NULL;
	int ret, fresh;

	*out = NULL;
	fresh = stat(path, &st) || st.st_size == 0;
	if (stat(path, &st) && readonly) {
		snprintf(err, errlen, "%s: no such store; give one made by 'rssbench db import'",
			 name);
		return -EINVAL;
	}
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file; give a store made by 'rssbench db import'",
			 name);
		return -EINVAL;
	}
	if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		ret = rss_store_fail(db, name, "cannot open the store", err, errlen);
		sqlite3_close(db);
		return ret;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_busy_timeout(db, RSS_STORE_BUSY_MS);
	/*
	 * 64 MiB of pages, so a big store's indexes stay in memory while
	 * importing, and a trend's sort in memory (make bench-db: 1 000 000 cells).
	 */
	sqlite3_exec(db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", NULL, NULL,
		     NULL);
	/*
	 * A new store is WAL before anything reads it.  Two importers creating
	 * it at once otherwise deadlock: one that read it in rollback mode
	 * waits, to switch it, on the shared lock a WAL connection holds, while
	 * that one waits on its pending lock (30 s, then "cannot switch").
	 */
	if (!readonly && fresh)
		sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	/*
	 * One read transaction: application_id, user_version and the schema from
	 * one snapshot, not torn by another importer creating the store meanwhile.
	 */
	ret = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 :
	      rss_store_fail(db, name, "cannot read the store", err, errlen);
	if (!ret)
		ret = check_store(db, name, version, err, errlen);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (ret) {
		sqlite3_close(db);
		return ret == -ENOMEM ? ret : -EINVAL;
	}
	*out = db;
	return 0;
}

/* Migrates @s from its version to @upto, one transaction per step. */
static int migrate(struct rss_store *s, int upto, char *err, size_t errlen)
{
	while (s->version < upto) {
		char sql[64];
		int v, ret;

		/* BEGIN IMMEDIATE waits for another importer; it may have migrated. */
		ret = rss_store_exec(s->db, s->name, "BEGIN IMMEDIATE", err, errlen);
		if (ret)
			return ret;
		ret = check_store(s->db, s->name, &v, err, errlen);
		if (!ret && v < upto) {
			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
			ret = rss_store_exec(s->db, s->name, migrations[v], err, errlen);
			if (!ret)
				ret = rss_store_exec(s->db, s->name, sql, err, errlen);
			v++;
		}
		if (!ret)
			ret = rss_store_exec(s->db, s->name, "COMMIT", err, errlen);
		if (ret) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return ret;
		}
		s->version = v;
	}
	return 0;
}

int rss_store_open_upto(struct rss_store **out, const char *path, int flags, int version,
			char *err, size_t errlen)
{
	struct rss_store *s = calloc(1, sizeof(*s));
	int ret;

	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	rss_escape_str(s->name, sizeof(s->name), path);
	s->readonly = flags & RSS_STORE_READONLY;
	ret = rss_store_connect(&s->db, path, s->name, s->readonly, &s->version, err, errlen);
	if (!ret && s->readonly && !s->version) {
		snprintf(err, errlen, "%s: an empty store; import results directories into it first ('rssbench db import')",
			 s->name);
		ret = -EINVAL;
	}
	if (!ret && !s->readonly) {
		sqlite3_stmt *st;

		/* WAL: readers never block the importer, nor it them. */
		ret = -EINVAL;
		if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW &&
		    !strcmp((const char *)sqlite3_column_text(st, 0), "wal"))
			ret = 0;
		sqlite3_finalize(st);
		if (ret)
			ret = rss_store_fail(s->db, s->name, "cannot switch the store to WAL", err,
					     errlen);
		if (!ret)
			ret = rss_store_exec(s->db, s->name, "PRAGMA synchronous = NORMAL", err,
					     errlen);

		if (!ret)
			ret = migrate(s, version, err, errlen);
	}
	if (ret) {
		rss_store_close(s);
		return ret;
	}
	*out = s;
	return 0;
}

int rss_store_open(struct rss_store **out, const char *path, int flags, char *err,
		   size_t errlen)
{
	return rss_store_open_upto(out, path, flags, RSS_STORE_VERSION, err, errlen);
}

void rss_store_close(struct rss_store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s);
}

int rss_store_version(const struct rss_store *s)
{
	return s->version;
}

long rss_store_count(struct rss_store *s, const char *what)
{
	const char *q = !strcmp(what, "runs") ? "SELECT count(*) FROM runs" :
			!strcmp(what, "cells") ? "SELECT count(*) FROM cells" :
			"SELECT count(*) FROM rows";
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}
