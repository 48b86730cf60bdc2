/*
 * test_results_format.c - format 2 of the CSV writers: a figure that was not
 * measured is NA with its reason in the notes column, never a number; a cell
 * with no operation has no rates and is unverified, one whose operations
 * failed is FAILED; summary medians skip NA repetitions; and `run` names
 * every cell that is not ok.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"
#include "tap.h"

static struct rss_topo *topo;
static struct rss_pmu pmu;

/* Field @name of the data row of @csv (header on line 1, one row). */
static char *field(const char *csv, int line, const char *name, char *out, size_t len)
{
	char *copy = strdup(csv), *save = NULL, *hdr, *row = NULL, *p;
	int col = -1, i = 0;

	hdr = strtok_r(copy, "\n", &save);
	for (int l = 1; l <= line; l++)
		row = strtok_r(NULL, "\n", &save);
	out[0] = '\0';
	for (p = strtok_r(hdr, ",", &save); p; p = strtok_r(NULL, ",", &save), i++)
		if (!strcmp(p, name))
			col = i;
	for (i = 0, p = row; p && i < col; i++)
		p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL;
	if (p && col >= 0)
		snprintf(out, len, "%.*s", (int)strcspn(p, ","), p);
	free(copy);
	return out;
}

static char *cells(const struct rss_run_opts *o, const struct rss_row *row)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	rss_csv_cells_header(f, &pmu);
	rss_csv_cells_row(f, o, topo, &pmu, row);
	fclose(f);
	return buf;
}

int main(void)
{
	const struct scheme_ops *atomic = rss_scheme_find("atomic");
	const struct workload_ops *fault = rss_workload_find("fault");
	struct rss_run_opts o = { .placement = "compact" };
	struct rss_row rows[3] = {
		{ .workload = fault, .scheme = atomic, .threads = 2, .migration = "none", .rep = 1,
		  .r = { .nr_tasks = 2, .nr_mms = 1, .window_s = 0.1 } },
		{ .workload = fault, .scheme = atomic, .threads = 2, .migration = "none", .rep = 2,
		  .r = { .nr_tasks = 2, .nr_mms = 1, .window_s = 0.1,
						 .ops = 100, .cycles_per_op = 50, .ns_per_op = 20,
						 .ops_per_sec = 1000, .nr_err_samples = 10,
						 .err_max = 4, .err_p99 = 3 } },
		{ .workload = fault, .scheme = atomic, .threads = 4, .migration = "none", .rep = 1,
		  .r = { .nr_tasks = 4, .nr_mms = 1, .window_s = 0.1,
						 .failures = 7 } },
	};
	struct rss_notes n = { .len = 0 };
	char err[256], v[512], *csv, *buf = NULL;
	size_t len = 0;
	FILE *f, *devnull;

	plan_tests(12);
	if (rss_topo_open(&topo, "pu:4", err, sizeof(err)))
		bail_out("%s", err);
	/* One event PAPI could not add. */
	pmu.nr = 1;
	snprintf(pmu.ev[0].name, sizeof(pmu.ev[0].name), "NO_SUCH_EVENT_XYZ");
	snprintf(pmu.ev[0].reason, sizeof(pmu.ev[0].reason), "no such event here");

	csv = cells(&o, &rows[0]);
	ok(!strcmp(field(csv, 1, "cycles_per_op", v, sizeof(v)), "NA") &&
	   !strcmp(field(csv, 1, "ns_per_op", v, sizeof(v)), "NA") &&
	   !strcmp(field(csv, 1, "ops_per_sec", v, sizeof(v)), "NA"),
	   "no operation: the rates are NA, not 0");
	ok(!strcmp(field(csv, 1, "err_max", v, sizeof(v)), "NA") &&
	   !strcmp(field(csv, 1, "err_p99", v, sizeof(v)), "NA"),
	   "no watchdog sample: the in-run error is NA, not 0");
	ok(!strcmp(field(csv, 1, "verify", v, sizeof(v)), "unverified"),
	   "no operation: unverified, not ok (%s)", v);
	field(csv, 1, "notes", v, sizeof(v));
	ok(strstr(v, "cycles_per_op: no operation completed") &&
	   strstr(v, "err_max: the watchdog took no sample") && strstr(v, "ev:NO_SUCH_EVENT_XYZ: ") &&
	   strstr(v, "verify: no operation completed"), "every NA has its reason in notes: %s", v);
	free(csv);

	csv = cells(&o, &rows[2]);
	ok(!strcmp(field(csv, 1, "verify", v, sizeof(v)), "FAILED") &&
	   strstr(field(csv, 1, "notes", v, sizeof(v)), "verify: 7 failed operations"),
	   "failed operations: FAILED, with the count in notes (%s)", v);
	free(csv);

	csv = cells(&o, &rows[1]);
	ok(!strcmp(field(csv, 1, "cycles_per_op", v, sizeof(v)), "50.00") &&
	   !strcmp(field(csv, 1, "verify", v, sizeof(v)), "ok") &&
	   !strcmp(field(csv, 1, "ev:NO_SUCH_EVENT_XYZ", v, sizeof(v)), "NA"),
	   "a measured cell: numbers, ok, and NA only for the event");
	free(csv);

	f = open_memstream(&buf, &len);
	rss_csv_summary(f, &o, &pmu, rows, 3);
	fclose(f);
	ok(!strcmp(field(buf, 1, "cycles_per_op_median", v, sizeof(v)), "50.000") &&
	   !strcmp(field(buf, 1, "cycles_per_op_min", v, sizeof(v)), "50.000"),
	   "summary: the median skips the NA repetition (50, not 25)");
	ok(!strcmp(field(buf, 1, "err_max", v, sizeof(v)), "4") &&
	   !strcmp(field(buf, 1, "verify", v, sizeof(v)), "unverified"),
	   "summary: err_max from the sampled repetition; unverified if one repetition was");
	ok(!strcmp(field(buf, 2, "cycles_per_op_median", v, sizeof(v)), "NA") &&
	   strstr(field(buf, 2, "notes", v, sizeof(v)), "cycles_per_op_median: no operation completed in every repetition"),
	   "summary: NA in every repetition is NA, with the reason (%s)", v);
	ok(!strcmp(field(buf, 2, "verify", v, sizeof(v)), "FAILED"), "summary: FAILED beats all");
	free(buf);

	devnull = fopen("/dev/null", "w");
	ok(rss_report_bad_cells(devnull, rows, 3) == 2, "run names 2 cells that are not ok");
	fclose(devnull);

	rss_notes_add(&n, "a", "x, y; \"z\"\n");
	rss_notes_add(&n, "b", "w");
	ok(!strcmp(n.buf, "a: x  y  'z' ; b: w"), "notes: commas, semicolons, quotes made safe: %s",
	   n.buf);
	rss_topo_close(topo);
	return exit_status();
}
