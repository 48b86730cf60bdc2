/*
 * slice.c - the scheduler's time slice (--slice): how long a task runs on
 * its CPU before the CPU picks the next task of its run queue.  The default
 * is the kernel's EEVDF base slice; a slice counted in operations makes the
 * switch points of an --events-per-task run deterministic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

/* kernel/sched/fair.c (6.6+): normalized_sysctl_sched_base_slice. */
#define BASE_SLICE_NS	750000ULL

/*
 * update_sysctl(): sysctl_sched_base_slice = factor * 0.75 ms, where
 * get_update_sysctl_factor() (SCHED_TUNABLESCALING_LOG, the default) is
 * 1 + ilog2(min(num_online_cpus(), 8)).  It runs at boot and again from
 * rq_online_fair()/rq_offline_fair(), so it follows the online CPUs.
 */
uint64_t rss_sched_base_slice_ns(int nr_online)
{
	int cpus = nr_online < 8 ? nr_online : 8;
	int log = 0;

	while (cpus >> (log + 1))
		log++;
	return BASE_SLICE_NS * (uint64_t)(1 + log);
}

int rss_slice_parse(const char *s, struct rss_slice *sl, char *err, size_t errlen)
{
	static const struct { const char *unit; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	char *end;
	size_t d, f;
	double v;

	memset(sl, 0, sizeof(*sl));
	if (!strcmp(s, "kernel")) {
		sl->kernel = 1;
		snprintf(sl->desc, sizeof(sl->desc), "kernel");
		return 0;
	}
	/* A plain decimal before the unit: no sign, exponent ("1e3ops") or hex. */
	d = strspn(s, "0123456789");
	f = s[d] == '.' ? strspn(s + d + 1, "0123456789") + 1 : 0;
	if (!d || f == 1 || d > 12)
		goto bad;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end != s + d + f || !(v > 0))
		goto bad;
	if (!strcmp(end, "ops")) {
		if (v != (double)(unsigned long)v || v > 1e12)
			goto bad;
		sl->ops = (unsigned long)v;
		snprintf(sl->desc, sizeof(sl->desc), "%luops", sl->ops);
		return 0;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit))
			continue;
		if (v * units[i].ns < 1000 || v * units[i].ns > 10e9)
			goto bad;
		sl->ns = (uint64_t)(v * units[i].ns + 0.5);
		snprintf(sl->desc, sizeof(sl->desc), "%s", s);
		return 0;
	}
bad:
	snprintf(err, errlen, "bad slice \"%.64s%s\": use kernel, a time from 1us to 10s (750us, 3ms) or a count of operations (200ops)", s,
		 strlen(s) > 64 ? "..." : "");
	return -EINVAL;
}

void rss_slice_resolve(struct rss_slice *sl, int nr_online)
{
	if (sl->kernel || (!sl->ns && !sl->ops)) {
		sl->kernel = 1;
		sl->ns = rss_sched_base_slice_ns(nr_online);
		snprintf(sl->desc, sizeof(sl->desc), "kernel");
	}
}
