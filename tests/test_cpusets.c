/*
 * test_cpusets.c - real machines' hwloc exports (tests/topologies/) read as
 * the kernel sees them: possible, online and allowed CPUs, cpu_to_node()
 * and OS node numbers, and what the schemes' formulas and the per-CPU
 * allocator make of them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rss.h"
#include "schemes/pcpu_alloc.h"
#include "schemes/percpu.h"
#include "schemes/percpu_counter_tree.h"
#include "tap.h"
#include "topo.h"

#define FIX(name)	RSS_ABS_SRCDIR "/tests/topologies/" name

extern const struct scheme_ops rss_scheme_percpu, rss_scheme_hpcc, rss_scheme_pernode;

static char err[512];

static struct rss_topo *open_fix(const char *path)
{
	struct rss_topo *t;

	if (rss_topo_open(&t, path, err, sizeof(err)))
		bail_out("%s", err);
	return t;
}

/* Every one of @cpus[0..n) in [lo, hi]. */
static int all_in(const int *cpus, int n, int lo, int hi)
{
	for (int i = 0; i < n; i++)
		if (cpus[i] < lo || cpus[i] > hi)
			return 0;
	return 1;
}

static void test_cgroup(void)
{
	struct rss_topo *t = open_fix(FIX("64intel64-cgroup-allowed16.xml"));
	const struct machine *m = rss_topo_machine(t);
	int cpus[64], ret;

	ok(m->nr_possible == 64 && m->nr_online == 64 && m->nr_allowed == 16 &&
	   m->nr_cpu_ids == 64, "cgroup16: possible 64, online 64, allowed 16 (got %d %d %d)",
	   m->nr_possible, m->nr_online, m->nr_allowed);
	ok(rss_percpu_counter_batch(m->nr_online) == 128 &&
	   rss_scheme_percpu.error_bound(m, 16, 1).under == 2032,
	   "cgroup16: batch 128 from the 64 online, bound 16 x 127 = 2032 pages");
	ok(rss_scheme_percpu.footprint(m, 16) ==
	   sizeof(struct percpu_counter) * RSS_NR_COUNTERS + 4 * RSS_NR_COUNTERS * 64,
	   "cgroup16: per-CPU memory for the 64 possible CPUs");
	ret = rss_topo_place_max(t, "compact", err, sizeof(err));
	ok(ret == 16, "cgroup16: at most 16 workers (got %d)", ret);
	ret = rss_topo_place(t, "scatter", 16, cpus, err, sizeof(err));
	ok(!ret && all_in(cpus, 16, 0, 15), "cgroup16: scatter stays in CPUs 0-15");
	ret = rss_topo_place_max(t, "20", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "outside"), "cgroup16: CPU 20 is refused: %s", err);
	rss_topo_close(t);

	t = open_fix(FIX("cgroup-allowed-4-11.xml"));
	ret = rss_topo_place(t, "compact", 8, cpus, err, sizeof(err));
	ok(!ret && all_in(cpus, 8, 4, 11) && cpus[0] == 4, "allowed 4-11: compact from CPU 4");
	ret = rss_topo_place(t, "scatter", 2, cpus, err, sizeof(err));
	ok(!ret && all_in(cpus, 1, 4, 7) && all_in(cpus + 1, 1, 8, 11),
	   "allowed 4-11: scatter 2 puts one on each package: %d %d", cpus[0], cpus[1]);
	ok(rss_topo_host_pu(t, 3) == -1 && rss_topo_host_pu(t, 4) >= 0,
	   "allowed 4-11: CPU 3 has no host PU, CPU 4 one");
	rss_topo_close(t);
}

static void test_offline(void)
{
	struct rss_topo *t = open_fix(FIX("16em64t-4s2c2t-offlines.xml"));
	const struct machine *m = rss_topo_machine(t);
	struct cpu cpu = { .id = 15, .ops = &rss_scheme_percpu };
	int cpus[16], ret;
	size_t before;
	struct mm *mm;

	ok(m->nr_possible == 16 && m->nr_online == 7 && m->nr_cpu_ids == 16,
	   "offlines: possible 16, online 7");
	ok(rss_percpu_counter_batch(m->nr_online) == 32 &&
	   rss_counter_tree_order(m->nr_cpu_ids) == 4,
	   "offlines: batch max(32, 14) = 32; hpcc's tree for 16 CPUs (order 4)");
	ret = rss_topo_place(t, "compact", 7, cpus, err, sizeof(err));
	ok(!ret && cpus[6] == 15, "offlines: the seventh online CPU is CPU 15 (got %d)", cpus[6]);
	ret = rss_topo_place_max(t, "2", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "offline"), "offlines: CPU 2: %s", err);

	rss_scheme_percpu.setup(m);
	before = rss_pcpu_bytes_in_use();
	mm = rss_scheme_percpu.mm_create(&cpu);
	ok(rss_pcpu_bytes_in_use() - before == 4 * RSS_NR_COUNTERS * 16,
	   "percpu: 16 B on each of the 16 possible CPUs");
	/* CPU 15 is online but beyond the online count: the sum walks the mask. */
	rss_scheme_percpu.add(mm, RSS_ANONPAGES, 20, NULL, &cpu);
	ok(rss_scheme_percpu.read_sum(mm, RSS_ANONPAGES) == 20,
	   "percpu: the precise sum sees CPU 15's slot (for_each_online_cpu)");
	rss_scheme_percpu.add(mm, RSS_ANONPAGES, -20, NULL, &cpu);
	ok(rss_scheme_percpu.mm_destroy(mm, &cpu) == 0, "percpu: check_mm passes");
	rss_scheme_percpu.teardown();

	cpu.ops = &rss_scheme_hpcc;
	rss_scheme_hpcc.setup(m);
	before = rss_pcpu_bytes_in_use();
	mm = rss_scheme_hpcc.mm_create(&cpu);
	ok(rss_pcpu_bytes_in_use() - before == rss_counter_tree_pcpu_stride() * RSS_NR_COUNTERS * 16,
	   "hpcc: a struct percpu_counter_tree per counter on each of the 16 possible CPUs");
	rss_scheme_hpcc.add(mm, RSS_ANONPAGES, 5, NULL, &cpu);
	ok(rss_scheme_hpcc.read_sum(mm, RSS_ANONPAGES) == 5, "hpcc: the precise sum sees CPU 15");
	rss_scheme_hpcc.add(mm, RSS_ANONPAGES, -5, NULL, &cpu);
	ok(rss_scheme_hpcc.mm_destroy(mm, &cpu) == 0, "hpcc: check_mm passes");
	rss_scheme_hpcc.teardown();
	rss_topo_close(t);

	t = open_fix(FIX("offline-7of16.xml"));
	m = rss_topo_machine(t);
	ok(m->nr_possible == 16 && m->nr_online == 7 && m->cpu_node[14] == 1 &&
	   m->cpu_node[2] == 0, "offline-7of16: offline CPUs keep their nodes (2 on 0, 14 on 1)");
	rss_topo_close(t);
}

static void test_nodes(void)
{
	struct rss_topo *t = open_fix(FIX("64intel64-fakeKNL-SNC4-hybrid.xml"));
	const struct machine *m = rss_topo_machine(t);
	int ddr = 1, cpus[64], cpu, ret;

	rss_for_each_possible_cpu(cpu, m)
		ddr &= m->cpu_node[cpu] >= 0 && m->cpu_node[cpu] <= 3;
	ok(ddr && m->nr_nodes == 8 && rss_topo_nr_cpu_nodes(t) == 4,
	   "KNL: every CPU on a DDR node (P#0-3), 8 nodes, 4 with CPUs");
	ok(rss_scheme_pernode.error_bound(m, 64, 1).under == 31 * 4,
	   "KNL: pernode's residue on the 4 CPU nodes' slots");
	ret = rss_topo_place_max(t, "numa:1", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "has no CPUs"), "KNL: numa:1 (MCDRAM): %s", err);
	ret = rss_topo_place(t, "numa:0", 16, cpus, err, sizeof(err));
	ok(!ret && m->cpu_node[cpus[0]] == 0 && m->cpu_node[cpus[15]] == 0,
	   "KNL: numa:0 is the 16 CPUs of DDR node 0");
	rss_topo_close(t);

	t = open_fix(FIX("memonly-hbm-cxl.xml"));
	m = rss_topo_machine(t);
	ok(m->nr_nodes == 5 && m->cpu_node[3] == 0 && m->cpu_node[4] == 1 &&
	   rss_topo_nr_cpu_nodes(t) == 2,
	   "HBM and CXL: CPUs on nodes 0 and 1 only, 5 nodes counted");
	ret = rss_topo_place_max(t, "numa:4", err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "P#4"), "CXL node without a kind: %s", err);
	rss_topo_close(t);
}

static int placed_node[16], nr_placed;

/* Called for each possible CPU's unit, in CPU order. */
static void record_node(void *addr, size_t len, int node)
{
	if (nr_placed < 16)
		placed_node[nr_placed++] = node;
}

static void test_sparse_nodes(void)
{
	struct rss_topo *t = open_fix(FIX("sparse-nodes-0-8.xml"));
	struct machine m = *rss_topo_machine(t);

	ok(m.nr_nodes == 2 && m.nr_node_ids == 9 && m.cpu_node[3] == 0 && m.cpu_node[4] == 8,
	   "nodes P#0 and P#8: CPUs 4-7 on node 8, nr_node_ids 9");
	/* The per-CPU allocator hands libnuma the OS number of each unit's node. */
	m.place_on_node = record_node;
	memset(placed_node, -1, sizeof(placed_node));
	rss_pcpu_setup(&m);
	rss_pcpu_teardown();
	ok(placed_node[0] == 0 && placed_node[3] == 0 && placed_node[4] == 8 &&
	   placed_node[7] == 8, "CPU 4's per-CPU unit goes to node 8 (got %d)", placed_node[4]);
	rss_topo_close(t);
}

/*
 * CPUs no NUMA node of the XML holds get nodes as x86's numa_init_array()
 * gives them: the online nodes round-robin in CPU id order, every id below
 * nr_cpu_ids taking its turn.
 */
static void test_no_node(void)
{
	/* ia64, nodes P#0, P#2 and memory-only P#16; offline 4-7 and 20-23 in none. */
	static const int want_ia64[][2] = {
		{ 0, 0 }, { 3, 0 }, { 16, 2 }, { 19, 2 },
		{ 4, 0 }, { 5, 2 }, { 6, 16 }, { 7, 0 },	/* ids 8-15 take turns too */
		{ 20, 0 }, { 21, 2 }, { 22, 16 }, { 23, 0 },
	};
	/* Nodes P#1-5 shown of complete nodeset 0-7; CPUs 0-1, 4, 7-15 in none. */
	static const int want_amd[][2] = {
		{ 2, 1 }, { 3, 1 }, { 5, 2 }, { 6, 3 },
		{ 0, 0 }, { 1, 1 }, { 4, 2 }, { 7, 3 }, { 8, 4 }, { 11, 7 }, { 12, 0 }, { 15, 3 },
	};
	struct rss_topo *t = open_fix(FIX("8ia64-2n2s2c+1n.v1.xml"));
	const struct machine *m = rss_topo_machine(t);
	char list[64];
	int good = 1, n;

	for (size_t i = 0; i < sizeof(want_ia64) / sizeof(want_ia64[0]); i++)
		good &= m->cpu_node[want_ia64[i][0]] == want_ia64[i][1];
	n = rss_topo_cpus_without_node(t, list, sizeof(list));
	ok(good && n == 8 && !strcmp(list, "4-7,20-23") && m->nr_possible == 16 &&
	   m->nr_online == 8, "8ia64 (v1): offline CPUs %s in no node go round-robin to nodes 0, 2, 16 (%d CPUs)",
	   list, n);
	rss_topo_close(t);

	t = open_fix(FIX("16amd64-8n2c-cpusets.xml"));
	m = rss_topo_machine(t);
	good = 1;
	for (size_t i = 0; i < sizeof(want_amd) / sizeof(want_amd[0]); i++)
		good &= m->cpu_node[want_amd[i][0]] == want_amd[i][1];
	n = rss_topo_cpus_without_node(t, list, sizeof(list));
	ok(good && n == 12 && !strcmp(list, "0-1,4,7-15") && m->nr_node_ids == 8,
	   "16amd64 (no node 0 object): CPUs %s round-robin over nodes 0-7, the rest where the XML puts them",
	   list);
	rss_topo_close(t);

	t = open_fix(FIX("offline-7of16.xml"));
	ok(rss_topo_cpus_without_node(t, list, sizeof(list)) == 0 && !*list,
	   "offline-7of16: every CPU in a node, none placed by the fallback");
	rss_topo_close(t);
}

/* Writes @src with its first @tag object's attribute @attr removed to a temp file. */
static void drop_attr(const char *src, const char *tag, const char *attr, char *path)
{
	FILE *in = fopen(src, "r"), *out;
	char line[4096], needle[64];
	int fd = mkstemp(path), done = 0;

	if (!in || fd < 0 || !(out = fdopen(fd, "w")))
		bail_out("cannot write %s", path);
	snprintf(needle, sizeof(needle), " %s=\"", attr);
	while (fgets(line, sizeof(line), in)) {
		char *a;

		if (!done && strstr(line, tag) && (a = strstr(line, needle))) {
			char *end = strchr(a + strlen(needle), '"');

			memmove(a, end + 1, strlen(end + 1) + 1);
			done = 1;
		}
		fputs(line, out);
	}
	fclose(in);
	fclose(out);
	if (!done)
		bail_out("%s: no %s with %s", src, tag, attr);
}

/*
 * A v1 export of a machine without NUMA nodes has no nodesets: hwloc adds
 * them and so must rssbench load it.  What would crash hwloc 2.9 is still
 * refused: a v1 NUMANode without complete_cpuset, a v2 Machine without
 * complete_nodeset.
 */
static void test_v1_sets(void)
{
	struct rss_topo *t = open_fix(FIX("8em64t-2p2ca2co-nonodesets.v1.xml"));
	const struct machine *m = rss_topo_machine(t);
	char a[] = "tests/tmp-v1numa-XXXXXX", b[] = "tests/tmp-v2mach-XXXXXX";
	int on0 = 1, cpu, ra, rb;

	rss_for_each_possible_cpu(cpu, m)
		on0 &= m->cpu_node[cpu] == 0;
	ok(m->nr_possible == 8 && m->nr_nodes == 1 && on0,
	   "v1 without nodesets loads: 8 CPUs, hwloc's one node 0 holding all");
	rss_topo_close(t);

	drop_attr(FIX("8ia64-2n2s2c+1n.v1.xml"), "type=\"NUMANode\"", "complete_cpuset", a);
	drop_attr(FIX("sparse-nodes-0-8.xml"), "type=\"Machine\"", "complete_nodeset", b);
	ra = rss_topo_open(&t, a, err, sizeof(err));
	rb = rss_topo_open(&t, b, err, sizeof(err));
	ok(ra == -EINVAL && rb == -EINVAL,
	   "refused, not loaded into a crash: a v1 NUMANode without complete_cpuset (%d), a v2 Machine without complete_nodeset (%d)",
	   ra, rb);
	unlink(a);
	unlink(b);
}

static void test_hwloc(void)
{
	char path[] = "tests/tmp-hwloc3-XXXXXX", host[] = "tests/tmp-host-XXXXXX";
	char line[256], want[64] = "";
	struct rss_topo *t;
	FILE *in = fopen(FIX("sparse-nodes-0-8.xml"), "r"), *out;
	int fd = mkstemp(path), ret;

	if (!in || fd < 0 || !(out = fdopen(fd, "w")))
		bail_out("cannot make a hwloc 3 XML");
	while (fgets(line, sizeof(line), in)) {
		char *v = strstr(line, "<topology version=\"2.0\"");

		fputs(v ? "<topology version=\"3.0\">\n" : line, out);
	}
	fclose(in);
	fclose(out);
	ret = rss_topo_open(&t, path, err, sizeof(err));
	ok(ret == -EINVAL && strstr(err, "XML version 3") && strstr(err, "re-export it with hwloc 2") &&
	   strstr(err, "against hwloc 3"), "hwloc 3 XML: %s", err);
	unlink(path);

	/* The library names itself in the XML it exports (hwlocVersion). */
	t = open_fix("host");
	fd = mkstemp(host);
	if (fd < 0 || rss_topo_export_xml(t, host))
		bail_out("cannot export the host topology");
	close(fd);
	in = fopen(host, "r");
	while (in && fgets(line, sizeof(line), in))
		if (sscanf(line, " <info name=\"hwlocVersion\" value=\"%63[^\"]\"", want) == 1)
			break;
	if (in)
		fclose(in);
	unlink(host);
	ok(*want && !strcmp(rss_topo_hwloc_version(t), want),
	   "meta's hwloc version is the library's own: %s (API %s)", rss_topo_hwloc_version(t),
	   rss_topo_hwloc_api_version());
	rss_topo_close(t);
}

int main(void)
{
	plan_tests(30 + 3 + 2);
	test_cgroup();
	test_offline();
	test_nodes();
	test_sparse_nodes();
	test_no_node();
	test_v1_sets();
	test_hwloc();
	return exit_status();
}
