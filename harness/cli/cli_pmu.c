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
"  the events this machine can count (PAPI presets and native events, perf::\n"
"  kernel events), '*' marking the default set; then those it cannot, with why\n";

static int in_default(const char *name)
{
	struct rss_pmu pmu;
	char err[ERRLEN];

	if (rss_pmu_probe(&pmu, NULL, err, sizeof(err)))
		return 0;
	for (int i = 0; i < pmu.nr; i++)
		if (!strcmp(pmu.ev[i].name, name) && !pmu.ev[i].substitute)
			return 1;
	return 0;
}

static void print_event(const char *name, const char *desc, int source, const char *why,
			void *arg)
{
	int *pass = arg;

	if ((source == RSS_PMU_NONE) != *pass)
		return;
	if (source == RSS_PMU_NONE)
		printf("  %c %-32s unavailable (%s)\n", in_default(name) ? '*' : ' ', name, why);
	else
		printf("  %c %-32s %-10s %s\n", in_default(name) ? '*' : ' ', name,
		       rss_pmu_source_name(source), desc);
}

int rss_cmd_events(int argc, char **argv)
{
	struct rss_pmu pmu;
	char err[ERRLEN];
	int pass;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		fputs(events_usage, stdout);
		return 0;
	}
	if (argc > 1)
		rss_usage_error("'events' takes no arguments, got \"%s\"", rss_shown(argv[1]));
	rss_pmu_probe(&pmu, NULL, err, sizeof(err));
	printf("events counted here (* default: " RSS_PMU_DEFAULT_EVENTS "):\n");
	pass = 0;
	rss_pmu_each_event(print_event, &pass);
	printf("not counted here:\n");
	for (int i = 0; i < pmu.nr; i++)
		if (!pmu.ev[i].available && !rss_pmu_is_perf(pmu.ev[i].name))
			printf("  * %-32s unavailable (%s)\n", pmu.ev[i].name, pmu.ev[i].reason);
	pass = 1;
	rss_pmu_each_event(print_event, &pass);
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
