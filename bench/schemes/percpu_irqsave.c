/*
 * percpu_irqsave.c - percpu_counter of v6.3-v6.5: Manfred Spraul's overflow
 * fix put the whole of percpu_counter_add_batch() under local_irq_save() (an
 * interrupt between the read and this_cpu_add() could push the slot past
 * the batch), "lib/percpu_counter: percpu_counter_add_batch()
 * overflow/underflow" <20221216150441.200533-1-manfred@colorfullife.com>,
 * merged for v6.3-rc1 (mm-nonmm-stable-2023-02-20); the counters are still
 * allocated one by one, four per mm, until v6.6 (percpu-init-many).
 * check_mm() sums the online CPUs again (7ba85fba47bd, v6.3).  User mode
 * cannot disable interrupts: rss_irq_save() models the cost (arch.h,
 * doc/schemes/percpu-irqsave.md).
 */
#include "percpu_era_core.h"

RSS_PERCPU_ERA_SCHEME(percpu_irqsave, RSS_ERA_IRQ, 0, 0,
	"percpu-irqsave",
	"percpu_counter of v6.3-v6.5: fast path under local_irq_save, 4 per-CPU allocations per mm",
	"<20221216150441.200533-1-manfred@colorfullife.com> (v6.3-rc1) on f1a7941243c1");
