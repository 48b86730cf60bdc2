/*
 * cli_footprint.c - `rssbench footprint`: each scheme's bytes per mm and
 * settled error bound as CPU counts grow, from the schemes' formulas alone
 * (struct machine; no topology, no setup), and footprint.csv in every
 * results directory (doc/results-format.md).  One run sees one topology; this
 * is what lets the plots show memory and bounds against CPU count.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "harness.h"
#include "results.h"

#define MAX_CPUS	65536

static const char footprint_usage[] =
"usage: rssbench footprint [options]\n"
"  prints CSV: scheme,cpus,nodes,tasks,bytes_per_mm,bound_under,bound_over,\n"
"  fleet_processes,fleet_bytes (bytes per mm x fleet_processes),online,allowed\n"
"  -s, --scheme LIST   schemes, or all (default all)\n"
"  -c, --cpus LIST     CPU counts (default 1,2,4,...,256,384 and this host's)\n"
"  -n, --nodes N       NUMA nodes, CPUs split in equal blocks (default 1)\n"
"      --tasks N|cpus  tasks per mm for the bytes and the bound (default cpus: one\n"
"                      per allowed CPU; 1: a single-threaded process)\n"
"      --fleet N       processes in the fleet projection (default 100000)\n"
"  -T, --topology SPEC one more row per scheme for that topology's machine (XML\n"
"                      or synthetic; alone: only those rows): cpus = possible,\n"
"                      online and allowed as the kernel counts them\n";

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Sorts and drops repeats; returns the new count. */
static int sort_unique(int *v, int n)
{
	int m = 0;

	qsort(v, (size_t)n, sizeof(*v), cmp_int);
	for (int i = 0; i < n; i++)
		if (!m || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

int rss_footprint_cpu_counts(int *out, int max, int extra)
{
	int n = 0;

	for (int c = 1; c <= 256; c *= 2)
		out[n++] = c;
	out[n++] = 384;
	for (int c = 512; c <= extra && n < max - 1; c *= 2)
		out[n++] = c;
	if (extra > 0 && extra <= MAX_CPUS)
		out[n++] = extra;
	return sort_unique(out, n);
}

/* ",N", or ",NA" with the reason as the row's notes. */
static const char *print_bound(FILE *f, long b)
{
	if (b >= 0) {
		fprintf(f, ",%ld", b);
		return "";
	}
	fputs(",NA", f);
	return "bound: not known for this kernel";
}

/* One row: @s on @m, cpus = possible CPUs, online and allowed last. */
static void footprint_row(FILE *f, const struct scheme_ops *s, const struct machine *m,
			  int tasks, long fleet)
{
	int t = tasks ? tasks : m->nr_allowed;
	size_t bytes = s->footprint(m, t);
	struct bound b = s->error_bound(m, t, 1);

	const char *why;

	rss_csv_field(f, s->name);
	fprintf(f, ",%d,%d,%d,%zu", m->nr_possible, m->nr_nodes, t, bytes);
	why = print_bound(f, b.under);
	if (!*why)
		why = print_bound(f, b.over);
	else
		print_bound(f, b.over);
	fprintf(f, ",%ld,%.0f,%d,%d", fleet, (double)bytes * (double)fleet, m->nr_online,
		m->nr_allowed);
	rss_csv_sep_field(f, why);
	fputc('\n', f);
}

void rss_csv_footprint(FILE *f, const struct scheme_ops *const *schemes, int nr_schemes,
		       const int *cpus, int nr_cpus, int nodes, int tasks, long fleet,
		       const struct machine *own)
{
	int most = 1, *cpu_node;
	unsigned long *mask;

	for (int i = 0; i < nr_cpus; i++)
		most = cpus[i] > most ? cpus[i] : most;
	cpu_node = calloc((size_t)most, sizeof(int));
	mask = calloc((size_t)RSS_CPUMASK_LONGS(most), sizeof(long));
	if (!cpu_node || !mask)
		rss_die(ENOMEM, "footprint");
	fputs("scheme,cpus,nodes,tasks,bytes_per_mm,bound_under,bound_over,"
	      "fleet_processes,fleet_bytes,online,allowed,notes\n", f);
	for (int s = 0; s < nr_schemes; s++) {
		if (schemes[s]->flags & RSS_SCHEME_PROCESS_WIDE)
			continue;
		for (int i = 0; i < nr_cpus; i++) {
			struct machine m;

			rss_machine_dense(&m, cpus[i], nodes < cpus[i] ? nodes : cpus[i], mask,
					  cpu_node);
			footprint_row(f, schemes[s], &m, tasks, fleet);
		}
		if (own)
			footprint_row(f, schemes[s], own, tasks, fleet);
	}
	free(cpu_node);
	free(mask);
}

struct cpu_list {
	int *out, n, max;
};

static void add_cpus(void *arg, const char *c)
{
	struct cpu_list *l = arg;

	if (l->n == l->max)
		rss_usage_error("too many CPU counts: at most %d", l->max);
	l->out[l->n++] = (int)rss_parse_long("--cpus", c, 1, MAX_CPUS);
}

static int parse_cpus(const char *list, int *out, int max)
{
	struct cpu_list l = { out, 0, max };

	rss_for_each_item("--cpus", list, add_cpus, &l);
	return sort_unique(out, l.n);
}

struct scheme_list {
	const struct scheme_ops **out;
	int n;
};

static void add_scheme(void *arg, const char *name)
{
	struct scheme_list *l = arg;
	const struct scheme_ops *s = rss_scheme_find(name);
	const char *names[64];

	if (!strcmp(name, "all")) {
		for (int i = 0; rss_schemes[i] && l->n < RSS_MAX_LIST; i++)
			l->out[l->n++] = rss_schemes[i];
		return;
	}
	if (!s)
		rss_unknown_name("scheme", name, names, rss_scheme_names(names, 64),
				 "'rssbench list' shows the schemes");
	if (s->flags & RSS_SCHEME_PROCESS_WIDE)
		rss_usage_error("%s has no footprint formula (it is the running kernel): name a port",
				name);
	if (l->n < RSS_MAX_LIST)
		l->out[l->n++] = s;
}

static int add_schemes(const char *list, const struct scheme_ops **out)
{
	struct scheme_list l = { out, 0 };

	rss_for_each_item("--scheme", list, add_scheme, &l);
	return l.n;
}

int rss_cmd_footprint(int argc, char **argv)
{
	enum { OPT_TASKS = 256, OPT_FLEET, OPT_HELP };
	static const struct option longopts[] = {
		{ "scheme", required_argument, NULL, 's' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "nodes", required_argument, NULL, 'n' },
		{ "tasks", required_argument, NULL, OPT_TASKS },
		{ "fleet", required_argument, NULL, OPT_FLEET },
		{ "topology", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const struct scheme_ops *schemes[RSS_MAX_LIST];
	int cpus[64], nr_cpus = 0, nr_schemes = 0, nodes = 1, tasks = 0, c;
	long fleet = RSS_FLEET_PROCESSES;
	const char *spec = NULL;
	struct rss_topo *topo = NULL;
	char err[512];

	opterr = 0;
	while ((c = rss_getopt(argc, argv, ":s:c:n:T:", longopts, NULL)) != -1) {
		switch (c) {
		case 'T': spec = optarg; break;
		case 's': nr_schemes = add_schemes(optarg, schemes); break;
		case 'c': nr_cpus = parse_cpus(optarg, cpus, 64); break;
		case 'n': nodes = (int)rss_parse_long("--nodes", optarg, 1, 4096); break;
		case OPT_TASKS:
			tasks = strcmp(optarg, "cpus") ?
				(int)rss_parse_long("--tasks", optarg, 1, 1000000) : 0;
			break;
		case OPT_FLEET: fleet = rss_parse_long("--fleet", optarg, 1, 1000000000L); break;
		case OPT_HELP: fputs(footprint_usage, stdout); return 0;
		default: rss_option_error(c, argv, "footprint");
		}
	}
	rss_no_operands(argc, argv, "footprint");
	if (!nr_schemes)
		nr_schemes = add_schemes("all", schemes);
	if (spec && rss_topo_open(&topo, spec, err, sizeof(err)))
		rss_usage_error("%s", err);
	if (!nr_cpus && !topo)
		nr_cpus = rss_footprint_cpu_counts(cpus, 64, (int)sysconf(_SC_NPROCESSORS_ONLN));
	rss_csv_footprint(stdout, schemes, nr_schemes, cpus, nr_cpus, nodes, tasks, fleet,
			  topo ? rss_topo_machine(topo) : NULL);
	rss_topo_close(topo);
	return fflush(stdout) ? 1 : 0;
}
