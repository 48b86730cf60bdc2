/* cli_misc.c - `rssbench list` and `rssbench topo`. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "harness.h"

static const char list_usage[] =
"usage: rssbench list\n"
"  the schemes (with the kernel code or proposal each ports) and the workloads\n";

int rss_cmd_list(int argc, char **argv)
{
	int w = 0;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(list_usage, stdout);
		return 0;
	}
	if (argc > 1)
		rss_usage_error("'list' takes no arguments, got \"%s\"", rss_shown(argv[1]));
	for (int i = 0; rss_schemes[i]; i++)
		w = (int)strlen(rss_schemes[i]->name) > w ? (int)strlen(rss_schemes[i]->name) : w;
	for (int i = 0; rss_workloads[i]; i++)
		w = (int)strlen(rss_workloads[i]->name) > w ? (int)strlen(rss_workloads[i]->name) : w;
	printf("schemes:\n");
	for (int i = 0; rss_schemes[i]; i++)
		printf("  %-*s %s\n  %-*s origin: %s\n", w, rss_schemes[i]->name,
		       rss_schemes[i]->summary, w, "", rss_schemes[i]->origin);
	printf("workloads:\n");
	for (int i = 0; rss_workloads[i]; i++)
		printf("  %-*s %s (one op = one %s)\n", w, rss_workloads[i]->name,
		       rss_workloads[i]->summary, rss_workloads[i]->unit);
	return 0;
}

static const char topo_usage[] =
"usage: rssbench topo [-T SPEC] [-p PLACEMENT] [-t N|max] [--export FILE]\n"
"  prints packages, NUMA nodes, cores and PUs, and the CPUs a run would use;\n"
"  --export FILE writes the topology as hwloc XML instead (a results topology.xml)\n";

int rss_cmd_topo(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "topology", required_argument, NULL, 'T' },
		{ "placement", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "export", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *export = NULL, *spec = NULL, *placement = "compact", *threads = "max";
	struct rss_topo *topo;
	char err[512];
	int c, n, max, *cpus;

	opterr = 0;
	while ((c = rss_getopt(argc, argv, ":T:p:t:x:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'T': spec = optarg; break;
		case 'p': placement = optarg; break;
		case 't': threads = optarg; break;
		case 'x': export = optarg; break;
		case 'h': fputs(topo_usage, stdout); return 0;
		default:
			rss_option_error(c, argv, "topo");
		}
	}
	if (rss_topo_open(&topo, spec, err, sizeof(err)))
		rss_usage_error("%s", err);
	if (export) {
		int ret = rss_topo_export_xml(topo, export);

		rss_topo_close(topo);
		if (ret)
			rss_usage_error("cannot write \"%s\": %s; give a writable path",
					rss_shown(export), strerror(-ret));
		return 0;
	}
	max = rss_topo_place_max(topo, placement, err, sizeof(err));
	if (max < 0)
		rss_usage_error("%s", err);
	/* The same limits as run's --threads: 1 to RSS_MAX_CPUS, and what the placement has. */
	n = strcmp(threads, "max") ? (int)rss_parse_long("--threads", threads, 1, RSS_MAX_CPUS) : max;
	if (n > max)
		rss_usage_error("cannot place %d threads with placement \"%s\": it has %d CPU%s; use at most %d or max",
				n, rss_shown(placement), max, rss_s(max), max);
	cpus = calloc((size_t)max, sizeof(int));
	if (!cpus || rss_topo_place(topo, placement, n, cpus, err, sizeof(err)))
		rss_usage_error("%s", err);
	rss_topo_print(topo, stdout);
	printf("placement %s, %d thread%s: cpus", placement, n, rss_s(n));
	for (int i = 0; i < n; i++)
		printf(" %d", cpus[i]);
	printf("\n");
	free(cpus);
	rss_topo_close(topo);
	return 0;
}
