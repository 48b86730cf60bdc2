/* progress.c - the running count of a run's cells on stderr (progress.h). */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progress.h"

/* The job the runs started now are part of (rss_progress_join); total 0: none. */
static struct rss_progress_job joined;

void rss_progress_join(const struct rss_progress_job *job)
{
	if (job)
		joined = *job;
	else
		memset(&joined, 0, sizeof(joined));
}

int rss_progress_in_job(void)
{
	return joined.total > 0;
}

void rss_progress_init(struct rss_progress *p, FILE *f, int total, double plan_s, int quiet,
		       double now)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->tty = isatty(fileno(f));
	p->quiet = quiet;
	p->total = total;
	p->plan_s = plan_s > 0 ? plan_s : 0;
	p->started = now;
	p->last_line = now;
	p->job = joined;
}

/*
 * Seconds left of job @j after @done of the current run's @cells (@plan_s
 * its estimate, 0: counted) in @elapsed seconds; -1 while unknown.  The
 * timed cells' estimates are scaled by how those done ran against theirs
 * once 3 of them and a twentieth of all timed cells are done; a counted cell
 * left takes the counted cells' mean so far, unknown before 3 are done;
 * the job's other work left (plots) is added as estimated.
 */
static double estimate(const struct rss_progress_job *j, double plan_s, int cells, int done,
		       double elapsed)
{
	int left = cells - done, timed = plan_s > 0;
	double t_s = j->timed_s, t_plan = j->timed_plan_s, c_s = j->counted_s;
	int t_done = j->timed_cells, c_done = j->counted_cells, t_all, enough;
	double rate = 1, mean = -1, s = 0;

	if (timed) {
		t_s += elapsed;
		t_plan += plan_s * done / cells;
		t_done += done;
	} else {
		c_s += elapsed;
		c_done += done;
	}
	t_all = t_done + (timed ? left : 0) + j->timed_after;
	enough = t_all / 20 > 3 ? t_all / 20 : 3;
	if (t_done >= enough && t_plan > 0 && t_s > 0)
		rate = t_s / t_plan;
	if (c_done >= 3)
		mean = c_s / c_done;
	if (left > 0 && timed)
		s += plan_s * left / cells * rate;
	s += j->plan_after_s * rate + j->extra_after_s;
	if ((left > 0 && !timed) || j->counted_after) {
		if (mean < 0)
			return -1;
		s += mean * ((timed ? 0 : left) + j->counted_after);
	}
	return s;
}

double rss_progress_left(const struct rss_progress *p, double now)
{
	return estimate(&p->job, p->plan_s, p->total, p->done, now - p->started);
}

/* "m:ss" or "h:mm:ss" of @s seconds into @buf; "?" when @s < 0. */
static const char *clock_text(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);

	if (s < 0)
		snprintf(buf, len, "?");
	else if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
	return buf;
}

static int columns(FILE *f)
{
	struct winsize ws;

	if (!ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

void rss_progress_break(struct rss_progress *p)
{
	if (p->open) {
		fputc('\n', p->f);
		p->open = 0;
	}
}

void rss_progress_cell(struct rss_progress *p, double now, const char *what,
		       const char *note, int notable)
{
	char head[128], el[32], left[32];
	/* In a job: the job's count and elapsed time. */
	int total = p->job.total ? p->job.total : p->total, done = p->job.done + p->done + 1;
	double started = p->job.total ? p->job.started : p->started;
	int w = total >= 1000 ? 4 : total >= 100 ? 3 : 2;

	p->done++;
	snprintf(head, sizeof(head), "[%*d/%d] %s, ~%s left", w, done, total,
		 clock_text(now - started, el, sizeof(el)),
		 clock_text(rss_progress_left(p, now), left, sizeof(left)));
	if (notable) {
		rss_progress_break(p);
		fprintf(p->f, "%s: %s\n", head, what);
		if (note && note[0])
			fprintf(p->f, "      %s\n", note);
	} else if (p->quiet) {
		return;
	} else if (p->tty) {
		/* One screen line, so that \r rewrites it whole. */
		fprintf(p->f, "\r\033[K%.*s", columns(p->f) - 1,
			head);
		if ((int)strlen(head) + 2 < columns(p->f) - 1)
			fprintf(p->f, ": %.*s", columns(p->f) - 3 - (int)strlen(head), what);
		p->open = 1;
	} else if (now - p->last_line >= RSS_PROGRESS_EVERY_S || p->done == p->total) {
		fprintf(p->f, "%s: %s\n", head, what);
	} else {
		return;
	}
	p->last_line = now;
	if (p->done == p->total)
		rss_progress_break(p);
	fflush(p->f);
}
