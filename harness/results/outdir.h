/*
 * outdir.h - creating files inside a directory somebody else gave us (a
 * received results directory): always relative to its descriptor, never
 * through a symbolic link, under a fresh temporary name renamed into place,
 * and never at a path built from the data.
 */
#ifndef RSS_OUTDIR_H
#define RSS_OUTDIR_H

#include <stddef.h>

/*
 * Whether @name in @dirfd may be written as a directory (@dir) or a file:
 * 0 when it is absent or a real directory (@dir) / not a directory (a file,
 * or a link that renaming over it replaces); -EINVAL with one line naming
 * @shown/@name and the fix when it is a link or another kind (@dir), or a
 * directory (a file).  @shown is the directory's escaped name.
 */
int rss_outdir_check(int dirfd, const char *name, int dir, const char *shown, char *err,
		     size_t errlen);

/*
 * The subdirectory @name of @dirfd, made when absent, opened O_DIRECTORY |
 * O_NOFOLLOW: a descriptor, or -errno with one line in @err (a link there
 * is refused, never followed).
 */
int rss_outdir_sub(int dirfd, const char *name, const char *shown, char *err, size_t errlen);

/*
 * Copies every regular file of the directory @srcfd (ours), or only the one
 * named @only when not NULL, into @dirfd under the same name: each written to a fresh name (".NAME.XXXXXX", O_CREAT |
 * O_EXCL | O_NOFOLLOW) and renamed over NAME (renaming replaces a link, it
 * never writes through one).  Names must be [a-z0-9] then [a-z0-9._:+-];
 * subdirectories are skipped.  For each NAME.gp copied without a NAME.log
 * beside it, a NAME.log left in @dirfd by an earlier failed drawing is
 * removed.  0, or -errno with one line in @err naming @shown/NAME.  The
 * caller runs rss_outdir_install_check on every destination first, so that
 * a refusal (a name that is a directory there) writes nothing anywhere.
 */
int rss_outdir_install(int dirfd, int srcfd, const char *only, const char *shown, char *err,
		       size_t errlen);
/*
 * What rss_outdir_install(@dirfd, @srcfd, @only) checks before it writes
 * anything: no name it would copy is a directory in @dirfd.  0, or -EISDIR
 * (-errno) with one line naming @shown/NAME and the fix.
 */
int rss_outdir_install_check(int dirfd, int srcfd, const char *only, const char *shown,
			     char *err, size_t errlen);

/*
 * After rss_outdir_install of a plots/ directory: removes from @dirfd each
 * plot file (NAME.gp, .png, .svg, .log; links as links, never their
 * targets) that the new drawing in @srcfd did not write, so that no image
 * stays beside the report but the one its script drew now: not a plot the
 * facets no longer split (an error-WORKLOAD), not an image of the same name
 * drawn with other options when this drawing drew none (GNUPLOT=no, or
 * gnuplot failed on it).  Other files and subdirectories stay.  Best
 * effort: nothing to report.
 */
void rss_outdir_prune(int dirfd, int srcfd);

/* Removes the directory @path that we made, and all in it (links as links). */
void rss_outdir_remove(const char *path);

#endif /* RSS_OUTDIR_H */
