/* test_machine.c - one-node machines for the tests (test_machine.h). */
#include "tap.h"
#include "test_machine.h"

static int one_node[RSS_TEST_MAX_CPUS];
static unsigned long all_cpus[RSS_CPUMASK_LONGS(RSS_TEST_MAX_CPUS)];

struct machine rss_test_machine(int nr_cpus)
{
	if (nr_cpus > RSS_TEST_MAX_CPUS)
		bail_out("a test machine has at most %d CPUs, not %d", RSS_TEST_MAX_CPUS, nr_cpus);
	/* Bits past nr_cpu_ids are never looked at: one mask serves every size. */
	for (int i = 0; i < RSS_CPUMASK_LONGS(RSS_TEST_MAX_CPUS); i++)
		all_cpus[i] = ~0UL;
	return (struct machine){
		.nr_cpu_ids = nr_cpus, .nr_possible = nr_cpus, .nr_online = nr_cpus,
		.nr_allowed = nr_cpus, .possible_mask = all_cpus, .online_mask = all_cpus,
		.allowed_mask = all_cpus, .nr_node_ids = 1, .nr_nodes = 1, .cpu_node = one_node,
	};
}
