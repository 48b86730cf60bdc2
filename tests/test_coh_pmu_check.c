/*
 * test_coh_pmu_check.c - pmu-check's two patterns through the coherence model
 * (harness/run/pmu_check_model.c), as pmu-check prints them beside the
 * counted events: a line two CPUs write in turn moves once per write,
 * classed by the pair's distance; a line each keeps to itself never moves.
 */
#include "coherence.h"
#include "pmu_check.h"
#include "tap.h"
#include "topo.h"

/*
 * pmu-check's patterns through the model (printed beside the counted
 * events): a line the two CPUs write in turn moves once per write, classed
 * by the pair; a line each CPU keeps to itself never moves.
 */
static void test_pmu_check_model(void)
{
	static const struct {
		int a, b;
		enum rss_coh_distance d;
	} pairs[] = { { 0, 1, RSS_COH_CORE }, { 0, 2, RSS_COH_CACHE }, { 1, 6, RSS_COH_REMOTE } };
	struct rss_topo *topo;
	char err[256];

	if (rss_topo_open(&topo, "package:2 numa:1 core:2 pu:2", err, sizeof(err)))
		bail_out("%s", err);
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct rss_pmu_check_model mod;
		int ret = rss_pmu_check_model(topo, pairs[i].a, pairs[i].b, 1000, &mod);

		ok(!ret && mod.shared == 1.0 && mod.shared_invalidations == 1.0 &&
		   mod.distance == (int)pairs[i].d,
		   "pmu-check model, CPUs %d and %d: the bounced line moves once per write (%s), one copy invalidated (got %d: %g transfers, %g invalidations, class %d)",
		   pairs[i].a, pairs[i].b, rss_coh_distance_names[pairs[i].d], ret, mod.shared,
		   mod.shared_invalidations, mod.distance);
		ok(!ret && mod.private_ == 0.0,
		   "pmu-check model, CPUs %d and %d: own lines never move (got %g per write)",
		   pairs[i].a, pairs[i].b, mod.private_);
	}
	rss_topo_close(topo);
}

int main(void)
{
	plan_tests(6);
	test_pmu_check_model();
	return exit_status();
}
