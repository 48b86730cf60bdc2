/*
 * pmu.c - which events are counted, by whom (PAPI or perf_event_open, see
 * pmu_backend.h), why the others are not, and the per-thread counting that
 * dispatches to both.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/perf_event.h>
#include <sys/resource.h>

#include "hostinfo.h"
#include "pmu.h"
#include "pmu_backend.h"

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
	for (int i = 0; i < pmu->nr; i++)
		if (pmu->ev[i].available)
			return 1;
	return 0;
}

static int find(const struct rss_pmu *pmu, const char *name)
{
	for (int i = 0; i < pmu->nr; i++)
		if (!strcmp(pmu->ev[i].name, name))
			return i;
	return -1;
}

/* Splits @list into pmu->ev[].name; 0 or -EINVAL with a message in @err. */
static int parse_list(struct rss_pmu *pmu, const char *list, char *err, size_t errlen)
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
			print_to(err, errlen, "empty event name in \"%.64s%s\"", list,
				 strlen(list) > 64 ? "..." : "");
			return -EINVAL;
		}
		if (pmu->nr == RSS_PMU_MAX_EVENTS) {
			print_to(err, errlen, "more than %d events (RSS_PMU_MAX_EVENTS) in \"%.64s%s\"",
				 RSS_PMU_MAX_EVENTS, list, strlen(list) > 64 ? "..." : "");
			return -EINVAL;
		}
		if (n >= sizeof(pmu->ev[0].name)) {
			print_to(err, errlen, "event name \"%.*s...\" longer than %zu bytes",
				 (int)(n < 64 ? n : 64), s, sizeof(pmu->ev[0].name) - 1);
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

/*
 * A name no backend knows.  PAPI resolves its presets even with its CPU
 * component off, but a native "pmu::event" only with it on, and a PMU of
 * another CPU never: such a name is "not on this CPU", not an input error.
 * But perf:: is the kernel's generic PMU, the same on every CPU, and
 * rssbench counts its events itself (pmu_perf.c): a perf:: name neither
 * that table nor PAPI knows exists nowhere, whatever libpfm4 calls it.
 */
static int unknown_name(struct rss_pmu_event *ev, int papi_ok, int cpu_ok, const char *cpu_why,
			char *err, size_t errlen)
{
	int native = strstr(ev->name, "::") != NULL;

	if (!strncasecmp(ev->name, "perf::", 6)) {
		print_to(err, errlen, "unknown event \"%.64s\": not a perf:: event rssbench counts (perf::CPU-MIGRATIONS, perf::PAGE-FAULTS, ...) nor one PAPI knows here; 'rssbench events' lists the events this machine counts",
			 ev->name);
		return -ENOENT;
	}
	if (native && cpu_ok)
		print_to(ev->reason, sizeof(ev->reason),
			 "event unknown on this CPU (libpfm4 has no such event for its PMUs)");
	else if (native || (!papi_ok && !strncmp(ev->name, "PAPI_", 5)))
		print_to(ev->reason, sizeof(ev->reason), "cannot be looked up: %s", cpu_why);
	else {
		print_to(err, errlen, "unknown event \"%.64s\": not a PAPI preset, an event PAPI "
			 "knows here or a perf:: event; 'rssbench events' lists the events "
			 "this machine counts", ev->name);
		return -ENOENT;
	}
	return 0;
}

/* Why hardware events cannot be counted when PAPI's CPU component is off. */
static void hardware_reason(char *buf, size_t len, const char *cpu_why)
{
	const struct rss_perf_event *cycles = rss_perf_find("perf::CYCLES");
	const char *hv = rss_host_hypervisor();
	char why[200];
	int kernel, ret = rss_perf_try(cycles, &kernel, why, sizeof(why));

	if (!ret)
		print_to(buf, len, "%s (the kernel has a PMU: name the event as perf::)",
			 cpu_why);
	else if (hv[0] && (ret == -ENOENT || ret == -EOPNOTSUPP || ret == -ENODEV))
		print_to(buf, len, "no hardware PMU in this VM (%s): %s, and perf_event_open "
			 "of a hardware event fails with %s", hv, cpu_why, strerror(-ret));
	else
		print_to(buf, len, "%s; a hardware event: %s", cpu_why, why);
}

static void try_perf(struct rss_pmu_event *ev, const struct rss_perf_event *e)
{
	char why[sizeof(ev->reason)];

	if (rss_perf_try(e, &ev->kernel, why, sizeof(why))) {
		print_to(ev->reason, sizeof(ev->reason), "%s", why);
		return;
	}
	ev->available = 1;
	ev->source = RSS_PMU_PERF;
}

/* RSS_PMU_SOFTWARE_EVENTS besides an unavailable hardware event. */
static void add_substitutes(struct rss_pmu *pmu)
{
	char list[] = RSS_PMU_SOFTWARE_EVENTS, *save = NULL;
	int need = 0;

	for (int i = 0; i < pmu->nr; i++)
		need |= !pmu->ev[i].available && !pmu->ev[i].software;
	if (!need)
		return;
	for (char *n = strtok_r(list, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
		struct rss_pmu_event *ev = &pmu->ev[pmu->nr];

		if (pmu->nr == RSS_PMU_MAX_EVENTS || find(pmu, n) >= 0)
			continue;
		memset(ev, 0, sizeof(*ev));
		print_to(ev->name, sizeof(ev->name), "%s", n);
		ev->software = ev->substitute = 1;
		try_perf(ev, rss_perf_find(n));
		if (ev->available)
			pmu->nr++;
	}
}

/* perf_event holds a descriptor per event per worker: 384 x 4 > 1024. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int rss_pmu_probe(struct rss_pmu *pmu, const char *list, char *err, size_t errlen)
{
	int want[RSS_PMU_MAX_EVENTS] = { 0 };
	char cpu_why[160], hw_why[256] = "";
	int papi_ok, cpu_ok, known, rc;

	if (!pmu)
		return -EINVAL;
	memset(pmu, 0, sizeof(*pmu));
	print_to(err, errlen, "%s", "");
	pmu->paranoid = rss_perf_paranoid();
	rc = parse_list(pmu, list ? list : RSS_PMU_DEFAULT_EVENTS, err, errlen);
	papi_ok = !rss_papi_init(pmu->papi_status, sizeof(pmu->papi_status), pmu->backend,
				 sizeof(pmu->backend));
	cpu_ok = papi_ok && rss_papi_cpu_component(cpu_why, sizeof(cpu_why));
	if (!papi_ok)
		print_to(cpu_why, sizeof(cpu_why), "%s", pmu->papi_status);
	else if (!cpu_ok)
		print_to(pmu->papi_status, sizeof(pmu->papi_status), "%s", cpu_why);
	for (int i = 0; !rc && i < pmu->nr; i++) {
		struct rss_pmu_event *ev = &pmu->ev[i];
		const struct rss_perf_event *e = rss_perf_find(ev->name);

		ev->software = e && e->type == PERF_TYPE_SOFTWARE;
		/* perf::cs is perf::CONTEXT-SWITCHES: one column name for both. */
		if (e)
			print_to(ev->name, sizeof(ev->name), "%s", e->name);
		/* Asked once: PAPI's answer for a name can change between lookups. */
		known = rss_papi_known(ev->name);
		want[i] = cpu_ok && known;
		if (!e && !known)
			rc = unknown_name(ev, papi_ok, cpu_ok, cpu_why, err, errlen);
	}
	if (rc) {
		memset(pmu->ev, 0, sizeof(pmu->ev));
		pmu->nr = 0;
		print_to(pmu->status, sizeof(pmu->status), "invalid event list");
		return rc;
	}
	if (!pmu->nr) {
		print_to(pmu->status, sizeof(pmu->status), "no events requested");
		return 0;
	}
	rss_papi_probe(pmu, want, pmu->domain, sizeof(pmu->domain));
	for (int i = 0; i < pmu->nr; i++) {
		struct rss_pmu_event *ev = &pmu->ev[i];
		const struct rss_perf_event *e = rss_perf_find(ev->name);

		if (ev->available)
			continue;
		if (e) {
			try_perf(ev, e);
		} else if (!cpu_ok && papi_ok && !ev->reason[0]) {
			if (!hw_why[0])
				hardware_reason(hw_why, sizeof(hw_why), cpu_why);
			print_to(ev->reason, sizeof(ev->reason), "%s", hw_why);
		} else if (cpu_ok && want[i]) {
			char why[sizeof(ev->reason)];

			print_to(why, sizeof(why), "%s", ev->reason);
			print_to(ev->reason, sizeof(ev->reason), "not countable on this CPU (%s)",
				 why);
		}
	}
	add_substitutes(pmu);
	if (any_available(pmu)) {
		print_to(pmu->status, sizeof(pmu->status), "ok");
		raise_fd_limit();
	} else {
		print_to(pmu->status, sizeof(pmu->status), "none of the requested events is available");
	}
	return 0;
}

int rss_pmu_is_perf(const char *name)
{
	return rss_perf_find(name) != NULL;
}

const char *rss_pmu_source_name(int source)
{
	return source == RSS_PMU_PAPI ? "papi" : source == RSS_PMU_PERF ? "perf_event" : "none";
}

void rss_pmu_print_unavailable(const struct rss_pmu *pmu, FILE *f)
{
	char instead[RSS_PMU_MAX_EVENTS * 64] = "";
	size_t n = 0;

	for (int i = 0; i < pmu->nr; i++)
		if (pmu->ev[i].available && pmu->ev[i].software && n < sizeof(instead))
			n += (size_t)snprintf(instead + n, sizeof(instead) - n, "%s%s",
					      n ? ", " : "", pmu->ev[i].name);
	for (int i = 0; i < pmu->nr; i++) {
		const struct rss_pmu_event *ev = &pmu->ev[i];

		if (!ev->available)
			fprintf(f, "rssbench: event %s unavailable: %s; counted instead: %s\n",
				ev->name, ev->reason,
				!ev->software && instead[0] ? instead : "nothing");
	}
}

struct each {
	void (*fn)(const char *, const char *, int, const char *, void *);
	void *arg;
};

static void each_papi(const char *name, const char *desc, void *arg)
{
	struct each *e = arg;

	e->fn(name, desc, RSS_PMU_PAPI, "", e->arg);
}

void rss_pmu_each_event(void (*fn)(const char *name, const char *desc, int source,
				   const char *why, void *arg), void *arg)
{
	struct each each = { fn, arg };
	char status[160], version[64], why[256];
	int kernel, pass;

	rss_papi_init(status, sizeof(status), version, sizeof(version));
	rss_papi_each_available(each_papi, &each);
	/* Those perf_event_open() accepts first, then the others with why not. */
	for (pass = 0; pass < 2; pass++)
		for (const struct rss_perf_event *e = rss_perf_events; e->name; e++) {
			int bad = rss_perf_try(e, &kernel, why, sizeof(why)) != 0;

			if (bad == pass)
				fn(e->name, e->desc, bad ? RSS_PMU_NONE : RSS_PMU_PERF,
				   bad ? why : "", arg);
		}
}

struct rss_pmu_thread {
	int nr;
	struct rss_papi_thread *papi;
	struct rss_perf_thread *perf;
};

int rss_pmu_thread_start(const struct rss_pmu *pmu, struct rss_pmu_thread **out)
{
	struct rss_pmu_thread *t;

	if (!pmu || !out)
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->nr = pmu->nr;
	t->papi = rss_papi_thread_start(pmu);
	t->perf = rss_perf_thread_start(pmu);
	*out = t;
	return 0;
}

void rss_pmu_thread_stop(struct rss_pmu_thread *t, long long *values)
{
	if (!t)
		return;
	if (values)
		for (int i = 0; i < t->nr; i++)
			values[i] = -1;
	rss_papi_thread_stop(t->papi, values);
	rss_perf_thread_stop(t->perf, values);
	free(t);
}

int rss_pmu_value(const struct rss_pmu *pmu, int i, int counted, double total,
		  double ops, double *v, char *why, size_t len)
{
	const char *w;

	if (!pmu || i < 0 || i >= pmu->nr)
		w = "no such event";
	else if (!pmu->ev[i].available)
		w = pmu->ev[i].reason;
	else if (!counted)
		w = "not counted by every worker";
	else if (!(ops > 0))
		w = "no operations";
	else {
		*v = total / ops;
		print_to(why, len, "%s", "");
		return 1;
	}
	print_to(why, len, "%s", w);
	for (char *p = why; p && *p; p++) {
		if (*p == ',')
			*p = ';';
		else if (*p == '"')
			*p = '\'';
		else if (iscntrl((unsigned char)*p))
			*p = ' ';
	}
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
