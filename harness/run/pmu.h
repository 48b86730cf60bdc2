/*
 * pmu.h - PMU and kernel event counts per worker: through PAPI where its
 * perf_event component works, else through perf_event_open() directly (the
 * kernel's software events, and generic hardware events where the kernel
 * has a PMU).  Availability is probed once from the main thread; an event
 * that cannot be counted stays in the list as unavailable with the real
 * cause, so CSV columns never shift and a missing counter never reads as
 * zero or fails a run.
 */
#ifndef RSS_PMU_H
#define RSS_PMU_H

#include <stddef.h>
#include <stdio.h>

#define RSS_PMU_MAX_EVENTS	8
#define RSS_PMU_DEFAULT_EVENTS \
	"PAPI_L1_DCM,PAPI_L2_DCM,PAPI_L3_DCM,perf::CPU-MIGRATIONS"
/* Counted besides when a hardware event of the list cannot be. */
#define RSS_PMU_SOFTWARE_EVENTS \
	"perf::CPU-MIGRATIONS,perf::CONTEXT-SWITCHES,perf::PAGE-FAULTS"

enum rss_pmu_source { RSS_PMU_NONE, RSS_PMU_PAPI, RSS_PMU_PERF };

struct rss_pmu_event {
	char name[64];
	int available;		/* the probe could count it */
	int source;		/* enum rss_pmu_source: who counts it */
	int software;		/* a kernel software event (perf::), not the PMU's */
	int kernel;		/* perf_event source: kernel mode counted too */
	int substitute;		/* added because a hardware event is unavailable */
	char reason[256];	/* why not, when !available */
};

struct rss_pmu {
	int nr;
	struct rss_pmu_event ev[RSS_PMU_MAX_EVENTS];
	char backend[64];	/* "papi 7.0.0.0" once PAPI is up, or "none" */
	char papi_status[160];	/* "ok", or why PAPI counts nothing here */
	char status[160];	/* "ok", or why nothing can be counted */
	char domain[16];	/* PAPI's: "user+kernel", "user", or "" */
	int paranoid;		/* kernel.perf_event_paranoid, -100 unreadable */
};

/*
 * Fills @pmu from @list, a comma-separated list of event names (blanks
 * around a name are ignored): PAPI presets (PAPI_L1_DCM), names PAPI knows
 * here (libpfm4 native events), or perf::NAME of rss_pmu_each_event()'s
 * table; NULL means RSS_PMU_DEFAULT_EVENTS, "none" or "" means no events.
 * Main thread only, before any worker starts; may be called again.
 *
 * Each event goes to PAPI when its perf_event component is enabled, else a
 * perf:: event to perf_event_open(); one that cannot be counted is kept with
 * available = 0 and the cause in @reason (no PMU in this VM, the
 * perf_event_paranoid value and what to set, not on this CPU, ...).  When a
 * hardware event of the list is unavailable, RSS_PMU_SOFTWARE_EVENTS not in
 * the list are appended (substitute = 1) while there is room and they can
 * be counted.  @status is "ok" iff some event is available; then the soft
 * RLIMIT_NOFILE is raised to the hard limit (one descriptor per event per
 * worker).
 *
 * Returns 0; -EINVAL for a malformed list (more than RSS_PMU_MAX_EVENTS
 * events, an empty name, a name of 64 bytes or more) or -ENOENT for a name
 * that is no event at all, with a one-line message in @err (which may be
 * NULL) and @pmu set to no events.
 */
int rss_pmu_probe(struct rss_pmu *pmu, const char *list, char *err,
		  size_t errlen);

/*
 * Writes one line per unavailable event of @pmu to @f: "rssbench: event
 * NAME unavailable: REASON; counted instead: ..." (the substitutes, or
 * nothing).  Prints nothing when every event is available.
 */
void rss_pmu_print_unavailable(const struct rss_pmu *pmu, FILE *f);

/* Non-zero when @name is one of the perf:: events counted without PAPI. */
int rss_pmu_is_perf(const char *name);

/* "papi", "perf_event" or "none". */
const char *rss_pmu_source_name(int source);

/*
 * Calls @fn for every event this machine can count: PAPI's available
 * presets and native events, then the perf:: table's events that
 * perf_event_open() accepts here (@why "" for those), then the table's
 * others with the reason they cannot be counted.  @source as rss_pmu_event.
 */
void rss_pmu_each_event(void (*fn)(const char *name, const char *desc, int source,
				   const char *why, void *arg), void *arg);

/* Counting state of one worker thread; opaque. */
struct rss_pmu_thread;

/*
 * Called by a worker thread: starts counting @pmu's available events on
 * this thread.  Errors never fail the call: the events concerned are just
 * not counted by this thread.  @pmu must stay unchanged until
 * rss_pmu_thread_stop().  Returns 0 with a handle in *@out (possibly one
 * that counts nothing), or -EINVAL (NULL argument) or -ENOMEM.
 */
int rss_pmu_thread_start(const struct rss_pmu *pmu,
			 struct rss_pmu_thread **out);

/*
 * Called by the thread that started @t: stops counting and stores the count
 * of pmu->ev[i] in @values[i] (pmu->nr entries), or -1 when this thread did
 * not count event i; frees @t.  @values may be NULL; @t NULL is a no-op.
 */
void rss_pmu_thread_stop(struct rss_pmu_thread *t, long long *values);

/*
 * Event @i per operation: returns 1 with *@v = @total / @ops when the event
 * is available, @counted is non-zero (every worker counted it) and @ops > 0;
 * otherwise 0 with the reason in @why (commas turned into ';', double quotes
 * into '\'', control characters into blanks: never needs CSV quoting).
 */
int rss_pmu_value(const struct rss_pmu *pmu, int i, int counted, double total,
		  double ops, double *v, char *why, size_t len);

/*
 * Event @i as a CSV value in @buf (truncated to @len): "%.4f" of @total /
 * @ops and NULL returned when rss_pmu_value() has a value; otherwise "NA",
 * and the reason returned (unsanitized) for the notes column.
 */
const char *rss_pmu_format(const struct rss_pmu *pmu, int i, int counted,
			   double total, double ops, char *buf, size_t len);

#endif /* RSS_PMU_H */
