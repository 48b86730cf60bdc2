/*
 * test_coh_update.c - the coherence model on the schemes' update paths, against
 * counts worked out by hand (doc/coherence.md): two CPUs alternating an
 * atomic add, percpu's fast path and fold, hpcc's fast path, cid-counter's
 * slot following its task, pernode's node-local updates and its unpadded
 * slots' false sharing (16 CPUs of coh_fixture.h; pernode 17 nodes).
 */
#include <stdint.h>
#include <string.h>

#include "coh_fixture.h"
#include "schemes/percpu.h"
#include "schemes/percpu_counter_tree.h"
#include "tap.h"

/* Two CPUs alternate add(+1) on atomic's one counter: every add moves the line. */
static void test_atomic_pingpong(void)
{
	const struct scheme_ops *s = model_scheme("atomic");
	int pairs[3][2] = { { 0, 1 }, { 0, 2 }, { 0, 8 } };
	enum rss_coh_distance d[3] = { RSS_COH_CORE, RSS_COH_CACHE, RSS_COH_REMOTE };

	for (int p = 0; p < 3; p++) {
		struct cpu a, b;
		struct rss_coh_ctx prev;
		struct mm *mm;

		model_open(16, 8);
		a = cpu_view(s, pairs[p][0]);
		b = cpu_view(s, pairs[p][1]);
		mm = s->mm_create(&a);
		prev = rss_coh_enter(a.id);
		s->add(mm, RSS_ANONPAGES, 1, NULL, &a);
		rss_coh_reset_stats();
		for (int i = 0; i < 100; i++) {
			rss_coh_enter(b.id);
			s->add(mm, RSS_ANONPAGES, 1, NULL, &b);
			rss_coh_enter(a.id);
			s->add(mm, RSS_ANONPAGES, 1, NULL, &a);
		}
		rss_coh_leave(prev);
		stats();
		ok(coh_st.transfers[d[p]] == 200 && rss_coh_transfers(&coh_st) == 200 &&
		   coh_st.invalidations == 200,
		   "atomic, CPUs %d and %d alternating 200 adds: 200 transfers (%s), 200 invalidations",
		   a.id, b.id, rss_coh_distance_names[d[p]]);
		s->add(mm, RSS_ANONPAGES, -201, NULL, &a);
		ok(s->mm_destroy(mm, &a) == 0, "... and check_mm is clean");
		model_close();
	}
}

/*
 * percpu (16 CPUs: batch 32).  CPU 0 creates the mm (the allocator's memset
 * writes every CPU's slot line) and folds once, keeping the counter's line.
 * CPU 8 warms its slot line with one add (a transfer from CPU 0's memset),
 * then 30 fast-path adds move nothing and touch two lines each (the
 * counter's, for the fbc->counters pointer every this_cpu op loads, and the
 * slot's), and the 32nd add folds: one transfer of the counter's line (lock
 * and count), from CPU 0.
 */
static void test_percpu(void)
{
	const struct scheme_ops *s = model_scheme("percpu");
	struct cpu a, b;
	struct rss_coh_ctx prev;
	struct percpu_counter *fbc;
	struct mm *mm;
	int lines;

	model_open(16, 8);
	s->setup(&coh_m);
	a = cpu_view(s, 0);
	b = cpu_view(s, 8);
	prev = rss_coh_enter(a.id);
	mm = s->mm_create(&a);
	fbc = &((struct percpu_mm *)mm)->rss_stat[RSS_ANONPAGES];
	lines = 1 + (LINE(&fbc->lock) != LINE(&fbc->count));
	for (int i = 0; i < 32; i++)
		s->add(mm, RSS_ANONPAGES, 1, NULL, &a);
	ok(rss_percpu_counter_read(fbc) == 32, "CPU 0's 32nd add folded 32 into count");
	rss_coh_enter(b.id);
	s->add(mm, RSS_ANONPAGES, 1, NULL, &b);
	stats();
	ok(coh_st.transfers[RSS_COH_REMOTE] >= 1, "CPU 8's first add takes its slot line from CPU 0's memset");
	rss_coh_reset_stats();
	for (int i = 0; i < 30; i++) {
		rss_coh_interval();
		s->add(mm, RSS_ANONPAGES, 1, NULL, &b);
	}
	stats();
	ok(rss_coh_transfers(&coh_st) == 0 && coh_st.invalidations == 0 && coh_st.fills == 0 && coh_st.lines == 60,
	   "percpu's fast path: 30 adds, 0 transfers, 2 lines each (fbc->counters, the CPU's slot): %llu",
	   coh_st.lines);
	s->add(mm, RSS_ANONPAGES, 1, NULL, &b);
	stats();
	ok(rss_percpu_counter_read(fbc) == 64, "the 32nd add on CPU 8 folded");
	ok(rss_coh_transfers(&coh_st) == (unsigned)lines && coh_st.transfers[RSS_COH_REMOTE] == (unsigned)lines &&
	   coh_st.invalidations == (unsigned)lines,
	   "a percpu fold: %d transfer(s) of the counter's line (lock and count) from CPU 0", lines);
	s->add(mm, RSS_ANONPAGES, -64, NULL, &a);
	rss_coh_leave(prev);
	ok(s->mm_destroy(mm, &a) == 0, "check_mm is clean");
	s->teardown();
	model_close();
}

/*
 * hpcc's fast path (16 CPUs, batch 32): this_cpu_add_return(*counter->level0)
 * loads the level-0 pointer and bit mask from the counter in the mm, then
 * adds to the CPU's word: 30 adds below the batch touch those lines and the
 * word's, and move nothing once warm.
 */
/* hpcc.c's struct hpcc_mm up to its trees: the mm, then the four trees. */
struct hpcc_view {
	struct mm mm;
	struct rss_counter_tree rss_stat[RSS_NR_COUNTERS];
};

static void test_hpcc_fast_path(void)
{
	const struct scheme_ops *s = model_scheme("hpcc");
	struct rss_coh_ctx prev;
	struct rss_counter_tree *t;
	struct cpu a;
	struct mm *mm;
	int lines;

	model_open(16, 8);
	s->setup(&coh_m);
	a = cpu_view(s, 3);
	prev = rss_coh_enter(a.id);
	mm = s->mm_create(&a);
	t = &((struct hpcc_view *)mm)->rss_stat[RSS_ANONPAGES];
	lines = 1 + (LINE(&t->level0) != LINE(&t->level0_bit_mask)) + 1;
	s->add(mm, RSS_ANONPAGES, 1, NULL, &a);
	rss_coh_reset_stats();
	for (int i = 0; i < 30; i++) {
		rss_coh_interval();
		s->add(mm, RSS_ANONPAGES, 1, NULL, &a);
	}
	stats();
	ok(rss_coh_transfers(&coh_st) == 0 && coh_st.lines == 30U * (unsigned)lines &&
	   coh_st.accesses == 30 * 3,
	   "hpcc's fast path: 30 adds, 0 transfers, %d lines and 3 accesses each (level0, bit mask, the word): %llu, %llu",
	   lines, coh_st.lines, coh_st.accesses);
	s->add(mm, RSS_ANONPAGES, -31, NULL, &a);
	rss_coh_leave(prev);
	s->mm_destroy(mm, &a);
	s->teardown();
	model_close();
}

/*
 * cid-counter: a task keeps its ID when it moves, so its slot's line goes
 * with it: one transfer at the first update on the new CPU, then none; the
 * CPU it left keeps nothing of the mm (a percpu task leaves its slot there).
 */
static void test_cid_counter(void)
{
	const struct scheme_ops *s = model_scheme("cid-counter");
	struct rss_coh_ctx prev;
	struct cpu a, b;
	struct task t;
	struct mm *mm;

	model_open(16, 8);
	s->setup(&coh_m);
	a = cpu_view(s, 0);
	b = cpu_view(s, 8);
	prev = rss_coh_enter(a.id);
	mm = s->mm_create(&a);
	memset(&t, 0, sizeof(t));
	t.mm = mm;
	s->task_fork(&t, 0, &a);
	for (int i = 0; i < 10; i++)
		s->add(mm, RSS_ANONPAGES, 1, &t, &a);
	rss_coh_enter(b.id);
	t.cpu = b.id;
	rss_coh_reset_stats();
	rss_coh_interval();
	s->add(mm, RSS_ANONPAGES, 1, &t, &b);
	stats();
	ok(coh_st.transfers[RSS_COH_REMOTE] >= 1 && t.mm_cid == 0,
	   "cid-counter: the moved task keeps ID 0; its first update on CPU 8 takes the slot's line from CPU 0 (%llu remote)",
	   coh_st.transfers[RSS_COH_REMOTE]);
	rss_coh_reset_stats();
	for (int i = 0; i < 20; i++) {
		rss_coh_interval();
		s->add(mm, RSS_ANONPAGES, 1, &t, &b);
	}
	stats();
	ok(rss_coh_transfers(&coh_st) == 0 && s->read(mm, RSS_ANONPAGES) == 31,
	   "cid-counter: 20 more updates on CPU 8 move nothing, and the read is exact (31)");
	s->add(mm, RSS_ANONPAGES, -31, NULL, &b);
	s->task_exit(&t, &b);
	rss_coh_leave(prev);
	ok(s->mm_destroy(mm, &b) == 0, "cid-counter: check_mm is clean");
	if (s->teardown)
		s->teardown();
	model_close();
}

static int pernode_moves(struct mm *mm, struct cpu *a, struct cpu *b, int rounds,
			 const struct scheme_ops *s)
{
	struct rss_coh_ctx prev = rss_coh_enter(a->id);

	for (int i = 0; i < rounds; i++) {
		rss_coh_enter(a->id);
		s->add(mm, RSS_ANONPAGES, 1, NULL, a);
		rss_coh_enter(b->id);
		s->add(mm, RSS_ANONPAGES, 1, NULL, b);
	}
	rss_coh_leave(prev);
	return 0;
}

/*
 * pernode, 17 nodes of one CPU (batch 32): CPUs 8 and 16 alternate +1 on
 * their nodes' slots, which lie 64 bytes apart and away from the global.
 * Nothing moves between caches until a slot reaches 32 and moves to the
 * global, whose line the other node wrote at its own move: 20 moves in 320
 * updates each, the first a fill, 19 remote transfers.  Slots are 8 bytes
 * apart, unpadded as in the RFC: nodes 1 and 2's share a line wherever
 * malloc's 16-byte alignment puts the mm, and bounce at every update.
 */
static void test_pernode(void)
{
	const struct scheme_ops *s = model_scheme("pernode");
	struct cpu a, b, c1, c2;
	struct mm *mm;
	long *g, *s1, *s2;

	model_open(17, 1);
	s->setup(&coh_m);
	a = cpu_view(s, 8);
	b = cpu_view(s, 16);
	mm = s->mm_create(&a);
	pernode_moves(mm, &a, &b, 31, s);
	stats();
	ok(rss_coh_transfers(&coh_st) == 0 && s->read(mm, RSS_ANONPAGES) == 0,
	   "pernode: 31 node-local updates on each of 2 nodes, no move: 0 transfers");
	pernode_moves(mm, &a, &b, 320 - 31, s);
	stats();
	ok(s->read(mm, RSS_ANONPAGES) == 640, "20 moves put 640 pages in the global");
	ok(rss_coh_transfers(&coh_st) == 19 && coh_st.transfers[RSS_COH_REMOTE] == 19,
	   "pernode: transfers only when a slot moves to the global: 19 (the first move a fill), got %llu",
	   rss_coh_transfers(&coh_st));
	{
		struct rss_coh_ctx prev = rss_coh_enter(a.id);

		s->add(mm, RSS_ANONPAGES, -640, NULL, &a);
		rss_coh_leave(prev);
	}
	ok(s->mm_destroy(mm, &a) == 0, "check_mm is clean");
	model_close();

	model_open(17, 1);
	c1 = cpu_view(s, 1);
	c2 = cpu_view(s, 2);
	mm = s->mm_create(&c1);
	/* pernode_mm: struct mm padded to 8 bytes, then per counter a
	 * struct mm_pernuma_counter: the global, then the 32 slots. */
	g = (long *)((char *)mm + sizeof(long)) + 33 * RSS_ANONPAGES;
	s1 = g + 2;
	s2 = g + 3;
	pernode_moves(mm, &c1, &c2, 31, s);
	stats();
	ok(*s1 == 31 && *s2 == 31 && *g == 0 && LINE(s1) == LINE(s2),
	   "the layout: node 1's and node 2's slots hold 31 each, on one line");
	ok(rss_coh_transfers(&coh_st) == 61 && coh_st.transfers[RSS_COH_REMOTE] == 61,
	   "false sharing of unpadded slots: 61 remote transfers in 62 node-local updates");
	{
		struct rss_coh_ctx prev = rss_coh_enter(1);

		s->add(mm, RSS_ANONPAGES, -62, NULL, &c1);
		rss_coh_leave(prev);
	}
	s->mm_destroy(mm, &c1);
	model_close();
}

int main(void)
{
	plan_tests(6 + 6 + 1 + 3 + 6);
	test_atomic_pingpong();
	test_percpu();
	test_hpcc_fast_path();
	test_cid_counter();
	test_pernode();
	return exit_status();
}
