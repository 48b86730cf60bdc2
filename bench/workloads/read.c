/*
 * read.c - what one read of a counter costs at this topology while writers
 * run on the other CPUs: task 0 reads its mm's ANON counter once per
 * operation, get_mm_counter() (`read`) or get_mm_counter_sum() (`read-sum`,
 * whose cost grows with the CPU count for percpu); the other tasks are
 * writers of the same mm (readers.h).  Only the reader's operations count.
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
