/*
 * lifetime.h - how an rssbench process ends (lifetime.c): signals, crashes,
 * its parent's death, and the stack it needs.
 */
#ifndef RSS_LIFETIME_H
#define RSS_LIFETIME_H

#include <stddef.h>
#include <sys/types.h>

/* Set by run-all for the rssbench it runs: that process dies (SIGTERM, so
 * it ends as SIGTERM makes it) when the process with this id does. */
#define RSS_PARENT_ENV	"RSSBENCH_PARENT_PID"

/* @handler for every catchable signal whose default action terminates the
 * process and that is not a crash (SIGHUP, SIGINT, SIGQUIT, SIGUSR1/2,
 * SIGPIPE, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, ..., the real-time ones), each
 * blocking the others while it runs; rss_default_stop_signals undoes it. */
void rss_catch_stop_signals(void (*handler)(int));
void rss_default_stop_signals(void);
/* A crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS) writes one line
 * naming @dir, where the finished rows are, from an alternate stack, then dies
 * of its signal.  Not under a sanitizer, whose own report is better. */
void rss_catch_crash(const char *dir);
/* PR_SET_PDEATHSIG @sig for this process, then checks that @parent is still
 * its parent: 0, -ESRCH when it died before, or -errno. */
int rss_die_with(pid_t parent, int sig);
/* rss_die_with($RSSBENCH_PARENT_PID, SIGTERM) when it is set (and unset
 * it); a parent already gone: SIGTERM now.  Exit 2 for a value not a pid. */
void rss_die_with_parent(void);
/* The stack limit raised to the main thread's need (1 MiB) when it is
 * lower: 0, or -ENOMEM with the limit and the fix in @err when the hard
 * limit forbids it. */
int rss_stack_limit_check(char *err, size_t errlen);

/*
 * A cell that could not run (@ret -EAGAIN or -ENOMEM): the resource limit
 * that is the likely cause, and what to do, appended to @err (@len bytes).
 * @workload is the cell's (NULL outside a cell): oom-scan's address space
 * grows with --scan-mms (@scan_mms mms), not with the @threads.
 */
void rss_limit_hint(char *err, size_t len, int ret, int threads, const char *workload,
		    long scan_mms);

#endif /* RSS_LIFETIME_H */
