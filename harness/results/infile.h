/*
 * infile.h - reading a file somebody else wrote: never block on a FIFO or
 * device, never read without bound, and never echo its bytes raw into a
 * message (a control byte could rewrite the terminal, a BOM looks like
 * nothing).  Used for every file compare and gate read.
 */
#ifndef RSS_INFILE_H
#define RSS_INFILE_H

#include <stddef.h>

/* Largest file the readers take: 256 MiB (cells.csv of a 1024-CPU matrix is ~1 MB). */
#define RSS_INFILE_MAX	(256UL << 20)

/*
 * Reads the regular file @path whole into a NUL-terminated buffer (*buf,
 * *len bytes without the NUL; NULs inside are kept).  Opened O_NONBLOCK and
 * O_NOFOLLOW and checked with fstat before any read, so a FIFO, socket or
 * device is refused at once, and a symbolic link (which could point at any
 * file of the reader's) is never opened.  0; -ENOENT (missing), -EINVAL (a
 * link, not a regular file, larger than RSS_INFILE_MAX) or -errno, each with a one-line message naming @path and
 * the fix in @err.
 */
int rss_infile_read(const char *path, char **buf, size_t *len, char *err, size_t errlen);

/* Length of the UTF-8 byte order mark at @s (3), or 0. */
size_t rss_infile_bom(const char *s, size_t len);

/*
 * Writes @s (@len bytes) into @out as printable text: control bytes, DEL,
 * backslash-x itself and bytes that are not valid UTF-8 become \xNN, a BOM
 * becomes \uFEFF and a C1 or bidirectional control (rss_utf8_control)
 * \uNNNN; other valid UTF-8 passes.  Cut at @outlen - 1 with "..." when
 * too long.  @out is always NUL-terminated.  Returns @out.
 */
char *rss_escape(char *out, size_t outlen, const char *s, size_t len);
/* The same for a NUL-terminated string. */
char *rss_escape_str(char *out, size_t outlen, const char *s);

/*
 * Length of the valid UTF-8 sequence at @s (1 to 4 bytes, no overlongs,
 * surrogates or code points above U+10FFFF), or 0 when it is not valid.
 */
size_t rss_utf8_seq(const unsigned char *s, size_t len);

/*
 * Whether the valid UTF-8 sequence of @n bytes at @s is a character that is
 * a control though not ASCII: a C1 control (U+0080-U+009F; U+009B is CSI,
 * which terminals take as ESC [) or a bidirectional override, embedding,
 * isolate or mark (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069),
 * which reorders the text shown around it.  Escapers rewrite these as they
 * do control bytes.
 */
int rss_utf8_control(const unsigned char *s, size_t n);

#endif /* RSS_INFILE_H */
