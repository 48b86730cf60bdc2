/* test_machine.c - one-node machines for the tests (test_machine.h). */
#include "tap.h"
#include "test_machine.h"

static int one_node[RSS_TEST_MAX_CPUS];

struct machine rss_test_machine(int nr_cpus)
{
	if (nr_cpus > RSS_TEST_MAX_CPUS)
		bail_out("a test machine has at most %d CPUs, not %d", RSS_TEST_MAX_CPUS, nr_cpus);
	return (struct machine){ .nr_cpus = nr_cpus, .nr_nodes = 1, .cpu_node = one_node };
}
