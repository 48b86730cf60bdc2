/*
 * pernode.c - Sweet Tea Dorminy's per-NUMA-node atomics (RFC v2, not merged):
 * per counter one atomic global plus min(MAX_NUMNODES, 32) node slots, all
 * inline in the mm.  Every update is a LOCK add_return on the node's slot;
 * a slot reaching +-BATCH is moved to the global with two more atomics and
 * no lock.  Fork and exit allocate nothing; the cheap read is the global.
 * <20250331223516.7810-2-sweettea-kernel@dorminy.me> (v1:
 * <20250325221550.396212-1-sweettea-kernel@dorminy.me>).
 */
#include <stdlib.h>

#include "rss.h"

/* MAX_NUMNODES >= 32 (x86-64 NODES_SHIFT 6 gives 64): 32 slots. */
#define NODES_SHIFT		6
#define MM_NUMA_COUNTERS	32	/* _MM_NUMA_COUNTERS = MIN(MAX_NUMNODES, 32) */

struct mm_pernuma_counter {
	long global;				/* atomic64_t */
	long numa_counters[MM_NUMA_COUNTERS];	/* atomic64_t, no padding */
};

struct pernode_mm {
	struct mm mm;
	struct mm_pernuma_counter rss_stat[RSS_NR_COUNTERS];
};

/* _MM_NUMA_COUNTERS_BATCH, fixed per run (num_possible_cpus()). */
static long batch;

static struct pernode_mm *to_nmm(struct mm *mm)
{
	return (struct pernode_mm *)mm;
}

/* max(32, (num_possible_cpus() >> NODES_SHIFT) * 2). */
static long pernode_batch(int nr_possible)
{
	long b = (long)(nr_possible >> NODES_SHIFT) * 2;

	return b > 32 ? b : 32;
}

static int pernode_setup(const struct machine *m)
{
	batch = pernode_batch(m->nr_possible);
	return 0;
}

/* mm_init()'s memset zeroes the inline counters: no per-CPU allocation. */
static struct mm *pernode_mm_create(struct cpu *cpu)
{
	struct pernode_mm *nmm = rss_mm_zalloc(sizeof(*nmm));

	return nmm ? &nmm->mm : NULL;
}

/*
 * __mm_update_numa_counter(): add_return on the node's slot; at +-BATCH the
 * slot's value moves to the global with two separate atomics, no lock.
 *
 * The kernel subtracts with a plain atomic add, so two updaters of a node
 * that both see |val| >= BATCH both move, and the slot is left beyond
 * +-BATCH; repeated, such overlaps grow it without bound (doc/schemes/
 * pernode.md).  A worker here can be preempted between the two atomics for
 * a whole time slice, so the port re-checks: the subtraction is an
 * add_return (LOCK XADD, the same cost as the kernel's LOCK ADD) and a slot
 * still at +-BATCH is moved again.  Whoever writes the slot last then left
 * it within BATCH - 1: the author's bound holds.
 */
static void pernode_add(struct mm *mm, int ctr, long v, struct task *cur,
			struct cpu *cpu)
{
	struct mm_pernuma_counter *c = &to_nmm(mm)->rss_stat[ctr];
	long *slot = &c->numa_counters[cpu->node % MM_NUMA_COUNTERS];
	long val = __atomic_add_fetch(slot, v, __ATOMIC_RELAXED);

	while (val >= batch || val <= -batch) {
		__atomic_fetch_add(&c->global, val, __ATOMIC_RELAXED);
		val = __atomic_add_fetch(slot, -val, __ATOMIC_RELAXED);
	}
}

/* get_mm_counter(): the global, clamped at 0. */
static long pernode_read(struct mm *mm, int ctr)
{
	long v = __atomic_load_n(&to_nmm(mm)->rss_stat[ctr].global, __ATOMIC_RELAXED);

	return v > 0 ? v : 0;
}

/*
 * get_mm_counter_slow(): global + the 32 slots, no lock, not clamped (the
 * series predates get_mm_counter_sum(); check_mm uses this read too).
 */
static long pernode_read_sum(struct mm *mm, int ctr)
{
	struct mm_pernuma_counter *c = &to_nmm(mm)->rss_stat[ctr];
	long v = __atomic_load_n(&c->global, __ATOMIC_RELAXED);

	for (int i = 0; i < MM_NUMA_COUNTERS; i++)
		v += __atomic_load_n(&c->numa_counters[i], __ATOMIC_RELAXED);
	return v;
}

static int pernode_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	int ret = rss_check_mm(pernode_read_sum, mm);

	free(to_nmm(mm));
	return ret;
}

/* C * (1 + NCTR) * 8 = 1056 B inline, whatever the CPU count. */
static size_t pernode_footprint(const struct machine *m, int nr_tasks)
{
	return sizeof(struct mm_pernuma_counter) * RSS_NR_COUNTERS;
}

/*
 * (BATCH - 1) per node slot in use (nodes >= 32 share slots): the author's
 * claim, 248 pages at 8 nodes.  Proven for the port thanks to the re-check
 * in pernode_add(); the kernel's code has no finite bound under overlaps.
 * A slot is in use when a CPU this process may run on maps to it:
 * numa_node_id() % NCTR over the allowed CPUs, so memory-only nodes (no CPU
 * has them as cpu_to_node()) never hold residue.
 */
static struct bound pernode_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	char used[MM_NUMA_COUNTERS] = { 0 };
	int slots = 0, cpu;
	long b;

	rss_for_each_allowed_cpu(cpu, m) {
		int slot = m->cpu_node[cpu] % MM_NUMA_COUNTERS;

		slots += !used[slot];
		used[slot] = 1;
	}
	b = (pernode_batch(m->nr_possible) - 1) * slots;

	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_pernode = {
	.name		= "pernode",
	.summary	= "per-NUMA-node atomics + global, batch max(32, 2*(P >> 6)) (RFC 2025)",
	.origin		= "<20250331223516.7810-2-sweettea-kernel@dorminy.me> (RFC v2, not merged)",
	.setup		= pernode_setup,
	.mm_create	= pernode_mm_create,
	.mm_destroy	= pernode_mm_destroy,
	.add		= pernode_add,
	.read		= pernode_read,
	.read_sum	= pernode_read_sum,
	/* The series' kmem.h: atomic64_read(&mm->rss_stat[member].global). */
	.read_trace	= pernode_read,
	.footprint	= pernode_footprint,
	.error_bound	= pernode_error_bound,
};
