/*
 * test_coherence.c - the coherence model against counts worked out by hand:
 * the directory's MESI rules and distance classes, then the model build's
 * schemes (bench/model.h) in the cases doc/coherence.md lists: two CPUs
 * alternating an atomic add, percpu's fast path and fold, check_mm over N
 * CPUs, pernode's node-local updates and a cpu-stash flush.
 *
 * Machine of 16 CPUs: core = cpu / 2, cache (package) = cpu / 4,
 * node = cpu / 8; so CPU 0 shares a core with 1, a cache with 2, a node
 * with 4, nothing with 8.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coherence.h"
#include "model.h"
#include "pmu_check.h"
#include "rss.h"
#include "schemes/percpu.h"
#include "schemes/percpu_counter_tree.h"
#include "tap.h"

#define LINE(p)		((uintptr_t)(p) / RSS_CACHE_LINE)
#define MAX_CPUS	1024

static int node_of[MAX_CPUS];
static struct machine m;
static struct rss_coh_stats st;

/* @n CPUs, @per_node of them per node; core = cpu / 2, cache = cpu / 4,
 * neither wider than a node. */
static void model_open(int n, int per_node)
{
	static struct rss_coh_place place[MAX_CPUS];
	static unsigned long mask[RSS_CPUMASK_LONGS(MAX_CPUS)];
	int core = per_node < 2 ? per_node : 2, cache = per_node < 4 ? per_node : 4;

	rss_machine_dense(&m, n, (n + per_node - 1) / per_node, mask, node_of);
	for (int i = 0; i < n; i++)
		place[i] = (struct rss_coh_place){ i / core, i / cache, node_of[i] };
	if (rss_coh_open(n, place))
		bail_out("rss_coh_open(%d)", n);
}

static void model_close(void)
{
	rss_coh_close();
}

static struct cpu cpu_view(const struct scheme_ops *s, int id)
{
	return (struct cpu){ .id = id, .node = node_of[id], .ops = s, .machine = &m };
}

static const struct scheme_ops *model_scheme(const char *name)
{
	for (int i = 0; rss_model_bench.schemes[i]; i++)
		if (!strcmp(rss_model_bench.schemes[i]->name, name))
			return rss_model_bench.schemes[i];
	bail_out("no scheme %s in the model build", name);
}

/* One access by @cpu, as the model build's accessors report it. */
static void access_as(int cpu, const void *p, int write)
{
	struct rss_coh_ctx prev = rss_coh_enter(cpu);

	rss_model_access(p, sizeof(long), write);
	rss_coh_leave(prev);
}

static void stats(void)
{
	rss_coh_stats(&st);
}

static void test_directory(void)
{
	static long line[3][8] __attribute__((aligned(RSS_CACHE_LINE)));

	model_open(16, 8);
	access_as(0, &line[0][0], 1);
	stats();
	ok(st.fills == 1 && rss_coh_transfers(&st) == 0, "a first write is a fill, not a transfer");
	access_as(0, &line[0][1], 0);
	access_as(0, &line[0][2], 1);
	stats();
	ok(st.accesses == 3 && st.fills == 1 && rss_coh_transfers(&st) == 0,
	   "the owner's reads and writes of its line are hits");
	access_as(2, &line[0][0], 0);
	stats();
	ok(st.transfers[RSS_COH_CACHE] == 1 && st.invalidations == 0,
	   "a read of a line CPU 0 holds modified: one transfer, same cache");
	access_as(4, &line[0][0], 0);
	access_as(8, &line[0][0], 0);
	stats();
	ok(rss_coh_transfers(&st) == 1 && st.fills == 3,
	   "reads of a line shared clean move nothing between caches");
	access_as(1, &line[0][0], 1);
	stats();
	ok(st.transfers[RSS_COH_REMOTE] == 1 && st.invalidations == 4,
	   "CPU 1 writes a line 4 CPUs share: one transfer, classed by the farthest (remote), 4 invalidations");
	access_as(0, &line[0][0], 1);
	stats();
	ok(st.transfers[RSS_COH_CORE] == 1 && st.invalidations == 5,
	   "and back to its SMT sibling CPU 0: a same-core transfer");
	for (int c = 0; c < 10; c++)
		access_as(c, &line[1][0], 0);
	rss_coh_reset_stats();
	access_as(10, &line[1][0], 1);
	stats();
	ok(rss_coh_transfers(&st) == 1 && st.invalidations == 10,
	   "a write to a line 10 CPUs share (past the entry's inline sharers): 10 invalidations");
	access_as(3, &line[2][0], 0);
	access_as(3, &line[2][1], 1);
	stats();
	ok(rss_coh_transfers(&st) == 1 && st.invalidations == 10,
	   "a CPU alone with a clean copy writes it without a transfer");
	rss_coh_reset_stats();
	rss_coh_interval();
	{
		struct rss_coh_ctx prev = rss_coh_enter(5);

		rss_model_access(&line[0][4], 3 * RSS_CACHE_LINE - 32, 0);
		rss_coh_leave(prev);
	}
	access_as(5, &line[0][0], 0);
	stats();
	ok(st.lines == 3 && st.accesses == 2,
	   "an access spanning 3 lines touches 3; touching one again in the interval does not count");
	ok(rss_coh_distance(0, 1) == RSS_COH_CORE && rss_coh_distance(0, 3) == RSS_COH_CACHE &&
	   rss_coh_distance(0, 7) == RSS_COH_NODE && rss_coh_distance(0, 15) == RSS_COH_REMOTE,
	   "distance classes: core, cache, node, remote");
	model_close();
}

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
		ok(st.transfers[d[p]] == 200 && rss_coh_transfers(&st) == 200 &&
		   st.invalidations == 200,
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
	s->setup(&m);
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
	ok(st.transfers[RSS_COH_REMOTE] >= 1, "CPU 8's first add takes its slot line from CPU 0's memset");
	rss_coh_reset_stats();
	for (int i = 0; i < 30; i++) {
		rss_coh_interval();
		s->add(mm, RSS_ANONPAGES, 1, NULL, &b);
	}
	stats();
	ok(rss_coh_transfers(&st) == 0 && st.invalidations == 0 && st.fills == 0 && st.lines == 60,
	   "percpu's fast path: 30 adds, 0 transfers, 2 lines each (fbc->counters, the CPU's slot): %llu",
	   st.lines);
	s->add(mm, RSS_ANONPAGES, 1, NULL, &b);
	stats();
	ok(rss_percpu_counter_read(fbc) == 64, "the 32nd add on CPU 8 folded");
	ok(rss_coh_transfers(&st) == (unsigned)lines && st.transfers[RSS_COH_REMOTE] == (unsigned)lines &&
	   st.invalidations == (unsigned)lines,
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
	s->setup(&m);
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
	ok(rss_coh_transfers(&st) == 0 && st.lines == 30U * (unsigned)lines &&
	   st.accesses == 30 * 3,
	   "hpcc's fast path: 30 adds, 0 transfers, %d lines and 3 accesses each (level0, bit mask, the word): %llu, %llu",
	   lines, st.lines, st.accesses);
	s->add(mm, RSS_ANONPAGES, -31, NULL, &a);
	rss_coh_leave(prev);
	s->mm_destroy(mm, &a);
	s->teardown();
	model_close();
}

/*
 * check_mm (get_mm_counter_sum of the four counters) over N CPUs reads one
 * line per CPU, where the grouped allocation put the mm's four slots, plus
 * the counters' own lines (lock and count).
 */
static void test_check_mm(int n)
{
	const struct scheme_ops *s = model_scheme("percpu");
	struct rss_coh_ctx prev;
	struct percpu_mm *pmm;
	struct cpu c0;
	struct mm *mm;
	uintptr_t seen[2 * RSS_NR_COUNTERS];
	int own = 0;

	model_open(n, 8);
	s->setup(&m);
	c0 = cpu_view(s, 0);
	prev = rss_coh_enter(0);
	mm = s->mm_create(&c0);
	pmm = (struct percpu_mm *)mm;
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		uintptr_t l[2] = { LINE(&pmm->rss_stat[i].lock), LINE(&pmm->rss_stat[i].count) };

		for (int k = 0; k < 2; k++) {
			int dup = 0;

			for (int j = 0; j < own; j++)
				dup |= seen[j] == l[k];
			if (!dup)
				seen[own++] = l[k];
		}
	}
	rss_coh_reset_stats();
	rss_coh_interval();
	ok(rss_check_mm(s->read_sum, mm) == 0, "%d CPUs: check_mm of a new mm is clean", n);
	stats();
	ok(st.lines == (unsigned)(n + own),
	   "%d CPUs: check_mm reads %d per-CPU lines + the counters' %d lines, got %llu",
	   n, n, own, st.lines);
	rss_coh_leave(prev);
	s->mm_destroy(mm, &c0);
	s->teardown();
	model_close();
}

/*
 * v6.2's check_mm on 16 possible / 7 online CPUs: the exit of a clean mm
 * makes v6.3's accesses (the 7 online CPUs' slots of each counter: always
 * walking the possible ones would be 4 x 9 more); a counter whose online
 * sum is not 0 is summed again over all 16 CPUs (16 slots, the lock taken
 * and released, the pointer loaded), which reaches the 9 offline CPUs'
 * slot lines.  Lines are
 * compared within v6.2: its per-counter areas sit after the per-CPU
 * preempt_count, so the allocator's free touches one more line than v6.3's.
 */
static void era_destroy(const char *name, int bad, struct rss_coh_stats *out)
{
	static unsigned long online[RSS_CPUMASK_LONGS(MAX_CPUS)];
	const struct scheme_ops *s = model_scheme(name);
	struct rss_coh_ctx prev;
	struct percpu_mm *pmm;
	struct cpu c0;

	model_open(16, 8);
	online[0] = 0x7f;
	m.online_mask = online;
	m.nr_online = 7;
	m.nr_allowed = 7;
	s->setup(&m);
	c0 = cpu_view(s, 0);
	prev = rss_coh_enter(0);
	pmm = (struct percpu_mm *)s->mm_create(&c0);
	if (bad)
		s->add(&pmm->mm, RSS_FILEPAGES, 1, NULL, &c0);
	rss_coh_reset_stats();
	rss_coh_interval();
	if (s->mm_destroy(&pmm->mm, &c0) != (bad ? -EIO : 0))
		bail_out("%s: check_mm of a %s mm", name, bad ? "bad" : "clean");
	rss_coh_stats(out);
	rss_coh_leave(prev);
	s->teardown();
	model_close();
}

static void test_check_mm_v62(void)
{
	struct rss_coh_stats clean62, clean63, bad62;

	era_destroy("percpu-preempt", 0, &clean62);
	era_destroy("percpu-irqsave", 0, &clean63);
	era_destroy("percpu-preempt", 1, &bad62);
	ok(clean62.accesses == clean63.accesses,
	   "v6.2's exit of a clean mm makes v6.3's %llu accesses (%llu): online CPUs only",
	   clean63.accesses, clean62.accesses);
	ok(bad62.accesses == clean62.accesses + 16 + 3 && bad62.lines == clean62.lines + 9,
	   "a non-zero counter: v6.2 re-sums 16 slots under the lock, fbc->counters loaded once (+%llu accesses), 9 offline lines (+%llu)",
	   bad62.accesses - clean62.accesses, bad62.lines - clean62.lines);
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
	s->setup(&m);
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
	ok(st.transfers[RSS_COH_REMOTE] >= 1 && t.mm_cid == 0,
	   "cid-counter: the moved task keeps ID 0; its first update on CPU 8 takes the slot's line from CPU 0 (%llu remote)",
	   st.transfers[RSS_COH_REMOTE]);
	rss_coh_reset_stats();
	for (int i = 0; i < 20; i++) {
		rss_coh_interval();
		s->add(mm, RSS_ANONPAGES, 1, &t, &b);
	}
	stats();
	ok(rss_coh_transfers(&st) == 0 && s->read(mm, RSS_ANONPAGES) == 31,
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
	s->setup(&m);
	a = cpu_view(s, 8);
	b = cpu_view(s, 16);
	mm = s->mm_create(&a);
	pernode_moves(mm, &a, &b, 31, s);
	stats();
	ok(rss_coh_transfers(&st) == 0 && s->read(mm, RSS_ANONPAGES) == 0,
	   "pernode: 31 node-local updates on each of 2 nodes, no move: 0 transfers");
	pernode_moves(mm, &a, &b, 320 - 31, s);
	stats();
	ok(s->read(mm, RSS_ANONPAGES) == 640, "20 moves put 640 pages in the global");
	ok(rss_coh_transfers(&st) == 19 && st.transfers[RSS_COH_REMOTE] == 19,
	   "pernode: transfers only when a slot moves to the global: 19 (the first move a fill), got %llu",
	   rss_coh_transfers(&st));
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
	ok(rss_coh_transfers(&st) == 61 && st.transfers[RSS_COH_REMOTE] == 61,
	   "false sharing of unpadded slots: 61 remote transfers in 62 node-local updates");
	{
		struct rss_coh_ctx prev = rss_coh_enter(1);

		s->add(mm, RSS_ANONPAGES, -62, NULL, &c1);
		rss_coh_leave(prev);
	}
	s->mm_destroy(mm, &c1);
	model_close();
}

/*
 * cpu-stash: CPU 0 runs mm A and stashes its updates; CPU 8 adds to A's
 * atomics (a zap's vector) and so holds A's ANON line.  CPU 0's switch to
 * B flushes: it touches its stash (two lines: counts, and mm/sync_count)
 * and A's counter line, and only the counter line moves.  Had a reader on
 * CPU 4 walked CPU 0's stash before, both stash lines move too.
 */
static void test_cpu_stash(void)
{
	const struct scheme_ops *s = model_scheme("cpu-stash");
	long vec[RSS_NR_COUNTERS] = { 0 };
	struct cpu c0, c8;
	struct mm *a, *b;

	for (int reader = 0; reader < 2; reader++) {
		struct rss_coh_ctx prev;

		model_open(16, 8);
		s->setup(&m);
		c0 = cpu_view(s, 0);
		c8 = cpu_view(s, 8);
		prev = rss_coh_enter(0);
		a = s->mm_create(&c0);
		b = s->mm_create(&c0);
		s->switch_mm(&c0, NULL, a);
		for (int i = 0; i < 3; i++)
			s->add(a, RSS_ANONPAGES, 1, NULL, &c0);
		rss_coh_enter(8);
		vec[RSS_ANONPAGES] = 5;
		s->add_vec(a, vec, NULL, &c8);
		if (reader) {
			rss_coh_enter(4);
			ok(s->read(a, RSS_ANONPAGES) == 8, "a reader on CPU 4 sees 5 + 3 stashed");
		}
		rss_coh_enter(0);
		rss_coh_reset_stats();
		rss_coh_interval();
		s->switch_mm(&c0, a, b);
		stats();
		ok(st.lines == 3, "cpu-stash flush touches 3 lines: 2 of the stash, A's counter line (got %llu)",
		   st.lines);
		ok(rss_coh_transfers(&st) == (reader ? 3u : 1u),
		   reader ? "after a remote read: the two stash lines and A's counter line move" :
			    "the flush moves A's counter line only (got %llu)",
		   rss_coh_transfers(&st));
		vec[RSS_ANONPAGES] = -8;
		s->add_vec(a, vec, NULL, &c0);
		ok(s->mm_destroy(a, &c0) == 0, "check_mm of A is clean");
		s->switch_mm(&c0, b, NULL);
		s->mm_destroy(b, &c0);
		rss_coh_leave(prev);
		s->teardown();
		model_close();
	}
}

/*
 * pmu-check's patterns through the model (printed beside the counted
 * events): a line the two CPUs write in turn moves once per write, classed
 * by the pair; a line each CPU keeps to itself never moves.
 */
static void test_pmu_check_model(void)
{
	static const struct {
		int a, b;
		enum rss_coh_distance d;
	} pairs[] = { { 0, 1, RSS_COH_CORE }, { 0, 2, RSS_COH_CACHE }, { 1, 6, RSS_COH_REMOTE } };
	struct rss_topo *topo;
	char err[256];

	if (rss_topo_open(&topo, "package:2 numa:1 core:2 pu:2", err, sizeof(err)))
		bail_out("%s", err);
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct rss_pmu_check_model mod;
		int ret = rss_pmu_check_model(topo, pairs[i].a, pairs[i].b, 1000, &mod);

		ok(!ret && mod.shared == 1.0 && mod.shared_invalidations == 1.0 &&
		   mod.distance == (int)pairs[i].d,
		   "pmu-check model, CPUs %d and %d: the bounced line moves once per write (%s), one copy invalidated (got %d: %g transfers, %g invalidations, class %d)",
		   pairs[i].a, pairs[i].b, rss_coh_distance_names[pairs[i].d], ret, mod.shared,
		   mod.shared_invalidations, mod.distance);
		ok(!ret && mod.private_ == 0.0,
		   "pmu-check model, CPUs %d and %d: own lines never move (got %g per write)",
		   pairs[i].a, pairs[i].b, mod.private_);
	}
	rss_topo_close(topo);
}

int main(void)
{
	plan_tests(10 + 6 + 6 + 1 + 4 + 2 + 3 + 6 + 7 + 6);
	test_directory();
	test_atomic_pingpong();
	test_percpu();
	test_hpcc_fast_path();
	test_check_mm(16);
	test_check_mm(1024);
	test_check_mm_v62();
	test_cid_counter();
	test_pernode();
	test_cpu_stash();
	test_pmu_check_model();
	return exit_status();
}
