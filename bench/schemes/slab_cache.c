/*
 * slab_cache.c - percpu's counters in mm objects that a slab cache keeps
 * constructed: Mateusz Guzik's idea as built by Harry Yoo, "Reviving the
 * slab destructor to tackle the percpu allocator scalability problem" (RFC,
 * not merged) <20250424080755.272925-1-harry.yoo@oracle.com>, patch 7/7
 * <20250424080755.272925-8-harry.yoo@oracle.com>.  The constructor runs
 * percpu_counter_init_many() and the destructor destroy_many(), so a fork
 * that finds a free object takes neither pcpu_alloc_mutex nor
 * percpu_counters_lock; exit still pays check_mm's precise sums.  The price:
 * every free object in the cache keeps its per-CPU counters.
 *
 * The cache is SLUB's (SLAB went in 6.8; the RFC targets SLUB), its
 * geometry SLUB's for the machine's mm_struct (slab_cache.h): objects live
 * in slabs of g.objects; a new slab runs the constructor on
 * every one of its objects, a discarded slab the destructor on every one.
 * Each CPU has a slab whose free objects only it takes and gives back (the
 * lockless per-CPU freelist) and a short list of partial slabs; each node a
 * partial list under list_lock.  An object freed on another CPU goes back
 * to its own slab (cmpxchg on the slab, here its slab lock); a full slab
 * that gets a free object joins the freeing CPU's partial list, which spills
 * to the node lists past cpu_partial_slabs; a slab that empties on a node
 * list is discarded once the node keeps min_partial.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "lock.h"
#include "percpu.h"
#include "slab_cache.h"

enum slab_state {
	SLAB_CPU,		/* a CPU's slab (frozen) */
	SLAB_CPU_PARTIAL,	/* on a CPU's partial list (frozen) */
	SLAB_NODE_PARTIAL,	/* on its node's partial list */
	SLAB_FULL,		/* every object taken, on no list */
};

struct slab;

/* An object of the cache: the mm with its counters, and its slab (virt_to_slab). */
struct slub_obj {
	struct percpu_mm pmm;
	struct slab *slab;
};

struct slab {
	struct rss_spinlock lock;	/* slab_lock(): freelist, inuse, state */
	enum slab_state state;
	int node;
	int inuse;			/* objects not on this slab's freelist */
	int nr_free;
	struct slub_obj *freelist[RSS_SLUB_MAX_OBJECTS];
	struct slab *next;		/* on a partial list */
	struct slub_obj objs[RSS_SLUB_MAX_OBJECTS];	/* g.objects used */
};

/* struct kmem_cache_cpu: only its CPU's worker touches it. */
struct slub_cpu {
	struct slab *slab;
	int nr_free;			/* c->freelist: objects of c->slab */
	struct slub_obj *freelist[RSS_SLUB_MAX_OBJECTS];
	struct slab *partial;
	int nr_partial;
} RSS_ALIGNED;

/* struct kmem_cache_node. */
struct slub_node {
	struct rss_spinlock list_lock;
	struct slab *partial;
	int nr_partial;
} RSS_ALIGNED;

static struct {
	struct slub_cpu *cpu;
	struct slub_node *node;
	struct machine m;
	struct rss_slub_geometry g;
	long allocated, discarded;	/* slabs */
} slub;

#define PAGE_SIZE		4096U
#define SLUB_MAX_ORDER		3U	/* PAGE_ALLOC_COSTLY_ORDER */
#define MIN_PARTIAL		5U
#define MAX_PARTIAL		10U
#define SLUB_HWCACHE_ALIGN	64U	/* SLAB_HWCACHE_ALIGN: x86-64's cache_line_size() */

static unsigned int fls_u(unsigned int x)
{
	return x ? 32U - (unsigned int)__builtin_clz(x) : 0;
}

static unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((unsigned long)PAGE_SIZE << order < size)
		order++;
	return order;
}

/* calc_slab_order(): the first order from @min_order whose leftover is at
 * most 1/@fract of the slab. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int fract)
{
	unsigned int order;

	for (order = min_order; order <= SLUB_MAX_ORDER; order++) {
		unsigned int slab_size = PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract)
			break;
	}
	return order;
}

/* calculate_order() (mm/slub.c), slub_min_order 0, slub_min_objects 0. */
static unsigned int calculate_order(unsigned int size, int nr_present, int nr_cpu_ids)
{
	unsigned int nr_cpus = nr_present <= 1 ? (unsigned int)nr_cpu_ids : (unsigned int)nr_present;
	unsigned int min_objects = 4 * (fls_u(nr_cpus) + 1);
	unsigned int max_objects = (PAGE_SIZE << SLUB_MAX_ORDER) / size;
	unsigned int min_order;

	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_order = get_order((unsigned long)min_objects * size);
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		unsigned int order = calc_slab_order(size, min_order, fraction);

		if (order <= SLUB_MAX_ORDER)
			return order;
	}
	/* Doesn't fit with waste below 1/2: the smallest order that holds one. */
	return calc_slab_order(size, get_order(size), 1);
}

void rss_slub_geometry(int nr_cpu_ids, int nr_present, struct rss_slub_geometry *g)
{
	unsigned int masks = 3 * 8 * (((unsigned int)nr_cpu_ids + 63) / 64);
	unsigned int size = (RSS_SLUB_MM_BASE + masks + SLUB_HWCACHE_ALIGN - 1) /
			    SLUB_HWCACHE_ALIGN * SLUB_HWCACHE_ALIGN;
	unsigned int ilog2 = fls_u(size) - 1;

	g->size = size;
	g->order = calculate_order(size, nr_present, nr_cpu_ids);
	g->objects = (PAGE_SIZE << g->order) / size;
	/* set_cpu_partial(): by the object size. */
	g->cpu_partial = size >= PAGE_SIZE ? 6 : size >= 1024 ? 24 : size >= 256 ? 52 : 120;
	g->cpu_partial_slabs = (g->cpu_partial * 2 + g->objects - 1) / g->objects;
	/* kmem_cache_open(): set_min_partial(s, ilog2(s->size) / 2), clamped. */
	g->min_partial = ilog2 / 2 < MIN_PARTIAL ? MIN_PARTIAL :
			 ilog2 / 2 > MAX_PARTIAL ? MAX_PARTIAL : ilog2 / 2;
}

const struct rss_slub_geometry *rss_slub_geometry_now(void)
{
	return &slub.g;
}

long rss_slub_max_cached(const struct rss_slub_geometry *g, int nr_cpus, int nr_nodes)
{
	return (long)nr_cpus * (1 + g->cpu_partial_slabs) * g->objects +
	       (long)nr_nodes * g->min_partial * g->objects;
}

static int slab_setup(const struct machine *m)
{
	int ret = rss_percpu_mm_setup(m);

	if (ret)
		return ret;
	slub.m = *m;
	rss_slub_geometry(m->nr_cpu_ids, m->nr_possible, &slub.g);
	if (slub.g.objects > RSS_SLUB_MAX_OBJECTS || !slub.g.objects) {
		rss_percpu_mm_teardown();
		return -EINVAL;
	}
	slub.allocated = slub.discarded = 0;
	slub.cpu = aligned_alloc(RSS_CACHE_LINE, sizeof(*slub.cpu) * (size_t)m->nr_cpu_ids);
	slub.node = aligned_alloc(RSS_CACHE_LINE, sizeof(*slub.node) * (size_t)m->nr_node_ids);
	if (!slub.cpu || !slub.node) {
		free(slub.cpu);
		free(slub.node);
		rss_percpu_mm_teardown();
		return -ENOMEM;
	}
	memset(slub.cpu, 0, sizeof(*slub.cpu) * (size_t)m->nr_cpu_ids);
	memset(slub.node, 0, sizeof(*slub.node) * (size_t)m->nr_node_ids);
	for (int n = 0; n < m->nr_node_ids; n++)
		rss_spin_init(&slub.node[n].list_lock);
	return 0;
}

/* __free_slab() with the RFC's destructor: mm_struct_dtor() on every object. */
static void discard_slab(struct slab *s)
{
	for (unsigned int i = 0; i < slub.g.objects; i++)
		rss_percpu_counter_destroy_many(s->objs[i].pmm.rss_stat, RSS_NR_COUNTERS);
	free(s);
	__atomic_fetch_add(&slub.discarded, 1, __ATOMIC_RELAXED);
}

/*
 * allocate_slab(): the slab, then the constructor (mm_struct_ctor():
 * percpu_counter_init_many(), the allocator's mutex) on every object.  A
 * constructor that fails fails the allocation; the ones done are undone.
 */
static struct slab *new_slab(int node)
{
	/* C11's aligned_alloc() wants a multiple of the alignment. */
	struct slab *s = aligned_alloc(RSS_CACHE_LINE, (sizeof(*s) + RSS_CACHE_LINE - 1) /
				       RSS_CACHE_LINE * RSS_CACHE_LINE);
	int nr = (int)slub.g.objects, i;

	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	rss_spin_init(&s->lock);
	s->node = node;
	for (i = 0; i < nr; i++) {
		if (rss_percpu_counter_init_many(s->objs[i].pmm.rss_stat, 0, RSS_NR_COUNTERS, 0))
			break;
		s->objs[i].slab = s;
	}
	if (i < nr) {
		while (i--)
			rss_percpu_counter_destroy_many(s->objs[i].pmm.rss_stat, RSS_NR_COUNTERS);
		free(s);
		return NULL;
	}
	__atomic_fetch_add(&slub.allocated, 1, __ATOMIC_RELAXED);
	return s;
}

/* Freeze @s as @c's slab: its freelist becomes the CPU's.  Slab lock held. */
static void freeze(struct slub_cpu *c, struct slab *s)
{
	memcpy(c->freelist, s->freelist, sizeof(s->freelist[0]) * (size_t)s->nr_free);
	c->nr_free = s->nr_free;
	s->nr_free = 0;
	s->inuse = (int)slub.g.objects;
	s->state = SLAB_CPU;
	c->slab = s;
}

/*
 * get_partial_node(): one slab for @c, then more onto its partial list
 * (put_cpu_partial(s, slab, 0): no drain) until
 * ++partial_slabs > cpu_partial_slabs / 2, i.e. 1 + 2 slabs with 3
 * (Xiongwei Song's "mm/slub: simplify get_partial_node()" as Vlastimil Babka
 * reworded it, <8a2890f0-108f-4fca-98e1-913373aa2cff@suse.cz>, v6.10; the
 * same count as the #ifdef form it replaced).
 */
static int get_partial_node(struct slub_cpu *c, int node)
{
	struct slub_node *n = &slub.node[node];
	unsigned int partial_slabs = 0;
	int got = 0;

	rss_spin_lock(&n->list_lock);
	while (n->partial) {
		struct slab *s = n->partial;
		int more;

		n->partial = s->next;
		n->nr_partial--;
		rss_spin_lock(&s->lock);
		if (!got) {
			freeze(c, s);
			more = slub.g.cpu_partial_slabs != 0;
		} else {
			s->state = SLAB_CPU_PARTIAL;
			s->next = c->partial;
			c->partial = s;
			c->nr_partial++;
			more = ++partial_slabs <= slub.g.cpu_partial_slabs / 2;
		}
		rss_spin_unlock(&s->lock);
		got = 1;
		if (!more)
			break;
	}
	rss_spin_unlock(&n->list_lock);
	return got;
}

/*
 * ___slab_alloc(): the CPU's freelist is empty.  Objects freed to its slab
 * by other CPUs first; else the slab is full and left on no list, and the
 * next slab comes from the CPU's partial list, the node's, or a new slab.
 */
static int refill(struct slub_cpu *c, int cpu)
{
	struct slab *s = c->slab;

	if (s) {
		rss_spin_lock(&s->lock);
		if (s->nr_free) {
			freeze(c, s);
			rss_spin_unlock(&s->lock);
			return 0;
		}
		s->state = SLAB_FULL;
		rss_spin_unlock(&s->lock);
		c->slab = NULL;
	}
	if (c->partial) {
		s = c->partial;
		c->partial = s->next;
		c->nr_partial--;
		rss_spin_lock(&s->lock);
		freeze(c, s);
		rss_spin_unlock(&s->lock);
		return 0;
	}
	if (get_partial_node(c, slub.m.cpu_node[cpu]))
		return 0;
	s = new_slab(slub.m.cpu_node[cpu]);
	if (!s)
		return -ENOMEM;
	for (unsigned int i = 0; i < slub.g.objects; i++)
		s->freelist[s->nr_free++] = &s->objs[slub.g.objects - 1 - i];
	freeze(c, s);
	return 0;
}

/*
 * __put_partials(): the CPU's partial slabs go to their nodes' lists; an
 * empty one is discarded if its node already keeps min_partial.
 */
static void put_partials(struct slub_cpu *c)
{
	while (c->partial) {
		struct slab *s = c->partial;
		struct slub_node *n = &slub.node[s->node];
		int empty;

		c->partial = s->next;
		c->nr_partial--;
		rss_spin_lock(&n->list_lock);
		rss_spin_lock(&s->lock);
		empty = !s->inuse && n->nr_partial >= (int)slub.g.min_partial;
		if (!empty) {
			s->state = SLAB_NODE_PARTIAL;
			s->next = n->partial;
			n->partial = s;
			n->nr_partial++;
		}
		rss_spin_unlock(&s->lock);
		rss_spin_unlock(&n->list_lock);
		if (empty)
			discard_slab(s);
	}
}

/* An object of a slab on its node list was freed: discard the slab if it is
 * empty now and the node keeps min_partial (slab_empty in __slab_free()). */
static void maybe_discard(struct slab *s)
{
	struct slub_node *n = &slub.node[s->node];
	int empty = 0;

	rss_spin_lock(&n->list_lock);
	rss_spin_lock(&s->lock);
	if (s->state == SLAB_NODE_PARTIAL && !s->inuse &&
	    n->nr_partial >= (int)slub.g.min_partial) {
		struct slab **p = &n->partial;

		while (*p != s)
			p = &(*p)->next;
		*p = s->next;
		n->nr_partial--;
		empty = 1;
	}
	rss_spin_unlock(&s->lock);
	rss_spin_unlock(&n->list_lock);
	if (empty)
		discard_slab(s);
}

/*
 * kmem_cache_free() on @cpu: to the CPU's freelist if the object is of its
 * slab (no lock), else back to its own slab (__slab_free()).
 */
static void slub_free(struct slub_obj *o, int cpu)
{
	struct slub_cpu *c = &slub.cpu[cpu];
	struct slab *s = o->slab;
	enum slab_state was;
	int inuse;

	if (s == c->slab) {
		c->freelist[c->nr_free++] = o;
		return;
	}
	rss_spin_lock(&s->lock);
	s->freelist[s->nr_free++] = o;
	inuse = --s->inuse;
	was = s->state;
	if (was == SLAB_FULL)
		s->state = SLAB_CPU_PARTIAL;
	rss_spin_unlock(&s->lock);
	if (was == SLAB_FULL) {
		/* put_cpu_partial(): past cpu_partial_slabs, the list spills first. */
		if (c->nr_partial >= (int)slub.g.cpu_partial_slabs)
			put_partials(c);
		s->next = c->partial;
		c->partial = s;
		c->nr_partial++;
	} else if (was == SLAB_NODE_PARTIAL && !inuse) {
		maybe_discard(s);
	}
}

/*
 * fork: kmem_cache_alloc(), the constructor only when a new slab is
 * needed.  Harry's mm_init() then charges the per-CPU memory to the memcg
 * (percpu_counter_charge_many()); no scheme here models memcg (see
 * percpu), so neither is that.
 */
static struct mm *slab_mm_create(struct cpu *cpu)
{
	struct slub_cpu *c = &slub.cpu[cpu->id];
	struct slub_obj *o;

	if (!c->nr_free && refill(c, cpu->id))
		return NULL;
	o = c->freelist[--c->nr_free];
	/* mm_alloc() clears only what lies before ctor_fields_offset. */
	memset(&o->pmm.mm, 0, sizeof(o->pmm.mm));
	return &o->pmm.mm;
}

/*
 * __mmdrop(): check_mm()'s precise sums, then back to the cache as is: the
 * sums are zero, which is all a new mm needs (the slots may still hold
 * pages that the central count balances, as in a live counter).  An object
 * that fails check_mm is constructed again (its counters destroyed and
 * re-made) so the next mm does not inherit the error.
 */
static int slab_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	struct slub_obj *o = (struct slub_obj *)mm;
	int ret = rss_check_mm(rss_percpu_mm_sum, mm);

	if (ret) {
		rss_percpu_counter_destroy_many(o->pmm.rss_stat, RSS_NR_COUNTERS);
		if (rss_percpu_counter_init_many(o->pmm.rss_stat, 0, RSS_NR_COUNTERS, 0))
			rss_op_failed();
	}
	slub_free(o, cpu->id);
	return ret;
}

/* kmem_cache_destroy(): every CPU's slabs to the nodes, every slab discarded. */
static void slab_teardown(void)
{
	for (int cpu = 0; cpu < slub.m.nr_cpu_ids; cpu++) {
		struct slub_cpu *c = &slub.cpu[cpu];

		if (c->slab)
			discard_slab(c->slab);
		while (c->partial) {
			struct slab *s = c->partial;

			c->partial = s->next;
			discard_slab(s);
		}
	}
	for (int n = 0; n < slub.m.nr_node_ids; n++)
		while (slub.node[n].partial) {
			struct slab *s = slub.node[n].partial;

			slub.node[n].partial = s->next;
			discard_slab(s);
		}
	free(slub.cpu);
	free(slub.node);
	slub.cpu = NULL;
	slub.node = NULL;
	rss_percpu_mm_teardown();
}

long rss_slub_slabs_allocated(void)
{
	return __atomic_load_n(&slub.allocated, __ATOMIC_RELAXED);
}

long rss_slub_slabs_discarded(void)
{
	return __atomic_load_n(&slub.discarded, __ATOMIC_RELAXED);
}

int rss_slub_nr_cpu_partial(int cpu)
{
	return slub.cpu[cpu].nr_partial;
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
