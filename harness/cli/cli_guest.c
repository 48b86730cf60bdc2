/*
 * cli_guest.c - `rssbench guest`: the guest script (scripts/guest,
 * doc/guest.md), given this binary and the guest's run as a rendered plan;
 * and where rssbench's scripts are (rss_pkg_script, for plot too).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_run.h"
#include "harness.h"
#include "plan.h"
#include "scenario.h"

/*
 * A script of rssbench's (@name: plot, guest): $@envvar; scripts/@name of
 * the source tree when this is the binary of the build tree; else the
 * installed one, $(pkgdatadir)/@name, found from where this binary is (so a
 * copy installed with DESTDIR, or moved with its prefix, finds its own).
 * @self is this binary's path.
 */
void rss_pkg_script(const char *self, const char *name, const char *envvar, char *buf,
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
	/* self = ROOT RSS_BINDIR "/rssbench": the script is ROOT RSS_PKGDATADIR "/" @name. */
	if (dl >= bl && !strncmp(self + dl - bl, RSS_BINDIR, bl)) {
		snprintf(buf, len, "%.*s%s/%s", (int)(dl - bl), self, RSS_PKGDATADIR, name);
		if (!access(buf, X_OK))
			return;
	}
	snprintf(buf, len, "%s/%s", RSS_PKGDATADIR, name);
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
	rss_pkg_script(self, "guest", "RSS_GUEST", script, sizeof(script));
	if (n > 0)
		setenv("RSSBENCH", self, 0);
	setenv("RSSBENCH_LIBEXEC", PKGLIBEXECDIR, 0);
	argv[0] = script;
	execv(script, argv);
	rss_usage_error("cannot run the guest script \"%s\": %s; reinstall rssbench or set RSS_GUEST to the path of its guest script",
			script, strerror(errno));
}
