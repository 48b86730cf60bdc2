/*
 * escape.c - escaping text from a results directory for gnuplot, Markdown,
 * code spans and URLs (escape.h): a byte at a time, UTF-8 aware, bounded.
 * Each target lists the ASCII characters that mean something there; those,
 * control bytes (C1 and bidirectional controls too) and invalid UTF-8 are
 * rewritten, everything else passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "infile.h"

/* What each target must rewrite among printable ASCII. */
static const char *const special[] = {
	[RSS_ESC_GNUPLOT] = "'`@\\\"$",
	[RSS_ESC_MARKDOWN] = "&<>|`\\[]*_~$,",
	[RSS_ESC_MD_CODE] = "`|<>&\\,",
	[RSS_ESC_URL] = "",
};

/* The rewriting of the byte @c (a special character or a bad byte) into @out. */
static int piece(enum rss_esc_target t, unsigned char c, int bad, char *out, size_t len)
{
	switch (t) {
	case RSS_ESC_MARKDOWN:
		return bad ? snprintf(out, len, "&#92;x%02x", c) : snprintf(out, len, "&#%d;", c);
	case RSS_ESC_URL:
		return snprintf(out, len, "%%%02X", c);
	default:
		return snprintf(out, len, "\\x%02x", c);
	}
}

static int alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int url_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("/._~-", c));
}

char *rss_esc(enum rss_esc_target t, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)u), cut = len > RSS_ESC_MAX_IN ? RSS_ESC_MAX_IN : len;
	/* The longest piece, "&#92;x%02x", is 9 bytes for one input byte. */
	char *out = malloc(cut * 9 + 4), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < cut;) {
		size_t n = rss_utf8_seq(u + i, len - i);
		int bad = !n || u[i] < 0x20 || u[i] == 0x7f;

		if (i + (n ? n : 1) > cut)
			break;			/* never cut a character in two */
		if (t == RSS_ESC_URL) {
			for (size_t k = 0; k < (n ? n : 1); k++)
				o += url_plain(u[i + k]) ? (*o = (char)u[i + k], 1) :
				     piece(t, u[i + k], 0, o, 4);
			i += n ? n : 1;
			continue;
		}
		/* An underscore inside a word never starts emphasis: PAPI_L1_DCM stays. */
		if (t == RSS_ESC_MARKDOWN && u[i] == '_' && i > 0 && alnum(u[i - 1]) &&
		    alnum(u[i + 1])) {
			*o++ = '_';
			i++;
			continue;
		}
		if (bad || (n == 1 && strchr(special[t], u[i]))) {
			o += piece(t, u[i], bad, o, 10);
			i++;
			continue;
		}
		if (rss_utf8_control(u + i, n)) {	/* C1 or bidi control: each byte as a bad one */
			for (size_t k = 0; k < n; k++)
				o += piece(t, u[i + k], 1, o, 10);
			i += n;
			continue;
		}
		memcpy(o, u + i, n);
		o += n;
		i += n;
	}
	if (cut < len)
		o += sprintf(o, "...");
	*o = '\0';
	return out;
}

int rss_name_ok(const char *s, int comma)
{
	size_t n = strlen(s);

	if (!n || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (size_t i = 1; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("_.:+-", c) ||
		      (comma && c == ',')))
			return 0;
	}
	return 1;
}

int rss_csv_formula(const char *s)
{
	return *s && strchr("=+-@\t\r", *s);
}
