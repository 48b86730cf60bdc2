/*
 * scenario_run.c - `rssbench run --scenario NAME`: runs the scenario's
 * plans (scenario.c) one after another, each in a child process
 * (rss_plan_run) into its own hidden staging directory, and keeps them as one ordinary results
 * directory <output>/<host>-<stamp>-<NAME>: the CSVs of several runs (one
 * per topology) joined under one header, each run's topology in
 * topology-<threads>.xml and topologies.csv, meta.json's "scenario",
 * "quick" and "scenario_notes" added, fleet.csv where the scenario has one;
 * then its report.md and plots, as `rssbench plot DIR` draws them.
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
static const char *const joined[] = {
	"cells.csv", "summary.csv", "workers.csv", "errtrace.csv", "model.csv",
};

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

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out;
	char buf[65536];
	size_t n;
	int ret = 0;

	if (!in)
		return errno == ENOENT ? 0 : -errno;
	out = fopen(to, "w");
	if (!out) {
		ret = -errno;
		fclose(in);
		return ret;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)))
		if (fwrite(buf, 1, n, out) != n)
			ret = -EIO;
	fclose(in);
	return fclose(out) || ret ? -EIO : 0;
}

/*
 * @name of each of the @n directories joined into @to: the first's header,
 * every one's rows in order.  Headers must agree (the runs of one scenario
 * share their columns); 0 or -errno with @err.
 */
static int join_csv(char dirs[][PATH_MAX], int n, const char *to, const char *name,
		    char *err, size_t errlen)
{
	char path[PATH_MAX + 64], *first = NULL, *line = NULL;
	size_t cap = 0;
	FILE *out = NULL;
	int ret = 0;

	for (int i = 0; i < n && !ret; i++) {
		FILE *in;

		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		if (!(in = fopen(path, "r")))
			continue;
		if (getline(&line, &cap, in) < 0) {
			fclose(in);
			continue;
		}
		if (!first) {
			first = strdup(line);
			snprintf(path, sizeof(path), "%s/%s", to, name);
			if (!first || !(out = fopen(path, "w")) || fputs(line, out) < 0)
				ret = -errno ? -errno : -EIO;
		} else if (strcmp(first, line)) {
			snprintf(err, errlen, "%s: the scenario's runs wrote different columns", name);
			ret = -EINVAL;
		}
		while (!ret && getline(&line, &cap, in) >= 0)
			if (fputs(line, out) < 0)
				ret = -EIO;
		fclose(in);
	}
	if (out && fclose(out) && !ret)
		ret = -EIO;
	if (ret && !err[0])
		snprintf(err, errlen, "cannot write %s: %s", name, strerror(-ret));
	free(first);
	free(line);
	return ret;
}

/* A run's meta.json, or NULL. */
static json_t *load_meta(const char *dir)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	return json_load_file(path, 0, NULL);
}

/*
 * Several runs into @to: CSVs joined, the last run's footprint.csv and
 * topology.xml (the largest machine), each run's topology as
 * topology-<threads>.xml and a row of topologies.csv; meta.json's matrix
 * lists every run's thread count.  The merged meta.json goes to @meta.
 */
static int merge(const struct sc_plan *p, char dirs[][PATH_MAX], int n, const char *to,
		 json_t **meta, char *err, size_t errlen)
{
	char from[PATH_MAX + 64], path[PATH_MAX + 64];
	json_t *threads = json_array(), *topos = json_array(), *cmds = json_array();
	FILE *t;
	int ret = 0;

	for (size_t i = 0; i < sizeof(joined) / sizeof(joined[0]) && !ret; i++)
		ret = join_csv(dirs, n, to, joined[i], err, errlen);
	for (int i = 0; i < 2 && !ret; i++) {
		const char *name = i ? "topology.xml" : "footprint.csv";

		snprintf(from, sizeof(from), "%s/%s", dirs[n - 1], name);
		snprintf(path, sizeof(path), "%s/%s", to, name);
		ret = copy_file(from, path);
	}
	snprintf(path, sizeof(path), "%s/topologies.csv", to);
	if (!ret && !(t = fopen(path, "w")))
		ret = -errno;
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "cannot write the scenario's files: %s", strerror(-ret));
		return ret;
	}
	fputs("threads,spec,kind,pus,numa_nodes,file\n", t);
	*meta = NULL;
	for (int i = 0; i < p->nr_runs; i++)
		json_array_append_new(threads, json_integer(p->runs[i].threads));
	for (int i = 0; i < n && !ret; i++) {
		json_t *m = load_meta(dirs[i]), *topo = json_object_get(m, "topology");
		int th = p->runs[i].threads;

		snprintf(from, sizeof(from), "%s/topology.xml", dirs[i]);
		snprintf(path, sizeof(path), "%s/topology-%d.xml", to, th);
		if (!m || !topo) {
			snprintf(err, errlen, "%s/meta.json: unreadable after the run", dirs[i]);
			ret = -EINVAL;
		} else if ((ret = copy_file(from, path)) == 0) {
			fprintf(t, "%d", th);
			rss_csv_sep_field(t, json_string_value(json_object_get(topo, "spec")));
			rss_csv_sep_field(t, json_string_value(json_object_get(topo, "kind")));
			fprintf(t, ",%lld,%lld,topology-%d.xml\n",
				json_integer_value(json_object_get(topo, "pus")),
				json_integer_value(json_object_get(topo, "numa_nodes")), th);
			/* A copy: the last run's matrix becomes the scenario's below. */
			json_array_append_new(topos, json_pack("{s:i, s:s#, s:O, s:o}", "threads", th,
				"file", path + strlen(to) + 1, strlen(path + strlen(to) + 1), "topology", topo,
				"matrix", json_deep_copy(json_object_get(m, "matrix"))));
			json_array_append(cmds, json_object_get(m, "command_line"));
		}
		if (i < n - 1 || ret)
			json_decref(m);
		else
			*meta = m;
	}
	if (fclose(t) && !ret)
		ret = -EIO;
	if (!ret) {
		/*
		 * Each topology has its own migration K (batch - 1): the matrix
		 * lists every run's threads and no migration, so readers check no
		 * (threads, migration) product; topologies[].matrix has each run's.
		 */
		json_object_set(json_object_get(*meta, "matrix"), "threads", threads);
		json_object_del(json_object_get(*meta, "matrix"), "migration");
		json_object_set(*meta, "topologies", topos);
		json_object_set(*meta, "scenario_runs", cmds);
		json_object_set_new(json_object_get(*meta, "files"), "topologies",
				    json_string("topologies.csv"));
	}
	json_decref(threads);
	json_decref(topos);
	json_decref(cmds);
	if (ret && !err[0])
		snprintf(err, errlen, "cannot write the scenario's topologies: %s", strerror(-ret));
	return ret;
}

/* fleet.csv: every scheme's footprint formulas at the plan's CPU counts, for each fleet. */
static int write_fleet(const struct sc_plan *p, const char *to)
{
	const struct scheme_ops *schemes[64];
	char path[PATH_MAX + 16], *buf = NULL;
	size_t len = 0;
	int n = 0, ret = 0;
	FILE *f;

	for (; rss_schemes[n] && n < 64; n++)
		schemes[n] = rss_schemes[n];
	snprintf(path, sizeof(path), "%s/fleet.csv", to);
	if (!(f = fopen(path, "w")))
		return -errno;
	for (int i = 0; i < p->nr_fleets * p->nr_fleet_tasks; i++) {
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			rss_die(ENOMEM, "fleet.csv");
		rss_csv_footprint(m, schemes, n, p->fleet_cpus, p->nr_fleet_cpus, p->fleet_nodes,
				  p->fleet_tasks[i % p->nr_fleet_tasks],
				  p->fleets[i / p->nr_fleet_tasks], NULL);
		fclose(m);
		/* One header: the later blocks' rows follow the first's. */
		fputs(i ? strchr(buf, '\n') + 1 : buf, f);
		free(buf);
		buf = NULL;
	}
	if (fclose(f))
		ret = -EIO;
	return ret;
}

/*
 * meta.json's "capped_at": the schemes whose bound (the larger of under and
 * over, cells.csv) exceeds the plan's cap_pages, each "SCHEME: bound N pages",
 * computed from the run's own rows.
 */
static json_t *capped(const struct sc_plan *p, const char *dir)
{
	char path[PATH_MAX + 16], *line = NULL, seen[2048] = ",";
	int cs = -1, cu = -1, co = -1;
	json_t *out = json_array();
	size_t cap = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cells.csv", dir);
	if (!(f = fopen(path, "r")))
		return out;
	for (int row = 0; getline(&line, &cap, f) >= 0; row++) {
		char *v[256], *scheme = NULL;	/* cells.csv has about 40 columns */
		long b = -1;
		int nr;

		line[strcspn(line, "\r\n")] = 0;
		nr = rss_csv_split(line, v, 256);
		for (int c = 0; c < nr && c < 256; c++) {
			if (!row) {
				cs = strcmp(v[c], "scheme") ? cs : c;
				cu = strcmp(v[c], "bound_under") ? cu : c;
				co = strcmp(v[c], "bound_over") ? co : c;
			} else if (c == cs) {
				scheme = v[c];
			} else if ((c == cu || c == co) && strcmp(v[c], "NA") && atol(v[c]) > b) {
				b = atol(v[c]);
			}
		}
		if (row && scheme && b > p->cap_pages) {
			char key[80], item[160];

			snprintf(key, sizeof(key), ",%s,", scheme);
			if (strstr(seen, key))
				continue;
			snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s,", scheme);
			snprintf(item, sizeof(item), "%s: bound %ld pages", scheme, b);
			json_array_append_new(out, json_string(item));
		}
	}
	free(line);
	fclose(f);
	return out;
}

/* meta.json of the kept directory @dir: the scenario's keys added. */
static int patch_meta(json_t *meta, const struct sc_plan *p, const struct sc_opts *o,
		      const char *dir)
{
	char path[PATH_MAX + 16];
	json_t *notes = json_array();
	int ret;

	for (int i = 0; i < p->nr_notes; i++)
		json_array_append_new(notes, json_string(p->notes[i]));
	json_object_set_new(meta, "scenario", json_string(o->name));
	json_object_set_new(meta, "quick", json_boolean(o->quick));
	json_object_set_new(meta, "scenario_notes", notes);
	if (p->cap_pages) {
		json_object_set_new(meta, "capped_at", json_pack("{s:s, s:I, s:o}", "rss", p->cap_label,
				    "pages", (json_int_t)p->cap_pages, "schemes", capped(p, dir)));
	}
	if (p->nr_fleets)
		json_object_set_new(json_object_get(meta, "files"), "fleet", json_string("fleet.csv"));
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

	snprintf(base, sizeof(base), "%s", name);
	if (strlen(base) > 8 && !strcmp(base + strlen(base) - 8, "-partial"))
		base[strlen(base) - 8] = 0;
	snprintf(final, sizeof(final), "%s/%s-%s%s", o->output, base, o->name,
		 partial ? "-partial" : "");
	if (p->nr_runs == 1) {
		snprintf(work, sizeof(work), "%s", dirs[0]);
		if (!(meta = load_meta(work)))
			snprintf(err, sizeof(err), "%s/meta.json: unreadable after the run", work);
		ret = meta ? 0 : -EINVAL;
	} else {
		snprintf(work, sizeof(work), "%s/merged", staging);
		ret = mkdir(work, 0777) ? -errno : merge(p, dirs, n, work, &meta, err, sizeof(err));
	}
	/* Stopped between runs or in one: the kept directory says so. */
	if (!ret && partial) {
		char at[64];

		snprintf(at, sizeof(at), "none: stopped before run %d of %d", n + 1, p->nr_runs);
		json_object_set_new(meta, "complete", json_false());
		if (!json_is_string(json_object_get(meta, "last_cell")))
			json_object_set_new(meta, "last_cell", json_string(at));
	}
	if (!ret && p->nr_fleets && (ret = write_fleet(p, work)))
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
		st = run_child(&plan.runs[i], sub, &o);
		rc = worst(rc, st < 0 ? 1 : st);
		if (rss_find_result(sub, dirs[n], PATH_MAX) == 0)
			n++;
		rss_scenario_job_ran(&job, n == i + 1 ? dirs[n - 1] : NULL);
		/* A run that stopped (signal, bad input, resource limit) ends the scenario. */
		if (st < 0 || st > 1 || n < i + 1) {
			partial = 1;
			break;
		}
		partial |= strlen(dirs[n - 1]) > 8 && !strcmp(dirs[n - 1] + strlen(dirs[n - 1]) - 8, "-partial");
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
