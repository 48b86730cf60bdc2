/*
 * test_scheme_cid_counter.c - counters indexed by mm_cid (rssbench's
 * reading of the LSFMM+BPF 2026 proposal): a single-threaded mm allocates
 * nothing beyond itself; an mm holds one slot per ID it ever needed, at
 * most min(threads, CPUs allowed) while per task; a task keeps its ID (and
 * its slot) when it moves; an exit lowers the limit and the task above it
 * takes a lower ID at its next update; past the CPUs allowed the IDs are
 * the CPUs'; every read is the exact sum; an update from outside the mm
 * goes to the remote atomic; check_mm sees all of it.
 */
#include <string.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "tap.h"
#include "test_machine.h"

#define SLOT	64	/* one ID's counters on a line of its own */

static const struct scheme_ops *s;

static void fork_task(struct task *t, struct mm *mm, unsigned long flags, struct cpu *c)
{
	memset(t, 0, sizeof(*t));
	t->mm = mm;
	t->cpu = c->id;
	s->task_fork(t, flags, c);
}

/* @n adds of 1 by @t on @c. */
static void adds(struct task *t, struct cpu *c, int n)
{
	for (int i = 0; i < n; i++)
		s->add(t->mm, RSS_ANONPAGES, 1, t, c);
}

static void test_single(void)
{
	struct machine m = rss_test_machine(16);
	struct cpu c[16];
	struct task t;
	struct mm *mm;
	size_t pcpu;

	for (int i = 0; i < 16; i++)
		c[i] = (struct cpu){ .id = i, .ops = s };
	s->setup(&m);
	pcpu = rss_pcpu_bytes_in_use();
	mm = s->mm_create(&c[0]);
	fork_task(&t, mm, 0, &c[0]);
	adds(&t, &c[0], 10);
	t.cpu = 5;
	adds(&t, &c[5], 7);	/* migrated: the same ID, the same slot */
	ok(t.mm_cid == 0 && s->read(mm, RSS_ANONPAGES) == 17 && rss_pcpu_bytes_in_use() == pcpu,
	   "single-threaded: ID 0 on CPU 0 and after the move to CPU 5, the read exact (17), no per-CPU bytes");
	s->add(mm, RSS_ANONPAGES, -17, NULL, &c[3]);	/* the exit's zap: no ID */
	ok(s->read_sum(mm, RSS_ANONPAGES) == 0, "a remote update (no ID held) lands in the remote atomic");
	s->task_exit(&t, &c[5]);
	ok(s->mm_destroy(mm, &c[5]) == 0, "check_mm: the slots and the remote atomic sum to 0");
	ok(s->error_bound(&m, 5, 1).under == 0 && s->error_bound(&m, 5, 1).over == 0,
	   "the settled bound is 0 both ways");
}

/*
 * Three threads on 16 CPUs take IDs 0, 1, 2 (three slots); the thread with
 * ID 0 exits: the limit is 2, so the one with ID 2 takes ID 0 at its next
 * update; the mm keeps its three slots and every count.
 */
static void test_compaction(void)
{
	struct machine m = rss_test_machine(16);
	struct cpu c[16];
	struct task t[3];
	struct mm *mm;

	for (int i = 0; i < 16; i++)
		c[i] = (struct cpu){ .id = i, .ops = s };
	s->setup(&m);
	mm = s->mm_create(&c[0]);
	for (int i = 0; i < 3; i++) {
		fork_task(&t[i], mm, i ? RSS_CLONE_VM | RSS_CLONE_THREAD : 0, &c[i]);
		adds(&t[i], &c[i], 5);
	}
	ok(t[0].mm_cid == 0 && t[1].mm_cid == 1 && t[2].mm_cid == 2 &&
	   s->read(mm, RSS_ANONPAGES) == 15,
	   "3 threads take IDs 0, 1, 2 (got %d %d %d); the read is the sum, 15",
	   t[0].mm_cid, t[1].mm_cid, t[2].mm_cid);
	s->add(mm, RSS_ANONPAGES, -5, NULL, &c[0]);	/* thread 0's pages, zapped for it */
	s->task_exit(&t[0], &c[0]);
	adds(&t[2], &c[9], 1);
	ok(t[2].mm_cid == 0 && s->read(mm, RSS_ANONPAGES) == 11,
	   "thread 0 exits: the one with ID 2 takes ID 0 at its next update (got %d), counts kept (11)",
	   t[2].mm_cid);
	adds(&t[1], &c[1], 1);
	ok(t[1].mm_cid == 1, "ID 1 is below the limit 2: kept");
	s->add(mm, RSS_ANONPAGES, -12, NULL, &c[0]);
	s->task_exit(&t[1], &c[1]);
	s->task_exit(&t[2], &c[9]);
	ok(s->mm_destroy(mm, &c[0]) == 0, "check_mm sums the left slot too");
}

/*
 * Per-CPU IDs: 20 tasks of one mm on 4 CPUs.  The fork that passes 4 users
 * makes the IDs the CPUs'; a task that held an ID gives it back at its next
 * update, and every update lands in its CPU's slot: the sum stays exact.
 */
static void test_percpu_mode(void)
{
	struct machine m = rss_test_machine(4);
	struct cpu c[4];
	static struct task t[20];
	struct mm *mm;
	int distinct = 0;

	for (int i = 0; i < 4; i++)
		c[i] = (struct cpu){ .id = i, .ops = s };
	s->setup(&m);
	mm = s->mm_create(&c[0]);
	for (int i = 0; i < 20; i++) {
		fork_task(&t[i], mm, i ? RSS_CLONE_VM | RSS_CLONE_THREAD : 0, &c[i % 4]);
		if (i < 3)
			adds(&t[i], &c[i % 4], 1);	/* 3 IDs held per task */
	}
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 20; i++)
			adds(&t[i], &c[(i + round) % 4], 2);
	for (int i = 0; i < 20; i++)
		distinct += t[i].mm_cid >= 0;
	ok(distinct == 0 && s->read(mm, RSS_ANONPAGES) == 3 + 120,
	   "20 tasks on 4 CPUs: no task holds an ID (%d do), every update in a CPU's slot: 123",
	   distinct);
	for (int i = 0; i < 20; i++)
		s->task_exit(&t[i], &c[i % 4]);
	s->add(mm, RSS_ANONPAGES, -123, NULL, &c[0]);
	ok(s->mm_destroy(mm, &c[0]) == 0, "check_mm passes; the slots are freed");
}

/*
 * Bytes per mm follow the mm's tasks, not the CPUs: one inline slot for a
 * single-threaded mm at any CPU count, a line more per task up to the CPUs
 * allowed; past them the per-CPU table and up to twice the CPUs' slots.
 */
static void test_footprint(void)
{
	struct machine m16 = rss_test_machine(16), m256 = rss_test_machine(256);
	size_t one = s->footprint(&m256, 1), b16 = s->footprint(&m16, 16);

	ok(one == s->footprint(&m16, 1) && one < 4 * SLOT,
	   "a single-threaded mm: %zu B at 16 and at 256 CPUs (the inline slot)", one);
	ok(s->footprint(&m256, 5) - one == 4 * SLOT && s->footprint(&m256, 256) - one == 255 * SLOT,
	   "5 tasks: %zu B, 256 tasks at 256 CPUs: %zu B (a %d-byte line per ID)",
	   s->footprint(&m256, 5), s->footprint(&m256, 256), SLOT);
	ok(b16 - one == 15 * SLOT &&
	   s->footprint(&m16, 17) == b16 + 16 * SLOT + 16 * sizeof(void *) &&
	   s->footprint(&m16, 1000) == s->footprint(&m16, 17),
	   "past 16 CPUs allowed: %zu B (32 slots and the 16-entry table) for 17 tasks or 1000",
	   s->footprint(&m16, 17));
}

int main(void)
{
	s = rss_scheme_find("cid-counter");
	if (!s)
		bail_out("cid-counter is not registered");
	plan_tests(4 + 4 + 2 + 3);
	test_single();
	test_compaction();
	test_percpu_mode();
	test_footprint();
	return exit_status();
}
