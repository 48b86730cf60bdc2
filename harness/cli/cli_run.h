/*
 * cli_run.h - `rssbench run`'s option parsing (cli_run_opts.c), for the
 * command itself (cli_run.c).
 */
#ifndef RSS_CLI_RUN_H
#define RSS_CLI_RUN_H

#include "cli.h"

/*
 * Parses run's options into @o (already holding the defaults of the single
 * values) and fills the lists not given: all schemes, all workloads,
 * threads 1,max, migrate none.  "max" threads stay 0 until
 * rss_run_opts_resolve_threads.  Bad input exits 2 with one line; --help
 * prints the usage and exits 0.
 */
void rss_run_opts_parse(struct rss_run_opts *o, int argc, char **argv);
/*
 * Resolves "max" for @o->placement on @topo and drops repeated thread
 * counts, keeping the order given; a count above the placement's CPUs
 * exits 2.
 */
void rss_run_opts_resolve_threads(struct rss_run_opts *o, const struct rss_topo *topo);

#endif /* RSS_CLI_RUN_H */
