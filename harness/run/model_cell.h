/*
 * model_cell.h - `run --model coherence`: a cell run again on the model
 * build of bench/ (bench/model.h), its workers serialized, under the
 * coherence model of the cell's topology (coherence.h).  The figures are
 * modelled, not measured (doc/coherence.md).
 */
#ifndef RSS_MODEL_CELL_H
#define RSS_MODEL_CELL_H

#include <stddef.h>

#include "coherence.h"
#include "runner.h"

/* The one model --model takes. */
#define RSS_MODEL_COHERENCE	"coherence"

struct rss_model_result {
	int modelled;			/* 0: not modelled, @why says why */
	char why[128];			/* no commas or quotes */
	unsigned long long ops;		/* the model pass's operations */
	struct rss_coh_stats st;	/* over the window, measured tasks' ops */
	double seconds;			/* the model pass's wall time */
	unsigned long slice_ops;	/* the slice it scheduled with, in operations */
	int nr_tasks, nr_mms;		/* the tasks and mms the model pass ran */
};

/*
 * Opens the coherence model over @topo's CPUs (core, cache and node of
 * each, from hwloc); rss_coh_close() ends it.  0, -ENOMEM or -EINVAL.
 */
int rss_model_open(const struct rss_topo *topo);

/*
 * Runs @cfg's cell on the model build: the scheme and workload of the same
 * names, every hook in its CPU's context, the workers serialized (so
 * deterministic with events_per_task), a time slice counted in operations
 * at 1 us each (an ops slice as given), the accesses of the measured
 * tasks' operations and of switch_mm counted.  Setup (mm and task
 * creation) and the end of the cell move lines but are not counted.  A
 * scheme with nothing in userspace to model (native) gives modelled = 0.
 * 0, or -errno with a message (the cell could not run, or the model build
 * saw failed operations).
 */
int rss_model_cell_run(const struct rss_cell_config *cfg, struct rss_model_result *mr,
		       char *err, size_t errlen);

#endif /* RSS_MODEL_CELL_H */
