/*
 * cli_db.c - `rssbench db`: the results store (doc/store.md).  import and
 * merge write it, trend prints its series and their verdicts, site writes
 * the dashboard.  Every stored string printed is escaped.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "infile.h"
#include "site.h"
#include "store.h"
#include "store_trend.h"

#define ERRLEN	1024

static const char db_usage[] =
"usage: rssbench db COMMAND [--db STORE] ...\n"
"  import DIR...    load results directories, each in one transaction; a run\n"
"                   already there (same run id, or same meta.json and cells.csv) is skipped\n"
"  merge STORE...   copy the runs of other stores that this one lacks\n"
"  trend [filters]  each series' points (one per run) and its verdict\n"
"  site OUTDIR      a static dashboard (HTML, SVG plots) that opens from file://\n"
"  info             the schema version and how many runs and rows the store holds\n"
"  --db STORE       the store (default " RSS_STORE_DEFAULT ")\n"
"trend's options:\n"
"  -m, --machine HOST  -k, --kernel RELEASE  -w, --workload W  -s, --scheme S\n"
"  -t, --threads N     -p, --placement P     --migration M\n"
"  --metric M       cycles | ns | ops | err_max | err_p99 | settled_err | bytes | pcpu_bytes\n"
"                   (default cycles)\n"
"  --order O        time (a series per kernel) | kernel (across kernels) | revision\n"
"  --threshold PCT  a level this much worse than the best before is a regression (5%)\n"
"  --regressions    print only the series whose verdict is regression, suspect or changed,\n"
"                   and exit 1 when one is a regression or changed (CI)\n"
"exit 0; 2 for a usage error, a refused directory or store (one line on stderr each)\n";

struct db_cli {
	const char *db;
	struct rss_trend_query q;
	int only_regressions;
	int found;		/* series with a regression or a change */
	int series;		/* series seen */
};

static void usage_exit(void)
{
	fputs(db_usage, stdout);
	exit(0);
}

static void esc_fail(const char *what, const char *s, const char *fix)
{
	char e[128];

	rss_usage_error("%s \"%s\"; %s", what, rss_escape_str(e, sizeof(e), s), fix);
}

static int parse(struct db_cli *cl, int argc, char **argv)
{
	enum { OPT_DB = 256, OPT_MIGRATION, OPT_METRIC, OPT_ORDER, OPT_THRESHOLD, OPT_REGR };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "machine", required_argument, NULL, 'm' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "workload", required_argument, NULL, 'w' },
		{ "scheme", required_argument, NULL, 's' },
		{ "threads", required_argument, NULL, 't' },
		{ "placement", required_argument, NULL, 'p' },
		{ "migration", required_argument, NULL, OPT_MIGRATION },
		{ "metric", required_argument, NULL, OPT_METRIC },
		{ "order", required_argument, NULL, OPT_ORDER },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "regressions", no_argument, NULL, OPT_REGR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	cl->db = RSS_STORE_DEFAULT;
	cl->q.metric = rss_trend_metric("cycles");
	cl->q.threshold = 0.05;
	while ((c = getopt_long(argc, argv, ":m:k:w:s:t:p:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB:
			if (!*optarg)
				rss_usage_error("--db needs a file name");
			cl->db = optarg;
			break;
		case 'm': cl->q.machine = optarg; break;
		case 'k': cl->q.kernel = optarg; break;
		case 'w': cl->q.workload = optarg; break;
		case 's': cl->q.scheme = optarg; break;
		case 'p': cl->q.placement = optarg; break;
		case OPT_MIGRATION: cl->q.migration = optarg; break;
		case 't':
			cl->q.threads = (int)rss_parse_long("--threads", optarg, 1, RSS_MAX_CPUS);
			break;
		case OPT_METRIC:
			cl->q.metric = rss_trend_metric(optarg);
			if (!cl->q.metric)
				esc_fail("unknown metric", optarg, "'rssbench db --help' lists them");
			break;
		case OPT_ORDER:
			if (!strcmp(optarg, "time"))
				cl->q.order = RSS_ORDER_TIME;
			else if (!strcmp(optarg, "kernel"))
				cl->q.order = RSS_ORDER_KERNEL;
			else if (!strcmp(optarg, "revision"))
				cl->q.order = RSS_ORDER_REVISION;
			else
				esc_fail("unknown order", optarg, "give time, kernel or revision");
			break;
		case OPT_THRESHOLD: {
			char *end;
			double v = strtod(optarg, &end);

			if (end == optarg || (*end && strcmp(end, "%")) || !(v > 0 && v <= 100))
				esc_fail("bad value for --threshold", optarg,
					 "give a percentage above 0, at most 100");
			cl->q.threshold = v / 100;
			break;
		}
		case OPT_REGR:
			cl->only_regressions = 1;
			break;
		case 'h':
			usage_exit();
			break;
		default:
			rss_option_error(c, argv, "db");
		}
	}
	return optind;
}

/* The default store's directory, made when missing (one level). */
static void make_parent(const char *db)
{
	if (!strcmp(db, RSS_STORE_DEFAULT) && mkdir("results", 0777) && errno != EEXIST)
		rss_usage_error("cannot make results/ for the store: %s; give --db PATH",
				strerror(errno));
}

static struct rss_store *open_store(const char *db, int flags)
{
	struct rss_store *s;
	char err[ERRLEN] = "";

	if (!(flags & RSS_STORE_READONLY))
		make_parent(db);
	if (rss_store_open(&s, db, flags, err, sizeof(err)))
		rss_usage_error("%s", err);
	return s;
}

/*
 * The store is opened (made, when new) at the first directory the reader
 * and the store's own checks (rss_store_import_check) take, so that an
 * import refusing every directory leaves no empty store.
 */
static int cmd_import(struct db_cli *cl, int argc, char **argv)
{
	struct rss_store *s = NULL;
	int bad = 0;

	if (optind >= argc)
		rss_usage_error("db import needs results directories; 'rssbench db --help'");
	for (int i = optind; i < argc; i++) {
		char err[ERRLEN] = "", name[RSS_RESDIR_NAMELEN];
		struct rss_resdir *d;
		int ret;

		if (rss_resdir_load(&d, argv[i], 0, err, sizeof(err))) {
			fprintf(stderr, "rssbench: %s (not imported)\n", err);
			bad = 1;
			continue;
		}
		rss_escape_str(name, sizeof(name), d->path);	/* DIR/ named DIR */
		/* Its other tables too, before a store is made for it. */
		if (!s && (ret = rss_store_import_check(d, err, sizeof(err)))) {
			fprintf(stderr, "rssbench: %s: %s (not imported)\n", name, err);
			bad = 1;
			rss_resdir_free(d);
			continue;
		}
		if (!s)
			s = open_store(cl->db, 0);
		ret = rss_store_import(s, d, NULL, NULL, err, sizeof(err));
		if (ret == RSS_STORE_IMPORTED)
			printf("imported %s: %d cells.csv row%s\n", name, d->nr_rows, rss_s(d->nr_rows));
		else if (ret == RSS_STORE_SKIPPED)
			printf("skipped %s: the run is in the store already\n", name);
		else {
			fprintf(stderr, "rssbench: %s: %s (not imported)\n", name, err);
			bad = 1;
		}
		rss_resdir_free(d);
	}
	if (s)
		rss_store_close(s);
	return bad ? RSS_EXIT_USAGE : 0;
}

static int cmd_merge(struct db_cli *cl, int argc, char **argv)
{
	struct rss_store *s;
	int bad = 0;

	if (optind >= argc)
		rss_usage_error("db merge needs stores to merge; 'rssbench db --help'");
	s = open_store(cl->db, 0);
	for (int i = optind; i < argc; i++) {
		char err[ERRLEN] = "", name[RSS_RESDIR_NAMELEN];
		long added, skipped;
		int ret = rss_store_merge(s, argv[i], &added, &skipped, err, sizeof(err));

		rss_escape_str(name, sizeof(name), argv[i]);
		printf("merged %s: %ld run%s added, %ld already there\n", name, added, rss_s(added),
		       skipped);
		if (ret) {
			fprintf(stderr, "rssbench: %s (the runs before it stay)\n", err);
			bad = 1;
		}
	}
	rss_store_close(s);
	return bad ? RSS_EXIT_USAGE : 0;
}

/* A number, or "NA". */
static const char *num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "NA");
	else
		snprintf(buf, len, "%.6g", v);
	return buf;
}

static void marks_of(unsigned m, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s", m & RSS_MARK_VIRTUAL ? "virtual," : "",
		 m & RSS_MARK_GUEST ? "guest," : "", m & RSS_MARK_BUSY ? "busy," : "",
		 m & RSS_MARK_NOISY ? "noisy," : "");
	if (*buf)
		buf[strlen(buf) - 1] = '\0';
	else
		snprintf(buf, len, "-");
}

static int print_series(const struct rss_trend_series *s, void *arg)
{
	struct db_cli *cl = arg;
	const struct rss_trend_verdict *v = &s->verdict;
	char e[6][160], b[3][32];

	cl->series++;
	if (v->state == RSS_TREND_REGRESSION || v->state == RSS_TREND_CHANGED)
		cl->found++;
	if (cl->only_regressions && v->state != RSS_TREND_REGRESSION &&
	    v->state != RSS_TREND_SUSPECT && v->state != RSS_TREND_CHANGED)
		return 0;
	printf("%s %s %s/%s threads=%d %s %s %s: %s", rss_escape_str(e[0], 160, s->machine),
	       s->kernel ? rss_escape_str(e[1], 160, s->kernel) : "(all kernels)",
	       rss_escape_str(e[2], 160, s->workload), rss_escape_str(e[3], 160, s->scheme),
	       s->threads, rss_escape_str(e[4], 160, s->placement),
	       rss_escape_str(e[5], 160, s->migration), s->metric->name,
	       rss_trend_state_name(v->state));
	if (v->state == RSS_TREND_TOO_FEW)
		printf(" (%d usable, %d needed)", v->points,
		       s->metric->timing ? RSS_TREND_MIN_POINTS : 2);
	else if (v->state != RSS_TREND_OK && v->before > 0)
		printf(" %+.1f %% (%s -> %s)", 100 * (v->after / v->before - 1),
		       num(b[0], 32, v->before), num(b[1], 32, v->after));
	printf("\n  %-4s %-20s %-14s %-22s %4s %12s %12s %12s %s\n", "run", "started", "revision",
	       "kernel", "reps", "median", "min", "max", "marks");
	for (int i = 0; i < s->nr; i++) {
		const struct rss_trend_point *p = &s->pts[i];
		char m[64];

		marks_of(p->marks, m, sizeof(m));
		printf("  %-4lld %-20s %-14s %-22s %4d %12s %12s %12s %s%s\n", p->run,
		       rss_escape_str(e[0], 40, p->started), rss_escape_str(e[1], 40, p->revision),
		       rss_escape_str(e[2], 40, p->kernel), p->n, num(b[0], 32, p->median),
		       num(b[1], 32, p->min), num(b[2], 32, p->max), m,
		       p->used ? "" : " (not judged)");
	}
	return 0;
}

static int cmd_trend(struct db_cli *cl, int argc, char **argv)
{
	struct rss_store *s;
	char err[ERRLEN] = "";
	int ret;

	rss_no_operands(argc, argv, "db trend");
	s = open_store(cl->db, RSS_STORE_READONLY);
	ret = rss_store_trend(s, &cl->q, print_series, cl, err, sizeof(err));
	rss_store_close(s);
	if (ret)
		rss_usage_error("%s", err);
	if (!cl->series)
		fprintf(stderr, "rssbench: db trend: no series matches the filters\n");
	return cl->only_regressions && cl->found ? 1 : 0;
}

static int cmd_info(struct db_cli *cl, int argc, char **argv)
{
	struct rss_store *s;

	rss_no_operands(argc, argv, "db info");
	s = open_store(cl->db, RSS_STORE_READONLY);
	printf("schema %d\nruns %ld\ncells %ld\nrows %ld\n", rss_store_version(s),
	       rss_store_count(s, "runs"), rss_store_count(s, "cells"), rss_store_count(s, "rows"));
	rss_store_close(s);
	return 0;
}

static int cmd_site(struct db_cli *cl, int argc, char **argv)
{
	static char self[PATH_MAX], script[PATH_MAX + 64];
	struct rss_site_claims claims;
	struct rss_store *s;
	char err[ERRLEN] = "";
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int ret;

	if (optind + 1 != argc)
		rss_usage_error("db site needs one output directory; 'rssbench db --help'");
	self[len > 0 ? len : 0] = '\0';
	rss_pkg_script(self, "plot", "RSS_PLOT", script, sizeof(script));
	s = open_store(cl->db, RSS_STORE_READONLY);
	/* The claims never fail the site: without them it says why. */
	rss_site_claims_gather(s, script, &claims);
	ret = rss_site_write(s, argv[optind], &claims, err, sizeof(err));
	rss_site_claims_free(&claims);
	rss_store_close(s);
	if (ret)
		rss_usage_error("%s", err);
	printf("site: %s/index.html\n", argv[optind]);
	return 0;
}

int rss_cmd_db(int argc, char **argv)
{
	static const char *const names[] = { "import", "merge", "trend", "site", "info" };
	struct db_cli cl = { 0 };
	const char *cmd;

	/* Options may come before or after the command (getopt permutes). */
	parse(&cl, argc, argv);
	if (optind >= argc)
		rss_usage_error("db needs a command: import, merge, trend, site or info; 'rssbench db --help'");
	cmd = argv[optind++];
	if (!strcmp(cmd, "help"))
		usage_exit();
	if (!strcmp(cmd, "import"))
		return cmd_import(&cl, argc, argv);
	if (!strcmp(cmd, "merge"))
		return cmd_merge(&cl, argc, argv);
	if (!strcmp(cmd, "trend"))
		return cmd_trend(&cl, argc, argv);
	if (!strcmp(cmd, "site"))
		return cmd_site(&cl, argc, argv);
	if (!strcmp(cmd, "info"))
		return cmd_info(&cl, argc, argv);
	rss_unknown_name("db command", cmd, names, 5, "'rssbench db --help' lists them");
}
