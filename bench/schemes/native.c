/*
 * native.c - no userspace counter: the running kernel's own accounting, so
 * each port's cost is seen beside the real operation and the kernel's own
 * error is measured the same way as the ports'.
 *
 * Cheap read: /proc/self/stat's rss field (get_mm_rss(), the approximate
 * sum).  It has no per-counter split, so the whole delta is reported for
 * ANON, the only counter the workloads change.  Precise read:
 * /proc/self/status RssAnon/RssFile/RssShmem/VmSwap, precise sums since
 * 82241a83cd15 (v6.16).  Both are deltas from the state when the first mm of
 * a run was created.  The reads cover the whole process, whatever the mm.
 */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "percpu_counter_core.h"
#include "rss.h"

static struct {
	int stat_fd, status_fd;
	long page_kb;
	long live_mms;
	long base_rss;
	long base_sum[RSS_NR_COUNTERS];
} native = { .stat_fd = -1, .status_fd = -1 };

static struct mm native_mm_obj;

/* Re-reads a seq_file from offset 0; returns bytes or -1. */
static ssize_t read_proc(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	if (n >= 0)
		buf[n] = '\0';
	return n;
}

/* Field 24 of /proc/self/stat: resident pages. */
static long raw_rss(void)
{
	char buf[1024], *p;
	long rss = 0;

	if (read_proc(native.stat_fd, buf, sizeof(buf)) <= 0)
		return 0;
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	/* p + 1 is the blank before field 3 (state); rss is field 24. */
	p++;
	for (int field = 3; field < 24 && p; field++)
		p = strchr(p + 1, ' ');
	if (p)
		rss = strtol(p + 1, NULL, 10);
	return rss;
}

static long raw_sum(int ctr)
{
	static const char *const key[RSS_NR_COUNTERS] = {
		[RSS_FILEPAGES] = "RssFile:",
		[RSS_ANONPAGES] = "RssAnon:",
		[RSS_SWAPENTS] = "VmSwap:",
		[RSS_SHMEMPAGES] = "RssShmem:",
	};
	char buf[4096], *p;

	if (read_proc(native.status_fd, buf, sizeof(buf)) <= 0)
		return 0;
	p = strstr(buf, key[ctr]);
	if (!p)
		return 0;
	return strtol(p + strlen(key[ctr]), NULL, 10) / native.page_kb;
}

static int native_setup(const struct machine *m)
{
	native.stat_fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	native.status_fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	native.page_kb = sysconf(_SC_PAGESIZE) / 1024;
	native.live_mms = 0;
	if (native.stat_fd < 0 || native.status_fd < 0)
		return -1;
	return 0;
}

static void native_teardown(void)
{
	close(native.stat_fd);
	close(native.status_fd);
	native.stat_fd = native.status_fd = -1;
}

/* The first mm of a run takes the baseline the deltas are taken from. */
static struct mm *native_mm_create(struct cpu *cpu)
{
	if (__atomic_fetch_add(&native.live_mms, 1, __ATOMIC_RELAXED) == 0) {
		native.base_rss = raw_rss();
		for (int i = 0; i < RSS_NR_COUNTERS; i++)
			native.base_sum[i] = raw_sum(i);
	}
	return &native_mm_obj;
}

static int native_mm_destroy(struct mm *mm, struct cpu *cpu)
{
	__atomic_fetch_sub(&native.live_mms, 1, __ATOMIC_RELAXED);
	return 0;
}

/* The kernel counted the page when the workload touched it. */
static void native_add(struct mm *mm, int ctr, long v, struct task *cur,
		       struct cpu *cpu)
{
}

static long native_read(struct mm *mm, int ctr)
{
	return ctr == RSS_ANONPAGES ? raw_rss() - native.base_rss : 0;
}

static long native_read_sum(struct mm *mm, int ctr)
{
	return raw_sum(ctr) - native.base_sum[ctr];
}

/* The counters live in the kernel, not in this process. */
static size_t native_footprint(const struct machine *m)
{
	return 0;
}

/*
 * Since 6.2 the kernel's own counters are percpu_counters on the real
 * machine (whatever topology the run simulates): batch from its online CPUs,
 * residue on the CPUs this process may run on (sched_getaffinity), and the
 * stat field sums three of them (FILE + ANON + SHMEM).  Older kernels: no
 * bound is reported (-1, shown as unavailable).
 */
static struct bound native_error_bound(const struct machine *m, int nr_tasks, long pages)
{
	struct machine real = { .nr_online = (int)sysconf(_SC_NPROCESSORS_ONLN) };
	struct utsname u;
	cpu_set_t set;
	int major = 0, minor = 0;
	long b;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2 ||
	    major * 1000 + minor < 6002)
		return (struct bound){ -1, -1 };
	real.nr_allowed = sched_getaffinity(0, sizeof(set), &set) ? real.nr_online :
			  CPU_COUNT(&set);
	b = 3 * rss_percpu_counter_bound(&real);
	return (struct bound){ b, b };
}

const struct scheme_ops rss_scheme_native = {
	.name		= "native",
	.summary	= "no userspace counter: the running kernel's own RSS accounting",
	.origin		= "the running kernel (/proc/self/stat rss; /proc/self/status, 82241a83cd15)",
	.flags		= RSS_SCHEME_PROCESS_WIDE,
	.setup		= native_setup,
	.teardown	= native_teardown,
	.mm_create	= native_mm_create,
	.mm_destroy	= native_mm_destroy,
	.add		= native_add,
	.read		= native_read,
	.read_sum	= native_read_sum,
	.footprint	= native_footprint,
	.error_bound	= native_error_bound,
};
