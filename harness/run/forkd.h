/*
 * forkd.h - the fork server (rssbench-forkd, forkd_main.c) from rssbench's
 * side: started before the workers, it forks for `run --real-fork` from a
 * process as small as lmbench's lat_proc, and times each fork+exit+wait
 * itself, so the request's round trip is never counted as the fork.
 */
#ifndef RSS_FORKD_H
#define RSS_FORKD_H

#include "rss.h"

/*
 * Execs the zygote, once per process; later calls return the first result.
 * The helper is $RSSBENCH_FORKD, else rssbench-forkd beside the running
 * executable, else PKGLIBEXECDIR's.  Call it first thing in main(), before
 * threads, hwloc and PAPI: the zygote is then a fresh small process whatever
 * rssbench holds later.  0, or -errno with rss_forkd_status() saying why.
 */
int rss_forkd_start(void);

/* "ok", "not started", or why the fork server is not available. */
const char *rss_forkd_status(void);

/* struct machine's fork_server: per-task servers spawned by the zygote. */
extern const struct rss_fork_server rss_forkd_ops;

#endif /* RSS_FORKD_H */
