/*
 * native_era.c - the running kernel's RSS accounting by release (see
 * native_era.h for the eras and the commits they come from).
 */
#include <stdio.h>
#include <string.h>

#include "native_era.h"
#include "percpu_counter_core.h"

#define KV(v, p, s)	((v) * 1000000L + (p) * 1000L + (s))

/* 82241a83cd15 in v6.16 and the stable trees it went to (first release). */
static const struct { int version, patchlevel, sublevel; } precise_status_since[] = {
	{ 6, 6, 99 }, { 6, 12, 39 }, { 6, 15, 7 },
};

static int status_precise(long kv, int version, int patchlevel)
{
	if (kv >= KV(6, 16, 0))
		return 1;
	for (size_t i = 0; i < sizeof(precise_status_since) / sizeof(precise_status_since[0]); i++)
		if (version == precise_status_since[i].version &&
		    patchlevel == precise_status_since[i].patchlevel)
			return kv >= KV(version, patchlevel, precise_status_since[i].sublevel);
	return 0;
}

int native_era_from_release(const char *release, struct native_era *e)
{
	int v, p, s = 0, n = 0;
	long kv;

	if (!release || sscanf(release, "%d.%d%n", &v, &p, &n) != 2 || v < 0 || p < 0)
		return -1;
	/* ".SUBLEVEL" only where it follows directly ("6.16-rc1" has none). */
	if (release[n] == '.' && sscanf(release + n + 1, "%d", &s) != 1)
		s = 0;
	if (s < 0)
		s = 0;
	kv = KV(v, p, s);
	*e = (struct native_era){
		.version = v, .patchlevel = p, .sublevel = s,
		.scheme = kv >= KV(6, 2, 0) ? NATIVE_PERCPU_COUNTER : NATIVE_SPLIT_RSS,
		.status_precise = status_precise(kv, v, p),
		.scheme_from = "release", .status_from = "release",
	};
	return 0;
}

void native_era_apply_probes(struct native_era *e, enum native_probe zap_syncs,
			     enum native_probe status_moved)
{
	if (zap_syncs != NATIVE_PROBE_UNKNOWN) {
		enum native_scheme s = zap_syncs ? NATIVE_SPLIT_RSS : NATIVE_PERCPU_COUNTER;

		e->scheme_from = s == e->scheme ? "release and probe agree" : "the probe over the release";
		e->scheme = s;
	}
	if (status_moved != NATIVE_PROBE_UNKNOWN) {
		e->status_from = status_moved == e->status_precise ? "release and probe agree" :
				 "the probe over the release";
		e->status_precise = status_moved;
	}
}

long native_era_bound(const struct native_era *e, int nr_threads, int nr_online,
		      int nr_allowed)
{
	if (e->scheme == NATIVE_SPLIT_RSS)
		return (long)nr_threads * 66;
	return (long)nr_allowed * (rss_percpu_counter_batch(nr_online) - 1);
}

const char *native_era_scheme_name(const struct native_era *e)
{
	return e->scheme == NATIVE_SPLIT_RSS ? "split-rss task caches" : "percpu_counter";
}

const char *native_era_no_precise(const struct native_era *e, char *buf, size_t len)
{
	if (e->status_precise)
		return NULL;
	if (e->scheme == NATIVE_SPLIT_RSS)
		snprintf(buf, len, "kernel %d.%d has no precise read (status is get_mm_counter() over the split-rss atomics)",
			 e->version, e->patchlevel);
	else
		snprintf(buf, len, "kernel %d.%d.%d has no precise read (status is get_mm_counter(): 82241a83cd15 not in it)",
			 e->version, e->patchlevel, e->sublevel);
	return buf;
}

void native_era_describe(const struct native_era *e, const char *release, char *buf,
			 size_t len)
{
	char safe[65];
	size_t i;

	/* A release is anyone's string: printable, no separators of notes. */
	for (i = 0; release[i] && i < sizeof(safe) - 1; i++)
		safe[i] = release[i] > ' ' && release[i] < 127 && !strchr(",;\"", release[i]) ?
			  release[i] : '_';
	safe[i] = '\0';
	snprintf(buf, len, "kernel %s counts with %s (%s) / cheap read %s / status %s (%s)", safe,
		 native_era_scheme_name(e), e->scheme_from,
		 e->status_precise ? "stat's get_mm_rss()" : "status per counter (get_mm_counter())",
		 e->status_precise ? "precise" : "approximate", e->status_from);
}
