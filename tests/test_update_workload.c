/*
 * test_update_workload.c - the update workload drives a recording scheme:
 * each operation is one fault hook and one add(ANON, +1) for current, every
 * --pages of them one add_vec zap of exactly those pages, the exit zap has
 * no current, and the task's truth follows.  Then the empty scheme: bound
 * 0, no bytes, no per-CPU allocation, reads 0, and a cell under it measures
 * no error while the truth is still kept.  The batched operations
 * (op_batch) do exactly what the same number of single ones do, announce
 * each update before the scheme sees it, and stop at a migration.
 */
#include <string.h>

#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "schemes/pcpu_alloc.h"
#include "tap.h"
#include "test_machine.h"
#include "topo.h"

extern const struct scheme_ops rss_scheme_empty;

static struct {
	int hooks, adds, other_adds, vecs;
	long vec_sum, last_vec, exit_vec;
	int hook_before_add;	/* every add came right after a hook */
	int pending_hook;
	int announced;		/* at every add: pending +1, truth not yet moved */
} rec;

static void rec_fault_enter(struct task *t)
{
	rec.hooks++;
	rec.pending_hook = 1;
}

static void rec_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *c)
{
	if (ctr == RSS_ANONPAGES && v == 1 && cur && cur->mm == mm) {
		/* The watchdog's interval truth .. truth + pending holds the add. */
		if (cur->pending[RSS_ANONPAGES] != 1 ||
		    cur->truth[RSS_ANONPAGES] != rec.adds + rec.vec_sum)
			rec.announced = 0;
		rec.adds++;
		if (!rec.pending_hook)
			rec.hook_before_add = 0;
	} else {
		rec.other_adds++;
	}
	rec.pending_hook = 0;
}

static void rec_add_vec(struct mm *mm, const long *rss, struct task *cur, struct cpu *c)
{
	for (int i = 0; i < RSS_NR_COUNTERS; i++)
		if (i != RSS_ANONPAGES && rss[i])
			rec.other_adds++;
	if (cur) {
		rec.vecs++;
		rec.vec_sum += rss[RSS_ANONPAGES];
		rec.last_vec = rss[RSS_ANONPAGES];
	} else {
		rec.exit_vec = rss[RSS_ANONPAGES];
	}
}

static long rec_read(struct mm *mm, int ctr)
{
	return 0;
}

static const struct scheme_ops recorder = {
	.name = "recorder", .fault_enter = rec_fault_enter, .add = rec_add,
	.add_vec = rec_add_vec, .read = rec_read, .read_sum = rec_read,
};

/* Forgets what the recorder saw. */
static void rec_reset(void)
{
	memset(&rec, 0, sizeof(rec));
	rec.hook_before_add = rec.announced = 1;
}

/* One task of update (--pages 10) on a CPU whose scheme is the recorder. */
struct one_task {
	struct rss_params p;
	struct mm mm;
	struct task t;
	struct cpu c;
};

/* Sets @f up and forgets what the recorder saw; returns update's ops. */
static const struct workload_ops *one_task_init(struct one_task *f)
{
	*f = (struct one_task){ .p = { .pages = 10 }, .c = { .ops = &recorder } };
	f->t.mm = &f->mm;
	rec_reset();
	return rss_workload_find("update");
}

static void test_counts_and_zaps(void)
{
	struct one_task f;
	const struct workload_ops *w = one_task_init(&f);

	ok(w && w->task_init(&f.t, &f.c, &f.p) == 0, "update is registered and sets a task up");
	for (int i = 0; i < 35; i++)
		w->op(&f.t, &f.c);
	ok(rec.hooks == 35 && rec.adds == 35 && rec.hook_before_add && rec.announced,
	   "35 operations: 35 fault hooks, each followed by add(ANON, +1) for current, announced (%d, %d)",
	   rec.hooks, rec.adds);
	ok(rec.vecs == 3 && rec.vec_sum == -30 && rec.last_vec == -10 && rec.other_adds == 0,
	   "a zap of exactly --pages (10) before operations 11, 21 and 31: %d zaps, %ld pages",
	   rec.vecs, rec.vec_sum);
	ok(f.t.truth[RSS_ANONPAGES] == 5 && f.t.updates == 38,
	   "the truth follows: 35 - 30 = %ld pages after %lu updates",
	   f.t.truth[RSS_ANONPAGES], f.t.updates);
	w->task_fini(&f.t, &f.c);
	ok(rec.exit_vec == -5 && rec.vecs == 3 && f.t.wl == NULL,
	   "exit zaps the 5 pages left with no current task (exit_mmap)");
}

/* The same 35 operations in batches of 7, 13 and 15 (a zap falls inside). */
static void test_batches(void)
{
	struct one_task f;
	const struct workload_ops *w = one_task_init(&f);

	ok(w->op_batch && w->task_init(&f.t, &f.c, &f.p) == 0, "update has a batched operation");
	w->op_batch(&f.t, &f.c, 7);
	w->op_batch(&f.t, &f.c, 13);
	w->op_batch(&f.t, &f.c, 15);
	ok(rec.hooks == 35 && rec.adds == 35 && rec.hook_before_add && rec.announced,
	   "batches of 7, 13, 15: 35 hooks, each followed by add(ANON, +1) announced as pending +1");
	ok(rec.vecs == 3 && rec.vec_sum == -30 && rec.last_vec == -10 && rec.other_adds == 0 &&
	   f.t.truth[RSS_ANONPAGES] == 5 && f.t.pending[RSS_ANONPAGES] == 0,
	   "the same zaps as one by one (%d, %ld pages), truth %ld, nothing left pending",
	   rec.vecs, rec.vec_sum, f.t.truth[RSS_ANONPAGES]);
	w->task_fini(&f.t, &f.c);
}

/*
 * Runs cfg's cell on the virtual TOPOLOGY, its cfg->nr_threads tasks placed
 * compact on CPUS (cfg->nr_threads of them), no PMU events, migrating as
 * MIGRATE (NULL: cfg's own); the result in *r, for the caller to free.
 * Bails out on any error.
 */
static void run_cell(const char *topology, const char *migrate, int *cpus,
		     struct rss_cell_config *cfg, struct rss_cell_result *r)
{
	struct rss_topo *topo;
	struct rss_pmu pmu;
	char err[256];

	if (rss_topo_open(&topo, topology, err, sizeof(err)) ||
	    rss_pmu_probe(&pmu, "none", err, sizeof(err)) ||
	    (migrate && rss_migrate_parse(migrate, &cfg->migrate, err, sizeof(err))))
		bail_out("%s", err);
	rss_topo_place(topo, "compact", cfg->nr_threads, cpus, err, sizeof(err));
	cfg->cpus = cpus;
	cfg->topo = topo;
	cfg->pmu = &pmu;
	if (rss_cell_run(cfg, r, err, sizeof(err)))
		bail_out("%s", err);
	rss_topo_close(topo);
}

/* A batch ends at the task's migration and at its last event, as one by one. */
static void test_batch_migrates(void)
{
	struct rss_cell_result r;
	int cpus[2];
	struct rss_cell_config cfg = {
		.scheme = &rss_scheme_empty, .workload = rss_workload_find("update"),
		.nr_threads = 2, .events_per_task = 70,
		.params = { .pages = 64 }, .seed = 1,
	};

	run_cell("package:1 core:2 pu:1", "every:7:next", cpus, &cfg, &r);
	ok(r.ops == 140 && r.migrations == 18,
	   "update, 2 tasks of 70 events, every:7: 140 ops, 18 migrations (after 7..63 each; got %llu, %lu)",
	   r.ops, r.migrations);
	rss_cell_result_free(&r);
}

static void test_empty_scheme(void)
{
	const struct scheme_ops *s = &rss_scheme_empty;
	struct machine m = rss_test_machine(1024);
	struct cpu c = { .id = 0, .ops = s };
	struct mm *mm;
	size_t bytes = rss_pcpu_bytes_in_use();
	unsigned long allocs = rss_pcpu_allocs();

	ok(s->error_bound(&m, 64, 1).under == 0 && s->error_bound(&m, 64, 1).over == 0 &&
	   s->footprint(&m, 1) == 0, "empty: bound 0 and 0 bytes per mm at 1024 CPUs");
	ok(s->flags & RSS_SCHEME_NO_COUNTER, "empty says it counts nothing");
	mm = s->mm_create(&c);
	s->add(mm, RSS_ANONPAGES, 5, NULL, &c);
	ok(mm && s->read(mm, RSS_ANONPAGES) == 0 && s->read_sum(mm, RSS_ANONPAGES) == 0 &&
	   rss_pcpu_bytes_in_use() == bytes && rss_pcpu_allocs() == allocs,
	   "empty: an mm takes nothing from the per-CPU allocator and reads 0");
	ok(s->mm_destroy(mm, &c) == 0, "empty: exit has nothing to check");
}

/* A whole cell: the truth is kept, the error is not measured. */
static void test_empty_cell(void)
{
	struct rss_cell_result r;
	int cpus[4];
	struct rss_cell_config cfg = {
		.scheme = &rss_scheme_empty, .workload = rss_workload_find("update"),
		.nr_threads = 4, .events_per_task = 1000,
		.params = { .pages = 64 }, .seed = 1,
	};

	run_cell("package:1 core:4 pu:1", NULL, cpus, &cfg, &r);
	ok(r.ops == 4000 && r.failures == 0 && r.footprint == 0 && r.pcpu_bytes_per_mm == 0,
	   "empty/update cell: 4000 ops, no failures, no bytes");
	ok(r.err_max == -1 && r.err_p99 == -1 && r.settled_err == -1 && r.precise_err == -1 &&
	   r.nr_err_samples == 0, "empty/update cell: no error measured (-1 everywhere, no samples)");
	rss_cell_result_free(&r);
}

/*
 * A cell's bytes_per_mm is footprint(machine, tasks per mm): cid-counter's
 * single-threaded mm and its 4-task mm differ by the 3 slots the others take.
 */
static void test_cid_cells(void)
{
	const struct scheme_ops *s = rss_scheme_find("cid-counter");
	struct rss_cell_result one, four;
	int cpus[4];
	struct rss_cell_config cfg = {
		.scheme = s, .workload = rss_workload_find("update"),
		.nr_threads = 4, .nr_tasks = 4, .tasks_per_mm = 1, .events_per_task = 100,
		.params = { .pages = 64 }, .seed = 1,
	};
	struct machine m = rss_test_machine(4);

	run_cell("package:1 core:4 pu:1", NULL, cpus, &cfg, &one);
	cfg.tasks_per_mm = 4;
	run_cell("package:1 core:4 pu:1", NULL, cpus, &cfg, &four);
	ok(one.footprint == s->footprint(&m, 1) && four.footprint == s->footprint(&m, 4) &&
	   four.footprint > one.footprint && one.failures == 0 && four.failures == 0,
	   "cid-counter/update cells: %zu B per mm of 1 task, %zu B per mm of 4",
	   one.footprint, four.footprint);
	rss_cell_result_free(&one);
	rss_cell_result_free(&four);
}

int main(void)
{
	plan_tests(16);
	test_counts_and_zaps();
	test_batches();
	test_batch_migrates();
	test_empty_scheme();
	test_empty_cell();
	test_cid_cells();
	return exit_status();
}
