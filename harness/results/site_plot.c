/*
 * site_plot.c - the dashboard's trend plots: C writes each plot's numbers
 * (plots/p<id>.dat) and one gnuplot script of constant text, registry
 * names and numbers (plots/site.gp), and runs gnuplot without a shell in
 * the plots directory.  No stored string reaches gnuplot: a scheme the
 * registry does not know is drawn as "other", a kernel by its number.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "site.h"
#include "site_impl.h"

FILE *rss_site_create_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	if (fd >= 0 && !f)
		close(fd);
	return f;
}

static int write_data(int dirfd, const struct rss_site_plot *p)
{
	char name[32];
	FILE *f;

	snprintf(name, sizeof(name), "p%d.dat", p->id);
	if (!(f = rss_site_create_at(dirfd, name)))
		return -errno;
	for (int l = 0; l < p->nr_lines; l++) {
		const struct rss_site_line *ln = &p->lines[l];

		fprintf(f, "# line %d\n", l);
		for (int i = 0; i < ln->nr; i++)
			if (!isnan(ln->median[i]))
				fprintf(f, "%g %.9g %.9g %.9g\n", ln->x[i], ln->median[i],
					ln->min[i], ln->max[i]);
		/* gnuplot's index needs at least one point per block. */
		if (!ln->nr)
			fprintf(f, "NaN NaN NaN NaN\n");
		fputs("\n\n", f);
	}
	return fclose(f) ? -errno : 0;
}

static void write_script(FILE *f, const struct rss_site_plot *p)
{
	int runs = 0;

	for (int l = 0; l < p->nr_lines; l++)
		for (int i = 0; i < p->lines[l].nr; i++)
			runs = p->lines[l].x[i] > runs ? (int)p->lines[l].x[i] : runs;
	/* A tick per run while they fit, gnuplot's own beyond. */
	if (runs <= 20)
		fputs("set xtics 1\n", f);
	else
		fputs("set xtics autofreq\n", f);
	fprintf(f, "set output 'p%d.svg'\nset ylabel '%s'\nplot", p->id, p->ylabel);
	for (int l = 0; l < p->nr_lines; l++) {
		const struct rss_site_line *ln = &p->lines[l];

		/* Registry names are [a-z0-9_-]: nothing gnuplot reads as code. */
		fprintf(f, "%s 'p%d.dat' index %d using 1:2:3:4 with yerrorlines title '%s k%d'",
			l ? ", \\\n    " : " ", p->id, l, ln->scheme ? ln->scheme : "other",
			ln->kernel);
	}
	fputs("\n", f);
}

static const char *gnuplot_path(void)
{
	const char *g = getenv("GNUPLOT");

	if (g && *g)
		return strcmp(g, "no") ? g : NULL;
#ifdef GNUPLOT
	return GNUPLOT;
#else
	return NULL;
#endif
}

/* gnuplot @script in @dirfd: its exit status, or -errno. */
static int run_gnuplot(const char *gp, int dirfd, const char *script)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -errno;
	if (!pid) {
		int null = open("/dev/null", O_RDWR), log;

		if (fchdir(dirfd) || null < 0)
			_exit(127);
		/* gnuplot's warnings go to plots/gnuplot.log, beside what it drew. */
		log = open("gnuplot.log", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
		dup2(null, 0);
		dup2(null, 1);
		dup2(log >= 0 ? log : null, 2);
		execl(gp, "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int rss_site_plots(int dirfd, const struct rss_site_plot *plots, int n, char *why,
		   size_t whylen)
{
	const char *gp = gnuplot_path();
	FILE *f;
	int ret = 0;

	if (!gp) {
		snprintf(why, whylen, "gnuplot not found (GNUPLOT=no, or none at configure time)");
		return 0;
	}
	if (access(gp, X_OK)) {
		snprintf(why, whylen, "gnuplot %s is not there", gp);
		return 0;
	}
	for (int i = 0; i < n && !ret; i++)
		ret = write_data(dirfd, &plots[i]);
	if (!ret && !(f = rss_site_create_at(dirfd, "site.gp")))
		ret = -errno;
	if (ret) {
		snprintf(why, whylen, "cannot write the plot data: %s", strerror(-ret));
		return -EIO;
	}
	fputs("# site.gp - written by rssbench db site: numbers and registry names only.\n"
	      "set terminal svg size 900,420 noenhanced font 'sans,11' background '#ffffff'\n"
	      "set key outside right top\nset grid\nset xlabel 'run (oldest first)'\n"
	      "set yrange [0:*]\nset offsets 0.5, 0.5, 0, 0\nset datafile missing 'NaN'\n", f);
	for (int i = 0; i < n; i++)
		write_script(f, &plots[i]);
	if (fclose(f)) {
		snprintf(why, whylen, "cannot write site.gp: %s", strerror(errno));
		return -EIO;
	}
	if (!n)
		return 1;
	ret = run_gnuplot(gp, dirfd, "site.gp");
	if (ret) {
		snprintf(why, whylen, "gnuplot failed (%s %d)", ret < 0 ? "error" : "exit status",
			 ret < 0 ? -ret : ret);
		return -EIO;
	}
	return 1;
}
