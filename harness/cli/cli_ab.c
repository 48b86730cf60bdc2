/*
 * cli_ab.c - `rssbench ab`: one run plan on two rssbench builds on this
 * machine, interleaved, then gated B against A (doc/compare.md, "A/B in one
 * job").  Both sides get the same plan, rendered as `run` options by
 * rss_plan_argv, with --reps set to the rounds and --ab-pace: each side
 * runs as a child `PATH run ...`, says on its socket when it waits before a
 * repetition, and runs the next only when told.  Round r runs one repetition
 * of each, A first in odd rounds and B first in even ones (ABBA...), so a
 * drift of the machine falls on both.  Each side writes one ordinary results
 * directory (summary over all its rounds) into a hidden staging directory;
 * both are kept as <output>/<host>-<stamp>-ab/{a,b}, their meta.json's "ab"
 * saying the side, the binary and the round order, and judged by `gate`.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_ab.h"
#include "cli_run.h"
#include "harness.h"
#include "plan.h"
#include "scenario.h"

#define AB_MAX_ARGS	256

static const char ab_usage[] =
"usage: rssbench ab --a PATH --b PATH [--rounds N] [-o DIR] [-q]\n"
"                   [run options | --scenario NAME [--quick]] [-- gate options]\n"
"  runs one plan on two rssbench builds on this machine, interleaved, and gates B\n"
"  against A (doc/compare.md)\n"
"      --a PATH        the baseline: an rssbench binary, or a build tree holding one\n"
"      --b PATH        the candidate, the same way (it may be A's: an A/A run)\n"
"      --rounds N      rounds, each one repetition of each side, A first in odd rounds\n"
"                      and B first in even ones (default 5; with --scenario its reps)\n"
"  -o, --output DIR    where <host>-<stamp>-ab/a and /b go (default results)\n"
"  -q, --quiet         no progress on stderr\n"
"      --scenario NAME the plan of a one-run scenario (fork-exit, fault, mmap, update,\n"
"                      oom-scan, spawn), --quick its small form\n"
"  run options         the plan as 'rssbench run' takes them; --reps is --rounds here\n"
"  -- gate options     for the judge ('rssbench gate --help'), e.g. -- --threshold 10%\n"
"  exit as gate: 0 no regression, 1 regression, 2 inconclusive, 3 error or bad input\n";

volatile sig_atomic_t rss_ab_stop;
static volatile sig_atomic_t pid_a, pid_b;

static void on_signal(int sig)
{
	if (!rss_ab_stop)
		rss_ab_stop = sig;
	if (pid_a > 0)
		kill((pid_t)pid_a, sig);
	if (pid_b > 0)
		kill((pid_t)pid_b, sig);
}

/* The value of @argv[*i] (--opt=V or --opt V); exit 3 when missing. */
static const char *value(int argc, char **argv, int *i, size_t len)
{
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] || *i + 1 >= argc)
		rss_usage_error("option \"%s\" needs a value; 'rssbench ab --help' lists the options",
				argv[*i]);
	return argv[++*i];
}

static int is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(a, name, n) && (!a[n] || a[n] == '=');
}

/*
 * The gate options are checked before anything runs: gate's own parser, in
 * a child, on them and --help (0 once they all parsed).
 */
static void check_gate_options(char **opts, int n)
{
	char *argv[AB_MAX_ARGS + 3];
	int st;
	pid_t pid;

	if (n > AB_MAX_ARGS)
		rss_usage_error("too many gate options: at most %d", AB_MAX_ARGS);
	for (int i = 0; i < n; i++)
		if (is_opt(opts[i], "--baseline") || !strcmp(opts[i], "-b"))
			rss_usage_error("\"%s\" after --: ab gates B against A itself; leave it out", opts[i]);
	argv[0] = "gate";
	for (int i = 0; i < n; i++)
		argv[i + 1] = opts[i];
	argv[n + 1] = "--help";
	argv[n + 2] = NULL;
	fflush(NULL);
	if (!(pid = fork())) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		optind = 0;
		_exit(rss_cmd_gate(n + 2, argv));
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		exit(AB_EXIT_ERROR);	/* gate's parser said why, in one line */
}

struct ab_opts {
	struct rss_ab_side a, b;
	const char *output, *scenario;
	int rounds, quick, quiet;
	char *run_argv[AB_MAX_ARGS + 1];
	int run_argc;
	char **gate_opts;
	int nr_gate_opts;
	struct rss_ab_side *failed;		/* the side that ended first, before its last round */
};

static void parse(struct ab_opts *o, int argc, char **argv)
{
	o->run_argv[o->run_argc++] = "run";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			o->gate_opts = argv + i + 1;
			o->nr_gate_opts = argc - i - 1;
			break;
		} else if (is_opt(a, "--a")) {
			o->a.given = value(argc, argv, &i, 3);
		} else if (is_opt(a, "--b")) {
			o->b.given = value(argc, argv, &i, 3);
		} else if (is_opt(a, "--rounds")) {
			o->rounds = (int)rss_parse_long("--rounds", value(argc, argv, &i, 8), 1, 100);
		} else if (!strcmp(a, "-o") || is_opt(a, "--output")) {
			o->output = value(argc, argv, &i, a[1] == 'o' ? 2 : 8);
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = 1;
		} else if (is_opt(a, "--scenario")) {
			o->scenario = value(argc, argv, &i, 10);
		} else if (!strcmp(a, "--quick")) {
			o->quick = 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(ab_usage, stdout);
			exit(0);
		} else if (is_opt(a, "--reps") || !strncmp(a, "-r", 2) || is_opt(a, "--ab-pace")) {
			rss_usage_error("\"%s\" cannot be given to ab: it runs --rounds N repetitions of each side; 'rssbench ab --help'",
					a);
		} else if (o->run_argc < AB_MAX_ARGS) {
			o->run_argv[o->run_argc++] = argv[i];
		} else {
			rss_usage_error("too many run options: at most %d", AB_MAX_ARGS);
		}
	}
	o->run_argv[o->run_argc] = NULL;
	if (!o->a.given || !o->b.given)
		rss_usage_error("give both builds: --a PATH (the baseline) and --b PATH (the candidate); 'rssbench ab --help'");
	if (o->scenario && o->run_argc > 1)
		rss_usage_error("\"%s\" cannot be given with --scenario: the scenario fixes its plan", o->run_argv[1]);
	if (o->quick && !o->scenario)
		rss_usage_error("--quick is a scenario's small form: give --scenario NAME with it");
}

/* The plan: a one-run scenario's, or run's options (--reps left to the rounds). */
static void make_plan(struct ab_opts *o, struct rss_run_opts *p, struct sc_plan *sp)
{
	const struct rss_scenario *s;

	if (o->scenario) {
		const char *names[32];
		int n = 0;

		if (!(s = rss_scenario_find(o->scenario))) {
			for (; rss_scenarios[n]; n++)
				names[n] = rss_scenarios[n]->name;
			rss_unknown_name("scenario", o->scenario, names, n,
					 "'rssbench run --scenario list' shows them");
		}
		rss_scenario_plan(s, o->quick, sp);
		if (sp->nr_runs != 1)
			rss_usage_error("scenario %s runs %d plans (one per topology); ab runs one: fork-exit, fault, mmap, update, oom-scan or spawn",
					o->scenario, sp->nr_runs);
		*p = sp->runs[0].plan;
		o->rounds = o->rounds ? o->rounds : p->reps;
	} else {
		rss_plan_init(p);
		optind = 0;
		rss_run_opts_parse(p, o->run_argc, o->run_argv);
		o->rounds = o->rounds ? o->rounds : 5;
	}
	p->reps = o->rounds;
	p->quiet = o->quiet;
	p->argc = 0;
	p->argv = NULL;
}

/* Runs the rounds; 0 when both sides finished every one. */
static int rounds(struct ab_opts *o, const struct rss_run_opts *plan)
{
	struct rss_ab_side *both[2] = { &o->a, &o->b };
	int ret;

	for (int i = 0; i < 2; i++) {
		if ((ret = rss_ab_spawn(both[i], plan))) {
			fprintf(stderr, "rssbench ab: cannot start %s: %s\n", both[i]->bin, strerror(-ret));
			return -1;
		}
		*(i ? &pid_b : &pid_a) = both[i]->pid;
		if (!rss_ab_ready(both[i])) {
			o->failed = both[i];
			return -1;
		}
	}
	for (int r = 1; r <= o->rounds && !rss_ab_stop; r++) {
		for (int k = 0; k < 2 && !rss_ab_stop; k++) {
			struct rss_ab_side *s = both[(r % 2) ^ !k];

			if (!o->quiet)
				fprintf(stderr, "rssbench ab: round %d of %d: %s (%s)\n", r, o->rounds,
					s->name, s->given);
			if (!rss_ab_run_rep(s, r == o->rounds)) {
				o->failed = s;
				return -1;
			}
			s->reps_done = r;
		}
	}
	return rss_ab_stop ? -1 : 0;
}

/*
 * The sides' directories from the staging directory @staging as
 * <output>/<A's host-stamp>-ab[-partial]/{a,b} (those that exist), meta.json's
 * "ab" added; @final is the kept directory, -partial unless both sides
 * finished (@partial 0) and left theirs.  Returns 2 or 1, the sides kept, or
 * -1 with nothing to keep.
 */
static int keep(struct ab_opts *o, const char *staging, int partial, char *final, size_t len)
{
	struct rss_ab_side *both[2] = { &o->a, &o->b };
	char dir[2][PATH_MAX], to[PATH_MAX + 8], base[256] = "";
	int found[2], kept = 0, ret;

	for (int i = 0; i < 2; i++) {
		found[i] = !rss_find_result(both[i]->out, dir[i], sizeof(dir[i]));
		if (found[i] && !base[0]) {
			snprintf(base, sizeof(base), "%s", strrchr(dir[i], '/') + 1);
			if (strlen(base) > 8 && !strcmp(base + strlen(base) - 8, "-partial"))
				base[strlen(base) - 8] = 0;
		}
	}
	/* Both told before either moves: each names the other's run. */
	for (int i = 0; i < 2; i++)
		if (found[i] && (ret = rss_ab_patch_meta(dir[i], both[i], both[!i],
							 found[!i] ? dir[!i] : NULL, o->rounds)))
			fprintf(stderr, "rssbench ab: cannot add \"ab\" to %s's meta.json: %s\n",
				both[i]->name, strerror(-ret));
	for (int i = 0; i < 2; i++) {
		if (!found[i])
			continue;
		snprintf(to, sizeof(to), "%s/%s", staging, i ? "b" : "a");
		/* Finished results are kept, told or not which side they are. */
		if (rename(dir[i], to)) {
			fprintf(stderr, "rssbench ab: cannot move %s's results to %s: %s\n",
				both[i]->name, to, strerror(errno));
			return -1;
		}
		rmdir(both[i]->out);
		kept++;
	}
	if (!kept)
		return -1;
	snprintf(final, len, "%s/%s-ab%s", o->output, base,
		 partial || kept < 2 ? "-partial" : "");
	/* Finished results are never lost: left where they are when the rename fails. */
	if (rename(staging, final)) {
		fprintf(stderr, "rssbench ab: cannot rename the results to %s: %s; they stay in %s\n",
			final, strerror(errno), staging);
		snprintf(final, len, "%s", staging);
	}
	return kept;
}

/* `gate --baseline FINAL/a [gate options] FINAL/b`: its exit status. */
static int judge(const struct ab_opts *o, const char *final)
{
	char *argv[AB_MAX_ARGS + 8], pa[PATH_MAX + 310], pb[PATH_MAX + 310];
	int n = 0;

	snprintf(pa, sizeof(pa), "%s/a", final);
	snprintf(pb, sizeof(pb), "%s/b", final);
	argv[n++] = "gate";
	for (int i = 0; i < o->nr_gate_opts && n < AB_MAX_ARGS; i++)
		argv[n++] = o->gate_opts[i];
	argv[n++] = "--baseline";
	argv[n++] = pa;
	argv[n++] = pb;
	argv[n] = NULL;
	fflush(NULL);
	optind = 0;
	return rss_cmd_gate(n, argv);
}

int rss_cmd_ab(int argc, char **argv)
{
	static struct ab_opts o = {
		.a = { .name = "A", .fd = -1, .status = -1 },
		.b = { .name = "B", .fd = -1, .status = -1 },
		.output = "results",
	};
	static struct sc_plan sp;
	struct sigaction sa = { .sa_handler = on_signal };
	struct rss_run_opts plan;
	char staging[PATH_MAX], final[PATH_MAX + 300], why[PATH_MAX + 128] = "";
	struct rss_ab_side *missing = NULL;
	int created, done, rc, kept;

	rss_usage_status(AB_EXIT_ERROR);
	parse(&o, argc, argv);
	make_plan(&o, &plan, &sp);
	check_gate_options(o.gate_opts, o.nr_gate_opts);
	rss_ab_resolve(&o.a);
	rss_ab_resolve(&o.b);
	created = !mkdir(o.output, 0777);
	if (!created && errno != EEXIST)
		rss_usage_error("cannot create the output directory \"%s\": %s; give a writable --output",
				o.output, strerror(errno));
	if (snprintf(staging, sizeof(staging), "%s/.ab-XXXXXX", o.output) > PATH_MAX - 300 ||
	    !mkdtemp(staging)) {
		if (created)
			rmdir(o.output);
		rss_usage_error("cannot write in the output directory \"%s\"; give a writable --output",
				o.output);
	}
	snprintf(o.a.out, sizeof(o.a.out), "%s/ra", staging);
	snprintf(o.b.out, sizeof(o.b.out), "%s/rb", staging);
	if (mkdir(o.a.out, 0777) || mkdir(o.b.out, 0777))
		rss_die(errno, "%s", staging);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	done = !rounds(&o, &plan);
	rss_ab_reap(&o.a);
	rss_ab_reap(&o.b);
	pid_a = pid_b = 0;
	done = done && o.a.status <= 1 && o.b.status <= 1;
	if (!o.failed && !done)
		o.failed = o.a.status > 1 ? &o.a : &o.b;
	if (o.failed)
		rss_ab_why_stopped(o.failed, o.rounds, why, sizeof(why));
	rc = rss_ab_stop ? 128 + rss_ab_stop : AB_EXIT_ERROR;
	if ((kept = keep(&o, staging, !done, final, sizeof(final))) < 0) {
		rss_rm_tree(staging);
		if (created)
			rmdir(o.output);
		if (rss_ab_stop)
			fprintf(stderr, "rssbench ab: interrupted by %s; no results directory was left\n",
				strsignal(rss_ab_stop));
		else
			fprintf(stderr, "rssbench ab: %s; no results directory was left\n", why);
		return rc;
	}
	for (int i = 0; i < 2; i++) {
		char side[PATH_MAX + 310];
		struct stat st;

		snprintf(side, sizeof(side), "%s/%c", final, 'a' + i);
		if (!stat(side, &st))
			printf("results: %s\n", side);
		else
			missing = i ? &o.b : &o.a;
	}
	fflush(stdout);
	/* --strict refused a busy machine on one side (exit 1, no directory). */
	if (done && kept < 2 && missing) {
		struct rss_ab_side *s = missing;

		snprintf(why, sizeof(why), "%s (%s) left no results directory (exit %d)", s->name,
			 s->given, s->status);
		done = 0;
	}
	if (!done) {
		if (rss_ab_stop)
			fprintf(stderr, "rssbench ab: interrupted by %s; what finished is in %s, not judged\n",
				strsignal(rss_ab_stop), final);
		else
			fprintf(stderr, "rssbench ab: %s; what finished is in %s, not judged\n", why,
				final);
		return rc;
	}
	return judge(&o, final);
}
