/*
 * busy_line.c - the one line that opens run's table, report.md and ratios'
 * output when a run was busy or noisy (results.h): numbers from the run's
 * host_state only.
 */
#include <stdio.h>

#include "harness.h"
#include "hostinfo.h"
#include "results.h"
#include "stats.h"

int rss_run_busy(const struct rss_run_opts *o)
{
	const struct rss_host_state *h = o->host_state;

	return h && h->online_cpus > 0 &&
	       (h->load_before[0] > h->online_cpus || h->load_after[0] > h->online_cpus);
}

int rss_busy_line(const struct rss_run_opts *o, char *buf, size_t len)
{
	const struct rss_host_state *h = o->host_state;
	int busy = rss_run_busy(o);

	buf[0] = '\0';
	if (!h || (!busy && !h->noisy_cells))
		return 0;
	snprintf(buf, len, "%s: load average %.2f before, %.2f after, on %d online CPU%s; %d of %d cell%s noisy (%.0f %%, repetitions' IQR > %.0f %% of the median): timings of a %s machine, which gate calls inconclusive",
		 busy ? "BUSY RUN" : "NOISY RUN", h->load_before[0], h->load_after[0],
		 h->online_cpus, rss_s(h->online_cpus), h->noisy_cells, h->nr_cells, rss_s(h->nr_cells),
		 h->nr_cells ? 100.0 * h->noisy_cells / h->nr_cells : 0, 100 * RSS_NOISY_IQR,
		 busy ? "busy" : "noisy");
	return 1;
}
