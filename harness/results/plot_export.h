/*
 * plot_export.h - what `rssbench plot` hands its drawing scripts: a results
 * directory the reader (resdir.h) loaded and checked, written again by C
 * into a private directory, so that no script ever parses a byte of the
 * received files.  Names are checked against a strict grammar (escape.h),
 * numbers are printed by C from the parsed values, and free text is escaped
 * for the one place it goes (Markdown, gnuplot, the terminal).
 */
#ifndef RSS_PLOT_EXPORT_H
#define RSS_PLOT_EXPORT_H

#include <stddef.h>

#include "resdir.h"

/* Links between the reports, as relative paths (escaped here for URLs). */
struct rss_plot_links {
	const char *report;	/* from the comparison's directory to this report.md, or NULL */
	const char *compare;	/* from this directory to the comparison's report.md, or NULL */
};

/*
 * Writes into the directory @outfd (empty, ours) the files the plot script
 * reads for the loaded directory @d (all of its checks happen here, before
 * plot writes anything into a results directory):
 *   meta.txt    key=value lines: the meta.json fields the report and the
 *               plots use, each a whole number, true/false, a checked name
 *               or text escaped for its target (doc/plots.md lists them);
 *   cells.csv, summary.csv, errtrace.csv and, where the run wrote them,
 *   footprint.csv and model.csv: the columns the plots use, names checked
 *   (a placement's CPU list with ";" for ","), numbers reprinted (%.15g,
 *   NA), text Markdown-escaped; notes as
 *   "column: reason" items joined by "~" (never in escaped text).
 * 0, or -EINVAL with one line in @err naming the file[:line], the field and
 * the fix (a name outside the grammar, a number that is not one, a meta.json
 * field of the wrong type, a missing file or column), -ENOMEM, or -errno
 * (@outfd not writable).
 */
int rss_plot_export(const struct rss_resdir *d, int outfd, char *err, size_t errlen);

/*
 * The same for the claims alone (scripts/plot --claims-rows, the
 * dashboard): meta.txt, cells.csv and summary.csv, so a run the store
 * wrote back (no errtrace.csv kept) is judged as its directory would be.
 */
int rss_plot_export_claims(const struct rss_resdir *d, int outfd, char *err, size_t errlen);

/*
 * Adds @l to @outfd's meta.txt (written by rss_plot_export): report_link
 * and compare_link (URL-escaped, "" for NULL), compare_link_md (the
 * latter's text, Markdown-escaped).  0, or -errno/-ENOMEM with @err.
 */
int rss_plot_export_links(int outfd, const struct rss_plot_links *l, char *err, size_t errlen);

#endif /* RSS_PLOT_EXPORT_H */
