/* rss.c - the contract's shared helpers: vector updates, get_mm_rss, check_mm. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "rss.h"

void rss_add_vec(struct cpu *c, struct task *cur, struct mm *mm,
		 const long *rss)
{
	int own = cur && cur->mm == mm;

	/* Announced first, so a reader in between sees them in flight. */
	for (int i = 0; own && i < RSS_NR_COUNTERS; i++)
		if (rss[i])
			rss_pending(cur, i, rss[i]);
	if (c->ops->add_vec)
		c->ops->add_vec(mm, rss, cur, c);
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		if (!rss[i])
			continue;
		if (!c->ops->add_vec)
			c->ops->add(mm, i, rss[i], cur, c);
		if (own)
			rss_truth_add(cur, i, rss[i]);
	}
}

long rss_get_mm_rss(struct cpu *c, struct mm *mm)
{
	if (c->ops->read_rss)
		return c->ops->read_rss(mm);
	return c->ops->read(mm, RSS_FILEPAGES) + c->ops->read(mm, RSS_ANONPAGES) +
	       c->ops->read(mm, RSS_SHMEMPAGES);
}

long rss_get_mm_rss_sum(struct cpu *c, struct mm *mm)
{
	if (c->ops->read_rss_sum)
		return c->ops->read_rss_sum(mm);
	return c->ops->read_sum(mm, RSS_FILEPAGES) + c->ops->read_sum(mm, RSS_ANONPAGES) +
	       c->ops->read_sum(mm, RSS_SHMEMPAGES);
}

int rss_check_mm(long (*read_sum)(struct mm *, int), struct mm *mm)
{
	int bad = 0;

	/* The kernel prints "BUG: Bad rss-counter state" for each. */
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		if (read_sum(mm, i) != 0)
			bad++;
	return bad ? -EIO : 0;
}

static unsigned long op_failures;
static __thread unsigned long op_failures_here;

void rss_op_failed(void)
{
	__atomic_fetch_add(&op_failures, 1, __ATOMIC_RELAXED);
	op_failures_here++;
}

unsigned long rss_op_failures_here(void)
{
	return op_failures_here;
}

unsigned long rss_op_failures(void)
{
	return __atomic_load_n(&op_failures, __ATOMIC_RELAXED);
}

void rss_machine_dense(struct machine *m, int nr_cpus, int nr_nodes,
		       unsigned long *mask, int *cpu_node)
{
	for (int i = 0; i < RSS_CPUMASK_LONGS(nr_cpus); i++)
		mask[i] = 0;
	for (int cpu = 0; cpu < nr_cpus; cpu++) {
		mask[cpu / RSS_BITS_PER_LONG] |= 1UL << (cpu % RSS_BITS_PER_LONG);
		cpu_node[cpu] = (int)((long)cpu * nr_nodes / nr_cpus);
	}
	*m = (struct machine){
		.nr_cpu_ids = nr_cpus, .nr_possible = nr_cpus, .nr_online = nr_cpus,
		.nr_allowed = nr_cpus, .possible_mask = mask, .online_mask = mask,
		.allowed_mask = mask, .nr_node_ids = nr_nodes, .nr_nodes = nr_nodes,
		.cpu_node = cpu_node,
	};
}

static char workload_note[192];

void rss_workload_note(const char *note)
{
	/* Main thread only: task_init runs there while the workers are parked. */
	snprintf(workload_note, sizeof(workload_note), "%s", note ? note : "");
}

const char *rss_workload_noted(void)
{
	return workload_note;
}

void *rss_mm_zalloc(size_t size)
{
	size_t n = (size + RSS_CACHE_LINE - 1) / RSS_CACHE_LINE * RSS_CACHE_LINE;
	void *p = aligned_alloc(RSS_CACHE_LINE, n);

	return p ? memset(p, 0, n) : NULL;
}
