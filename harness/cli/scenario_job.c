/*
 * scenario_job.c - a scenario's runs counted as one job (progress.h): one
 * count of all their cells and the time left of all of them.  Under
 * `run-all --scenarios`, which runs each scenario in its own rssbench,
 * RSSBENCH_JOB names a file run-all made: each scenario reads from it what
 * the scenarios before it took and writes it back with its own, so the
 * count and the time left are of every scenario (scenario.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "scenario.h"

#define STATE_MAGIC	"rssbench-job 1"

static double now_s(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* The CPUs this process may run on: what "max" threads resolves to on the host. */
static int host_max(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) ? 0 : CPU_COUNT(&set);
}

/* @r's cells and plan estimate, "max" resolved where it can be here. */
static void run_size(const struct sc_run *r, int *cells, double *plan_s)
{
	*cells = rss_plan_cells(&r->plan, r->plan.topology ? 0 : host_max());
	*plan_s = rss_plan_estimate_s(&r->plan, *cells);
}

/* Adds @p's runs from @from on to the job's "after" figures. */
static void add_after(struct rss_progress_job *j, const struct sc_plan *p, int from)
{
	for (int i = from; i < p->nr_runs; i++) {
		int cells;
		double plan_s;

		run_size(&p->runs[i], &cells, &plan_s);
		if (plan_s > 0) {
			j->plan_after_s += plan_s;
			j->timed_after += cells;
		} else {
			j->counted_after += cells;
		}
	}
}

/*
 * What the scenarios before this one took, from @job->state (STATE_MAGIC
 * and nine numbers, as rss_scenario_job_end writes them); 0, or -1 for an
 * empty, missing or malformed file: then this scenario is the job's first.
 */
static int read_state(struct sc_job *job)
{
	FILE *f = fopen(job->state, "r");
	struct rss_progress_job s = { 0 };
	double other;
	int n, scenarios;

	if (!f)
		return -1;
	n = fscanf(f, STATE_MAGIC " %lf %d %lf %lf %d %lf %d %lf %d", &s.started, &s.done,
		   &s.timed_s, &s.timed_plan_s, &s.timed_cells, &s.counted_s, &s.counted_cells,
		   &other, &scenarios);
	fclose(f);
	if (n != 9 || !(s.started > 0) || s.done < 0 || !(s.timed_s >= 0) ||
	    !(s.timed_plan_s >= 0) || s.timed_cells < 0 || !(s.counted_s >= 0) ||
	    s.counted_cells < 0 || !(other >= 0) || scenarios < 0 ||
	    !isfinite(s.started + s.timed_s + s.timed_plan_s + s.counted_s + other))
		return -1;
	job->pj = s;
	job->other_s = other;
	job->scenarios = scenarios;
	return 0;
}

/* Cells x repetitions a finished run wrote: the rows of @dir/cells.csv. */
static int rows_of(const char *dir)
{
	char path[PATH_MAX + 16], buf[65536];
	int fd, rows = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/cells.csv", dir);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			rows += buf[i] == '\n';
	close(fd);
	return rows > 0 ? rows : 0;
}

/* "N cells"; the estimate of the timed ones, what the counted ones are. */
static void say_estimate(const char *what, const struct rss_progress_job *j, int runs,
			 const char *unit)
{
	int timed = j->timed_after, counted = j->counted_after;

	fprintf(stderr, "rssbench: %s: %d cell%s in %d %s%s; ", what, j->total, rss_s(j->total),
		runs, unit, rss_s(runs));
	if (!counted)
		fprintf(stderr, "about %.0f s\n", j->plan_after_s);
	else if (!timed)
		fprintf(stderr, "fixed event counts: the time left is known from the third cell on\n");
	else
		fprintf(stderr, "about %.0f s for the %d timed, the %d with fixed event counts timed as they run\n",
			j->plan_after_s, timed, counted);
}

void rss_scenario_job_start(struct sc_job *job, const struct rss_scenario *s,
			    const struct sc_plan *p, int quick, int quiet)
{
	const char *state = getenv("RSSBENCH_JOB");
	struct rss_progress_job *j = &job->pj;
	int at = 0, first;
	char what[96];

	memset(job, 0, sizeof(*job));
	job->started = now_s();
	job->state = state && *state ? state : NULL;
	first = !job->state || read_state(job);
	if (first) {
		memset(job, 0, sizeof(*job));
		job->started = j->started = now_s();
		job->state = state && *state ? state : NULL;
	}
	/* Under run-all --scenarios: the scenarios after this one in the table's order. */
	while (job->state && rss_scenarios[at] && rss_scenarios[at] != s)
		at++;
	for (int i = at + 1; job->state && rss_scenarios[at] && rss_scenarios[i]; i++) {
		struct sc_plan *later = malloc(sizeof(*later));

		if (!later)
			rss_die(ENOMEM, "scenario job");
		rss_scenario_plan(rss_scenarios[i], quick, later);
		/* run-all --scenarios leaves out the guest scenario (kernels). */
		if (!later->runs[0].guest_series) {
			add_after(j, later, 0);
			job->nr_later++;
		}
		free(later);
	}
	job->later_plan_s = j->plan_after_s;
	job->later_timed = j->timed_after;
	job->later_counted = j->counted_after;
	add_after(j, p, 0);
	j->total = j->done + j->timed_after + j->counted_after;
	if (!quiet && first && job->state) {
		snprintf(what, sizeof(what), "the scenarios from %s on%s", s->name,
			 quick ? " (quick)" : "");
		say_estimate(what, j, job->nr_later + 1, "scenario");
	} else if (!quiet && first) {
		snprintf(what, sizeof(what), "scenario %s%s", s->name, quick ? " (quick)" : "");
		say_estimate(what, j, p->nr_runs, "run");
	}
}

void rss_scenario_job_run(struct sc_job *job, const struct sc_plan *p, int i)
{
	struct rss_progress_job *j = &job->pj;

	j->plan_after_s = job->later_plan_s;
	j->timed_after = job->later_timed;
	j->counted_after = job->later_counted;
	add_after(j, p, i + 1);
	/* This scenario's plots and the later scenarios' set-up and plots, as the finished ones took. */
	j->extra_after_s = job->scenarios ? job->other_s / job->scenarios * (job->nr_later + 1) : 0;
	/* The count so far and what is left: the plans after this run, and this run. */
	run_size(&p->runs[i], &job->cells, &job->plan_s);
	j->total = j->done + job->cells + j->timed_after + j->counted_after;
	job->run_started = now_s();
	rss_progress_join(j);
}

void rss_scenario_job_ran(struct sc_job *job, const char *dir)
{
	struct rss_progress_job *j = &job->pj;
	double took = now_s() - job->run_started;
	int rows = dir ? rows_of(dir) : 0;

	rss_progress_join(NULL);
	job->runs_s += took;
	j->done += rows;
	if (job->plan_s > 0) {
		j->timed_s += took;
		j->timed_plan_s += job->cells ? job->plan_s * rows / job->cells : 0;
		j->timed_cells += rows;
	} else {
		j->counted_s += took;
		j->counted_cells += rows;
	}
}

void rss_scenario_job_end(const struct sc_job *job)
{
	const struct rss_progress_job *j = &job->pj;
	double other = job->other_s + (now_s() - job->started - job->runs_s);
	int fd;
	FILE *f;

	if (!job->state)
		return;
	fd = open(job->state, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	fprintf(f, STATE_MAGIC " %.6f %d %.6f %.6f %d %.6f %d %.6f %d\n", j->started, j->done,
		j->timed_s, j->timed_plan_s, j->timed_cells, j->counted_s, j->counted_cells,
		other > 0 ? other : 0, job->scenarios + 1);
	fclose(f);
}
