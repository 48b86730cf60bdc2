/*
 * cli_run_opts.c - `rssbench run`'s options: the usage text and parsing
 * them into a run plan (plan.h: its setters build the lists, its checks
 * relate the options); "max" threads are resolved once the topology is
 * known.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_run.h"
#include "harness.h"
#include "plan.h"

#define ERRLEN	512

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
"      --min-ops N          a cell's window closes once -d has passed and each timed task has\n"
"                           N timed operations (default 10; 0: at -d), but at the latest at\n"
"      --window-cap S       seconds (default the larger of 20 x -d and 1 s); a task short of\n"
"                           N then is in the row's notes, one with none is unverified\n"
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
"      --model-only coherence  the model pass alone, no timed pass (minutes less on\n"
"                           big virtual topologies): model.csv as with --model; cells.csv's\n"
"                           timing, error and verify columns NA/unverified 'not timed'\n"
"  -o, --output DIR         where the results directory goes (default results)\n"
"  -q, --quiet              on stderr only errors, warnings and the failed or unverified\n"
"                           cells' lines: no progress, events or table (stdout: results:)\n"
"      --strict             write no results (exit 1) when the machine was too busy: load\n"
"                           average above the online CPUs before or after, or a noisy cell\n"
"      --ab-pace FD         (rssbench ab's own) wait on socket FD before each repetition\n"
"      --scenario NAME      a named scenario (--scenario list; doc/scenarios.md) into\n"
"                           <host>-<stamp>-NAME; with it only --quick, --output, --quiet\n"
"                           and --strict may be given ('rssbench run --scenario x --help')\n";

/* Seconds per cell: a plain decimal from 1 ms to an hour ("0.5"; no 1e-12, no 0x1p-3). */
static double parse_seconds(const char *s)
{
	return rss_parse_real("--duration", s, 0.001, 3600);
}

static void parse_options(struct rss_run_opts *o, int argc, char **argv)
{
	enum { OPT_TASKS = 256, OPT_TPM, OPT_EVENTS, OPT_PAGES, OPT_MMAP_PAGES,
	       OPT_CHILD_PAGES, OPT_REAL_FORK, OPT_NO_MM_CID, OPT_CHILD_THREADS, OPT_SCAN_MMS, OPT_SEED, OPT_HELP,
	       OPT_SLICE, OPT_MIN_OPS, OPT_WINDOW_CAP, OPT_PAGES_PER_FAULT, OPT_STRICT, OPT_MODEL,
	       OPT_SERIALIZE, OPT_MODEL_ONLY, OPT_AB_PACE };
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
		{ "model-only", required_argument, NULL, OPT_MODEL_ONLY },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "serialize", no_argument, NULL, OPT_SERIALIZE },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "slice", required_argument, NULL, OPT_SLICE },
		{ "min-ops", required_argument, NULL, OPT_MIN_OPS },
		{ "window-cap", required_argument, NULL, OPT_WINDOW_CAP },
		{ "pages-per-fault", required_argument, NULL, OPT_PAGES_PER_FAULT },
		{ "ab-pace", required_argument, NULL, OPT_AB_PACE },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = rss_getopt(argc, argv, ":s:w:t:p:m:T:d:e:r:o:q", longopts, NULL)) != -1) {
		switch (c) {
		case 's': rss_plan_schemes(o, optarg); break;
		case 'w': rss_plan_workloads(o, optarg); break;
		case 't': rss_plan_thread_list(o, optarg); break;
		case 'm': rss_plan_migrate(o, optarg); break;
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
				rss_usage_error("unknown model \"%s\": the one model is --model coherence",
						rss_shown(optarg));
			o->model = optarg;
			break;
		case OPT_MODEL_ONLY:
			if (strcmp(optarg, RSS_MODEL_COHERENCE))
				rss_usage_error("unknown model \"%s\": the one model is --model-only coherence",
						rss_shown(optarg));
			o->model = optarg;
			o->model_only = 1;
			break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_HELP: fputs(run_usage, stdout); exit(0);
		case OPT_PAGES_PER_FAULT:
			o->params.pages_per_fault = rss_parse_long("--pages-per-fault", optarg, 1, 1L << 18);
			break;
		case OPT_SERIALIZE: o->serialize = 1; break;
		case OPT_AB_PACE: o->pace_fd = (int)rss_parse_long("--ab-pace", optarg, 3, INT_MAX); break;
		case OPT_MIN_OPS: o->min_ops = (unsigned long)rss_parse_long("--min-ops", optarg, 0, 1L << 30); break;
		case OPT_WINDOW_CAP: o->window_cap_s = parse_seconds(optarg); break;
		case OPT_SLICE: rss_plan_slice(o, optarg); break;
		default: rss_option_error(c, argv, "run");
		}
	}
	rss_no_operands(argc, argv, "run");
}

void rss_run_opts_parse(struct rss_run_opts *o, int argc, char **argv)
{
	parse_options(o, argc, argv);
	rss_plan_fill(o);
	rss_plan_check(o);
}

void rss_run_opts_resolve_threads(struct rss_run_opts *o, const struct rss_topo *topo)
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
			rss_usage_error("cannot run %d threads with placement \"%s\": it has %d CPU%s; use at most %d or max",
					t, rss_shown(o->placement), max, rss_s(max), max);
		for (int j = 0; j < n; j++)
			dup |= o->threads[j] == t;
		if (!dup)
			o->threads[n++] = t;
	}
	o->nr_threads = n;
}
