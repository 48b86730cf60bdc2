/*
 * scenario_run.c - `rssbench run --scenario NAME`: runs the scenario's
 * plans (scenario.c) one after another, each in a child process
 * (rss_plan_run, or `rssbench guest` for a guest run: scenario_guest.c)
 * into its own hidden staging directory, and keeps them as one ordinary
 * results directory <output>/<host>-<stamp>-<NAME> (joined by
 * scenario_merge.c), meta.json's "scenario", "quick" and "scenario_notes"
 * added, fleet.csv where the scenario has one, each guest's own directory
 * in guests/ and meta.json's "kernels"; then its report.md and plots, as
 * `rssbench plot DIR` draws them.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "csv.h"
#include "harness.h"
#include "lifetime.h"
#include "results.h"
#include "scenario.h"

static const char scenario_usage[] =
"usage: rssbench run --scenario NAME|list [--quick] [-o DIR] [-q] [--strict] [--no-plots]\n"
"  --scenario NAME   run a named scenario (doc/scenarios.md); list: names, one line each\n"
"  --quick           its small form (seconds; the test suite runs every one)\n"
"  The scenario fixes its matrix; only these safe overrides may be added:\n"
"  -o, --output DIR  where the results directory <host>-<stamp>-NAME goes (default results)\n"
"  -q, --quiet       on stderr only errors, warnings and failed or unverified cells\n"
"      --strict      write no results (exit 1) when the machine was too busy\n"
"      --no-plots    no report.md and plots/ ('rssbench plot DIR' draws them later)\n";

/* The CSVs of several runs joined under one header. */
struct sc_opts {
	const char *name, *output;
	int quick, quiet, strict, no_plots;
};

static volatile sig_atomic_t child_pid, stop_sig;

static void on_signal(int sig)
{
	if (!stop_sig)
		stop_sig = sig;
	if (child_pid)	/* a run's pid, or minus the plot's process group */
		kill((pid_t)child_pid, sig);
}

int rss_scenario_requested(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--scenario", 10) && (!argv[i][10] || argv[i][10] == '='))
			return 1;
	return 0;
}

/* The value of option @argv[*i] (--opt=V or --opt V); exit 2 when missing or empty. */
static const char *value(int argc, char **argv, int *i, size_t len)
{
	const char *opt = argv[*i], *v;

	if (opt[len] == '=')
		v = opt + len + 1;
	else if (*i + 1 >= argc)
		rss_usage_error("option \"%s\" needs a value; 'rssbench run --help' lists the options",
				rss_shown(opt));
	else
		v = argv[++*i];
	if (!*v)
		rss_usage_error("option %.*s has an empty value (an unset shell variable?); give a value, or leave the option out for its default",
				(int)len, opt);
	return v;
}

static void parse(struct sc_opts *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "--scenario", 10) && (!a[10] || a[10] == '='))
			o->name = value(argc, argv, &i, 10);
		else if (!strcmp(a, "--quick"))
			o->quick = 1;
		else if (!strcmp(a, "-o") || (!strncmp(a, "--output", 8) && (!a[8] || a[8] == '=')))
			o->output = value(argc, argv, &i, a[1] == 'o' ? 2 : 8);
		else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
			o->quiet = 1;
		else if (!strcmp(a, "--strict"))
			o->strict = 1;
		else if (!strcmp(a, "--no-plots"))
			o->no_plots = 1;
		else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(scenario_usage, stdout);
			exit(0);
		} else
			rss_usage_error("\"%s\" cannot be given with --scenario: the scenario fixes its matrix; only --quick, --output, --quiet, --strict and --no-plots may be added ('rssbench run --help')",
					rss_shown(a));
	}
}

static void list(void)
{
	for (int i = 0; rss_scenarios[i]; i++)
		printf("%-16s %s\n", rss_scenarios[i]->name, rss_scenarios[i]->summary);
}

/*
 * The guest runs (kernels scenario), in the plan's order: each run's
 * outcome, what rss_sc_guest_run told, and its own directory once kept.
 */
static struct sc_guest {
	int run, rc;		/* rc -1: not started (no image) */
	char why[320], sub[PATH_MAX], dir[PATH_MAX], kept[PATH_MAX];
} guests[SC_MAX_RUNS];
static int nr_guests;
/* dirs[i] is the plan's run run_of[i] (a guest that brought nothing back has none). */
static int run_of[SC_MAX_RUNS];
/* <host>-<stamp> of a guest scenario's directory (the guests' are "guest-..."). */
static char host_base[160];

/*
 * meta.json's "kernels": each guest run's series, vCPUs and result ("ok",
 * "failed": its exit status and why, "not run": why), its directory in
 * guests/ (the guest's own results or its .failed console) and the kernel
 * identity its rows carry.
 */
static json_t *kernels_meta(const struct sc_plan *p, const char *work)
{
	char path[PATH_MAX * 2 + 8];
	json_t *a = json_array();

	for (int i = 0; i < nr_guests; i++) {
		const struct sc_guest *g = &guests[i];
		const struct sc_run *r = &p->runs[g->run];
		json_t *e = json_pack("{s:s, s:i}", "series", r->guest_series, "vcpus", r->guest_cpus);
		struct sc_kernel k;

		json_object_set_new(e, "result", json_string(g->dir[0] ? (g->rc <= 1 ? "ok" : "failed") :
					g->rc < 0 ? "not run" : "failed"));
		json_object_set_new(e, "exit", json_integer(g->rc < 0 ? 2 : g->rc));
		if (g->why[0] && !(g->dir[0] && g->rc <= 1))
			json_object_set_new(e, "why", json_string(g->why));
		if (g->kept[0])
			json_object_set_new(e, "dir", json_string(g->kept));
		snprintf(path, sizeof(path), "%s/%s", work, g->kept);
		if (g->dir[0] && g->kept[0] && !rss_sc_guest_identity(path, r, &k)) {
			json_object_set_new(e, "kernel", json_string(k.release));
			json_object_set_new(e, "kernel_era", json_string(k.era));
		}
		json_array_append_new(a, e);
	}
	return a;
}

/*
 * Each guest's own directory (results, or the console of a failed one)
 * moved into @work/guests/, named as the guest named it.
 */
static int keep_guests(const char *work)
{
	char to[2 * PATH_MAX + 16], from[PATH_MAX];
	int ret = 0;

	if (!nr_guests)
		return 0;
	snprintf(to, sizeof(to), "%s/guests", work);
	if (mkdir(to, 0777))
		return -errno;
	for (int i = 0; i < nr_guests && !ret; i++) {
		struct sc_guest *g = &guests[i];
		const char *src = g->dir[0] ? g->dir : NULL, *base;

		if (!src) {
			/* A failed guest's console: <sub>/guest-STAMP.failed. */
			if (g->rc < 0 || rss_find_result(g->sub, from, sizeof(from)))
				continue;
			src = from;
		}
		base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
		/*
		 * Joined already: the guest's directory itself moves, under the name
		 * the guest gave it; two guests done in one second (named alike), -2.
		 */
		ret = -EEXIST;
		for (int k = 1; k < 100 && (ret == -EEXIST || ret == -ENOTEMPTY); k++) {
			char suffix[8] = "";

			if (k > 1)
				snprintf(suffix, sizeof(suffix), "-%d", k);
			snprintf(to, sizeof(to), "%.*s/guests/%.255s%s", PATH_MAX, work, base, suffix);
			ret = rename(src, to) ? -errno : 0;
			if (!ret)
				snprintf(g->kept, sizeof(g->kept), "guests/%.255s%s", base, suffix);
		}
	}
	return ret;
}

/* meta.json of the kept directory @dir: the scenario's keys added. */
static int patch_meta(json_t *meta, const struct sc_plan *p, const struct sc_opts *o,
		      const char *dir)
{
	char path[PATH_MAX + 64];
	json_t *notes = json_array();
	int ret;

	for (int i = 0; i < p->nr_notes; i++)
		json_array_append_new(notes, json_string(p->notes[i]));
	json_object_set_new(meta, "scenario", json_string(o->name));
	json_object_set_new(meta, "quick", json_boolean(o->quick));
	json_object_set_new(meta, "scenario_notes", notes);
	if (p->cap_pages) {
		json_object_set_new(meta, "capped_at", json_pack("{s:s, s:I, s:o}", "rss", p->cap_label,
				    "pages", (json_int_t)p->cap_pages, "schemes", rss_sc_capped(p, dir)));
	}
	if (p->nr_fleets)
		json_object_set_new(json_object_get(meta, "files"), "fleet", json_string("fleet.csv"));
	if (nr_guests)
		json_object_set_new(meta, "kernels", kernels_meta(p, dir));
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	ret = json_dump_file(meta, path, JSON_INDENT(2) | JSON_SORT_KEYS) ? -EIO : 0;
	return ret;
}

/* The runs' exit statuses as one: a signal, then bad input, then 1. */
static int worst(int a, int b)
{
	if (a > 128 || b > 128)
		return a > 128 ? a : b;
	return a > b ? a : b;
}

/*
 * Keeps the runs left in @dirs (@n of them) as <output>/<host>-<stamp>-NAME
 * (-partial when a run was cut short); prints "results: PATH" and, when
 * @final is given, leaves PATH there (RSS_KEPT_LEN bytes).
 */
#define RSS_KEPT_LEN (PATH_MAX + 128)
static int keep(const struct sc_plan *p, const struct sc_opts *o, char dirs[][PATH_MAX], int n,
		const char *staging, int partial, char *kept)
{
	char err[512] = "", work[PATH_MAX + 16], final[RSS_KEPT_LEN], base[256];
	const char *name = strrchr(dirs[0], '/') + 1;
	json_t *meta = NULL;
	int ret = 0;

	snprintf(base, sizeof(base), "%s", host_base[0] ? host_base : name);
	if (strlen(base) > 8 && !strcmp(base + strlen(base) - 8, "-partial"))
		base[strlen(base) - 8] = 0;
	snprintf(final, sizeof(final), "%s/%s-%s%s", o->output, base, o->name,
		 partial ? "-partial" : "");
	if (p->nr_runs == 1) {
		snprintf(work, sizeof(work), "%s", dirs[0]);
		if (!(meta = rss_sc_load_meta(work)))
			snprintf(err, sizeof(err), "%.300s/meta.json: unreadable after the run", work);
		ret = meta ? 0 : -EINVAL;
	} else {
		snprintf(work, sizeof(work), "%s/merged", staging);
		ret = mkdir(work, 0777) ? -errno : rss_sc_merge(p, dirs, run_of, n, work, &meta, err,
								  sizeof(err));
	}
	if (!ret && (ret = keep_guests(work)))
		snprintf(err, sizeof(err), "cannot keep the guests' directories: %s", strerror(-ret));
	/* Stopped between runs or in one: the kept directory says so. */
	if (!ret && partial) {
		char at[64];

		snprintf(at, sizeof(at), "none: stopped before run %d of %d", n + 1, p->nr_runs);
		json_object_set_new(meta, "complete", json_false());
		if (!json_is_string(json_object_get(meta, "last_cell")))
			json_object_set_new(meta, "last_cell", json_string(at));
	}
	if (!ret && p->nr_fleets && (ret = rss_sc_write_fleet(p, work)))
		snprintf(err, sizeof(err), "cannot write fleet.csv: %s", strerror(-ret));
	if (!ret && (ret = patch_meta(meta, p, o, work)))
		snprintf(err, sizeof(err), "cannot write meta.json: %s", strerror(-ret));
	json_decref(meta);
	if (!ret && rename(work, final)) {
		ret = -errno;
		snprintf(err, sizeof(err), "cannot rename the results to %.300s: %s", final,
			 strerror(errno));
	}
	if (ret) {
		fprintf(stderr, "rssbench: scenario %s: %s; no results directory was left\n", o->name,
			err[0] ? err : strerror(-ret));
		return ret;
	}
	printf("results: %s\n", final);
	fflush(stdout);
	if (kept)
		snprintf(kept, RSS_KEPT_LEN, "%s", final);
	return 0;
}

/* What a run's child needs to keep the scenario's runs should this process die (SIGKILL). */
static struct orphan { const struct sc_plan *plan; char (*dirs)[PATH_MAX]; int n; const char *staging; } orphan;

/*
 * Runs @r's plan into @dir in a child (its meta.json's command_line the plan
 * rendered): its exit status (128+sig when killed).  The child dies with
 * this process (SIGTERM: it keeps its finished rows) and then keeps what the
 * scenario finished, as this process would have, and removes the staging.
 */
static int run_child(const struct sc_run *r, const char *dir, const struct sc_opts *o)
{
	struct rss_run_opts plan = r->plan;
	int st;
	pid_t pid, parent = getpid();

	plan.output = dir;
	plan.quiet = o->quiet;
	plan.strict = o->strict;
	/* The cycle counter's rate, measured once here: every run of the
	 * scenario inherits it, so the joined rows share meta.json's clock.hz. */
	rss_clock_hz();
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		/* Its "results: DIR" line is not the scenario's. */
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		rss_default_stop_signals();
		if (rss_die_with(parent, SIGTERM))
			_exit(128 + SIGTERM);
		st = rss_plan_run(&plan);
		fflush(NULL);
		if (getppid() != parent && orphan.plan) {
			if (rss_find_result(dir, orphan.dirs[orphan.n], PATH_MAX) == 0)
				orphan.n++;
			if (orphan.n)
				keep(orphan.plan, o, orphan.dirs, orphan.n, orphan.staging, 1, NULL);
			rss_rm_tree(orphan.staging);
			fprintf(stderr, "rssbench: scenario %s: its process died; the runs it finished are kept as %s/...-%s-partial\n",
				o->name, o->output, o->name);
		}
		_exit(st);
	}
	child_pid = pid;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	child_pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int is_partial(const char *dir)
{
	size_t n = strlen(dir);

	return n > 8 && !strcmp(dir + n - 8, "-partial");
}

/* "<host>-<YYYYmmdd-HHMMSS>" now, as rundir.c names a run. */
static void host_stamp(char *buf, size_t len)
{
	char host[64] = "", stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	for (char *p = host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(buf, len, "%s-%s", host, stamp);
}

/*
 * Guest run @i of @p into @sub (rss_sc_guest_run), recorded for meta.json's
 * kernels: its exit status (0 or 1, 128+sig) with its results directory in
 * @dir, or -1 when it brought none back (no image, no qemu, the guest
 * failed: the scenario goes on, and the claims say why it was not measured).
 */
static int guest_run(const struct sc_plan *p, int i, const char *sub, const struct sc_opts *o,
		     char *dir)
{
	struct sc_guest *g = &guests[nr_guests++];
	int st;

	*g = (struct sc_guest){ .run = i };
	snprintf(g->sub, sizeof(g->sub), "%s", sub);
	st = rss_sc_guest_run(&p->runs[i], sub, o->quiet, g->dir, sizeof(g->dir), g->why,
			      sizeof(g->why), &child_pid);
	g->rc = st;
	if (st > 128)
		return st;
	if (!g->dir[0] || st > 1) {
		g->dir[0] = '\0';
		return -1;
	}
	snprintf(dir, PATH_MAX, "%s", g->dir);
	return st;
}

int rss_cmd_scenario(int argc, char **argv)
{
	struct sc_opts o = { .output = "results" };
	const struct rss_scenario *s;
	const char *names[32];
	char staging[PATH_MAX], (*dirs)[PATH_MAX], kept[RSS_KEPT_LEN] = "";
	struct sc_plan plan;
	struct sc_job job;
	int n = 0, rc = 0, partial = 0, nr_names = 0;

	parse(&o, argc, argv);
	if (!o.name || !strcmp(o.name, "list")) {
		if (!o.name)
			rss_usage_error("--scenario needs a name; 'rssbench run --scenario list' shows them");
		list();
		return 0;
	}
	if (!(s = rss_scenario_find(o.name))) {
		for (; rss_scenarios[nr_names]; nr_names++)
			names[nr_names] = rss_scenarios[nr_names]->name;
		rss_unknown_name("scenario", o.name, names, nr_names,
				 "'rssbench run --scenario list' shows them");
	}
	if (mkdir(o.output, 0777) && errno != EEXIST)
		rss_usage_error("cannot create the output directory \"%s\": %s; give a writable --output",
				o.output, strerror(errno));
	snprintf(staging, sizeof(staging), "%s/.scenario-%s-XXXXXX", o.output, o.name);
	if (strlen(o.output) > PATH_MAX - 300 || !mkdtemp(staging))
		rss_usage_error("cannot write in the output directory \"%s\": %s; give a writable --output",
				o.output, strlen(o.output) > PATH_MAX - 300 ? "path too long" : strerror(errno));
	rss_scenario_plan(s, o.quick, &plan);
	if (plan.runs[0].guest_series)
		host_stamp(host_base, sizeof(host_base));
	dirs = calloc(SC_MAX_RUNS, PATH_MAX);
	if (!dirs)
		rss_die(ENOMEM, "scenario");
	rss_catch_stop_signals(on_signal);
	orphan = (struct orphan){ &plan, dirs, 0, staging };
	rss_scenario_job_start(&job, s, &plan, o.quick, o.quiet);
	for (int i = 0; i < plan.nr_runs && !stop_sig; i++) {
		char sub[PATH_MAX];
		int st;

		if (snprintf(sub, sizeof(sub), "%s/r%d", staging, i) >= (int)sizeof(sub))
			rss_usage_error("output path \"%s\" is too long; give a shorter --output", o.output);
		if (!o.quiet)
			fprintf(stderr, "rssbench: scenario %s%s: run %d of %d\n", o.name,
				o.quick ? " (quick)" : "", i + 1, plan.nr_runs);
		orphan.n = n;
		rss_scenario_job_run(&job, &plan, i);
		if (plan.runs[i].guest_series) {
			st = guest_run(&plan, i, sub, &o, dirs[n]);
			if (st >= 0)
				run_of[n++] = i;
			rss_scenario_job_ran(&job, st >= 0 ? dirs[n - 1] : NULL);
			rc = worst(rc, st < 0 ? 1 : st);
			if (stop_sig || st > 128) {
				partial = 1;
				break;
			}
			partial |= st >= 0 && is_partial(dirs[n - 1]);
			continue;
		}
		st = run_child(&plan.runs[i], sub, &o);
		rc = worst(rc, st < 0 ? 1 : st);
		if (rss_find_result(sub, dirs[n], PATH_MAX) == 0)
			run_of[n++] = i;
		rss_scenario_job_ran(&job, n && run_of[n - 1] == i ? dirs[n - 1] : NULL);
		/* A run that stopped (signal, bad input, resource limit) ends the scenario. */
		if (st < 0 || st > 1 || !n || run_of[n - 1] != i) {
			partial = 1;
			break;
		}
		partial |= is_partial(dirs[n - 1]);
	}
	if (!n && nr_guests && !stop_sig) {
		rss_rm_tree(staging);
		rss_usage_error("scenario %s: no guest brought results back (%s at %d vCPUs: %s); nothing was written",
				o.name, plan.runs[guests[0].run].guest_series,
				plan.runs[guests[0].run].guest_cpus, guests[0].why);
	}
	if (stop_sig && rc <= 128)
		rc = 128 + stop_sig;
	if (stop_sig)
		partial = 1;
	if (n && (rc <= 1 || rc > 128)) {
		if (keep(&plan, &o, dirs, n, staging, partial, kept))
			rc = rc ? rc : 1;
	} else if (!n && !rc) {
		rc = 1;
	}
	rss_rm_tree(staging);
	free(dirs);
	/* Stopped by a signal: the results are kept, not drawn. */
	if (kept[0] && !o.no_plots && !stop_sig) {
		int st = rss_scenario_plot(kept, o.name, o.quiet, &child_pid, &stop_sig);

		if (st)
			rc = st;
	}
	rss_scenario_job_end(&job);
	return rc;
}
