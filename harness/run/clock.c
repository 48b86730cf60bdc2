/*
 * clock.c - the cycle counter's rate.  rdtsc/cntvct are read in batches by
 * the workers; their rate is measured once against CLOCK_MONOTONIC_RAW so
 * that cycles convert to nanoseconds and the rate is recorded in meta.json.
 */
#include <pthread.h>
#include <time.h>

#include "arch.h"
#include "harness.h"

#define CALIBRATE_NS	50000000ull

static double hz;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint64_t raw_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void calibrate(void)
{
	uint64_t t0 = raw_ns(), c0 = rss_cycles(), t1, c1;

	do {
		t1 = raw_ns();
	} while (t1 - t0 < CALIBRATE_NS);
	c1 = rss_cycles();
	hz = (double)(c1 - c0) * 1e9 / (double)(t1 - t0);
}

double rss_clock_hz(void)
{
	pthread_once(&once, calibrate);
	return hz;
}

const char *rss_clock_source(void)
{
	return RSS_CYCLE_SOURCE;
}

uint64_t rss_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
