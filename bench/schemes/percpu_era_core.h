/*
 * percpu_era_core.h - percpu_counter as the RSS counters had it before
 * v6.11, shared by the era schemes (percpu-preempt of v6.2, percpu-irqsave
 * of v6.3-v6.5, percpu-init-many of v6.6-v6.10; RSS_PERCPU_ERA_SCHEME
 * below makes each); the v6.11+ form is the percpu scheme itself.  The eras differ in the fast path of
 * percpu_counter_add_batch() and in how an mm allocates its counters:
 *
 *   era   fast path                                  allocation   check_mm sums
 *   6.2   preempt_disable() + this_cpu_add()         4 per mm     online, then possible
 *                                                                if not 0
 *   6.3   local_irq_save() + this_cpu_add()          4 per mm     online CPUs
 *   6.6   local_irq_save() + this_cpu_add()          1 per mm     online CPUs
 *   6.11  this_cpu_try_cmpxchg() (no LOCK)           1 per mm     online CPUs
 */
#ifndef RSS_PERCPU_ERA_CORE_H
#define RSS_PERCPU_ERA_CORE_H

#include "percpu.h"

enum rss_era_fast_path {
	RSS_ERA_PREEMPT,	/* f1a7941243c1 (v6.2) */
	RSS_ERA_IRQ,		/* Manfred Spraul's overflow fix (v6.3) */
};

/* What one era does; a scheme file fills one and the ops below read it. */
struct rss_percpu_era {
	enum rss_era_fast_path fast_path;
	int grouped;		/* percpu_counter_init_many(): one allocation per mm */
	int sum_all;		/* check_mm re-sums a non-zero counter with
				 * percpu_counter_sum_all() (possible CPUs) */
};

/*
 * Run-wide state (rss_percpu_mm_setup(), and for the 6.2 fast path each
 * CPU's preempt_count in the per-CPU area) with the era the ops follow
 * until teardown.  0 or -ENOMEM.
 */
int rss_percpu_era_setup(const struct rss_percpu_era *era, const struct machine *m);
void rss_percpu_era_teardown(void);

/* mm_init() / __mmdrop() of the era: the counters' allocation, check_mm and
 * free; the scheme ops' contracts (rss.h). */
struct mm *rss_percpu_era_mm_create(struct cpu *cpu);
int rss_percpu_era_mm_destroy(struct mm *mm, struct cpu *cpu);

/* add_mm_counter() -> percpu_counter_add_batch() as the era had it. */
void rss_percpu_era_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *cpu);

/* The 6.2 fast path's preempt_count of @cpu (tests): PREEMPT_NEED_RESCHED
 * folded in as x86 keeps it, so 0x80000000 when preemption is enabled. */
unsigned int rss_percpu_era_preempt_count(int cpu);

/*
 * Defines the era scheme rss_scheme_@id: its era (@fast_path, @grouped,
 * @sum_all as in struct rss_percpu_era), a setup binding it, and the ops
 * every era shares (the reads, footprint and bound are percpu's), with
 * @name, @summary and @origin as struct scheme_ops has them (rss.h).
 */
#define RSS_PERCPU_ERA_SCHEME(id, fast_path_, grouped_, sum_all_, name_, summary_, origin_) \
static const struct rss_percpu_era id##_era = {					\
	.fast_path = (fast_path_), .grouped = (grouped_), .sum_all = (sum_all_),	\
};										\
										\
static int id##_setup(const struct machine *m)					\
{										\
	return rss_percpu_era_setup(&id##_era, m);				\
}										\
										\
const struct scheme_ops rss_scheme_##id = {					\
	.name		= (name_),						\
	.summary	= (summary_),						\
	.origin		= (origin_),						\
	.setup		= id##_setup,						\
	.teardown	= rss_percpu_era_teardown,				\
	.mm_create	= rss_percpu_era_mm_create,				\
	.mm_destroy	= rss_percpu_era_mm_destroy,				\
	.add		= rss_percpu_era_add,					\
	.read		= rss_percpu_mm_read,					\
	.read_sum	= rss_percpu_mm_read_sum,				\
	.footprint	= rss_percpu_mm_footprint,				\
	.error_bound	= rss_percpu_mm_error_bound,				\
}

#endif /* RSS_PERCPU_ERA_CORE_H */
