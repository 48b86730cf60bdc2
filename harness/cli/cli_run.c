/*
 * cli_run.c - running a plan (plan.h) and `rssbench run`: check every
 * input before anything is written, run the cells (repetitions outermost,
 * so a drift in the machine spreads over all cells), and write the results
 * directory.  `run` parses its options into a plan (cli_run_opts.c) and
 * runs it with rss_plan_run.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "cli_run.h"
#include "forkd.h"
#include "harness.h"
#include "lifetime.h"
#include "plan.h"
#include "progress.h"
#include "results.h"
#include "scenario.h"
#include "stats.h"

#define ERRLEN	512
#define WARMUP_S	0.05

/* Why --strict refused the results: the figure that was too high. */
static char strict_why[512];

/*
 * --strict: the first figure showing the machine too busy, in strict_why;
 * 0 when none.  Load averages are the 1-minute figures.
 */
static int too_busy(const struct rss_run_opts *o, const struct rss_row *rows, int nr_rows)
{
	const struct rss_host_state *h = o->host_state;
	char first[256];
	int n;

	if (h->online_cpus > 0 && h->load_before[0] > h->online_cpus) {
		snprintf(strict_why, sizeof(strict_why), "load average %.2f before the run is above the %d online CPUs",
			 h->load_before[0], h->online_cpus);
		return 1;
	}
	if (h->online_cpus > 0 && h->load_after[0] > h->online_cpus) {
		snprintf(strict_why, sizeof(strict_why), "load average %.2f after the run is above the %d online CPUs",
			 h->load_after[0], h->online_cpus);
		return 1;
	}
	if ((n = rss_summary_noisy(rows, nr_rows, first, sizeof(first)))) {
		snprintf(strict_why, sizeof(strict_why), "%d noisy cell(s), first %s (more than %.0f %%)",
			 n, first, 100 * RSS_NOISY_IQR);
		return 1;
	}
	return 0;
}

static double now_s(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* A finished cell's one-line summary for the running count (progress.h). */
static void cell_summary(char *buf, size_t len, const struct rss_run_opts *o,
			 const struct rss_row *row)
{
	size_t n;

	n = (size_t)snprintf(buf, len, "%s/%s threads=%d %s rep %d: ", row->workload->name,
			     row->scheme->name, row->threads, row->migration, row->rep);
#define ADD(...) do { if (n < len) n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__); } while (0)
	if (o->model_only)
		ADD("not timed (--model-only)");
	else if (row->r.ops)
		ADD("%.0f cycles/op", row->r.cycles_per_op);
	else
		ADD("cycles/op unavailable (no operation completed)");
	if (o->model_only)
		;
	else if (row->r.settled_err < 0)
		ADD(", no error (counts nothing)");
	else if (!row->r.nr_err_samples)
		ADD(", err max unavailable (no watchdog sample), settled %ld", row->r.settled_err);
	else
		ADD(", err max %ld, settled %ld", row->r.err_max, row->r.settled_err);
	if ((o->model || o->model_only) && row->model.modelled)
		ADD("; model %.2f transfers/op (%.1f s)",
		    (double)rss_coh_transfers(&row->model.st) / (double)row->model.ops,
		    row->model.seconds);
	else if (o->model || o->model_only)
		ADD("; model: %s", row->model.why);
#undef ADD
}

/* The running count's line for @row; a failed or unverified cell's always. */
static void progress(struct rss_progress *prog, const struct rss_run_opts *o,
		     const struct rss_row *row)
{
	char what[512], why[256], note[400];
	enum rss_verdict v = o->model_only ? RSS_OK : rss_verify(row, why, sizeof(why));
	int bad = v != RSS_OK;

	cell_summary(what, sizeof(what), o, row);
	if (bad)
		snprintf(note, sizeof(note), "%s: %.200s", rss_verdict_name(v),
			 row->r.note[0] ? row->r.note : why);
	rss_progress_cell(prog, now_s(), what, bad ? note : NULL, bad);
}

/*
 * One short untimed cell per workload first: code and libraries get faulted
 * in, and caches and page tables warm up, before anything is measured (the
 * native scheme would otherwise count the harness's own first faults).
 */
static int warm_up(const struct rss_run_opts *o, const struct rss_topo *topo,
		   const struct rss_pmu *pmu, int *cpus, char *err, size_t errlen,
		   const char **failed)
{
	int n = o->threads[o->nr_threads - 1];

	for (int w = 0; w < o->nr_workloads; w++) {
		struct rss_cell_config cfg = {
			.scheme = o->schemes[0], .workload = o->workloads[w], .topo = topo,
			.pmu = pmu, .nr_threads = n, .cpus = cpus, .migrate = o->migrate[0],
			.slice = o->slice,
			.nr_tasks = o->nr_tasks, .tasks_per_mm = o->tasks_per_mm,
			.duration_s = WARMUP_S, .params = o->params, .seed = o->seed,
			.serialize = o->serialize,
		};
		struct rss_cell_result r;
		int ret = rss_topo_place(topo, o->placement, n, cpus, err, errlen);

		if (!ret)
			ret = rss_cell_run(&cfg, &r, err, errlen);
		if (ret) {
			*failed = cfg.workload->name;	/* the workload that could not run */
			return ret;
		}
		rss_cell_result_free(&r);
	}
	return 0;
}

/* Where the matrix stopped, and why, for the end of the run. */
struct run_end {
	int done;			/* rows written */
	int bad;			/* cells failed or unverified */
	char last_cell[256];		/* the cell reached, when the run stopped early */
	char err[ERRLEN];		/* why it stopped (a resource limit, a write error) */
};

/* "cannot write DIR/NAME: reason" into @err. */
static void cannot_write(char *err, size_t len, const struct rss_results *res, const char *name,
			 int ret)
{
	char path[PATH_MAX + 64];

	rss_results_path(res, name, path, sizeof(path));
	snprintf(err, len, "cannot write %.400s: %s", path, strerror(-ret));
}

static void cell_name(char *buf, size_t len, const struct rss_run_opts *o,
		      const struct rss_cell_config *cfg, int rep)
{
	snprintf(buf, len, "%s,%s,%d,%s,%s rep %d", cfg->workload->name, cfg->scheme->name,
		 cfg->nr_threads, o->placement, cfg->migrate.desc, rep);
}

/*
 * Runs the whole matrix into @res; 0, or -errno when it stopped early: a
 * signal (-EINTR), a cell that could not run or a file that could not be
 * written, with the reason in end->err.  Every finished row is written
 * (whole) as its cell ends; summary.csv covers the finished rows.  Cells
 * that failed or could not be verified get one line each on stderr.
 */
/*
 * Under the table: whether its cycles describe this machine.  A virtual
 * topology's CPUs are threads sharing the host's PUs, and serialized CPUs run
 * in turn on one thread: those figures are the harness's, not a machine's.
 */
static void print_timing_note(const struct rss_run_opts *o, const struct rss_topo *topo)
{
	const struct machine *m = rss_topo_machine(topo);

	if (o->serialize)
		fprintf(stderr, "timings: not of a machine: the %d CPU%s ran in turn on one thread (--serialize); "
			"error and memory figures are exact\n", m->nr_online, rss_s(m->nr_online));
	else if (rss_topo_is_virtual(topo))
		fprintf(stderr, "timings: not of a machine: %d virtual CPU%s shared %d host PU%s; "
			"error and memory figures are exact\n", m->nr_online, rss_s(m->nr_online),
			rss_topo_host_pus(topo), rss_s(rss_topo_host_pus(topo)));
}

/*
 * `ab`'s pacing (--ab-pace FD, cli_ab.c): one byte to the driver saying this
 * side waits before its next repetition, then the driver's one byte to go.
 * 0; -EINTR on a signal; -EPIPE with @err when the driver has gone.
 */
static int pace_wait(int fd, char *err)
{
	char c = 'r';

	/* MSG_NOSIGNAL: a driver gone is an error here, not a SIGPIPE. */
	if (send(fd, &c, 1, MSG_NOSIGNAL) == 1 && recv(fd, &c, 1, 0) == 1)
		return 0;
	if (rss_interrupted)
		return -EINTR;
	snprintf(err, ERRLEN, "rssbench ab stopped this side (its pacing socket closed)");
	return -EPIPE;
}

/*
 * Before repetition @rep: under `ab`, wait for the driver's go; warm up
 * before the first, and before every one when paced (the other build ran
 * in between).  --model-only times nothing, so nothing to warm up for.
 * 0 or -errno with @err.
 */
static int rep_start(const struct rss_run_opts *o, const struct rss_topo *topo,
		     const struct rss_pmu *pmu, int *cpus, int rep, char *err)
{
	int ret = o->pace_fd > 0 ? pace_wait(o->pace_fd, err) : 0;
	const char *failed = NULL;
	double t0 = now_s();

	/*
	 * --model-only: nothing is timed, so nothing to warm up for; nor in a
	 * guest, whose timings describe no machine (a warm-up cell at 64 vCPUs
	 * under TCG costs as much as a measured one).
	 */
	if (!ret && !o->model_only && strcmp(rss_topo_kind(topo), "guest") &&
	    (rep == 1 || o->pace_fd > 0)) {
		if ((ret = warm_up(o, topo, pmu, cpus, err, ERRLEN, &failed)))
			rss_limit_hint(err, ERRLEN, ret, o->threads[o->nr_threads - 1], failed,
				       o->params.scan_mms);
		o->host_state->warm_up_s = (o->host_state->warm_up_s > 0 ?
					    o->host_state->warm_up_s : 0) + now_s() - t0;
	}
	if (!ret && rss_interrupted)
		ret = -EINTR;
	return ret;
}

static int run_matrix(struct rss_run_opts *o, const struct rss_topo *topo,
		      const struct rss_pmu *pmu, struct rss_results *res, struct run_end *end)
{
	int per_rep = o->nr_workloads * o->nr_schemes * o->nr_threads * o->nr_migrate;
	int total = per_rep * o->reps, done = 0, ret;
	struct rss_row *rows = calloc((size_t)total, sizeof(*rows));
	int *cpus = calloc((size_t)rss_topo_machine(topo)->nr_allowed, sizeof(int));
	struct rss_row_files files;
	struct rss_progress prog;
	char *err = end->err;

	if (!rows || !cpus)
		return -ENOMEM;
	ret = rss_row_files_open(&files, res, o, pmu, err, ERRLEN);
	if (!ret)
		ret = rep_start(o, topo, pmu, cpus, 1, err);
	if (!ret && !o->quiet && !o->events_per_task && !o->model_only && !rss_progress_in_job())
		fprintf(stderr, "rssbench: %d cell%s x %d rep%s of %.2f s: about %.0f s\n", per_rep,
			rss_s(per_rep), o->reps, rss_s(o->reps), o->duration_s,
			rss_plan_estimate_s(o, total));
	rss_progress_init(&prog, stderr, total, rss_plan_estimate_s(o, total), o->quiet, now_s());
	for (int rep = 1; rep <= o->reps && !ret; rep++)
	for (int w = 0; w < o->nr_workloads && !ret; w++)
	for (int s = 0; s < o->nr_schemes && !ret; s++)
	for (int t = 0; t < o->nr_threads && !ret; t++)
	for (int m = 0; m < o->nr_migrate && !ret; m++) {
		struct rss_row *row = &rows[done];
		struct rss_cell_config cfg = {
			.scheme = rss_slowdown(o->schemes[s]), .workload = o->workloads[w],
			.topo = topo, .pmu = pmu, .nr_threads = o->threads[t], .cpus = cpus,
			.migrate = o->migrate[m], .slice = o->slice, .nr_tasks = o->nr_tasks,
			.tasks_per_mm = o->tasks_per_mm, .duration_s = o->duration_s,
			.min_ops = o->min_ops, .window_cap_s = rss_plan_window_cap(o),
			.events_per_task = o->events_per_task, .params = o->params,
			.seed = o->seed + (unsigned)rep, .serialize = o->serialize,
		};
		char where[300];
		double t0;

		if (rep > 1 && !w && !s && !t && !m && (ret = rep_start(o, topo, pmu, cpus, rep, err)))
			break;
		t0 = now_s();
		cell_name(end->last_cell, sizeof(end->last_cell), o, &cfg, rep);
		ret = rss_topo_place(topo, o->placement, o->threads[t], cpus, err, ERRLEN);
		/* --model-only: no timed pass; its row's columns say "not timed". */
		if (o->model_only)
			memset(&row->r, 0, sizeof(row->r));
		else if (!ret && (ret = rss_cell_run(&cfg, &row->r, err, ERRLEN)))
			rss_limit_hint(err, ERRLEN, ret, cfg.nr_threads, cfg.workload->name,
				   o->params.scan_mms);
		if (ret)
			break;
		/* A cell the signal cut short is not a row. */
		if (row->r.interrupted) {
			rss_cell_result_free(&row->r);
			ret = -EINTR;
			break;
		}
		if (o->model && (ret = rss_model_cell_run(&cfg, &row->model, err, ERRLEN))) {
			rss_cell_result_free(&row->r);
			break;
		}
		*row = (struct rss_row){ o->workloads[w], o->schemes[s], o->threads[t],
					 o->migrate[m].desc, rep, row->r, row->model };
		ret = rss_row_files_write(&files, o, topo, pmu, row, cpus, err, ERRLEN);
		rss_cell_result_free(&row->r);
		if (ret) {
			snprintf(where, sizeof(where), " (at cell %s)", end->last_cell);
			strncat(err, where, ERRLEN - strlen(err) - 1);
			break;
		}
		done++;
		if (o->host_state->nr_cell_s < RSS_HOST_CELL_TIMES)
			o->host_state->cell_s[o->host_state->nr_cell_s++] = now_s() - t0;
		progress(&prog, o, row);
		if (rss_interrupted)
			ret = -EINTR;
	}
	end->done = done;
	rss_progress_break(&prog);
	if (!ret || ret == -EINTR || done) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		int r2 = -ENOMEM;

		if (f) {
			rss_csv_summary(f, o, pmu, rows, done);
			r2 = fclose(f) ? -ENOMEM : rss_results_write(res, "summary.csv", buf, len);
			/* Nothing timed or verified: no cell to call bad. */
			end->bad = o->model_only ? 0 : rss_report_bad_cells(stderr, rows, done);
		}
		free(buf);
		if (r2 && !ret) {
			cannot_write(err, ERRLEN, res, "summary.csv", r2);
			ret = r2;
		}
	}
	{
		char cerr[ERRLEN];
		int r2 = rss_row_files_close(&files, cerr, sizeof(cerr));

		if (r2 && !ret) {
			snprintf(err, ERRLEN, "%s", cerr);
			ret = r2;
		}
	}
	/* The figures the table's first line and meta.json's "noise" give. */
	rss_host_loadavg("", o->host_state->load_after);
	o->host_state->nr_cells = per_rep < done ? per_rep : done;
	o->host_state->noisy_cells = o->model_only ? 0 : rss_summary_noisy(rows, done, NULL, 0);
	if (!ret && o->strict) {
		if (too_busy(o, rows, done)) {
			snprintf(err, ERRLEN, "--strict: %.300s (run on a quieter machine, or without --strict to keep them flagged)",
				 strict_why);
			ret = -EBUSY;
		}
	}
	if (!ret && !o->quiet && !o->model_only) {
		rss_print_table(stderr, o, rows, done);
		print_timing_note(o, topo);
	}
	free(rows);
	free(cpus);
	return ret;
}

/* footprint.csv: the run's schemes at CPU counts up to max(384, this topology). */
static int write_footprint(const struct rss_run_opts *o, const struct rss_topo *topo,
			   struct rss_results *res)
{
	const struct machine *m = rss_topo_machine(topo);
	int cpus[64], n = rss_footprint_cpu_counts(cpus, 64, m->nr_possible), ret;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	rss_csv_footprint(f, o->schemes, o->nr_schemes, cpus, n, m->nr_nodes, 0,
			  RSS_FLEET_PROCESSES, NULL);
	ret = fclose(f) ? -ENOMEM : rss_results_write(res, "footprint.csv", buf, len);
	free(buf);
	return ret;
}

static void on_signal(int sig)
{
	/* The first one counts; run-all may pass on one the group also got. */
	if (!rss_interrupted)
		rss_interrupted = sig;
}

/*
 * Before the first cell: topology.xml and a meta.json saying "complete":
 * false, so that a run killed outright (SIGKILL, a crash) leaves a
 * directory readers open with --allow-partial.  0 or -errno + @err.
 */
static int write_start(const struct rss_run_opts *o, const struct rss_topo *topo,
		       const struct rss_pmu *pmu, struct rss_results *res, double started,
		       char *err, size_t errlen)
{
	char path[PATH_MAX + 64];
	int ret;

	rss_results_path(res, ".topology.xml.tmp", path, sizeof(path));
	if ((ret = rss_topo_export_xml(topo, path)))
		unlink(path);
	else
		ret = rss_results_install(res, ".topology.xml.tmp", "topology.xml");
	if (ret) {
		cannot_write(err, errlen, res, "topology.xml", ret);
		return ret;
	}
	ret = rss_meta_write(res, o, topo, pmu, started, -1, NULL);
	if (ret)
		cannot_write(err, errlen, res, "meta.json", ret);
	return ret;
}

/*
 * The files after the rows: footprint, meta (complete; or, @partial or
 * footprint.csv not written, "complete": false at @last_cell).  0 or -errno
 * + @err; meta.json is tried even when footprint.csv fails.
 */
static int write_rest(const struct rss_run_opts *o, const struct rss_topo *topo,
		      const struct rss_pmu *pmu, struct rss_results *res, double started,
		      int partial, const char *last_cell, char *err, size_t errlen)
{
	int ret = write_footprint(o, topo, res), r2;

	if (ret)
		cannot_write(err, errlen, res, "footprint.csv", ret);
	r2 = rss_meta_write(res, o, topo, pmu, started, now_s(),
			    partial || ret ? last_cell : NULL);
	if (r2 && !ret)
		cannot_write(err, errlen, res, "meta.json", r2);
	return ret ? ret : r2;
}

/* rss_plan_run on a filled, checked plan @plan that has its argv. */
static int run_plan(const struct rss_run_opts *plan)
{
	struct rss_run_opts o = *plan;
	struct rss_host_state host;
	struct rss_topo *topo;
	struct rss_results *res;
	struct rss_pmu pmu;
	struct run_end end = { .done = 0 };
	char err[ERRLEN], rest_err[ERRLEN], final[PATH_MAX + 64];
	double started = now_s();
	int ret, r2, partial;

	rss_host_state_read(&host, "");
	o.host_state = &host;
	if (rss_slowdown_desc())
		fprintf(stderr, "rssbench: warning: %s\n", rss_slowdown_desc());
	if (rss_topo_open(&topo, o.topology, err, sizeof(err)))
		rss_usage_error("%s", err);
	rss_run_opts_resolve_threads(&o, topo);
	/* A machine already too busy: refused before an hour of running. */
	if (o.strict && too_busy(&o, NULL, 0)) {
		fprintf(stderr, "rssbench: --strict: %s; nothing run, no results written\n", strict_why);
		rss_topo_close(topo);
		return 1;
	}
	if (o.params.real_fork && (ret = rss_forkd_start())) {
		/* A process limit is a resource limit (exit 1), not bad input. */
		if (ret != -EAGAIN)
			rss_usage_error("--real-fork needs the fork server: %s", rss_forkd_status());
		snprintf(err, sizeof(err), "--real-fork: %s", rss_forkd_status());
		rss_limit_hint(err, sizeof(err), ret, o.threads[o.nr_threads - 1], NULL, 0);
		fprintf(stderr, "rssbench: %s\n", err);
		rss_topo_close(topo);
		return 1;
	}
	/* The kernel's base slice follows the online CPUs. */
	rss_slice_resolve(&o.slice, rss_topo_machine(topo)->nr_online);
	if (rss_pmu_probe(&pmu, o.events, err, sizeof(err)))
		rss_usage_error("%s", err);
	rss_clock_hz();
	if (rss_results_open(&res, o.output, err, sizeof(err)))
		rss_usage_error("%s", err);
	/* After every input check: a bad input's error stays one line.  meta.json has them too. */
	if (!o.quiet)
		rss_pmu_print_unavailable(&pmu, stderr);
	host.setup_s = now_s() - started;

	rss_catch_stop_signals(on_signal);
	rss_catch_crash(rss_results_dir(res));
	ret = write_start(&o, topo, &pmu, res, started, end.err, sizeof(end.err));
	if (!ret)
		ret = run_matrix(&o, topo, &pmu, res, &end);
	/* --strict found the machine too busy: nothing is kept. */
	if (ret == -EBUSY)
		end.done = 0;
	partial = ret != 0;
	/* Read at the matrix's end already, unless it stopped before. */
	if (host.load_after[0] < 0)
		rss_host_loadavg("", host.load_after);
	/* A file the end could not write leaves the finished rows, partial. */
	if (end.done && (r2 = write_rest(&o, topo, &pmu, res, started, partial, end.last_cell,
					 rest_err, sizeof(rest_err)))) {
		if (!ret)
			snprintf(end.err, sizeof(end.err), "%s", rest_err);
		ret = ret ? ret : r2;
		partial = 1;
	}
	rss_topo_close(topo);
	if (ret && !end.done) {
		rss_results_abort(res);
		if (ret == -EINTR)
			fprintf(stderr, "rssbench: interrupted by %s before any cell finished; no results directory was left\n",
				strsignal(rss_interrupted));
		else
			fprintf(stderr, "rssbench: %s; no results directory was left\n", end.err);
		return rss_interrupted ? 128 + rss_interrupted : 1;
	}
	r2 = rss_results_commit(res, partial, final, sizeof(final));
	if (r2) {
		fprintf(stderr, "rssbench: cannot rename %s into place: %s; the results are there\n",
			final, strerror(-r2));
		return 1;
	}
	printf("results: %s\n", final);
	fflush(stdout);
	if (ret == -EINTR) {
		fprintf(stderr, "rssbench: interrupted by %s at cell %s; the %d finished rows are in %s\n",
			strsignal(rss_interrupted), end.last_cell, end.done, final);
		return 128 + rss_interrupted;
	}
	if (ret) {
		fprintf(stderr, "rssbench: %s%s; the %d finished rows are in %s\n", end.err,
			rss_interrupted == SIGXFSZ ? " (the file size limit, ulimit -f)" : "",
			end.done, final);
		/* A signal that came with the error (SIGXFSZ: the file size limit). */
		return rss_interrupted ? 128 + rss_interrupted : 1;
	}
	if (end.bad)
		fprintf(stderr, "rssbench: %d cell%s failed or could not be verified (above); the results are in %s\n",
			end.bad, end.bad > 1 ? "s" : "", final);
	return end.bad ? 1 : 0;
}

int rss_plan_run(struct rss_run_opts *p)
{
	struct rss_run_opts o = *p;
	struct rss_argv rendered = { 0, NULL };
	int ret;

	rss_plan_fill(&o);
	rss_plan_check(&o);
	if (!o.argv) {
		rss_plan_argv(&o, &rendered);
		o.argc = rendered.argc;
		o.argv = rendered.argv;
	}
	ret = run_plan(&o);
	rss_argv_free(&rendered);
	return ret;
}

int rss_cmd_run(int argc, char **argv)
{
	struct rss_run_opts p;
	char err[ERRLEN];

	if (rss_stack_limit_check(err, sizeof(err))) {
		fprintf(stderr, "rssbench: %s\n", err);
		return 1;
	}
	if (rss_scenario_requested(argc, argv))
		return rss_cmd_scenario(argc, argv);
	rss_plan_init(&p);
	rss_run_opts_parse(&p, argc, argv);
	p.argc = argc;
	p.argv = argv;
	return rss_plan_run(&p);
}
