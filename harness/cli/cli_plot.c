/*
 * cli_plot.c - `rssbench plot`: the reader loads and checks every directory
 * (one refused: exit 2, nothing written), C writes what the plots need into
 * a private temporary directory (plot_export.h), the plot script (bash, awk,
 * gnuplot) draws there from those files only, and C copies the results into
 * each directory by descriptor, never through a link (outdir.h).  No byte of
 * a received directory reaches the script but through the export.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "infile.h"
#include "outdir.h"
#include "plot_export.h"
#include "resdir.h"
#include "scenario.h"

static const char plot_usage[] =
"usage: rssbench plot [--output DIR] [--cpus N] [--jobs N] [--quiet] RESULTS_DIR...\n"
"  plots/<name>.gp (a complete gnuplot script holding its data), .png and .svg,\n"
"  and report.md, in each RESULTS_DIR (doc/plots.md)\n"
"  -o, --output DIR  the comparison of the directories, with the claims judged on\n"
"                    them all (of one too; several without it: the first\n"
"                    directory's plots/compare)\n"
"      --cpus N      the CPU count of the headline's error and memory panels\n"
"                    (default: the run's, or 256 below 64)\n"
"  -j, --jobs N      gnuplot processes at a time (default: the CPU count)\n"
"  -q, --quiet       errors only\n"
"  GNUPLOT names gnuplot (no: none; the scripts and report.md are still written)\n";

#define MAX_DIRS	64
#define ERRLEN		1024

/* One directory to plot. */
struct pdir {
	const char *path;
	char shown[RSS_RESDIR_NAMELEN];	/* escaped, for messages */
	struct rss_resdir *d;
	int fd, plots;			/* the directory, its plots/ */
	int made;			/* plots/ did not exist before */
	int export;			/* its export, STAGE/<index + 1> */
	char *real;			/* its absolute path, for the reports' links */
};

static const char *num_arg(const char *opt, const char *v)
{
	char esc[64], *end;
	long n = strtol(v, &end, 10);

	if (end == v || *end || *v == '+' || *v == '-' || n < 1 || n > 999999)
		rss_usage_error("bad value \"%s\" for %s: give a whole number from 1 to 999999",
				rss_escape_str(esc, sizeof(esc), v), opt);
	return v;
}

/* The absolute path of the open directory @fd. */
static char *real_path(int fd)
{
	char link[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/* @to (absolute) relative to the directory @from (absolute), in a new string. */
static char *rel_path(const char *from, const char *to)
{
	size_t i = 0, last = 0, up = 0;
	const char *rest;
	char *out;

	for (; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			last = i;
	if ((!from[i] && (to[i] == '/' || !to[i])) || (!to[i] && from[i] == '/'))
		last = i;
	for (const char *p = from + last; *p; p++)
		if (*p == '/' && p[1] && p[1] != '/')
			up++;
	rest = to + last + strspn(to + last, "/");
	if (!(out = malloc(up * 3 + strlen(rest) + 1)))
		return NULL;
	out[0] = '\0';
	for (size_t k = 0; k < up; k++)
		strcat(out, "../");
	strcat(out, rest);
	return out;
}

static char stage[PATH_MAX];

static void remove_stage(void)
{
	if (stage[0])
		rss_outdir_remove(stage);
	stage[0] = '\0';
}

/* Exits 2 with @err; the temporary directory goes (atexit). */
static void failed(const char *err) __attribute__((noreturn));
static void failed(const char *err)
{
	rss_usage_error("%s", err);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * --output is neither one of the directories nor its plots/ (there or to
 * be made there): the comparison's report.md and plots would overwrite the
 * directory's own, and its plots/ is pruned of what its own drawing did
 * not write.  Exit 2 naming both.
 */
static void check_output_apart(const struct pdir *dirs, int n, const char *output)
{
	char parent[PATH_MAX], shown[RSS_RESDIR_NAMELEN];
	const char *base = strrchr(output, '/');
	struct stat out, par, d;
	int have_out = !stat(output, &out), have_par;

	if (base && base > output) {
		snprintf(parent, sizeof(parent), "%.*s", (int)(base - output), output);
	} else {
		snprintf(parent, sizeof(parent), "%s", base ? "/" : ".");
	}
	base = base ? base + 1 : output;
	have_par = !stat(parent, &par);
	for (int i = 0; i < n; i++) {
		const char *what = NULL;

		if (fstat(dirs[i].fd, &d))
			continue;
		if (have_out && same_file(&out, &d))
			what = "the results directory";
		else if (have_out && !fstatat(dirs[i].fd, "plots", &d, AT_SYMLINK_NOFOLLOW) &&
			 same_file(&out, &d))
			what = "the plots/ of";
		else if (!have_out && have_par && !strcmp(base, "plots") && same_file(&par, &d))
			what = "the plots/ of";
		if (what)
			rss_usage_error("--output %s is %s %s: the comparison would overwrite that directory's own report and plots; give a directory of its own",
					rss_escape_str(shown, sizeof(shown), output), what,
					dirs[i].shown);
	}
}

/* Loads and checks every directory, and where plot will write in them. */
static void check_dirs(struct pdir *dirs, int n, const char *output)
{
	char err[ERRLEN];
	struct stat st;

	for (int i = 0; i < n; i++) {
		struct pdir *p = &dirs[i];

		rss_escape_str(p->shown, sizeof(p->shown), p->path);
		/* Plots and reports show partial runs too, marked as such, and a
		 * --model-only run's modelled transfers. */
		if (rss_resdir_load(&p->d, p->path, RSS_RESDIR_ALLOW_PARTIAL | RSS_RESDIR_ALLOW_MODEL_ONLY,
				    err, sizeof(err)))
			failed(err);
		p->fd = open(p->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (p->fd < 0)
			rss_usage_error("cannot open %s: %s", p->shown, strerror(errno));
		if (rss_outdir_check(p->fd, "plots", 1, p->shown, err, sizeof(err)) ||
		    rss_outdir_check(p->fd, "report.md", 0, p->shown, err, sizeof(err)))
			failed(err);
		if (i == 0 && n > 1 && !output) {
			int pfd = openat(p->fd, "plots", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			char shown[RSS_RESDIR_NAMELEN + 8];

			snprintf(shown, sizeof(shown), "%s/plots", p->shown);
			if (pfd >= 0 && rss_outdir_check(pfd, "compare", 1, shown, err, sizeof(err)))
				failed(err);
			if (pfd >= 0)
				close(pfd);
		}
	}
	if (output && !lstat(output, &st) && !S_ISDIR(st.st_mode)) {
		rss_escape_str(err, sizeof(err), output);
		rss_usage_error("--output %s is %s, not a directory: plot never writes through it; give another",
				err, S_ISLNK(st.st_mode) ? "a symbolic link" : "a file");
	}
	if (output)
		check_output_apart(dirs, n, output);
}

/* The comparison's directory: --output (made when absent), else the first's plots/compare. */
static int open_output(const struct pdir *first, const char *output, char *shown, size_t len)
{
	char err[ERRLEN];
	int fd;

	if (!output) {
		snprintf(shown, len, "%s/plots", first->shown);
		fd = rss_outdir_sub(first->plots, "compare", shown, err, sizeof(err));
		if (fd < 0)
			failed(err);
		snprintf(shown, len, "%s/plots/compare", first->shown);
		return fd;
	}
	rss_escape_str(shown, len, output);
	if (mkdir(output, 0777) && errno != EEXIST)
		rss_usage_error("cannot create --output %s: %s", shown, strerror(errno));
	fd = open(output, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		rss_usage_error("cannot open --output %s (%s): give a directory, not a link", shown,
				strerror(errno));
	return fd;
}

int rss_plot_ratios(const struct rss_resdir *d, int outfd)
{
	static const char *const refs[] = { "percpu", "split-rss", "percpu-init-many", "percpu-6.6",
					    "percpu-irqsave", "empty" };
	int cs = rss_resdir_col(d, "scheme");

	/* The cost ratios: to percpu always, to the claims' other references where run. */
	for (size_t k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
		char file[64];
		int have = !k, out;
		FILE *f;

		for (int r = 0; r < d->nr_rows && !have; r++)
			have = !strcmp(rss_resdir_val(d, r, cs), refs[k]);
		if (!have)
			continue;
		snprintf(file, sizeof(file), k ? "ratios-%s.csv" : "ratios.csv", refs[k]);
		out = openat(outfd, file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		f = out < 0 ? NULL : fdopen(out, "w");
		if (!f) {
			if (out >= 0)
				close(out);
			return -errno;
		}
		if (rss_ratios_write(f, d, refs[k], "cycles_per_op", 0.95) || ferror(f)) {
			fclose(f);
			return -EIO;
		}
		if (fclose(f))
			return -EIO;
	}
	return 0;
}

/* Directory @i's export into the temporary directory, STAGE/<i + 1>/: its checks too. */
static void export_dir(struct pdir *p, int i, int sfd)
{
	char name[16], err[ERRLEN];
	int ret;

	snprintf(name, sizeof(name), "%d", i + 1);
	if (mkdirat(sfd, name, 0700) ||
	    (p->export = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		rss_usage_error("cannot create the plots' temporary directory: %s; set TMPDIR to a writable directory",
				strerror(errno));
	if (rss_plot_export(p->d, p->export, err, sizeof(err)))
		failed(err);
	if ((ret = rss_plot_ratios(p->d, p->export)))
		rss_usage_error("cannot write the cost ratios of %s: %s", p->shown, strerror(-ret));
}

/* The links between directory @p's report and the comparison's in @oreal (NULL: none). */
static void link_dir(const struct pdir *p, const char *oreal)
{
	struct rss_plot_links l = { NULL, NULL };
	char err[ERRLEN], *rep = NULL, *cmp = NULL, *buf;

	if (oreal && p->real) {
		if (asprintf(&buf, "%s/report.md", p->real) < 0 || !(rep = rel_path(oreal, buf)))
			rss_die(ENOMEM, "plot");
		free(buf);
		if (asprintf(&buf, "%s/report.md", oreal) < 0 || !(cmp = rel_path(p->real, buf)))
			rss_die(ENOMEM, "plot");
		free(buf);
		l.report = rep;
		l.compare = cmp;
	}
	if (rss_plot_export_links(p->export, &l, err, sizeof(err)))
		failed(err);
	free(rep);
	free(cmp);
}

/* What plot made before the script ran, for undo_dirs. */
static struct pdir *made_dirs;
static int made_n, made_compare = -1;	/* plots/ of dirs[0] when it made compare there */

/* Removes the plots/ (and plots/compare) directories plot made, if still empty. */
static void undo_dirs(void)
{
	if (made_compare >= 0)
		unlinkat(made_compare, "compare", AT_REMOVEDIR);
	for (int i = 0; i < made_n; i++)
		if (made_dirs[i].made)
			unlinkat(made_dirs[i].fd, "plots", AT_REMOVEDIR);
}

/* At exit, and on a signal: the temporary directory, and what plot made if not done. */
static void cleanup(void)
{
	remove_stage();
	undo_dirs();
	made_n = 0;
	made_compare = -1;
}

static volatile sig_atomic_t got_signal;
static volatile pid_t script_pid;

/* A terminating signal while the script runs: passed on to it, remembered. */
static void on_signal(int sig)
{
	got_signal = sig;
	if (script_pid > 0)
		kill(script_pid, sig);
}

/*
 * Runs the plot script on the export; its exit status (0, 1: gnuplot
 * failed, 2).  SIGINT, SIGTERM, SIGHUP and SIGQUIT go to the script too;
 * then nothing is installed, the temporary directory goes, and rssbench
 * ends by the same signal.
 */
static int run_script(const char *script, char **args)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { .sa_handler = on_signal }, dfl = { .sa_handler = SIG_DFL };
	int status;
	pid_t pid;

	fflush(NULL);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	pid = fork();
	if (pid < 0)
		rss_usage_error("cannot start the plot script: %s", strerror(errno));
	if (!pid) {
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &dfl, NULL);
		execv(script, args);
		fprintf(stderr, "rssbench: cannot run the plot script \"%s\": %s; reinstall rssbench or set RSS_PLOT to the path of its plot script\n",
			script, strerror(errno));
		_exit(2);
	}
	script_pid = pid;
	if (got_signal)
		kill(pid, got_signal);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 2;
	script_pid = 0;
	if (got_signal) {
		cleanup();
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &dfl, NULL);
		raise(got_signal);
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "rssbench: the plot script ended with signal %d; nothing was written\n",
			WTERMSIG(status));
		return 2;
	}
	return WEXITSTATUS(status);
}

/* The registry's scenario names, comma-separated, in @buf. */
static char *scenario_names(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; rss_scenarios[i] && used + 1 < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "",
					 rss_scenarios[i]->name);
	return buf;
}

/*
 * The files drawn in STAGE/@sub (plots/ or report.md only, @only) into
 * @dirfd; with @prune (a plots/ directory), an earlier drawing's plots that
 * this one did not write go.
 */
static void install(int sfd, const char *sub, int dirfd, const char *only, int prune,
		    const char *shown, int check)
{
	char err[ERRLEN];
	int fd = openat(sfd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;		/* the script wrote nothing there */
	if (check ? rss_outdir_install_check(dirfd, fd, only, shown, err, sizeof(err)) :
		    rss_outdir_install(dirfd, fd, only, shown, err, sizeof(err)))
		failed(err);
	if (prune && !check)
		rss_outdir_prune(dirfd, fd);
	close(fd);
}

int rss_cmd_plot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char self[PATH_MAX], script[PATH_MAX + 64];
	const char *output = NULL, *cpus = NULL, *jobs = NULL, *tmp = getenv("TMPDIR");
	char *args[2 * MAX_DIRS + 16], oshown[RSS_RESDIR_NAMELEN + 32], sub[32];
	char jobs_buf[16], *oreal = NULL, *cmp_dir = NULL, names[1024];
	static struct pdir dirs[MAX_DIRS];	/* static: cleanup() may run at exit */
	int c, n, na = 0, quiet = 0, sfd, ofd = -1, rc;
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[len > 0 ? len : 0] = '\0';
	rss_pkg_script(self, "plot", "RSS_PLOT", script, sizeof(script));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'c': cpus = num_arg("--cpus", optarg); break;
		case 'j': jobs = num_arg("--jobs", optarg); break;
		case 'q': quiet = 1; break;
		case 'h':
			printf("%s\nrssbench plot runs %s\n(set RSS_PLOT to run another copy)\n",
			       plot_usage, script);
			return 0;
		default: rss_option_error(c, argv, "plot");
		}
	}
	n = argc - optind;
	if (n < 1)
		rss_usage_error("no results directory given; usage: rssbench plot [--output DIR] RESULTS_DIR...");
	if (n > MAX_DIRS)
		rss_usage_error("%d directories, more than the %d plot takes at once", n, MAX_DIRS);
	if (access(script, X_OK))
		rss_usage_error("cannot run the plot script \"%s\": %s; reinstall rssbench or set RSS_PLOT to the path of its plot script",
				script, strerror(errno));
	memset(dirs, 0, sizeof(dirs));
	for (int i = 0; i < n; i++)
		dirs[i].path = argv[optind + i];
	check_dirs(dirs, n, output);

	snprintf(stage, sizeof(stage), "%s/rssbench-plot-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(stage)) {
		stage[0] = '\0';
		rss_usage_error("cannot create a temporary directory in %s: %s; set TMPDIR to a writable directory",
				tmp && *tmp ? "TMPDIR" : "/tmp", strerror(errno));
	}
	atexit(cleanup);
	sfd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sfd < 0)
		rss_usage_error("cannot open the temporary directory: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		export_dir(&dirs[i], i, sfd);
		rss_resdir_free(dirs[i].d);
		dirs[i].d = NULL;
	}

	/* Every directory is good: from here on, files are written in them. */
	for (int i = 0; i < n; i++) {
		char err[ERRLEN];
		struct stat st;

		dirs[i].made = fstatat(dirs[i].fd, "plots", &st, AT_SYMLINK_NOFOLLOW) != 0;
		dirs[i].plots = rss_outdir_sub(dirs[i].fd, "plots", dirs[i].shown, err, sizeof(err));
		if (dirs[i].plots < 0)
			failed(err);
		dirs[i].real = real_path(dirs[i].fd);
	}
	made_dirs = dirs;
	made_n = n;
	/* Several directories, or one with --output (a scenarios run's combined report). */
	if (n > 1 || output) {
		struct stat st;

		if (!output && fstatat(dirs[0].plots, "compare", &st, AT_SYMLINK_NOFOLLOW))
			made_compare = dirs[0].plots;
		ofd = open_output(&dirs[0], output, oshown, sizeof(oshown));
		oreal = real_path(ofd);
		if (mkdirat(sfd, "compare", 0700) || asprintf(&cmp_dir, "%s/compare", stage) < 0)
			rss_usage_error("cannot create the plots' temporary directory: %s", strerror(errno));
	}
	for (int i = 0; i < n; i++)
		link_dir(&dirs[i], oreal);

	snprintf(jobs_buf, sizeof(jobs_buf), "%ld", sysconf(_SC_NPROCESSORS_ONLN) > 0 ?
		 sysconf(_SC_NPROCESSORS_ONLN) : 2);
	args[na++] = script;
	args[na++] = "--jobs";
	args[na++] = jobs ? (char *)jobs : jobs_buf;
	if (cpus) {
		args[na++] = "--cpus";
		args[na++] = (char *)cpus;
	}
	if (quiet)
		args[na++] = "--quiet";
	if (cmp_dir) {
		args[na++] = "--compare";
		args[na++] = cmp_dir;
		args[na++] = "--compare-name";
		args[na++] = oshown;
		/* The registry's scenarios: the comparison of a scenarios run lists each. */
		args[na++] = "--scenario-names";
		args[na++] = scenario_names(names, sizeof(names));
	}
	for (int i = 0; i < n; i++)
		if (asprintf(&args[na++], "%s/%d", stage, i + 1) < 0)
			rss_die(ENOMEM, "plot");
	args[na] = NULL;
#ifdef GNUPLOT
	setenv("GNUPLOT", GNUPLOT, 0);
#else
	setenv("GNUPLOT", "no", 0);
#endif
	rc = run_script(script, args);
	for (int i = na - n; i < na; i++)
		free(args[i]);
	if (rc != 0 && rc != 1) {
		/* The script said why; nothing is installed, cleanup() undoes. */
		for (int i = 0; i < n; i++)
			free(dirs[i].real);
		free(oreal);
		free(cmp_dir);
		return 2;
	}
	/* Every destination checked first (a name that is a directory there), then written. */
	for (int check = 1; check >= 0; check--) {
		for (int i = 0; i < n; i++) {
			char shown[RSS_RESDIR_NAMELEN + 8];

			snprintf(shown, sizeof(shown), "%s/plots", dirs[i].shown);
			snprintf(sub, sizeof(sub), "%d/plots", i + 1);
			install(sfd, sub, dirs[i].plots, NULL, 1, shown, check);
			snprintf(sub, sizeof(sub), "%d", i + 1);
			install(sfd, sub, dirs[i].fd, "report.md", 0, dirs[i].shown, check);
		}
		/* --output may hold other files of the user's: only plots/compare is pruned. */
		if (ofd >= 0)
			install(sfd, "compare", ofd, NULL, !output, oshown, check);
	}
	for (int i = 0; i < n; i++) {
		free(dirs[i].real);
		close(dirs[i].fd);
		close(dirs[i].plots);
		close(dirs[i].export);
	}
	if (ofd >= 0)
		close(ofd);
	free(oreal);
	free(cmp_dir);
	close(sfd);
	made_n = 0;		/* done: the plots/ made stay */
	made_compare = -1;
	return rc;
}
