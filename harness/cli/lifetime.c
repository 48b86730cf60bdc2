/*
 * lifetime.c - how an rssbench process ends: every catchable signal whose
 * default is to terminate stops the run as SIGINT does (the finished rows
 * kept, exit 128+sig); a crash (SIGSEGV, SIGBUS, ...) says, from an
 * alternate stack, where the finished rows are before it dies of it; a
 * process whose parent asked for it (run-all, a scenario) dies with that
 * parent (PR_SET_PDEATHSIG, checked after it is set); and a stack limit too
 * small for the main thread is raised, or refused, before anything runs.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"
#include "lifetime.h"

/* What the main thread's deepest frames need (rss_pretouch_stack's 64 KiB and more). */
#define RSS_MIN_STACK	(1024 * 1024)

/* The asynchronous signals whose default action ends the process.  SIGPROF
 * is left to profilers; SIGKILL and SIGSTOP cannot be caught. */
static const int stop_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGIO,
#ifdef SIGPWR
	SIGPWR,
#endif
};

void rss_catch_stop_signals(void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaddset(&sa.sa_mask, stop_signals[i]);
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
		sigaddset(&sa.sa_mask, s);
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		sigaction(stop_signals[i], &sa, NULL);
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
		sigaction(s, &sa, NULL);
}

void rss_default_stop_signals(void)
{
	for (size_t i = 0; i < sizeof(stop_signals) / sizeof(stop_signals[0]); i++)
		signal(stop_signals[i], SIG_DFL);
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
		signal(s, SIG_DFL);
}

static char crash_msg[PATH_MAX + 256];
static size_t crash_len;

/* Async-signal-safe: one write, then the signal's own default action. */
static void on_crash(int sig)
{
	ssize_t n = write(STDERR_FILENO, crash_msg, crash_len);

	(void)n;
	signal(sig, SIG_DFL);
	raise(sig);
}

void rss_catch_crash(const char *dir)
{
	static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGSYS };
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_handler = on_crash, .sa_flags = SA_ONSTACK };

	/* A sanitizer's own handler reports the crash better. */
	if (strcmp(RSS_SANITIZERS, "no"))
		return;
	snprintf(crash_msg, sizeof(crash_msg), "rssbench: crashed (a fatal signal follows); the rows finished so far are in %.*s (meta.json \"complete\": false; readers take it with --allow-partial)\n",
		 PATH_MAX, dir);
	crash_len = strlen(crash_msg);
	if (sigaltstack(&ss, NULL))
		sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++)
		sigaction(crash_signals[i], &sa, NULL);
}

int rss_die_with(pid_t parent, int sig)
{
	if (prctl(PR_SET_PDEATHSIG, sig))
		return -errno;
	/* The parent may have died before the request: then no signal comes. */
	return getppid() == parent ? 0 : -ESRCH;
}

void rss_die_with_parent(void)
{
	const char *v = getenv(RSS_PARENT_ENV);
	char *end;
	long pid;

	if (!v)
		return;
	errno = 0;
	pid = strtol(v, &end, 10);
	if (errno || end == v || *end || pid <= 1)
		rss_usage_error("$%s is \"%.40s\", not a process id; unset it (run-all sets it for its children)",
				RSS_PARENT_ENV, v);
	/* Only for this process: its own children are asked for separately. */
	unsetenv(RSS_PARENT_ENV);
	if (rss_die_with((pid_t)pid, SIGTERM))
		raise(SIGTERM);
}

int rss_stack_limit_check(char *err, size_t errlen)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur >= RSS_MIN_STACK)
		return 0;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= RSS_MIN_STACK) {
		/* The main thread's stack grows against the limit of the moment. */
		rl.rlim_cur = RSS_MIN_STACK;
		if (!setrlimit(RLIMIT_STACK, &rl))
			return 0;
	}
	snprintf(err, errlen, "the stack limit (ulimit -s %llu, hard %llu KiB) is below the %d KiB rssbench needs; raise it (ulimit -s 8192)",
		 (unsigned long long)rl.rlim_cur / 1024, (unsigned long long)rl.rlim_max / 1024,
		 RSS_MIN_STACK / 1024);
	return -ENOMEM;
}

/*
 * A cell that could not run: name the resource limit that is the likely
 * cause, and what to do.  @workload is the cell's (NULL outside a cell):
 * oom-scan's address space grows with --scan-mms (@scan_mms mms), not
 * with the thread count.
 */
void rss_limit_hint(char *err, size_t len, int ret, int threads, const char *workload,
		    long scan_mms)
{
	struct rlimit rl;
	int res = ret == -EAGAIN ? RLIMIT_NPROC : ret == -ENOMEM ? RLIMIT_AS : -1;
	size_t n = strlen(err);

	if (res < 0 || getrlimit(res, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return;
	if (res == RLIMIT_NPROC)
		snprintf(err + n, len - n, ": the process limit (ulimit -u %llu) is too low for %d thread%s; raise it or run fewer --threads",
			 (unsigned long long)rl.rlim_cur, threads, rss_s(threads));
	else if (workload && !strncmp(workload, "oom-scan", 8))
		snprintf(err + n, len - n, ": the address-space limit (ulimit -v %llu) is too low for the %ld mm%s of --scan-mms; raise it or give fewer --scan-mms",
			 (unsigned long long)rl.rlim_cur / 1024, scan_mms, rss_s(scan_mms));
	else
		snprintf(err + n, len - n, ": the address-space limit (ulimit -v %llu) is too low for %d thread%s; raise it or run fewer --threads",
			 (unsigned long long)rl.rlim_cur / 1024, threads, rss_s(threads));
}
