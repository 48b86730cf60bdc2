/*
 * replay_resdir.c - replays the results reader's fuzz corpus
 * (tests/corpus/resdir/, one results directory per file, fuzz_one.h)
 * through the reader with the normal compiler, so make check runs every
 * input the fuzz target found or issue 8 named, with or without clang.
 * tests/corpus/resdir.expect says what each named input must do: "loads",
 * or a piece of the one-line refusal (file:line and reason).  Every
 * message must be one line of printable UTF-8 whatever the input held.
 * Inputs not in the list (saved by a fuzz run) must only not crash.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_one.h"
#include "infile.h"
#include "tap.h"

#define MAX_INPUTS	4096

static char *slurp(const char *path, size_t *len)
{
	char err[512], *buf;

	if (rss_infile_read(path, &buf, len, err, sizeof(err)))
		bail_out("%s", err);
	return buf;
}

/* One line of printable UTF-8: no control byte, nothing invalid. */
static int printable(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0, n; i < len; i += n) {
		n = rss_utf8_seq((const unsigned char *)s + i, len - i);
		if (!n || (unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	}
	return 1;
}

static const char *expected(char *list, const char *name)
{
	size_t n = strlen(name);

	for (char *p = list; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == '\t')
			return p + n + 1;
	return NULL;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *src = getenv("top_srcdir");
	char dir[4096], path[8192], *names[MAX_INPUTS], *list;
	struct dirent *e;
	size_t len;
	int n = 0;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/tests/corpus/resdir", src ? src : ".");
	snprintf(path, sizeof(path), "%s.expect", dir);
	list = slurp(path, &len);
	dp = opendir(dir);
	if (!dp)
		bail_out("cannot open %s: %s", dir, strerror(errno));
	while ((e = readdir(dp)) && n < MAX_INPUTS)
		if (e->d_name[0] != '.' && !(names[n++] = strdup(e->d_name)))
			bail_out("out of memory");
	closedir(dp);
	qsort(names, (size_t)n, sizeof(*names), cmp_name);
	plan_tests(n);
	for (int i = 0; i < n; i++) {
		const char *want = expected(list, names[i]);
		char err[1024] = "", want_s[512] = "";
		size_t dlen;
		char *data;
		int ret;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		data = slurp(path, &dlen);
		ret = rss_fuzz_one((const uint8_t *)data, dlen, err, sizeof(err));
		free(data);
		if (want)
			snprintf(want_s, sizeof(want_s), "%.*s", (int)strcspn(want, "\n"), want);
		if (!want)
			ok(ret == 0 || (*err && printable(err)), "%s (found by fuzzing): %s", names[i],
			   ret ? err : "loads");
		else if (!strcmp(want_s, "loads"))
			ok(ret == 0, "%s loads%s%s", names[i], ret ? ": " : "", err);
		else
			ok(ret != 0 && strstr(err, want_s) && printable(err),
			   "%s is refused with one printable line naming \"%s\": %s", names[i], want_s,
			   ret ? err : "it loaded");
		free(names[i]);
	}
	free(list);
	return exit_status();
}
