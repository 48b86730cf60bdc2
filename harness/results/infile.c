/*
 * infile.c - reading files others send (infile.h): bounded, non-blocking,
 * regular files only; and escaping their bytes for messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" :
	       S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" :
	       "not a regular file";
}

int rss_infile_read(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	char name[512];
	struct stat st;
	size_t got = 0;
	char *b;
	int fd, ret = 0;

	rss_escape_str(name, sizeof(name), path);
	/* O_NOFOLLOW: a link in a received directory may point anywhere. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		ret = -errno;
		if (ret == -ELOOP) {
			snprintf(err, errlen, "%s: a symbolic link; results files are never read through links: replace it with the file itself",
				 name);
			return -EINVAL;
		}
		snprintf(err, errlen, ret == -ENOENT ?
			 "%s: missing; give a directory written by 'rssbench run'" :
			 "%s: cannot open it (%s); make it readable", name, strerror(-ret));
		return ret;
	}
	if (fstat(fd, &st)) {
		ret = -errno;
		snprintf(err, errlen, "%s: cannot stat it (%s)", name, strerror(-ret));
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s, not a regular file; give a directory written by 'rssbench run'",
			 name, file_kind(st.st_mode));
		ret = -EINVAL;
	} else if ((unsigned long long)st.st_size > RSS_INFILE_MAX) {
		snprintf(err, errlen, "%s: %lld bytes, more than the %lu MiB a results file may have; the file is damaged",
			 name, (long long)st.st_size, RSS_INFILE_MAX >> 20);
		ret = -EINVAL;
	}
	if (ret) {
		close(fd);
		return ret;
	}
	b = malloc((size_t)st.st_size + 1);
	if (!b) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	/* A file that grows while read is cut at the size fstat saw. */
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, b + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n ? -errno : 0;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	if (ret) {
		free(b);
		snprintf(err, errlen, "%s: cannot read it (%s)", name, strerror(-ret));
		return ret;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	return 0;
}

size_t rss_infile_bom(const char *s, size_t len)
{
	return len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? 3 : 0;
}

size_t rss_utf8_seq(const unsigned char *s, size_t len)
{
	unsigned int cp;
	size_t n;

	if (!len)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

int rss_utf8_control(const unsigned char *s, size_t n)
{
	unsigned int cp;

	if (n == 2) {
		cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
		return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c;
	}
	if (n != 3)
		return 0;
	cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
	return cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

char *rss_escape(char *out, size_t outlen, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0, i = 0;

	if (!outlen)
		return out;
	while (i < len) {
		char piece[16];
		size_t n = rss_utf8_seq(u + i, len - i), pl;

		if (n == 3 && !memcmp(u + i, "\xef\xbb\xbf", 3)) {
			pl = (size_t)snprintf(piece, sizeof(piece), "\\uFEFF");
		} else if (rss_utf8_control(u + i, n)) {
			unsigned int cp = n == 2 ? (u[i] & 0x1fu) << 6 | (u[i + 1] & 0x3fu) :
				(u[i] & 0x0fu) << 12 | (u[i + 1] & 0x3fu) << 6 | (u[i + 2] & 0x3fu);

			pl = (size_t)snprintf(piece, sizeof(piece), "\\u%04X", cp);
		} else if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f || u[i] == '\\')) {
			pl = (size_t)snprintf(piece, sizeof(piece), u[i] == '\\' ? "\\\\" : "\\x%02x",
					      u[i]);
		} else if (!n) {
			pl = (size_t)snprintf(piece, sizeof(piece), "\\x%02x", u[i]);
			n = 1;
		} else {
			memcpy(piece, u + i, n);
			pl = n;
		}
		if (o + pl + 4 > outlen) {	/* o + 4 <= outlen: room for "..." */
			if (outlen >= 4) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(out + o, piece, pl);
		o += pl;
		i += n;
	}
	out[o < outlen ? o : outlen - 1] = '\0';
	return out;
}

char *rss_escape_str(char *out, size_t outlen, const char *s)
{
	return rss_escape(out, outlen, s, strlen(s));
}
