/*
 * test_scheme_pernode.c - Sweet Tea Dorminy's per-node atomics: the batch,
 * bytes and bound against the reference's worked examples, and the update's
 * own mechanism (a slot reaching BATCH moves to the global; nodes use
 * different slots, node 32 aliases node 0).
 */
#include "rss.h"
#include "tap.h"

extern const struct scheme_ops rss_scheme_pernode;

static int nodes[4096];
static unsigned long mask[RSS_CPUMASK_LONGS(4096)];

static struct machine machine_of(int nr_cpus, int nr_nodes)
{
	struct machine m;

	rss_machine_dense(&m, nr_cpus, nr_nodes, mask, nodes);
	return m;
}

static void test_formulas(void)
{
	const struct scheme_ops *s = &rss_scheme_pernode;
	struct machine m = machine_of(256, 8);

	ok(s->footprint(&m, 1) == 1056, "1056 B per mm (4 x 33 atomics), got %zu", s->footprint(&m, 1));
	ok(s->error_bound(&m, 5, 1).under == 248 && s->error_bound(&m, 5, 1).over == 248,
	   "256 CPUs, 8 nodes: BATCH 32, bound 31 x 8 = 248 pages");
	m = machine_of(4096, 64);
	ok(s->error_bound(&m, 5, 1).under == 127 * 32,
	   "4096 CPUs: BATCH (4096 >> 6) * 2 = 128; 64 nodes share 32 slots: 127 x 32");
	ok(s->footprint(&m, 1) == 1056, "... and still 1056 B per mm");
	/* Knights Landing SNC-4 hybrid: CPUs on DDR nodes 0-3, MCDRAM 4-7 memory only. */
	m = machine_of(64, 4);
	m.nr_nodes = m.nr_node_ids = 8;
	ok(s->error_bound(&m, 5, 1).under == 31 * 4,
	   "8 nodes, 4 with CPUs: only the CPUs' nodes hold residue, 31 x 4");
	/* A cpuset of the first 16 CPUs: node 0's slot only. */
	mask[0] = 0xffff;
	m.nr_allowed = 16;
	ok(s->error_bound(&m, 5, 1).under == 31,
	   "16 allowed CPUs, all on node 0: one slot, 31 pages");
}

static void test_mechanism(void)
{
	const struct scheme_ops *s = &rss_scheme_pernode;
	struct machine m = machine_of(16, 2);
	struct cpu n0 = { .id = 0, .node = 0, .ops = s };
	struct cpu n1 = { .id = 8, .node = 1, .ops = s };
	struct cpu n32 = { .id = 1, .node = 32, .ops = s };
	struct mm *mm;

	s->setup(&m);
	mm = s->mm_create(&n0);
	s->add(mm, RSS_ANONPAGES, 31, NULL, &n0);
	ok(s->read(mm, RSS_ANONPAGES) == 0 && s->read_sum(mm, RSS_ANONPAGES) == 31,
	   "31 pages stay in node 0's slot (BATCH 32)");
	s->add(mm, RSS_ANONPAGES, 1, NULL, &n0);
	ok(s->read(mm, RSS_ANONPAGES) == 32 && s->read_sum(mm, RSS_ANONPAGES) == 32,
	   "the update reaching BATCH moves exactly 32 to the global, slot back to 0");
	s->add(mm, RSS_ANONPAGES, 20, NULL, &n0);
	s->add(mm, RSS_ANONPAGES, 20, NULL, &n1);
	ok(s->read(mm, RSS_ANONPAGES) == 32 && s->read_sum(mm, RSS_ANONPAGES) == 72,
	   "20 on node 0 and 20 on node 1 land in different slots (no move)");
	s->add(mm, RSS_ANONPAGES, 12, NULL, &n32);
	ok(s->read(mm, RSS_ANONPAGES) == 64 && s->read_sum(mm, RSS_ANONPAGES) == 84,
	   "node 32 shares node 0's slot (32 %% 32): 20 + 12 moves");
	s->add(mm, RSS_ANONPAGES, -100, NULL, &n1);
	ok(s->read(mm, RSS_ANONPAGES) == 0 && s->read_sum(mm, RSS_ANONPAGES) == -16,
	   "a large negative update moves at once; the cheap read clamps at 0");
	s->add(mm, RSS_ANONPAGES, 16, NULL, &n1);
	ok(s->mm_destroy(mm, &n0) == 0, "check_mm passes at 0 with no per-CPU state to free");
}

int main(void)
{
	plan_tests(12);
	test_formulas();
	test_mechanism();
	return exit_status();
}
