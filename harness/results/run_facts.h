/*
 * run_facts.h - what the store keeps of a loaded results directory's
 * meta.json (the run's machine, kernel, revision, host state, topology)
 * and each CSV row as one JSON object, taken from what rss_resdir_load
 * validated: the store never opens the files itself (doc/store.md).
 */
#ifndef RSS_RUN_FACTS_H
#define RSS_RUN_FACTS_H

#include "resdir.h"

/*
 * A run's facts.  Strings are meta.json's own (valid UTF-8, unescaped:
 * whoever prints them escapes them for the target), "" when absent;
 * numbers are -1 (integers) or NAN (loads) when meta.json lacks them.
 */
struct rss_run_facts {
	char *run_id;		/* meta.json's run_id as the reader checked it; NULL without */
	char *host, *cpu_model;
	char *sysname, *release, *version, *machine;	/* meta.json's "kernel" */
	const char *kernel_kind;	/* "guest" (topology kind guest, or a "guest" object), else "host" */
	char *revision;		/* tool.git_revision */
	char *started, *finished, *scenario;	/* scenario NULL when not one */
	char *topology_kind;	/* topology.kind: host, virtual or guest */
	long packages, numa_nodes, cores, pus, cpus_possible, online_cpus;
	double load_before, load_after;	/* host_state's 1-minute load averages */
	char *meta;		/* meta.json re-serialised: keys sorted, compact */
};

/*
 * The facts of @d (loaded by rss_resdir_load).  0, or -ENOMEM.  Free with
 * rss_run_facts_free (also after a failure).
 */
int rss_run_facts(const struct rss_resdir *d, struct rss_run_facts *f);
void rss_run_facts_free(struct rss_run_facts *f);

/* A growing string, reused from row to row. */
struct rss_buf {
	char *s;
	size_t len, cap;
};

/*
 * Row @row of @t (cells.csv or a table from rss_resdir_load_table) as a JSON
 * object of every column name to its text value, compact, in the file's
 * column order, into @b (NUL-terminated; free b->s when done).  0 or
 * -ENOMEM.
 */
int rss_row_json(const struct rss_resdir *t, int row, struct rss_buf *b);

/*
 * The other way, for a run written back from the store: the stored row
 * @json (an object of column names to strings) as one CSV line into @b,
 * the names with @header, else the values; "\n"-terminated.  A value with a
 * comma, quote or line end is quoted (RFC 4180).  0; -EINVAL when @json is
 * not such an object; -ENOMEM.
 */
int rss_json_csv_row(const char *json, int header, struct rss_buf *b);

#endif /* RSS_RUN_FACTS_H */
