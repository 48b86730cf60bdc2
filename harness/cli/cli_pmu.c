/*
 * cli_pmu.c - `rssbench events` (what can be counted here, the default set
 * marked) and `rssbench pmu-check` (does a miss event see a cache line
 * bouncing between two CPUs?).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coherence.h"
#include "harness.h"
#include "pmu_check.h"

#define ERRLEN	512

static const char events_usage[] =
"usage: rssbench events\n"
"  the events this machine counts (PAPI presets and native events, perf::\n"
"  kernel events), each probed as a run would count it, '*' marking the\n"
"  default set; then those it cannot count, with why\n";

/* One name the enumeration gave, and what probing it as a run would found. */
struct listed {
	char name[64];
	char desc[128];
	int source;		/* enum rss_pmu_source of the probe, NONE when not counted */
	char why[ERRLEN];
	int deflt;		/* in the default set */
	int shown;		/* printed already (the not-counted list groups by why) */
};

struct listing {
	struct listed *ev;
	int nr, cap;
};

static void collect(const char *name, const char *desc, int source, const char *why,
		    void *arg)
{
	struct listing *l = arg;
	struct listed *e;

	for (int i = 0; i < l->nr; i++)
		if (!strcmp(l->ev[i].name, name)) {
			if (!l->ev[i].desc[0] && desc)
				snprintf(l->ev[i].desc, sizeof(l->ev[i].desc), "%s", desc);
			return;
		}
	if (strlen(name) >= sizeof(e->name))
		return;
	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->ev = realloc(l->ev, l->cap * sizeof(*l->ev));
		if (!l->ev)
			rss_die(ENOMEM, "events");
	}
	e = &l->ev[l->nr++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->desc, sizeof(e->desc), "%s", desc ? desc : "");
	e->source = source;
	snprintf(e->why, sizeof(e->why), "%s", why ? why : "");
}

/*
 * Counts @e alone, as `run --events NAME` would (rss_pmu_probe starts and
 * stops it): an event PAPI or libpfm4 knows is not one this machine counts
 * (no PMU in a VM: the presets and the CPU's native events are all known).
 */
static void probe_one(struct listed *e)
{
	struct rss_pmu p;
	char err[ERRLEN];

	if (e->source == RSS_PMU_NONE)
		return;
	if (rss_pmu_probe(&p, e->name, err, sizeof(err)) || p.nr < 1) {
		e->source = RSS_PMU_NONE;
		snprintf(e->why, sizeof(e->why), "%s", err);
	} else if (!p.ev[0].available) {
		e->source = RSS_PMU_NONE;
		snprintf(e->why, sizeof(e->why), "%s", p.ev[0].reason);
	} else {
		e->source = p.ev[0].source;
	}
}

/* The uncounted events whose reason is @first's, wrapped, '*' the default ones. */
static void print_group(struct listing *l, int first)
{
	int col = 4;

	printf("  unavailable (%s):\n   ", l->ev[first].why);
	for (int i = first; i < l->nr; i++) {
		struct listed *e = &l->ev[i];
		int w = (int)strlen(e->name) + 1 + e->deflt;

		if (e->source != RSS_PMU_NONE || e->shown || strcmp(e->why, l->ev[first].why))
			continue;
		if (col + w > 88) {
			printf("\n   ");
			col = 4;
		}
		printf(" %s%s", e->deflt ? "*" : "", e->name);
		col += w;
		e->shown = 1;
	}
	printf("\n");
}

int rss_cmd_events(int argc, char **argv)
{
	struct listing l = { 0 };
	struct rss_pmu pmu;
	char err[ERRLEN];
	int name_w = 0, src_w = 0;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		fputs(events_usage, stdout);
		return 0;
	}
	if (argc > 1)
		rss_usage_error("'events' takes no arguments, got \"%s\"", rss_shown(argv[1]));
	rss_pmu_probe(&pmu, NULL, err, sizeof(err));
	/* The default set first: each is listed, enumerated here or not. */
	for (int i = 0; i < pmu.nr; i++)
		if (!pmu.ev[i].substitute)
			collect(pmu.ev[i].name, "", pmu.ev[i].available ? pmu.ev[i].source : RSS_PMU_NONE,
				pmu.ev[i].reason, &l);
	for (int i = 0; i < l.nr; i++)
		l.ev[i].deflt = 1;
	rss_pmu_each_event(collect, &l);
	for (int i = 0; i < l.nr; i++)
		probe_one(&l.ev[i]);
	/* The columns as wide as their longest entry: no name runs into its source. */
	for (int i = 0; i < l.nr; i++)
		if (l.ev[i].source != RSS_PMU_NONE) {
			int n = (int)strlen(l.ev[i].name);
			int s = (int)strlen(rss_pmu_source_name(l.ev[i].source));

			name_w = n > name_w ? n : name_w;
			src_w = s > src_w ? s : src_w;
		}
	printf("events counted here (* default: " RSS_PMU_DEFAULT_EVENTS "):\n");
	for (int i = 0; i < l.nr; i++)
		if (l.ev[i].source != RSS_PMU_NONE)
			printf("  %c %-*s %-*s %s\n", l.ev[i].deflt ? '*' : ' ', name_w, l.ev[i].name,
			       src_w, rss_pmu_source_name(l.ev[i].source), l.ev[i].desc);
	printf("not counted here (grouped by why):\n");
	for (int i = 0; i < l.nr; i++)
		if (l.ev[i].source == RSS_PMU_NONE && !l.ev[i].shown)
			print_group(&l, i);
	free(l.ev);
	return 0;
}

static const char check_usage[] =
"usage: rssbench pmu-check [--events LIST] [--cpus A,B] [--writes N]\n"
"  two threads on CPUs A and B (default the first two) pass one cache line back\n"
"  and forth, then write a line each of their own; prints per write what each\n"
"  event counted in both cases and whether it tells them apart, beside the\n"
"  transfers the coherence model gives the same patterns (doc/coherence.md).\n"
"  Exit 0 when some miss event tells them apart, 1 when none does, 2 on bad input.\n";

static const char *const verdict_text[] = {
	[RSS_PMU_MOVES] = "moves as it should: tells them apart",
	[RSS_PMU_FLAT] = "does NOT move: cannot tell them apart",
	[RSS_PMU_NOT_MISS] = "a kernel software event: not judged",
	[RSS_PMU_UNCOUNTED] = "not counted",
};

int rss_cmd_pmu_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "events", required_argument, NULL, 'e' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "writes", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct machine *m;
	const char *events = NULL, *cpus = NULL;
	struct rss_pmu_check r;
	struct rss_pmu_check_model mod;
	struct rss_topo *topo;
	struct rss_pmu pmu;
	char err[ERRLEN], first[RSS_PMU_MAX_EVENTS * 300] = "", model[96];
	int c, a = -1, b = -1, tells = 0, ret;
	long writes = 200000;

	opterr = 0;
	while ((c = rss_getopt(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e': events = optarg; break;
		case 'c': cpus = optarg; break;
		case 'n': writes = rss_parse_long("--writes", optarg, 1000, 1L << 30); break;
		case 'h': fputs(check_usage, stdout); return 0;
		default: rss_option_error(c, argv, "pmu-check");
		}
	}
	rss_no_operands(argc, argv, "pmu-check");
	if (rss_topo_open(&topo, NULL, err, sizeof(err)))
		rss_usage_error("%s", err);
	m = rss_topo_machine(topo);
	/* Only CPUs this process may run on (taskset, cgroup cpuset) can be bound. */
	if (cpus && (strspn(cpus, "0123456789,") != strlen(cpus) || strlen(cpus) > 11 ||
		     sscanf(cpus, "%d,%d", &a, &b) != 2 || a < 0 || b < 0 || a == b ||
		     a >= m->nr_cpu_ids || b >= m->nr_cpu_ids ||
		     !rss_cpumask_test(m->allowed_mask, a) || !rss_cpumask_test(m->allowed_mask, b)))
		rss_usage_error("bad --cpus \"%s\": give two different CPUs A,B this process may run on ('rssbench topo' lists them)",
				rss_shown(cpus));
	if (!cpus) {
		if (m->nr_allowed < 2)
			rss_usage_error("pmu-check needs two CPUs; this process may run on %d",
					m->nr_allowed);
		a = rss_cpumask_next(-1, m->allowed_mask, m->nr_cpu_ids);
		b = rss_cpumask_next(a, m->allowed_mask, m->nr_cpu_ids);
	}
	if (rss_pmu_probe(&pmu, events, err, sizeof(err)))
		rss_usage_error("%s", err);
	rss_pmu_print_unavailable(&pmu, stderr);
	ret = rss_pmu_check_run(&pmu, topo, a, b, writes, &r, err, sizeof(err));
	if (!ret && rss_pmu_check_model(topo, a, b, writes, &mod))
		rss_die(ENOMEM, "pmu-check: the coherence model");
	rss_topo_close(topo);
	if (ret) {
		fprintf(stderr, "rssbench: pmu-check: %s\n", err);
		return 1;
	}
	printf("CPUs %d and %d, %ld writes each: bounced line %.1f cycles per write, "
	       "own line %.1f\n", a, b, writes, r.shared_cycles, r.private_cycles);
	printf("  %-28s bounced %.4f, own %.4f transfers per write (%s; %.4f invalidations per bounced write): modelled, not measured\n",
	       "coherence model", mod.shared, mod.private_,
	       mod.distance >= 0 ? rss_coh_distance_names[mod.distance] : "none",
	       mod.shared_invalidations);
	snprintf(model, sizeof(model), "; modelled %.4f / %.4f", mod.shared, mod.private_);
	for (int i = 0; i < pmu.nr; i++) {
		enum rss_pmu_verdict v = rss_pmu_check_verdict(&pmu, i, &r);

		/* A miss event's count beside the model's transfers. */
		const char *beside = pmu.ev[i].software ? "" : model;

		if (v == RSS_PMU_UNCOUNTED) {
			printf("  %-28s unavailable (%s)%s\n", pmu.ev[i].name,
			       pmu.ev[i].available ? "not counted by both threads" : pmu.ev[i].reason,
			       beside);
			if (!first[0] && !pmu.ev[i].software)
				snprintf(first, sizeof(first), "%s: %s", pmu.ev[i].name,
					 pmu.ev[i].reason);
			continue;
		}
		printf("  %-28s bounced %.4f, own %.4f per write%s: %s\n", pmu.ev[i].name,
		       r.shared[i], r.private_[i], beside, verdict_text[v]);
		tells |= v == RSS_PMU_MOVES;
	}
	if (tells)
		return 0;
	if (first[0])
		fprintf(stderr, "rssbench: pmu-check: no event tells a bounced cache line from a "
			"private one: no hardware miss event is counted here (%s)\n", first);
	else
		fprintf(stderr, "rssbench: pmu-check: no event tells a bounced cache line from a "
			"private one: every counted miss event stays flat\n");
	return 1;
}
