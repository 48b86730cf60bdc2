/*
 * test_pmu.c - PAPI probing, list parsing, per-thread counting and CSV
 * formatting; the same assertions hold with or without a PMU or PAPI.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pmu.h"
#include "tap.h"

#define NR_PAGES	256
#define NR_WORKERS	32
#define WATCHDOG_S	60

struct worker {
	const struct rss_pmu *pmu;
	char *mem;		/* NR_PAGES fresh pages to touch, or NULL */
	size_t page;
	int rc;
	long long values[RSS_PMU_MAX_EVENTS];
};

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct rss_pmu_thread *t;
	size_t i;

	w->rc = rss_pmu_thread_start(w->pmu, &t);
	if (w->rc)
		return NULL;
	for (i = 0; w->mem && i < NR_PAGES; i++)
		((volatile char *)w->mem)[i * w->page] = 1;
	rss_pmu_thread_stop(t, w->values);
	return NULL;
}

static int find(const struct rss_pmu *pmu, const char *name)
{
	int i;

	for (i = 0; i < pmu->nr; i++)
		if (!strcmp(pmu->ev[i].name, name))
			return i;
	return -1;
}

/* Every value is a count, and -1 exactly for the unavailable events. */
static int values_sane(const struct rss_pmu *pmu, const long long *v)
{
	int i;

	for (i = 0; i < pmu->nr; i++) {
		if (!pmu->ev[i].available && v[i] != -1)
			return 0;
		if (v[i] < -1)
			return 0;
	}
	return 1;
}

static void test_probe(void)
{
	const char *list = "PAPI_L1_DCM,perf::PAGE-FAULTS,NO_SUCH_EVENT_XYZ";
	struct rss_pmu pmu;
	char err[128];
	int i, rc, reasons = 1, avail = 0, nopapi = 1;

	rc = rss_pmu_probe(&pmu, list, err, sizeof(err));
	ok(rc == 0, "probe of %s returns 0", list);
	if (rc)
		diag("%s", err);
	diag("backend \"%s\", status \"%s\"", pmu.backend, pmu.status);
	ok(pmu.nr == 3, "3 events listed, got %d", pmu.nr);
	ok(find(&pmu, "PAPI_L1_DCM") == 0 &&
	   find(&pmu, "perf::PAGE-FAULTS") == 1 &&
	   find(&pmu, "NO_SUCH_EVENT_XYZ") == 2, "events kept in list order");
	for (i = 0; i < pmu.nr; i++) {
		diag("%s: %s", pmu.ev[i].name,
		     pmu.ev[i].available ? "available" : pmu.ev[i].reason);
		avail |= pmu.ev[i].available;
		if (!pmu.ev[i].available && !pmu.ev[i].reason[0])
			reasons = 0;
		if (pmu.ev[i].available ||
		    strcmp(pmu.ev[i].reason, "built without PAPI"))
			nopapi = 0;
	}
	ok(pmu.nr == 3 && !pmu.ev[2].available && pmu.ev[2].reason[0],
	   "unknown event is unavailable with a reason");
	ok(reasons, "every unavailable event has a reason");
	ok(avail == !strcmp(pmu.status, "ok"),
	   "status is \"ok\" exactly when an event is available");
#ifdef HAVE_PAPI
	(void)nopapi;
	ok(!strncmp(pmu.backend, "papi ", 5) ||
	   (!strcmp(pmu.backend, "none") && !avail),
	   "backend names PAPI, or nothing is counted");
#else
	ok(nopapi && !strcmp(pmu.backend, "none") &&
	   !strcmp(pmu.status, "built without PAPI"),
	   "without PAPI every event is unavailable: built without PAPI");
#endif
}

static void test_lists(void)
{
	struct rss_pmu pmu;
	char err[128], name[80];

	ok(rss_pmu_probe(&pmu, "none", err, sizeof(err)) == 0 && pmu.nr == 0,
	   "\"none\" gives no events");
	ok(rss_pmu_probe(&pmu, "", err, sizeof(err)) == 0 && pmu.nr == 0,
	   "\"\" gives no events");
	ok(rss_pmu_probe(&pmu, NULL, err, sizeof(err)) == 0 && pmu.nr == 4 &&
	   !strcmp(pmu.ev[2].name, "PAPI_L3_DCM") &&
	   !strcmp(pmu.ev[3].name, "perf::CPU-MIGRATIONS"),
	   "NULL gives the 4 default events");
	ok(rss_pmu_probe(&pmu, "a,b,c,d,e,f,g,h,i", err, sizeof(err)) ==
	   -EINVAL && strstr(err, "8") && pmu.nr == 0,
	   "9 events: -EINVAL, %s", err);
	ok(rss_pmu_probe(&pmu, "a,,b", err, sizeof(err)) == -EINVAL && err[0],
	   "empty name: -EINVAL, %s", err);
	memset(name, 'x', 64);
	name[64] = '\0';
	ok(rss_pmu_probe(&pmu, name, err, sizeof(err)) == -EINVAL && err[0],
	   "64-byte name: -EINVAL, %s", err);
}

static void test_count(void)
{
	struct rss_pmu pmu;
	struct worker w = { .pmu = &pmu };
	pthread_t th;
	char err[128];
	int pf;

	rss_pmu_probe(&pmu, "perf::PAGE-FAULTS,NO_SUCH_EVENT_XYZ,PAPI_L1_DCM",
		      err, sizeof(err));
	w.page = (size_t)sysconf(_SC_PAGESIZE);
	w.mem = mmap(NULL, NR_PAGES * w.page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w.mem == MAP_FAILED)
		bail_out("mmap of %d pages failed", NR_PAGES);
	madvise(w.mem, NR_PAGES * w.page, MADV_NOHUGEPAGE);
	if (pthread_create(&th, NULL, worker_fn, &w) || pthread_join(th, NULL))
		bail_out("cannot run a worker thread");
	munmap(w.mem, NR_PAGES * w.page);

	ok(w.rc == 0, "worker starts counting: %d", w.rc);
	pf = find(&pmu, "perf::PAGE-FAULTS");
	if (pmu.ev[pf].available)
		ok(w.values[pf] >= NR_PAGES, "%lld page faults for %d pages",
		   w.values[pf], NR_PAGES);
	else
		skip(1, "perf::PAGE-FAULTS unavailable: %s", pmu.ev[pf].reason);
	ok(w.values[1] == -1 && values_sane(&pmu, w.values),
	   "unavailable events read -1, not 0");
}

static void test_threads(void)
{
	struct worker w[NR_WORKERS];
	pthread_t th[NR_WORKERS];
	struct rss_pmu pmu;
	char err[128];
	int i, good = 1;

	rss_pmu_probe(&pmu, "perf::CONTEXT-SWITCHES,perf::CPU-MIGRATIONS,"
		      "PAPI_L2_DCM", err, sizeof(err));
	memset(w, 0, sizeof(w));
	for (i = 0; i < NR_WORKERS; i++) {
		w[i].pmu = &pmu;
		if (pthread_create(&th[i], NULL, worker_fn, &w[i]))
			bail_out("cannot start worker %d", i);
	}
	for (i = 0; i < NR_WORKERS; i++) {
		pthread_join(th[i], NULL);
		if (w[i].rc || !values_sane(&pmu, w[i].values))
			good = 0;
	}
	ok(good, "%d concurrent workers start and stop cleanly", NR_WORKERS);
}

static void test_format(void)
{
	struct rss_pmu pmu;
	char err[128], buf[160];
	const char *why;

	rss_pmu_probe(&pmu, "NO_SUCH_EVENT_XYZ", err, sizeof(err));
	why = rss_pmu_format(&pmu, 0, 1, 10, 4, buf, sizeof(buf));
	ok(!strcmp(buf, "NA") && why && *why, "unavailable event: %s (%s)", buf, why);

	memset(&pmu, 0, sizeof(pmu));
	pmu.nr = 2;
	strcpy(pmu.ev[0].reason, "a, \"b\"");
	pmu.ev[1].available = 1;
	why = rss_pmu_format(&pmu, 0, 1, 10, 4, buf, sizeof(buf));
	ok(why && !strcmp(why, "a, \"b\""), "the reason is PAPI's, for the notes: %s", why);
	why = rss_pmu_format(&pmu, 1, 1, 10, 4, buf, sizeof(buf));
	ok(!why && !strcmp(buf, "2.5000"), "available event per op: %s", buf);
	why = rss_pmu_format(&pmu, 1, 0, 10, 4, buf, sizeof(buf));
	ok(!strcmp(buf, "NA") && why, "event some worker missed: %s (%s)", buf, why);
}

int main(void)
{
	alarm(WATCHDOG_S);
	plan_tests(21);
	test_probe();
	test_lists();
	test_count();
	test_threads();
	test_format();
	return exit_status();
}
