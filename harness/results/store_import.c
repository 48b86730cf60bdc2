/*
 * store_import.c - one results directory into the store, in one
 * transaction: what the reader validated goes in through bound
 * parameters, and either all of it is committed or none (SQLite's journal:
 * a kill -9 in the middle leaves the last commit).  Values without a number
 * are NULL, never 0.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "infile.h"
#include "run_facts.h"
#include "store_impl.h"

static const char ins_run[] =
	"INSERT INTO runs (identity, source, host, cpu_model, kernel_sysname, kernel_release,"
	" kernel_version, kernel_machine, kernel_kind, revision, started, finished, format,"
	" scenario, topology_kind, packages, numa_nodes, cores, pus, cpus_possible,"
	" online_cpus, load_before, load_after, meta, imported, topology_xml)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)";

/* cells' metric columns, in the statement's order after the key. */
static const char *const cell_metrics[] = {
	"cycles_per_op", "ns_per_op", "ops_per_sec", "err_max", "err_p99", "settled_err",
	"precise_err", "bytes_per_mm", "pcpu_bytes_per_mm",
};
#define NR_METRICS	(sizeof(cell_metrics) / sizeof(cell_metrics[0]))

static const char ins_cell[] =
	"INSERT INTO cells (run, workload, scheme, threads, placement, migration, rep, line,"
	" topology_kind, cycles_per_op, ns_per_op, ops_per_sec, err_max, err_p99, settled_err,"
	" precise_err, bytes_per_mm, pcpu_bytes_per_mm, verify, cols, kernel)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20, ?21)";

static const char ins_row[] =
	"INSERT INTO rows (run, file, line, workload, scheme, threads, placement, migration,"
	" rep, cols) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/* The other files kept, and the columns each must have. */
static const char *const summary_keys[] = {
	"workload", "scheme", "threads", "placement", "migration", NULL,
};
static const char *const footprint_keys[] = { "scheme", "cpus", NULL };
static const char *const model_keys[] = {
	"workload", "scheme", "threads", "placement", "migration", "rep", NULL,
};
static const struct {
	const char *csv, *file;
	const char *const *keys;
} others[] = {
	{ "summary.csv", "summary", summary_keys },
	{ "footprint.csv", "footprint", footprint_keys },
	{ "model.csv", "model", model_keys },
};

struct import {
	struct rss_store *s;
	const struct rss_resdir *d;
	sqlite3_stmt *st;
	sqlite3_int64 run;
	long rows;
	void (*hook)(void *arg, long rows);
	void *arg;
	struct rss_buf json;		/* the row being written */
	char *err;
	size_t errlen;
};

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_long(sqlite3_stmt *st, int i, long v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void bind_num(sqlite3_stmt *st, int i, const struct rss_resdir *t, int row, int col)
{
	double v;

	if (!rss_resdir_num(t, row, col, &v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

/* Steps the prepared @st once (an INSERT); 0 or the error. */
static int step(struct import *im, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_DONE) {
		if (im->hook)
			im->hook(im->arg, ++im->rows);
		return 0;
	}
	return rss_store_fail(im->s->db, im->s->name, what, im->err, im->errlen);
}

/* The directory's last name component, for the runs' "source". */
static const char *base_of(const char *path)
{
	static char buf[RSS_RESDIR_NAMELEN];
	size_t n = strlen(path);
	const char *b;

	while (n > 1 && path[n - 1] == '/')
		n--;
	b = path + n;
	while (b > path && b[-1] != '/')
		b--;
	snprintf(buf, sizeof(buf), "%.*s", (int)(path + n - b), b);
	return buf;
}

static int insert_run(struct import *im, const char *identity, const struct rss_run_facts *f)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	sqlite3_stmt *st;
	int ret;

	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	if (sqlite3_prepare_v2(im->s->db, ins_run, -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(im->s->db, im->s->name, "cannot prepare", im->err,
				      im->errlen);
	bind_text(st, 1, identity);
	bind_text(st, 2, base_of(im->d->path));
	bind_text(st, 3, f->host);
	bind_text(st, 4, f->cpu_model);
	bind_text(st, 5, f->sysname);
	bind_text(st, 6, f->release);
	bind_text(st, 7, f->version);
	bind_text(st, 8, f->machine);
	bind_text(st, 9, f->kernel_kind);
	bind_text(st, 10, f->revision);
	bind_text(st, 11, f->started);
	bind_text(st, 12, f->finished);
	sqlite3_bind_int(st, 13, im->d->format);
	bind_text(st, 14, f->scenario);
	bind_text(st, 15, f->topology_kind);
	bind_long(st, 16, f->packages);
	bind_long(st, 17, f->numa_nodes);
	bind_long(st, 18, f->cores);
	bind_long(st, 19, f->pus);
	bind_long(st, 20, f->cpus_possible);
	bind_long(st, 21, f->online_cpus);
	if (!isnan(f->load_before))
		sqlite3_bind_double(st, 22, f->load_before);
	if (!isnan(f->load_after))
		sqlite3_bind_double(st, 23, f->load_after);
	bind_text(st, 24, f->meta);
	bind_text(st, 25, now);
	/*
	 * topology.xml as the file holds it now; the reader checked it a moment
	 * ago, and checks it again whenever the run is exported (gate's baseline).
	 */
	{
		char path[PATH_MAX + 16], *xml = NULL, e[256];
		size_t len;

		snprintf(path, sizeof(path), "%s/topology.xml", im->d->path);
		if (!rss_infile_read(path, &xml, &len, e, sizeof(e)) && strlen(xml) == len)
			sqlite3_bind_text(st, 26, xml, (int)len, free);
		else
			free(xml);
	}
	ret = step(im, st, "cannot add the run");
	sqlite3_finalize(st);
	im->run = sqlite3_last_insert_rowid(im->s->db);
	return ret;
}

static int insert_cells(struct import *im)
{
	const struct rss_resdir *d = im->d;
	static const char *const keys[] = {
		"workload", "scheme", "threads", "placement", "migration", "rep",
	};
	int col[6], metric[NR_METRICS], kind = rss_resdir_col(d, "topology_kind");
	int verify = rss_resdir_col(d, "verify"), ret = 0, kernel = rss_resdir_col(d, "kernel");
	sqlite3_stmt *st;

	for (int k = 0; k < 6; k++)
		col[k] = rss_resdir_col(d, keys[k]);
	for (size_t m = 0; m < NR_METRICS; m++)
		metric[m] = rss_resdir_col(d, cell_metrics[m]);
	if (sqlite3_prepare_v2(im->s->db, ins_cell, -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(im->s->db, im->s->name, "cannot prepare", im->err,
				      im->errlen);
	for (int r = 0; r < d->nr_rows && !ret; r++) {
		if (rss_row_json(d, r, &im->json)) {
			ret = -ENOMEM;
			break;
		}
		sqlite3_bind_int64(st, 1, im->run);
		bind_text(st, 2, rss_resdir_val(d, r, col[0]));
		bind_text(st, 3, rss_resdir_val(d, r, col[1]));
		sqlite3_bind_int(st, 4, d->threads[r]);
		bind_text(st, 5, rss_resdir_val(d, r, col[3]));
		bind_text(st, 6, rss_resdir_val(d, r, col[4]));
		sqlite3_bind_int(st, 7, d->rep[r]);
		sqlite3_bind_int(st, 8, d->line[r]);
		bind_text(st, 9, kind >= 0 ? rss_resdir_val(d, r, kind) : NULL);
		for (size_t m = 0; m < NR_METRICS; m++)
			bind_num(st, 10 + (int)m, d, r, metric[m]);
		bind_text(st, 19, verify >= 0 ? rss_resdir_val(d, r, verify) : "unverified");
		sqlite3_bind_text(st, 20, im->json.s, (int)im->json.len, SQLITE_STATIC);
		bind_text(st, 21, rss_resdir_val(d, r, kernel));
		ret = step(im, st, "cannot add a cell");
	}
	sqlite3_finalize(st);
	return ret;
}

/* summary.csv, footprint.csv and model.csv, where the run wrote them. */
static int insert_others(struct import *im)
{
	static const char *const keys[] = {
		"workload", "scheme", "threads", "placement", "migration", "rep",
	};
	sqlite3_stmt *st;
	int ret = 0;

	if (sqlite3_prepare_v2(im->s->db, ins_row, -1, &st, NULL) != SQLITE_OK)
		return rss_store_fail(im->s->db, im->s->name, "cannot prepare", im->err,
				      im->errlen);
	for (size_t f = 0; f < sizeof(others) / sizeof(others[0]) && !ret; f++) {
		struct rss_resdir *t;
		int col[6];

		ret = rss_resdir_load_table(&t, im->d, others[f].csv, others[f].keys, im->err,
					  im->errlen);
		if (ret == -ENOENT) {
			ret = 0;
			continue;
		}
		if (ret)
			break;
		for (int k = 0; k < 6; k++)
			col[k] = rss_resdir_col(t, keys[k]);
		for (int r = 0; r < t->nr_rows && !ret; r++) {
			if (rss_row_json(t, r, &im->json)) {
				ret = -ENOMEM;
				break;
			}
			sqlite3_bind_int64(st, 1, im->run);
			bind_text(st, 2, others[f].file);
			sqlite3_bind_int(st, 3, t->line[r]);
			for (int k = 0; k < 5; k++)
				if (col[k] >= 0)
					bind_text(st, 4 + k, rss_resdir_val(t, r, col[k]));
			if (col[2] >= 0)
				sqlite3_bind_int(st, 6, t->threads[r]);
			if (col[5] >= 0)
				sqlite3_bind_int(st, 9, t->rep[r]);
			sqlite3_bind_text(st, 10, im->json.s, (int)im->json.len, SQLITE_STATIC);
			ret = step(im, st, "cannot add a row");
		}
		rss_resdir_free(t);
	}
	sqlite3_finalize(st);
	return ret;
}

int rss_store_import_check(const struct rss_resdir *d, char *err, size_t errlen)
{
	for (size_t f = 0; f < sizeof(others) / sizeof(others[0]); f++) {
		struct rss_resdir *t;
		int ret = rss_resdir_load_table(&t, d, others[f].csv, others[f].keys, err, errlen);

		if (ret == -ENOENT)
			continue;
		if (ret)
			return ret;
		rss_resdir_free(t);
	}
	return 0;
}

/* 1 when a run of @identity is in the store, 0 when not, <0 on error. */
static int have_run(struct import *im, const char *identity)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(im->s->db, "SELECT 1 FROM runs WHERE identity = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return rss_store_fail(im->s->db, im->s->name, "cannot prepare", im->err,
				      im->errlen);
	sqlite3_bind_text(st, 1, identity, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return rss_store_fail(im->s->db, im->s->name, "cannot read the store", im->err,
			      im->errlen);
}

int rss_store_import(struct rss_store *s, const struct rss_resdir *d,
		     void (*hook)(void *arg, long rows), void *arg, char *err, size_t errlen)
{
	struct import im = {
		.s = s, .d = d, .hook = hook, .arg = arg, .err = err, .errlen = errlen,
	};
	char identity[RSS_IDENTITY_LEN];
	struct rss_run_facts f;
	int ret;

	if (s->readonly) {
		snprintf(err, errlen, "%s: opened read-only", s->name);
		return -EINVAL;
	}
	ret = rss_run_facts(d, &f);
	if (!ret)
		ret = rss_run_identity(d, f.run_id, identity);
	if (ret) {
		rss_run_facts_free(&f);
		snprintf(err, errlen, "%s: out of memory", s->name);
		return ret;
	}
	ret = rss_store_exec(s->db, s->name, "BEGIN IMMEDIATE", err, errlen);
	if (!ret)
		ret = have_run(&im, identity);
	if (ret == 1) {
		rss_run_facts_free(&f);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return RSS_STORE_SKIPPED;
	}
	if (!ret)
		ret = insert_run(&im, identity, &f);
	rss_run_facts_free(&f);
	if (!ret)
		ret = insert_cells(&im);
	if (!ret)
		ret = insert_others(&im);
	if (!ret)
		ret = rss_store_exec(s->db, s->name, "COMMIT", err, errlen);
	free(im.json.s);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(err, errlen, "%s: out of memory", s->name);
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	return RSS_STORE_IMPORTED;
}
