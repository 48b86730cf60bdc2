/*
 * percpu_preempt.c - percpu_counter as v6.2 had it (and only v6.2): the fast
 * path under preempt_disable() with this_cpu_add(), one alloc_percpu(s32)
 * and one hotplug-list insertion per counter, four per mm, and check_mm()
 * summing the online CPUs, then every possible CPU for a non-zero counter.
 * f1a7941243c1 "mm: convert mm's rss stats into percpu_counter"
 * <20221024052841.3291983-1-shakeelb@google.com> and
 * f689054aace2 "percpu_counter: add percpu_counter_sum_all interface" (both
 * v6.2); v6.3 changed the fast path (percpu-irqsave) and check_mm
 * (7ba85fba47bd).  The first kernel of the fork and `make test` regression
 * reports.
 */
#include "percpu_era_core.h"

RSS_PERCPU_ERA_SCHEME(percpu_preempt, RSS_ERA_PREEMPT, 0, 1,
	"percpu-preempt",
	"percpu_counter of v6.2: preempt_disable + this_cpu_add, 4 per-CPU allocations per mm",
	"f1a7941243c1 <20221024052841.3291983-1-shakeelb@google.com>, f689054aace2 (v6.2)");
