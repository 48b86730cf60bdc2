/*
 * percpu_init_many.c - percpu_counter of v6.6-v6.10: the fast path still
 * under local_irq_save() (percpu-irqsave), the four counters of an mm
 * allocated and listed as one group by percpu_counter_init_many():
 * c439d5e8a0de "pcpcntr: add group allocation/free" and 14ef95be6f55
 * "kernel/fork: group allocation/free of per-cpu counters for mm struct"
 * <20230823050609.2228718-3-mjguzik@gmail.com>, percpu-for-6.6.  v6.11
 * replaced the fast path with this_cpu_try_cmpxchg() (the percpu scheme).
 */
#include "percpu_era_core.h"

RSS_PERCPU_ERA_SCHEME(percpu_init_many, RSS_ERA_IRQ, 1, 0,
	"percpu-init-many",
	"percpu_counter of v6.6-v6.10: fast path under local_irq_save, one grouped allocation per mm",
	"14ef95be6f55, c439d5e8a0de <20230823050609.2228718-3-mjguzik@gmail.com> (v6.6)");
