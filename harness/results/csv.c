/*
 * csv.c - the one CSV field writer and line splitter of every CSV file
 * rssbench writes and reads (RFC 4180): a field holding a comma, a double
 * quote, a CR or a LF is written in double quotes with each quote doubled,
 * so a placement "0-3,8" reads back as the one value it was.
 */
#include <stdio.h>
#include <string.h>

#include "csv.h"

void rss_csv_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void rss_csv_sep_field(FILE *f, const char *s)
{
	fputc(',', f);
	rss_csv_field(f, s);
}

int rss_csv_split(char *line, char **out, int max)
{
	char *p = line;
	int n = 0;

	for (;;) {
		char *start = p, *w = p;

		if (*p == '"') {
			/* A quoted field: "" is one quote; it ends at a lone quote. */
			for (p++; *p; p++) {
				if (*p == '"' && p[1] != '"')
					break;
				if (*p == '"')
					p++;
				if (out)
					*w++ = *p;
			}
			if (*p != '"' || (p[1] && p[1] != ','))
				return -1;
			p++;
		} else {
			/* A quote inside an unquoted field is a byte like any other. */
			p += strcspn(p, ",");
			w = p;
		}
		if (out && n < max)
			out[n] = start;
		n++;
		if (!*p) {
			if (out)
				*w = '\0';
			return n;
		}
		if (out)
			*w = '\0';
		p++;
	}
}
