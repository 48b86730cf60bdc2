/*
 * pmu_papi.c - events through PAPI, one event set per worker thread.  The
 * main thread probes once which events can be added; workers then add only
 * those, in the same order, so a worker's failure is rare and only costs
 * its own counts.  Without HAVE_PAPI nothing is counted here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_PAPI
#include <pthread.h>
#include <papi.h>
#endif

#include "pmu_backend.h"

#ifdef HAVE_PAPI

/* Process-wide PAPI state, written only by the main thread's probe. */
static int papi_state;		/* 0 = not tried, 1 = usable, -1 = failed */
static char papi_why[160];
static char papi_version[64];

struct rss_papi_thread {
	int nset;			/* events in the event set */
	int eventset;			/* PAPI_NULL when none */
	int registered;			/* PAPI_register_thread() succeeded */
	int running;			/* PAPI_start() succeeded */
	int slot[RSS_PMU_MAX_EVENTS];	/* pmu->ev index of set position k */
};

static unsigned long thread_id(void)
{
	return (unsigned long)pthread_self();
}

static const char *papi_err(int rc)
{
	const char *s = PAPI_strerror(rc);

	return s ? s : "unknown PAPI error";
}

int rss_papi_init(char *why, size_t len, char *version, size_t vlen)
{
	int rc, v;

	if (papi_state)
		goto out;
	papi_state = -1;
	rc = PAPI_library_init(PAPI_VER_CURRENT);
	if (rc > 0 && rc != PAPI_VER_CURRENT) {
		snprintf(papi_why, sizeof(papi_why),
			 "PAPI_library_init: library is %d.%d, headers %d.%d",
			 PAPI_VERSION_MAJOR(rc), PAPI_VERSION_MINOR(rc),
			 PAPI_VERSION_MAJOR(PAPI_VER_CURRENT), PAPI_VERSION_MINOR(PAPI_VER_CURRENT));
		goto out;
	}
	if (rc < 0) {
		snprintf(papi_why, sizeof(papi_why), "PAPI_library_init: %s", papi_err(rc));
		goto out;
	}
	rc = PAPI_thread_init(thread_id);
	if (rc != PAPI_OK) {
		snprintf(papi_why, sizeof(papi_why), "PAPI_thread_init: %s", papi_err(rc));
		PAPI_shutdown();
		goto out;
	}
	v = PAPI_get_opt(PAPI_LIB_VERSION, NULL);
	snprintf(papi_version, sizeof(papi_version), "papi %d.%d.%d.%d",
		 PAPI_VERSION_MAJOR(v), PAPI_VERSION_MINOR(v),
		 PAPI_VERSION_REVISION(v), PAPI_VERSION_INCREMENT(v));
	papi_state = 1;
out:
	snprintf(why, len, "%s", papi_state > 0 ? "ok" : papi_why);
	snprintf(version, vlen, "%s", papi_state > 0 ? papi_version : "none");
	return papi_state > 0 ? 0 : -1;
}

int rss_papi_cpu_component(char *why, size_t len)
{
	int cid = papi_state > 0 ? PAPI_get_component_index("perf_event") : -1;
	const PAPI_component_info_t *ci = cid >= 0 ? PAPI_get_component_info(cid) : NULL;

	if (!ci) {
		snprintf(why, len, "PAPI has no perf_event component");
		return 0;
	}
	if (ci->disabled) {
		/* "Error libpfm4 no default PMU found" where the VM has no PMU. */
		snprintf(why, len, "PAPI's perf_event component is disabled (%s)",
			 ci->disabled_reason);
		return 0;
	}
	snprintf(why, len, "ok");
	return 1;
}

/*
 * PAPI 7.0's perf_event component adds a libpfm4 native event to its table
 * the first time the name is looked up, and that lookup fails (PAPI_ENOEVNT,
 * or PAPI_ECMP after another failed lookup); after a run of such failures
 * the next lookup can fail too (seen under AddressSanitizer: three lookups).
 * Asked once, the same name was known or not depending on what was asked
 * before, and `rssbench events` listed natives it then could not resolve.
 * A name no lookup of RSS_PAPI_LOOKUPS resolves is not known.
 */
#define RSS_PAPI_LOOKUPS	4

int rss_papi_known(const char *name)
{
	int code;

	if (papi_state <= 0)
		return 0;
	for (int i = 0; i < RSS_PAPI_LOOKUPS; i++)
		if (PAPI_event_name_to_code(name, &code) == PAPI_OK)
			return 1;
	return 0;
}

/* Adds each wanted event to @es in list order; marks the ones that fail. */
static void add_events(struct rss_pmu *pmu, const int *want, int es)
{
	int code, rc;

	for (int i = 0; i < pmu->nr; i++) {
		struct rss_pmu_event *ev = &pmu->ev[i];

		if (!want[i] || ev->available)
			continue;
		rc = PAPI_event_name_to_code(ev->name, &code);
		if (rc == PAPI_OK)
			rc = PAPI_add_event(es, code);
		if (rc != PAPI_OK) {
			snprintf(ev->reason, sizeof(ev->reason), "PAPI_add_event: %s",
				 papi_err(rc));
			continue;
		}
		ev->available = 1;
		ev->source = RSS_PMU_PAPI;
	}
}

static int any_papi(const struct rss_pmu *pmu)
{
	for (int i = 0; i < pmu->nr; i++)
		if (pmu->ev[i].available && pmu->ev[i].source == RSS_PMU_PAPI)
			return 1;
	return 0;
}

static void drop_papi(struct rss_pmu *pmu, const char *why)
{
	for (int i = 0; i < pmu->nr; i++)
		if (pmu->ev[i].available && pmu->ev[i].source == RSS_PMU_PAPI) {
			pmu->ev[i].available = 0;
			pmu->ev[i].source = RSS_PMU_NONE;
			snprintf(pmu->ev[i].reason, sizeof(pmu->ev[i].reason), "%s", why);
		}
}

void rss_papi_probe(struct rss_pmu *pmu, const int *want, char *domain, size_t dlen)
{
	long long v[RSS_PMU_MAX_EVENTS];
	int es = PAPI_NULL, rc;
	char why[160];

	/*
	 * Count kernel mode too: the kernel's own RSS accounting runs in the
	 * page-fault path.  Where that is not allowed (perf_event_paranoid for
	 * non-root users), fall back to user mode and say so.
	 */
	for (int dom = 0; dom < 2 && !any_papi(pmu); dom++) {
		if (es != PAPI_NULL) {
			PAPI_cleanup_eventset(es);
			PAPI_destroy_eventset(&es);
		}
		if (PAPI_set_domain(dom ? PAPI_DOM_USER : PAPI_DOM_ALL) != PAPI_OK)
			continue;
		snprintf(domain, dlen, "%s", dom ? "user" : "user+kernel");
		rc = PAPI_create_eventset(&es);
		if (rc != PAPI_OK) {
			es = PAPI_NULL;
			break;
		}
		add_events(pmu, want, es);
	}
	if (es == PAPI_NULL)
		return;
	if (any_papi(pmu)) {
		rc = PAPI_start(es);
		if (rc == PAPI_OK && (rc = PAPI_stop(es, v)) == PAPI_OK)
			;
		else {
			snprintf(why, sizeof(why), "PAPI_start/PAPI_stop: %s", papi_err(rc));
			drop_papi(pmu, why);
		}
	}
	PAPI_cleanup_eventset(es);
	PAPI_destroy_eventset(&es);
}

static void report(int code, void (*fn)(const char *, const char *, void *), void *arg)
{
	PAPI_event_info_t info;

	if (PAPI_get_event_info(code, &info) == PAPI_OK &&
	    (!(code & PAPI_PRESET_MASK) || info.count))
		fn(info.symbol, info.short_descr[0] ? info.short_descr : info.long_descr, arg);
}

void rss_papi_each_available(void (*fn)(const char *name, const char *desc, void *),
			     void *arg)
{
	char why[160];
	int code = PAPI_PRESET_MASK;

	if (papi_state <= 0)
		return;
	if (PAPI_enum_event(&code, PAPI_ENUM_FIRST) == PAPI_OK)
		do
			report(code, fn, arg);
		while (PAPI_enum_event(&code, PAPI_PRESET_ENUM_AVAIL) == PAPI_OK);
	if (!rss_papi_cpu_component(why, sizeof(why)))
		return;
	code = PAPI_NATIVE_MASK;
	if (PAPI_enum_cmp_event(&code, PAPI_ENUM_FIRST, PAPI_get_component_index("perf_event")) ==
	    PAPI_OK)
		do
			report(code, fn, arg);
		while (PAPI_enum_cmp_event(&code, PAPI_ENUM_EVENTS,
					   PAPI_get_component_index("perf_event")) == PAPI_OK);
}

struct rss_papi_thread *rss_papi_thread_start(const struct rss_pmu *pmu)
{
	struct rss_papi_thread *t;
	int code;

	if (!any_papi(pmu) || !(t = calloc(1, sizeof(*t))))
		return NULL;
	t->eventset = PAPI_NULL;
	if (PAPI_register_thread() != PAPI_OK)
		return t;
	t->registered = 1;
	if (PAPI_create_eventset(&t->eventset) != PAPI_OK) {
		t->eventset = PAPI_NULL;
		return t;
	}
	for (int i = 0; i < pmu->nr; i++) {
		if (!pmu->ev[i].available || pmu->ev[i].source != RSS_PMU_PAPI)
			continue;
		if (PAPI_event_name_to_code(pmu->ev[i].name, &code) != PAPI_OK)
			continue;
		if (PAPI_add_event(t->eventset, code) == PAPI_OK)
			t->slot[t->nset++] = i;
	}
	if (t->nset && PAPI_start(t->eventset) == PAPI_OK)
		t->running = 1;
	return t;
}

void rss_papi_thread_stop(struct rss_papi_thread *t, long long *values)
{
	long long v[RSS_PMU_MAX_EVENTS];

	if (!t)
		return;
	if (t->running && PAPI_stop(t->eventset, v) == PAPI_OK && values)
		for (int i = 0; i < t->nset; i++)
			values[t->slot[i]] = v[i];
	if (t->eventset != PAPI_NULL) {
		PAPI_cleanup_eventset(t->eventset);
		PAPI_destroy_eventset(&t->eventset);
	}
	if (t->registered)
		PAPI_unregister_thread();
	free(t);
}

#else /* !HAVE_PAPI */

int rss_papi_init(char *why, size_t len, char *version, size_t vlen)
{
	snprintf(why, len, "built without PAPI");
	snprintf(version, vlen, "none");
	return -1;
}

int rss_papi_cpu_component(char *why, size_t len)
{
	snprintf(why, len, "built without PAPI");
	return 0;
}

int rss_papi_known(const char *name)
{
	(void)name;
	return 0;
}

void rss_papi_probe(struct rss_pmu *pmu, const int *want, char *domain, size_t dlen)
{
	(void)pmu, (void)want, (void)domain, (void)dlen;
}

void rss_papi_each_available(void (*fn)(const char *name, const char *desc, void *),
			     void *arg)
{
	(void)fn, (void)arg;
}

struct rss_papi_thread *rss_papi_thread_start(const struct rss_pmu *pmu)
{
	(void)pmu;
	return NULL;
}

void rss_papi_thread_stop(struct rss_papi_thread *t, long long *values)
{
	(void)t, (void)values;
}

#endif /* HAVE_PAPI */
