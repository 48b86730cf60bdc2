/*
 * untimed_csv.c - cells.csv and summary.csv rows of a `run --model-only`
 * cell: the timed pass did not run, so every timing, error, memory and
 * verify figure is NA (verify: unverified) with its reason in notes; the
 * cell's figures are the model pass's, in model.csv (doc/coherence.md).
 */
#include <stdio.h>

#include "csv.h"
#include "results.h"

#define NOT_TIMED	"not timed (--model-only)"
#define NO_ERROR	"not measured (--model-only: the model pass records no error)"
#define NOT_MEASURED	"not measured (--model-only)"
#define NOT_VERIFIED	"not verified (--model-only: no timed pass)"

/* ",NA" for each of @cols, each with @why in the notes. */
static void na(FILE *f, struct rss_notes *n, const char *const *cols, size_t nr, const char *why)
{
	for (size_t i = 0; i < nr; i++) {
		fputs(",NA", f);
		rss_notes_add(n, cols[i], "%s", why);
	}
}

static void na_events(FILE *f, struct rss_notes *n, const struct rss_pmu *pmu, const char *suffix)
{
	for (int e = 0; e < pmu->nr; e++) {
		char col[96];

		snprintf(col, sizeof(col), "ev:%s%s", pmu->ev[e].name, suffix);
		na(f, n, (const char *const[]){ col }, 1, NOT_TIMED);
	}
}

#define NA(f, n, why, ...) \
	na(f, n, (const char *const[]){ __VA_ARGS__ }, \
	   sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *), why)

void rss_csv_untimed_row(FILE *f, const struct rss_run_opts *o, const struct rss_topo *topo,
			 const struct rss_pmu *pmu, const struct rss_row *row)
{
	const struct rss_model_result *mr = &row->model;
	int mms = mr->nr_mms > 0 ? mr->nr_mms : 1;
	struct rss_notes n = { .len = 0 };

	rss_csv_key(f, o, row);
	fprintf(f, ",%s,%d,%d,%d,%d", rss_topo_kind(topo), mr->nr_tasks,
		(mr->nr_tasks + mms - 1) / mms, mr->nr_mms, row->rep);
	NA(f, &n, NOT_TIMED, "ops", "window_s", "cycles_per_op", "ns_per_op", "ops_per_sec");
	na_events(f, &n, pmu, "");
	NA(f, &n, NO_ERROR, "err_max", "err_p99", "err_samples", "settled_err", "precise_err");
	NA(f, &n, NOT_MEASURED, "bound_under", "bound_over", "bytes_per_mm", "pcpu_bytes_per_mm");
	NA(f, &n, NOT_TIMED, "switches", "migrations", "failures");
	rss_notes_add(&n, "verify", "%s", NOT_VERIFIED);
	fprintf(f, ",%s", rss_verdict_name(RSS_UNVERIFIED));
	rss_csv_sep_field(f, n.buf);
	fputc('\n', f);
}

void rss_csv_untimed_summary(FILE *f, const struct rss_pmu *pmu)
{
	struct rss_notes n = { .len = 0 };

	NA(f, &n, NOT_TIMED, "cycles_per_op_median", "cycles_per_op_min", "cycles_per_op_max",
	   "ns_per_op_median", "ns_per_op_min", "ns_per_op_max",
	   "ops_per_sec_median", "ops_per_sec_min", "ops_per_sec_max");
	na_events(f, &n, pmu, "_median");
	NA(f, &n, NO_ERROR, "err_max", "err_p99_median", "err_p99_min", "err_p99_max",
	   "settled_err_max", "precise_err_max");
	NA(f, &n, NOT_MEASURED, "bound_under", "bound_over", "bytes_per_mm", "pcpu_bytes_per_mm");
	fprintf(f, ",%s", rss_verdict_name(RSS_UNVERIFIED));
	NA(f, &n, NOT_TIMED, "cycles_spread", "noisy");
	rss_notes_add(&n, "verify", "%s", NOT_VERIFIED);
	rss_csv_sep_field(f, n.buf);
	fputc('\n', f);
}
