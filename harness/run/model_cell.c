/*
 * model_cell.c - a cell on the model build.  The model build's scheme and
 * workload are wrapped: each hook that is given a CPU runs in that CPU's
 * context (coherence.h), so the accesses of mm creation on the main thread,
 * of a reader's view of another CPU and of the workers' operations are each
 * the right CPU's.  An operation starts a new interval for the lines-touched
 * count.  Only the workers count, only in measured tasks' operations and in
 * switch_mm: the main thread's setup and finish move lines without counting.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "model.h"
#include "model_cell.h"
#include "topo.h"

/*
 * The model pass schedules in operations, so that its switch points are
 * deterministic too: a time slice becomes this many ns per operation, about
 * a page fault's cost.
 */
#define NS_PER_OP	1000

/* One model cell at a time: the ops the wrappers call. */
static const struct scheme_ops *real_s;
static const struct workload_ops *real_w;

static struct rss_coh_ctx on(const struct cpu *c)
{
	return rss_coh_enter(c->id);
}

static struct mm *w_mm_create(struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);
	struct mm *mm = real_s->mm_create(c);

	rss_coh_leave(prev);
	return mm;
}

static int w_mm_destroy(struct mm *mm, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);
	int ret = real_s->mm_destroy(mm, c);

	rss_coh_leave(prev);
	return ret;
}

static void w_task_fork(struct task *t, unsigned long flags, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	real_s->task_fork(t, flags, c);
	rss_coh_leave(prev);
}

static void w_task_exit(struct task *t, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	real_s->task_exit(t, c);
	rss_coh_leave(prev);
}

static void w_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	real_s->add(mm, ctr, v, cur, c);
	rss_coh_leave(prev);
}

static void w_add_plain(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	real_s->add_plain(mm, ctr, v, cur, c);
	rss_coh_leave(prev);
}

static void w_add_vec(struct mm *mm, const long *rss, struct task *cur, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	real_s->add_vec(mm, rss, cur, c);
	rss_coh_leave(prev);
}

/* Called by the worker before a slice: counted, whoever's task comes next. */
static void w_switch_mm(struct cpu *c, struct mm *prev_mm, struct mm *next)
{
	struct rss_coh_ctx prev = on(c);

	rss_coh_interval();
	real_s->switch_mm(c, prev_mm, next);
	rss_coh_leave(prev);
}

static int w_task_init(struct task *t, struct cpu *c, const struct rss_params *p)
{
	struct rss_coh_ctx prev = on(c);
	int ret = real_w->task_init(t, c, p);

	rss_coh_leave(prev);
	return ret;
}

static void w_op(struct task *t, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	rss_coh_interval();
	if (real_w->measured && !real_w->measured(t))
		rss_coh_set_counting(0);
	real_w->op(t, c);
	rss_coh_leave(prev);
}

static void w_task_fini(struct task *t, struct cpu *c)
{
	struct rss_coh_ctx prev = on(c);

	real_w->task_fini(t, c);
	rss_coh_leave(prev);
}

#define WRAP(ops, real, hook, wrapper) \
	((ops).hook = (real)->hook ? (wrapper) : NULL)

static void wrap(const struct scheme_ops *s, const struct workload_ops *w,
		 struct scheme_ops *ws, struct workload_ops *ww)
{
	real_s = s;
	real_w = w;
	*ws = *s;
	*ww = *w;
	WRAP(*ws, s, mm_create, w_mm_create);
	WRAP(*ws, s, mm_destroy, w_mm_destroy);
	WRAP(*ws, s, task_fork, w_task_fork);
	WRAP(*ws, s, task_exit, w_task_exit);
	WRAP(*ws, s, add, w_add);
	WRAP(*ws, s, add_plain, w_add_plain);
	WRAP(*ws, s, add_vec, w_add_vec);
	WRAP(*ws, s, switch_mm, w_switch_mm);
	WRAP(*ww, w, task_init, w_task_init);
	WRAP(*ww, w, op, w_op);
	WRAP(*ww, w, task_fini, w_task_fini);
}

static const struct scheme_ops *find_scheme(const char *name)
{
	for (int i = 0; rss_model_bench.schemes[i]; i++)
		if (!strcmp(rss_model_bench.schemes[i]->name, name))
			return rss_model_bench.schemes[i];
	return NULL;
}

static const struct workload_ops *find_workload(const char *name)
{
	for (int i = 0; rss_model_bench.workloads[i]; i++)
		if (!strcmp(rss_model_bench.workloads[i]->name, name))
			return rss_model_bench.workloads[i];
	return NULL;
}

/* The model over @topo's CPUs: core, cache and node of each (model_cell.h). */
int rss_model_open(const struct rss_topo *topo)
{
	const struct machine *m = rss_topo_machine(topo);
	int n = m->nr_cpu_ids;
	const int *node = m->cpu_node;
	int *core = calloc((size_t)n, sizeof(int)), *cache = calloc((size_t)n, sizeof(int));
	struct rss_coh_place *place = calloc((size_t)n, sizeof(*place));
	int ret = -ENOMEM;

	if (core && cache && place) {
		rss_topo_cpu_places(topo, core, cache);
		for (int i = 0; i < n; i++)
			place[i] = (struct rss_coh_place){ core[i], cache[i], node[i] };
		ret = rss_coh_open(n, place);
	}
	free(core);
	free(cache);
	free(place);
	return ret;
}

int rss_model_cell_run(const struct rss_cell_config *cfg, struct rss_model_result *mr,
		       char *err, size_t errlen)
{
	const struct scheme_ops *s = find_scheme(cfg->scheme->name);
	const struct workload_ops *w = find_workload(cfg->workload->name);
	struct rss_cell_config mcfg = *cfg;
	static const struct rss_pmu no_events;
	struct scheme_ops ws;
	struct workload_ops ww;
	struct rss_cell_result r;
	struct rss_coh_ctx prev;
	unsigned long failures0;
	uint64_t t0 = rss_now_ns();
	int ret;

	memset(mr, 0, sizeof(*mr));
	if (!s || !w) {
		snprintf(err, errlen, "%s/%s: not in the model build", cfg->scheme->name,
			 cfg->workload->name);
		return -ENOENT;
	}
	ret = rss_model_open(cfg->topo);
	if (ret) {
		snprintf(err, errlen, "cannot start the coherence model: %s", strerror(-ret));
		return ret;
	}
	wrap(s, w, &ws, &ww);
	mcfg.scheme = &ws;
	mcfg.workload = &ww;
	mcfg.pmu = &no_events;
	mcfg.serialize = 1;
	if (!mcfg.slice.ops) {
		rss_slice_resolve(&mcfg.slice, rss_topo_machine(cfg->topo)->nr_online);
		mcfg.slice.ops = mcfg.slice.ns / NS_PER_OP ? mcfg.slice.ns / NS_PER_OP : 1;
		mcfg.slice.ns = 0;
		mcfg.slice.kernel = 0;
	}
	mr->slice_ops = mcfg.slice.ops;
	failures0 = rss_model_bench.op_failures();
	/* The cells before this one leave nothing in the model build's heap. */
	rss_model_bench.heap_reset();
	/* This thread sets up and finishes the cell: not counted. */
	prev = rss_coh_enter(-1);
	rss_coh_set_counting(0);
	ret = rss_cell_run(&mcfg, &r, err, errlen);
	rss_coh_leave(prev);
	if (!ret) {
		rss_coh_stats(&mr->st);
		mr->ops = r.ops;
		mr->nr_tasks = r.nr_tasks;
		mr->nr_mms = r.nr_mms;
		mr->seconds = (double)(rss_now_ns() - t0) / 1e9;
		rss_cell_result_free(&r);
		if (rss_model_bench.op_failures() != failures0) {
			snprintf(err, errlen, "%s/%s: operations failed in the model build",
				 s->name, w->name);
			ret = -EIO;
		}
	}
	rss_coh_close();
	if (ret)
		return ret;
	if (mr->st.lost)
		snprintf(mr->why, sizeof(mr->why), "model out of memory");
	else if (!mr->st.accesses)
		snprintf(mr->why, sizeof(mr->why), "no access recorded: nothing in userspace to model");
	else if (!mr->ops)
		snprintf(mr->why, sizeof(mr->why), "no operations");
	else
		mr->modelled = 1;
	return 0;
}
