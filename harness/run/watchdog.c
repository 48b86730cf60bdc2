/*
 * watchdog.c - the reader a monitoring process would be: it samples each
 * mm's cheap read while the workers run and compares it with the truth the
 * tasks keep.  Each task's truth, widened by the update it has announced but
 * not yet recorded, is looked at just before and just after the read; a
 * task's share of the read lies between its two looks, so the error is the
 * read's distance from the sum of those per-task intervals.  That holds only
 * if no task made two updates between its looks (a +1 then a zap, say): such
 * a sample is ambiguous and not taken.  A run of same-sign updates made with
 * rss_add_run() counts as one update (its pending covers the one in flight
 * and its truth only grows), bracketed by a count before and after it.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "cell.h"
#include "harness.h"

#define SWEEP_PAUSE_NS	100000		/* between sweeps: 100 us */
#define TRACE_EVERY_NS	1000000		/* one trace point per ms at most */

/*
 * A trace point: the largest error of every sweep since the last point
 * (@bin_max, so the series' peak is err_max), the first mm's ANON read and
 * truth of the last sweep that took them.
 */
static void trace_point(struct cell *c, uint64_t now, long bin_max, long read0, long truth0)
{
	c->trace[c->nr_trace++] = (struct rss_err_point){
		.t_s = (double)(now - c->t0_ns) / 1e9,
		.max_err = bin_max, .read = read0, .truth = truth0,
	};
}

static long distance(long v, long lo, long hi)
{
	return v < lo ? lo - v : v > hi ? v - hi : 0;
}

static void record(struct cell *c, long err)
{
	if (c->nr_samples < c->cap_samples)
		c->samples[c->nr_samples++] = err;
	if (err > c->err_max)
		c->err_max = err;
}

/*
 * The interval a sample's read must fall in, from each task's two looks;
 * 0 when a task updated twice between them (the sample is ambiguous).
 */
static int truth_bounds(const struct truth_view *before, const struct truth_view *after,
			int n, long *lo, long *hi)
{
	*lo = *hi = 0;
	for (int i = 0; i < n; i++) {
		if (after[i].updates - before[i].updates > 1)
			return 0;
		*lo += before[i].lo < after[i].lo ? before[i].lo : after[i].lo;
		*hi += before[i].hi > after[i].hi ? before[i].hi : after[i].hi;
	}
	return 1;
}

void *rss_watchdog_main(void *arg)
{
	struct cell *c = arg;
	const struct scheme_ops *ops = c->cfg->scheme;
	int wide = ops->flags & RSS_SCHEME_PROCESS_WIDE;
	int nr = wide ? 1 : c->nr_mms;
	struct timespec pause = { 0, SWEEP_PAUSE_NS };
	struct truth_view *before = c->view_before, *after = c->view_after;
	uint64_t last_trace = 0;
	long bin_max = 0, read0 = 0, truth0 = 0;
	int have0 = 0;	/* the bin since the last point holds a first-mm ANON sample */

	if (rss_cell_launched(c))
		return NULL;
	if (ops->thread_sync && ops->thread_sync())
		__atomic_fetch_add(&c->sync_failures, 1, __ATOMIC_RELAXED);
	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);
	/* A scheme that counts nothing has no error to sample. */
	while (!(ops->flags & RSS_SCHEME_NO_COUNTER) &&
	       !__atomic_load_n(&c->stop, __ATOMIC_RELAXED)) {
		uint64_t now;

		for (int m = 0; m < nr; m++) {
			for (int i = 0; i < RSS_NR_COUNTERS; i++) {
				int n = rss_cell_truth_views(c, wide ? -1 : m, i, before);
				long v = ops->read(c->mms[m], i), lo, hi, e;

				rss_cell_truth_views(c, wide ? -1 : m, i, after);
				if (!truth_bounds(before, after, n, &lo, &hi))
					continue;
				e = distance(v, lo, hi);
				record(c, e);
				if (e > bin_max)
					bin_max = e;
				if (m == 0 && i == RSS_ANONPAGES) {
					read0 = v;
					truth0 = hi;
					have0 = 1;
				}
			}
		}
		now = rss_now_ns();
		if (have0 && c->nr_trace < c->cap_trace && now - last_trace >= TRACE_EVERY_NS) {
			trace_point(c, now, bin_max, read0, truth0);
			last_trace = now;
			bin_max = 0;
			have0 = 0;
		}
		nanosleep(&pause, NULL);
	}
	/* The last bin, shorter than a millisecond: its peak may be the cell's. */
	if ((have0 || (bin_max > 0 && c->nr_trace)) && c->nr_trace < c->cap_trace)
		trace_point(c, rss_now_ns(), bin_max, read0, truth0);
	/* Parked with the workers while the main thread checks. */
	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);
	return NULL;
}
