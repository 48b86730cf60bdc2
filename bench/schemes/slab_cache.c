/*
 * slab_cache.c - percpu's counters in mm objects that a slab cache keeps
 * constructed: Mateusz Guzik's idea as built by Harry Yoo, "Reviving the
 * slab destructor to tackle the percpu allocator scalability problem" (RFC,
 * not merged) <20250424080755.272925-1-harry.yoo@oracle.com>, patch 7/7
 * <20250424080755.272925-8-harry.yoo@oracle.com>.  The constructor runs
 * percpu_counter_init_many() once per object and the destructor
 * destroy_many() when the cache lets the object go, so a fork that finds a
 * free object takes neither pcpu_alloc_mutex nor percpu_counters_lock; exit
 * still pays check_mm's precise sums.  The price: every free object in the
 * cache keeps its per-CPU counters.
 *
 * The cache is SLAB's: a per-CPU array of free objects that only its CPU
 * touches (no lock, as SLUB's lockless per-CPU freelist and sheaves), over
 * a shared array under one spinlock (the node's list_lock) that refills and
 * drains the per-CPU arrays a batch at a time.  One global lock would make
 * every fork and exit of every CPU meet on one line, which no kernel slab
 * allocator does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "lock.h"
#include "percpu.h"
#include "slab_cache.h"

/*
 * struct array_cache.  Only the CPU's worker touches it, or the main thread
 * while the workers are parked: plain accesses.
 */
struct array_cache {
	int avail;
	struct percpu_mm *entry[RSS_SLAB_CPU_LIMIT];
} RSS_ALIGNED;

static struct {
	struct array_cache *cpu;	/* one per CPU id (alloc_percpu) */
	struct machine m;		/* a copy: the possible CPUs teardown walks */
	struct rss_spinlock lock;	/* the shared array's */
	int shared_avail;
	struct percpu_mm *shared[RSS_SLAB_SHARED_LIMIT];
} slab = { .lock = RSS_SPINLOCK_INIT };

static int slab_setup(const struct machine *m)
{
	size_t size = sizeof(struct array_cache) * (size_t)m->nr_cpu_ids;
	int ret;

	ret = rss_percpu_mm_setup(m);
	if (ret)
		return ret;
	slab.cpu = aligned_alloc(RSS_CACHE_LINE, size);
	if (!slab.cpu) {
		rss_percpu_mm_teardown();
		return -ENOMEM;
	}
	memset(slab.cpu, 0, size);
	slab.m = *m;
	slab.shared_avail = 0;
	return 0;
}

/* kmem_cache_destroy(): every cached object goes through the destructor. */
static void slab_teardown(void)
{
	int cpu;

	rss_for_each_possible_cpu(cpu, &slab.m)
		while (slab.cpu[cpu].avail)
			rss_percpu_mm_free(slab.cpu[cpu].entry[--slab.cpu[cpu].avail]);
	while (slab.shared_avail)
		rss_percpu_mm_free(slab.shared[--slab.shared_avail]);
	free(slab.cpu);
	slab.cpu = NULL;
	rss_percpu_mm_teardown();
}

/* cache_alloc_refill(): up to a batch from the shared array. */
static void slab_refill(struct array_cache *ac)
{
	rss_spin_lock(&slab.lock);
	while (ac->avail < RSS_SLAB_BATCH && slab.shared_avail)
		ac->entry[ac->avail++] = slab.shared[--slab.shared_avail];
	rss_spin_unlock(&slab.lock);
}

/*
 * cache_flusharray(): the oldest batch goes to the shared array; what does
 * not fit there is given back (SLAB frees the then-empty slabs), through
 * the destructor: the cache trims itself.
 */
static void slab_flush(struct array_cache *ac)
{
	int n = 0;

	rss_spin_lock(&slab.lock);
	while (n < RSS_SLAB_BATCH && slab.shared_avail < RSS_SLAB_SHARED_LIMIT)
		slab.shared[slab.shared_avail++] = ac->entry[n++];
	rss_spin_unlock(&slab.lock);
	for (int i = n; i < RSS_SLAB_BATCH; i++)
		rss_percpu_mm_free(ac->entry[i]);
	ac->avail -= RSS_SLAB_BATCH;
	memmove(ac->entry, ac->entry + RSS_SLAB_BATCH, sizeof(ac->entry[0]) * (size_t)ac->avail);
}

/*
 * fork: kmem_cache_alloc(), the constructor only when no free object is
 * cached.  mm_struct_ctor()/dtor() are percpu's mm made and unmade
 * (rss_percpu_mm_alloc/free), once in the object's life.  Harry's mm_init() then charges the per-CPU memory to the memcg
 * (percpu_counter_charge_many()); no scheme here models memcg (see percpu),
 * so neither is that.
 */
static struct mm *slab_mm_create(struct cpu *cpu)
{
	struct array_cache *ac = &slab.cpu[cpu->id];
	struct percpu_mm *pmm;

	if (!ac->avail)
		slab_refill(ac);
	pmm = ac->avail ? ac->entry[--ac->avail] : rss_percpu_mm_alloc();
	if (!pmm)
		return NULL;
	/* mm_alloc() clears only what lies before ctor_fields_offset. */
	memset(&pmm->mm, 0, sizeof(pmm->mm));
	return &pmm->mm;
}

/*
 * __mmdrop(): check_mm()'s precise sums, then back to the cache as is: the
 * sums are zero, which is all a new mm needs (the slots may still hold
 * pages that the central count balances, as in a live counter).  An object
 * that fails check_mm goes through the destructor instead, so the next mm
 * does not inherit the error.
 */
static int slab_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct percpu_mm *pmm = (struct percpu_mm *)mm;
	struct array_cache *ac = &slab.cpu[cpu->id];
	int ret = rss_check_mm(rss_percpu_mm_sum, mm);

	if (ret) {
		rss_percpu_mm_free(pmm);
		return ret;
	}
	if (ac->avail == RSS_SLAB_CPU_LIMIT)
		slab_flush(ac);
	ac->entry[ac->avail++] = pmm;
	return 0;
}

const struct scheme_ops rss_scheme_slab_cache = {
	.name		= "slab-cache",
	.summary	= "percpu counters kept in cached mm objects by a slab ctor/dtor (RFC 2025)",
	.origin		= "<20250424080755.272925-8-harry.yoo@oracle.com> (Harry Yoo, suggested by Mateusz Guzik; not merged)",
	.flags		= RSS_SCHEME_KEEPS_MM_CID,	/* the ctor's mm_alloc_cid() */
	.setup		= slab_setup,
	.teardown	= slab_teardown,
	.mm_create	= slab_mm_create,
	.mm_destroy	= slab_mm_destroy,
	.add		= rss_percpu_mm_add,
	.read		= rss_percpu_mm_read,
	.read_sum	= rss_percpu_mm_read_sum,
	.footprint	= rss_percpu_mm_footprint,
	.error_bound	= rss_percpu_mm_error_bound,
};
