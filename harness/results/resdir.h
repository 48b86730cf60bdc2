/*
 * resdir.h - reading a results directory back (doc/results-format.md,
 * "Reading a results directory"): meta.json's format version and machine,
 * topology.xml's levels, and cells.csv as a table found by header names.
 */
#ifndef RSS_RESDIR_H
#define RSS_RESDIR_H

#include <stddef.h>

#include "topo.h"

struct rss_resdir {
	char *path;
	char *host, *cpu_model, *topo_kind;	/* "" when meta.json lacks them */
	char *params;		/* the matrix's workload parameters, "" without a matrix */
	struct rss_topo_levels levels;
	int nr_cols;
	char **cols;		/* cells.csv's header names */
	int nr_rows;
	char ***rows;		/* rows[r][c], every row nr_cols values */
	char *buf;		/* cells.csv, split in place */
};

/*
 * Loads the directory @path: meta.json (format_version must be 1),
 * topology.xml and cells.csv, whose key columns and rep must be there and
 * whose known numeric columns must hold numbers or "unavailable (...)".
 * 0, or -EINVAL with a one-line message naming file[:line] and the fix.
 */
int rss_resdir_load(struct rss_resdir **out, const char *path, char *err, size_t errlen);
void rss_resdir_free(struct rss_resdir *d);
/* The column named @name, or -1. */
int rss_resdir_col(const struct rss_resdir *d, const char *name);
/* Row @row's value in column @col, "" for col < 0. */
const char *rss_resdir_val(const struct rss_resdir *d, int row, int col);
/* 0 and the number in @v, or -ENODATA for "unavailable" or a missing column. */
int rss_resdir_num(const struct rss_resdir *d, int row, int col, double *v);
/* Non-zero when @name is a column the reader checks as numeric. */
int rss_resdir_numeric(const char *name);

#endif /* RSS_RESDIR_H */
