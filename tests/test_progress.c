/*
 * test_progress.c - the running count (harness/cli/progress.c): the time
 * left follows the plan's estimate, not one slow first cell (a 2.5-minute
 * run once said 29:56 left); off a terminal a line every few seconds, not
 * one per cell (the quick run scrolled 1 440 lines); on a terminal one line
 * rewritten; failed cells always get their line and note.  A job of
 * several runs (a scenario's, every scenario's) counts and estimates all
 * their cells as one.  Time is passed in, so nothing here is timed.
 */
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"
#include "tap.h"

/* Lines (newline-ended) in @f, rewound; its text in @buf. */
static int lines(FILE *f, char *buf, size_t len)
{
	size_t n;
	int count = 0;

	fflush(f);
	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	for (size_t i = 0; i < n; i++)
		count += buf[i] == '\n';
	return count;
}

/*
 * A job: a counted run of 20 cells took 40 s (2 s a cell); now a timed run
 * of 10 cells planned at 10 s; after it 5 counted cells and a timed run of
 * 30 s planned, and 6 s of plotting.
 */
static void job_cases(FILE *f, char *buf, size_t len)
{
	struct rss_progress_job job = {
		.total = 20 + 10 + 5 + 30, .done = 20, .started = 100, .counted_s = 40,
		.counted_cells = 20, .plan_after_s = 30, .timed_after = 30, .counted_after = 5,
		.extra_after_s = 6,
	};
	struct rss_progress p;

	rss_progress_join(&job);
	ok(rss_progress_in_job(), "a run started after rss_progress_join is part of the job");
	rewind(f);
	if (ftruncate(fileno(f), 0))
		bail_out("ftruncate");
	rss_progress_init(&p, f, 10, 10, 0, 200);
	rss_progress_join(NULL);
	ok(rss_progress_left(&p, 200) > 55.9 && rss_progress_left(&p, 200) < 56.1,
	   "a job's estimate at a run's start: its 10 s, the later 30 s, 5 counted cells at 2 s, 6 s of plots: %.1f s",
	   rss_progress_left(&p, 200));
	ok(!rss_progress_in_job() && p.job.total == 65, "rss_progress_join(NULL): later runs count alone");
	/*
	 * 10 timed cells in 20 s, twice their estimate: the job's timed cells
	 * done (10) are a twentieth of its 40 timed ones and more than 3, so the
	 * later 30 s count double: 60 + 5 x 2 + 6.
	 */
	for (int i = 1; i <= 10; i++)
		rss_progress_cell(&p, 200 + 2.0 * i, "fault/percpu threads=1 none rep 1", NULL, 0);
	ok(rss_progress_left(&p, 220) > 75.9 && rss_progress_left(&p, 220) < 76.1,
	   "the job's time left after a timed run ran at twice its estimate: %.1f s (60 + 10 + 6)",
	   rss_progress_left(&p, 220));
	lines(f, buf, len);
	ok(strstr(buf, "[30/65] 2:00,") != NULL,
	   "the run's last line counts the job's cells and time: [30/65] after 120 s");
	ok(!strstr(buf, "/10]"), "no line counts the run alone");

	/* A counted run first, counted cells after it: unknown until 3 are done. */
	job = (struct rss_progress_job){ .total = 20, .started = 0, .counted_after = 10 };
	rss_progress_join(&job);
	rss_progress_init(&p, f, 10, 0, 0, 0);
	rss_progress_join(NULL);
	p.done = 2;
	ok(rss_progress_left(&p, 4) < 0, "counted cells left and 2 done: unknown");
	p.done = 4;
	ok(rss_progress_left(&p, 8) > 31.9 && rss_progress_left(&p, 8) < 32.1,
	   "4 done in 8 s: the 6 left and the later run's 10 at 2 s: %.1f s", rss_progress_left(&p, 8));
}

int main(void)
{
	static char buf[1 << 20];
	struct rss_progress p;
	FILE *f = tmpfile();
	int fails = 0, master, slave, n;

	if (!f)
		bail_out("tmpfile");
	plan_tests(18);

	/* 480 cells planned at 0.3 s each: 144 s. */
	rss_progress_init(&p, f, 480, 144, 0, 1000);
	p.done = 1;
	ok(rss_progress_left(&p, 1000 + 30) > 140 && rss_progress_left(&p, 1030) < 145,
	   "one slow first cell (30 s): %.0f s left, the plan's estimate, not 479 x 30 s",
	   rss_progress_left(&p, 1030));
	p.done = 240;
	ok(rss_progress_left(&p, 1000 + 144) > 143 && rss_progress_left(&p, 1144) < 145,
	   "half done in twice its share of the plan: %.0f s left (2 x 72 s)",
	   rss_progress_left(&p, 1144));
	p.done = 480;
	ok(rss_progress_left(&p, 1200) == 0, "nothing left when all cells are done");

	rss_progress_init(&p, f, 100, 0, 0, 0);
	p.done = 2;
	ok(rss_progress_left(&p, 10) < 0, "without a plan estimate, unknown before 3 cells");
	p.done = 10;
	ok(rss_progress_left(&p, 20) > 179.9 && rss_progress_left(&p, 20) < 180.1,
	   "without one, the cells' mean: 10 in 20 s, 90 left: %.1f s", rss_progress_left(&p, 20));

	/* Off a terminal: 480 cells, one every 0.25 s (120 s), one of them failing. */
	rss_progress_init(&p, f, 480, 144, 0, 0);
	for (int i = 1; i <= 480; i++)
		rss_progress_cell(&p, i * 0.25, "fault/percpu threads=2 none rep 1: 400 cycles/op",
				  i == 100 ? "no operation completed in the window" : NULL, i == 100);
	n = lines(f, buf, sizeof(buf));
	ok(n >= 20 && n <= 30, "off a terminal, 480 cells over 120 s: %d lines (one every %.0f s, "
	   "the failed cell's two, the last)", n, RSS_PROGRESS_EVERY_S);
	ok(strstr(buf, "[100/480]") && strstr(buf, "no operation completed"),
	   "the failed cell's line and its note are written");
	ok(strstr(buf, "[480/480]") != NULL, "the last cell's line is written");

	/* Quiet: the failed cells alone. */
	rewind(f);
	if (ftruncate(fileno(f), 0))
		bail_out("ftruncate");
	rss_progress_init(&p, f, 50, 0, 1, 0);
	for (int i = 1; i <= 50; i++) {
		rss_progress_cell(&p, i * 10.0, "a cell", i % 10 ? NULL : "its note", !(i % 10));
		fails += !(i % 10);
	}
	ok(lines(f, buf, sizeof(buf)) == 2 * fails, "--quiet: only the %d failed cells and notes",
	   fails);

	/* On a terminal: one line, rewritten, ended once at the end. */
	if (openpty(&master, &slave, NULL, NULL, NULL)) {
		skip(1, "no pseudo-terminal here");
	} else {
		FILE *t = fdopen(slave, "w");
		ssize_t got;

		rss_progress_init(&p, t, 40, 0, 0, 0);
		for (int i = 1; i <= 40; i++)
			rss_progress_cell(&p, i * 0.1, "update/percpu threads=1 none rep 1", NULL, 0);
		fclose(t);
		/*
		 * All of it: one read() returns what the line discipline has
		 * pushed so far (under load, part of it); after the slave's
		 * close the master reads the rest, then EIO.
		 */
		got = 0;
		for (ssize_t r; (size_t)got < sizeof(buf) - 1 &&
		     (r = read(master, buf + got, sizeof(buf) - 1 - (size_t)got)) > 0; )
			got += r;
		buf[got] = '\0';
		n = 0;
		for (char *c = buf; *c; c++)
			n += *c == '\n';
		ok(got > 0 && n == 1 && strstr(buf, "\r") && strstr(buf, "[40/40]"),
		   "on a terminal, 40 cells: one line rewritten (%d newlines), ending at 40/40", n);
		close(master);
	}
	job_cases(f, buf, sizeof(buf));
	fclose(f);
	return exit_status();
}
