/*
 * coh_fixture.h - what the coherence model's tests (test_coherence,
 * test_coh_*) share: a dense machine of N CPUs with the model open on it,
 * the model build's schemes by name, and one access as a CPU.
 *
 * Machine of 16 CPUs: core = cpu / 2, cache (package) = cpu / 4,
 * node = cpu / 8; so CPU 0 shares a core with 1, a cache with 2, a node
 * with 4, nothing with 8.
 */
#ifndef RSS_COH_FIXTURE_H
#define RSS_COH_FIXTURE_H

#include <stdint.h>

#include "arch.h"
#include "coherence.h"
#include "model.h"
#include "rss.h"

#define LINE(p)		((uintptr_t)(p) / RSS_CACHE_LINE)
#define MAX_CPUS	1024

extern int node_of[MAX_CPUS];
extern struct machine coh_m;		/* the machine model_open made */
extern struct rss_coh_stats coh_st;	/* the model's counts, as stats() last read them */

/* @n CPUs, @per_node of them per node; core = cpu / 2, cache = cpu / 4,
 * neither wider than a node; bails out when the model cannot open. */
void model_open(int n, int per_node);
void model_close(void);
/* CPU @id of coh_m as scheme @s's hooks see it. */
struct cpu cpu_view(const struct scheme_ops *s, int id);
/* The model build's scheme @name; bails out when it has none. */
const struct scheme_ops *model_scheme(const char *name);
/* One access by @cpu, as the model build's accessors report it. */
void access_as(int cpu, const void *p, int write);
/* The model's counts into coh_st. */
void stats(void);

#endif /* RSS_COH_FIXTURE_H */
