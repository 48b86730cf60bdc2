/*
 * coherence.c - the directory: an open-addressing table of the lines the
 * model build touched, keyed by line number, never shrunk (a freed and
 * reused line keeps its state, as a cache would).  A line is held either
 * by one owner (exclusive: clean E or dirty M) or by a set of sharers (S;
 * empty: I).  Few sharers sit in the entry; more spill to a bitmap of every
 * CPU, kept once allocated.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "coherence.h"
#include "model.h"

#define INLINE_SHARERS	6
#define SPILLED		0xff	/* nr_inline: the sharers are in bits */

const char *const rss_coh_distance_names[RSS_COH_NR_DISTANCES] = {
	"core", "cache", "node", "remote",
};

struct line {
	uintptr_t tag;			/* line number + 1; 0: free slot */
	unsigned long long stamp;	/* last interval that counted it */
	int owner;			/* exclusive holder, or -1 */
	unsigned char dirty;		/* the owner's copy is modified */
	unsigned char nr_inline;	/* sharers in sharer[], or SPILLED */
	short sharer[INLINE_SHARERS];
	uint64_t *bits;			/* nr_words, once more sharers came */
};

static struct {
	struct line *tab;
	size_t cap, used;		/* cap: a power of two */
	int nr_cpus, nr_words;
	struct rss_coh_place *place;
	unsigned long long interval;
	struct rss_coh_stats st;
} dir;

static __thread int cur_cpu = -1;
static __thread int counting = 1;

int rss_coh_open(int nr_cpus, const struct rss_coh_place *place)
{
	if (dir.tab || nr_cpus <= 0 || nr_cpus > INT16_MAX)
		return -EINVAL;
	memset(&dir, 0, sizeof(dir));
	dir.cap = 1 << 12;
	dir.tab = calloc(dir.cap, sizeof(*dir.tab));
	dir.place = malloc(sizeof(*place) * (size_t)nr_cpus);
	if (!dir.tab || !dir.place) {
		free(dir.tab);
		free(dir.place);
		dir.tab = NULL;
		return -ENOMEM;
	}
	memcpy(dir.place, place, sizeof(*place) * (size_t)nr_cpus);
	dir.nr_cpus = nr_cpus;
	dir.nr_words = (nr_cpus + 63) / 64;
	dir.interval = 1;
	return 0;
}

void rss_coh_close(void)
{
	for (size_t i = 0; dir.tab && i < dir.cap; i++)
		free(dir.tab[i].bits);
	free(dir.tab);
	free(dir.place);
	memset(&dir, 0, sizeof(dir));
}

struct rss_coh_ctx rss_coh_enter(int cpu)
{
	struct rss_coh_ctx prev = { .cpu = cur_cpu, .counting = counting };

	cur_cpu = cpu;
	return prev;
}

void rss_coh_leave(struct rss_coh_ctx prev)
{
	cur_cpu = prev.cpu;
	counting = prev.counting;
}

int rss_coh_cpu(void) { return cur_cpu; }
void rss_coh_set_counting(int on) { counting = on; }

void rss_coh_interval(void)
{
	dir.interval++;
}

void rss_coh_stats(struct rss_coh_stats *out) { *out = dir.st; }
void rss_coh_reset_stats(void) { memset(&dir.st, 0, sizeof(dir.st)); }

unsigned long long rss_coh_transfers(const struct rss_coh_stats *s)
{
	unsigned long long n = 0;

	for (int d = 0; d < RSS_COH_NR_DISTANCES; d++)
		n += s->transfers[d];
	return n;
}

enum rss_coh_distance rss_coh_distance(int a, int b)
{
	const struct rss_coh_place *p = &dir.place[a], *q = &dir.place[b];

	if (p->core == q->core)
		return RSS_COH_CORE;
	if (p->cache == q->cache)
		return RSS_COH_CACHE;
	if (p->node == q->node)
		return RSS_COH_NODE;
	return RSS_COH_REMOTE;
}

static size_t slot_of(uintptr_t tag, size_t cap)
{
	/* Fibonacci hashing: consecutive lines spread over the table. */
	return (size_t)((tag * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
}

static int grow(void)
{
	size_t cap = dir.cap * 2;
	struct line *tab = calloc(cap, sizeof(*tab));

	if (!tab)
		return -ENOMEM;
	for (size_t i = 0; i < dir.cap; i++) {
		size_t s;

		if (!dir.tab[i].tag)
			continue;
		for (s = slot_of(dir.tab[i].tag, cap); tab[s].tag; s = (s + 1) & (cap - 1))
			;
		tab[s] = dir.tab[i];
	}
	free(dir.tab);
	dir.tab = tab;
	dir.cap = cap;
	return 0;
}

static struct line *lookup(uintptr_t nr)
{
	uintptr_t tag = nr + 1;
	size_t s;

	if (dir.used * 2 >= dir.cap && grow())
		return NULL;
	for (s = slot_of(tag, dir.cap); dir.tab[s].tag; s = (s + 1) & (dir.cap - 1))
		if (dir.tab[s].tag == tag)
			return &dir.tab[s];
	dir.tab[s].tag = tag;
	dir.tab[s].owner = -1;
	dir.used++;
	return &dir.tab[s];
}

static int is_sharer(const struct line *l, int cpu)
{
	if (l->nr_inline == SPILLED)
		return (int)(l->bits[cpu / 64] >> (cpu % 64)) & 1;
	for (int i = 0; i < l->nr_inline; i++)
		if (l->sharer[i] == cpu)
			return 1;
	return 0;
}

static int add_sharer(struct line *l, int cpu)
{
	if (l->nr_inline < INLINE_SHARERS) {
		l->sharer[l->nr_inline++] = (short)cpu;
		return 0;
	}
	if (l->nr_inline != SPILLED) {
		if (!l->bits && !(l->bits = calloc((size_t)dir.nr_words, sizeof(uint64_t))))
			return -ENOMEM;
		for (int i = 0; i < INLINE_SHARERS; i++)
			l->bits[l->sharer[i] / 64] |= 1ULL << (l->sharer[i] % 64);
		l->nr_inline = SPILLED;
	}
	l->bits[cpu / 64] |= 1ULL << (cpu % 64);
	return 0;
}

/* Every holder but @cpu gives the line up; the farthest of them, or -1. */
static int invalidate_others(struct line *l, int cpu, unsigned long long *n)
{
	int far = -1;

#define TAKE(h) do {							\
		if ((h) != cpu) {					\
			(*n)++;						\
			if (far < 0 || rss_coh_distance(cpu, h) > rss_coh_distance(cpu, far)) \
				far = (h);				\
		}							\
	} while (0)
	if (l->owner >= 0) {
		TAKE(l->owner);
	} else if (l->nr_inline == SPILLED) {
		for (int w = 0; w < dir.nr_words; w++)
			for (uint64_t b = l->bits[w]; b; b &= b - 1)
				TAKE(w * 64 + __builtin_ctzll(b));
		memset(l->bits, 0, sizeof(uint64_t) * (size_t)dir.nr_words);
	} else {
		for (int i = 0; i < l->nr_inline; i++)
			TAKE(l->sharer[i]);
	}
#undef TAKE
	l->nr_inline = 0;
	l->owner = -1;
	return far;
}

static void transfer(int from, int to)
{
	if (counting)
		dir.st.transfers[rss_coh_distance(from, to)]++;
}

static void read_line(struct line *l, int cpu)
{
	int o = l->owner;

	if (o == cpu || (o < 0 && is_sharer(l, cpu)))
		return;
	if (o >= 0) {
		/* An exclusive holder keeps a shared copy; a dirty one sends it. */
		if (l->dirty)
			transfer(o, cpu);
		else if (counting)
			dir.st.fills++;
		l->owner = -1;
		l->dirty = 0;
		l->nr_inline = 0;
		if (add_sharer(l, o) || add_sharer(l, cpu))
			dir.st.lost++;
		return;
	}
	if (counting)
		dir.st.fills++;
	if (l->nr_inline == 0) {
		l->owner = cpu;		/* E: nobody else has it */
		return;
	}
	if (add_sharer(l, cpu))
		dir.st.lost++;
}

static void write_line(struct line *l, int cpu)
{
	unsigned long long n = 0;
	int had = l->owner == cpu || (l->owner < 0 && is_sharer(l, cpu));
	int far;

	if (l->owner == cpu) {
		l->dirty = 1;
		return;
	}
	far = invalidate_others(l, cpu, &n);
	if (far >= 0) {
		transfer(far, cpu);
		if (counting)
			dir.st.invalidations += n;
	} else if (!had && counting) {
		dir.st.fills++;
	}
	l->owner = cpu;
	l->dirty = 1;
}

void rss_model_access(const volatile void *p, size_t len, int write)
{
	uintptr_t a = (uintptr_t)p, first, last;

	if (cur_cpu < 0 || !dir.tab || !len)
		return;
	first = a / RSS_CACHE_LINE;
	last = (a + len - 1) / RSS_CACHE_LINE;
	if (counting)
		dir.st.accesses++;
	for (uintptr_t nr = first; nr <= last; nr++) {
		struct line *l = lookup(nr);

		if (!l) {
			dir.st.lost++;	/* out of memory: the cell says so */
			continue;
		}
		if (counting && l->stamp != dir.interval) {
			l->stamp = dir.interval;
			dir.st.lines++;
		}
		if (write)
			write_line(l, cur_cpu);
		else
			read_line(l, cur_cpu);
	}
}
