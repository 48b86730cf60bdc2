/*
 * hostinfo.h - what a careful engineer checks before believing a number:
 * frequency governor and boost, SMT, transparent huge pages, ASLR,
 * perf_event_paranoid, hypervisor, load average (meta.json "host_state";
 * doc/results-format.md).  Read from /proc and /sys under a root prefix so
 * that tests can hand it a fake tree.
 */
#ifndef RSS_HOSTINFO_H
#define RSS_HOSTINFO_H

#define RSS_HOST_STR	96

/* Each string: the setting as the kernel names it, or "unavailable (why)". */
struct rss_host_state {
	char governor[RSS_HOST_STR];	/* cpu0's scaling_governor */
	char boost[RSS_HOST_STR];	/* "on", "off" (cpufreq boost, intel_pstate no_turbo) */
	char smt[RSS_HOST_STR];		/* smt/control: "on", "off", "notsupported", ... */
	char thp[RSS_HOST_STR];		/* transparent_hugepage/enabled: "madvise", ... */
	char aslr[RSS_HOST_STR];	/* randomize_va_space: "2" */
	char paranoid[RSS_HOST_STR];	/* perf_event_paranoid: "2" */
	char hypervisor[RSS_HOST_STR];	/* "kvm", "bhyve", ..., or "none" */
	int online_cpus;		/* CPUs online, 0 when unreadable */
	double load_before[3];		/* /proc/loadavg at the run's start; -1 unreadable */
	double load_after[3];		/* and at its end */
	/* After the matrix: summary cells flagged noisy (IQR above
	 * RSS_NOISY_IQR of the median), of all (meta.json "noise", run's table). */
	int noisy_cells, nr_cells;
};

/*
 * Fills everything but load_after from files under @root ("" for this
 * machine, else a directory holding proc/ and sys/), and the hypervisor
 * also from the CPUID hypervisor leaf when @root is "".
 */
void rss_host_state_read(struct rss_host_state *s, const char *root);

/* /proc/loadavg's three figures under @root into @load; -1 each when unreadable. */
void rss_host_loadavg(const char *root, double load[3]);

/* This machine's hypervisor ("kvm", "bhyve", "xen", ...), or "" on bare metal. */
const char *rss_host_hypervisor(void);

#endif /* RSS_HOSTINFO_H */
