/*
 * progress.h - what a run says on stderr while it runs: on a terminal one
 * line rewritten after every cell (done/total, elapsed, time left); written
 * to a file or a pipe, a line every RSS_PROGRESS_EVERY_S seconds and the
 * last.  A cell that failed or could not be verified always gets a line of
 * its own, with its note.  A scenario counts all its runs' cells in one.
 */
#ifndef RSS_PROGRESS_H
#define RSS_PROGRESS_H

#include <stdio.h>

#define RSS_PROGRESS_EVERY_S	5.0	/* seconds between lines off a terminal */

struct rss_progress {
	FILE *f;		/* stderr */
	int tty;		/* @f is a terminal: one line, rewritten */
	int quiet;		/* nothing but the failed cells' lines */
	int total;		/* cells x repetitions of the whole job */
	int done;
	double plan_s;		/* the plan's estimate of the whole job (s); 0: none */
	double started;		/* when the job started (s, any clock) */
	double last_line;	/* off a terminal: when the last line was written */
	int open;		/* on a terminal: a progress line is on screen, unended */
};

/*
 * Starts counting @total cells at @now (seconds) on @f; @plan_s is the
 * plan's estimate of the whole job in seconds (the cells' durations plus
 * their set-up), 0 when the plan has none (fixed event counts).
 */
void rss_progress_init(struct rss_progress *p, FILE *f, int total, double plan_s, int quiet,
		       double now);

/*
 * Seconds left at @now after p->done cells, or -1 while unknown.  With a
 * plan estimate: the estimate of the cells left, scaled by how the cells
 * done so far ran against their share of it, once 3 cells or a twentieth of
 * the job are done (before that the estimate alone: one slow first cell
 * said 30 minutes for a 2.5-minute run); without one: the mean time of the
 * cells done, from 3 cells on.
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
