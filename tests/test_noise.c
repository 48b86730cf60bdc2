/*
 * test_noise.c - the machine's noise sources read from a fake /proc and /sys
 * (hostinfo.h), the spread and noisy rule of summary.csv, and pmu-check's
 * verdict on given figures: all logic, no timing.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostinfo.h"
#include "pmu_check.h"
#include "results.h"
#include "stats.h"
#include "tap.h"

static char root[64];

static void put(const char *path, const char *text)
{
	char full[512], *slash;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (slash = strchr(full + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0755);
		*slash = '/';
	}
	if (!(f = fopen(full, "w")) || fputs(text, f) < 0 || fclose(f))
		bail_out("cannot write %s", full);
}

static void test_host(void)
{
	struct rss_host_state h;

	snprintf(root, sizeof(root), "tests/tmp-noise-%d", (int)getpid());
	mkdir(root, 0755);
	rss_host_state_read(&h, root);
	ok(!strncmp(h.governor, "unavailable (", 13) && !strncmp(h.boost, "unavailable (", 13) &&
	   !strncmp(h.thp, "unavailable (", 13) && !strcmp(h.hypervisor, "none") &&
	   h.load_before[0] == -1 && h.online_cpus == 0,
	   "an empty tree: every figure unavailable with a reason, load -1");

	put("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
	put("/sys/devices/system/cpu/cpufreq/boost", "1\n");
	put("/sys/devices/system/cpu/smt/control", "off\n");
	put("/sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never\n");
	put("/proc/sys/kernel/randomize_va_space", "0\n");
	put("/proc/sys/kernel/perf_event_paranoid", "3\n");
	put("/sys/devices/system/cpu/online", "0-3,8,10-11\n");
	put("/proc/loadavg", "5.50 1.25 0.75 3/200 1234\n");
	put("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu sse2 hypervisor lm\n");
	rss_host_state_read(&h, root);
	ok(!strcmp(h.governor, "performance") && !strcmp(h.boost, "on") &&
	   !strcmp(h.smt, "off"), "governor performance, boost on, SMT off");
	ok(!strcmp(h.thp, "madvise"), "THP: the bracketed setting: %s", h.thp);
	ok(!strcmp(h.aslr, "0") && !strcmp(h.paranoid, "3"), "ASLR 0, perf_event_paranoid 3");
	ok(h.online_cpus == 7, "online 0-3,8,10-11: 7 CPUs, got %d", h.online_cpus);
	ok(h.load_before[0] == 5.5 && h.load_before[1] == 1.25 && h.load_before[2] == 0.75 &&
	   h.load_after[0] == -1, "load average before 5.50 1.25 0.75, after not yet read");
	ok(!strcmp(h.hypervisor, "unknown hypervisor (cpuinfo flag)"),
	   "cpuinfo's hypervisor flag alone: %s", h.hypervisor);

	put("/sys/hypervisor/type", "xen\n");
	unlink(strcat(strcpy((char[512]){ 0 }, root), "/sys/devices/system/cpu/cpufreq/boost"));
	put("/sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
	rss_host_state_read(&h, root);
	ok(!strcmp(h.hypervisor, "xen") && !strcmp(h.boost, "off"),
	   "/sys/hypervisor/type xen; intel_pstate no_turbo 1: boost off");
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
		if (system(cmd) != 0)
			diag("could not remove %s", root);
	}
}

static const struct workload_ops wl = { .name = "fault" };
static const struct scheme_ops sa = { .name = "atomic" }, sb = { .name = "percpu" };

static void test_spread(void)
{
	double v[] = { 110, 100, 105 }, one[] = { 7 }, zero[] = { 0, 0 };
	struct rss_row rows[6];
	char first[256];
	double a[] = { 100, 104, 102 }, b[] = { 100, 130, 110 };
	/* Nine repetitions, one 40 % outlier: max - min says 40 %, the IQR 2 %. */
	double nine[] = { 100, 101, 99, 102, 100, 140, 98, 101, 100 };
	double ten[] = { 110, 90, 100 };

	ok(fabs(rss_spread(v, 3) - 10.0 / 105) < 1e-12, "spread of 110,100,105: 10/105");
	ok(isnan(rss_spread(one, 1)) && isnan(rss_spread(zero, 2)),
	   "one repetition or a zero median: no spread (NAN)");
	ok(fabs(rss_rel_iqr(v, 3) - 5.0 / 105) < 1e-12, "IQR of 110,100,105 over the median: 5/105");
	ok(isnan(rss_rel_iqr(one, 1)) && isnan(rss_rel_iqr(zero, 2)),
	   "one repetition or a zero median: no IQR (NAN)");
	ok(rss_rel_iqr(nine, 9) <= RSS_NOISY_IQR && rss_spread(nine, 9) > RSS_NOISY_IQR,
	   "one outlier in nine repetitions is not noisy (IQR %.1f %%, max - min %.0f %%)",
	   100 * rss_rel_iqr(nine, 9), 100 * rss_spread(nine, 9));
	ok(rss_rel_iqr(ten, 3) == RSS_NOISY_IQR, "90,100,110: IQR exactly 10 %% of the median");
	memset(rows, 0, sizeof(rows));
	for (int i = 0; i < 6; i++) {
		rows[i] = (struct rss_row){ .workload = &wl, .scheme = i % 2 ? &sb : &sa,
					    .threads = 2, .migration = "none", .rep = i / 2 + 1 };
		rows[i].r.cycles_per_op = i % 2 ? b[i / 2] : a[i / 2];
		rows[i].r.ops = 1000;	/* a repetition with no operation has no cycles */
	}
	ok(rss_summary_noisy(rows, 6, first, sizeof(first)) == 1 &&
	   !strcmp(first, "fault/percpu threads=2 none: cycles per op IQR 13.6 % of the median"),
	   "an IQR of 2 %% is not noisy, 13.6 %% is, and named: %s", first);
	for (int i = 1; i < 6; i += 2)
		rows[i].r.cycles_per_op = ten[i / 2];
	ok(rss_summary_noisy(rows, 6, first, sizeof(first)) == 0 && !first[0],
	   "an IQR of exactly %.0f %% is not noisy", 100 * RSS_NOISY_IQR);
}

static void test_verdict(void)
{
	struct rss_pmu pmu = { .nr = 4 };
	struct rss_pmu_check r = { .writes = 1000 };

	for (int i = 0; i < 4; i++) {
		pmu.ev[i].available = 1;
		r.counted[i] = 1;
	}
	pmu.ev[3].software = 1;
	r.shared[0] = 0.9, r.private_[0] = 0.001;
	r.shared[1] = 0.4, r.private_[1] = 0.0;
	r.shared[2] = 1.0, r.private_[2] = 0.2;
	r.shared[3] = 5.0, r.private_[3] = 0.0;
	ok(rss_pmu_check_verdict(&pmu, 0, &r) == RSS_PMU_MOVES,
	   "0.9 misses per bounced write, 0.001 per own write: moves");
	ok(rss_pmu_check_verdict(&pmu, 1, &r) == RSS_PMU_FLAT,
	   "0.4 per bounced write: too few to see the bounce");
	ok(rss_pmu_check_verdict(&pmu, 2, &r) == RSS_PMU_FLAT,
	   "1.0 against 0.2: within %.0fx, cannot tell them apart", RSS_PMU_CHECK_MIN_RATIO);
	ok(rss_pmu_check_verdict(&pmu, 3, &r) == RSS_PMU_NOT_MISS,
	   "a software event is never judged a miss event");
	r.counted[0] = 0;
	pmu.ev[1].available = 0;
	ok(rss_pmu_check_verdict(&pmu, 0, &r) == RSS_PMU_UNCOUNTED &&
	   rss_pmu_check_verdict(&pmu, 1, &r) == RSS_PMU_UNCOUNTED,
	   "not counted by both threads, or unavailable: uncounted");
}

int main(void)
{
	plan_tests(21);
	test_host();
	test_spread();
	test_verdict();
	return exit_status();
}
