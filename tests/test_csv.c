/*
 * test_csv.c - csv.c, the one CSV field writer and splitter: every value
 * written reads back as itself and as one field (commas, quotes, CR and LF
 * in it, empty, at either end of a row), whatever its neighbours; a quote
 * left open or followed by junk is refused; counting leaves the line as is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "tap.h"

static const char *const values[] = {
	"", "compact", "scatter", "0,1", "0-3,8", "core:0-1", "every:64:remote-node",
	"none,every:8:next", "perf::CPU-MIGRATIONS", "pack:2 node:1 core:2 pu:1",
	"\"", "\"\"", "a\"b", "\"quoted\"", ",", ",,", "x,\"y\",z", "trailing,", ",leading",
	" spaced ", "cr\r", "lf\nin it", "NA", "=1+1", "caf\xc3\xa9",
};
#define NR_VALUES	(sizeof(values) / sizeof(values[0]))

/* a,b,a written and split back: 1 when all three are themselves. */
static int round_trip(const char *a, const char *b)
{
	char *buf = NULL, *f[4];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int n, good;

	rss_csv_field(m, a);
	rss_csv_sep_field(m, b);
	rss_csv_sep_field(m, a);
	fclose(m);
	n = rss_csv_split(buf, NULL, 0);
	good = n == 3 && rss_csv_split(buf, f, 4) == 3 && !strcmp(f[0], a) && !strcmp(f[1], b) &&
	       !strcmp(f[2], a);
	free(buf);
	return good;
}

int main(void)
{
	static const char *const bad[] = { "\"open", "a,\"open", "\"x\"y,b", "\"x\" ,b" };
	char line[] = "\"a,b\",\"c\"\"d\",e", copy[sizeof(line)];
	int pairs = 0;

	plan_tests(7);
	for (size_t i = 0; i < NR_VALUES; i++)
		for (size_t j = 0; j < NR_VALUES; j++)
			pairs += round_trip(values[i], values[j]);
	ok(pairs == (int)(NR_VALUES * NR_VALUES), "%d of %zu value pairs read back as written, one field each",
	   pairs, NR_VALUES * NR_VALUES);
	ok(round_trip("", ""), "empty fields: three of them");
	{
		int refused = 0;

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char b[32];

			snprintf(b, sizeof(b), "%s", bad[i]);
			refused += rss_csv_split(b, NULL, 0) == -1;
		}
		ok(refused == 4, "a quote left open or followed by anything but a comma: -1 (%d of 4)",
		   refused);
	}
	memcpy(copy, line, sizeof(line));
	ok(rss_csv_split(line, NULL, 0) == 3 && !strcmp(line, copy), "counting leaves the line as it is");
	{
		char *f[3];
		int n = rss_csv_split(line, f, 3);

		ok(n == 3 && !strcmp(f[0], "a,b") && !strcmp(f[1], "c\"d") && !strcmp(f[2], "e"),
		   "quoting undone in place: a,b / c\"d / e");
	}
	{
		char two[] = "x,y,z", *f[2];

		ok(rss_csv_split(two, f, 2) == 3 && !strcmp(f[0], "x") && !strcmp(f[1], "y"),
		   "more fields than room: all counted, the first ones split");
	}
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		rss_csv_field(m, "plain-value_1.5");
		fclose(m);
		ok(!strcmp(buf, "plain-value_1.5"), "a value with nothing to quote is written as is");
		free(buf);
	}
	return exit_status();
}
