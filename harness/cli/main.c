/* main.c - rssbench: one binary, one subcommand per job. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "forkd.h"
#include "harness.h"
#include "lifetime.h"

static const char usage[] =
"usage: rssbench COMMAND [options]\n"
"  run        run a matrix of schemes x workloads x threads into results/<host>-<stamp>/\n"
"  list       the schemes (with their origin) and the workloads\n"
"  topo       the topology (host or --topology) and the placement a run would use\n"
"  compare    compare results directories cell by cell: medians, ratio, U test\n"
"  gate       exit 0/1/2/3: no regression, regression, inconclusive, error (for CI)\n"
"  ab         one plan on two builds here, interleaved round by round, then gated (for CI)\n"
"  footprint  bytes per mm and error bound of each scheme as CPU counts grow (CSV)\n"
"  plot       plots (PNG, SVG, gnuplot scripts) and report.md of results directories\n"
"  ratios     each scheme's cost over a reference scheme's in one results directory (CSV)\n"
"  guest      boot a kernel image under qemu (N vCPUs, M nodes) and run rssbench inside it\n"
"  events     the events this machine can count, the default set marked\n"
"  pmu-check  whether each miss event tells a bounced cache line from a private one\n"
"  help       this text; 'rssbench COMMAND --help' for a command's options\n";

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "run", rss_cmd_run },
		{ "list", rss_cmd_list },
		{ "topo", rss_cmd_topo },
		{ "compare", rss_cmd_compare },
		{ "gate", rss_cmd_gate },
		{ "ab", rss_cmd_ab },
		{ "footprint", rss_cmd_footprint },
		{ "plot", rss_cmd_plot },
		{ "guest", rss_cmd_guest },
		{ "ratios", rss_cmd_ratios },
		{ "events", rss_cmd_events },
		{ "pmu-check", rss_cmd_pmu_check },
	};
	const char *names[sizeof(cmds) / sizeof(cmds[0])];

	/* run-all's children die with run-all (SIGTERM: a run keeps its rows). */
	rss_die_with_parent();
	/* Before anything grows: what the fork server forks is this small. */
	if (argc >= 2 && !strcmp(argv[1], "run"))
		rss_forkd_start();
	if (argc < 2)
		rss_usage_error("no command given; 'rssbench help' lists them");
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("%s (git %s)\n", PACKAGE_STRING, rss_git_revision);
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
		names[i] = cmds[i].name;
	}
	rss_unknown_name("command", argv[1], names, (int)(sizeof(cmds) / sizeof(cmds[0])),
			 "'rssbench help' lists them");
}
