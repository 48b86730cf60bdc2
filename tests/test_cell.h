/* test_cell.h - the machine a cell test runs on. */
#ifndef RSS_TEST_CELL_H
#define RSS_TEST_CELL_H

#include "pmu.h"
#include "topo.h"

/*
 * The topology @spec (an hwloc synthetic description or XML path) in *@topo,
 * no PMU events in @pmu, and @nr CPUs placed compactly in @cpus (nr ids);
 * bails out of the test plan with hwloc's or the placement's reason.
 */
void rss_test_cell_machine(const char *spec, int nr, struct rss_topo **topo,
			   struct rss_pmu *pmu, int *cpus);

#endif /* RSS_TEST_CELL_H */
