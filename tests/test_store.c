/*
 * test_store.c - the results store (doc/store.md): step detection on
 * known series; a fresh store and the migration from schema 1 with its
 * data kept; a newer schema, a crafted schema, a foreign database and a
 * file that is not SQLite refused; an import killed in the middle (a kill
 * at a known row, from the import's own hook) leaves the committed runs and
 * nothing of the killed one; two importers at once; merge without
 * duplicates and a crafted source refused; the trend of two runs.  The
 * results directories are real tiny runs of the rssbench binary.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "site.h"
#include "store.h"
#include "store_trend.h"
#include "tap.h"

extern char **environ;

static char tmp[64];
static char runs[3][256];	/* three results directories */

static void cleanup(void)
{
	char cmd[128];

	if (*tmp && snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp) < (int)sizeof(cmd))
		(void)!system(cmd);
}

/* A tiny run (one cell, 20 events, 2 reps) into @out; the directory's path. */
static void make_run(int i)
{
	const char *bin = getenv("RSSBENCH") ? getenv("RSSBENCH") : "./rssbench";
	char out[96], line[256] = "", file[128];
	char *argv[] = { (char *)bin, "run", "-q", "-r", "2", "-e", "20", "--events", "none",
			 "-s", "atomic", "-w", "fault", "-t", "1", "-o", out, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;
	FILE *f;

	snprintf(out, sizeof(out), "%s/r%d", tmp, i);
	snprintf(file, sizeof(file), "%s/out%d", tmp, i);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (posix_spawn(&pid, bin, &fa, NULL, argv, environ) || waitpid(pid, &st, 0) != pid ||
	    !WIFEXITED(st) || WEXITSTATUS(st))
		bail_out("cannot run %s run (a tiny run)", bin);
	posix_spawn_file_actions_destroy(&fa);
	f = fopen(file, "r");
	if (!f || !fgets(line, sizeof(line), f) || strncmp(line, "results: ", 9))
		bail_out("no results line from %s", bin);
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	snprintf(runs[i], sizeof(runs[i]), "%s", line + 9);
}

static struct rss_resdir *load(int i)
{
	struct rss_resdir *d;
	char err[512];

	if (rss_resdir_load(&d, runs[i], 0, err, sizeof(err)))
		bail_out("the reader refuses a fresh run: %s", err);
	return d;
}

static int import(const char *db, int i)
{
	struct rss_store *s;
	struct rss_resdir *d = load(i);
	char err[512];
	int ret = rss_store_open(&s, db, 0, err, sizeof(err));

	if (!ret)
		ret = rss_store_import(s, d, NULL, NULL, err, sizeof(err));
	if (ret < 0)
		diag("%s", err);
	rss_store_close(s);
	rss_resdir_free(d);
	return ret;
}

static long count(const char *db, const char *what)
{
	struct rss_store *s;
	char err[512];
	long n;

	if (rss_store_open(&s, db, RSS_STORE_READONLY, err, sizeof(err))) {
		diag("%s", err);
		return -1;
	}
	n = rss_store_count(s, what);
	rss_store_close(s);
	return n;
}

/* Runs @sql on the file @db with SQLite alone (a crafted store). */
static void raw(const char *db, const char *sql)
{
	sqlite3 *h;

	if (sqlite3_open(db, &h) || sqlite3_exec(h, sql, NULL, NULL, NULL))
		bail_out("cannot craft %s: %s", db, sqlite3_errmsg(h));
	sqlite3_close(h);
}

static int opens(const char *db, int flags)
{
	struct rss_store *s;
	char err[512] = "";
	int ret = rss_store_open(&s, db, flags, err, sizeof(err));

	if (ret)
		diag("refused: %s", err);
	rss_store_close(s);
	return ret;
}

static void test_steps(void)
{
	double flat[12] = { 100, 102, 99, 101, 100, 98, 101, 100, 102, 99, 100, 101 };
	double step[12] = { 100, 102, 99, 101, 100, 98, 101, 100, 102, 120, 121, 119 };
	double outlier_mid[12] = { 100, 102, 99, 101, 130, 98, 101, 100, 102, 99, 100, 101 };
	double outlier_end[12] = { 100, 102, 99, 101, 100, 98, 101, 100, 102, 99, 100, 125 };
	double better[12] = { 100, 102, 99, 101, 100, 98, 101, 100, 102, 80, 81, 79 };
	struct rss_trend_verdict v;

	rss_step_judge(flat, 12, 1, 0.05, &v);
	ok(v.state == RSS_TREND_OK && v.segments == 1, "a flat noisy series is one level, ok (%d levels)",
	   v.segments);
	rss_step_judge(step, 12, 1, 0.05, &v);
	ok(v.state == RSS_TREND_REGRESSION && v.at == 9 && fabs(v.after - 120) < 1e-9 &&
	   v.before < 101, "a lasting +20 %% step at point 9 is a regression (at %d, %g -> %g)",
	   v.at, v.before, v.after);
	rss_step_judge(step, 12, 0, 0.05, &v);
	ok(v.state == RSS_TREND_IMPROVED, "the same step of ops per second is an improvement");
	rss_step_judge(outlier_mid, 12, 1, 0.05, &v);
	ok(v.state == RSS_TREND_OK, "one outlier in the middle is no step");
	rss_step_judge(outlier_end, 12, 1, 0.05, &v);
	ok(v.state == RSS_TREND_SUSPECT || v.state == RSS_TREND_OK,
	   "one high last run is at most suspect, never a regression (%s)",
	   rss_trend_state_name(v.state));
	rss_step_judge(better, 12, 1, 0.05, &v);
	ok(v.state == RSS_TREND_IMPROVED, "a lasting -20 %% step of cycles is an improvement");
	rss_step_judge(step, 2, 1, 0.05, &v);
	ok(v.state == RSS_TREND_TOO_FEW, "two points are too few to judge");
}

static void test_schema(void)
{
	char db[96], craft[96];
	struct rss_store *s;
	char err[512];
	FILE *f;

	snprintf(db, sizeof(db), "%s/v1.db", tmp);
	ok(!rss_store_open_upto(&s, db, 0, 1, err, sizeof(err)) && rss_store_version(s) == 1,
	   "a store made at schema 1");
	rss_store_close(s);
	ok(import(db, 0) == RSS_STORE_IMPORTED && count(db, "runs") == 1,
	   "import into it migrates it and keeps the run");
	ok(!rss_store_open(&s, db, RSS_STORE_READONLY, err, sizeof(err)) &&
	   rss_store_version(s) == RSS_STORE_VERSION, "it is at schema %d now", RSS_STORE_VERSION);
	rss_store_close(s);

	snprintf(craft, sizeof(craft), "%s/newer.db", tmp);
	ok(import(craft, 0) == RSS_STORE_IMPORTED, "a fresh store takes a run");
	raw(craft, "PRAGMA user_version = 99");
	ok(opens(craft, 0) == -EINVAL && opens(craft, RSS_STORE_READONLY) == -EINVAL,
	   "a store of a newer schema is refused, read-write and read-only");

	snprintf(craft, sizeof(craft), "%s/view.db", tmp);
	import(craft, 0);
	raw(craft, "CREATE VIEW v AS SELECT * FROM runs");
	ok(opens(craft, RSS_STORE_READONLY) == -EINVAL, "a store with a view added is refused");
	snprintf(craft, sizeof(craft), "%s/trigger.db", tmp);
	import(craft, 0);
	raw(craft, "CREATE TRIGGER t AFTER INSERT ON cells BEGIN DELETE FROM runs; END");
	ok(opens(craft, 0) == -EINVAL, "a store with a trigger added is refused");
	snprintf(craft, sizeof(craft), "%s/column.db", tmp);
	import(craft, 0);
	raw(craft, "ALTER TABLE runs ADD COLUMN x TEXT");
	ok(opens(craft, 0) == -EINVAL, "a store with a column added is refused");
	snprintf(craft, sizeof(craft), "%s/foreign.db", tmp);
	raw(craft, "CREATE TABLE runs (id INTEGER)");
	ok(opens(craft, 0) == -EINVAL, "an SQLite database of another program is refused");
	snprintf(craft, sizeof(craft), "%s/text.db", tmp);
	f = fopen(craft, "w");
	if (!f || fputs("not a database, but long enough to have a header of a hundred bytes or so, "
			"which SQLite reads first\n", f) < 0 || fclose(f))
		bail_out("cannot write %s", craft);
	ok(opens(craft, 0) == -EINVAL, "a file that is not SQLite is refused");
	snprintf(craft, sizeof(craft), "%s/none.db", tmp);
	ok(opens(craft, RSS_STORE_READONLY) == -EINVAL && access(craft, F_OK),
	   "a missing store is refused read-only, and not created");
}

/* The import's hook: the killed importer dies at row 5 of its second run. */
static void kill_at(void *arg, long rows)
{
	if (rows == *(long *)arg)
		raise(SIGKILL);
}

static void test_kill(void)
{
	char db[96], err[512];
	struct rss_resdir *a = load(0), *b = load(1);
	long at = 5, cells_a = a->nr_rows;
	pid_t pid;
	int st;

	snprintf(db, sizeof(db), "%s/kill.db", tmp);
	pid = fork();
	if (!pid) {
		struct rss_store *s;

		if (rss_store_open(&s, db, 0, err, sizeof(err)) ||
		    rss_store_import(s, a, NULL, NULL, err, sizeof(err)))
			_exit(3);
		rss_store_import(s, b, kill_at, &at, err, sizeof(err));
		_exit(4);	/* the hook kills before */
	}
	ok(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "the importer was killed at row %ld of its second run", at);
	ok(count(db, "runs") == 1 && count(db, "cells") == cells_a,
	   "the store has the first run whole (%ld cells rows) and nothing of the killed one",
	   count(db, "cells"));
	ok(import(db, 1) == RSS_STORE_IMPORTED && count(db, "runs") == 2 &&
	   count(db, "cells") == cells_a + b->nr_rows,
	   "importing the killed run again takes all of it");
	rss_resdir_free(a);
	rss_resdir_free(b);
}

static void test_concurrent(void)
{
	char db[96];
	pid_t pid[2];
	int good = 1, st;

	snprintf(db, sizeof(db), "%s/two.db", tmp);
	for (int p = 0; p < 2; p++) {
		pid[p] = fork();
		if (!pid[p]) {
			int bad = 0;

			/* The two importers take the runs in opposite orders. */
			for (int i = 0; i < 3; i++)
				bad |= import(db, p ? 2 - i : i) < 0;
			_exit(bad);
		}
	}
	for (int p = 0; p < 2; p++)
		good &= waitpid(pid[p], &st, 0) == pid[p] && WIFEXITED(st) && !WEXITSTATUS(st);
	ok(good, "two importers at once into a new store both succeed");
	ok(count(db, "runs") == 3, "each run is there once (%ld runs)", count(db, "runs"));
}

static void test_merge(void)
{
	char x[96], y[96], craft[96], err[512];
	struct rss_store *s;
	long added = -1, skipped = -1;
	int ret;

	snprintf(x, sizeof(x), "%s/x.db", tmp);
	snprintf(y, sizeof(y), "%s/y.db", tmp);
	import(x, 0);
	import(y, 0);
	import(y, 1);
	if (rss_store_open(&s, x, 0, err, sizeof(err)))
		bail_out("%s", err);
	ret = rss_store_merge(s, y, &added, &skipped, err, sizeof(err));
	ok(!ret && added == 1 && skipped == 1,
	   "merge adds the run the store lacks, skips the one it has (%ld, %ld)", added, skipped);
	ret = rss_store_merge(s, y, &added, &skipped, err, sizeof(err));
	ok(!ret && !added && skipped == 2, "merging again adds nothing (%ld, %ld)", added,
	   skipped);
	ok(rss_store_count(s, "cells") == count(y, "cells"), "the cells came along");
	snprintf(craft, sizeof(craft), "%s/craft-src.db", tmp);
	import(craft, 2);
	raw(craft, "CREATE VIEW w AS SELECT 1");
	ok(rss_store_merge(s, craft, &added, &skipped, err, sizeof(err)) == -EINVAL && !added,
	   "a crafted source store is refused, nothing added");
	rss_store_close(s);
}

static int count_series(const struct rss_trend_series *s, void *arg)
{
	int *n = arg;

	n[0]++;
	n[1] += s->nr;
	return 0;
}

static void test_trend(void)
{
	struct rss_trend_query q = { .metric = rss_trend_metric("cycles"), .threshold = 0.05 };
	char db[96], err[512];
	struct rss_store *s;
	int n[2] = { 0, 0 }, ret;

	snprintf(db, sizeof(db), "%s/y.db", tmp);
	if (rss_store_open(&s, db, RSS_STORE_READONLY, err, sizeof(err)))
		bail_out("%s", err);
	ret = rss_store_trend(s, &q, count_series, n, err, sizeof(err));
	ok(!ret && n[0] == 1 && n[1] == 2, "two runs of one cell: one series of two points (%d, %d)",
	   n[0], n[1]);
	q.workload = "mmap";
	n[0] = n[1] = 0;
	ok(!rss_store_trend(s, &q, count_series, n, err, sizeof(err)) && !n[0],
	   "a filter that matches nothing gives no series");
	rss_store_close(s);
}

/* gate's baseline from the history: written back, read again by the reader. */
static void test_baseline(void)
{
	char db[96], dir[PATH_MAX], what[512], err[512];
	struct rss_resdir *cand = load(2), *back;
	int ret;

	snprintf(db, sizeof(db), "%s/base.db", tmp);
	import(db, 0);
	import(db, 1);
	/* Idle and a day apart, whatever this machine did while they ran. */
	raw(db, "UPDATE runs SET load_before = 0.1, load_after = 0.1,"
		" started = '2026-01-0' || id || 'T00:00:00Z'");
	ret = rss_store_baseline(db, cand, dir, what, sizeof(what), err, sizeof(err));
	ok(!ret && strstr(what, "run 2 "), "the baseline is the latest earlier run (%s)",
	   ret ? err : what);
	ok(!ret && !rss_resdir_load(&back, dir, 0, err, sizeof(err)) &&
	   back->nr_rows == cand->nr_rows && back->nr_cols == cand->nr_cols,
	   "written back, it reads as the directory it was");
	if (!ret)
		rss_resdir_free(back);
	rss_store_export_remove(dir);
	ok(!ret && access(dir, F_OK), "and is removed after");
	raw(db, "UPDATE runs SET topology_xml = '<topology><object type=\"Machine\"/></topology>'");
	ret = rss_store_baseline(db, cand, dir, what, sizeof(what), err, sizeof(err));
	ok(!ret && rss_resdir_load(&back, dir, 0, err, sizeof(err)) == -EINVAL,
	   "a stored topology.xml tampered with is refused by the reader");
	rss_store_export_remove(dir);
	raw(db, "UPDATE runs SET host = 'elsewhere'");
	ok(rss_store_baseline(db, cand, dir, what, sizeof(what), err, sizeof(err)) == -ENOENT,
	   "no run of this machine: no baseline");
	rss_resdir_free(cand);
}

/* A crafted store's names (the reader would refuse them in a directory) in the site. */
static void test_site(void)
{
	char db[96], out[128], file[160], err[512], buf[65536];
	struct rss_store *s;
	size_t n = 0;
	FILE *f;
	int ret;

	snprintf(db, sizeof(db), "%s/site.db", tmp);
	snprintf(out, sizeof(out), "%s/site", tmp);
	import(db, 0);
	raw(db, "UPDATE cells SET workload = '../../pwn<b>', scheme = '`x`$(id)'");
	if (rss_store_open(&s, db, RSS_STORE_READONLY, err, sizeof(err)))
		bail_out("%s", err);
	ret = rss_site_write(s, out, NULL, err, sizeof(err));
	rss_store_close(s);
	ok(!ret, "a site of a crafted store's names is written (%s)", ret ? err : "ok");
	snprintf(file, sizeof(file), "%s/w1.html", out);
	ok(!access(file, F_OK), "the unknown workload's page is named by number");
	f = fopen(file, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	ok(n && !strstr(buf, "pwn<b>") && strstr(buf, "pwn&#60;b&#62;"),
	   "the names are text in the page, not markup");
	snprintf(file, sizeof(file), "%s/plots/site.gp", out);
	n = 0;
	f = fopen(file, "r");
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	ok(!strstr(buf, "pwn") && !strstr(buf, "$(id)") && !strchr(buf, '`'),
	   "gnuplot's script holds none of them (an unknown scheme is \"other\")");
}

int main(void)
{
	plan_tests(38);
	snprintf(tmp, sizeof(tmp), "tests/tmp-store-%d", (int)getpid());
	mkdir("tests", 0777);
	if (mkdir(tmp, 0777))
		bail_out("cannot make %s", tmp);
	atexit(cleanup);
	test_steps();
	for (int i = 0; i < 3; i++)
		make_run(i);
	test_schema();
	test_kill();
	test_concurrent();
	test_merge();
	test_trend();
	test_baseline();
	test_site();
	return exit_status();
}
