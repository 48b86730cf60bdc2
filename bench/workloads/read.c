/*
 * read.c - what one read of a counter costs at this topology while writers
 * run on the other CPUs: task 0 reads its mm's ANON counter once per
 * operation, get_mm_counter() (`read`) or get_mm_counter_sum() (`read-sum`,
 * whose cost grows with the CPU count for percpu), or what the rss_stat
 * tracepoint reads on one event (`rss-stat`: the scheme's read_trace, rss.h);
 * the other tasks are writers of the same mm (readers.h).  Only the
 * reader's operations count.
 *
 * rss-stat is the cost of one enabled tracepoint event, not the event rate:
 * since 6.2 (f1a7941243c1) every add_mm_counter() fires one
 * (mm_trace_rss_stat(), mm/memory.c) and TP_fast_assign sums every online
 * CPU (percpu_counter_sum_positive()); in 6.1 only the atomic path fired,
 * at each sync_mm_rss() and remote update, with the count the atomic add
 * returned.  doc/design.md, "The read workloads", has each scheme's read.
 */
#include "readers.h"

static int read_task_init(struct task *t, struct cpu *c, const struct rss_params *p)
{
	return rss_is_reader(t) ? 0 : rss_writer_init(t, c, p);
}

static void read_task_fini(struct task *t, struct cpu *c)
{
	if (!rss_is_reader(t))
		rss_writer_fini(t, c);
}

static void read_op(struct task *t, struct cpu *c)
{
	if (rss_is_reader(t))
		(void)c->ops->read(t->mm, RSS_ANONPAGES);
	else
		rss_writer_op(t, c);
}

static void read_sum_op(struct task *t, struct cpu *c)
{
	if (rss_is_reader(t))
		(void)c->ops->read_sum(t->mm, RSS_ANONPAGES);
	else
		rss_writer_op(t, c);
}

/* native's events are the running kernel's own, which tracefs would show. */
static int rss_stat_task_init(struct task *t, struct cpu *c, const struct rss_params *p)
{
	if (rss_is_reader(t) && (c->ops->flags & RSS_SCHEME_PROCESS_WIDE))
		rss_workload_note("rss-stat: the tracepoint of the running kernel is not read (tracefs kmem:rss_stat) - the reader times the precise read of native (/proc/self/status) in its place");
	return read_task_init(t, c, p);
}

static void rss_stat_op(struct task *t, struct cpu *c)
{
	if (rss_is_reader(t))
		(void)rss_trace_rss_stat(c, t->mm, RSS_ANONPAGES);
	else
		rss_writer_op(t, c);
}

const struct workload_ops rss_workload_read = {
	.name		= "read",
	.summary	= "task 0 reads its ANON counter (cheap get_mm_counter) while the others write",
	.unit		= "cheap read",
	.task_init	= read_task_init,
	.op		= read_op,
	.task_fini	= read_task_fini,
	.measured	= rss_reader_measured,
};

const struct workload_ops rss_workload_read_sum = {
	.name		= "read-sum",
	.summary	= "task 0 reads its ANON counter (precise get_mm_counter_sum) while the others write",
	.unit		= "precise read",
	.task_init	= read_task_init,
	.op		= read_sum_op,
	.task_fini	= read_task_fini,
	.measured	= rss_reader_measured,
};

const struct workload_ops rss_workload_rss_stat = {
	.name		= "rss-stat",
	.summary	= "task 0 reads its ANON counter as one rss_stat tracepoint event does (6.2+: every CPU) while the others write",
	.unit		= "rss_stat event",
	.task_init	= rss_stat_task_init,
	.op		= rss_stat_op,
	.task_fini	= read_task_fini,
	.measured	= rss_reader_measured,
};
