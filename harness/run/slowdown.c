/*
 * slowdown.c - a hidden test knob for scripts/bench-gate (doc/compare.md,
 * "The gate's own error rates"): RSSBENCH_SLOWDOWN=SCHEME:CYCLES makes
 * every counter update (scheme_ops.add, which rss_add() and the workloads'
 * fault paths call) of SCHEME spin CYCLES more cycles of the cycle counter
 * after the scheme's own code, in the timed pass only.  The benchmark
 * calibrates CYCLES as a share of the scheme's measured cycles per
 * operation, so the gate's detection of a known 5, 10 or 20 % slowdown can
 * be measured.  meta.json records it ("test_slowdown"), and run says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "harness.h"
#include "runner.h"

static struct {
	int parsed;
	char scheme[64];
	uint64_t cycles;
	char desc[192];
	struct scheme_ops ops;		/* the slowed copy */
	void (*add)(struct mm *, int, long, struct task *, struct cpu *);
} slow;

static void slow_add(struct mm *mm, int ctr, long v, struct task *cur, struct cpu *c)
{
	uint64_t t0;

	slow.add(mm, ctr, v, cur, c);
	t0 = rss_cycles();
	while (rss_cycles() - t0 < slow.cycles)
		;
}

static void parse(void)
{
	const char *e = getenv("RSSBENCH_SLOWDOWN");
	const char *colon = e ? strchr(e, ':') : NULL;
	char *end;

	slow.parsed = 1;
	if (!e || !*e)
		return;
	if (!colon || colon == e || (size_t)(colon - e) >= sizeof(slow.scheme) ||
	    !rss_scheme_find((snprintf(slow.scheme, sizeof(slow.scheme), "%.*s",
				       (int)(colon - e), e), slow.scheme)))
		rss_usage_error("bad RSSBENCH_SLOWDOWN \"%.60s\": give SCHEME:CYCLES, a scheme of 'rssbench list'", e);
	slow.cycles = strtoull(colon + 1, &end, 10);
	if (end == colon + 1 || *end || colon[1] == '-' || slow.cycles > 100000000)
		rss_usage_error("bad RSSBENCH_SLOWDOWN \"%.60s\": CYCLES is a whole number up to 100000000", e);
	snprintf(slow.desc, sizeof(slow.desc), "%s: +%llu cycles per counter update (RSSBENCH_SLOWDOWN, a test knob)",
		 slow.scheme, (unsigned long long)slow.cycles);
}

const char *rss_slowdown_desc(void)
{
	if (!slow.parsed)
		parse();
	return slow.desc[0] ? slow.desc : NULL;
}

const struct scheme_ops *rss_slowdown(const struct scheme_ops *s)
{
	if (!rss_slowdown_desc() || strcmp(s->name, slow.scheme))
		return s;
	if (!slow.add) {
		slow.ops = *s;
		slow.add = s->add;
		slow.ops.add = slow_add;
	}
	return &slow.ops;
}
