/*
 * cli_compare.h - what cli_compare.c (options, compare, gate) and
 * cli_compare_out.c (the table, CSV and JSON) share.
 */
#ifndef RSS_CLI_COMPARE_H
#define RSS_CLI_COMPARE_H

#include <stdio.h>

#include "compare.h"

/* "fault/atomic threads=2 compact none" style thread column: "2" or "2->4". */
void rss_cmp_threads_str(char *buf, size_t len, const struct rss_cmp_row *r);
/* Calls @emit with each note on the pair (topologies, machines, parameters, same run, ...). */
void rss_cmp_notes(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, void (*emit)(const char *, void *), void *arg);

/* The aligned table with geometric means per scheme, on stdout. */
void rss_cmp_print_table(const struct rss_resdir *a, const struct rss_resdir *b,
			 const struct rss_cmp *c);
/* CSV (RFC 4180: a field with a comma, quote or line break is quoted); @header once. */
void rss_cmp_print_csv(const struct rss_resdir *b, const struct rss_cmp *c, int header);
/*
 * JSON, each object built with jansson and printed as ASCII (invalid UTF-8
 * in a path becomes U+FFFD): begin, one comparison per candidate, end.
 */
void rss_cmp_json_begin(const struct rss_resdir *a);
void rss_cmp_print_json(const struct rss_resdir *a, const struct rss_resdir *b,
			const struct rss_cmp *c, int first);
void rss_cmp_json_end(void);

#endif /* RSS_CLI_COMPARE_H */
