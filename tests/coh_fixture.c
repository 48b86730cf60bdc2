/* coh_fixture.c - the coherence tests' shared machine and model (coh_fixture.h). */
#include <string.h>

#include "coh_fixture.h"
#include "tap.h"

int node_of[MAX_CPUS];
struct machine coh_m;
struct rss_coh_stats coh_st;

void model_open(int n, int per_node)
{
	static struct rss_coh_place place[MAX_CPUS];
	static unsigned long mask[RSS_CPUMASK_LONGS(MAX_CPUS)];
	int core = per_node < 2 ? per_node : 2, cache = per_node < 4 ? per_node : 4;

	rss_machine_dense(&coh_m, n, (n + per_node - 1) / per_node, mask, node_of);
	for (int i = 0; i < n; i++)
		place[i] = (struct rss_coh_place){ i / core, i / cache, node_of[i] };
	if (rss_coh_open(n, place))
		bail_out("rss_coh_open(%d)", n);
}

void model_close(void)
{
	rss_coh_close();
}

struct cpu cpu_view(const struct scheme_ops *s, int id)
{
	return (struct cpu){ .id = id, .node = node_of[id], .ops = s, .machine = &coh_m };
}

const struct scheme_ops *model_scheme(const char *name)
{
	for (int i = 0; rss_model_bench.schemes[i]; i++)
		if (!strcmp(rss_model_bench.schemes[i]->name, name))
			return rss_model_bench.schemes[i];
	bail_out("no scheme %s in the model build", name);
}

void access_as(int cpu, const void *p, int write)
{
	struct rss_coh_ctx prev = rss_coh_enter(cpu);

	rss_model_access(p, sizeof(long), write);
	rss_coh_leave(prev);
}

void stats(void)
{
	rss_coh_stats(&coh_st);
}
