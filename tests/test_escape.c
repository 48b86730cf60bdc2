/*
 * test_escape.c - the escaping functions (harness/results/escape.h): for
 * each target, every byte from 1 to 255 alone and inside text, the
 * characters that target must not see raw never come out raw; valid UTF-8
 * passes, invalid and control bytes show as \xNN; long text is cut at a
 * character boundary; names and CSV formulas are told apart.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "infile.h"
#include "tap.h"

/*
 * Whether @out holds a byte of @bad or a control byte, or an escape
 * character (@esc: & or \\) that does not start an escape ("&#", "\\x").
 */
static int raw(const char *out, const char *bad, char esc)
{
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		if (*p < 0x20 || *p == 0x7f || strchr(bad, *p) ||
		    (esc && *p == esc && p[1] != (esc == '&' ? '#' : 'x')))
			return 1;
	return 0;
}

static const char escape_char[] = {
	[RSS_ESC_GNUPLOT] = '\\', [RSS_ESC_MARKDOWN] = '&', [RSS_ESC_MD_CODE] = '\\',
	[RSS_ESC_URL] = 0,
};

static int check(enum rss_esc_target t, const char *s, const char *bad, const char *want)
{
	char *e = rss_esc(t, s);
	int good = e && !raw(e, bad, escape_char[t]) && (!want || !strcmp(e, want));

	if (!good)
		diag("target %d: \"%s\" gave \"%s\"", (int)t, s, e ? e : "(null)");
	free(e);
	return good;
}

int main(void)
{
	static const char *const bad[] = {
		[RSS_ESC_GNUPLOT] = "'`@\"$",
		[RSS_ESC_MARKDOWN] = "<>|`\\[]*~$,",
		[RSS_ESC_MD_CODE] = "`|<>&,",
		[RSS_ESC_URL] = " '\"<>`()[]|\\,;&=?#@$:",
	};
	char in[8], big[2000];
	int good;

	plan_tests(16);
	for (int t = RSS_ESC_GNUPLOT; t <= RSS_ESC_URL; t++) {
		good = 1;
		for (int c = 1; c < 256; c++) {
			in[0] = 'a';
			in[1] = (char)c;
			in[2] = 'b';
			in[3] = '\0';
			good &= check((enum rss_esc_target)t, in, bad[t], NULL);
		}
		ok(good, "target %d: no byte from 1 to 255 comes out raw where it means something", t);
	}
	ok1(check(RSS_ESC_GNUPLOT, "it's `x` @m \"q\" $(c) \\n", bad[RSS_ESC_GNUPLOT],
		  "it\\x27s \\x60x\\x60 \\x40m \\x22q\\x22 \\x24(c) \\x5cn"));
	ok1(check(RSS_ESC_MARKDOWN, "<img src=x onerror=alert(2)>", "<>",
		  "&#60;img src=x onerror=alert(2)&#62;"));
	ok1(check(RSS_ESC_MARKDOWN, "PAPI_L1_DCM _i_ \x1b[2J", "\x1b",
		  "PAPI_L1_DCM &#95;i&#95; &#92;x1b&#91;2J"));
	ok1(check(RSS_ESC_MD_CODE, "a`b|c<d>\r\n", bad[RSS_ESC_MD_CODE],
		  "a\\x60b\\x7cc\\x3cd\\x3e\\x0d\\x0a"));
	ok1(check(RSS_ESC_URL, "../a b/ü.md", bad[RSS_ESC_URL], "../a%20b/%C3%BC.md"));
	ok1(check(RSS_ESC_MARKDOWN, "Ünïcödé ✓", "", "Ünïcödé ✓"));
	ok1(check(RSS_ESC_GNUPLOT, "\xff\xc3(", bad[RSS_ESC_GNUPLOT], "\\xff\\xc3("));
	/* C1 CSI (U+009B), RTL override (U+202E), isolate (U+2066): none raw, é passes. */
	good = 1;
	for (int t = RSS_ESC_GNUPLOT; t <= RSS_ESC_MD_CODE; t++) {
		char *e = rss_esc((enum rss_esc_target)t, "a\xc2\x9b" "31m\xe2\x80\xae" "b\xe2\x81\xa6" "c\xc3\xa9");

		good &= e && !strstr(e, "\xc2\x9b") && !strstr(e, "\xe2\x80\xae") &&
			!strstr(e, "\xe2\x81\xa6") && strstr(e, "\xc3\xa9");
		if (e && !good)
			diag("target %d gave \"%s\"", t, e);
		free(e);
	}
	ok(good, "C1 and bidirectional controls never come out raw, for any target");
	{
		char out[64];

		rss_escape_str(out, sizeof(out), "a\xc2\x9b" "b\xe2\x80\xae" "c\xc3\xa9");
		ok(!strcmp(out, "a\\u009Bb\\u202Ec\xc3\xa9"),
		   "terminal text: C1 and bidirectional controls as \\uNNNN (\"%s\")", out);
	}
	memset(big, 'x', sizeof(big) - 4);
	memcpy(big + RSS_ESC_MAX_IN - 1, "é", 2);	/* a character across the cut */
	big[sizeof(big) - 4] = '\0';
	{
		char *e = rss_esc(RSS_ESC_MARKDOWN, big);

		ok(e && strlen(e) == RSS_ESC_MAX_IN - 1 + 3 && !strcmp(e + strlen(e) - 3, "..."),
		   "text over %d bytes is cut before a character that crosses the limit, with ...",
		   RSS_ESC_MAX_IN);
		free(e);
	}
	ok(rss_name_ok("percpu-init-many", 0) && rss_name_ok("every:8:random", 0) &&
	   rss_name_ok("0,1", 1) && !rss_name_ok("0,1", 0) && !rss_name_ok("", 0) &&
	   !rss_name_ok("/../x", 0) && !rss_name_ok("a`b", 0) && !rss_name_ok("A", 0) &&
	   !rss_name_ok("-x", 0) && !rss_name_ok("x y", 0),
	   "names: the registry's and the policies' pass; empty, paths, quotes, capitals, spaces do not");
	ok(rss_csv_formula("=1+2") && rss_csv_formula("+x") && rss_csv_formula("-x") &&
	   rss_csv_formula("@SUM") && rss_csv_formula("\tx") && !rss_csv_formula("percpu") &&
	   !rss_csv_formula(""), "CSV formulas: = + - @ TAB first");
	return exit_status();
}
