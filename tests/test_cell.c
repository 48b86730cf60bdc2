/* test_cell.c - the machine a cell test runs on (test_cell.h). */
#include "tap.h"
#include "test_cell.h"

void rss_test_cell_machine(const char *spec, int nr, struct rss_topo **topo,
			   struct rss_pmu *pmu, int *cpus)
{
	char err[256];

	if (rss_topo_open(topo, spec, err, sizeof(err)) ||
	    rss_pmu_probe(pmu, "none", err, sizeof(err)) ||
	    rss_topo_place(*topo, "compact", nr, cpus, err, sizeof(err)))
		bail_out("%s", err);
}
