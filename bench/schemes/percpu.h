/*
 * percpu.h - the percpu scheme's mm and counter ops, for schemes that keep
 * its counters and change only how an mm is made and unmade (slab-cache).
 */
#ifndef RSS_PERCPU_H
#define RSS_PERCPU_H

#include <stddef.h>

#include "percpu_counter_core.h"
#include "rss.h"

struct percpu_mm {
	struct mm mm;
	struct percpu_counter rss_stat[RSS_NR_COUNTERS];
};

/* percpu_counter's batch for @m and the per-CPU allocator; its undoing. */
int rss_percpu_mm_setup(const struct machine *m);
void rss_percpu_mm_teardown(void);

/* An mm with its counters allocated (the allocator's mutex and all), and
 * its free; NULL on -ENOMEM. */
struct percpu_mm *rss_percpu_mm_alloc(void);
void rss_percpu_mm_free(struct percpu_mm *pmm);

/* The ops of rss_scheme_percpu, with the same contracts (rss.h). */
void rss_percpu_mm_add(struct mm *mm, int ctr, long v, struct task *cur,
		       struct cpu *cpu);
long rss_percpu_mm_read(struct mm *mm, int ctr);
long rss_percpu_mm_read_sum(struct mm *mm, int ctr);
/* percpu_counter_sum(), unclamped: what check_mm() sums. */
long rss_percpu_mm_sum(struct mm *mm, int ctr);
size_t rss_percpu_mm_footprint(const struct machine *m, int nr_tasks);
struct bound rss_percpu_mm_error_bound(const struct machine *m, int nr_tasks, long pages);

#endif /* RSS_PERCPU_H */
