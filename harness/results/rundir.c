/*
 * rundir.c - the results directory one run writes.  It is made at the start
 * under the name it keeps if the run ends early, <host>-<stamp>-partial, and
 * holds from then on what a reader needs to open it with --allow-partial
 * (meta.json "complete": false, topology.xml, the CSV headers), so a run
 * killed outright (SIGKILL, a crash) still leaves a directory that says it is
 * partial.  Renamed <host>-<stamp> only once every file is written; removed
 * whole only when no row finished.  Whole files are written under a hidden
 * temporary name, synced and renamed, so a full disk never leaves half of one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
	char tmp[PATH_MAX];	/* where it is written: PARENT/NAME-partial */
	char name[128];		/* NAME: host-stamp, -N when taken */
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
	/* The longest path written: DIR/NAME-99-partial/.errtrace.csv.tmp. */
	size_t full = strlen(parent) + 1 + strlen(name) + strlen("-99-partial/.errtrace.csv.tmp");
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
	char stamp[32], why[128], base[128], done[PATH_MAX + 16];

	if (!res)
		return -ENOMEM;
	gethostname(res->host, sizeof(res->host) - 1);
	for (char *p = res->host; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(base, sizeof(base), "%s-%s", res->host, stamp);
	if (too_long(parent, base, why, sizeof(why))) {
		snprintf(err, errlen, "--output \"%.60s...\" is too long for this system: %s; give a shorter path",
			 parent, why);
		free(res);
		return -ENAMETOOLONG;
	}
	snprintf(res->parent, sizeof(res->parent), "%s", parent);
	if (make_dirs(parent))
		goto fail;
	/* Two runs in one second: a suffix keeps both; mkdir is the lock. */
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(res->name, sizeof(res->name), "%s", base);
		else
			snprintf(res->name, sizeof(res->name), "%s-%d", base, i);
		snprintf(done, sizeof(done), "%s/%s", parent, res->name);
		snprintf(res->tmp, sizeof(res->tmp), "%s/%s-partial", parent, res->name);
		if (!access(done, F_OK))
			continue;
		if (!mkdir(res->tmp, 0777)) {
			*out = res;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
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

const char *rss_results_dir(const struct rss_results *res)
{
	return res->tmp;
}

/* Syncs @path (a file or a directory); 0 or -errno. */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) && errno != EINVAL)
		ret = -errno;
	close(fd);
	return ret;
}

int rss_results_install(struct rss_results *res, const char *tmp, const char *name)
{
	char from[PATH_MAX + 64], to[PATH_MAX + 64];
	int ret;

	rss_results_path(res, tmp, from, sizeof(from));
	rss_results_path(res, name, to, sizeof(to));
	ret = sync_path(from);
	if (!ret && rename(from, to))
		ret = -errno;
	if (ret)
		unlink(from);
	return ret;
}

int rss_results_write(struct rss_results *res, const char *name, const char *buf, size_t len)
{
	char tmp[128], path[PATH_MAX + 192];
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	rss_results_path(res, tmp, path, sizeof(path));
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	while (len && !ret) {
		ssize_t n = write(fd, buf, len);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno != EINTR) {
			ret = -errno;
		}
	}
	if (close(fd) && !ret)
		ret = -errno;
	if (ret) {
		unlink(path);
		return ret;
	}
	return rss_results_install(res, tmp, name);
}

const char *rss_results_host(const struct rss_results *res)
{
	return res->host;
}

int rss_results_commit(struct rss_results *res, int partial, char *final, size_t len)
{
	int ret = 0;

	if (partial) {
		snprintf(final, len, "%s", res->tmp);
		goto out;
	}
	/* A name another run took since: the next suffix, never over it. */
	for (int i = 1; i < 100; i++) {
		if (i == 1)
			snprintf(final, len, "%s/%s", res->parent, res->name);
		else
			snprintf(final, len, "%s/%s-%d", res->parent, res->name, i);
		if (!renameat2(AT_FDCWD, res->tmp, AT_FDCWD, final, RENAME_NOREPLACE))
			goto out;
		/* A file system without RENAME_NOREPLACE: look, then rename. */
		if (errno == EINVAL && access(final, F_OK) && !rename(res->tmp, final))
			goto out;
		if (errno != EEXIST && errno != EINVAL)
			break;
	}
	ret = -errno;
	snprintf(final, len, "%s", res->tmp);
out:
	sync_path(res->parent);
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
