/* cli_misc.c - `rssbench list`, `rssbench topo` and `rssbench plot`. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "cli_run.h"
#include "plan.h"
#include "scenario.h"

static const char list_usage[] =
"usage: rssbench list\n"
"  the schemes (with the kernel code or proposal each ports) and the workloads\n";

int rss_cmd_list(int argc, char **argv)
{
	int w = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(list_usage, stdout);
		return 0;
	}
	if (argc > 1)
		rss_usage_error("'list' takes no arguments, got \"%s\"", argv[1]);
	for (int i = 0; rss_schemes[i]; i++)
		w = (int)strlen(rss_schemes[i]->name) > w ? (int)strlen(rss_schemes[i]->name) : w;
	for (int i = 0; rss_workloads[i]; i++)
		w = (int)strlen(rss_workloads[i]->name) > w ? (int)strlen(rss_workloads[i]->name) : w;
	printf("schemes:\n");
	for (int i = 0; rss_schemes[i]; i++)
		printf("  %-*s %s\n  %-*s origin: %s\n", w, rss_schemes[i]->name,
		       rss_schemes[i]->summary, w, "", rss_schemes[i]->origin);
	printf("workloads:\n");
	for (int i = 0; rss_workloads[i]; i++)
		printf("  %-*s %s (one op = one %s)\n", w, rss_workloads[i]->name,
		       rss_workloads[i]->summary, rss_workloads[i]->unit);
	return 0;
}

static const char topo_usage[] =
"usage: rssbench topo [-T SPEC] [-p PLACEMENT] [-t N|max] [--export FILE]\n"
"  prints packages, NUMA nodes, cores and PUs, and the CPUs a run would use;\n"
"  --export FILE writes the topology as hwloc XML instead (a results topology.xml)\n";

int rss_cmd_topo(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "topology", required_argument, NULL, 'T' },
		{ "placement", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "export", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *export = NULL, *spec = NULL, *placement = "compact", *threads = "max";
	struct rss_topo *topo;
	char err[512];
	int c, n, max, *cpus;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":T:p:t:x:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'T': spec = optarg; break;
		case 'p': placement = optarg; break;
		case 't': threads = optarg; break;
		case 'x': export = optarg; break;
		case 'h': fputs(topo_usage, stdout); return 0;
		default:
			rss_usage_error("bad option \"%s\"; 'rssbench topo --help' lists the options",
					argv[optind - 1]);
		}
	}
	if (rss_topo_open(&topo, spec, err, sizeof(err)))
		rss_usage_error("%s", err);
	if (export) {
		int ret = rss_topo_export_xml(topo, export);

		rss_topo_close(topo);
		if (ret)
			rss_usage_error("cannot write \"%s\": %s; give a writable path", export,
					strerror(-ret));
		return 0;
	}
	max = rss_topo_place_max(topo, placement, err, sizeof(err));
	if (max < 0)
		rss_usage_error("%s", err);
	/* The same limits as run's --threads: 1 to RSS_MAX_CPUS, and what the placement has. */
	n = strcmp(threads, "max") ? (int)rss_parse_long("--threads", threads, 1, RSS_MAX_CPUS) : max;
	if (n > max)
		rss_usage_error("cannot place %d threads with placement \"%s\": it has %d CPUs; use at most %d or max",
				n, placement, max, max);
	cpus = calloc((size_t)max, sizeof(int));
	if (!cpus || rss_topo_place(topo, placement, n, cpus, err, sizeof(err)))
		rss_usage_error("%s", err);
	rss_topo_print(topo, stdout);
	printf("placement %s, %d threads: cpus", placement, n);
	for (int i = 0; i < n; i++)
		printf(" %d", cpus[i]);
	printf("\n");
	free(cpus);
	rss_topo_close(topo);
	return 0;
}

/*
 * A script of rssbench's (@name: plot, guest): $@envvar; scripts/@name of
 * the source tree when this is the binary of the build tree; else the
 * installed one, $(pkgdatadir)/@name, found from where this binary is (so a
 * copy installed with DESTDIR, or moved with its prefix, finds its own).
 * @self is this binary's path.
 */
static void pkg_script(const char *self, const char *name, const char *envvar, char *buf,
		       size_t len)
{
	const char *env = getenv(envvar);
	size_t dl, bl = strlen(RSS_BINDIR);
	const char *slash = strrchr(self, '/');

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	dl = slash ? (size_t)(slash - self) : 0;
	if (dl == strlen(RSS_ABS_BUILDDIR) && !strncmp(self, RSS_ABS_BUILDDIR, dl)) {
		snprintf(buf, len, "%s/scripts/%s", RSS_ABS_SRCDIR, name);
		return;
	}
	/* self = ROOT RSS_BINDIR "/rssbench": the script is ROOT RSS_PKGDATADIR "/plot". */
	if (dl >= bl && !strncmp(self + dl - bl, RSS_BINDIR, bl)) {
		snprintf(buf, len, "%.*s%s/%s", (int)(dl - bl), self, RSS_PKGDATADIR, name);
		if (!access(buf, X_OK))
			return;
	}
	snprintf(buf, len, "%s/%s", RSS_PKGDATADIR, name);
}

/*
 * `rssbench plot` is the plot script (bash, awk, jq and gnuplot; see
 * plot_script).  It gets the gnuplot configure found unless GNUPLOT is set,
 * and this binary as RSSBENCH for the cost ratios (rssbench ratios).
 */
int rss_cmd_plot(int argc, char **argv)
{
	static char self[PATH_MAX], script[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	pkg_script(self, "plot", "RSS_PLOT", script, sizeof(script));
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("rssbench plot runs %s\n(set RSS_PLOT to run another copy):\n\n", script);
		fflush(stdout);
	}
	if (n > 0)
		setenv("RSSBENCH", self, 0);
#ifdef GNUPLOT
	setenv("GNUPLOT", GNUPLOT, 0);
#else
	setenv("GNUPLOT", "no", 0);
#endif
	argv[0] = script;
	execv(script, argv);
	rss_usage_error("cannot run the plot script \"%s\": %s; reinstall rssbench or set RSS_PLOT to the path of its plot script",
			script, strerror(errno));
}

/*
 * The guest's run, after "--" in @argv, as a plan (plan.h): parsed here, so
 * that bad run options exit 2 before a guest boots for minutes, and
 * rendered back (rss_plan_argv) for the rssbench inside.  A scenario is
 * passed as given.  Returns the argv to exec (@argv itself when there is no
 * "--"); an output directory among the run options exits 2.
 */
static char **guest_plan_argv(int argc, char **argv)
{
	static struct rss_argv rendered;
	struct rss_run_opts p;
	char **out, **run;
	int dash = 1, nrun;

	while (dash < argc && strcmp(argv[dash], "--"))
		dash++;
	if (dash >= argc)
		return argv;
	nrun = argc - dash;
	run = calloc((size_t)nrun + 1, sizeof(*run));
	if (!run)
		rss_die(ENOMEM, "guest");
	run[0] = "run";
	for (int i = 1; i < nrun; i++) {
		run[i] = argv[dash + i];
		if (!strcmp(run[i], "-o") || !strncmp(run[i], "--output", 8))
			rss_usage_error("guest: the run options must not name an output directory (give -o before --)");
	}
	if (nrun < 2 || rss_scenario_requested(nrun, run)) {
		free(run);
		return argv;
	}
	rss_plan_init(&p);
	rss_run_opts_parse(&p, nrun, run);
	rss_plan_argv(&p, &rendered);
	free(run);
	out = calloc((size_t)(dash + rendered.argc + 1), sizeof(*out));
	if (!out)
		rss_die(ENOMEM, "guest");
	memcpy(out, argv, (size_t)(dash + 1) * sizeof(*out));
	/* rendered.argv[0] is "run": the guest's init runs "rssbench run". */
	memcpy(out + dash + 1, rendered.argv + 1, (size_t)(rendered.argc - 1) * sizeof(*out));
	return out;
}

/*
 * `rssbench guest` is the guest script (bash, qemu, busybox, jq; see
 * doc/guest.md): it boots a kernel image under qemu and runs this binary
 * inside, given as RSSBENCH, with the run options rendered from their plan.
 */
int rss_cmd_guest(int argc, char **argv)
{
	static char self[PATH_MAX], script[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	argv = guest_plan_argv(argc, argv);
	self[n > 0 ? n : 0] = '\0';
	pkg_script(self, "guest", "RSS_GUEST", script, sizeof(script));
	if (n > 0)
		setenv("RSSBENCH", self, 0);
	setenv("RSSBENCH_LIBEXEC", PKGLIBEXECDIR, 0);
	argv[0] = script;
	execv(script, argv);
	rss_usage_error("cannot run the guest script \"%s\": %s; reinstall rssbench or set RSS_GUEST to the path of its guest script",
			script, strerror(errno));
}
