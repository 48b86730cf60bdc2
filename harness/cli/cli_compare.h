/*
 * cli_compare.h - what cli_compare.c (options, compare, gate) and
 * cli_compare_out.c (the table, CSV and JSON) share.
 */
#ifndef RSS_CLI_COMPARE_H
#define RSS_CLI_COMPARE_H

#include <jansson.h>
#include <stdio.h>

#include "compare.h"

/* A JSON string of @s; bytes that are not UTF-8 become U+FFFD. */
json_t *rss_cmp_jstr(const char *s);

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

/* The gate's output formats (cli_gate_out.c). */
enum rss_gate_format { RSS_GATE_TEXT, RSS_GATE_JSON, RSS_GATE_JUNIT };

/*
 * Prints the gate's verdict on @c (candidate @b against baseline @a) as
 * @fmt on stdout, counting cells: a cell is a regression when any metric of
 * it is, else inconclusive, else changed (a deterministic figure improved),
 * else ok.  Returns the exit status: 1 regression, 2 inconclusive (baseline
 * cells missing from the candidate included), else 0.
 */
int rss_gate_print(const struct rss_resdir *a, const struct rss_resdir *b,
		   const struct rss_cmp *c, const struct rss_cmp_opts *o,
		   enum rss_gate_format fmt);

#endif /* RSS_CLI_COMPARE_H */
