/*
 * scenario_guest.c - the guest runs of a scenario (the kernels scenario,
 * doc/scenarios.md): the kernel image of a series, one `rssbench guest` per
 * run (its argv rendered from the run's plan, plan.h), and the kernel
 * identity each guest's rows carry in the scenario's joined view.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "csv.h"
#include "escape.h"
#include "harness.h"
#include "lifetime.h"
#include "scenario.h"

/* Where scripts/install-deps --guest puts the kernels (tests/guest.sh looks there too). */
static void kernels_dir(char *buf, size_t len)
{
	const char *env = getenv("RSSBENCH_KERNELS"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		snprintf(buf, len, "%s", env);
	else if (xdg && *xdg)
		snprintf(buf, len, "%s/rssbench/kernels", xdg);
	else
		snprintf(buf, len, "%s/.cache/rssbench/kernels", home && *home ? home : ".");
}

static int cmp_version(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int rss_sc_guest_image(const char *series, char *buf, size_t len, char *why, size_t whylen)
{
	char dir[PATH_MAX], pat[PATH_MAX + 96];
	glob_t g;
	int ret;

	kernels_dir(dir, sizeof(dir));
	/* "6.1." matches 6.1.0-50 and not 6.12.117. */
	snprintf(pat, sizeof(pat), "%s/linux-image-%s.*/boot/vmlinuz-%s.*", dir, series, series);
	ret = glob(pat, GLOB_NOSORT, NULL, &g);
	if (ret || !g.gl_pathc) {
		snprintf(why, whylen, "no %s kernel image in %.200s (scripts/install-deps --guest installs Debian's, or set RSSBENCH_KERNELS)",
			 series, dir);
		if (!ret)
			globfree(&g);
		return -ENOENT;
	}
	qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), cmp_version);
	snprintf(buf, len, "%s", g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	return 0;
}

/* The last non-empty line of @path in @buf (its end of line cut), or "". */
static void last_line(const char *path, char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0])
			snprintf(buf, len, "%s", line);
	}
	free(line);
	fclose(f);
}

/* The path after "results: " in @path's lines, or -ENOENT. */
static int results_line(const char *path, char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(path, "r");
	int ret = -ENOENT;

	if (!f)
		return ret;
	while (getline(&line, &cap, f) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!strncmp(line, "results: ", 9))
			ret = snprintf(buf, len, "%s", line + 9) < (int)len ? 0 : -ENAMETOOLONG;
	}
	free(line);
	fclose(f);
	return ret;
}

int rss_sc_guest_run(const struct sc_run *r, const char *sub, int quiet, char *dir, size_t len,
		     char *why, size_t whylen, volatile sig_atomic_t *child)
{
	char image[PATH_MAX], self[PATH_MAX], out[PATH_MAX + 16], err[PATH_MAX + 16];
	struct rss_guest_opts g = { image, r->guest_cpus, sub };
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct rss_argv a;
	char **exe, *tail;
	pid_t pid, parent = getpid();
	int st;

	dir[0] = '\0';
	if (rss_sc_guest_image(r->guest_series, image, sizeof(image), why, whylen))
		return -1;
	if (n <= 0) {
		snprintf(why, whylen, "cannot find this rssbench binary (/proc/self/exe: %s)",
			 strerror(errno));
		return -1;
	}
	self[n] = '\0';
	if (mkdir(sub, 0777) && errno != EEXIST) {
		snprintf(why, whylen, "cannot make %.200s: %s", sub, strerror(errno));
		return -1;
	}
	snprintf(out, sizeof(out), "%s/.guest.out", sub);
	snprintf(err, sizeof(err), "%s/.guest.err", sub);
	rss_plan_guest_argv(&r->plan, &g, &a);
	/* "rssbench guest ...": this binary's path, then the argv ("guest" first). */
	exe = calloc((size_t)a.argc + 2, sizeof(*exe));
	if (!exe)
		rss_die(ENOMEM, "guest argv");
	exe[0] = self;
	memcpy(exe + 1, a.argv, (size_t)a.argc * sizeof(*exe));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "cannot fork: %s", strerror(errno));
		rss_argv_free(&a);
		free(exe);
		return -1;
	}
	if (!pid) {
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

		rss_default_stop_signals();
		if (fo < 0 || fe < 0 || dup2(fo, STDOUT_FILENO) < 0 || dup2(fe, STDERR_FILENO) < 0 ||
		    rss_die_with(parent, SIGTERM))
			_exit(2);
		execv(self, exe);
		fprintf(stderr, "rssbench: cannot run %s guest: %s\n", self, strerror(errno));
		_exit(2);
	}
	rss_argv_free(&a);
	free(exe);
	*child = pid;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			break;
	*child = 0;
	st = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	last_line(err, why, whylen);
	if (!quiet && why[0])
		fprintf(stderr, "rssbench: scenario kernels: %s at %d vCPUs: %s\n", r->guest_series,
			r->guest_cpus, why);
	/* The guest's line names its console in the staging directory, which is
	 * gone once the scenario ends; kernels[].dir says where it is kept. */
	if ((tail = strstr(why, " (console tail in ")))
		*tail = '\0';
	if (results_line(out, dir, len))
		dir[0] = '\0';
	if (!dir[0] && !why[0])
		snprintf(why, whylen, "rssbench guest exited %d and brought no results back", st);
	return st;
}

/* @s as a name readers take (escape.h's grammar): a byte outside it becomes '_'. */
static void as_name(char *out, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];

		out[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 (i && strchr("_.:+-", c)) ? c : '_';
	}
	out[i] = '\0';
	if (!out[0] || !strcmp(out, "na"))
		snprintf(out, len, "unknown");
}

/*
 * The era native found in @dir's cells.csv: its notes' "counts with ..."
 * and "status precise", as split-rss, percpu_counter or
 * percpu_counter+precise_status; "unknown" without a native row saying.
 */
static void native_era(const char *dir, char *era, size_t len)
{
	char path[PATH_MAX + 16], *line = NULL, *v[256];
	int cs = -1, cn = -1;
	size_t cap = 0;
	FILE *f;

	snprintf(era, len, "unknown");
	snprintf(path, sizeof(path), "%s/cells.csv", dir);
	if (!(f = fopen(path, "r")))
		return;
	for (int row = 0; getline(&line, &cap, f) >= 0; row++) {
		int nr;

		line[strcspn(line, "\r\n")] = '\0';
		nr = rss_csv_split(line, v, 256);
		if (nr > 256)
			nr = 256;
		if (!row) {
			for (int c = 0; c < nr; c++) {
				cs = strcmp(v[c], "scheme") ? cs : c;
				cn = strcmp(v[c], "notes") ? cn : c;
			}
			continue;
		}
		if (cs < 0 || cn < 0 || cs >= nr || cn >= nr || strcmp(v[cs], "native"))
			continue;
		if (strstr(v[cn], "counts with split-rss"))
			snprintf(era, len, "split-rss");
		else if (strstr(v[cn], "counts with percpu_counter"))
			snprintf(era, len, "%s", strstr(v[cn], "/ status precise") ?
				 "percpu_counter+precise_status" : "percpu_counter");
		break;
	}
	free(line);
	fclose(f);
}

int rss_sc_guest_identity(const char *dir, const struct sc_run *r, struct sc_kernel *k)
{
	char path[PATH_MAX + 16];
	json_t *m;
	const char *rel;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (!(m = json_load_file(path, 0, NULL)))
		return -EINVAL;
	rel = json_string_value(json_object_get(json_object_get(m, "kernel"), "release"));
	as_name(k->release, sizeof(k->release), rel ? rel : "");
	k->vcpus = (int)json_integer_value(json_object_get(json_object_get(m, "guest"), "vcpus"));
	if (k->vcpus <= 0)
		k->vcpus = r->guest_cpus;
	json_decref(m);
	native_era(dir, k->era, sizeof(k->era));
	return 0;
}
