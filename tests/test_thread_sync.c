/*
 * test_thread_sync.c - a process-wide scheme's thread_sync hook (rss.h) runs
 * once on every worker and on the watchdog, each on its own thread, before
 * the window opens: before the baseline (rebase) and before any task's
 * first operation.  Native on a split-rss kernel syncs each thread's task
 * cache there; without it, a page a worker had faulted before the window
 * was folded into the mm inside it (6.1: one page per thread under the
 * port at every -e, doc/schemes/native.md).
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "tap.h"
#include "test_cell.h"
#include "topo.h"

#define NR_WORKERS	2
#define MAX_CALLS	16

static pid_t tids[MAX_CALLS];
static int nr_calls, calls_after_rebase, calls_after_add;
static int rebased, added;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int fail_sync;	/* the hook's result */

static int record_sync(void)
{
	pthread_mutex_lock(&lock);
	if (nr_calls < MAX_CALLS)
		tids[nr_calls] = (pid_t)syscall(SYS_gettid);
	nr_calls++;
	calls_after_rebase += rebased;
	calls_after_add += __atomic_load_n(&added, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&lock);
	return fail_sync;
}

static void record_rebase(struct mm *mm, const long *truth)
{
	pthread_mutex_lock(&lock);
	rebased = 1;
	pthread_mutex_unlock(&lock);
}

static const struct scheme_ops *atomic;

static void record_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *cpu)
{
	__atomic_store_n(&added, 1, __ATOMIC_RELAXED);
	atomic->add(mm, ctr, v, cur, cpu);
}

static int distinct(const pid_t *t, int n, pid_t main_tid)
{
	for (int i = 0; i < n; i++) {
		if (t[i] == main_tid)
			return 0;
		for (int j = 0; j < i; j++)
			if (t[i] == t[j])
				return 0;
	}
	return 1;
}

int main(void)
{
	struct rss_topo *topo;
	struct rss_pmu pmu;
	struct rss_cell_result r;
	struct scheme_ops probe;
	int cpus[NR_WORKERS];
	char err[256];

	plan_tests(5);
	rss_test_cell_machine("package:1 core:2 pu:1", NR_WORKERS, &topo, &pmu, cpus);
	atomic = rss_scheme_find("atomic");
	if (!atomic)
		bail_out("no atomic scheme");
	/* atomic's counters, with the hooks that record when they ran. */
	probe = *atomic;
	probe.name = "thread-sync-probe";
	probe.thread_sync = record_sync;
	probe.rebase = record_rebase;
	probe.add = record_add;

	struct rss_cell_config cfg = {
		.scheme = &probe, .workload = rss_workload_find("fault"), .topo = topo,
		.pmu = &pmu, .nr_threads = NR_WORKERS, .cpus = cpus, .events_per_task = 200,
		.params = { .pages = 64 }, .seed = 1,
	};

	if (!cfg.workload)
		bail_out("no fault workload");
	if (rss_cell_run(&cfg, &r, err, sizeof(err)))
		bail_out("%s", err);
	ok(nr_calls == NR_WORKERS + 1, "thread_sync ran %d times: once per worker (%d) and once on the watchdog",
	   nr_calls, NR_WORKERS);
	ok(nr_calls <= MAX_CALLS && distinct(tids, nr_calls, (pid_t)syscall(SYS_gettid)),
	   "each on its own thread, none on the main thread");
	ok(!calls_after_rebase, "all before the baseline (rebase): %d after", calls_after_rebase);
	ok(!calls_after_add && r.ops == NR_WORKERS * 200ULL,
	   "all before any task's first update (%d after), and the cell ran its %llu ops",
	   calls_after_add, r.ops);
	rss_cell_result_free(&r);

	/* A thread that cannot sync: the cell fails, naming the scheme; nothing timed. */
	fail_sync = -ENOMEM;
	nr_calls = 0;
	added = 0;
	ok(rss_cell_run(&cfg, &r, err, sizeof(err)) && strstr(err, "thread-sync-probe: 3 threads could not sync") &&
	   !added, "a failed thread_sync fails the cell before any update: %s", err);
	rss_topo_close(topo);
	return exit_status();
}
