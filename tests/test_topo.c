/*
 * test_topo.c - topologies and placement on hwloc synthetic topologies, so
 * the answers do not depend on the machine running the tests.
 */
#include <errno.h>
#include <string.h>

#include "rss.h"
#include "tap.h"
#include "topo.h"

#define SYNTH	"pack:2 core:2 pu:2"	/* OS indexes 0..7, package-major */
#define NUMA	"package:2 numa:1 core:4 pu:2"

int main(void)
{
	struct rss_topo *t;
	char err[512];
	int cpus[16], ret;

	plan_tests(16);
	if (rss_topo_open(&t, SYNTH, err, sizeof(err)))
		bail_out("cannot load \"%s\": %s", SYNTH, err);
	ok(rss_topo_machine(t)->nr_allowed == 8 && rss_topo_is_virtual(t),
	   "synthetic topology: 8 virtual CPUs");
	ok(rss_topo_nr_packages(t) == 2 && rss_topo_nr_cores(t) == 4, "2 packages, 4 cores");
	/* Each call runs before ok(): argument order is unspecified. */
	ret = rss_topo_place(t, "compact", 2, cpus, err, sizeof(err));
	ok(!ret && cpus[0] == 0 && cpus[1] == 1, "compact fills SMT siblings first: %d %d",
	   cpus[0], cpus[1]);
	ret = rss_topo_place(t, "scatter", 2, cpus, err, sizeof(err));
	ok(!ret && cpus[0] < 4 && cpus[1] >= 4, "scatter puts 2 threads on 2 packages: %d %d",
	   cpus[0], cpus[1]);
	ret = rss_topo_place(t, "scatter", 4, cpus, err, sizeof(err));
	ok(!ret && cpus[0] / 2 != cpus[1] / 2 && cpus[1] / 2 != cpus[2] / 2 &&
	   cpus[2] / 2 != cpus[3] / 2 && cpus[0] / 4 != cpus[3] / 4,
	   "scatter 4 threads: one per core, both packages: %d %d %d %d",
	   cpus[0], cpus[1], cpus[2], cpus[3]);
	ret = rss_topo_place_max(t, "0-3,6", err, sizeof(err));
	ok(ret == 5, "plain list 0-3,6: 5 CPUs");
	ret = rss_topo_place(t, "core:1", 2, cpus, err, sizeof(err));
	ok(!ret && cpus[0] == 2 && cpus[1] == 3, "core:1 is PUs 2 and 3");
	ret = rss_topo_place_max(t, "0-3,8", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "CPU 8"), "CPU 8 is not in the topology: %s", err);
	ret = rss_topo_place_max(t, "1-x", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "bad CPU list"), "garbage list: %s", err);
	ret = rss_topo_place_max(t, "bogus:0", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "unknown object type"), "unknown type: %s", err);
	ret = rss_topo_place(t, "compact", 9, cpus, err, sizeof(err));
	ok(ret == -EINVAL, "9 threads on 8 CPUs: %s", err);
	rss_topo_close(t);

	ret = rss_topo_open(&t, "pack:two", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "synthetic"), "bad synthetic string: %s", err);
	ok(rss_topo_open(&t, NUMA, err, sizeof(err)) == 0, "%s loads", NUMA);
	ok(rss_topo_machine(t)->nr_online == 16 && rss_topo_machine(t)->nr_nodes == 2,
	   "16 CPUs on 2 nodes");
	ok(rss_topo_machine(t)->cpu_node[7] == 0 && rss_topo_machine(t)->cpu_node[8] == 1,
	   "CPU 7 on node 0, CPU 8 on node 1");
	rss_topo_close(t);
	ok(rss_topo_open(&t, NULL, err, sizeof(err)) == 0 && !rss_topo_is_virtual(t) &&
	   rss_topo_machine(t)->nr_allowed >= 1, "the host topology loads");
	rss_topo_close(t);
	return exit_status();
}
