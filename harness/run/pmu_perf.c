/*
 * pmu_perf.c - perf events counted with perf_event_open(2) directly, one
 * file descriptor per event per worker thread (pid 0, any CPU), for when
 * PAPI cannot: its perf_event component is disabled wherever libpfm4 finds
 * no PMU, which also takes the kernel's software events away from it.
 * Names follow libpfm4's "perf" PMU (perf::CPU-MIGRATIONS), aliases perf(1)'s.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hostinfo.h"
#include "pmu_backend.h"

#define HW_CACHE(c, op, res) \
	((c) | (PERF_COUNT_HW_CACHE_OP_##op << 8) | (PERF_COUNT_HW_CACHE_RESULT_##res << 16))

const struct rss_perf_event rss_perf_events[] = {
	{ "perf::CPU-MIGRATIONS", "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS,
	  "times the thread moved to another CPU" },
	{ "perf::CONTEXT-SWITCHES", "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES,
	  "context switches of the thread" },
	{ "perf::PAGE-FAULTS", "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS,
	  "page faults (minor and major)" },
	{ "perf::MINOR-FAULTS", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN,
	  "page faults served without I/O" },
	{ "perf::MAJOR-FAULTS", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ,
	  "page faults that needed I/O" },
	{ "perf::TASK-CLOCK", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK,
	  "ns the thread ran" },
	{ "perf::CYCLES", "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES,
	  "core cycles (hardware PMU)" },
	{ "perf::INSTRUCTIONS", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS,
	  "instructions retired (hardware PMU)" },
	{ "perf::CACHE-REFERENCES", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES,
	  "last-level cache references (hardware PMU)" },
	{ "perf::CACHE-MISSES", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES,
	  "last-level cache misses (hardware PMU)" },
	{ "perf::L1-DCACHE-LOAD-MISSES", NULL, PERF_TYPE_HW_CACHE,
	  HW_CACHE(PERF_COUNT_HW_CACHE_L1D, READ, MISS), "L1 data cache load misses (hardware PMU)" },
	{ "perf::LLC-LOAD-MISSES", NULL, PERF_TYPE_HW_CACHE,
	  HW_CACHE(PERF_COUNT_HW_CACHE_LL, READ, MISS), "last-level cache load misses (hardware PMU)" },
	{ "perf::LLC-STORE-MISSES", NULL, PERF_TYPE_HW_CACHE,
	  HW_CACHE(PERF_COUNT_HW_CACHE_LL, WRITE, MISS), "last-level cache store misses (hardware PMU)" },
	{ NULL, NULL, 0, 0, NULL },
};

const struct rss_perf_event *rss_perf_find(const char *name)
{
	const char *bare = strncasecmp(name, "perf::", 6) ? NULL : name + 6;

	if (!bare)
		return NULL;
	for (const struct rss_perf_event *e = rss_perf_events; e->name; e++)
		if (!strcasecmp(bare, e->name + 6) || (e->alias && !strcasecmp(bare, e->alias)))
			return e;
	return NULL;
}

int rss_perf_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int v = -100;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -100;
		fclose(f);
	}
	return v;
}

static int perf_open(const struct rss_perf_event *e, int exclude_kernel)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = e->type;
	a.config = e->config;
	a.exclude_kernel = (unsigned)exclude_kernel;
	a.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* Why perf_event_open() refused @e with @err, and what to change. */
static void explain(const struct rss_perf_event *e, int err, char *why, size_t len)
{
	int p = rss_perf_paranoid();

	if ((err == EACCES || err == EPERM) && p > -100)
		snprintf(why, len, "perf_event_open: %s at perf_event_paranoid %d: set "
			 "sysctl kernel.perf_event_paranoid=%d (or run with CAP_PERFMON)",
			 strerror(err), p, p > 2 ? 2 : p > 1 ? 1 : -1);
	else if (err == EACCES || err == EPERM)
		snprintf(why, len, "perf_event_open: %s: perf_event_paranoid unreadable; "
			 "lower it or run with CAP_PERFMON", strerror(err));
	else if (e->type != PERF_TYPE_SOFTWARE && (err == ENOENT || err == EOPNOTSUPP ||
						   err == ENODEV))
		snprintf(why, len, "perf_event_open: %s (no hardware PMU%s)", strerror(err),
			 rss_host_hypervisor()[0] ? " in this VM" : "");
	else if (err == ENOSYS)
		snprintf(why, len, "perf_event_open: %s: kernel built without perf events",
			 strerror(err));
	else
		snprintf(why, len, "perf_event_open: %s", strerror(err));
}

int rss_perf_try(const struct rss_perf_event *e, int *kernel, char *why, size_t len)
{
	int fd = perf_open(e, 0), err;

	*kernel = fd >= 0;
	/* perf_event_paranoid 2 forbids kernel mode to the unprivileged. */
	if (fd < 0 && (errno == EACCES || errno == EPERM))
		fd = perf_open(e, 1);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = errno;
	explain(e, err, why, len);
	return -err;
}

struct rss_perf_thread {
	int nr;
	int fd[RSS_PMU_MAX_EVENTS];
	long long start[RSS_PMU_MAX_EVENTS];
};

static long long read_count(int fd)
{
	long long v;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? v : -1;
}

struct rss_perf_thread *rss_perf_thread_start(const struct rss_pmu *pmu)
{
	struct rss_perf_thread *t = NULL;

	for (int i = 0; i < pmu->nr; i++) {
		const struct rss_pmu_event *ev = &pmu->ev[i];
		const struct rss_perf_event *e;

		if (!ev->available || ev->source != RSS_PMU_PERF || !(e = rss_perf_find(ev->name)))
			continue;
		if (!t) {
			if (!(t = calloc(1, sizeof(*t))))
				return NULL;
			t->nr = pmu->nr;
			for (int k = 0; k < RSS_PMU_MAX_EVENTS; k++)
				t->fd[k] = -1;
		}
		t->fd[i] = perf_open(e, !ev->kernel);
		if (t->fd[i] >= 0 && (t->start[i] = read_count(t->fd[i])) < 0) {
			close(t->fd[i]);
			t->fd[i] = -1;
		}
	}
	return t;
}

void rss_perf_thread_stop(struct rss_perf_thread *t, long long *values)
{
	if (!t)
		return;
	for (int i = 0; i < t->nr; i++) {
		long long v;

		if (t->fd[i] < 0)
			continue;
		v = read_count(t->fd[i]);
		if (values && v >= t->start[i])
			values[i] = v - t->start[i];
		close(t->fd[i]);
	}
	free(t);
}
