/*
 * clock.c - the cycle counter's rate.  rdtsc/cntvct are read in batches by
 * the workers; their rate is measured once against CLOCK_MONOTONIC_RAW so
 * that cycles convert to nanoseconds and the rate is recorded in meta.json.
 */
#include <pthread.h>
#include <stdint.h>
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

/*
 * A simultaneous reading of both clocks: the cycle counter between two
 * CLOCK_MONOTONIC_RAW reads, the closest of 16 tries, so that a preemption
 * between the two reads (on a busy machine, milliseconds) cannot skew the
 * rate: one such gap in a 50 ms calibration was a 0.5 % error, and the
 * runs of one scenario then disagreed about the clock their rows share.
 */
static void stamp(uint64_t *ns, uint64_t *cyc)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 16; i++) {
		uint64_t a = raw_ns(), c = rss_cycles(), b = raw_ns();

		if (b - a < best) {
			best = b - a;
			*ns = a + (b - a) / 2;
			*cyc = c;
		}
	}
}

static void calibrate(void)
{
	uint64_t t0, c0, t1, c1;

	stamp(&t0, &c0);
	while (raw_ns() - t0 < CALIBRATE_NS)
		;
	stamp(&t1, &c1);
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
