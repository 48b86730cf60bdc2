/*
 * tap.h - a small TAP producer with libtap's names, for `make check`.
 * stdout is line-buffered so that a crash keeps the last line (kselftest).
 */
#ifndef RSS_TAP_H
#define RSS_TAP_H

void plan_tests(unsigned int n);
/* Plans no tests and skips the whole program with @fmt as the reason. */
void plan_skip_all(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Reports a test point; returns @pass. */
int ok(int pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define ok1(e)	ok(!!(e), "%s", #e)
void skip(unsigned int n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bail_out(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* 0 when every planned test ran and passed, else 1. */
int exit_status(void);

#endif /* RSS_TAP_H */
