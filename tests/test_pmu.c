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
	const char *list = "PAPI_L1_DCM,perf::PAGE-FAULTS,amd64_nosuch::NO_SUCH_EVENT_XYZ";
	struct rss_pmu pmu;
	char err[256];
	int i, rc, reasons = 1, avail = 0, sources = 1;

	rc = rss_pmu_probe(&pmu, list, err, sizeof(err));
	ok(rc == 0, "probe of %s returns 0", list);
	if (rc)
		diag("%s", err);
	diag("backend \"%s\", PAPI \"%s\", status \"%s\"", pmu.backend, pmu.papi_status,
	     pmu.status);
	ok(pmu.nr >= 3, "3 events listed and maybe substitutes, got %d", pmu.nr);
	ok(find(&pmu, "PAPI_L1_DCM") == 0 &&
	   find(&pmu, "perf::PAGE-FAULTS") == 1 &&
	   find(&pmu, "amd64_nosuch::NO_SUCH_EVENT_XYZ") == 2, "events kept in list order");
	for (i = 0; i < pmu.nr; i++) {
		diag("%s: %s (%s)", pmu.ev[i].name,
		     pmu.ev[i].available ? "available" : pmu.ev[i].reason,
		     rss_pmu_source_name(pmu.ev[i].source));
		avail |= pmu.ev[i].available;
		if (!pmu.ev[i].available && !pmu.ev[i].reason[0])
			reasons = 0;
		if (pmu.ev[i].available != (pmu.ev[i].source != RSS_PMU_NONE))
			sources = 0;
	}
	ok(pmu.nr >= 3 && !pmu.ev[2].available && pmu.ev[2].reason[0],
	   "a PMU's event unknown here is unavailable with a reason");
	ok(reasons, "every unavailable event has a reason");
	ok(sources, "exactly the available events have a source");
	ok(avail == !strcmp(pmu.status, "ok"),
	   "status is \"ok\" exactly when an event is available");
#ifdef HAVE_PAPI
	ok(!strncmp(pmu.backend, "papi ", 5) || !strcmp(pmu.backend, "none"),
	   "backend names PAPI or none: %s", pmu.backend);
#else
	ok(!strcmp(pmu.backend, "none") && !strcmp(pmu.papi_status, "built without PAPI"),
	   "without PAPI: backend none, built without PAPI");
#endif
}

/* One line of text: a message for stderr. */
static int one_line(const char *s)
{
	return s[0] && !strchr(s, '\n');
}

/*
 * A name that is no event at all is an input error (-ENOENT: exit 2), not a
 * blank column, on every machine: the property users rely on, asserted
 * without the libraries' words (libpfm4 versions word their lookups
 * differently: "not in the table", "event unknown on this CPU").
 */
static void test_unknown(void)
{
	struct rss_pmu pmu;
	char err[256];
	int rc;

	ok(rss_pmu_probe(&pmu, "perf::CPU-MIGRATIONS,NO_SUCH_EVENT", err, sizeof(err)) ==
	   -ENOENT && strstr(err, "\"NO_SUCH_EVENT\"") && one_line(err) && pmu.nr == 0,
	   "unknown name: -ENOENT, one line naming it: %s", err);
	/* perf:: is the kernel's generic PMU, alike on every CPU: a name nothing knows. */
	rc = rss_pmu_probe(&pmu, "perf::NO-SUCH", err, sizeof(err));
	ok(rc == -ENOENT && strstr(err, "\"perf::NO-SUCH\"") && one_line(err) && pmu.nr == 0,
	   "perf:: name no one knows: -ENOENT whatever libpfm4 says (rc %d: %s)", rc, err);
	rc = rss_pmu_probe(&pmu, "PERF::no-such,perf::PAGE-FAULTS", err, sizeof(err));
	ok(rc == -ENOENT && pmu.nr == 0, "... in any case, beside a good one (rc %d)", rc);
	/*
	 * The other path: a name a library knows (a PAPI preset; a native
	 * event of another CPU's PMU) that this CPU may not count is no input
	 * error: rc 0, counted or unavailable with a reason.
	 */
	rc = rss_pmu_probe(&pmu, "PAPI_L3_DCM,amd64_nosuch::NO_SUCH_EVENT_XYZ", err, sizeof(err));
	ok(rc == 0 && pmu.nr >= 2 && (pmu.ev[0].available || pmu.ev[0].reason[0]) &&
	   !pmu.ev[1].available && pmu.ev[1].reason[0],
	   "known to a library, maybe not countable here: rc 0, counted or with a reason (rc %d)",
	   rc);
	ok(rss_pmu_probe(&pmu, "perf::cs,perf::Migrations", err, sizeof(err)) == 0 &&
	   !strcmp(pmu.ev[0].name, "perf::CONTEXT-SWITCHES") &&
	   !strcmp(pmu.ev[1].name, "perf::CPU-MIGRATIONS") && pmu.ev[0].software,
	   "perf(1) aliases and any case name the table's event");
}

/*
 * Hardware event unavailable: the software events are counted besides,
 * marked, and named on its line; where perf_event_open() fails too, the
 * line says "nothing".
 */
static void test_substitutes(void)
{
	struct rss_pmu pmu;
	char err[256], line[4096] = "";
	FILE *f = fmemopen(line, sizeof(line) - 1, "w");
	int subs = 0;

	rss_pmu_probe(&pmu, "PAPI_L2_DCM,perf::PAGE-FAULTS", err, sizeof(err));
	rss_pmu_print_unavailable(&pmu, f);
	fclose(f);
	for (int i = 0; i < pmu.nr; i++)
		subs += pmu.ev[i].substitute;
	if (pmu.ev[0].available) {
		ok(subs == 0 && !line[0], "hardware counted: no substitutes, no line");
		skip(1, "PAPI_L2_DCM is counted here");
		return;
	}
	if (!pmu.ev[1].available) {
		ok(subs == 0, "perf_event_open fails too: nothing substituted");
		ok(strstr(line, "counted instead: nothing") != NULL, "line: %s", line);
		return;
	}
	ok(pmu.nr == 4 && subs == 2 && find(&pmu, "perf::CPU-MIGRATIONS") == 2 &&
	   find(&pmu, "perf::CONTEXT-SWITCHES") == 3 && pmu.ev[2].available &&
	   pmu.ev[2].source == RSS_PMU_PERF,
	   "PAPI_L2_DCM unavailable: the two software events not listed are added");
	ok(!strncmp(line, "rssbench: event PAPI_L2_DCM unavailable: ", 41) &&
	   strstr(line, "counted instead: perf::PAGE-FAULTS, perf::CPU-MIGRATIONS, "
		  "perf::CONTEXT-SWITCHES\n") && !strchr(strchr(line, '\n') + 1, '\n'),
	   "one line naming the cause and what is counted: %s", line);
}

static void test_lists(void)
{
	struct rss_pmu pmu;
	char err[128], name[80];

	ok(rss_pmu_probe(&pmu, "none", err, sizeof(err)) == 0 && pmu.nr == 0,
	   "\"none\" gives no events");
	ok(rss_pmu_probe(&pmu, "", err, sizeof(err)) == 0 && pmu.nr == 0,
	   "\"\" gives no events");
	ok(rss_pmu_probe(&pmu, NULL, err, sizeof(err)) == 0 && pmu.nr >= 4 &&
	   !pmu.ev[3].substitute && (pmu.nr == 4 || pmu.ev[4].substitute) &&
	   !strcmp(pmu.ev[2].name, "PAPI_L3_DCM") &&
	   !strcmp(pmu.ev[3].name, "perf::CPU-MIGRATIONS"),
	   "NULL gives the 4 default events (then substitutes)");
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

	rss_pmu_probe(&pmu, "perf::PAGE-FAULTS,amd64_nosuch::NO_SUCH_EVENT_XYZ,PAPI_L1_DCM",
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
	char err[128], buf[400], why[300];
	const char *w;
	double v = -1;

	rss_pmu_probe(&pmu, "amd64_nosuch::NO_SUCH_EVENT_XYZ", err, sizeof(err));
	w = rss_pmu_format(&pmu, 0, 1, 10, 4, buf, sizeof(buf));
	ok(!strcmp(buf, "NA") && w && !strcmp(w, pmu.ev[0].reason),
	   "unavailable event: NA, its reason for the notes: %s", w ? w : "(null)");

	memset(&pmu, 0, sizeof(pmu));
	pmu.nr = 2;
	strcpy(pmu.ev[0].reason, "a, \"b\"");
	pmu.ev[1].available = 1;
	ok(!rss_pmu_value(&pmu, 0, 1, 10, 4, &v, why, sizeof(why)) && v == -1 &&
	   !strcmp(why, "a; 'b'"), "reason made CSV-safe: %s", why);
	ok(rss_pmu_format(&pmu, 1, 1, 10, 4, buf, sizeof(buf)) == NULL && !strcmp(buf, "2.5000") &&
	   rss_pmu_value(&pmu, 1, 1, 10, 4, &v, why, sizeof(why)) && v == 2.5,
	   "available event per op: %s", buf);
	w = rss_pmu_format(&pmu, 1, 0, 10, 4, buf, sizeof(buf));
	ok(!strcmp(buf, "NA") && w && !strcmp(w, "not counted by every worker"),
	   "event some worker missed: NA, %s", w ? w : "(null)");
}

int main(void)
{
	alarm(WATCHDOG_S);
	plan_tests(29);
	test_probe();
	test_unknown();
	test_substitutes();
	test_lists();
	test_count();
	test_threads();
	test_format();
	return exit_status();
}
