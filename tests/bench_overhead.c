/*
 * bench_overhead.c - `make bench`: what the harness adds to a counter update,
 * and how today's percpu fast path compares with a plain per-CPU add.  Not a
 * test (no verdict fails the build): ratios from one run, the variants
 * interleaved round by round (A/B), everything on one pinned CPU.  On a
 * shared machine other work only ever adds time, so each variant's figure
 * is its fastest round (the median is printed beside it).
 *
 *   harness   update/empty through the harness (rss_cell_run, 1 thread)
 *             against a bare loop calling empty's add through the same
 *             function pointer: the difference is the harness's cost per
 *             update (goal: < 2 cycles).
 *   fast path each percpu form's add, +1/-1 so it never folds, against a
 *             plain per-CPU add (one addl without LOCK) called the same way
 *             (goal for today's percpu: <= 1.5x), and against the kernel's
 *             fast-path instructions alone (load + cmpxchg without LOCK),
 *             the floor of a faithful port: what the goal cannot go below.
 *   irq model the user-mode stand-ins for local_irq_save()/restore()
 *             around that plain add (doc/schemes/percpu-irqsave.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "harness.h"
#include "pmu.h"
#include "rss.h"
#include "runner.h"
#include "schemes/pcpu_alloc.h"
#include "stats.h"
#include "topo.h"

#define ROUNDS		15
#define OPS		1000000UL

typedef void (*add_fn)(struct mm *, int, long, struct task *, struct cpu *);

static int32_t *plain_slots;

/* this_cpu_add() and nothing else: the floor a per-CPU counter can reach. */
static __attribute__((noinline)) void plain_add(struct mm *mm, int ctr, long v,
						struct task *cur, struct cpu *cpu)
{
	rss_add_local32(rss_per_cpu_ptr(plain_slots, cpu->id), (int32_t)v);
}

/*
 * this_cpu_try_cmpxchg() alone: the instructions of the kernel's fast path
 * (a load, a cmpxchg without LOCK) with no batch check: the floor of any
 * faithful port of today's percpu_counter_add_batch() on this CPU.
 */
static __attribute__((noinline)) void cmpxchg_add(struct mm *mm, int ctr, long v,
						  struct task *cur, struct cpu *cpu)
{
	int32_t *slot = rss_per_cpu_ptr(plain_slots, cpu->id);
	int32_t c = __atomic_load_n(slot, __ATOMIC_RELAXED);

	while (!rss_cmpxchg_local32(slot, &c, (int32_t)(c + v)))
		;
}

static __thread void *volatile rseq_cs;

static __attribute__((noinline)) void model_pushf(struct mm *mm, int ctr, long v,
						  struct task *cur, struct cpu *cpu)
{
	unsigned long flags = rss_irq_save();

	rss_add_local32(rss_per_cpu_ptr(plain_slots, cpu->id), (int32_t)v);
	__asm__ __volatile__("" : : "r"(flags) : "memory");
}

static __attribute__((noinline)) void model_pushf_popf(struct mm *mm, int ctr, long v,
						       struct task *cur, struct cpu *cpu)
{
	unsigned long flags = rss_irq_save();

	rss_add_local32(rss_per_cpu_ptr(plain_slots, cpu->id), (int32_t)v);
	rss_irq_restore(flags);
}

static __attribute__((noinline)) void model_rseq(struct mm *mm, int ctr, long v,
						 struct task *cur, struct cpu *cpu)
{
	rseq_cs = plain_slots;
	rss_add_local32(rss_per_cpu_ptr(plain_slots, cpu->id), (int32_t)v);
	rseq_cs = NULL;
}

/* Cycles per call of @add, +1 then -1, through the pointer. */
static double bare_loop(add_fn add, struct mm *mm, struct task *t, struct cpu *c)
{
	uint64_t t0 = rss_cycles();

	for (unsigned long i = 0; i < OPS; i += 2) {
		add(mm, RSS_ANONPAGES, 1, t, c);
		add(mm, RSS_ANONPAGES, -1, t, c);
	}
	return (double)(rss_cycles() - t0) / (double)OPS;
}

/* Cycles per operation of update under @s as the harness counts them. */
static double through_harness(const struct scheme_ops *s, const struct rss_topo *topo,
			      const struct rss_pmu *pmu, int *cpu)
{
	struct rss_cell_config cfg = {
		.scheme = s, .workload = rss_workload_find("update"), .topo = topo,
		.pmu = pmu, .nr_threads = 1, .cpus = cpu, .events_per_task = OPS,
		.params = { .pages = 512 }, .seed = 1,
	};
	struct rss_cell_result r;
	char err[256];

	if (rss_cell_run(&cfg, &r, err, sizeof(err)))
		rss_die(EIO, "%s", err);
	rss_cell_result_free(&r);
	return r.cycles_per_op;
}

enum { H_EMPTY, H_PERCPU, B_EMPTY, B_PLAIN, B_CMPXCHG, B_PERCPU, B_INIT_MANY, B_IRQSAVE,
       B_PREEMPT, M_PUSHF, M_POPF, M_RSEQ, NR_V };

static const char *const vname[NR_V] = {
	"update/empty, harness", "update/percpu, harness", "empty add, bare loop",
	"plain per-CPU add, bare loop", "load + cmpxchg (no LOCK), bare loop",
	"percpu add, bare loop",
	"percpu-init-many add, bare loop", "percpu-irqsave add, bare loop",
	"percpu-preempt add, bare loop",
	"plain add + pushf;pop", "plain add + pushf;pop + push;popf",
	"plain add + rseq-style stores",
};

/* The scheme named @name; a renamed scheme stops the bench with its name. */
static const struct scheme_ops *scheme(const char *name)
{
	const struct scheme_ops *s = rss_scheme_find(name);

	if (!s)
		rss_die(EINVAL, "bench_overhead: no scheme \"%s\" (renamed? see rssbench list)", name);
	return s;
}

/* One bare-loop variant with its scheme set up and an mm made, as a worker would. */
static double bare(const char *name, add_fn override, const struct machine *m,
		   struct cpu *c)
{
	const struct scheme_ops *s = scheme(name);
	struct task t = { 0 };
	struct mm *mm;
	double v;

	if (s->setup && s->setup(m))
		rss_die(ENOMEM, "%s: setup", name);
	c->ops = s;
	mm = s->mm_create(c);
	t.mm = mm;
	v = bare_loop(override ? override : s->add, mm, &t, c);
	s->mm_destroy(mm, c);
	if (s->teardown)
		s->teardown();
	return v;
}

int main(void)
{
	struct rss_topo *topo;
	struct rss_pmu pmu;
	const struct machine *m;
	struct cpu c = { 0 };
	char err[256];
	int cpu[1];
	double v[NR_V][ROUNDS], med[NR_V], best[NR_V];

	if (rss_topo_open(&topo, NULL, err, sizeof(err)) || rss_pmu_probe(&pmu, "none", err, sizeof(err)))
		rss_die(EINVAL, "%s", err);
	if (rss_topo_place(topo, "compact", 1, cpu, err, sizeof(err)))
		rss_die(EINVAL, "%s", err);
	m = rss_topo_machine(topo);
	rss_topo_bind_thread(topo, cpu[0]);
	c.id = cpu[0];
	c.machine = m;
	rss_clock_hz();
	printf("bench_overhead: %d rounds of %lu operations per variant on CPU %d, interleaved\n",
	       ROUNDS, OPS, cpu[0]);
	printf("irq model in use: %s\n", RSS_IRQ_MODEL);
	for (int i = 0; i < ROUNDS; i++) {
		v[H_EMPTY][i] = through_harness(scheme("empty"), topo, &pmu, cpu);
		v[B_EMPTY][i] = bare("empty", NULL, m, &c);
		v[H_PERCPU][i] = through_harness(scheme("percpu"), topo, &pmu, cpu);
		v[B_PERCPU][i] = bare("percpu", NULL, m, &c);
		v[B_INIT_MANY][i] = bare("percpu-init-many", NULL, m, &c);
		v[B_IRQSAVE][i] = bare("percpu-irqsave", NULL, m, &c);
		v[B_PREEMPT][i] = bare("percpu-preempt", NULL, m, &c);
		rss_pcpu_setup(m);
		plain_slots = rss_pcpu_alloc(sizeof(int32_t), 0);
		v[B_PLAIN][i] = bare("empty", plain_add, m, &c);
		v[B_CMPXCHG][i] = bare("empty", cmpxchg_add, m, &c);
		v[M_PUSHF][i] = bare("empty", model_pushf, m, &c);
		v[M_POPF][i] = bare("empty", model_pushf_popf, m, &c);
		v[M_RSEQ][i] = bare("empty", model_rseq, m, &c);
		rss_pcpu_free(plain_slots);
		rss_pcpu_teardown();
	}
	printf("  %-40s %10s %10s\n", "variant (cycles/op)", "fastest", "median");
	for (int k = 0; k < NR_V; k++) {
		double t[ROUNDS];

		memcpy(t, v[k], sizeof(t));
		med[k] = rss_median(t, ROUNDS);	/* sorts t */
		best[k] = t[0];
		printf("  %-40s %10.2f %10.2f\n", vname[k], best[k], med[k]);
	}
	printf("harness adds %.2f cycles per update (update/empty minus the bare call; goal < 2): %s\n",
	       best[H_EMPTY] - best[B_EMPTY], best[H_EMPTY] - best[B_EMPTY] < 2 ? "met" : "NOT met");
	printf("percpu fast path / plain per-CPU add, same call: %.2fx (goal <= 1.5x): %s\n",
	       best[B_PERCPU] / best[B_PLAIN], best[B_PERCPU] / best[B_PLAIN] <= 1.5 ? "met" : "NOT met");
	printf("percpu fast path / its own load + cmpxchg alone: %.2fx; load + cmpxchg / plain add: %.2fx\n",
	       best[B_PERCPU] / best[B_CMPXCHG], best[B_CMPXCHG] / best[B_PLAIN]);
	printf("update/percpu through the harness / percpu add, bare loop: %.2fx\n",
	       best[H_PERCPU] / best[B_PERCPU]);
	for (int k = B_INIT_MANY; k <= M_RSEQ; k++)
		printf("%s / plain per-CPU add: %.2fx\n", vname[k], best[k] / best[B_PLAIN]);
	rss_topo_close(topo);
	return 0;
}
