/*
 * test_native_era.c - native knows its kernel: the era of a release string
 * (which scheme counts, whether /proc/self/status is precise, the cheap
 * read's bound), table-driven so that every era is tested on any host, and
 * the probes overriding a misleading release.
 */
#include <string.h>

#include "schemes/native_era.h"
#include "tap.h"

static const struct {
	const char *release;
	enum native_scheme scheme;
	int status_precise;
	/* Bound at 64 online and allowed CPUs, 66 real threads. */
	long bound;
} eras[] = {
	/* Debian's 6.1 (6.1.176 inside): split-rss, no precise read. */
	{ "6.1.0-50-cloud-amd64", NATIVE_SPLIT_RSS, 0, 66 * 66 },
	{ "5.15.0-91-generic", NATIVE_SPLIT_RSS, 0, 66 * 66 },
	{ "2.6.34", NATIVE_SPLIT_RSS, 0, 66 * 66 },
	/* f1a7941243c1: percpu_counter from 6.2; batch 128 at 64 CPUs. */
	{ "6.2.0", NATIVE_PERCPU_COUNTER, 0, 64 * 127 },
	{ "6.6.98", NATIVE_PERCPU_COUNTER, 0, 64 * 127 },
	{ "6.6.99", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	{ "6.12.38", NATIVE_PERCPU_COUNTER, 0, 64 * 127 },
	{ "6.12.39", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	{ "6.12.117+deb12-cloud-amd64", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	{ "6.13.12", NATIVE_PERCPU_COUNTER, 0, 64 * 127 },
	{ "6.15.6", NATIVE_PERCPU_COUNTER, 0, 64 * 127 },
	{ "6.15.7", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	/* 82241a83cd15 in v6.16: a release candidate has it. */
	{ "6.16-rc1", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	{ "6.16.0", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	{ "6.18.44-fc-v1045", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
	{ "7.0.0", NATIVE_PERCPU_COUNTER, 1, 64 * 127 },
};

#define NR_ERAS	(sizeof(eras) / sizeof(eras[0]))

static void test_releases(void)
{
	for (size_t i = 0; i < NR_ERAS; i++) {
		struct native_era e;
		char buf[200];
		int parsed = !native_era_from_release(eras[i].release, &e);

		ok(parsed && e.scheme == eras[i].scheme && e.status_precise == eras[i].status_precise &&
		   native_era_bound(&e, 66, 64, 64) == eras[i].bound &&
		   (native_era_no_precise(&e, buf, sizeof(buf)) == NULL) == eras[i].status_precise,
		   "%s: %s, status %s, bound %ld at 64 CPUs / 66 threads", eras[i].release,
		   eras[i].scheme == NATIVE_SPLIT_RSS ? "split-rss" : "percpu_counter",
		   eras[i].status_precise ? "precise" : "approximate (precise columns unavailable)",
		   eras[i].bound);
	}
}

static void test_bad_releases(void)
{
	static const char *const bad[] = { "", "linux", "six.one", "-1.2.3", NULL };
	struct native_era e;
	int rejected = 1;

	for (int i = 0; bad[i]; i++)
		rejected &= native_era_from_release(bad[i], &e) == -1;
	ok(rejected && native_era_from_release(NULL, &e) == -1,
	   "a release without VERSION.PATCHLEVEL is not an era");
}

/* A cgroup of 16 of 64 online CPUs: batch from the 64, residue on the 16. */
static void test_cpu_set(void)
{
	struct native_era e;

	native_era_from_release("6.12.39", &e);
	ok(native_era_bound(&e, 3, 64, 16) == 16 * 127, "percpu era: 16 allowed of 64 online: 2032");
	ok(native_era_bound(&e, 3, 2, 2) == 2 * 31, "percpu era: 2 CPUs: batch 32, bound 62");
	native_era_from_release("6.1.0", &e);
	ok(native_era_bound(&e, 3, 64, 16) == 3 * 66, "split-rss era: per thread, not per CPU");
}

static void test_probes(void)
{
	struct native_era e;
	char buf[256];

	/* A 6.12 whose release predates the backport but has it patched in. */
	native_era_from_release("6.12.10", &e);
	native_era_apply_probes(&e, NATIVE_PROBE_NO, NATIVE_PROBE_YES);
	native_era_describe(&e, "6.12.10", buf, sizeof(buf));
	ok(e.status_precise && e.scheme == NATIVE_PERCPU_COUNTER &&
	   !strcmp(e.status_from, "the probe over the release") &&
	   !strcmp(e.scheme_from, "release and probe agree"),
	   "a probe that sees a precise status overrides the release: %s", buf);
	native_era_from_release("6.1.0-50-cloud-amd64", &e);
	native_era_apply_probes(&e, NATIVE_PROBE_UNKNOWN, NATIVE_PROBE_UNKNOWN);
	ok(e.scheme == NATIVE_SPLIT_RSS && !e.status_precise && !strcmp(e.scheme_from, "release"),
	   "inconclusive probes leave the release's era");
	native_era_from_release("6.1.0", &e);
	native_era_apply_probes(&e, NATIVE_PROBE_NO, NATIVE_PROBE_NO);
	ok(e.scheme == NATIVE_PERCPU_COUNTER, "a zap that syncs nothing is percpu_counter, whatever the release");
	native_era_describe(&e, "6.1;x,\"y\n", buf, sizeof(buf));
	ok(!strpbrk(buf, ",;\"\n"), "a hostile release string is made safe for the notes");
}

int main(void)
{
	plan_tests((unsigned)NR_ERAS + 1 + 3 + 4);
	test_releases();
	test_bad_releases();
	test_cpu_set();
	test_probes();
	return exit_status();
}
