/*
 * fuzz_one.c - one fuzz input through the results reader (fuzz_one.h), and
 * what it loaded through plot's export (plot_export.h): the path by which
 * `rssbench plot` reads a directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "fuzz_one.h"
#include "outdir.h"
#include "plot_export.h"
#include "resdir.h"

static const char *const files[] = { "meta.json", "cells.csv", "topology.xml", "summary.csv",
				     "errtrace.csv", "footprint.csv", "model.csv" };
#define NR_FILES	7
#define MARK		"--8<-- "

/* Where section @name's bytes start (after its mark line), NULL if none. */
static const uint8_t *section(const uint8_t *d, size_t n, const char *name, size_t *len)
{
	size_t ml = strlen(MARK), nl = strlen(name);

	for (size_t i = 0; i + ml + nl < n; i++) {
		const uint8_t *p = d + i, *end;

		if ((i && d[i - 1] != '\n') || memcmp(p, MARK, ml) || memcmp(p + ml, name, nl) ||
		    p[ml + nl] != '\n')
			continue;
		p += ml + nl + 1;
		/* Up to the next mark at a line start. */
		for (end = p; end < d + n; end++)
			if ((end == p || end[-1] == '\n') && (size_t)(d + n - end) >= ml &&
			    !memcmp(end, MARK, ml))
				break;
		*len = (size_t)(end - p);
		return p;
	}
	return NULL;
}

/*
 * plot's export of @d into @dir/plot: written or refused with one line of
 * printable text (anything else is a finding: abort).
 */
static void export(const struct rss_resdir *d, const char *dir)
{
	struct rss_plot_links l = { "../a b/report.md", "x/<y>/report.md" };
	char path[4200], err[1024] = "";
	int fd;

	snprintf(path, sizeof(path), "%s/plot", dir);
	if (mkdir(path, 0700) || (fd = open(path, O_RDONLY | O_DIRECTORY)) < 0)
		return;
	if (rss_plot_export(d, fd, err, sizeof(err)) ||
	    rss_plot_export_links(fd, &l, err, sizeof(err)))
		for (const char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
	close(fd);
	rss_outdir_remove(path);
}

static void exercise(struct rss_resdir *d)
{
	struct rss_cmp_opts o = { .threshold = 0.05, .alpha = 0.05, .min_reps = 5 };
	struct rss_cmp c;
	char why[256];

	/* model.csv too, as gate reads it, when meta.json says there is one. */
	(void)rss_resdir_load_model(d, why, sizeof(why));
	if (!rss_compare(&c, d, d, &o))
		rss_compare_free(&c);
	for (int r = 0; r < d->nr_rows; r++)
		for (int col = 0; col < d->nr_cols; col++) {
			double v;

			if (rss_resdir_num(d, r, col, &v))
				rss_resdir_why(d, r, col, why, sizeof(why));
		}
}

int rss_fuzz_one(const uint8_t *data, size_t size, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	struct rss_resdir *d;
	int ret = 0;

	snprintf(dir, sizeof(dir), "%s/rss-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "mkdtemp %s: %s", dir, strerror(errno));
		return -errno;
	}
	for (int i = 0; i < NR_FILES && !ret; i++) {
		size_t len;
		const uint8_t *s = section(data, size, files[i], &len);
		FILE *f;

		if (!s)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		f = fopen(path, "w");
		if (!f || fwrite(s, 1, len, f) != len || fclose(f)) {
			snprintf(err, errlen, "cannot write %s", path);
			ret = -EIO;
		}
	}
	if (!ret) {
		ret = rss_resdir_load(&d, dir, 0, err, errlen);
		if (!ret) {
			exercise(d);
			export(d, dir);
			rss_resdir_free(d);
		} else if (!rss_resdir_load(&d, dir, RSS_RESDIR_ALLOW_PARTIAL, path, sizeof(path))) {
			exercise(d);
			export(d, dir);
			rss_resdir_free(d);
		}
	}
	for (int i = 0; i < NR_FILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	return ret;
}
