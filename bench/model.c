/*
 * model.c - compiled into the model build only: its one export (model.h),
 * and the model build's heap.
 *
 * The heap: glibc's malloc hands out addresses that depend on everything
 * the process allocated and freed before (tcache, bins, the top chunk), so
 * a fork cell's child mm landed on a line the model had seen, or on a new
 * one, depending on which cells ran first (percpu fork 27.96 against 27.73
 * transfers/op).  Here every block is a power of two from 64 bytes, line
 * aligned, with a 64-byte header; a free block goes on its class's list
 * (last in, first out), a new one is carved in order from a segment.
 * heap_reset() forgets every list and segment, so each model cell starts
 * from the same empty heap; segments still holding a live block are left
 * mapped (a block outliving its cell is never reused).  The model cell runs
 * serialized, but its setup (main thread) and its watchdog are other
 * threads: a mutex orders them.
 */
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "model.h"
#include "rss.h"

#undef calloc
#undef aligned_alloc
#undef free
#undef malloc
#undef realloc

#define LINE		64
#define MIN_SHIFT	6			/* 64-byte blocks, a line */
#define NR_CLASSES	21			/* up to 64 MiB */
#define SEG_BYTES	((size_t)64 << 20)

struct segment;

struct block {
	unsigned long gen;			/* the heap_reset() generation */
	size_t map_len;				/* its own mapping (big blocks); 0: a class's */
	struct segment *seg;			/* a class block's segment */
	struct block *next;			/* on its class's free list */
	int cls;
} __attribute__((aligned(LINE)));

struct segment {
	struct segment *next;
	unsigned long gen;
	long live;				/* blocks carved from it not freed */
	char *cur, *end;
};

static struct {
	pthread_mutex_t lock;
	unsigned long gen;
	struct segment *segs;			/* newest first: segs->cur carves */
	struct block *free_list[NR_CLASSES];
} heap = { .lock = PTHREAD_MUTEX_INITIALIZER, .gen = 1 };

static int class_of(size_t n)
{
	int c = 0;

	while (((size_t)1 << (c + MIN_SHIFT)) < n)
		c++;
	return c;
}

static struct segment *segment_new(size_t need)
{
	size_t len = need + LINE > SEG_BYTES ? need + LINE : SEG_BYTES;
	struct segment *s = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (s == MAP_FAILED)
		return NULL;
	*s = (struct segment){ .next = heap.segs, .gen = heap.gen,
			       .cur = (char *)s + LINE, .end = (char *)s + len };
	heap.segs = s;
	return s;
}

/* A block of @n usable bytes, line aligned, contents undefined. */
static void *heap_alloc(size_t n)
{
	struct block *b = NULL;
	int c = class_of(n ? n : 1);

	if (c >= NR_CLASSES) {
		size_t len = (n + 2 * LINE + 4095) & ~(size_t)4095;

		b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b == MAP_FAILED)
			return NULL;
		b->map_len = len;
		b->gen = heap.gen;
		return b + 1;
	}
	pthread_mutex_lock(&heap.lock);
	if ((b = heap.free_list[c])) {
		heap.free_list[c] = b->next;
	} else {
		size_t len = sizeof(*b) + ((size_t)1 << (c + MIN_SHIFT));
		struct segment *s = heap.segs;

		if ((!s || s->gen != heap.gen || (size_t)(s->end - s->cur) < len) &&
		    !(s = segment_new(len))) {
			pthread_mutex_unlock(&heap.lock);
			return NULL;
		}
		b = (struct block *)s->cur;
		b->seg = s;
		s->cur += len;
	}
	b->gen = heap.gen;
	b->map_len = 0;
	b->cls = c;
	b->seg->live++;
	pthread_mutex_unlock(&heap.lock);
	return b + 1;
}

void *rss_model_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (size_t)-1 / 4 / size)
		return NULL;
	p = heap_alloc(n * size);
	return p ? memset(p, 0, n * size) : NULL;
}

void *rss_model_aligned_alloc(size_t align, size_t size)
{
	return align <= LINE ? heap_alloc(size) : NULL;
}

void rss_model_free(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	if (b->map_len) {
		munmap(b, b->map_len);
		return;
	}
	pthread_mutex_lock(&heap.lock);
	b->seg->live--;
	/* A block of an earlier cell's heap is not reused. */
	if (b->gen == heap.gen) {
		b->next = heap.free_list[b->cls];
		heap.free_list[b->cls] = b;
	}
	pthread_mutex_unlock(&heap.lock);
}

/*
 * realloc on the model heap: a block from calloc, aligned_alloc or malloc
 * must never reach glibc's realloc (native's drain grew one, and the
 * model build's free then took glibc's block for one of its own).
 */
void *rss_model_realloc(void *p, size_t size)
{
	struct block *b;
	size_t have;
	void *q;

	if (!p)
		return heap_alloc(size);
	b = (struct block *)p - 1;
	have = b->map_len ? b->map_len - sizeof(*b) : (size_t)1 << (b->cls + MIN_SHIFT);
	if (size <= have)
		return p;
	q = heap_alloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, have);
	rss_model_free(p);
	return q;
}

/* model.h: each model cell from the same empty heap. */
static void heap_reset(void)
{
	struct segment **sp = &heap.segs;

	pthread_mutex_lock(&heap.lock);
	heap.gen++;
	memset(heap.free_list, 0, sizeof(heap.free_list));
	while (*sp) {
		struct segment *s = *sp;

		if (s->live) {
			sp = &s->next;
			continue;
		}
		*sp = s->next;
		munmap(s, (size_t)(s->end - (char *)s));
	}
	pthread_mutex_unlock(&heap.lock);
}

__attribute__((visibility("default")))
const struct rss_model_bench rss_model_bench = {
	.schemes	= rss_schemes,
	.workloads	= rss_workloads,
	.op_failures	= rss_op_failures,
	.heap_reset	= heap_reset,
};
