/*
 * cli_compare.c - `rssbench compare` (a table, CSV or JSON) and `rssbench
 * gate` (an exit status for CI) over results directories (doc/compare.md).
 */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_compare.h"
#include "harness.h"
#include "infile.h"
#include "store.h"

#define ERRLEN	768
#define GATE_EXIT_ERROR	3

enum format { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_JUNIT };

/* --- options shared by compare and gate ----------------------------------- */

struct cmp_cli {
	struct rss_cmp_opts o;
	enum format fmt;
	int flags;		/* rss_resdir_load's */
	const char *baseline;
	const char *baseline_db;	/* gate --baseline-db: the store's latest run instead */
	/* compare's filters: the lists as given, checked against the baseline once it is read. */
	const char *schemes, *workloads, *metric;
	struct rss_cmp_filter f;
	struct rss_resdir *base, **cands;	/* compare's directories, read */
	int nr_cands;
	void (*fail)(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
};

/* A plain decimal (rss_plain_decimal), or @percent and a trailing "%"; from @min to @max. */
static double parse_double(struct cmp_cli *cl, const char *opt, const char *s, double min,
			   double max, int percent)
{
	size_t len = strlen(s);
	char num[64];
	double v;

	snprintf(num, sizeof(num), "%.*s", (int)(percent && len && s[len - 1] == '%' ? len - 1 : len), s);
	if (len >= sizeof(num) || rss_plain_decimal(num, &v) || !(v >= min && v <= max))
		cl->fail("bad value \"%s\" for %s: give a plain decimal number from %g to %g%s",
			 rss_shown(s), opt, min, max, percent ? " (percent)" : "");
	return v;
}

/* A whole number from @min to @max (rss_plain_integer). */
static long parse_whole(struct cmp_cli *cl, const char *opt, const char *s, long min, long max)
{
	long v;

	if (rss_plain_integer(s, &v) || v < min || v > max)
		cl->fail("bad value \"%s\" for %s: give a whole number from %ld to %ld",
			 rss_shown(s), opt, min, max);
	return v;
}

static const char compare_usage[] =
"usage: rssbench compare [options] BASELINE CANDIDATE [CANDIDATE...]\n"
"  lines up the cells of results directories and compares every metric; the\n"
"  table leads with one line per scheme (the geometric mean of its cells'\n"
"  candidate/baseline ratios on --metric, the cells worse, better, the same and\n"
"  unclear, a verdict), then the notes (metrics not compared: one note per\n"
"  reason, not a row per cell), then a row per cell and metric\n"
"  -f, --format F       table | csv | json (default table)\n"
"  -s, --scheme LIST    only these schemes' cells (comma-separated, as the baseline names them)\n"
"  -w, --workload LIST  only these workloads' cells\n"
"      --metric M       the summary's metric, and only its rows: cycles, ns, ops,\n"
"                       a column (cycles_per_op, err_max, bytes_per_mm, verify, ...)\n"
"                       or an ev: column (default: cycles_per_op, every metric's rows)\n"
"      --changed-only   only the cells whose verdict on the metric is not \"same\"\n"
"                       (worse, better or unclear)\n"
"      --alpha A        U test significance (default 0.05)\n"
"      --allow-partial  compare interrupted runs too (what they finished)\n"
"  exit 0; 2 for a usage error, a filter naming nothing in the baseline or an\n"
"  unreadable directory (one line on stderr)\n";

static const char gate_usage[] =
"usage: rssbench gate --baseline DIR [options] CANDIDATE\n"
"  exit 0 no regression, 1 regression, 2 inconclusive, 3 error (doc/compare.md)\n"
"  -b, --baseline DIR   the results to compare against (this or --baseline-db)\n"
"      --baseline-db STORE  the latest idle run of this machine in the store\n"
"                       (rssbench db; doc/store.md), written back and read as a directory\n"
"  -f, --format F       text | json | junit (JUnit XML) (default text)\n"
"      --threshold PCT  a time metric must be this much worse (default 5%)\n"
"      --alpha A        U test significance (default 0.05)\n"
"      --min-reps N     fewer repetitions on a side is inconclusive (default 5)\n"
"      --metric M       cycles | ns | ops: the time metric gated, once per cell (default cycles)\n"
"      --allow-partial  accept interrupted runs (what they finished)\n"
"  the baseline and the candidate must be two runs: one directory twice is an error\n"
"rules, per cell (a cell's verdict is the worst of its metrics):\n"
"  time (the --metric): never judged, so inconclusive with the reason, when either\n"
"    topology is virtual, the topology kinds, CPU models or hypervisors differ (a\n"
"    guest's timings are not a machine's), either run was busy by its own meta.json\n"
"    (load average above its online CPUs before or after; waived for the two sides\n"
"    of one `rssbench ab` run, interleaved: the load fell on both alike), or the\n"
"    cell is noisy on either side (repetitions' IQR > 10% of their median); else\n"
"    inconclusive below --min-reps or where the U test cannot reach --alpha; a\n"
"    regression when worse by more than --threshold with p < --alpha; ok when\n"
"    significantly better; inconclusive when worse without significance or when\n"
"    either side's IQR/median exceeds --threshold; else ok\n"
"  deterministic (bound_under, bound_over, bytes_per_mm, pcpu_bytes_per_mm,\n"
"    precise_err, failures; settled_err too when both runs are --serialize with the\n"
"    same -e, seed and --slice Nops): gated exactly whatever the load: larger is a\n"
"    regression, smaller a finding (changed), each with the cell and both values;\n"
"    model.csv's figures likewise when both runs had a model pass with the same -e\n"
"  verify: a FAILED candidate repetition is a regression, unverified inconclusive\n"
"  baseline cells missing from the candidate: inconclusive\n";

static int parse(struct cmp_cli *cl, int argc, char **argv, const char *usage)
{
	enum { OPT_ALPHA = 256, OPT_THRESHOLD, OPT_MIN_REPS, OPT_ALLOW_PARTIAL, OPT_METRIC,
	       OPT_BASELINE_DB, OPT_CHANGED_ONLY };
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "baseline-db", required_argument, NULL, OPT_BASELINE_DB },
		{ "scheme", required_argument, NULL, 's' },
		{ "workload", required_argument, NULL, 'w' },
		{ "changed-only", no_argument, NULL, OPT_CHANGED_ONLY },
		{ "alpha", required_argument, NULL, OPT_ALPHA },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "min-reps", required_argument, NULL, OPT_MIN_REPS },
		{ "allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL },
		{ "metric", required_argument, NULL, OPT_METRIC },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int gate = usage == gate_usage, c;

	opterr = 0;
	while ((c = rss_getopt(argc, argv, gate ? ":b:f:h" : ":f:s:w:h", longopts,
				cl->fail)) != -1) {
		switch (c) {
		case 'f':
			if (gate && !strcmp(optarg, "text"))
				cl->fmt = FMT_TABLE;
			else if (gate && !strcmp(optarg, "json"))
				cl->fmt = FMT_JSON;
			else if (gate && !strcmp(optarg, "junit"))
				cl->fmt = FMT_JUNIT;
			else if (gate)
				cl->fail("bad format \"%s\": use text, json or junit", optarg);
			else if (!strcmp(optarg, "table"))
				cl->fmt = FMT_TABLE;
			else if (!strcmp(optarg, "csv"))
				cl->fmt = FMT_CSV;
			else if (!strcmp(optarg, "json"))
				cl->fmt = FMT_JSON;
			else
				cl->fail("bad format \"%s\": use table, csv or json", rss_shown(optarg));
			break;
		case 'b':
			if (!gate)
				goto bad;
			cl->baseline = optarg;
			break;
		case OPT_BASELINE_DB:
			if (!gate)
				goto bad;
			cl->baseline_db = optarg;
			break;
		case OPT_ALPHA:
			cl->o.alpha = parse_double(cl, "--alpha", optarg, 1e-6, 0.5, 0);
			break;
		case OPT_THRESHOLD:
			if (!gate)
				goto bad;
			cl->o.threshold = parse_double(cl, "--threshold", optarg, 0, 1000, 1) / 100;
			break;
		case OPT_MIN_REPS:
			if (!gate)
				goto bad;
			cl->o.min_reps = (int)parse_whole(cl, "--min-reps", optarg, 2, 100);
			break;
		case OPT_ALLOW_PARTIAL:
			cl->flags |= RSS_RESDIR_ALLOW_PARTIAL;
			break;
		case 's':
		case 'w':
			if (gate)
				goto bad;
			*(c == 's' ? &cl->schemes : &cl->workloads) = optarg;
			break;
		case OPT_CHANGED_ONLY:
			if (gate)
				goto bad;
			cl->f.changed_only = 1;
			break;
		case OPT_METRIC:
			if (!gate) {
				cl->metric = optarg;	/* checked against the directories */
				break;
			}
			if (!strcmp(optarg, "cycles"))
				cl->o.gate_metric = "cycles_per_op";
			else if (!strcmp(optarg, "ns"))
				cl->o.gate_metric = "ns_per_op";
			else if (!strcmp(optarg, "ops"))
				cl->o.gate_metric = "ops_per_sec";
			else
				cl->fail("bad --metric \"%s\": use cycles, ns or ops", rss_shown(optarg));
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case ':':
			cl->fail("option \"%s\" needs a value; 'rssbench %s --help' lists the options",
				 rss_shown(argv[optind - 1]), argv[0]);
		default:
bad:
			cl->fail("unknown option \"%s\"; 'rssbench %s --help' lists the options",
				 rss_shown(argv[optind - 1]), argv[0]);
		}
	}
	return optind;
}

/* @path read as @side ("baseline" or "candidate"); a refusal names the side. */
static struct rss_resdir *load(struct cmp_cli *cl, const char *path, const char *side)
{
	struct rss_resdir *d;
	char err[ERRLEN];

	if (rss_resdir_load(&d, path, cl->flags, err, sizeof(err)))
		cl->fail("the %s %s", side, err);
	return d;
}

/* --- compare's filters, checked against what the directories hold --------- */

struct names {
	const struct rss_resdir *d;
	const char *opt, *what;
	int col;			/* the key column of @d */
	const char **out;		/* NULL-ended */
	int n;
};

/* Exit 2: @item names no cell of the baseline; the names it has (and the nearest). */
static void __attribute__((noreturn)) no_such(const struct names *l, const char *item)
{
	const char *have[32] = { NULL };
	char list[1024] = "", esc[128];
	size_t at = 0;
	int n = 0, more = 0;

	for (int r = 0; r < l->d->nr_rows; r++) {
		const char *v = rss_resdir_val(l->d, r, l->col);
		int k;

		for (k = 0; k < n && strcmp(have[k], v); k++)
			;
		if (k < n)
			continue;
		if (n == 32) {
			more = 1;
			break;
		}
		have[n++] = v;
	}
	for (int k = 0; k < n && at < sizeof(list); k++)
		at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s", k ? ", " : "",
				       rss_escape_str(esc, sizeof(esc), have[k]));
	{
		const char *hit = rss_closest(item, have, n);

		rss_usage_error("unknown %s \"%s\" for %s: no cell of the baseline has it; %s%s%sit has %s%s",
				l->what, rss_shown(item), l->opt, hit ? "did you mean \"" : "",
				hit ? rss_shown(hit) : "", hit ? "\"? " : "", list, more ? ", ..." : "");
	}
}

static void add_name(void *arg, const char *item)
{
	struct names *l = arg;
	int r;

	for (r = 0; r < l->d->nr_rows && strcmp(rss_resdir_val(l->d, r, l->col), item); r++)
		;
	if (r == l->d->nr_rows)
		no_such(l, item);
	l->out = realloc(l->out, ((size_t)l->n + 2) * sizeof(*l->out));
	if (!l->out || !(l->out[l->n] = strdup(item)))
		rss_die(ENOMEM, "compare");
	l->out[++l->n] = NULL;
}

/* The items of @list (option @opt), each a @what (its column) of the baseline. */
static const char **name_list(const struct cmp_cli *cl, const char *opt, const char *what,
			      const char *list)
{
	struct names l = { cl->base, opt, what, rss_resdir_col(cl->base, what), NULL, 0 };

	if (!list)
		return NULL;
	rss_for_each_item(opt, list, add_name, &l);
	return l.out;
}

static void free_list(const char **l)
{
	for (const char **p = l; p && *p; p++)
		free((char *)*p);
	free(l);
}

/*
 * --metric: cycles, ns, ops, a fixed metric's name, or an ev: column of the
 * baseline or a candidate; else exit 2 with the nearest name.
 */
static const char *metric_name(const struct cmp_cli *cl, const char *m)
{
	static const char *const alias[][2] = {
		{ "cycles", "cycles_per_op" }, { "ns", "ns_per_op" }, { "ops", "ops_per_sec" },
	};
	const char *names[32], *hit;
	int n;

	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcmp(m, alias[i][0]))
			return alias[i][1];
	for (int i = 0; i < cl->nr_cands; i++)
		if (rss_cmp_has_metric(cl->base, cl->cands[i], m))
			return m;
	n = rss_cmp_metric_names(names, 32);
	hit = rss_closest(m, names, n);
	rss_usage_error("unknown --metric \"%s\"; %s%s%suse cycles, ns, ops, a column (%s, ...) or an ev: column of the results",
			rss_shown(m), hit ? "did you mean \"" : "", hit ? hit : "", hit ? "\"? " : "",
			"cycles_per_op, err_max, bytes_per_mm, verify");
}

int rss_cmd_compare(int argc, char **argv)
{
	struct cmp_cli cl = {
		.o = { .threshold = 0.05, .alpha = 0.05, .min_reps = 5 },
		.fail = rss_usage_error,
	};
	int first = parse(&cl, argc, argv, compare_usage);
	struct rss_resdir *a, **b;
	int nb = argc - first - 1;

	if (nb < 1)
		rss_usage_error("compare needs a baseline and at least one candidate directory; 'rssbench compare --help'");
	a = cl.base = load(&cl, argv[first], "baseline");
	/* Kept in @cl, reachable until exit: an error below exits without freeing. */
	b = cl.cands = calloc((size_t)nb, sizeof(*b));
	if (!b)
		rss_die(ENOMEM, "compare");
	for (int i = 0; i < nb; i++) {	/* every input checked before any output */
		b[i] = load(&cl, argv[first + 1 + i], "candidate");
		cl.nr_cands++;
	}
	/* And every filter: a name no cell has is a typo, never an empty table. */
	cl.f.schemes = name_list(&cl, "--scheme", "scheme", cl.schemes);
	cl.f.workloads = name_list(&cl, "--workload", "workload", cl.workloads);
	if (cl.metric) {
		cl.f.metric = metric_name(&cl, cl.metric);
		cl.f.one_metric = 1;
	}
	if (cl.fmt == FMT_JSON)
		rss_cmp_json_begin(a);
	for (int i = 0; i < nb; i++) {
		struct rss_cmp_view v;
		struct rss_cmp c;

		if (rss_compare(&c, a, b[i], &cl.o))
			rss_die(ENOMEM, "compare");
		rss_cmp_view_init(&v, &c, &cl.f, &cl.o);
		if (cl.fmt == FMT_TABLE) {
			if (i)
				putchar('\n');
			rss_cmp_print_table(a, b[i], &v);
		} else if (cl.fmt == FMT_CSV) {
			rss_cmp_print_csv(b[i], &v, !i);
		} else {
			rss_cmp_print_json(a, b[i], &v, !i);
		}
		rss_cmp_view_free(&v);
		rss_compare_free(&c);
		rss_resdir_free(b[i]);
	}
	if (cl.fmt == FMT_JSON)
		rss_cmp_json_end();
	rss_resdir_free(a);
	free(b);
	free_list(cl.f.schemes);
	free_list(cl.f.workloads);
	return 0;
}

static struct rss_resdir *load_history(struct cmp_cli *cl, const struct rss_resdir *cand);

static void __attribute__((noreturn, format(printf, 1, 2))) gate_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rss_error_exit(GATE_EXIT_ERROR, "gate: ", fmt, ap);
}

int rss_cmd_gate(int argc, char **argv)
{
	struct cmp_cli cl = {
		.o = { .threshold = 0.05, .alpha = 0.05, .min_reps = 5,
		       .gate_metric = "cycles_per_op" },
		.fail = gate_error,
	};
	int first = parse(&cl, argc, argv, gate_usage);
	int status;
	char pa[256], pb[256], why[128];
	struct rss_resdir *a, *b;
	struct rss_cmp c;

	if (!cl.baseline == !cl.baseline_db)
		gate_error("give one of --baseline DIR and --baseline-db STORE; 'rssbench gate --help'");
	if (argc - first != 1)
		gate_error("give exactly one candidate directory after the options; 'rssbench gate --help'");
	b = load(&cl, argv[first], "candidate");
	a = cl.baseline_db ? load_history(&cl, b) : load(&cl, cl.baseline, "baseline");
	/* model.csv: deterministic with -e, gated exactly (doc/compare.md). */
	{
		char err[ERRLEN];

		if (rss_resdir_load_model(a, err, sizeof(err)) ||
		    rss_resdir_load_model(b, err, sizeof(err)))
			gate_error("%s", err);
	}
	/* A run gated against itself passes whatever it holds: a CI mistake, not a result. */
	if (rss_resdir_same_run(a, b, why, sizeof(why)))
		gate_error("%s and %s are %s: a run compared with itself always passes; give the baseline run to compare against",
			   rss_escape_str(pa, sizeof(pa), a->path),
			   rss_escape_str(pb, sizeof(pb), b->path), why);
	if (rss_compare(&c, a, b, &cl.o))
		gate_error("out of memory");
	if (!c.nr_pairs)
		gate_error("no cell of %s lines up with one of %s; compare results of the same matrix",
			   rss_escape_str(pb, sizeof(pb), b->path),
			   rss_escape_str(pa, sizeof(pa), a->path));
	status = rss_gate_print(a, b, &c, &cl.o, cl.fmt == FMT_JSON ? RSS_GATE_JSON :
				cl.fmt == FMT_JUNIT ? RSS_GATE_JUNIT : RSS_GATE_TEXT);
	rss_compare_free(&c);
	rss_resdir_free(a);
	rss_resdir_free(b);
	return status;
}

/* gate --baseline-db: the history's latest idle run of @cand's machine, read back. */
static char history_dir[PATH_MAX];

static void remove_history(void)
{
	rss_store_export_remove(history_dir);
}

static struct rss_resdir *load_history(struct cmp_cli *cl, const struct rss_resdir *cand)
{
	char err[ERRLEN], what[512];

	if (rss_store_baseline(cl->baseline_db, cand, history_dir, what, sizeof(what), err,
			       sizeof(err)))
		cl->fail("%s", err);
	atexit(remove_history);
	/* JSON and JUnit own stdout: the note goes to stderr there. */
	fprintf(cl->fmt == FMT_JSON || cl->fmt == FMT_JUNIT ? stderr : stdout,
		"note: baseline: %s\n", what);
	return load(cl, history_dir, "baseline");
}
