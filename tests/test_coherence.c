/*
 * test_coherence.c - the coherence model's directory against counts worked out
 * by hand: its MESI rules (fills, hits, transfers, invalidations, sharers
 * past the inline ones, accesses spanning lines) and distance classes on 16
 * CPUs (coh_fixture.h).  The model build's schemes: test_coh_update (update
 * paths), test_coh_exit (check_mm), test_coh_switch (cpu-stash's flush),
 * test_coh_pmu_check (pmu-check's patterns); doc/coherence.md lists them.
 */
#include "coh_fixture.h"
#include "tap.h"

static void test_directory(void)
{
	static long line[3][8] __attribute__((aligned(RSS_CACHE_LINE)));

	model_open(16, 8);
	access_as(0, &line[0][0], 1);
	stats();
	ok(coh_st.fills == 1 && rss_coh_transfers(&coh_st) == 0, "a first write is a fill, not a transfer");
	access_as(0, &line[0][1], 0);
	access_as(0, &line[0][2], 1);
	stats();
	ok(coh_st.accesses == 3 && coh_st.fills == 1 && rss_coh_transfers(&coh_st) == 0,
	   "the owner's reads and writes of its line are hits");
	access_as(2, &line[0][0], 0);
	stats();
	ok(coh_st.transfers[RSS_COH_CACHE] == 1 && coh_st.invalidations == 0,
	   "a read of a line CPU 0 holds modified: one transfer, same cache");
	access_as(4, &line[0][0], 0);
	access_as(8, &line[0][0], 0);
	stats();
	ok(rss_coh_transfers(&coh_st) == 1 && coh_st.fills == 3,
	   "reads of a line shared clean move nothing between caches");
	access_as(1, &line[0][0], 1);
	stats();
	ok(coh_st.transfers[RSS_COH_REMOTE] == 1 && coh_st.invalidations == 4,
	   "CPU 1 writes a line 4 CPUs share: one transfer, classed by the farthest (remote), 4 invalidations");
	access_as(0, &line[0][0], 1);
	stats();
	ok(coh_st.transfers[RSS_COH_CORE] == 1 && coh_st.invalidations == 5,
	   "and back to its SMT sibling CPU 0: a same-core transfer");
	for (int c = 0; c < 10; c++)
		access_as(c, &line[1][0], 0);
	rss_coh_reset_stats();
	access_as(10, &line[1][0], 1);
	stats();
	ok(rss_coh_transfers(&coh_st) == 1 && coh_st.invalidations == 10,
	   "a write to a line 10 CPUs share (past the entry's inline sharers): 10 invalidations");
	access_as(3, &line[2][0], 0);
	access_as(3, &line[2][1], 1);
	stats();
	ok(rss_coh_transfers(&coh_st) == 1 && coh_st.invalidations == 10,
	   "a CPU alone with a clean copy writes it without a transfer");
	rss_coh_reset_stats();
	rss_coh_interval();
	{
		struct rss_coh_ctx prev = rss_coh_enter(5);

		rss_model_access(&line[0][4], 3 * RSS_CACHE_LINE - 32, 0);
		rss_coh_leave(prev);
	}
	access_as(5, &line[0][0], 0);
	stats();
	ok(coh_st.lines == 3 && coh_st.accesses == 2,
	   "an access spanning 3 lines touches 3; touching one again in the interval does not count");
	ok(rss_coh_distance(0, 1) == RSS_COH_CORE && rss_coh_distance(0, 3) == RSS_COH_CACHE &&
	   rss_coh_distance(0, 7) == RSS_COH_NODE && rss_coh_distance(0, 15) == RSS_COH_REMOTE,
	   "distance classes: core, cache, node, remote");
	model_close();
}

int main(void)
{
	plan_tests(10);
	test_directory();
	return exit_status();
}
