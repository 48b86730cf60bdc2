/* model.c - compiled into the model build only: its one export (model.h). */
#include "model.h"
#include "rss.h"

__attribute__((visibility("default")))
const struct rss_model_bench rss_model_bench = {
	.schemes	= rss_schemes,
	.workloads	= rss_workloads,
	.op_failures	= rss_op_failures,
};
