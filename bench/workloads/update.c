/*
 * update.c - the counter alone, as perfbook's count programs time it: one
 * operation is the fault side's update without the fault, the scheme's
 * fault hook and add(ANON, +1); after --pages of them one add_vec(ANON, -n)
 * gives them back, as the fault workload's zap does.  The truth is kept as
 * for real faults, so the error checks are the same as every workload's.
 * The native scheme counts only what the kernel sees, so there each
 * operation is the fault workload's real fault (readers.h).
 */
#include "readers.h"

const struct workload_ops rss_workload_update = {
	.name		= "update",
	.summary	= "fault hook + add(ANON, +1) without the fault; a zap every --pages (perfbook count)",
	.unit		= "counter update",
	.task_init	= rss_writer_init,
	.op		= rss_writer_op,
	.task_fini	= rss_writer_fini,
	.op_batch	= rss_writer_op_batch,
};
