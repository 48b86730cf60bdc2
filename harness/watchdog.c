/*
 * watchdog.c - the reader a monitoring process would be: it samples each
 * mm's cheap read while the workers run and compares it with the truth the
 * tasks keep.  The truth, widened by the updates tasks have announced but
 * not yet recorded, is summed just before and just after the read; the error
 * is the read's distance from that interval, so an update in flight during
 * the read is not counted as error.
 */
#include <stdlib.h>
#include <time.h>

#include "cell.h"
#include "harness.h"

#define SWEEP_PAUSE_NS	100000		/* between sweeps: 100 us */
#define TRACE_EVERY_NS	1000000		/* one trace point per ms at most */

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

void *rss_watchdog_main(void *arg)
{
	struct cell *c = arg;
	const struct scheme_ops *ops = c->cfg->scheme;
	int wide = ops->flags & RSS_SCHEME_PROCESS_WIDE;
	int nr = wide ? 1 : c->nr_mms;
	struct timespec pause = { 0, SWEEP_PAUSE_NS };
	uint64_t last_trace = 0;

	pthread_barrier_wait(&c->ready);
	pthread_barrier_wait(&c->go);
	while (!__atomic_load_n(&c->stop, __ATOMIC_RELAXED)) {
		long sweep_max = 0, read0 = 0, truth0 = 0;
		uint64_t now;

		for (int m = 0; m < nr; m++) {
			for (int i = 0; i < RSS_NR_COUNTERS; i++) {
				long lo0, hi0, lo1, hi1, v, e;

				rss_cell_truth_range(c, wide ? -1 : m, i, &lo0, &hi0);
				v = ops->read(c->mms[m], i);
				rss_cell_truth_range(c, wide ? -1 : m, i, &lo1, &hi1);
				e = distance(v, lo0 < lo1 ? lo0 : lo1, hi0 > hi1 ? hi0 : hi1);

				record(c, e);
				if (e > sweep_max)
					sweep_max = e;
				if (m == 0 && i == RSS_ANONPAGES) {
					read0 = v;
					truth0 = hi1;
				}
			}
		}
		now = rss_now_ns();
		if (c->nr_trace < c->cap_trace && now - last_trace >= TRACE_EVERY_NS) {
			c->trace[c->nr_trace++] = (struct rss_err_point){
				.t_s = (double)(now - c->t0_ns) / 1e9,
				.max_err = sweep_max, .read = read0, .truth = truth0,
			};
			last_trace = now;
		}
		nanosleep(&pause, NULL);
	}
	return NULL;
}
