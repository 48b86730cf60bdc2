/*
 * outdir.c - writing into a received directory by descriptor (outdir.h):
 * fstatat/mkdirat/openat with AT_SYMLINK_NOFOLLOW and O_NOFOLLOW, a fresh
 * O_EXCL temporary per file, renameat into place.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "outdir.h"

int rss_outdir_check(int dirfd, const char *name, int dir, const char *shown, char *err,
		     size_t errlen)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return 0;
	if (dir && !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s/%s is %s, not a directory: plot never writes through it; remove it and plot again",
			 shown, name, S_ISLNK(st.st_mode) ? "a symbolic link" : "a file");
		return -EINVAL;
	}
	if (!dir && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s/%s is a directory; remove it and plot again", shown, name);
		return -EINVAL;
	}
	return 0;
}

int rss_outdir_sub(int dirfd, const char *name, const char *shown, char *err, size_t errlen)
{
	int fd, ret;

	if (mkdirat(dirfd, name, 0777) && errno != EEXIST) {
		ret = -errno;
		snprintf(err, errlen, "cannot create %s/%s: %s", shown, name, strerror(-ret));
		return ret;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot open %s/%s (%s): plot never writes through a link; remove it and plot again",
			 shown, name, strerror(-ret));
		return ret;
	}
	return fd;
}

/* Creates a fresh ".NAME.XXXXXX" in @dirfd: its descriptor, the name in @tmp. */
static int fresh(int dirfd, const char *name, char *tmp, size_t len)
{
	static unsigned int seq;

	for (int tries = 0; tries < 100; tries++) {
		int fd;

		snprintf(tmp, len, ".%s.%06x", name,
			 (unsigned int)(getpid() * 2654435761u + seq++ * 40503u) & 0xffffff);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

static int copy_one(int dirfd, int srcfd, const char *name, const char *shown, char *err,
		    size_t errlen)
{
	char tmp[300], buf[65536];
	int in = openat(srcfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), out, ret = 0;
	ssize_t n;

	if (in < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot read the plot file %s: %s", name, strerror(-ret));
		return ret;
	}
	out = fresh(dirfd, name, tmp, sizeof(tmp));
	if (out < 0) {
		close(in);
		snprintf(err, errlen, "cannot create a file in %s: %s", shown, strerror(-out));
		return out;
	}
	while (!ret && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		for (ssize_t w, off = 0; !ret && n > 0 && off < n; off += w)
			if ((w = write(out, buf + off, (size_t)(n - off))) < 0)
				ret = -errno;
		if (n < 0)
			ret = -errno;
	}
	close(in);
	if (close(out) && !ret)
		ret = -errno;
	if (!ret && renameat(dirfd, tmp, dirfd, name))
		ret = -errno;
	if (ret) {
		unlinkat(dirfd, tmp, 0);
		snprintf(err, errlen, "cannot write %s/%s: %s", shown, name, strerror(-ret));
	}
	return ret;
}

/* Our own output names: [a-z0-9] then [a-z0-9._:+-] (names of escape.h's grammar with a prefix and suffix). */
static int our_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("._:+-", *s)))
			return 0;
	return 1;
}

/*
 * A listing of the open directory @fd from its start (a dup: @fd stays
 * open; the two share the offset, hence the rewind); NULL with -errno in
 * *@ret and, with @err, one line.
 */
static DIR *listing(int fd, int *ret, char *err, size_t errlen)
{
	int dfd = dup(fd);
	DIR *dir = dfd < 0 ? NULL : fdopendir(dfd);

	if (!dir) {
		*ret = -errno;
		if (dfd >= 0)
			close(dfd);
		if (err)
			snprintf(err, errlen, "cannot list the plot files: %s", strerror(-*ret));
		return NULL;
	}
	rewinddir(dir);
	return dir;
}

int rss_outdir_install_check(int dirfd, int srcfd, const char *only, const char *shown,
			     char *err, size_t errlen)
{
	int ret = 0;
	DIR *dir = listing(srcfd, &ret, err, errlen);
	struct dirent *e;

	if (!dir)
		return ret;
	while (!ret && (e = readdir(dir))) {
		struct stat st;

		if (fstatat(srcfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode) ||
		    !our_name(e->d_name) || (only && strcmp(e->d_name, only)))
			continue;
		if (!fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) && S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s/%s is a directory; remove it and plot again", shown,
				 e->d_name);
			ret = -EISDIR;
		}
	}
	closedir(dir);
	return ret;
}

int rss_outdir_install(int dirfd, int srcfd, const char *only, const char *shown, char *err,
		       size_t errlen)
{
	int ret = 0;
	DIR *dir = listing(srcfd, &ret, err, errlen);
	struct dirent *e;

	if (!dir)
		return ret;
	while (!ret && (e = readdir(dir))) {
		struct stat st;
		size_t n = strlen(e->d_name);

		if (fstatat(srcfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode) ||
		    !our_name(e->d_name) || (only && strcmp(e->d_name, only)))
			continue;
		ret = copy_one(dirfd, srcfd, e->d_name, shown, err, errlen);
		if (!ret && n > 3 && n < 250 && !strcmp(e->d_name + n - 3, ".gp")) {
			char log[256];

			snprintf(log, sizeof(log), "%.*s.log", (int)(n - 3), e->d_name);
			if (fstatat(srcfd, log, &st, AT_SYMLINK_NOFOLLOW))
				unlinkat(dirfd, log, 0);	/* a link goes, its target stays */
		}
	}
	closedir(dir);
	return ret;
}

/* Whether @s is a plot's file: one of our names ending .gp, .png, .svg or .log. */
static int plot_file(const char *s)
{
	static const char *const ext[] = { ".gp", ".png", ".svg", ".log" };
	size_t n = strlen(s);

	if (!our_name(s))
		return 0;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t e = strlen(ext[i]);

		if (n > e && !strcmp(s + n - e, ext[i]))
			return 1;
	}
	return 0;
}

void rss_outdir_prune(int dirfd, int srcfd)
{
	int ret = 0;
	DIR *dir = listing(dirfd, &ret, NULL, 0);
	struct dirent *e;

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		struct stat st;

		if (!plot_file(e->d_name) || fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    S_ISDIR(st.st_mode))
			continue;
		if (fstatat(srcfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			unlinkat(dirfd, e->d_name, 0);	/* a link goes, its target stays */
	}
	closedir(dir);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path), 0;
}

void rss_outdir_remove(const char *path)
{
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
