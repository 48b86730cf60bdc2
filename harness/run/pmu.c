/*
 * pmu.c - PMU events through PAPI, one event set per worker thread.  The
 * main thread probes once which events can be added; workers then add only
 * those, in the same order, so a worker's failure is rare and only costs
 * its own counts.  Without HAVE_PAPI every event is unavailable.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_PAPI
#include <pthread.h>
#include <sys/resource.h>
#include <papi.h>
#endif

#include "pmu.h"

static void __attribute__((format(printf, 3, 4)))
print_to(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!buf || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static int any_available(const struct rss_pmu *pmu)
{
	int i;

	for (i = 0; i < pmu->nr; i++)
		if (pmu->ev[i].available)
			return 1;
	return 0;
}

/* Gives @why to every event that is available or has no reason yet. */
static void mark_unavailable(struct rss_pmu *pmu, const char *why)
{
	int i;

	for (i = 0; i < pmu->nr; i++) {
		if (!pmu->ev[i].available && pmu->ev[i].reason[0])
			continue;
		pmu->ev[i].available = 0;
		print_to(pmu->ev[i].reason, sizeof(pmu->ev[i].reason), "%s",
			 why);
	}
}

/* Splits @list into pmu->ev[].name; 0 or -EINVAL with a message in @err. */
static int parse_list(struct rss_pmu *pmu, const char *list, char *err,
		      size_t errlen)
{
	const char *p = list, *s, *e, *end;
	size_t n;

	while (isblank((unsigned char)*p))
		p++;
	if (!*p || !strcmp(p, "none"))
		return 0;
	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		for (s = p; s < end && isblank((unsigned char)*s); s++)
			;
		for (e = end; e > s && isblank((unsigned char)e[-1]); e--)
			;
		n = (size_t)(e - s);
		if (!n) {
			print_to(err, errlen, "empty event name in \"%s\"",
				 list);
			return -EINVAL;
		}
		if (pmu->nr == RSS_PMU_MAX_EVENTS) {
			print_to(err, errlen,
				 "more than %d events (RSS_PMU_MAX_EVENTS) in \"%s\"",
				 RSS_PMU_MAX_EVENTS, list);
			return -EINVAL;
		}
		if (n >= sizeof(pmu->ev[0].name)) {
			print_to(err, errlen,
				 "event name \"%.*s\" longer than %zu bytes",
				 (int)n, s, sizeof(pmu->ev[0].name) - 1);
			return -EINVAL;
		}
		memcpy(pmu->ev[pmu->nr].name, s, n);
		pmu->ev[pmu->nr].name[n] = '\0';
		pmu->nr++;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

#ifdef HAVE_PAPI

/* Process-wide PAPI state, written only by rss_pmu_probe(). */
static int papi_state;		/* 0 = not tried, 1 = usable, -1 = failed */
static char papi_why[160];	/* why it failed */
static char papi_version[64];

struct rss_pmu_thread {
	int nr;				/* pmu->nr */
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

/* PAPI_library_init and PAPI_thread_init, once per process. */
static int papi_init(void)
{
	int rc, v;

	if (papi_state)
		return papi_state > 0 ? 0 : -1;
	papi_state = -1;
	rc = PAPI_library_init(PAPI_VER_CURRENT);
	if (rc > 0 && rc != PAPI_VER_CURRENT) {
		print_to(papi_why, sizeof(papi_why),
			 "PAPI_library_init: library is %d.%d, headers %d.%d",
			 PAPI_VERSION_MAJOR(rc), PAPI_VERSION_MINOR(rc),
			 PAPI_VERSION_MAJOR(PAPI_VER_CURRENT),
			 PAPI_VERSION_MINOR(PAPI_VER_CURRENT));
		return -1;
	}
	if (rc < 0) {
		print_to(papi_why, sizeof(papi_why), "PAPI_library_init: %s",
			 papi_err(rc));
		return -1;
	}
	rc = PAPI_thread_init(thread_id);
	if (rc != PAPI_OK) {
		print_to(papi_why, sizeof(papi_why), "PAPI_thread_init: %s",
			 papi_err(rc));
		PAPI_shutdown();
		return -1;
	}
	v = PAPI_get_opt(PAPI_LIB_VERSION, NULL);
	print_to(papi_version, sizeof(papi_version), "papi %d.%d.%d.%d",
		 PAPI_VERSION_MAJOR(v), PAPI_VERSION_MINOR(v),
		 PAPI_VERSION_REVISION(v), PAPI_VERSION_INCREMENT(v));
	papi_state = 1;
	return 0;
}

/*
 * perf_event holds one file descriptor per counted event per worker: 384
 * workers with 4 events need 1536, more than the usual soft limit of 1024.
 * A failure only leaves workers short of counters, so it is ignored.
 */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/*
 * Adds the events one by one to a scratch event set, then starts and stops
 * it: perf_event opens the events on add, but a start can still fail.
 */
/* Adds each event to @es in list order; marks the ones that fail. */
static void add_events(struct rss_pmu *pmu, int es)
{
	struct rss_pmu_event *ev;
	int code, rc, i;

	for (i = 0; i < pmu->nr; i++) {
		ev = &pmu->ev[i];
		rc = PAPI_event_name_to_code(ev->name, &code);
		if (rc != PAPI_OK) {
			print_to(ev->reason, sizeof(ev->reason),
				 "unknown event name (PAPI_event_name_to_code: %s)",
				 papi_err(rc));
			continue;
		}
		rc = PAPI_add_event(es, code);
		if (rc != PAPI_OK) {
			print_to(ev->reason, sizeof(ev->reason),
				 "PAPI_add_event: %s", papi_err(rc));
			continue;
		}
		ev->available = 1;
	}
}

static void backend_probe(struct rss_pmu *pmu)
{
	long long v[RSS_PMU_MAX_EVENTS];
	int es = PAPI_NULL, rc;
	char why[128];

	if (papi_init()) {
		print_to(pmu->status, sizeof(pmu->status), "%s", papi_why);
		mark_unavailable(pmu, papi_why);
		return;
	}
	print_to(pmu->backend, sizeof(pmu->backend), "%s", papi_version);
	/*
	 * Count kernel mode too: the kernel's own RSS accounting runs in the
	 * page-fault path.  Where that is not allowed (perf_event_paranoid for
	 * non-root users), fall back to user mode and say so.
	 */
	for (int dom = 0; dom < 2 && !any_available(pmu); dom++) {
		if (PAPI_set_domain(dom ? PAPI_DOM_USER : PAPI_DOM_ALL) != PAPI_OK)
			continue;
		print_to(pmu->domain, sizeof(pmu->domain), "%s",
			 dom ? "user" : "user+kernel");
		rc = PAPI_create_eventset(&es);
		if (rc != PAPI_OK) {
			print_to(pmu->status, sizeof(pmu->status),
				 "PAPI_create_eventset: %s", papi_err(rc));
			mark_unavailable(pmu, pmu->status);
			return;
		}
		add_events(pmu, es);
		if (!any_available(pmu)) {
			PAPI_cleanup_eventset(es);
			PAPI_destroy_eventset(&es);
		}
	}
	if (es == PAPI_NULL)
		return;
	if (any_available(pmu)) {
		rc = PAPI_start(es);
		if (rc != PAPI_OK) {
			print_to(why, sizeof(why), "PAPI_start: %s",
				 papi_err(rc));
			mark_unavailable(pmu, why);
		} else {
			rc = PAPI_stop(es, v);
			if (rc != PAPI_OK) {
				print_to(why, sizeof(why), "PAPI_stop: %s",
					 papi_err(rc));
				mark_unavailable(pmu, why);
			}
		}
	}
	if (any_available(pmu))
		raise_fd_limit();
	PAPI_cleanup_eventset(es);
	PAPI_destroy_eventset(&es);
}

int rss_pmu_thread_start(const struct rss_pmu *pmu,
			 struct rss_pmu_thread **out)
{
	struct rss_pmu_thread *t;
	int code, i;

	if (!pmu || !out)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->nr = pmu->nr;
	t->eventset = PAPI_NULL;
	*out = t;
	if (!any_available(pmu) || PAPI_register_thread() != PAPI_OK)
		return 0;
	t->registered = 1;
	if (PAPI_create_eventset(&t->eventset) != PAPI_OK) {
		t->eventset = PAPI_NULL;
		return 0;
	}
	for (i = 0; i < pmu->nr; i++) {
		if (!pmu->ev[i].available)
			continue;
		if (PAPI_event_name_to_code(pmu->ev[i].name, &code) != PAPI_OK)
			continue;
		if (PAPI_add_event(t->eventset, code) == PAPI_OK)
			t->slot[t->nset++] = i;
	}
	if (t->nset && PAPI_start(t->eventset) == PAPI_OK)
		t->running = 1;
	return 0;
}

void rss_pmu_thread_stop(struct rss_pmu_thread *t, long long *values)
{
	long long v[RSS_PMU_MAX_EVENTS];
	int i;

	if (!t)
		return;
	if (values)
		for (i = 0; i < t->nr; i++)
			values[i] = -1;
	if (t->running && PAPI_stop(t->eventset, v) == PAPI_OK && values)
		for (i = 0; i < t->nset; i++)
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

#define NO_PAPI	"built without PAPI"

struct rss_pmu_thread {
	int nr;
};

static void backend_probe(struct rss_pmu *pmu)
{
	print_to(pmu->status, sizeof(pmu->status), "%s", NO_PAPI);
	mark_unavailable(pmu, NO_PAPI);
}

int rss_pmu_thread_start(const struct rss_pmu *pmu,
			 struct rss_pmu_thread **out)
{
	struct rss_pmu_thread *t;

	if (!pmu || !out)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->nr = pmu->nr;
	*out = t;
	return 0;
}

void rss_pmu_thread_stop(struct rss_pmu_thread *t, long long *values)
{
	int i;

	if (!t)
		return;
	if (values)
		for (i = 0; i < t->nr; i++)
			values[i] = -1;
	free(t);
}

#endif /* HAVE_PAPI */

int rss_pmu_probe(struct rss_pmu *pmu, const char *list, char *err,
		  size_t errlen)
{
	int rc;

	if (!pmu)
		return -EINVAL;
	memset(pmu, 0, sizeof(*pmu));
	print_to(pmu->backend, sizeof(pmu->backend), "none");
	print_to(err, errlen, "%s", "");
	rc = parse_list(pmu, list ? list : RSS_PMU_DEFAULT_EVENTS, err,
			errlen);
	if (rc) {
		memset(pmu->ev, 0, sizeof(pmu->ev));
		pmu->nr = 0;
		print_to(pmu->status, sizeof(pmu->status),
			 "invalid event list");
		return rc;
	}
	if (!pmu->nr) {
		print_to(pmu->status, sizeof(pmu->status),
			 "no events requested");
		return 0;
	}
	backend_probe(pmu);
	if (any_available(pmu))
		print_to(pmu->status, sizeof(pmu->status), "ok");
	else if (!pmu->status[0])
		print_to(pmu->status, sizeof(pmu->status),
			 "none of the requested events is available");
	return 0;
}

const char *rss_pmu_format(const struct rss_pmu *pmu, int i, int counted,
			   double total, double ops, char *buf, size_t len)
{
	const char *why;

	if (!pmu || i < 0 || i >= pmu->nr)
		why = "no such event";
	else if (!pmu->ev[i].available)
		why = pmu->ev[i].reason;
	else if (!counted)
		why = "not counted by every worker";
	else if (!(ops > 0))
		why = "no operations";
	else
		why = NULL;
	if (buf && len) {
		if (why)
			snprintf(buf, len, "NA");
		else
			snprintf(buf, len, "%.4f", total / ops);
	}
	return why;
}
