/*
 * pmu_backend.h - the two ways pmu.c counts an event: PAPI (pmu_papi.c) and
 * perf_event_open() directly (pmu_perf.c), for the perf software events
 * (and generic hardware events) when PAPI's perf_event component is off,
 * as it is where libpfm4 finds no PMU (virtual machines).
 */
#ifndef RSS_PMU_BACKEND_H
#define RSS_PMU_BACKEND_H

#include <stddef.h>

#include "pmu.h"

/* --- PAPI ---------------------------------------------------------------- */

/*
 * PAPI_library_init and PAPI_thread_init, once per process.  0, or -1 with
 * @why ("built without PAPI", or PAPI's error).  @version: "papi 7.0.0.0".
 */
int rss_papi_init(char *why, size_t len, char *version, size_t vlen);
/* 1 when PAPI's perf_event (CPU) component is enabled, else 0 with @why. */
int rss_papi_cpu_component(char *why, size_t len);
/* 1 when PAPI knows @name here (PAPI_event_name_to_code), else 0. */
int rss_papi_known(const char *name);
/*
 * Adds each event i with want[i] to one probe event set (user+kernel, else
 * user), then starts and stops it; sets available, source and reason of the
 * events concerned.  @domain: "user+kernel" or "user".
 */
void rss_papi_probe(struct rss_pmu *pmu, const int *want, char *domain, size_t dlen);
/* The names of PAPI's available presets and native events, one call each. */
void rss_papi_each_available(void (*fn)(const char *name, const char *desc, void *),
			     void *arg);

struct rss_papi_thread;
/* Counts the events whose source is PAPI on this thread; NULL: none. */
struct rss_papi_thread *rss_papi_thread_start(const struct rss_pmu *pmu);
/* Stores counts into values[i] of the events it counted; frees @t. */
void rss_papi_thread_stop(struct rss_papi_thread *t, long long *values);

/* --- perf_event_open ----------------------------------------------------- */

struct rss_perf_event {
	const char *name;	/* "perf::CPU-MIGRATIONS": libpfm4's perf:: names */
	const char *alias;	/* perf(1)'s other name, or NULL */
	unsigned int type;	/* PERF_TYPE_SOFTWARE, _HARDWARE or _HW_CACHE */
	unsigned long long config;
	const char *desc;
};

/* The table entry of @name (perf::NAME or perf::ALIAS, any case), or NULL. */
const struct rss_perf_event *rss_perf_find(const char *name);
/* The table, NULL-name terminated. */
extern const struct rss_perf_event rss_perf_events[];
/* kernel.perf_event_paranoid, or -100 when it cannot be read. */
int rss_perf_paranoid(void);
/*
 * Opens @e for this thread and closes it again.  0, with @kernel set when
 * kernel mode is counted too; or -errno with @why: the kernel's refusal and
 * what to change (perf_event_paranoid, no PMU in this VM, ...).
 */
int rss_perf_try(const struct rss_perf_event *e, int *kernel, char *why, size_t len);

struct rss_perf_thread;
/* Opens the events whose source is perf_event for this thread; NULL: none. */
struct rss_perf_thread *rss_perf_thread_start(const struct rss_pmu *pmu);
void rss_perf_thread_stop(struct rss_perf_thread *t, long long *values);

#endif /* RSS_PMU_BACKEND_H */
