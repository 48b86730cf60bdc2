/* progress.c - the running count of a run's cells on stderr (progress.h). */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progress.h"

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
}

double rss_progress_left(const struct rss_progress *p, double now)
{
	double elapsed = now - p->started, share;
	int left = p->total - p->done, enough = p->total / 20 > 3 ? p->total / 20 : 3;

	if (left <= 0)
		return 0;
	if (p->plan_s > 0) {
		share = p->plan_s * p->done / p->total;
		if (p->done < enough || share <= 0 || elapsed <= 0)
			return p->plan_s * left / p->total;
		return p->plan_s * left / p->total * (elapsed / share);
	}
	if (p->done < 3)
		return -1;
	return elapsed / p->done * left;
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
	int w = p->total >= 1000 ? 4 : p->total >= 100 ? 3 : 2;

	p->done++;
	snprintf(head, sizeof(head), "[%*d/%d] %s, ~%s left", w, p->done, p->total,
		 clock_text(now - p->started, el, sizeof(el)),
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
