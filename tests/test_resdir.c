/*
 * test_resdir.c - the results reader: columns found by name in any order,
 * unknown columns ignored, "unavailable" values, topology levels, the
 * format version check and a truncated row; then one comparison.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "resdir.h"
#include "tap.h"
#include "topo.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		bail_out("cannot write %s", path);
}

/* The directories made so far, removed at exit (bail_out included). */
static char made[2][64];
static int nr_made;

static void remove_dirs(void)
{
	static const char *const files[] = { "topology.xml", "meta.json", "cells.csv" };
	char path[128];

	for (int i = 0; i < nr_made; i++) {
		for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
			if (snprintf(path, sizeof(path), "%s/%s", made[i], files[f]) <
			    (int)sizeof(path))
				unlink(path);
		}
		rmdir(made[i]);
	}
}

static void make_dir(const char *name, const char *cells)
{
	struct rss_topo *t;
	char err[256], path[128];

	snprintf(dir, sizeof(dir), "tests/tmp-resdir-%d-%s", (int)getpid(), name);
	mkdir("tests", 0777);
	if (mkdir(dir, 0777) && errno != EEXIST)
		bail_out("cannot make %s", dir);
	if (nr_made < 2)
		snprintf(made[nr_made++], sizeof(made[0]), "%s", dir);
	snprintf(path, sizeof(path), "%s/topology.xml", dir);
	if (rss_topo_open(&t, "pack:2 l3:1 core:2 pu:2", err, sizeof(err)) ||
	    rss_topo_export_xml(t, path))
		bail_out("cannot write %s", path);
	rss_topo_close(t);
	put("meta.json", "{\"format_version\": 1, \"host\": \"h\", \"cpu_model\": \"m\", \"new_key\": [1, 2]}\n");
	put("cells.csv", cells);
}

/* Columns out of the usual order, an unknown one, PAPI unavailable. */
static const char cells_a[] =
	"rep,new_col,scheme,threads,workload,migration,placement,cycles_per_op,ev:X\n"
	"1,abc,atomic,2,fault,none,compact,100,unavailable (no PMU)\n"
	"2,abc,atomic,2,fault,none,compact,101,unavailable (no PMU)\n"
	"3,abc,atomic,2,fault,none,compact,99,unavailable (no PMU)\n"
	"4,abc,atomic,2,fault,none,compact,102,unavailable (no PMU)\n"
	"5,abc,atomic,2,fault,none,compact,98,unavailable (no PMU)\n";
static const char cells_b[] =
	"workload,scheme,threads,placement,migration,rep,cycles_per_op\n"
	"fault,atomic,2,compact,none,1,130\n"
	"fault,atomic,2,compact,none,2,131\n"
	"fault,atomic,2,compact,none,3,129\n"
	"fault,atomic,2,compact,none,4,132\n"
	"fault,atomic,2,compact,none,5,128\n";

int main(void)
{
	struct rss_resdir *a = NULL, *b = NULL, *bad;
	struct rss_cmp_opts o = { .threshold = 0.05, .alpha = 0.05, .min_reps = 5 };
	char err[512], dir_a[64];
	struct rss_cmp c;
	double v = 0;
	int ret;

	plan_tests(12);
	atexit(remove_dirs);
	make_dir("a", cells_a);
	snprintf(dir_a, sizeof(dir_a), "%s", dir);
	ret = rss_resdir_load(&a, dir, 0, err, sizeof(err));
	if (!ok(!ret, "a directory with unknown columns and keys loads"))
		bail_out("%s", err);
	ok(a->nr_rows == 5 && rss_resdir_col(a, "workload") == 4 && rss_resdir_col(a, "nope") < 0,
	   "5 rows; columns found by header name, not position");
	ok(!rss_resdir_num(a, 2, rss_resdir_col(a, "cycles_per_op"), &v) && v == 99,
	   "row 3's cycles_per_op is 99");
	ok(rss_resdir_num(a, 0, rss_resdir_col(a, "ev:X"), &v) == -ENODATA,
	   "an unavailable value has no number");
	ok(a->levels.core == 2 && a->levels.cache == 4 && a->levels.node == 8 &&
	   a->levels.machine == 8, "levels of pack:2 l3:1 core:2 pu:2: core 2, cache 4, node (none: the machine) 8, machine 8 (got %d %d %d %d)",
	   a->levels.core, a->levels.cache, a->levels.node, a->levels.machine);

	make_dir("b", cells_b);
	ret = rss_resdir_load(&b, dir, 0, err, sizeof(err));
	ok(!ret, "the candidate loads");
	ret = b ? rss_compare(&c, a, b, &o) : -EINVAL;
	ok(!ret && c.same_topology && c.nr_pairs == 1 && !strcmp(c.rows[0].metric, "cycles_per_op") &&
	   fabs(c.rows[0].ratio - 1.3) < 1e-9 && c.rows[0].gate == RSS_GATE_REGRESSION,
	   "30%% slower on 5 repetitions: ratio 1.3, a regression");
	if (!ret)
		rss_compare_free(&c);

	put("meta.json", "{\"format_version\": 99}\n");
	ret = rss_resdir_load(&bad, dir, 0, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "format_version 99, this rssbench reads 1 to 2"),
	   "format_version 99 is refused: %s", err);
	put("meta.json", "{\"format_version\": 1}\n");
	put("cells.csv", "workload,scheme,threads,placement,migration,rep\nfault,atomic,2,compact,none,1\nfault,at");
	ret = rss_resdir_load(&bad, dir, 0, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "cells.csv:3: truncated row"), "a truncated row: %s", err);
	put("cells.csv", "workload,scheme,threads,placement,migration,rep\nfault,atomic,two,compact,none,1\n");
	ret = rss_resdir_load(&bad, dir, 0, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "cells.csv:2: threads is \"two\", not a whole number"),
	   "a non-numeric value: %s", err);
	put("cells.csv", "workload,scheme,threads,placement,migration,rep\n");
	ret = rss_resdir_load(&bad, dir, 0, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "no rows"), "a header alone: %s", err);
	ret = rss_resdir_load(&bad, "tests/nosuch-dir", 0, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "not a results directory"), "no directory: %s", err);

	rss_resdir_free(a);
	rss_resdir_free(b);
	return exit_status();
}
