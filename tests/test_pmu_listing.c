/*
 * test_pmu_listing.c - what `rssbench events` lists agrees with what a run
 * counts: every event the backends enumerate, probed alone as a run probes
 * its --events, gets the same answer when asked twice and in reverse order
 * (PAPI 7.0 answered a native name's first lookup differently from its
 * second), and an event that cannot be counted always says why.  Holds with
 * or without a PMU or PAPI: the property, not any library's wording.
 */
#include <stdlib.h>
#include <string.h>

#include "pmu.h"
#include "tap.h"

#define MAX_LISTED	4096

struct listed {
	char name[64];
	int available[2];	/* probed in list order, then in reverse */
	char reason[2][256];
};

static struct listed ev[MAX_LISTED];
static int nr;

static void collect(const char *name, const char *desc, int source, const char *why,
		    void *arg)
{
	(void)desc, (void)source, (void)why, (void)arg;
	for (int i = 0; i < nr; i++)
		if (!strcmp(ev[i].name, name))
			return;
	if (nr < MAX_LISTED && strlen(name) < sizeof(ev[nr].name))
		strcpy(ev[nr++].name, name);
}

/* rss_pmu_probe of @e alone; 0 when the probe refused the name outright. */
static int probe(struct listed *e, int pass)
{
	struct rss_pmu p;
	char err[256];

	if (rss_pmu_probe(&p, e->name, err, sizeof(err)) || p.nr < 1) {
		e->available[pass] = -1;
		snprintf(e->reason[pass], sizeof(e->reason[pass]), "%s", err);
		return 0;
	}
	e->available[pass] = p.ev[0].available;
	snprintf(e->reason[pass], sizeof(e->reason[pass]), "%s", p.ev[0].reason);
	return 1;
}

int main(void)
{
	int refused = 0, flipped = 0, silent = 0;

	rss_pmu_each_event(collect, NULL);
	plan_tests(4);
	ok(nr > 0, "the backends list %d events (the perf:: table at least)", nr);
	for (int i = 0; i < nr; i++)
		probe(&ev[i], 0);
	for (int i = nr - 1; i >= 0; i--)
		probe(&ev[i], 1);
	for (int i = 0; i < nr; i++) {
		if (ev[i].available[0] < 0 || ev[i].available[1] < 0) {
			if (refused++ < 3)
				diag("listed but refused as no event: %s (%s)", ev[i].name,
				     ev[i].reason[0]);
		}
		if (ev[i].available[0] != ev[i].available[1]) {
			if (flipped++ < 3)
				diag("%s: available %d in list order, %d in reverse", ev[i].name,
				     ev[i].available[0], ev[i].available[1]);
		}
		for (int pass = 0; pass < 2; pass++)
			if (ev[i].available[pass] == 0 && !ev[i].reason[pass][0] && silent++ < 3)
				diag("%s: unavailable without a reason", ev[i].name);
	}
	ok(!refused, "no listed event is refused as an unknown name (%d were)", refused);
	ok(!flipped, "each listed event probes the same in either order (%d differed)", flipped);
	ok(!silent, "each listed event that cannot be counted says why (%d did not)", silent);
	return exit_status();
}
