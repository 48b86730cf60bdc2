/*
 * cli_dirs.c - the staging directories of the commands that run `run`
 * several times (a scenario, ab): the one results directory a run left in
 * one, and removing one whole.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli.h"

int rss_find_result(const char *dir, char *out, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = -ENOENT;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			ret = snprintf(out, len, "%s/%s", dir, e->d_name) < (int)len ? 0 : -ENAMETOOLONG;
	closedir(d);
	return ret;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void rss_rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
