/*
 * rowfiles.c - the files a run appends rows to as each cell ends (cells.csv,
 * workers.csv, errtrace.csv, and model.csv with --model).  They are made
 * with their headers before the first cell; a cell's rows are formatted in
 * memory and written whole as the cell ends, so an interrupted or killed
 * run keeps every finished row and never half of one; they are synced at
 * most a second apart (an fdatasync per file and cell cost 6-25 ms a cell
 * here), so a machine that goes down loses at most that second's rows.  A
 * write that fails (a full disk, the file size limit) is cut back to the
 * last whole row and named, with its file and errno, at the cell where it
 * happens.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "results.h"

static const char *const names[RSS_ROW_FILES] = { "cells.csv", "workers.csv", "errtrace.csv",
							       "model.csv" };

static int failed(struct rss_row_files *f, int i, int err, char *msg, size_t len)
{
	snprintf(msg, len, "cannot write %.400s: %s", f->path[i], strerror(err));
	return -err;
}

/* File @i cut back to @at bytes, its last whole row (it cannot fail on a
 * regular file this process wrote; if it did, a reader names the half row). */
static void cut(struct rss_row_files *f, int i, off_t at)
{
	if (!ftruncate(f->fd[i], at))
		lseek(f->fd[i], at, SEEK_SET);
	f->good[i] = at;
}

/*
 * Appends @len bytes of @buf to file @i; on failure the file is cut back to
 * its last whole row, so what is on disk stays readable.
 */
static int put(struct rss_row_files *f, int i, const char *buf, size_t len, char *err,
	       size_t errlen)
{
	size_t left = len;
	int ret = 0;

	while (left && !ret) {
		ssize_t n = write(f->fd[i], buf + (len - left), left);

		if (n > 0)
			left -= (size_t)n;
		else if (n < 0 && errno != EINTR)
			ret = errno;
	}
	if (ret) {
		cut(f, i, f->good[i]);
		return failed(f, i, ret, err, errlen);
	}
	f->good[i] += (off_t)len;
	return 0;
}

/* One header or one cell's rows of file @i, formatted by @fill in memory, appended. */
static int append(struct rss_row_files *f, int i, const struct rss_run_opts *o,
		  const struct rss_topo *topo, const struct rss_pmu *pmu,
		  const struct rss_row *row, const int *cpus, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int ret;

	if (!m)
		return failed(f, i, ENOMEM, err, errlen);
	if (!row && i == 0)
		rss_csv_cells_header(m, pmu);
	else if (!row && i == 1)
		rss_csv_workers_header(m);
	else if (!row && i == 2)
		rss_csv_trace_header(m);
	else if (!row)
		rss_csv_model_header(m);
	else if (i == 0)
		rss_csv_cells_row(m, o, topo, pmu, row);
	else if (i == 1)
		rss_csv_workers_rows(m, o, topo, row, cpus);
	else if (i == 2)
		rss_csv_trace_rows(m, o, row);
	else
		rss_csv_model_row(m, o, topo, row);
	ret = fclose(m) ? failed(f, i, ENOMEM, err, errlen) : put(f, i, buf, len, err, errlen);
	free(buf);
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every file synced (fdatasync), cells.csv last; 0 or -errno + @err. */
static int sync_all(struct rss_row_files *f, char *err, size_t errlen)
{
	static const int order[RSS_ROW_FILES] = { 1, 2, 3, 0 };

	for (int k = 0; k < RSS_ROW_FILES; k++) {
		int i = order[k];

		if (f->fd[i] >= 0 && fdatasync(f->fd[i]) && errno != EINVAL)
			return failed(f, i, errno, err, errlen);
	}
	f->synced = now_s();
	return 0;
}

int rss_row_files_open(struct rss_row_files *f, struct rss_results *res,
		       const struct rss_run_opts *o, const struct rss_pmu *pmu, char *err,
		       size_t errlen)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < RSS_ROW_FILES; i++)
		f->fd[i] = -1;
	for (int i = 0; i < RSS_ROW_FILES; i++) {
		int ret;

		if (i == 3 && !o->model)
			continue;
		rss_results_path(res, names[i], f->path[i], sizeof(f->path[i]));
		f->fd[i] = open(f->path[i], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				0666);
		if (f->fd[i] < 0)
			return failed(f, i, errno, err, errlen);
		if ((ret = append(f, i, o, NULL, pmu, NULL, NULL, err, errlen)))
			return ret;
	}
	return sync_all(f, err, errlen);
}

int rss_row_files_write(struct rss_row_files *f, const struct rss_run_opts *o,
			const struct rss_topo *topo, const struct rss_pmu *pmu,
			const struct rss_row *row, const int *cpus, char *err, size_t errlen)
{
	/* cells.csv last: a row there always has its rows in the others, even
	 * when the run is killed between two files. */
	static const int order[RSS_ROW_FILES] = { 1, 2, 3, 0 };
	off_t before[RSS_ROW_FILES];

	memcpy(before, f->good, sizeof(before));
	for (int k = 0; k < RSS_ROW_FILES; k++) {
		int i = order[k], ret;

		if (f->fd[i] < 0)
			continue;
		if (!(ret = append(f, i, o, topo, pmu, row, cpus, err, errlen)))
			continue;
		/* The cell's rows in the files before this one go too. */
		for (int j = 0; j < k; j++)
			if (f->fd[order[j]] >= 0)
				cut(f, order[j], before[order[j]]);
		return ret;
	}
	return now_s() - f->synced >= 1 ? sync_all(f, err, errlen) : 0;
}

int rss_row_files_close(struct rss_row_files *f, char *err, size_t errlen)
{
	int ret = sync_all(f, err, errlen);

	for (int i = 0; i < RSS_ROW_FILES; i++) {
		if (f->fd[i] >= 0 && close(f->fd[i]) && !ret)
			ret = failed(f, i, errno, err, errlen);
		f->fd[i] = -1;
	}
	return ret;
}
