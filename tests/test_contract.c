/*
 * test_contract.c - the helpers every workload goes through: rss_add() and
 * rss_add_vec() announce an update before the scheme sees it and record it
 * in the truth after, so the error watchdog never counts an update in flight
 * as error; updates to another task's mm leave the task's truth alone.
 */
#include "rss.h"
#include "tap.h"

static struct task *seen_task;
static long seen_pending[RSS_NR_COUNTERS], seen_truth[RSS_NR_COUNTERS];

/* A scheme that only records what the watchdog would see during its add. */
static void snapshot(struct task *cur)
{
	for (int i = 0; i < RSS_NR_COUNTERS; i++) {
		seen_pending[i] = cur ? cur->pending[i] : 0;
		seen_truth[i] = cur ? cur->truth[i] : 0;
	}
	seen_task = cur;
}

static void probe_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *cpu)
{
	snapshot(cur);
}

static void probe_add_vec(struct mm *mm, const long *rss, struct task *cur, struct cpu *cpu)
{
	snapshot(cur);
}

static struct scheme_ops probe = { .name = "probe", .add = probe_add };

int main(void)
{
	struct mm own, other;
	struct task t = { .mm = &own };
	struct cpu c = { .ops = &probe };
	long vec[RSS_NR_COUNTERS] = { [RSS_ANONPAGES] = -512, [RSS_FILEPAGES] = 3 };

	plan_tests(7);

	rss_add(&c, &t, &own, RSS_ANONPAGES, 1);
	ok(seen_pending[RSS_ANONPAGES] == 1 && seen_truth[RSS_ANONPAGES] == 0,
	   "rss_add: the scheme runs with the page announced and not yet in truth");
	ok(t.pending[RSS_ANONPAGES] == 0 && t.truth[RSS_ANONPAGES] == 1,
	   "rss_add: after it, truth has the page and nothing is pending");

	rss_add_vec(&c, &t, &own, vec);
	ok(seen_pending[RSS_ANONPAGES] == -512 && seen_truth[RSS_ANONPAGES] == 1,
	   "rss_add_vec (per-counter adds): the zap of 512 is announced before the first add");
	ok(t.truth[RSS_ANONPAGES] == -511 && t.truth[RSS_FILEPAGES] == 3 &&
	   !t.pending[RSS_ANONPAGES] && !t.pending[RSS_FILEPAGES],
	   "rss_add_vec: every counter recorded, nothing left pending");

	probe.add_vec = probe_add_vec;
	rss_add_vec(&c, &t, &own, vec);
	ok(seen_pending[RSS_ANONPAGES] == -512 && seen_pending[RSS_FILEPAGES] == 3 &&
	   seen_truth[RSS_ANONPAGES] == -511,
	   "rss_add_vec (scheme's add_vec): all counters announced before the one call");

	rss_add(&c, &t, &other, RSS_ANONPAGES, 5);
	ok(t.truth[RSS_ANONPAGES] == -1023 && !t.pending[RSS_ANONPAGES],
	   "an update of another mm (a parent's copy) changes neither truth nor pending");

	rss_add(&c, NULL, &own, RSS_ANONPAGES, -1);
	ok(seen_task == NULL, "exit's zap (no current task) reaches the scheme without a task");
	return exit_status();
}
