/*
 * pcpu_alloc.c - the per-CPU allocator model.  First-fit over a bitmap of
 * 4-byte granules (PCPU_MIN_ALLOC_SIZE) per chunk; the costs the kernel
 * pays at fork/exit (the global mutex, the global spinlock, the memset on
 * every possible CPU) are paid here in the same places.  The chunk maps,
 * the mutex and the memset are plain accesses: they tell the coherence
 * model about themselves (model.h; nothing in the timed build).
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lock.h"
#include "model.h"
#include "pcpu_alloc.h"

#define NR_GRANULES	(RSS_PCPU_UNIT_SIZE / RSS_PCPU_GRANULE)

struct chunk {
	char *base;			/* nr_cpu_ids units; possible CPUs' are used */
	uint64_t used[NR_GRANULES / 64];
	uint16_t len[NR_GRANULES];	/* granules, at an area's first one */
	int nr_free;
	int first_free;			/* no free granule below this */
	struct chunk *next;
};

static struct {
	pthread_mutex_t alloc_mutex;	/* pcpu_alloc_mutex */
	struct rss_spinlock lock;	/* pcpu_lock: chunk maps */
	struct machine m;		/* a copy: callers' machines may be locals */
	struct chunk *chunks;
	size_t granules_in_use;
	unsigned long mutex_taken;
	unsigned long allocs;		/* areas handed out, GFP_KERNEL or GFP_ATOMIC */
	int users;			/* setups not yet torn down */
} pcpu = {
	.alloc_mutex = PTHREAD_MUTEX_INITIALIZER,
	.lock = RSS_SPINLOCK_INIT,
};

static int test_bit(const struct chunk *c, int i)
{
	return (c->used[i / 64] >> (i % 64)) & 1;
}

static void set_bits(struct chunk *c, int start, int n, int on)
{
	for (int i = start; i < start + n; i++) {
		if (on)
			c->used[i / 64] |= 1ULL << (i % 64);
		else
			c->used[i / 64] &= ~(1ULL << (i % 64));
	}
}

static void advance_first_free(struct chunk *c)
{
	while (c->first_free < NR_GRANULES && test_bit(c, c->first_free))
		c->first_free++;
}

#ifdef RSS_MODEL
/* Tells the model about the bitmap words holding granules [first, last]. */
static void model_bitmap(const struct chunk *c, int first, int last, int write)
{
	size_t len = sizeof(c->used[0]) * (size_t)(last / 64 - first / 64 + 1);

	if (write)
		rss_model_write(&c->used[first / 64], len);
	else
		rss_model_read(&c->used[first / 64], len);
}
#else
#define model_bitmap(c, first, last, write)	((void)0)
#endif

/* Caller holds pcpu.lock.  Returns the first granule of the area, a
 * multiple of @align granules, or -1. */
static int chunk_alloc_area(struct chunk *c, int n, int align)
{
	rss_model_read(&c->nr_free, sizeof(c->nr_free) + sizeof(c->first_free));
	if (c->nr_free < n)
		return -1;
	for (int start = (c->first_free + align - 1) / align * align;
	     start + n <= NR_GRANULES; start += align) {
		int run = 0;

		while (run < n && !test_bit(c, start + run))
			run++;
		if (run < n) {
			/* Past the used granule, at the next aligned start. */
			start = (start + run + align) / align * align - align;
			continue;
		}
		model_bitmap(c, c->first_free, start + n - 1, 0);
		model_bitmap(c, start, start + n - 1, 1);
		rss_model_write(&c->len[start], sizeof(c->len[start]));
		rss_model_write(&c->nr_free, sizeof(c->nr_free) + sizeof(c->first_free));
		set_bits(c, start, n, 1);
		c->len[start] = (uint16_t)n;
		c->nr_free -= n;
		advance_first_free(c);
		return start;
	}
	return -1;
}

/* Caller holds alloc_mutex (pcpu_create_chunk runs under it in the kernel). */
static struct chunk *chunk_create(void)
{
	const struct machine *m = &pcpu.m;
	size_t size = (size_t)m->nr_cpu_ids * RSS_PCPU_UNIT_SIZE;
	struct chunk *c = calloc(1, sizeof(*c));
	int cpu;

	if (!c)
		return NULL;
	c->base = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (c->base == MAP_FAILED) {
		free(c);
		return NULL;
	}
	/* pcpu_populate_chunk(): each possible CPU's unit on its node. */
	if (m->place_on_node)
		rss_for_each_possible_cpu(cpu, m)
			m->place_on_node(c->base + (size_t)cpu * RSS_PCPU_UNIT_SIZE,
					 RSS_PCPU_UNIT_SIZE, m->cpu_node[cpu]);
	c->nr_free = NR_GRANULES;
	return c;
}

static void *try_alloc(int n, int align)
{
	void *p = NULL;

	rss_spin_lock(&pcpu.lock);
	for (struct chunk *c = pcpu.chunks; c; c = c->next) {
		int g = chunk_alloc_area(c, n, align);

		if (g >= 0) {
			rss_model_write(&pcpu.granules_in_use, sizeof(pcpu.granules_in_use));
			p = c->base + (size_t)g * RSS_PCPU_GRANULE;
			pcpu.granules_in_use += n;
			pcpu.allocs++;
			break;
		}
	}
	rss_spin_unlock(&pcpu.lock);
	return p;
}

/* Like the kernel's boot-time first chunk, one chunk exists from the start,
 * so GFP_ATOMIC allocations have somewhere to go. */
int rss_pcpu_setup(const struct machine *m)
{
	/* The kernel has one allocator: a scheme and a workload share it. */
	if (pcpu.users++)
		return 0;
	pcpu.m = *m;
	pcpu.granules_in_use = 0;
	pcpu.mutex_taken = 0;
	pcpu.allocs = 0;
	pcpu.chunks = chunk_create();
	if (!pcpu.chunks) {
		pcpu.users = 0;
		return -ENOMEM;
	}
	return 0;
}

void rss_pcpu_teardown(void)
{
	struct chunk *c = pcpu.chunks;

	if (--pcpu.users)
		return;
	while (c) {
		struct chunk *next = c->next;

		munmap(c->base, (size_t)pcpu.m.nr_cpu_ids * RSS_PCPU_UNIT_SIZE);
		free(c);
		c = next;
	}
	pcpu.chunks = NULL;
}

void *rss_pcpu_alloc(size_t size, int atomic)
{
	size = (size + RSS_PCPU_ALIGN - 1) / RSS_PCPU_ALIGN * RSS_PCPU_ALIGN;
	return rss_pcpu_alloc_aligned(size, RSS_PCPU_ALIGN, atomic);
}

void *rss_pcpu_alloc_aligned(size_t size, size_t align, int atomic)
{
	int n = (int)((size + RSS_PCPU_GRANULE - 1) / RSS_PCPU_GRANULE);
	int a = align > RSS_PCPU_GRANULE ? (int)(align / RSS_PCPU_GRANULE) : 1;
	void *p;
	int cpu;

	if (n <= 0 || n > NR_GRANULES || align > 64 || (align & (align - 1)))
		return NULL;
	if (atomic) {
		p = try_alloc(n, a);
	} else {
		pthread_mutex_lock(&pcpu.alloc_mutex);
		rss_model_write(&pcpu.alloc_mutex, sizeof(pcpu.alloc_mutex));
		__atomic_fetch_add(&pcpu.mutex_taken, 1, __ATOMIC_RELAXED);
		p = try_alloc(n, a);
		if (!p) {
			struct chunk *c = chunk_create();

			if (c) {
				rss_spin_lock(&pcpu.lock);
				c->next = pcpu.chunks;
				pcpu.chunks = c;
				rss_spin_unlock(&pcpu.lock);
				p = try_alloc(n, a);
			}
		}
		pthread_mutex_unlock(&pcpu.alloc_mutex);
	}
	if (!p)
		return NULL;
	/* As pcpu_alloc(): clear the area on every possible CPU, online or not. */
	rss_for_each_possible_cpu(cpu, &pcpu.m) {
		rss_model_write(rss_per_cpu_ptr(p, cpu), size);
		memset(rss_per_cpu_ptr(p, cpu), 0, size);
	}
	return p;
}

void rss_pcpu_free(void *p)
{
	if (!p)
		return;
	rss_spin_lock(&pcpu.lock);
	for (struct chunk *c = pcpu.chunks; c; c = c->next) {
		char *q = p;

		if (q < c->base || q >= c->base + RSS_PCPU_UNIT_SIZE)
			continue;
		int g = (int)((q - c->base) / RSS_PCPU_GRANULE);
		int n = c->len[g];

		rss_model_write(&c->len[g], sizeof(c->len[g]));
		model_bitmap(c, g, g + n - 1, 1);
		rss_model_write(&c->nr_free, sizeof(c->nr_free) + sizeof(c->first_free));
		rss_model_write(&pcpu.granules_in_use, sizeof(pcpu.granules_in_use));
		set_bits(c, g, n, 0);
		c->len[g] = 0;
		c->nr_free += n;
		if (g < c->first_free)
			c->first_free = g;
		pcpu.granules_in_use -= n;
		break;
	}
	rss_spin_unlock(&pcpu.lock);
}

size_t rss_pcpu_bytes_in_use(void)
{
	size_t g;

	if (!pcpu.users)
		return 0;	/* the scheme does not use the allocator */
	rss_spin_lock(&pcpu.lock);
	g = pcpu.granules_in_use;
	rss_spin_unlock(&pcpu.lock);
	return g * RSS_PCPU_GRANULE * (size_t)pcpu.m.nr_possible;
}

unsigned long rss_pcpu_allocs(void)
{
	unsigned long n;

	rss_spin_lock(&pcpu.lock);
	n = pcpu.allocs;
	rss_spin_unlock(&pcpu.lock);
	return n;
}

unsigned long rss_pcpu_mutex_taken(void)
{
	return __atomic_load_n(&pcpu.mutex_taken, __ATOMIC_RELAXED);
}
