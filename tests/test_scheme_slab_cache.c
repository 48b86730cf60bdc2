/*
 * test_scheme_slab_cache.c - the slab-cache scheme on SLUB: its formulas are
 * percpu's; the cache's geometry is SLUB's for the machine's mm_struct (this
 * host's /sys/kernel/slab/mm_struct at 2 CPUs, derived for larger ones); the
 * first fork makes a slab and runs the constructor on every one of its 20
 * objects; a CPU refilling from its node takes 1 + 2 slabs; a fork/exit cycle on a warm cache takes no
 * pcpu_alloc_mutex and leaves the hotplug list alone (percpu takes the
 * mutex once per fork); an object freed on another CPU goes back to its own
 * slab; emptied slabs beyond min_partial are discarded through the
 * destructor; a reused object's counters are not reset, only zero in sum.
 */
#include <string.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu.h"
#include "schemes/slab_cache.h"
#include "tap.h"
#include "test_machine.h"

#define FORKS	10
#define OBJS	20	/* objects per slab at 4 CPUs (test_geometry) */
#define MANY	(10 * OBJS)

extern const struct scheme_ops rss_scheme_percpu, rss_scheme_slab_cache;


/* lat_proc fork: the child faults 8 pages, its exit zaps them. */
static int fork_exit(const struct scheme_ops *s, struct cpu *c, int n)
{
	long zap[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -8 };
	int bad = 0;

	for (int i = 0; i < n; i++) {
		struct mm *mm = s->mm_create(c);

		if (!mm)
			bail_out("%s: mm_create failed", s->name);
		for (int p = 0; p < 8; p++)
			s->add(mm, RSS_ANONPAGES, 1, NULL, c);
		rss_add_vec(c, NULL, mm, zap);
		bad += s->mm_destroy(mm, c) != 0;
	}
	return bad;
}

static void test_formulas(void)
{
	struct machine m16 = rss_test_machine(16), m256 = rss_test_machine(256);
	const struct scheme_ops *s = &rss_scheme_slab_cache, *p = &rss_scheme_percpu;

	ok(s->footprint(&m256, 1) == p->footprint(&m256, 1) &&
	   s->footprint(&m256, 1) == 4 * sizeof(struct percpu_counter) + 16 * 256,
	   "bytes per live mm are percpu's: 4 counters + 16 B per CPU");
	ok(s->error_bound(&m16, 1, 1).under == 496 && s->error_bound(&m256, 1, 1).over == 130816,
	   "error bound is percpu's: 496 pages at 16 CPUs, 130816 at 256");
}

/*
 * mm_struct's cache as SLUB sizes it: this host (6.18, nr_cpu_ids 2) shows
 * slab_size 1600, 20 per order-3 slab, cpu_partial 24, min_partial 5; the
 * three cpumasks grow 24 B per 64 CPU ids.
 */
static void test_geometry(void)
{
	static const struct {
		int cpus;
		struct rss_slub_geometry g;
	} want[] = {
		{ 2,	{ 1600, 3, 20, 24, 3, 5 } },
		{ 4,	{ 1600, 3, 20, 24, 3, 5 } },
		{ 256,	{ 1664, 3, 19, 24, 3, 5 } },
		{ 1024,	{ 1984, 3, 16, 24, 3, 5 } },
		{ 4096,	{ 3136, 3, 10, 24, 5, 5 } },
		{ 8192,	{ 4672, 3, 7, 6, 2, 6 } },
	};
	int same = 1;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct rss_slub_geometry g;

		rss_slub_geometry(want[i].cpus, want[i].cpus, &g);
		if (memcmp(&g, &want[i].g, sizeof(g))) {
			same = 0;
			diag("%d CPUs: size %u order %u objects %u cpu_partial %u (%u slabs) min_partial %u",
			     want[i].cpus, g.size, g.order, g.objects, g.cpu_partial,
			     g.cpu_partial_slabs, g.min_partial);
		}
	}
	ok(same, "SLUB's geometry: 1600 B x 20 at 2 CPUs (this host), 1664 x 19 at 256, 4672 x 7 at 8192");
	{
		struct rss_slub_geometry g;

		rss_slub_geometry(256, 256, &g);
		ok(rss_slub_max_cached(&g, 256, 1) == 256 * 4 * 19 + 5 * 19,
		   "all mms gone at 256 CPUs: at most 4 slabs of 19 per CPU + 5 empty slabs per node: %ld",
		   rss_slub_max_cached(&g, 256, 1));
	}
}

/*
 * 200 forks on CPU 0 fill 10 slabs; one exit per slab on CPU 1 puts the 9
 * full ones on CPU 1's partial list, which spills 6 to the node.  CPU 2's
 * first fork takes one for itself and two more for its partial list.
 */
static void test_refill(void)
{
	struct machine m = rss_test_machine(4);
	const struct scheme_ops *s = &rss_scheme_slab_cache;
	struct cpu c0 = { .id = 0, .ops = s }, c1 = { .id = 1, .ops = s }, c2 = { .id = 2, .ops = s };
	struct mm *mms[MANY], *mm;
	int bad = 0;

	if (s->setup(&m))
		bail_out("slab-cache: setup failed");
	for (int i = 0; i < MANY; i++)
		mms[i] = s->mm_create(&c0);
	for (int i = 0; i < MANY; i += OBJS)
		bad += s->mm_destroy(mms[i], &c1) != 0;
	mm = s->mm_create(&c2);
	ok(!bad && mm && rss_slub_nr_cpu_partial(2) == 2 && rss_slub_slabs_allocated() == 10,
	   "get_partial_node: a refill takes 1 + 2 slabs from the node (cpu_partial_slabs 3), got 1 + %d",
	   rss_slub_nr_cpu_partial(2));
	bad += s->mm_destroy(mm, &c2) != 0;
	for (int i = 0; i < MANY; i++)
		if (i % OBJS)
			bad += s->mm_destroy(mms[i], &c0) != 0;
	s->teardown();
	ok(!bad && rss_percpu_counter_nr_listed() == 0, "... every check_mm passed, all discarded");
}

static void test_no_mutex(void)
{
	struct machine m = rss_test_machine(4);
	const struct scheme_ops *s = &rss_scheme_slab_cache, *p = &rss_scheme_percpu;
	struct cpu c = { .id = 0, .ops = s };
	unsigned long taken;
	long listed;
	int bad;

	if (s->setup(&m))
		bail_out("slab-cache: setup failed");
	taken = rss_pcpu_mutex_taken();
	bad = fork_exit(s, &c, 1);
	ok(rss_pcpu_mutex_taken() - taken == OBJS && rss_slub_slabs_allocated() == 1,
	   "slab-cache: the first fork makes a slab: the constructor runs on all %d objects (%lu mutex trips)",
	   OBJS, rss_pcpu_mutex_taken() - taken);
	taken = rss_pcpu_mutex_taken();
	listed = rss_percpu_counter_nr_listed();
	bad += fork_exit(s, &c, FORKS);
	ok(bad == 0 && rss_pcpu_mutex_taken() == taken,
	   "slab-cache: %d warm fork/exit cycles take pcpu_alloc_mutex %lu times",
	   FORKS, rss_pcpu_mutex_taken() - taken);
	ok(listed == RSS_NR_COUNTERS * OBJS && rss_percpu_counter_nr_listed() == listed,
	   "slab-cache: ... and leave the hotplug list at the slab's 20 x 4 counters");
	s->teardown();
	ok(rss_percpu_counter_nr_listed() == 0, "slab-cache: teardown runs the destructor");

	c.ops = p;
	if (p->setup(&m))
		bail_out("percpu: setup failed");
	bad = fork_exit(p, &c, 1);
	taken = rss_pcpu_mutex_taken();
	bad += fork_exit(p, &c, FORKS);
	ok(bad == 0 && rss_pcpu_mutex_taken() == taken + FORKS,
	   "percpu: the same cycles take the mutex once per fork (%lu)",
	   rss_pcpu_mutex_taken() - taken);
	p->teardown();
}

static void test_retained(void)
{
	struct machine m = rss_test_machine(4);
	const struct scheme_ops *s = &rss_scheme_slab_cache;
	struct cpu c0 = { .id = 0, .ops = s }, c1 = { .id = 1, .ops = s };
	struct mm *mms[MANY];
	size_t before, live;
	unsigned long taken;
	long cached;
	int bad = 0;

	if (s->setup(&m))
		bail_out("slab-cache: setup failed");
	before = rss_pcpu_bytes_in_use();
	for (int i = 0; i < 3; i++)
		mms[i] = s->mm_create(&c0);
	live = rss_pcpu_bytes_in_use();
	for (int i = 0; i < 3; i++)
		bad += s->mm_destroy(mms[i], &c0) != 0;
	ok(!bad && live - before == OBJS * 16 * 4 && rss_pcpu_bytes_in_use() == live,
	   "3 mms made a slab: its 20 objects keep 20 x 16 B x 4 CPUs of counters, live or free");

	for (int i = 0; i < MANY; i++)
		mms[i] = s->mm_create(&c0);
	/* Exits on CPU 1: every object goes back to its own slab. */
	for (int i = 0; i < MANY; i++)
		bad += s->mm_destroy(mms[i], &c1) != 0;
	cached = rss_percpu_counter_nr_listed() / RSS_NR_COUNTERS;
	ok(!bad && rss_slub_slabs_allocated() == 10 && rss_slub_slabs_discarded() > 0 &&
	   cached <= rss_slub_max_cached(rss_slub_geometry_now(), 4, 1) &&
	   cached == (rss_slub_slabs_allocated() - rss_slub_slabs_discarded()) * OBJS,
	   "%d forks on CPU 0, exits on CPU 1: %ld slabs made, %ld discarded through the destructor, %ld objects kept (at most %ld)",
	   MANY, rss_slub_slabs_allocated(), rss_slub_slabs_discarded(), cached,
	   rss_slub_max_cached(rss_slub_geometry_now(), 4, 1));
	taken = rss_pcpu_mutex_taken();
	for (int i = 0; i < OBJS; i++)
		mms[i] = s->mm_create(&c1);
	ok(rss_pcpu_mutex_taken() == taken,
	   "CPU 1's forks take slabs from its partial list or the node's, without the mutex");
	for (int i = 0; i < OBJS; i++)
		bad += s->mm_destroy(mms[i], &c1) != 0;
	s->teardown();
	ok(!bad && rss_percpu_counter_nr_listed() == 0, "every check_mm passed; teardown discards every slab");
}

/* Harry's __mmdrop() does not reset: check_mm proved the sums zero. */
static void test_no_reset(void)
{
	struct machine m = rss_test_machine(4);
	const struct scheme_ops *s = &rss_scheme_slab_cache;
	struct cpu c1 = { .id = 1, .ops = s }, c2 = { .id = 2, .ops = s };
	struct percpu_mm *pmm;
	struct mm *mm;

	if (s->setup(&m))
		bail_out("slab-cache: setup failed");
	mm = s->mm_create(&c1);
	s->add(mm, RSS_ANONPAGES, 20, NULL, &c1);
	s->add(mm, RSS_ANONPAGES, -20, NULL, &c2);
	ok(s->mm_destroy(mm, &c1) == 0, "20 pages on CPU 1, -20 on CPU 2: check_mm passes");
	pmm = (struct percpu_mm *)s->mm_create(&c1);
	ok(&pmm->mm == mm && *(int32_t *)rss_per_cpu_ptr(pmm->rss_stat[RSS_ANONPAGES].counters, 1) == 20 &&
	   s->read_sum(mm, RSS_ANONPAGES) == 0 && s->read(mm, RSS_ANONPAGES) == 0,
	   "the next fork gets the same object, slots as they were, sum 0");
	s->add(mm, RSS_ANONPAGES, -20, NULL, &c1);
	s->add(mm, RSS_ANONPAGES, 20, NULL, &c2);
	ok(s->mm_destroy(mm, &c1) == 0, "and exits clean");
	s->teardown();
}

int main(void)
{
	plan_tests(2 + 2 + 2 + 5 + 4 + 3);
	test_formulas();
	test_geometry();
	test_refill();
	test_no_mutex();
	test_retained();
	test_no_reset();
	return exit_status();
}
