/*
 * pmu.h - PMU event counts per worker through PAPI.  Availability is probed
 * once from the main thread; an event that cannot be counted stays in the
 * list as "unavailable" with PAPI's reason, so CSV columns never shift and a
 * missing counter never reads as zero or fails a run.
 */
#ifndef RSS_PMU_H
#define RSS_PMU_H

#include <stddef.h>

#define RSS_PMU_MAX_EVENTS	8
#define RSS_PMU_DEFAULT_EVENTS \
	"PAPI_L1_DCM,PAPI_L2_DCM,PAPI_L3_DCM,perf::CPU-MIGRATIONS"

struct rss_pmu_event {
	char name[64];
	int available;		/* the probe could add it to an event set */
	char reason[128];	/* why not, when !available */
};

struct rss_pmu {
	int nr;
	struct rss_pmu_event ev[RSS_PMU_MAX_EVENTS];
	char backend[64];	/* "papi 7.0.0.0" once PAPI is up, or "none" */
	char status[160];	/* "ok", or why nothing can be counted */
	char domain[16];	/* "user+kernel", "user", or "" when nothing counts */
};

/*
 * Fills @pmu from @list, a comma-separated list of PAPI event names (blanks
 * around a name are ignored); NULL means RSS_PMU_DEFAULT_EVENTS, "none" or ""
 * means no events.  Main thread only, before any worker starts; may be called
 * again (PAPI_library_init and PAPI_thread_init run once per process).
 *
 * Each event is added, in list order, to one probe event set, which is then
 * started and stopped, so rss_pmu_thread_start() later builds the same set.
 * An event that fails is kept with available = 0 and a reason: PAPI's error
 * text, or the name-lookup failure for an unknown name.  A library that does
 * not initialise, or a build without PAPI, is not an error: every event is
 * unavailable and @status says why.  @status is "ok" iff some event is
 * available; then the soft RLIMIT_NOFILE is also raised to the hard limit,
 * as each worker holds one file descriptor per counted event.
 *
 * Returns 0, or -EINVAL for a malformed list (more than RSS_PMU_MAX_EVENTS
 * events, an empty name, a name of 64 bytes or more), with a one-line
 * message in @err (which may be NULL) and @pmu set to no events.
 */
int rss_pmu_probe(struct rss_pmu *pmu, const char *list, char *err,
		  size_t errlen);

/* Counting state of one worker thread; opaque. */
struct rss_pmu_thread;

/*
 * Called by a worker thread: registers it with PAPI, builds an event set of
 * @pmu's available events in list order and starts counting.  PAPI errors
 * never fail the call: the events concerned are just not counted by this
 * thread.  @pmu must stay unchanged until rss_pmu_thread_stop().
 *
 * Returns 0 with a handle in *@out (possibly one that counts nothing), or
 * -EINVAL (NULL argument) or -ENOMEM, with *@out untouched.
 */
int rss_pmu_thread_start(const struct rss_pmu *pmu,
			 struct rss_pmu_thread **out);

/*
 * Called by the thread that started @t: stops counting and stores the count
 * of pmu->ev[i] in @values[i] (pmu->nr entries), or -1 when this thread did
 * not count event i.  Then unregisters the thread from PAPI and frees @t.
 * @values may be NULL to discard the counts; @t NULL is a no-op.
 */
void rss_pmu_thread_stop(struct rss_pmu_thread *t, long long *values);

/*
 * Formats event @i as a CSV value in @buf (truncated to @len): "%.4f" of
 * @total / @ops when the event is available, @counted is non-zero (every
 * worker counted it) and @ops > 0, and then returns NULL; otherwise "NA",
 * and returns why (PAPI's reason, or the harness's), for the notes column.
 */
const char *rss_pmu_format(const struct rss_pmu *pmu, int i, int counted,
			   double total, double ops, char *buf, size_t len);

#endif /* RSS_PMU_H */
