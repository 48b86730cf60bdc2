/*
 * escape.h - one escaping function per target language for text read from a
 * results directory (host names, CPU models, notes, directory names): what
 * comes out can be pasted into that language's string or text and is never
 * code or markup there, whatever the bytes were.  A C1 control (U+009B is
 * CSI) or bidirectional control (U+202E) counts as control bytes: each of
 * its bytes is rewritten as a target rewrites a control byte.  Terminal text is infile.h's
 * rss_escape.  Names (schemes, workloads) are not escaped but checked:
 * rss_name_ok.
 */
#ifndef RSS_ESCAPE_H
#define RSS_ESCAPE_H

#include <stddef.h>

enum rss_esc_target {
	/*
	 * The inside of a gnuplot single-quoted string ('...'): control
	 * bytes, bytes that are not UTF-8 and ' ` @ \ " $ become the
	 * four characters \xNN (a backslash is literal in '...'), so the
	 * string can neither end early nor reach system(), backquotes or
	 * macros, even when a template uses it in a double-quoted one.
	 */
	RSS_ESC_GNUPLOT,
	/*
	 * Markdown (CommonMark/GFM) inline text, table cells included, and
	 * HTML text: & < > | ` \ [ ] * _ ~ $ , become numeric character
	 * references (&#60;), so no tag, entity, link, image, code span,
	 * emphasis, math or cell break can start (an underscore inside a
	 * word, which cannot, stays); control bytes and bytes that are not
	 * UTF-8 show as \xNN (the backslash itself a reference).  No comma
	 * or ~ survives, so the text also travels as a CSV field.
	 */
	RSS_ESC_MARKDOWN,
	/*
	 * The inside of a Markdown code span (`...`): control bytes, bytes
	 * that are not UTF-8 and ` | < > & \ , become \xNN, so the span
	 * cannot end early, split a table cell or hold a tag.
	 */
	RSS_ESC_MD_CODE,
	/* A URL path (a link's target): every byte but A-Z a-z 0-9 / . _ ~ - as %XX. */
	RSS_ESC_URL,
};

/* Longest input rss_esc takes before cutting with "..." (bytes). */
#define RSS_ESC_MAX_IN	512

/*
 * @s (NUL-terminated) escaped for @target, in a new string (free() it):
 * at most RSS_ESC_MAX_IN bytes of @s, cut at a character boundary and
 * ended with "..." when longer.  NULL @s gives "".  NULL on ENOMEM.
 */
char *rss_esc(enum rss_esc_target target, const char *s);

/*
 * Whether @s is a name that may be pasted anywhere unescaped (a scheme,
 * workload, placement, migration policy, scenario or topology kind): 1 to 64
 * bytes of [a-z0-9], then [a-z0-9_.:+-]; a placement's CPU list needs ","
 * too, allowed with @comma.  The registry's own names follow this grammar
 * (style: [a-z0-9_-]), and so does every migration policy ("every:8:random").
 */
int rss_name_ok(const char *s, int comma);

/*
 * Non-zero when a spreadsheet would take the CSV field @s for a formula: it
 * starts with = + - @ TAB or CR.  Writers put a ' in front of such a text
 * field and quote it (OWASP's CSV injection rule); numbers are written as
 * numbers and never pass here.
 */
int rss_csv_formula(const char *s);

#endif /* RSS_ESCAPE_H */
