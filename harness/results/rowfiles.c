/*
 * rowfiles.c - the files a run appends rows to as each cell ends (cells.csv,
 * workers.csv, errtrace.csv, and model.csv with --model).  A cell's rows are formatted in memory and
 * written and flushed whole, so an interrupted run keeps every finished row
 * and never half of one, and a write error (a full disk) is seen, and named
 * with its file, at the cell where it happens.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

static const char *const names[RSS_ROW_FILES] = { "cells.csv", "workers.csv", "errtrace.csv",
							       "model.csv" };

static int failed(struct rss_row_files *f, int i, int err, char *msg, size_t len)
{
	snprintf(msg, len, "cannot write %.400s: %s", f->path[i], strerror(err));
	return -err;
}

/* Writes @len bytes of @buf to file @i and flushes it. */
static int put(struct rss_row_files *f, int i, const char *buf, size_t len, char *err,
	       size_t errlen)
{
	errno = 0;
	if ((len && fwrite(buf, 1, len, f->file[i]) != len) || fflush(f->file[i]))
		return failed(f, i, errno ? errno : EIO, err, errlen);
	return 0;
}

int rss_row_files_open(struct rss_row_files *f, struct rss_results *res,
		       const struct rss_run_opts *o, const struct rss_pmu *pmu, char *err,
		       size_t errlen)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < RSS_ROW_FILES; i++) {
		if (i == 3 && !o->model)
			continue;
		rss_results_path(res, names[i], f->path[i], sizeof(f->path[i]));
		f->file[i] = fopen(f->path[i], "w");
		if (!f->file[i])
			return failed(f, i, errno, err, errlen);
	}
	rss_csv_cells_header(f->file[0], pmu);
	rss_csv_workers_header(f->file[1]);
	rss_csv_trace_header(f->file[2]);
	if (f->file[3])
		rss_csv_model_header(f->file[3]);
	for (int i = 0; i < RSS_ROW_FILES && f->file[i]; i++) {
		int ret = put(f, i, NULL, 0, err, errlen);

		if (ret)
			return ret;
	}
	return 0;
}

int rss_row_files_write(struct rss_row_files *f, const struct rss_run_opts *o,
			const struct rss_topo *topo, const struct rss_pmu *pmu,
			const struct rss_row *row, const int *cpus, char *err, size_t errlen)
{
	for (int i = 0; i < RSS_ROW_FILES && f->file[i]; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		int ret;

		if (!m)
			return failed(f, i, ENOMEM, err, errlen);
		if (i == 0)
			rss_csv_cells_row(m, o, topo, pmu, row);
		else if (i == 1)
			rss_csv_workers_rows(m, o, topo, row, cpus);
		else if (i == 2)
			rss_csv_trace_rows(m, o, row);
		else
			rss_csv_model_row(m, o, topo, row);
		ret = fclose(m) ? failed(f, i, ENOMEM, err, errlen) :
		      put(f, i, buf, len, err, errlen);
		free(buf);
		if (ret)
			return ret;
	}
	return 0;
}

int rss_row_files_close(struct rss_row_files *f, char *err, size_t errlen)
{
	int ret = 0;

	for (int i = 0; i < RSS_ROW_FILES; i++) {
		if (f->file[i] && fclose(f->file[i]) && !ret)
			ret = failed(f, i, errno ? errno : EIO, err, errlen);
		f->file[i] = NULL;
	}
	return ret;
}
