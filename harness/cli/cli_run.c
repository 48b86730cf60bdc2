/*
 * cli_run.c - `rssbench run`: parse the matrix, check every input before
 * anything is written, run the cells (repetitions outermost, so a drift in
 * the machine spreads over all cells), and write the results directory.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "forkd.h"
#include "harness.h"
#include "results.h"
#include "scenario.h"
#include "stats.h"

#define ERRLEN	512
#define WARMUP_S	0.05

static const char run_usage[] =
"usage: rssbench run [options]\n"
"  -s, --scheme LIST        schemes, or all (default all; see rssbench list)\n"
"  -w, --workload LIST      workloads, or all (default all)\n"
"  -t, --threads LIST       thread counts, numbers or max (default 1,max)\n"
"  -p, --placement P        compact | scatter | CPU list \"0-3,8\" or \"core:0-1\" (default compact)\n"
"  -m, --migrate LIST       none | every:K[:random|next|remote-node] (default none)\n"
"      --slice S            time slice a task runs before its CPU picks the next one: kernel\n"
"                           (EEVDF's 0.75 ms x (1 + log2 min(online CPUs, 8))), a time (3ms,\n"
"                           750us) or Nops (N operations: deterministic with -e) (default kernel)\n"
"  -T, --topology SPEC      host | hwloc synthetic string | hwloc XML file (default host)\n"
"  -d, --duration S         seconds per cell (default 0.5)\n"
"  -e, --events-per-task N  each task does exactly N operations (deterministic; overrides -d)\n"
"  -r, --reps N             repetitions of each cell (default 3)\n"
"      --tasks N            tasks per cell (default one per thread)\n"
"      --tasks-per-mm N|all tasks sharing an mm (default all: one process; 1: process mode)\n"
"      --events LIST        events (rssbench events lists them), or none (default " RSS_PMU_DEFAULT_EVENTS ")\n"
"      --pages N            fault: pages per mapping (default 512)\n"
"      --pages-per-fault N  fault: pages one fault event maps (default 1); the PMD huge\n"
"                           page (512 on x86-64) gives real THP faults where THP allows,\n"
"                           any other N (or no THP: the cell says why) a model of N pages\n"
"      --mmap-pages N       mmap: pages per mapping (default 4)\n"
"      --child-pages N      fork: pages the child faults in (default 16; 0: mm create/destroy only)\n"
"      --real-fork          fork: also a real fork()/_exit()/waitpid(), by the fork server (rssbench-forkd)\n"
"      --no-mm-cid          fork: leave out the mm_cid per-CPU area fork allocates\n"
"      --child-threads N    fork: threads the child creates and ends (default 0)\n"
"      --scan-mms N         oom-scan: mms the reader scans (default 10000)\n"
"      --seed N             migration random seed (default 1)\n"
"      --serialize          run the virtual CPUs in turn, one operation each, on one thread:\n"
"                           with -e and --slice Nops the error figures repeat exactly (time\n"
"                           columns are then of serialized CPUs)\n"
"      --model coherence    also run each cell on the coherence model: cache-line\n"
"                           transfers per op by distance, modelled (model.csv)\n"
"  -o, --output DIR         where the results directory goes (default results)\n"
"  -q, --quiet              no progress on stderr\n"
"      --strict             write no results (exit 1) when the machine was too busy: load\n"
"                           average above the online CPUs before or after, or a noisy cell\n"
"      --scenario NAME      a named scenario (--scenario list; doc/scenarios.md) into\n"
"                           <host>-<stamp>-NAME; with it only --quick, --output, --quiet\n"
"                           and --strict may be given ('rssbench run --scenario x --help')\n";

static double parse_seconds(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0 && v <= 3600))
		rss_usage_error("bad duration \"%s\": give seconds, more than 0 and at most 3600", s);
	return v;
}

/* Splits @list at commas; calls @add on each item. */
static void for_each_item(const char *list, void (*add)(struct rss_run_opts *, const char *),
			  struct rss_run_opts *o)
{
	char *copy = strdup(list), *save = NULL;

	if (!copy)
		rss_die(ENOMEM, "strdup");
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save))
		add(o, item);
	free(copy);
}

/*
 * Schemes and workloads given twice ("-s percpu,percpu", "all,atomic") run
 * once, in the order first given, as repeated thread counts do: one key,
 * one cell.
 */
static void add_scheme(struct rss_run_opts *o, const char *name)
{
	const struct scheme_ops *s = rss_scheme_find(name);
	const char *names[64];

	if (!strcmp(name, "all")) {
		for (int i = 0; rss_schemes[i]; i++)
			add_scheme(o, rss_schemes[i]->name);
		return;
	}
	if (!s)
		rss_unknown_name("scheme", name, names, rss_scheme_names(names, 64),
				 "'rssbench list' shows the schemes");
	for (int i = 0; i < o->nr_schemes; i++)
		if (o->schemes[i] == s)
			return;
	if (o->nr_schemes == RSS_MAX_LIST)
		rss_usage_error("too many schemes: at most %d", RSS_MAX_LIST);
	o->schemes[o->nr_schemes++] = s;
}

static void add_workload(struct rss_run_opts *o, const char *name)
{
	const struct workload_ops *w = rss_workload_find(name);
	const char *names[64];

	if (!strcmp(name, "all")) {
		for (int i = 0; rss_workloads[i]; i++)
			add_workload(o, rss_workloads[i]->name);
		return;
	}
	if (!w)
		rss_unknown_name("workload", name, names, rss_workload_names(names, 64),
				 "'rssbench list' shows the workloads");
	for (int i = 0; i < o->nr_workloads; i++)
		if (o->workloads[i] == w)
			return;
	if (o->nr_workloads == RSS_MAX_LIST)
		rss_usage_error("too many workloads: at most %d", RSS_MAX_LIST);
	o->workloads[o->nr_workloads++] = w;
}

/* "max" is stored as 0 and resolved once the topology is known. */
static void add_threads(struct rss_run_opts *o, const char *s)
{
	if (o->nr_threads == RSS_MAX_LIST)
		rss_usage_error("too many thread counts: at most %d", RSS_MAX_LIST);
	o->threads[o->nr_threads++] = strcmp(s, "max") ? (int)rss_parse_long("--threads", s, 1, RSS_MAX_CPUS) : 0;
}

static void add_migrate(struct rss_run_opts *o, const char *s)
{
	char err[ERRLEN];

	if (o->nr_migrate == RSS_MAX_LIST)
		rss_usage_error("too many migration policies: at most %d", RSS_MAX_LIST);
	if (rss_migrate_parse(s, &o->migrate[o->nr_migrate++], err, sizeof(err)))
		rss_usage_error("%s", err);
}

static void parse(struct rss_run_opts *o, int argc, char **argv)
{
	enum { OPT_TASKS = 256, OPT_TPM, OPT_EVENTS, OPT_PAGES, OPT_MMAP_PAGES,
	       OPT_CHILD_PAGES, OPT_REAL_FORK, OPT_NO_MM_CID, OPT_CHILD_THREADS, OPT_SCAN_MMS, OPT_SEED, OPT_HELP,
	       OPT_SLICE, OPT_PAGES_PER_FAULT, OPT_STRICT, OPT_MODEL, OPT_SERIALIZE };
	static const struct option longopts[] = {
		{ "scheme", required_argument, NULL, 's' },
		{ "workload", required_argument, NULL, 'w' },
		{ "threads", required_argument, NULL, 't' },
		{ "placement", required_argument, NULL, 'p' },
		{ "migrate", required_argument, NULL, 'm' },
		{ "topology", required_argument, NULL, 'T' },
		{ "duration", required_argument, NULL, 'd' },
		{ "events-per-task", required_argument, NULL, 'e' },
		{ "reps", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "tasks", required_argument, NULL, OPT_TASKS },
		{ "tasks-per-mm", required_argument, NULL, OPT_TPM },
		{ "events", required_argument, NULL, OPT_EVENTS },
		{ "pages", required_argument, NULL, OPT_PAGES },
		{ "mmap-pages", required_argument, NULL, OPT_MMAP_PAGES },
		{ "child-pages", required_argument, NULL, OPT_CHILD_PAGES },
		{ "real-fork", no_argument, NULL, OPT_REAL_FORK },
		{ "no-mm-cid", no_argument, NULL, OPT_NO_MM_CID },
		{ "child-threads", required_argument, NULL, OPT_CHILD_THREADS },
		{ "scan-mms", required_argument, NULL, OPT_SCAN_MMS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "serialize", no_argument, NULL, OPT_SERIALIZE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "slice", required_argument, NULL, OPT_SLICE },
		{ "pages-per-fault", required_argument, NULL, OPT_PAGES_PER_FAULT },
		{ NULL, 0, NULL, 0 },
	};
	char err[ERRLEN];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:w:t:p:m:T:d:e:r:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 's': for_each_item(optarg, add_scheme, o); break;
		case 'w': for_each_item(optarg, add_workload, o); break;
		case 't': for_each_item(optarg, add_threads, o); break;
		case 'm': for_each_item(optarg, add_migrate, o); break;
		case 'p': o->placement = optarg; break;
		case 'T': o->topology = optarg; break;
		case 'd': o->duration_s = parse_seconds(optarg); break;
		case 'e': o->events_per_task = (unsigned long)rss_parse_long("--events-per-task", optarg, 1, LONG_MAX); break;
		case 'r': o->reps = (int)rss_parse_long("--reps", optarg, 1, 100); break;
		case 'o': o->output = optarg; break;
		case 'q': o->quiet = 1; break;
		case OPT_TASKS: o->nr_tasks = (int)rss_parse_long("--tasks", optarg, 1, 100000); break;
		case OPT_TPM:
			o->tasks_per_mm = strcmp(optarg, "all") ?
				(int)rss_parse_long("--tasks-per-mm", optarg, 1, 100000) : 0;
			break;
		case OPT_EVENTS: o->events = optarg; break;
		case OPT_PAGES: o->params.pages = rss_parse_long("--pages", optarg, 1, 1L << 24); break;
		case OPT_MMAP_PAGES: o->params.mmap_pages = rss_parse_long("--mmap-pages", optarg, 1, 1L << 20); break;
		case OPT_CHILD_PAGES: o->params.child_pages = rss_parse_long("--child-pages", optarg, 0, 1L << 20); break;
		case OPT_REAL_FORK: o->params.real_fork = 1; break;
		case OPT_NO_MM_CID: o->params.mm_cid = 0; break;
		case OPT_CHILD_THREADS:
			o->params.child_threads = (int)rss_parse_long("--child-threads", optarg, 0,
								      RSS_MAX_CHILD_THREADS);
			break;
		case OPT_SCAN_MMS: o->params.scan_mms = rss_parse_long("--scan-mms", optarg, 1, 1L << 20); break;
		case OPT_SEED: o->seed = (unsigned)rss_parse_long("--seed", optarg, 0, INT_MAX); break;
		case OPT_MODEL:
			if (strcmp(optarg, RSS_MODEL_COHERENCE))
				rss_usage_error("unknown model \"%s\": the one model is --model coherence", optarg);
			o->model = optarg;
			break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_HELP: fputs(run_usage, stdout); exit(0);
		case OPT_PAGES_PER_FAULT:
			o->params.pages_per_fault = rss_parse_long("--pages-per-fault", optarg, 1, 1L << 18);
			break;
		case OPT_SERIALIZE: o->serialize = 1; break;
		case OPT_SLICE:
			if (rss_slice_parse(optarg, &o->slice, err, sizeof(err)))
				rss_usage_error("%s", err);
			break;
		default: rss_option_error(c, argv, "run");
		}
	}
	rss_no_operands(argc, argv, "run");
	if (o->params.pages % o->params.pages_per_fault)
		rss_usage_error("--pages %ld is not a multiple of --pages-per-fault %ld: give a multiple of it",
				o->params.pages, o->params.pages_per_fault);
}

static void defaults(struct rss_run_opts *o)
{
	if (!o->nr_schemes)
		add_scheme(o, "all");
	if (!o->nr_workloads)
		add_workload(o, "all");
	if (!o->nr_threads) {
		add_threads(o, "1");
		add_threads(o, "max");
	}
	if (!o->nr_migrate)
		add_migrate(o, "none");
}

/* Resolves "max" and drops repeats, keeping the order given. */
static void resolve_threads(struct rss_run_opts *o, const struct rss_topo *topo)
{
	char err[ERRLEN];
	int max = rss_topo_place_max(topo, o->placement, err, sizeof(err));
	int n = 0;

	if (max < 0)
		rss_usage_error("%s", err);
	for (int i = 0; i < o->nr_threads; i++) {
		int t = o->threads[i] ? o->threads[i] : max;
		int dup = 0;

		if (t > max)
			rss_usage_error("cannot run %d threads with placement \"%s\": it has %d CPUs; use at most %d or max",
					t, o->placement, max, max);
		for (int j = 0; j < n; j++)
			dup |= o->threads[j] == t;
		if (!dup)
			o->threads[n++] = t;
	}
	o->nr_threads = n;
}

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
			 n, first, 100 * RSS_NOISY_SPREAD);
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

static void progress(const struct rss_run_opts *o, int done, int total, double started,
		     const struct rss_row *row)
{
	double elapsed = now_s() - started;
	double left = done ? elapsed / done * (total - done) : 0;
	char cycles[64];

	if (o->quiet)
		return;
	if (row->r.ops)
		snprintf(cycles, sizeof(cycles), "%.0f cycles/op", row->r.cycles_per_op);
	else
		snprintf(cycles, sizeof(cycles), "cycles/op unavailable (no operation completed)");
	fprintf(stderr, "[%*d/%d] %s/%s threads=%d %s rep %d: %s, ",
		total >= 100 ? 3 : 2, done, total, row->workload->name, row->scheme->name,
		row->threads, row->migration, row->rep, cycles);
	if (row->r.settled_err < 0)
		fprintf(stderr, "no error (counts nothing)");
	else if (!row->r.nr_err_samples)
		fprintf(stderr, "err max unavailable (no watchdog sample), settled %ld",
			row->r.settled_err);
	else
		fprintf(stderr, "err max %ld, settled %ld", row->r.err_max, row->r.settled_err);
	if (o->model && row->model.modelled)
		fprintf(stderr, "; model %.2f transfers/op (%.1f s)",
			(double)rss_coh_transfers(&row->model.st) / (double)row->model.ops,
			row->model.seconds);
	else if (o->model)
		fprintf(stderr, "; model: %s", row->model.why);
	fprintf(stderr, "  (left ~%d:%02d)\n", (int)left / 60, (int)left % 60);
	if (row->r.note[0])
		fprintf(stderr, "      %s: %s\n", row->workload->name, row->r.note);
}

/*
 * One short untimed cell per workload first: code and libraries get faulted
 * in, and caches and page tables warm up, before anything is measured (the
 * native scheme would otherwise count the harness's own first faults).
 */
static int warm_up(const struct rss_run_opts *o, const struct rss_topo *topo,
		   const struct rss_pmu *pmu, int *cpus, char *err, size_t errlen)
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
		if (ret)
			return ret;
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

/*
 * A cell that could not run: name the resource limit that is the likely
 * cause, and what to do.
 */
static void limit_hint(char *err, size_t len, int ret, int threads)
{
	struct rlimit rl;
	int res = ret == -EAGAIN ? RLIMIT_NPROC : ret == -ENOMEM ? RLIMIT_AS : -1;
	size_t n = strlen(err);

	if (res < 0 || getrlimit(res, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return;
	if (res == RLIMIT_NPROC)
		snprintf(err + n, len - n, ": the process limit (ulimit -u %llu) is too low for %d threads; raise it or run fewer --threads",
			 (unsigned long long)rl.rlim_cur, threads);
	else
		snprintf(err + n, len - n, ": the address-space limit (ulimit -v %llu) is too low for %d threads; raise it or run fewer --threads",
			 (unsigned long long)rl.rlim_cur / 1024, threads);
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
static int run_matrix(struct rss_run_opts *o, const struct rss_topo *topo,
		      const struct rss_pmu *pmu, struct rss_results *res, struct run_end *end)
{
	int per_rep = o->nr_workloads * o->nr_schemes * o->nr_threads * o->nr_migrate;
	int total = per_rep * o->reps, done = 0, ret;
	struct rss_row *rows = calloc((size_t)total, sizeof(*rows));
	int *cpus = calloc((size_t)rss_topo_machine(topo)->nr_allowed, sizeof(int));
	struct rss_row_files files;
	double started = now_s();
	char *err = end->err;

	if (!rows || !cpus)
		return -ENOMEM;
	ret = rss_row_files_open(&files, res, o, pmu, err, ERRLEN);
	if (!ret && (ret = warm_up(o, topo, pmu, cpus, err, ERRLEN)))
		limit_hint(err, ERRLEN, ret, o->threads[o->nr_threads - 1]);
	if (!ret && rss_interrupted)
		ret = -EINTR;
	if (!ret && !o->quiet && !o->events_per_task)
		fprintf(stderr, "rssbench: %d cells x %d reps of %.2f s: about %.0f s\n",
			per_rep, o->reps, o->duration_s, total * (o->duration_s + 0.05));
	for (int rep = 1; rep <= o->reps && !ret; rep++)
	for (int w = 0; w < o->nr_workloads && !ret; w++)
	for (int s = 0; s < o->nr_schemes && !ret; s++)
	for (int t = 0; t < o->nr_threads && !ret; t++)
	for (int m = 0; m < o->nr_migrate && !ret; m++) {
		struct rss_row *row = &rows[done];
		struct rss_cell_config cfg = {
			.scheme = o->schemes[s], .workload = o->workloads[w], .topo = topo,
			.pmu = pmu, .nr_threads = o->threads[t], .cpus = cpus,
			.migrate = o->migrate[m], .slice = o->slice, .nr_tasks = o->nr_tasks,
			.tasks_per_mm = o->tasks_per_mm, .duration_s = o->duration_s,
			.events_per_task = o->events_per_task, .params = o->params,
			.seed = o->seed + (unsigned)rep, .serialize = o->serialize,
		};
		char where[300];

		cell_name(end->last_cell, sizeof(end->last_cell), o, &cfg, rep);
		ret = rss_topo_place(topo, o->placement, o->threads[t], cpus, err, ERRLEN);
		if (!ret && (ret = rss_cell_run(&cfg, &row->r, err, ERRLEN)))
			limit_hint(err, ERRLEN, ret, cfg.nr_threads);
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
		progress(o, ++done, total, started, row);
		if (rss_interrupted)
			ret = -EINTR;
	}
	end->done = done;
	if (!ret || ret == -EINTR || done) {
		FILE *f = rss_results_fopen(res, "summary.csv");
		int r2 = 0;

		if (!f)
			r2 = -errno;
		else {
			rss_csv_summary(f, o, pmu, rows, done);
			r2 = fclose(f) ? -EIO : 0;
			end->bad = rss_report_bad_cells(stderr, rows, done);
		}
		if (r2 && !ret) {
			snprintf(err, ERRLEN, "cannot write summary.csv: %s", strerror(-r2));
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
	if (!ret && o->strict) {
		rss_host_loadavg("", o->host_state->load_after);
		if (too_busy(o, rows, done)) {
			snprintf(err, ERRLEN, "--strict: %.300s (run on a quieter machine, or without --strict to keep them flagged)",
				 strict_why);
			ret = -EBUSY;
		}
	}
	if (!ret && !o->quiet)
		rss_print_table(stderr, o, rows, done);
	free(rows);
	free(cpus);
	return ret;
}

/* footprint.csv: the run's schemes at CPU counts up to max(384, this topology). */
static int write_footprint(const struct rss_run_opts *o, const struct rss_topo *topo,
			   struct rss_results *res)
{
	FILE *f = rss_results_fopen(res, "footprint.csv");
	const struct machine *m = rss_topo_machine(topo);
	int cpus[64], n = rss_footprint_cpu_counts(cpus, 64, m->nr_possible);

	if (!f)
		return -errno;
	rss_csv_footprint(f, o->schemes, o->nr_schemes, cpus, n, m->nr_nodes, 0,
			  RSS_FLEET_PROCESSES, NULL);
	return fclose(f) ? -EIO : 0;
}

static void on_signal(int sig)
{
	/* The first one counts; run-all may pass on one the group also got. */
	if (!rss_interrupted)
		rss_interrupted = sig;
}

/* SIGINT/SIGTERM stop the running cell; the finished rows are kept. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The files after the rows: footprint, topology, meta.  0 or -errno + @err. */
static int write_rest(const struct rss_run_opts *o, const struct rss_topo *topo,
		      const struct rss_pmu *pmu, struct rss_results *res, double started,
		      const char *last_cell, char *err, size_t errlen)
{
	char path[PATH_MAX + 64];
	int ret = write_footprint(o, topo, res);

	if (ret) {
		snprintf(err, errlen, "cannot write footprint.csv: %s", strerror(-ret));
		return ret;
	}
	rss_results_path(res, "topology.xml", path, sizeof(path));
	ret = rss_topo_export_xml(topo, path);
	if (!ret) {
		rss_results_path(res, "meta.json", path, sizeof(path));
		ret = rss_meta_write(path, o, topo, pmu, rss_results_host(res), started, now_s(),
				     last_cell);
	}
	if (ret)
		snprintf(err, errlen, "cannot write %.400s: %s", path, strerror(-ret));
	return ret;
}

int rss_cmd_run(int argc, char **argv)
{
	struct rss_run_opts o = {
		.placement = "compact", .output = "results", .duration_s = 0.5, .reps = 3,
		.params = { .pages = 512, .mmap_pages = 4, .child_pages = 16, .mm_cid = 1,
			    .scan_mms = 10000, .pages_per_fault = 1 },
		.seed = 1,
		.argc = argc, .argv = argv,
	};
	struct rss_host_state host;
	struct rss_topo *topo;
	struct rss_results *res;
	struct rss_pmu pmu;
	struct run_end end = { .done = 0 };
	char err[ERRLEN], rest_err[ERRLEN], final[PATH_MAX + 64];
	double started = now_s();
	int ret, r2, partial;

	if (rss_scenario_requested(argc, argv))
		return rss_cmd_scenario(argc, argv);
	rss_host_state_read(&host, "");
	o.host_state = &host;
	parse(&o, argc, argv);
	defaults(&o);
	if (rss_topo_open(&topo, o.topology, err, sizeof(err)))
		rss_usage_error("%s", err);
	resolve_threads(&o, topo);
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
		limit_hint(err, sizeof(err), ret, o.threads[o.nr_threads - 1]);
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
	/* After every input check: a bad input's error stays one line. */
	rss_pmu_print_unavailable(&pmu, stderr);

	catch_signals();
	ret = run_matrix(&o, topo, &pmu, res, &end);
	/* --strict found the machine too busy: nothing is kept. */
	if (ret == -EBUSY)
		end.done = 0;
	partial = ret != 0;
	rss_host_loadavg("", host.load_after);
	if ((!ret || end.done) &&
	    (r2 = write_rest(&o, topo, &pmu, res, started, partial ? end.last_cell : NULL,
			     rest_err, sizeof(rest_err)))) {
		if (!ret)
			snprintf(end.err, sizeof(end.err), "%s", rest_err);
		ret = ret ? ret : r2;
		end.done = 0;	/* nothing whole to keep */
	}
	rss_topo_close(topo);
	if (ret && !end.done) {
		rss_results_abort(res);
		if (ret == -EINTR)
			fprintf(stderr, "rssbench: interrupted by %s before any cell finished; no results directory was left\n",
				strsignal(rss_interrupted));
		else
			fprintf(stderr, "rssbench: %s; no results directory was left\n", end.err);
		return ret == -EINTR ? 128 + rss_interrupted : 1;
	}
	r2 = rss_results_commit(res, partial, final, sizeof(final));
	if (r2) {
		fprintf(stderr, "rssbench: cannot rename the results into place: %s\n", strerror(-r2));
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
		fprintf(stderr, "rssbench: %s; the %d finished rows are in %s\n", end.err, end.done, final);
		return 1;
	}
	if (end.bad)
		fprintf(stderr, "rssbench: %d cell%s failed or could not be verified (above); the results are in %s\n",
			end.bad, end.bad > 1 ? "s" : "", final);
	return end.bad ? 1 : 0;
}
