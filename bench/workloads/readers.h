/*
 * readers.h - what the read workloads (read.c, oom_scan.c) share: task 0 is
 * the reader, the only task whose operations are timed; every other task is
 * a writer that keeps the scheme's per-CPU state moving under it.
 */
#ifndef RSS_READERS_H
#define RSS_READERS_H

#include "rss.h"

/* workload_ops.measured: the reader only. */
int rss_reader_measured(const struct task *t);

static inline int rss_is_reader(const struct task *t)
{
	return t->id == 0;
}

/*
 * A writer's operation is one fault without the page: the scheme's hook and
 * add(ANON, +1); after --pages of them one add(ANON, -n) gives them back (a
 * zap).  The truth is kept as for real faults, so the harness's checks stay
 * exact.  The task_init, op and task_fini of a writer task.
 */
int rss_writer_init(struct task *t, struct cpu *c, const struct rss_params *p);
void rss_writer_op(struct task *t, struct cpu *c);
void rss_writer_fini(struct task *t, struct cpu *c);
/* @n writer operations back to back (workload_ops.op_batch). */
void rss_writer_op_batch(struct task *t, struct cpu *c, unsigned long n);

#endif /* RSS_READERS_H */
