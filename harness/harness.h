/*
 * harness.h - what the harness files share: error exits, the clock and
 * memory placement.  Exit status 2 is every usage or input error.
 */
#ifndef RSS_HARNESS_H
#define RSS_HARNESS_H

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define RSS_EXIT_USAGE	2

/* "s" unless @n is 1, for a count's noun: printf("%d thread%s", n, rss_s(n)). */
static inline const char *rss_s(long n)
{
	return n == 1 ? "" : "s";
}
/* A sanitizer's report (fail.c): no status a command gives, no verdict. */
#define RSS_EXIT_SANITIZER	99

/* `git describe --always --dirty` of the source tree when this binary was
 * built (a tarball's .gitrev, else "unknown"): harness/gitrev.c, made by make. */
extern const char rss_git_revision[];

/*
 * Prints "rssbench: MSG" on stderr and exits 2.  For bad input only.  The
 * line is at most 1024 bytes ("..." when cut); a control byte (a newline
 * too) or invalid UTF-8 in it is printed as \xNN: one line whatever the
 * values it quotes held.
 */
void rss_usage_error(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/* The same with @prefix after "rssbench: " and exit @status (gate's 3). */
void rss_error_exit(int status, const char *prefix, const char *fmt, va_list ap)
	__attribute__((noreturn, format(printf, 3, 0)));
/* The status rss_usage_error exits with from now on: `ab` exits as gate, 3. */
void rss_usage_status(int status);
/* A broken invariant: prints file:line, MSG and strerror(err), aborts. */
#define rss_die(err, ...) rss__die(__FILE__, __LINE__, err, __VA_ARGS__)
void rss__die(const char *file, int line, int err, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* Set to the signal by `rssbench run`'s SIGINT/SIGTERM handler: the running
 * cell stops at once (its result says so) and no other starts. */
extern volatile sig_atomic_t rss_interrupted;

/* Measures the cycle counter's rate against CLOCK_MONOTONIC_RAW (~50 ms,
 * once); later calls return the cached value.  Hz. */
double rss_clock_hz(void);
/* "rdtsc", "cntvct" or "clock_gettime". */
const char *rss_clock_source(void);
/* CLOCK_MONOTONIC nanoseconds. */
uint64_t rss_now_ns(void);

/* struct machine's place_on_node: libnuma when usable, else first touch. */
void rss_mem_place_on_node(void *addr, size_t len, int node);
/* "libnuma" or "first-touch (reason)". */
const char *rss_mem_backend(void);
/* Non-zero when memory can really be bound to a node here. */
int rss_mem_numa_usable(void);

#endif /* RSS_HARNESS_H */
