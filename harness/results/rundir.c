/*
 * rundir.c - the results directory one run writes: made under a hidden
 * .incomplete-NAME-XXXXXX, renamed to HOST-STAMP (or HOST-STAMP-partial)
 * when the run ends, removed whole when nothing is worth keeping, so no
 * half-written directory is ever left under its final name.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "results.h"

struct rss_results {
	char parent[PATH_MAX];
	char tmp[PATH_MAX];
	char name[128];
	char host[64];
};

/* mkdir -p @path, each directory with the umask's mode.  0 or -1 (errno). */
static int make_dirs(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0777) && errno != EEXIST ? -1 : 0;
}

/* A path whose whole or one component the system cannot take, or NULL. */
static const char *too_long(const char *parent, const char *name, char *why, size_t len)
{
	/* The longest path written: DIR/.incomplete-NAME-XXXXXX/errtrace.csv,
	 * and its final name DIR/NAME-99-partial. */
	size_t full = strlen(parent) + strlen("/.incomplete-") + strlen(name) +
		      strlen("-XXXXXX/errtrace.csv");
	long name_max = pathconf(".", _PC_NAME_MAX);
	const char *p = parent;

	if (full >= PATH_MAX) {
		snprintf(why, len, "its paths would be %zu bytes long, the system takes %d", full,
			 PATH_MAX - 1);
		return why;
	}
	if (name_max <= 0)
		name_max = NAME_MAX;
	while (*p) {
		size_t n = strcspn(p, "/");

		if ((long)n > name_max) {
			snprintf(why, len, "a name in it is %zu bytes long, the system takes %ld", n,
				 name_max);
			return why;
		}
		p += n;
		p += strspn(p, "/");
	}
	return NULL;
}

int rss_results_open(struct rss_results **out, const char *parent, char *err,
		     size_t errlen)
{
	struct rss_results *res = calloc(1, sizeof(*res));
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32], why[128];
	mode_t mask;

	if (!res)
		return -ENOMEM;
	gethostname(res->host, sizeof(res->host) - 1);
	for (char *p = res->host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(res->name, sizeof(res->name), "%s-%s", res->host, stamp);
	if (too_long(parent, res->name, why, sizeof(why))) {
		snprintf(err, errlen, "--output \"%.60s...\" is too long for this system: %s; give a shorter path",
			 parent, why);
		free(res);
		return -ENAMETOOLONG;
	}
	snprintf(res->parent, sizeof(res->parent), "%s", parent);
	if (make_dirs(parent))
		goto fail;
	snprintf(res->tmp, sizeof(res->tmp), "%s/.incomplete-%s-XXXXXX", parent, res->name);
	if (!mkdtemp(res->tmp))
		goto fail;
	/* mkdtemp makes it 0700; a results directory is as readable as any
	 * other the user makes. */
	mask = umask(0);
	umask(mask);
	chmod(res->tmp, 0777 & ~mask);
	*out = res;
	return 0;
fail:
	snprintf(err, errlen, "cannot write results directory in \"%s\": %s; pass --output DIR naming a writable directory",
		 parent, strerror(errno));
	free(res);
	return -EACCES;
}

void rss_results_path(const struct rss_results *res, const char *name, char *buf,
		      size_t len)
{
	snprintf(buf, len, "%s/%s", res->tmp, name);
}

FILE *rss_results_fopen(struct rss_results *res, const char *name)
{
	char path[PATH_MAX + 64];

	rss_results_path(res, name, path, sizeof(path));
	return fopen(path, "w");
}

const char *rss_results_name(const struct rss_results *res)
{
	return res->name;
}

const char *rss_results_host(const struct rss_results *res)
{
	return res->host;
}

int rss_results_commit(struct rss_results *res, int partial, char *final, size_t len)
{
	const char *tail = partial ? "-partial" : "";
	int ret = 0;

	/* Two runs in one second: a suffix keeps both. */
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(final, len, "%s/%s%s", res->parent, res->name, tail);
		else
			snprintf(final, len, "%s/%s-%d%s", res->parent, res->name, i, tail);
		if (access(final, F_OK) && !rename(res->tmp, final))
			goto out;
	}
	ret = -errno;
out:
	free(res);
	return ret;
}

void rss_results_abort(struct rss_results *res)
{
	DIR *d = opendir(res->tmp);
	struct dirent *e;
	char path[PATH_MAX + 300];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", res->tmp, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(res->tmp);
	free(res);
}
