/*
 * store.h - the results store (doc/store.md): every imported run kept in
 * one SQLite file, keyed by run identity, for trends across runs, kernels
 * and revisions.  Directories stay the unit of exchange; the store is fed
 * only from what the results reader (resdir.h) validated, and a store from
 * elsewhere is checked like a directory: its schema must be exactly one
 * this rssbench wrote.  Every statement has constant text and bound
 * parameters.  Only store*.c include <sqlite3.h>.
 */
#ifndef RSS_STORE_H
#define RSS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "resdir.h"

/* The schema version this rssbench writes (PRAGMA user_version). */
#define RSS_STORE_VERSION	4
/* PRAGMA application_id of an rssbench store: "RSSB". */
#define RSS_STORE_APP_ID	0x52535342
/* How long a writer waits for another one (two imports at once), ms. */
#define RSS_STORE_BUSY_MS	30000
/* The default store, under the results directory's parent. */
#define RSS_STORE_DEFAULT	"results/store.db"

struct rss_store;

/* rss_store_open's flags. */
#define RSS_STORE_READONLY	1	/* never create or migrate: trend, site, merge's source */

/*
 * Opens the store @path, creating it (and its directory's file) when it does
 * not exist unless @flags has RSS_STORE_READONLY; an older schema is
 * migrated to RSS_STORE_VERSION step by step, each step one transaction
 * (store_schema.c).  Refused, -EINVAL with one line naming @path and the fix
 * in @err: not SQLite or not an rssbench store (application_id), a schema
 * version newer than this rssbench's, a schema that is not exactly the one
 * of its version (a crafted or damaged store), a read-only store older than
 * this version.  Journal mode WAL, a busy timeout of RSS_STORE_BUSY_MS, no
 * trusted schema (SQLITE_DBCONFIG_DEFENSIVE).  -ENOMEM too.
 */
int rss_store_open(struct rss_store **out, const char *path, int flags, char *err,
		   size_t errlen);
/* The same, migrating no further than @version (tests: an older store). */
int rss_store_open_upto(struct rss_store **out, const char *path, int flags, int version,
			char *err, size_t errlen);
/* Closes @s (NULL is fine). */
void rss_store_close(struct rss_store *s);
/* @s's schema version. */
int rss_store_version(const struct rss_store *s);

/* rss_store_import's results. */
#define RSS_STORE_IMPORTED	0
#define RSS_STORE_SKIPPED	1	/* its identity is in the store already */

/*
 * Imports the loaded directory @d (rss_resdir_load) in one transaction: the
 * run (machine, kernel, revision, scenario, host state, topology facts,
 * meta.json whole), every cells.csv row, and every row of summary.csv,
 * footprint.csv and model.csv where present (read with
 * rss_resdir_load_table; a damaged one refuses the whole directory).  The
 * identity is meta.json's run id where it has one, else the SHA-256 of the
 * validated meta.json and cells.csv (run_identity.c), so a copy of a run
 * is the same run.  @hook, if not NULL, is called with @arg after each row
 * is written (tests end an import there).  RSS_STORE_IMPORTED,
 * RSS_STORE_SKIPPED, or -EINVAL/-ENOMEM/-EIO with one line in @err; on
 * error nothing of @d is in the store.
 */
int rss_store_import(struct rss_store *s, const struct rss_resdir *d,
		     void (*hook)(void *arg, long rows), void *arg, char *err, size_t errlen);
/*
 * The tables rss_store_import reads beside cells.csv (summary.csv,
 * footprint.csv and model.csv where present), checked without a store: 0,
 * or -EINVAL/-ENOMEM with the line rss_store_import would refuse @d with,
 * so that db import opens (makes) a store only for a directory it can take.
 */
int rss_store_import_check(const struct rss_resdir *d, char *err, size_t errlen);

/*
 * Copies every run of the store @src_path (opened read-only, checked as
 * rss_store_open checks, versions 1 to RSS_STORE_VERSION) that @s lacks by
 * identity, each run one transaction.  0 with the counts in *@added and
 * *@skipped, or -EINVAL/-ENOMEM/-EIO with one line in @err (the runs copied
 * before stay).
 */
int rss_store_merge(struct rss_store *s, const char *src_path, long *added, long *skipped,
		    char *err, size_t errlen);

/*
 * store_export.c: gate's baseline from the history.  The latest run of the
 * store made on the machine of the candidate @cand (same host, CPU model and
 * topology kind, on the host's kernel, not busy, started before @cand, not
 * @cand itself) is written back as a results directory (meta.json,
 * topology.xml, cells.csv from the stored values) under a new temporary
 * directory; its path in @dir (at least PATH_MAX bytes), to be read with
 * rss_resdir_load like any other (so it is checked again) and removed with
 * rss_store_export_remove.  A description of the run ("run N, started ...,
 * revision ...") in @what.  0; -ENOENT when no run qualifies; -EINVAL/
 * -ENOMEM/-EIO; each with one line in @err.
 */
int rss_store_baseline(const char *store_path, const struct rss_resdir *cand, char *dir,
		       char *what, size_t whatlen, char *err, size_t errlen);
/*
 * Writes run @id of @s back as the results directory @dir (made here; it
 * must not exist): meta.json and topology.xml as stored, cells.csv and
 * summary.csv (where the run had one) from the stored rows, to be read
 * with rss_resdir_load.  0; -ENOENT (no such run, or one imported before
 * schema 3, which kept no topology.xml); -EINVAL/-ENOMEM/-EIO; each with
 * one line in @err.
 */
int rss_store_write_run(struct rss_store *s, long long id, const char *dir, char *err,
			size_t errlen);
/* Removes what rss_store_baseline wrote at @dir (NULL or "" is fine). */
void rss_store_export_remove(const char *dir);

/* The number of runs and of cells rows in @s; -1 on error. */
long rss_store_count(struct rss_store *s, const char *what);

/* A run as the store has it (store_list.c); strings are the store's bytes. */
struct rss_store_run {
	long long id;
	const char *identity, *source, *host, *cpu_model, *kernel, *kernel_kind, *revision;
	const char *started, *scenario, *topology_kind;	/* scenario "" when none */
	long cpus_possible, online_cpus;	/* -1 unknown */
	int busy;		/* a load average above the online CPUs */
	long cells;		/* its cells rows */
	int quick;		/* meta.json "quick": true (a scenario's --quick form) */
};
/*
 * Calls @fn(run, @arg) for every run, oldest started first; a non-zero
 * return stops and is returned.  0, or -EINVAL with one line in @err.
 */
int rss_store_runs(struct rss_store *s, int (*fn)(const struct rss_store_run *, void *),
		   void *arg, char *err, size_t errlen);
/* The same for each distinct workload name of the cells, in byte order. */
int rss_store_workloads(struct rss_store *s, int (*fn)(const char *, void *), void *arg,
			char *err, size_t errlen);

/* Identity of a loaded directory: "id:<run id>" or "sha256:<64 hex>" (run_identity.c). */
#define RSS_IDENTITY_LEN	160
int rss_run_identity(const struct rss_resdir *d, const char *run_id, char out[RSS_IDENTITY_LEN]);

#endif /* RSS_STORE_H */
