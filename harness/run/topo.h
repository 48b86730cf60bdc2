/*
 * topo.h - the topology a run uses, from hwloc: the host, or a virtual one
 * (an hwloc synthetic description or an XML export of another machine) whose
 * CPUs are threads oversubscribed onto the host's PUs.  CPUs are numbered by
 * hwloc's PU logical index.  Only topo.c includes <hwloc.h>.
 */
#ifndef RSS_TOPO_H
#define RSS_TOPO_H

#include <stddef.h>
#include <stdio.h>

struct rss_topo;

/*
 * The most CPUs a topology may have: 8192, the largest NR_CPUS the kernel
 * builds for (x86-64 MAXSMP, arch/x86/Kconfig NR_CPUS_RANGE_END).  Every
 * CPU becomes a worker thread and per-CPU memory in every scheme, so a
 * larger description is refused before hwloc builds it (hwloc would take
 * minutes to hours on "package:1000 core:1000 pu:1000").
 */
#define RSS_MAX_CPUS	8192

/*
 * Opens @spec: NULL or "host" for this machine, a readable file for an hwloc
 * XML export, anything else as an hwloc synthetic description.  Returns 0,
 * or -EINVAL with a one-line message (problem and fix) in @err.
 */
int rss_topo_open(struct rss_topo **out, const char *spec, char *err, size_t errlen);
void rss_topo_close(struct rss_topo *t);

int rss_topo_is_virtual(const struct rss_topo *t);
/*
 * The topology_kind of results: "virtual" (a --topology), "guest" (the
 * host's topology, but the host is a qemu guest that `rssbench guest`
 * booted: RSSBENCH_GUEST_FACTS names its facts), or "host".  Only "host"
 * timings describe a machine.
 */
const char *rss_topo_kind(const struct rss_topo *t);
/* "host", or the synthetic string / XML path given. */
const char *rss_topo_spec(const struct rss_topo *t);
int rss_topo_nr_packages(const struct rss_topo *t);
int rss_topo_nr_cores(const struct rss_topo *t);
/*
 * Possible CPUs that no NUMA node of the topology holds, placed as x86's
 * numa_init_array() places them (round-robin over the nodes): their number,
 * and their list ("4-7,20-23", "" when none) in @buf.
 */
int rss_topo_cpus_without_node(const struct rss_topo *t, char *buf, size_t len);
/* NUMA nodes some CPU belongs to (cpu_to_node()); memory-only ones are not. */
int rss_topo_nr_cpu_nodes(const struct rss_topo *t);

/*
 * The machine as the kernel sees it (bench/rss.h): CPU ids are PU OS
 * indexes; possible CPUs are hwloc's complete cpuset, online its topology
 * cpuset, allowed its allowed cpuset (a cgroup's, or an XML's exporting
 * process's) and, on the host, this thread's binding at open (taskset);
 * nodes are OS numbers and cpu_to_node() skips memory-only nodes.  No
 * place_on_node.  Valid as long as @t.
 */
struct machine;
const struct machine *rss_topo_machine(const struct rss_topo *t);
/* Host PUs the workers may be bound to (allowed and in this thread's binding). */
int rss_topo_host_pus(const struct rss_topo *t);
/*
 * The host PU (OS index) a worker for allowed @cpu is bound to: @cpu itself
 * on the host; on a virtual topology the allowed host PUs round-robin in
 * the order of the allowed CPUs.  -1 for a CPU that is not allowed.
 */
int rss_topo_host_pu(const struct rss_topo *t, int cpu);
/* @mask (@nr bits) as a list "0-3,8" into @buf. */
void rss_topo_cpu_list(const unsigned long *mask, int nr, char *buf, size_t len);

/*
 * Largest thread count @placement allows: every allowed CPU for "compact"
 * and "scatter", the list's length for a CPU list.  -EINVAL (+ message) when
 * the placement does not parse or names no allowed CPU.
 */
int rss_topo_place_max(const struct rss_topo *t, const char *placement,
		       char *err, size_t errlen);
/*
 * Fills @cpus with @n CPU ids, all allowed, chosen by @placement: "compact"
 * (PU order: SMT siblings, then cores of one package first), "scatter"
 * (hwloc_distrib over packages, nodes, cores) or a CPU list: a plain list of
 * OS indexes such as "0-3,8", or hwloc-calc style "TYPE:LIST" by logical
 * index ("core:0-1", "numa:1" = the CPUs cpu_to_node() puts on that node,
 * "pu:2-5").  Returns 0 or -EINVAL with a message in @err (an offline or
 * disallowed CPU, a memory-only node).
 */
int rss_topo_place(const struct rss_topo *t, const char *placement, int n,
		   int *cpus, char *err, size_t errlen);

/* Binds the calling thread to rss_topo_host_pu(@cpu).  0 or -errno (a
 * failure is a warning, not fatal). */
int rss_topo_bind_thread(const struct rss_topo *t, int cpu);

/* Writes the topology as hwloc XML.  0 or -errno. */
int rss_topo_export_xml(const struct rss_topo *t, const char *path);
/* PUs in one core, one last-level cache, one NUMA node and the machine. */
struct rss_topo_levels {
	int core, cache, node, machine;	/* cache 0: the topology names none */
};

/*
 * The levels of the topology in the hwloc XML file @path, each counted on
 * its first object (a results directory's topology.xml).  0, or -EINVAL
 * with a one-line message naming the file in @err.
 */
int rss_topo_levels_xml(const char *path, struct rss_topo_levels *lv, char *err,
			size_t errlen);
/*
 * For each CPU, ids of its core and of the last-level cache it shares (the
 * package where the topology names no cache; -1 where it names neither):
 * equal ids, a shared level.  @core and @cache hold nr_cpu_ids entries.
 */
void rss_topo_cpu_places(const struct rss_topo *t, int *core, int *cache);
/*
 * Checks the hwloc XML file @path with libxml2 before hwloc loads it: well
 * formed, a <topology> root, every CPU-tree object with a type and valid
 * cpuset, complete_cpuset, nodeset and complete_nodeset (hwloc 2.9 segfaults
 * without them), at least one and at most RSS_MAX_CPUS PUs.  0, or -EINVAL
 * with a one-line message naming file:line and the fix in @err.
 */
int rss_topo_xml_check(const char *path, char *err, size_t errlen);
/* Human summary: packages, nodes, the three CPU sets, memory-only nodes and
 * each online CPU's place, whether it is allowed and its host PU. */
void rss_topo_print(const struct rss_topo *t, FILE *f);
/* The host CPU's model name (hwloc's CPUModel), or "unknown". */
const char *rss_topo_cpu_model(const struct rss_topo *t);
/* The hwloc library the program runs with, its own version ("2.9.0"). */
const char *rss_topo_hwloc_version(const struct rss_topo *t);
/* hwloc_get_api_version(): the API it implements ("2.8.0" for 2.9.x). */
const char *rss_topo_hwloc_api_version(void);

#endif /* RSS_TOPO_H */
