/*
 * scenario_plot.c - a scenario directory's report.md and plots/, drawn at
 * the end of `rssbench run --scenario NAME` as `rssbench plot DIR` draws
 * them (doc/scenarios.md).
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "infile.h"
#include "lifetime.h"
#include "scenario.h"

/* As `rssbench plot -q DIR`, this binary in its own process group (scenario.h). */
int rss_scenario_plot(const char *dir, const char *name, int quiet, volatile sig_atomic_t *child,
		      volatile sig_atomic_t *stop)
{
	char self[PATH_MAX], me[32], shown[PATH_MAX + 128];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid = -1;
	int st = 0;

	if (!quiet)
		fprintf(stderr, "rssbench: scenario %s: drawing report.md and plots\n", name);
	fflush(NULL);
	if (len > 0) {
		self[len] = '\0';
		snprintf(me, sizeof(me), "%ld", (long)getpid());
		pid = fork();
	}
	if (!pid) {
		char *args[] = { self, "plot", "-q", "--", (char *)dir, NULL };

		setpgid(0, 0);
		rss_default_stop_signals();
		setenv(RSS_PARENT_ENV, me, 1);
		execv(self, args);
		_exit(127);
	}
	if (pid > 0) {
		setpgid(pid, pid);
		*child = -pid;
		if (*stop)
			kill(-pid, *stop);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		*child = 0;
	}
	if (*stop)
		return 128 + *stop;
	if (pid > 0 && WIFEXITED(st) && !WEXITSTATUS(st)) {
		printf("report: %s/report.md\n", dir);
		fflush(stdout);
		return 0;
	}
	rss_escape_str(shown, sizeof(shown), dir);
	fprintf(stderr, "rssbench: scenario %s: plotting failed (%s %d); the results in %s are complete: 'rssbench plot %s' draws them\n",
		name, pid < 0 ? "errno" : WIFEXITED(st) ? "exit" : "signal",
		pid < 0 ? errno : WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), shown, shown);
	return 0;
}
