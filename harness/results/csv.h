/*
 * csv.h - the CSV field writer and line splitter every CSV file of a
 * results directory goes through (csv.c, RFC 4180).
 */
#ifndef RSS_CSV_H
#define RSS_CSV_H

#include <stdio.h>

/* @s as one field: as is, or in double quotes (each quote doubled) when it
 * holds a comma, a double quote, a CR or a LF; NULL as "". */
void rss_csv_field(FILE *f, const char *s);
/* ",@s", @s written by rss_csv_field. */
void rss_csv_sep_field(FILE *f, const char *s);
/*
 * The fields of @line (one line, its end of line taken off): their number,
 * or -1 when a quoted field is not closed or is followed by anything but a
 * comma.  With @out, the line is split in place, quoting undone, into
 * @out[0..@max); without, it is only counted and left as it is.
 */
int rss_csv_split(char *line, char **out, int max);

#endif /* RSS_CSV_H */
