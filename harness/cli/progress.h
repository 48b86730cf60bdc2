/*
 * progress.h - what a run says on stderr while it runs: on a terminal one
 * line rewritten after every cell (done/total, elapsed, time left); written
 * to a file or a pipe, a line every RSS_PROGRESS_EVERY_S seconds and the
 * last.  A cell that failed or could not be verified always gets a line of
 * its own, with its note.  A job of several runs (a scenario's runs, every
 * scenario of `run-all --scenarios`) counts all their cells in one: each run
 * is counted as a part of the job (rss_progress_join), and the time left is
 * of the whole job.
 */
#ifndef RSS_PROGRESS_H
#define RSS_PROGRESS_H

#include <stdio.h>

#define RSS_PROGRESS_EVERY_S	5.0	/* seconds between lines off a terminal */

/*
 * A job of several runs counted as one, as the run now starting sees it:
 * what the runs before it took and what the runs after it hold.  Each run
 * either has a plan estimate (a duration per cell: "timed") or counts
 * operations (fixed event counts: "counted", no estimate before it runs).
 */
struct rss_progress_job {
	int total;		/* cells x repetitions of the whole job */
	int done;		/* of them, finished before this run */
	double started;		/* when the job started (s, the clock of rss_progress_cell's @now) */
	double timed_s;		/* seconds the finished timed runs took */
	double timed_plan_s;	/* their plan estimate (s) */
	int timed_cells;	/* their cells */
	double counted_s;	/* seconds the finished counted runs took */
	int counted_cells;	/* their cells */
	double plan_after_s;	/* plan estimate of the timed runs after this one (s) */
	int timed_after;	/* their cells */
	int counted_after;	/* cells of the counted runs after this one */
	double extra_after_s;	/* the job's other work left between runs (plots), estimated (s) */
};

struct rss_progress {
	FILE *f;		/* stderr */
	int tty;		/* @f is a terminal: one line, rewritten */
	int quiet;		/* nothing but the failed cells' lines */
	int total;		/* cells x repetitions of this run */
	int done;
	double plan_s;		/* the plan's estimate of this run (s); 0: none */
	double started;		/* when this run started (s, any clock) */
	double last_line;	/* off a terminal: when the last line was written */
	int open;		/* on a terminal: a progress line is on screen, unended */
	struct rss_progress_job job;	/* the job this run is part of; total 0: none */
};

/*
 * The runs this process starts from now on (rss_progress_init) are part
 * of @job, a copy kept; NULL: each run counts alone again.  A job's runner
 * calls it before it forks each run, with the job as that run sees it.
 */
void rss_progress_join(const struct rss_progress_job *job);
/* Whether the runs started now are part of a job (rss_progress_join). */
int rss_progress_in_job(void);
/*
 * Starts counting @total cells at @now (seconds) on @f; @plan_s is the
 * plan's estimate of the run in seconds (the cells' durations plus their
 * set-up), 0 when the plan has none (fixed event counts).  Part of the job
 * rss_progress_join named, if any.
 */
void rss_progress_init(struct rss_progress *p, FILE *f, int total, double plan_s, int quiet,
		       double now);

/*
 * Seconds left at @now after p->done cells, or -1 while unknown.  With a
 * plan estimate: the estimate of the cells left, scaled by how the cells
 * done so far ran against their share of it, once 3 cells and a twentieth of
 * the timed cells are done (before that the estimate alone: one slow first
 * cell said 30 minutes for a 2.5-minute run); without one: the mean time of
 * the cells done, from 3 cells on.  In a job, the cells of the job's other
 * runs count too (the finished ones' times, the later ones' cells): the
 * time left is the job's, the later runs' plan estimates scaled as the
 * timed cells so far ran, their counted cells at the counted cells' mean so
 * far (unknown before 3 are done), and the job's other work left
 * (extra_after_s).
 */
double rss_progress_left(const struct rss_progress *p, double now);

/*
 * One cell finished at @now: @what is its one-line summary (no newline),
 * @note its note or NULL; @notable marks a failed or unverified cell, whose
 * line and note are always written.  The others update the terminal line,
 * or write a line when RSS_PROGRESS_EVERY_S have passed or it is the last.
 */
void rss_progress_cell(struct rss_progress *p, double now, const char *what,
		       const char *note, int notable);

/* Ends the terminal's progress line before other output; no-op elsewhere. */
void rss_progress_break(struct rss_progress *p);

#endif /* RSS_PROGRESS_H */
