/*
 * pmu_check_model.c - pmu-check's two patterns through the coherence model
 * (coherence.h): what a miss event should count, on any machine.
 */
#include <errno.h>

#include "arch.h"
#include "coherence.h"
#include "model.h"
#include "model_cell.h"
#include "pmu_check.h"

struct line {
	long v;
} RSS_ALIGNED;

/* The lines the model sees: only their addresses matter. */
static struct line shared, own[2];

static void write_as(int cpu, struct line *l)
{
	struct rss_coh_ctx prev = rss_coh_enter(cpu);

	rss_model_access(&l->v, sizeof(l->v), 1);
	rss_coh_leave(prev);
}

/* One round of @bounced (both CPUs write the shared line in turn) or not
 * (each writes its own line). */
static void round_of(int bounced, int a, int b)
{
	write_as(a, bounced ? &shared : &own[0]);
	write_as(b, bounced ? &shared : &own[1]);
}

/* Per write over @writes rounds, from statistics zeroed before them. */
static void per_write(int bounced, int a, int b, long writes, double *transfers,
		      double *invalidations, int *far)
{
	struct rss_coh_stats st;

	rss_coh_reset_stats();
	for (long n = 0; n < writes; n++)
		round_of(bounced, a, b);
	rss_coh_stats(&st);
	*transfers = (double)rss_coh_transfers(&st) / (2.0 * (double)writes);
	*invalidations = (double)st.invalidations / (2.0 * (double)writes);
	*far = -1;
	for (int d = 0; d < RSS_COH_NR_DISTANCES; d++)
		if (st.transfers[d])
			*far = d;
}

int rss_pmu_check_model(const struct rss_topo *topo, int cpu_a, int cpu_b, long writes,
			struct rss_pmu_check_model *m)
{
	double inval;
	int far, ret = rss_model_open(topo);

	if (ret)
		return ret;
	/* A warm-up round: the first touch of each line is a fill, not the pattern. */
	round_of(1, cpu_a, cpu_b);
	round_of(0, cpu_a, cpu_b);
	per_write(1, cpu_a, cpu_b, writes, &m->shared, &m->shared_invalidations, &far);
	m->distance = far;
	per_write(0, cpu_a, cpu_b, writes, &m->private_, &inval, &far);
	rss_coh_close();
	return 0;
}
