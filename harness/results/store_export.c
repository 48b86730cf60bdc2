/*
 * store_export.c - a stored run written back as a results directory, for
 * `gate --baseline-db` (the history's latest clean run of the candidate's
 * machine becomes the baseline) and the dashboard's claims (the store's
 * scenario runs judged again, cli_site_claims.c); each is then read by the
 * one results reader like any received directory (the store's bytes are
 * checked again, not believed).  Files are made in a fresh directory,
 * never through a link.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"
#include "run_facts.h"
#include "store_impl.h"

/* The latest idle run of this machine before @started that is not @identity. */
static const char pick[] =
	"SELECT id, started, revision, kernel_release, meta, topology_xml FROM runs"
	" WHERE host = ?1 AND cpu_model = ?2 AND topology_kind = ?3 AND kernel_kind = 'host'"
	" AND identity <> ?4 AND started < ?5 AND topology_xml IS NOT NULL"
	" AND NOT (ifnull(online_cpus, 0) > 0 AND (ifnull(load_before, 0) > online_cpus"
	" OR ifnull(load_after, 0) > online_cpus))"
	" ORDER BY started DESC, id DESC LIMIT 1";

static int write_at(int dirfd, const char *name, const char *s, size_t len)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	ssize_t n = fd < 0 ? -1 : write(fd, s, len);
	int ret = n == (ssize_t)len ? 0 : -EIO;

	if (fd >= 0 && close(fd))
		ret = -EIO;
	return ret;
}

/*
 * cells.csv (@summary 0) or summary.csv (1) of run @id: the header from its
 * first row, the rows in file order; a run without summary rows gets none.
 */
static int write_cells(sqlite3 *db, sqlite3_int64 id, int dirfd, int summary)
{
	sqlite3_stmt *st;
	struct rss_buf line = { 0 }, all = { 0 };
	int rc, ret = 0, first = 1;

	if (sqlite3_prepare_v2(db, summary ?
			       "SELECT cols FROM rows WHERE run = ?1 AND file = 'summary' ORDER BY line" :
			       "SELECT cols FROM cells WHERE run = ?1 ORDER BY line", -1, &st,
			       NULL) != SQLITE_OK)
		return -EINVAL;
	sqlite3_bind_int64(st, 1, id);
	while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *json = (const char *)sqlite3_column_text(st, 0);

		for (int pass = first ? 1 : 0; pass >= 0 && !ret; pass--) {
			char *p;

			ret = rss_json_csv_row(json ? json : "", pass, &line);
			if (ret)
				break;
			p = realloc(all.s, all.len + line.len + 1);
			if (!p) {
				ret = -ENOMEM;
				break;
			}
			all.s = p;
			memcpy(all.s + all.len, line.s, line.len + 1);
			all.len += line.len;
		}
		first = 0;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = -EINVAL;
	if (!ret && (!summary || all.s))
		ret = write_at(dirfd, summary ? "summary.csv" : "cells.csv", all.s ? all.s : "",
			       all.len);
	sqlite3_finalize(st);
	free(line.s);
	free(all.s);
	return ret;
}

void rss_store_export_remove(const char *dir)
{
	static const char *const files[] = { "meta.json", "topology.xml", "cells.csv", "summary.csv" };
	char path[PATH_MAX + 32];

	if (!dir || !*dir)
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	/* The run's directory sits in its own temporary one. */
	snprintf(path, sizeof(path), "%s", dir);
	if (strrchr(path, '/')) {
		*strrchr(path, '/') = '\0';
		rmdir(path);
	}
}

/* Picks and writes the run; 0, -ENOENT (none), or an error with @err set. */
static int export(struct rss_store *s, const struct rss_resdir *cand, char *dir, char *what,
		  size_t whatlen, char *err, size_t errlen)
{
	struct rss_run_facts f;
	char identity[RSS_IDENTITY_LEN], top[PATH_MAX];
	const char *tmpdir = getenv("TMPDIR");
	sqlite3_stmt *st = NULL;
	sqlite3_int64 id;
	int ret, dirfd = -1;

	ret = rss_run_facts(cand, &f);
	if (!ret)
		ret = rss_run_identity(cand, f.run_id, identity);
	if (!ret && sqlite3_prepare_v2(s->db, pick, -1, &st, NULL) != SQLITE_OK)
		ret = rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	if (ret)
		goto out;
	sqlite3_bind_text(st, 1, f.host, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f.cpu_model, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f.topology_kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, identity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, f.started, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		ret = -ENOENT;
		goto out;
	}
	id = sqlite3_column_int64(st, 0);
	{
		char e[3][96];

		snprintf(what, whatlen, "run %lld of %s (started %s, revision %s, kernel %s)",
			 (long long)id, s->name,
			 rss_escape_str(e[0], 96, (const char *)sqlite3_column_text(st, 1)),
			 rss_escape_str(e[1], 96, (const char *)sqlite3_column_text(st, 2)),
			 rss_escape_str(e[2], 96, (const char *)sqlite3_column_text(st, 3)));
	}
	snprintf(top, sizeof(top), "%s/rssbench-baseline-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(top) || snprintf(dir, PATH_MAX, "%s/run-%lld", top, (long long)id) >= PATH_MAX ||
	    mkdir(dir, 0755) || (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0) {
		snprintf(err, errlen, "cannot make a temporary directory for the baseline: %s",
			 strerror(errno));
		ret = -EIO;
		goto out;
	}
	ret = write_at(dirfd, "meta.json", (const char *)sqlite3_column_text(st, 4),
		       (size_t)sqlite3_column_bytes(st, 4));
	if (!ret)
		ret = write_at(dirfd, "topology.xml", (const char *)sqlite3_column_text(st, 5),
			       (size_t)sqlite3_column_bytes(st, 5));
	if (!ret)
		ret = write_cells(s->db, id, dirfd, 0);
	if (ret)
		snprintf(err, errlen, "%s: cannot write run %lld back as a directory (%s)", s->name,
			 (long long)id, ret == -ENOMEM ? "out of memory" :
			 ret == -EINVAL ? "a stored row is not an object of strings" : "I/O error");
out:
	if (dirfd >= 0)
		close(dirfd);
	if (ret && ret != -ENOENT && *dir)
		rss_store_export_remove(dir);
	sqlite3_finalize(st);
	rss_run_facts_free(&f);
	return ret;
}

int rss_store_baseline(const char *store_path, const struct rss_resdir *cand, char *dir,
		       char *what, size_t whatlen, char *err, size_t errlen)
{
	struct rss_store *s;
	int ret;

	*dir = '\0';
	ret = rss_store_open(&s, store_path, RSS_STORE_READONLY, err, errlen);
	if (ret)
		return ret;
	/* Before schema 3 no run kept its topology.xml: none can be a baseline. */
	ret = rss_store_version(s) >= 3 ? export(s, cand, dir, what, whatlen, err, errlen) :
	      -ENOENT;
	if (ret == -ENOENT)
		snprintf(err, errlen, "%s: no earlier idle run of this machine (same host, CPU model and topology kind, with its topology.xml) to gate against; import one, or give --baseline DIR",
			 s->name);
	rss_store_close(s);
	return ret;
}

int rss_store_write_run(struct rss_store *s, long long id, const char *dir, char *err,
			size_t errlen)
{
	static const char q[] = "SELECT meta, topology_xml FROM runs WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int ret = 0, dirfd = -1;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(s->db, s->name, "cannot query", err, errlen);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 1) == SQLITE_NULL) {
		snprintf(err, errlen, "%s: run %lld %s", s->name, id,
			 sqlite3_column_type(st, 0) == SQLITE_NULL ? "is not in the store" :
			 "was imported before schema 3 and kept no topology.xml");
		sqlite3_finalize(st);
		return -ENOENT;
	}
	if (mkdir(dir, 0755) || (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot make a directory for run %lld: %s", id, strerror(errno));
		sqlite3_finalize(st);
		return -EIO;
	}
	ret = write_at(dirfd, "meta.json", (const char *)sqlite3_column_text(st, 0),
		       (size_t)sqlite3_column_bytes(st, 0));
	if (!ret)
		ret = write_at(dirfd, "topology.xml", (const char *)sqlite3_column_text(st, 1),
			       (size_t)sqlite3_column_bytes(st, 1));
	for (int summary = 0; summary < 2 && !ret; summary++)
		ret = write_cells(s->db, id, dirfd, summary);
	if (ret)
		snprintf(err, errlen, "%s: cannot write run %lld back as a directory (%s)", s->name,
			 id, ret == -ENOMEM ? "out of memory" :
			 ret == -EINVAL ? "a stored row is not an object of strings" : "I/O error");
	close(dirfd);
	sqlite3_finalize(st);
	return ret;
}
